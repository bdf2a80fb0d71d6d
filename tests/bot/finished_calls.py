"""Finished calls for the tests of the activity a call leaves (``services.aftercall.plan``): the
dialogue's outcome built from turns and kept details, without playing the dialogue."""

from __future__ import annotations

from zentrale.bot.dialogue import CallOutcome
from zentrale.bot.intents.base import ContextTurn, SlotValue


def outcome(
    turns: list[tuple[str, str]],
    slots: dict[str, SlotValue],
    task: str | None = "stoerung",
    *,
    contact: str | None = None,
    address_code: str | None = None,
    priority: str = "high",
) -> CallOutcome:
    """The outcome of a call about ``task`` whose caller said ``turns`` and whose dialogue kept
    ``slots``; ``contact`` is the name the address master knows the number by."""
    return CallOutcome(
        task_id=task,
        task_name=task or "",
        address_code=address_code,
        contact_name=contact,
        caller_number=None,
        caller_name=slots["caller_name"].value if "caller_name" in slots else None,
        callback_number=None,
        slots=slots,
        transcript=tuple(ContextTurn(who, text) for who, text in turns),
        human_requested=False,
        forwarded=False,
        forward_answered=None,
        priority=priority,
        gas_smell=False,
        end_reason="completed",
    )
