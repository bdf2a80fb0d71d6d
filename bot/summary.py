"""Local call summaries for the staff: two or three German sentences, built from facts only.

:func:`summarize_local` never invents anything: who called comes from ``caller`` (the
address master) or the ``caller_name`` slot, the reason from the task, details from the
slots; a call without a task quotes what the caller said, shortened.

Example::

    Herr Huber (Kunde HUB01) ruft an wegen „Heizungsstörung“: Vaillant Gastherme, Fehler F28,
    kein Warmwasser. Adresse: Hauptstraße 12, 10115 Berlin. Rückruf erbeten unter
    0171 5550101, am liebsten morgen vormittag.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence

import phonenumbers

from zentrale.bot import texts_de
from zentrale.bot.intents.base import ContextTurn, Slots, Summary, TaskLike

__all__ = ["readable_phone", "summarize_local"]

ENGINE_NAME = "local"


def readable_phone(value: str | None, normalized: str | None) -> str | None:
    """A phone number in digit groups for people ("0171 5550101", "+43 664 1234567").

    Keeps the national form when the number was given nationally, else the international one.
    """
    source = normalized or value
    if not source:
        return None
    try:
        number = phonenumbers.parse(source, None if source.startswith("+") else "DE")
    except phonenumbers.NumberParseException:
        return value
    said_nationally = value is not None and value.lstrip().startswith("0") and not value.lstrip().startswith("00")
    fmt = phonenumbers.PhoneNumberFormat.NATIONAL if said_nationally else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, fmt)


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _shorten(text: str, limit: int = texts_de.SUMMARY_QUOTE_CHARS) -> str:
    text = _clean(text)
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,.;:") + texts_de.ELLIPSIS


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _slot(slots: Slots | None, name: str) -> str:
    if slots is None:
        return ""
    value = slots.values.get(name) if isinstance(getattr(slots, "values", None), dict) else None
    return _clean(value.value) if value is not None and value.value else ""


def _address(slots: Slots | None) -> str:
    street = _slot(slots, "street")
    place = " ".join(part for part in (_slot(slots, "postcode"), _slot(slots, "city")) if part)
    return ", ".join(part for part in (street, place) if part)


def _callback(slots: Slots | None) -> str:
    number_slot = slots.values.get("callback_number") if slots is not None and isinstance(slots.values, dict) else None
    number = readable_phone(number_slot.value, number_slot.normalized) if number_slot else None
    when = _slot(slots, "preferred_time")
    if number and when:
        return texts_de.SUMMARY_CALLBACK_TIME.format(number=number, time=when)
    if number:
        return texts_de.SUMMARY_CALLBACK.format(number=number)
    if when:
        return texts_de.SUMMARY_TIME_ONLY.format(time=when)
    return ""


def _details(slots: Slots | None) -> str:
    device = _slot(slots, "device")
    fault = _slot(slots, "fault")
    return ", ".join(part for part in (device, fault) if part)


def _caller_words(turns: Sequence[ContextTurn]) -> str:
    said = [_clean(turn.text) for turn in turns or () if getattr(turn, "speaker", "") == "caller" and _clean(turn.text)]
    return " ".join(said)


def summarize_local(
    turns: Sequence[ContextTurn],
    task: TaskLike | None,
    slots: Slots,
    *,
    caller: str | None = None,
) -> Summary:
    """Two or three German sentences for the staff about a finished call; never raises."""
    started = time.perf_counter()
    try:
        text = _compose(turns, task, slots, caller)
    except Exception:  # a summary must never break finishing a call
        text = _sentence(texts_de.SUMMARY_NO_TASK)
    return Summary(text=text, engine=ENGINE_NAME, ms=(time.perf_counter() - started) * 1000)


def _compose(turns: Sequence[ContextTurn], task: TaskLike | None, slots: Slots, caller: str | None) -> str:
    known_caller = _clean(caller) or _slot(slots, "caller_name")
    subject = known_caller or texts_de.SUMMARY_UNKNOWN_CALLER
    urgency_slot = slots.values.get("urgency") if slots is not None and isinstance(slots.values, dict) else None
    level = urgency_slot.normalized if urgency_slot else None
    prefix = texts_de.SUMMARY_URGENCY_PREFIX.get(level or "", "")

    task_name = _clean(getattr(task, "name", "") or getattr(task, "id", "")) if task is not None else ""
    details = _details(slots)
    said = _caller_words(turns)

    sentences: list[str] = []
    if task_name:
        first = texts_de.SUMMARY_TASK.format(subject=subject, task=task_name)
        if details:
            first += f": {details}"
        sentences.append(_sentence(prefix + first))
        if not details and said:
            sentences.append(_sentence(texts_de.SUMMARY_SAID.format(quote=_shorten(said))))
    else:
        first = texts_de.SUMMARY_NO_TASK_FROM.format(subject=known_caller) if known_caller else texts_de.SUMMARY_NO_TASK
        if details:
            first += f" ({details})"
        sentences.append(_sentence(prefix + first))
        if said:
            sentences.append(_sentence(texts_de.SUMMARY_SAID.format(quote=_shorten(said))))
        else:
            sentences.append(_sentence(texts_de.SUMMARY_NOTHING_SAID))

    address = _address(slots)
    callback = _callback(slots)
    tail: list[str] = []
    if address:
        tail.append(texts_de.SUMMARY_ADDRESS.format(address=address))
    if callback:
        tail.append(callback)
    if level == "low":
        tail.append(texts_de.SUMMARY_LOW_URGENCY)
    # At most three sentences: what remains after the first ones is joined into the last.
    room = 3 - len(sentences)
    if len(tail) > room:
        merged = "; ".join(tail[room - 1 :]) if room > 0 else ""
        tail = [*tail[: room - 1], merged] if room > 0 else []
    sentences.extend(_sentence(part) for part in tail)
    return " ".join(sentences)
