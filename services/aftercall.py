"""What a finished call leaves behind: pure functions from a call's outcome to activity drafts
(:class:`~zentrale.store.repositories.activities.ActivityDraft`, of the call ``facts.call_id``).

Every call yields at least one activity, also one that ended before anything was said (a
missed call: "Anruf ohne erkanntes Anliegen" with the number) and one the fallback handled.
The task's ``activity`` actions say type, assignee, team, priority and follow-up; a task
without actions gets the contract's default (task name as type, first staff member).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from zentrale.bot import texts_de
from zentrale.bot.dialogue import CallOutcome
from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue
from zentrale.bot.readback import display_phone
from zentrale.bot.slots import REFERENCE_SLOTS, extract_slots_local, firm_word, other_persons_numbers
from zentrale.bot.summary import numbers_as_digits, problem_text, summarize_local, takes_matter_back, when_text
from zentrale.bot.validate import check_answer
from zentrale.config.vocabulary import (
    COMPANY_SLOT,
    EARLIER_APPOINTMENT,
    LOCATION_SLOT,
    ONSET_SLOT,
    PERSON_SLOT,
    QUANTITY_SLOT,
    SLOT_NAMES,
    SUBJECT_SLOT,
    highest_priority,
    slot_label,
    staff_id_of,
)
from zentrale.store.repositories.activities import ActivityDraft

SUBJECT_MAX = 80
NO_TASK_TYPE = texts_de.SUMMARY_NO_TASK  # "Anruf ohne erkanntes Anliegen"

STATUS_DE = {
    "completed": "beendet",
    "busy": "besetzt",
    "no-answer": "nicht angenommen",
    "failed": "fehlgeschlagen",
    "canceled": "vom Anrufer abgebrochen",
    "watchdog": "ohne Abschlussmeldung von Twilio beendet",
}
END_REASON_DE = {
    "completed": "Gespräch vollständig geführt",
    "message": "Nachricht aufgenommen",
    "no_speech": "Anrufer hat nichts gesagt",
    "max_length": "maximale Gesprächsdauer erreicht",
    "forwarded": "an eine Person weitergeleitet",
    "error": "technischer Fehler",
}


@dataclass(frozen=True)
class CallFacts:
    """What the store knows about a call besides the dialogue."""

    call_id: str
    status: str  # Twilio's final CallStatus, or "watchdog"
    started_at: datetime
    ended_at: datetime
    from_number: str | None  # E.164, None when withheld
    duration_seconds: int | None = None
    fallback_texts: tuple[str, ...] = ()  # what the caller said to the fallback handler


@dataclass(frozen=True)
class AfterCall:
    summary: str
    details: dict[str, Any]
    activities: list[ActivityDraft] = field(default_factory=list)


def _who(outcome: CallOutcome | None, facts: CallFacts, region: str) -> str:
    if outcome is not None and outcome.contact_name:
        return outcome.contact_name
    if outcome is not None and outcome.caller_name:
        return outcome.caller_name
    number = (outcome.callback_number if outcome is not None else None) or facts.from_number
    if number:
        return display_phone(number, region)
    return "Anrufer mit unterdrückter Nummer"


def _subject(kind: str, who: str) -> str:
    subject = f"{kind}: {who}"
    if len(subject) <= SUBJECT_MAX:
        return subject
    return subject[: SUBJECT_MAX - 1].rstrip() + "…"


def _duration(seconds: int | None, facts: CallFacts) -> str:
    if seconds is None:
        seconds = max(0, int((facts.ended_at - facts.started_at).total_seconds()))
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} Min. {rest} Sek." if minutes else f"{rest} Sek."


# Details said in passing must be this sure to be taken from the transcript (as in the dialogue).
_FOUND_MIN_CONFIDENCE = 0.75
_FOUND_NAME_MIN_CONFIDENCE = 0.85
# A time without a date ("erreichbar ab 16 Uhr") is still worth telling the technician.
_FOUND_TIME_MIN_CONFIDENCE = 0.7
_FOUND_FLOORS = {"caller_name": _FOUND_NAME_MIN_CONFIDENCE, "preferred_time": _FOUND_TIME_MIN_CONFIDENCE}
# The order of the labelled details in the activity: what is wrong first, then how to reach whom.
_DETAIL_ORDER = (
    "device",
    "fault",
    ONSET_SLOT,
    LOCATION_SLOT,
    QUANTITY_SLOT,
    SUBJECT_SLOT,
    PERSON_SLOT,
    *REFERENCE_SLOTS,
    "preferred_time",
    "urgency",
    "caller_name",
    COMPANY_SLOT,
    "callback_number",
    "street",
    "postcode",
    "city",
)


# What the call is about, since when and for whom: read from the turns, but only as far back as
# the caller last took the matter back.
_MATTER_SLOTS = (ONSET_SLOT, PERSON_SLOT, SUBJECT_SLOT)


def _said_fuller(earlier: str, later: str) -> bool:
    """Whether ``earlier`` is ``later`` with more words at its end ("… Sulzberg GmbH", "… Sulzberg")."""
    return earlier.casefold().startswith(later.casefold() + " ")


# Details the dialogue judges in every turn it reads are not read again after the call: whether
# it is urgent (a danger denied, settled or past: "es brennt nix", "die Feuerwehr war gestern da",
# a caller named Feuer), what is wrong ("nix kaputt", a day that "geht nicht") and where (the
# "sondern" of "nicht 8041 sondern 8042", "Strich" in an invoice number). What the dialogue
# dropped there it dropped on purpose.
_JUDGED_IN_THE_CALL = frozenset({"urgency", "fault", "street", "postcode", "city"})
# A time said in passing is a wish only with words that make it one: when to call or come ("am
# besten nach 17 Uhr", "ich bin ab 14 Uhr zu Hause", "es reicht nächste Woche", "bis Ende
# Jänner"); not when something happened ("erst im November tanken lassen", "seit heute Nacht um
# drei", "nachts so ab zehn brummt", "runter bis null komma fünf bar").
_WISH_WORDS = re.compile(
    r"\bam\s+(?:besten|liebsten|beschte|bescht|liebschte|liebste|liabsten)\b|\berreich|\bzu\s*hause\b|\bdaheim\b"
    r"|\bdahoam\b|\bdehei\b|\bdihei\b|zur(?:ü|ue)ckruf|\bzur(?:ü|ue)ck\b|r(?:ü|ue)ckruf|\bzrugg|\banrufen\b|\bmelden\b"
    r"|\blieber\b|\bgerne?\b|\bw(?:ü|ue)nsch|\bwunsch|\bm(?:ö|oe)glich|\breicht\b|\bsofort\b|\bschicken\b|\bpasst\b|\bpassen\b|\bvorbei|\bbis\s+(?!\d|null|eins|zwei|drei|vier|fünf"
    r"|sechs|sieben|acht|neun|zehn|elf|zwölf)\w|\bsp(?:ä|ae)testens\b|\bkommen\s+sie\b|\bkönnt\w*\s+(?:sie|ihr)\b|\bchönd\b"
)
# A detail the caller called wrong ("nein, die Nummer stimmt nicht", "der Name ist falsch"): what
# was said of it up to then is not taken from the transcript, whatever the dialogue kept.
_CALLED_WRONG = re.compile(
    r"\bfalsch\b|\bverkehrt\b|\bstimmt\s+(?:so\s+|aber\s+|leider\s+)?(?:nicht|nich|ned|net|nit|nöd|noed|nid)\b"
    r"|\bnicht\s+(?:richtig|korrekt)\b"
)
_WRONG_TOPICS = {
    "caller_name": re.compile(r"\b(?:vor|nach|familien)?name\w*\b"),
    "callback_number": re.compile(r"\b(?:nummer|telefon\w*|handy\w*|rückruf\w*)\b"),
    "device": re.compile(r"\b(?:gerät|geraet|hersteller|marke|fabrikat)\b"),
    "preferred_time": re.compile(r"\b(?:termin\w*|zeit|uhrzeit|tag|datum)\b"),
}


def _called_wrong(text: str) -> set[str]:
    """The details a caller turn says are wrong ("die Nummer stimmt nicht")."""
    low = text.lower()
    if not _CALLED_WRONG.search(low):
        return set()
    return {name for name, topic in _WRONG_TOPICS.items() if topic.search(low)}


def _found_in_turns(
    turns: Sequence[ContextTurn],
    known: dict[str, SlotValue],
    *,
    region: str,
    now: datetime,
    timezone: str,
    contact: bool,
    unjudged: Sequence[ContextTurn] = (),
) -> dict[str, SlotValue]:
    """Details the caller said that the dialogue did not keep (it asks only for its questions):
    every caller turn read for the details said in passing, a later mention before an earlier
    one, each checked like an answer. What the dialogue kept is never replaced; what it judges
    in the call (:data:`_JUDGED_IN_THE_CALL`), a time that is no wish and a detail the caller
    called wrong later are not taken. ``unjudged``: turns no dialogue heard (what the caller told
    the fallback), read for every detail."""
    wanted = [name for name in (*SLOT_NAMES, *REFERENCE_SLOTS, *_MATTER_SLOTS, COMPANY_SLOT) if name not in known]
    if EARLIER_APPOINTMENT in known and "preferred_time" in wanted:
        wanted.remove("preferred_time")  # the date said is the appointment to move, not a wish
    if contact and "caller_name" in wanted:
        wanted.remove("caller_name")  # the address master knows who called
    found: dict[str, SlotValue] = {}
    if not wanted:
        return found
    for turn in reversed([t for t in turns if t.speaker == "caller" and t.text and t.text.strip()]):
        wrong = _called_wrong(turn.text)
        wanted = [name for name in wanted if name not in wrong]  # this turn and every earlier one
        unheard = any(turn is other for other in unjudged)
        asked = wanted if unheard else [name for name in wanted if name not in _JUDGED_IN_THE_CALL]
        if not asked:
            continue
        slots = extract_slots_local(turn.text, asked, region=region, now=now, timezone=timezone)
        for name, value in slots.values.items():
            if name == "preferred_time" and not unheard and not _WISH_WORDS.search(turn.text.lower()):
                continue
            if name == COMPANY_SLOT and name in found and _said_fuller(value.value, found[name].value):
                found[name] = value  # "Hausverwaltung Kranich und Partner" said first, "Hausverwaltung Kranich" later
                continue
            if name in found or not value.value:
                continue
            floor = _FOUND_FLOORS.get(name, _FOUND_MIN_CONFIDENCE)
            if (value.confidence or 0.0) < floor:
                continue
            checked = check_answer(name, turn.text, value, region=region)
            if checked is not None:
                found[name] = checked
        if takes_matter_back(turn.text):
            # "nein, eigentlich geht es um die Rechnung": what earlier turns said about the matter is replaced
            wanted = [name for name in wanted if name not in _MATTER_SLOTS]
    return found


# The words of a firm that say what it is, not which: "Firma Müller" is which firm, "Müller" the name.
_FIRM_KIND_WORDS = frozenset("firma gmbh ag kg og ohg ug mbh gbr e.v. co. & und partner söhne".split())


def _is_the_business(company: SlotValue, business: Any) -> bool:
    """Whether the firm the caller named is the business called ("bin ich hier richtig bei der Firma
    Müller?" to Heizung Müller GmbH): its name words are all in the business's name."""
    name = getattr(getattr(business, "business", None), "name", None) or ""
    own = {w.casefold() for w in re.findall(r"[^\W\d_]+", name)}
    said = [w.casefold() for w in re.findall(r"[^\W\d_][\w.&]*", company.value)]
    names = [w for w in said if w not in _FIRM_KIND_WORDS and not firm_word(w)]
    return bool(names) and all(w in own for w in names) and all(w in own or w in _FIRM_KIND_WORDS for w in said)


def _plausible(slots: dict[str, SlotValue], region: str) -> dict[str, SlotValue]:
    """The dialogue's details without answers that cannot be their slot ("ja genau" kept as an
    invoice number): the transcript may still hold the real one."""
    kept: dict[str, SlotValue] = {}
    for name, value in slots.items():
        if name in SLOT_NAMES or check_answer(name, value.value, value, region=region) is not None:
            kept[name] = value
    return kept


def _timed_from_call(wish: SlotValue, *, region: str, now: datetime, timezone: str) -> SlotValue:
    """The wished time read again against the call's own start ("nächsten Mittwoch" is the
    Wednesday after the call, whatever clock the engine used); unchanged when no date is clear."""
    again = extract_slots_local(wish.value, ["preferred_time"], region=region, now=now, timezone=timezone)
    value = again.values.get("preferred_time")
    if value is None or not value.normalized:
        return wish
    return SlotValue(wish.value, value.normalized, wish.confidence)


def _detail_lines(slots: dict[str, SlotValue], region: str, timezone: str, business: Any = None) -> list[str]:
    names = [n for n in _DETAIL_ORDER if n in slots] + [n for n in slots if n not in _DETAIL_ORDER]
    lines = []
    for name in names:
        value = slots[name]
        if not value or not value.value or not value.value.strip():
            continue
        label = slot_label(name)
        shown = " ".join(value.value.split())
        if name == "callback_number" and value.normalized:
            shown = display_phone(value.normalized, region)
        elif name == "urgency":
            shown = texts_de.URGENCY_LABELS.get(value.normalized or "", value.value)
        elif name == "preferred_time" or (name == EARLIER_APPOINTMENT and value.normalized and "gesagt:" not in shown):
            # "Freitag, 22. Januar (gesagt: „am friitig“)": the day in the words staff plan with
            planned = when_text(value.value, value.normalized, timezone)
            if planned and planned.lower() != shown.lower():
                shown = f"{planned} (gesagt: „{shown}“)"
            elif planned:
                shown = planned
        elif name == "fault":
            shown = problem_text(Slots(values={"fault": value})) or shown
        elif (staff_id := staff_id_of(value.normalized)) and business is not None:
            member = business.staff_member(staff_id)
            if member is not None and member.name.casefold() not in shown.casefold():
                shown = f"{shown} ({member.name})"  # "Meister (Franz Huber)"
        elif name not in SLOT_NAMES and name not in REFERENCE_SLOTS:
            shown = numbers_as_digits(shown)  # "Öl, Baujahr 1998", not "neunzehnhundertachtundneunzig"
        lines.append(f"- {label}: {shown}")
    return lines


def _notes(outcome: CallOutcome | None, facts: CallFacts, business: Any) -> list[str]:
    notes: list[str] = []
    if outcome is None:
        return notes
    if outcome.gas_smell:
        notes.append("GASGERUCH gemeldet: Anrufer wurde angewiesen, das Gebäude zu verlassen und den Gas-Notruf zu wählen.")
    if outcome.forwarded:
        target = "weitergeleitet"
        answered = {True: "angenommen", False: "nicht angenommen", None: "Ergebnis unbekannt"}[outcome.forward_answered]
        notes.append(f"Anruf {target} ({answered}).")
    elif outcome.human_requested:
        notes.append("Anrufer wollte mit einer Person sprechen.")
    if outcome.end_reason:
        notes.append(f"Gesprächsende: {END_REASON_DE.get(outcome.end_reason, outcome.end_reason)}.")
    notes.extend(outcome.notes)
    return notes


def _other_persons_lines(turns: Sequence[ContextTurn], slots: dict[str, SlotValue], region: str) -> list[str]:
    """A number the caller gave for another person ("beim Hausbesorger, Herr Kogler, 0664 …"): a
    detail for the technician, never the callback number."""
    callback = slots.get("callback_number")
    own = "".join(ch for ch in (callback.value if callback else "") if ch.isdigit())
    lines: list[str] = []
    for turn in turns:
        if turn.speaker != "caller" or not turn.text:
            continue
        for person, number in other_persons_numbers(turn.text, region):
            line = f"- Ansprechpartner vor Ort: {person}, {number}"
            if "".join(ch for ch in number if ch.isdigit()) != own and line not in lines:
                lines.append(line)
    return lines


def _transcript(turns: Sequence[ContextTurn]) -> list[str]:
    speaker = {"caller": "Anrufer", "bot": "zentrale"}
    return [f"{speaker.get(t.speaker, t.speaker)}: {t.text}" for t in turns if t.text and t.text.strip()]


def plan(business: Any, outcome: CallOutcome | None, facts: CallFacts) -> AfterCall:
    """The activities (and the call's summary) for a finished call. Never empty."""
    region = (business.business.region or "DE").upper()
    tz = ZoneInfo(business.business.timezone or "Europe/Berlin")
    task = business.task(outcome.task_id) if outcome is not None and outcome.task_id else None
    who = _who(outcome, facts, region)

    turns = list(outcome.transcript) if outcome is not None else []
    extra = [t for t in facts.fallback_texts if t.strip()]
    turns += [ContextTurn("caller", t) for t in extra]
    timezone = business.business.timezone or "Europe/Berlin"
    known = _plausible(dict(outcome.slots) if outcome is not None else {}, region)
    found = _found_in_turns(
        turns,
        known,
        region=region,
        now=facts.started_at,
        timezone=timezone,
        contact=bool(outcome is not None and outcome.contact_name),
        unjudged=turns if outcome is None else turns[len(outcome.transcript) :],
    )
    if COMPANY_SLOT in found and _is_the_business(found[COMPANY_SLOT], business):
        del found[COMPANY_SLOT]  # the business called, not the caller's firm
    wish = known.get("preferred_time")
    if wish is not None and wish.value:
        known["preferred_time"] = _timed_from_call(wish, region=region, now=facts.started_at, timezone=timezone)
    all_slots = {**known, **found}
    summary_slots = dict(all_slots)
    if "callback_number" not in summary_slots and facts.from_number:
        # No other number said: the technician calls back the number the call came from.
        summary_slots["callback_number"] = SlotValue(display_phone(facts.from_number, region), facts.from_number)
    slots = Slots(values=summary_slots)
    caller = outcome.contact_name if outcome is not None else None
    if outcome is None and not extra:
        missed = STATUS_DE.get(facts.status, facts.status)
        summary = f"Anruf von {who} ({missed}); es wurde nichts gesagt. Bitte zurückrufen."
    else:
        summary = summarize_local(turns, task, slots, caller=caller, timezone=timezone, now=facts.started_at).text

    local_start = facts.started_at.astimezone(tz)
    lines = [
        f"Anruf am {local_start:%d.%m.%Y} um {local_start:%H:%M} Uhr, Dauer {_duration(facts.duration_seconds, facts)}, "
        f"Status: {STATUS_DE.get(facts.status, facts.status)}.",
    ]
    number = facts.from_number
    caller_line = f"Anrufer: {display_phone(number, region) if number else 'Nummer unterdrückt'}"
    if outcome is not None and outcome.contact_name:
        caller_line += f" — {outcome.contact_name} ({outcome.address_code})"
    lines.append(caller_line)
    lines += ["", f"Zusammenfassung: {summary}"]
    slot_lines = _detail_lines(all_slots, region, timezone, business)
    slot_lines += _other_persons_lines(turns, all_slots, region)
    if slot_lines:
        lines += ["", "Angaben:", *slot_lines]
    notes = _notes(outcome, facts, business)
    if extra:
        notes.append("Die Anrufassistenz war gestört; die Nachricht wurde über die Notfall-Annahme aufgenommen.")
    if notes:
        lines += ["", "Hinweise:", *(f"- {n}" for n in notes)]
    transcript = _transcript(turns)
    if transcript:
        lines += ["", "Gesprächsverlauf:", *transcript]
    text = "\n".join(lines)

    outcome_priority = outcome.priority if outcome is not None else None
    if outcome is not None and outcome.gas_smell:
        outcome_priority = "urgent"
    address_code = outcome.address_code if outcome is not None else None
    task_id = task.id if task is not None else None

    def draft(
        kind: str, assignee: str | None, team: str | None, priority: str | None, follow_up: datetime | None = None
    ) -> ActivityDraft:
        return ActivityDraft(
            type=kind,
            subject=_subject(kind, who),
            text=text,
            call_id=facts.call_id,
            task_id=task_id,
            address_code=address_code,
            assignee=assignee,
            team=team,
            priority=highest_priority((priority, outcome_priority)),
            follow_up_at=follow_up,
        )

    wanted = next(
        (sid for v in all_slots.values() if (sid := staff_id_of(v.normalized)) and business.staff_member(sid) is not None), None
    )
    drafts: list[ActivityDraft] = []
    if task is not None:
        for action in task.effective_actions(business):
            spec = action.activity
            if spec is None:
                continue
            delta = spec.follow_up_delta
            follow_up = facts.ended_at + delta if delta is not None else None
            assignee = wanted or spec.assignee  # the person the caller asked for, when one is clear
            drafts.append(draft(spec.type or task.name, assignee, spec.team, spec.priority or task.priority, follow_up))
    if not drafts:
        # No task (or a task whose actions create no activity): the call is still recorded.
        default = business.default_assignee
        drafts.append(
            draft(
                task.name if task is not None else NO_TASK_TYPE,
                default.id if default is not None else None,
                None,
                task.priority if task is not None else None,
            )
        )
    details: dict[str, Any] = {
        "status": facts.status,
        "duration_seconds": facts.duration_seconds,
        "task_id": task_id,
        "address_code": address_code,
        "end_reason": outcome.end_reason if outcome is not None else None,
        "slots": {k: {"value": v.value, "normalized": v.normalized} for k, v in all_slots.items()},
        "fallback_texts": extra,
    }
    return AfterCall(summary=summary, details=details, activities=drafts)
