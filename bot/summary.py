"""Local call summaries for the staff: two or three German sentences, built from facts only.

:func:`summarize_local` never invents anything: who called comes from ``caller`` (the
address master) or the ``caller_name`` slot, the reason from the task, details from the
slots. The first sentence says what is wrong so a technician can act on it (device, error
code, symptom, estimate/invoice number), the next ones how to reach the caller and where.
What the caller said is quoted only when nothing else is known, and then one whole
utterance, never several run together, never cut in the middle, never "ja passt".

Example::

    Herr Huber (Kunde HUB01) ruft an wegen „Heizungsstörung“: Vaillant Gastherme zeigt F28,
    kein Warmwasser. Rückruf erbeten unter 0171 5550101, erreichbar ab 16 Uhr.
    Adresse: Hauptstraße 12, 10115 Berlin.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

import phonenumbers

from zentrale.bot import texts_de
from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue, Summary, TaskLike
from zentrale.bot.numbers_de import parse_cardinal, words_to_digits
from zentrale.bot.readback import display_code, speak_date, speak_time
from zentrale.bot.slots import DAY_WORDS, STOPWORDS
from zentrale.bot.validate import is_filler

__all__ = ["problem_text", "readable_phone", "summarize_local", "when_text"]

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


# Labels of the reference numbers in the first sentence ("zum Voranschlag AB2345").
_REFERENCE_LABELS = {
    "angebotsnummer": "Voranschlag/Angebot",
    "rechnungsnummer": "Rechnung",
    "auftragsnummer": "Auftrag",
    "kundennummer": "Kundennummer",
}
# Words around a time that make it the caller's reachability rather than a wished appointment.
_REACHABLE = re.compile(
    r"erreichbar|erreichen|zur(?:ü|ue)ckruf|r(?:ü|ue)ckruf|anrufen|anruf\b|telefonisch|am telefon|melden sie sich|rufen sie"
)
_PART_ADVERBS = {"früh": "früh", "Vormittag": "vormittags", "Nachmittag": "nachmittags", "Mittag": "mittags", "Abend": "abends"}
_CODE_PART = re.compile(r"^(?:fehler(?:code)?|code|störung|stoerung)\s+(?P<code>[a-z]{1,3}[\s.]?\d[\d.]*|\S+)$", re.IGNORECASE)
# A quote longer than this is not put into the summary (it stays whole in the transcript).
_MAX_QUOTE = texts_de.SUMMARY_QUOTE_CHARS
_MAX_FREE_FAULT = 120
SUMMARY_SEE_TRANSCRIPT = "Das Anliegen steht im Gesprächsverlauf"
SUMMARY_REACHABLE = "erreichbar {time}"
SUMMARY_WISH = "Wunschtermin: {time}"


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def _values(slots: Slots | None) -> Mapping[str, SlotValue]:
    values = getattr(slots, "values", None)
    return values if isinstance(values, dict) else {}


def _slot(slots: Slots | None, name: str) -> str:
    value = _values(slots).get(name)
    return _clean(value.value) if value is not None and isinstance(value.value, str) and value.value else ""


def _address(slots: Slots | None) -> str:
    street = _slot(slots, "street")
    place = " ".join(part for part in (_slot(slots, "postcode"), _slot(slots, "city")) if part)
    return ", ".join(part for part in (street, place) if part)


def problem_text(slots: Slots | None) -> str:
    """What is wrong, for a technician: "Vaillant Gastherme zeigt F28, kein Warmwasser"."""
    device = _slot(slots, "device")
    fault_slot = _values(slots).get("fault")
    fault = _slot(slots, "fault")
    if len(fault) > _MAX_FREE_FAULT:  # free words, not a fault description: they stay in the transcript
        fault = ""
    code = ""
    symptoms: list[str] = []
    for part in (p.strip() for p in fault.split(",")) if fault else ():
        match = _CODE_PART.match(part)
        if match and not code:
            code = display_code(match.group("code"))
        elif part:
            symptoms.append(part)
    if (
        not code
        and fault_slot is not None
        and fault_slot.normalized
        and re.fullmatch(r"[A-Za-z]{0,3}\d{1,4}", fault_slot.normalized)
    ):
        code = display_code(fault_slot.normalized)
        symptoms = [s for s in symptoms if code not in s.replace(" ", "").upper()]
    if device and code:
        head = f"{device} zeigt {code}"
    elif code:
        head = f"Fehler {code}"
    else:
        head = device
    parts = [head] if head else []
    parts.extend(symptoms)
    return ", ".join(parts)


def _references(slots: Slots | None) -> str:
    found = [f"{label} {_slot(slots, name)}" for name, label in _REFERENCE_LABELS.items() if _slot(slots, name)]
    return ", ".join(found)


# "ab 4", "ab 16 Uhr", "ab halb fünf": a start hour said, not only a part of the day.
_FROM_CLOCK = re.compile(r"\bab\s+(?:\d|halb\b|viertel\b|dreiviertel\b)")


def when_text(value: str | None, normalized: str | None, timezone: str = "Europe/Berlin") -> str:
    """A wished time for people who plan: "Mittwoch, 9. Dezember, vormittags (8–12 Uhr)",
    "Dienstag, 4. März, ab 14 Uhr", "morgen Vormittag" when no date is known."""
    said = _clean(value)
    if not normalized:
        return speak_time(said) if said else ""
    try:
        zone = ZoneInfo(timezone)
    except Exception:  # an unknown zone: the offsets as stored
        zone = None
    try:
        if "/" in normalized:
            start_text, end_text = normalized.split("/", 1)
            start, end = datetime.fromisoformat(start_text), datetime.fromisoformat(end_text)
            if zone is not None and start.tzinfo is not None:
                start, end = start.astimezone(zone), end.astimezone(zone)
            day = speak_date(start.date())
            part = _part_adverb(said)
            hours = f"{_clock(start)}–{_clock(end)} Uhr"
            if _FROM_CLOCK.search(said.lower()):  # "ab vier nachmittags" → "ab 16 Uhr", the hour said
                return f"{day}, ab {_clock(start)} Uhr"
            if part:
                return f"{day}, {part} ({hours})"
            if re.search(r"\bab\b", said.lower()):
                return f"{day}, ab {_clock(start)} Uhr"
            return f"{day}, {hours}"
        if "T" in normalized:
            moment = datetime.fromisoformat(normalized)
            if zone is not None and moment.tzinfo is not None:
                moment = moment.astimezone(zone)
            return f"{speak_date(moment.date())}, {_clock(moment)} Uhr"
        day_text = speak_date(date.fromisoformat(normalized))
        part = _part_adverb(said)
        return f"{day_text}, {part}" if part else day_text
    except ValueError:
        return speak_time(said) if said else ""


def _clock(moment: datetime) -> str:
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}:{moment.minute:02d}"


def _part_adverb(said: str) -> str:
    low = said.lower()
    parts = (
        ("vormittag", "vormittags"),
        ("nachmittag", "nachmittags"),
        ("namittag", "nachmittags"),  # Swiss
        ("nomittag", "nachmittags"),  # Swiss, Bavarian
        ("mittag", "mittags"),
        ("abend", "abends"),
    )
    for word, adverb in parts:
        if word in low:
            return adverb
    if re.search(r"\bfr(?:ü|ue)h\b|\bmorgens\b", low):
        return "früh"
    return ""


def _reachability(turns: Sequence[ContextTurn], said: str) -> bool:
    """Whether the caller gave the time as when they can be reached ("erreichbar ab 16 Uhr")."""
    key = _clean(said).lower()
    if not key:
        return False
    for turn in turns or ():
        if getattr(turn, "speaker", "") != "caller":
            continue
        text = words_to_digits(_clean(turn.text)).lower()
        if key in text:
            return _REACHABLE.search(text) is not None
    return False


def _callback(slots: Slots | None, turns: Sequence[ContextTurn], timezone: str) -> list[str]:
    number_slot = _values(slots).get("callback_number")
    number = readable_phone(number_slot.value, number_slot.normalized) if number_slot and number_slot.value else None
    time_slot = _values(slots).get("preferred_time")
    when = when_text(time_slot.value, time_slot.normalized, timezone) if time_slot and time_slot.value else ""
    reachable = bool(when) and _reachability(turns, time_slot.value if time_slot else "")
    out: list[str] = []
    if number:
        first = texts_de.SUMMARY_CALLBACK.format(number=number)
        if when and reachable:
            first += ", " + SUMMARY_REACHABLE.format(time=_lower_first(when))
            when = ""
        out.append(first)
    if when:
        out.append(
            SUMMARY_REACHABLE.format(time=_lower_first(when)).capitalize() if reachable else SUMMARY_WISH.format(time=when)
        )
    return out


def _lower_first(text: str) -> str:
    """ "Ab 16 Uhr" → "ab 16 Uhr"; weekdays and months stay capitalised."""
    first = text.split(" ", 1)[0]
    if first in ("Ab", "Um", "Am", "Heute", "Morgen", "Übermorgen", "Nächste", "Nächsten", "Diese", "Bis"):
        return text[:1].lower() + text[1:]
    return text


# Words that add nothing to a document number or a device in a quote ("meine letzte Rechnung").
_GENERIC_WORDS = frozenset(
    """
    letzte letzten letzter letztes vorige vorigen aktuelle aktuellen neue neuen meiner meinem unsere unserer
    kostenvoranschlag voranschlag angebot angebots offerte offert rechnig kunde kunden frage fragen anliegen
    wegen bezüglich betreff zwecks haben hätte hätten wollte wollten würde
    """.split()
)


def _says_more(quote: str, shown: str) -> bool:
    """Whether ``quote`` has a content word that ``shown`` (task and details) lacks; number
    words, "…nummer" and small words don't count."""
    known = set(re.findall(r"[^\W\d_]+", shown.lower()))
    for word in re.findall(r"[^\W\d_]+", quote.lower()):
        if len(word) < 4 or word in known or word in _GENERIC_WORDS or word in STOPWORDS:
            continue
        if word.endswith(("nummer", "nr")) or parse_cardinal(word) is not None:
            continue
        return True
    return False


def _other_day(quote: str, slots: Slots | None) -> bool:
    """Whether ``quote`` names a day or month that is not the wished time ("am Dienstag bin ich
    nicht daheim", the appointment to move): quoted next to the wish it would mislead."""
    wish = _values(slots).get("preferred_time")
    if wish is None:
        return False
    said = set(re.findall(r"[^\W\d_]+", f"{wish.value} {when_text(wish.value, wish.normalized)}".lower()))
    return any(word in DAY_WORDS and word not in said for word in re.findall(r"[^\W\d_]+", quote.lower()))


def _quote(turns: Sequence[ContextTurn]) -> str | None:
    """The caller's one most telling utterance, whole; ``None`` when there is none or it is too long
    (then it stays in the transcript, never cut). Yes/no and filler answers are no quote."""
    said = [
        _clean(turn.text)
        for turn in turns or ()
        if getattr(turn, "speaker", "") == "caller" and _clean(turn.text) and not is_filler(_clean(turn.text))
    ]
    if not said:
        return None
    # The reason is usually said first; names and numbers answered later are short.
    best = next((text for text in said if len(text.split()) >= 3), None) or max(said, key=len)
    if len(best) <= _MAX_QUOTE:
        return best
    # Typed text with sentence ends: the whole sentences that fit.
    sentences = re.split(r"(?<=[.!?])\s+", best)
    kept = ""
    for sentence in sentences:
        if len(kept) + len(sentence) + 1 > _MAX_QUOTE:
            break
        kept = f"{kept} {sentence}".strip()
    return kept if kept and kept != best and re.search(r"[.!?]$", kept) else ""


def summarize_local(
    turns: Sequence[ContextTurn],
    task: TaskLike | None,
    slots: Slots,
    *,
    caller: str | None = None,
    timezone: str = "Europe/Berlin",
) -> Summary:
    """Two or three German sentences for the staff about a finished call; never raises."""
    started = time.perf_counter()
    try:
        text = _compose(turns, task, slots, caller, timezone)
    except Exception:  # a summary must never break finishing a call
        text = _sentence(texts_de.SUMMARY_NO_TASK)
    return Summary(text=text, engine=ENGINE_NAME, ms=(time.perf_counter() - started) * 1000)


def _compose(turns: Sequence[ContextTurn], task: TaskLike | None, slots: Slots, caller: str | None, timezone: str) -> str:
    known_caller = _clean(caller) or _slot(slots, "caller_name")
    subject = known_caller or texts_de.SUMMARY_UNKNOWN_CALLER
    urgency_slot = _values(slots).get("urgency")
    level = urgency_slot.normalized if urgency_slot else None
    prefix = texts_de.SUMMARY_URGENCY_PREFIX.get(level or "", "")

    task_name = _clean(getattr(task, "name", "") or getattr(task, "id", "")) if task is not None else ""
    details = ", ".join(part for part in (problem_text(slots), _references(slots)) if part)

    sentences: list[str] = []
    if task_name:
        first = texts_de.SUMMARY_TASK.format(subject=subject, task=task_name)
        if details:
            first += f": {details}"
        sentences.append(_sentence(prefix + first))
    else:
        first = texts_de.SUMMARY_NO_TASK_FROM.format(subject=known_caller) if known_caller else texts_de.SUMMARY_NO_TASK
        if details:
            first += f" ({details})"
        sentences.append(_sentence(prefix + first))
    if not details or not _slot(slots, "fault"):
        # A device or a document number alone does not say what the caller wants ("Mahnung
        # obwohl bezahlt", "von Öl auf Pellets", "Termin verschieben"): their words do, when
        # they say more than the details and the task.
        quote = _quote(turns)
        if quote and details and (not _says_more(quote, f"{task_name} {details}") or _other_day(quote, slots)):
            quote = None
        if quote:
            sentences.append(_sentence(texts_de.SUMMARY_SAID.format(quote=quote)))
        elif details:
            pass
        elif quote == "":
            sentences.append(_sentence(SUMMARY_SEE_TRANSCRIPT))
        elif not task_name:
            sentences.append(_sentence(texts_de.SUMMARY_NOTHING_SAID))

    tail = _callback(slots, turns, timezone)
    address = _address(slots)
    if address:
        tail.append(texts_de.SUMMARY_ADDRESS.format(address=address))
    if level == "low":
        tail.append(texts_de.SUMMARY_LOW_URGENCY)
    # At most three sentences: what remains after the first ones is joined into the last.
    room = 3 - len(sentences)
    if len(tail) > room:
        merged = "; ".join(tail[room - 1 :]) if room > 0 else ""
        tail = [*tail[: room - 1], merged] if room > 0 else []
    sentences.extend(_sentence(part) for part in tail if part)
    return " ".join(sentences)
