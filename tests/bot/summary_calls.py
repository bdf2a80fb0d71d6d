"""Shared helpers for the summary tests: a task as the summary sees it, the caller's turns of a
call (each after a bot line), and the summary text of a finished call."""

from dataclasses import dataclass

from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.summary import summarize_local


@dataclass
class Task:
    id: str
    name: str


def caller_turns(*texts: str) -> list[ContextTurn]:
    """The caller's ``texts``, each answering a bot line."""
    turns: list[ContextTurn] = []
    for text in texts:
        turns += [ContextTurn("bot", "Ja?"), ContextTurn("caller", text)]
    return turns


def summary_of(turns: list[ContextTurn], task: Task, values: dict[str, SlotValue]) -> str:
    """The local summary's text for ``turns`` filed under ``task`` with these slot values."""
    return summarize_local(turns, task, Slots(values=values)).text  # type: ignore[arg-type]
