"""Local call summaries for the staff: two or three German sentences, built from facts only.

:func:`summarize_local` never invents anything: who called comes from ``caller`` (the
address master) or the ``caller_name`` slot, the reason from the task, details from the
slots. The first sentence says what is wrong so a technician can act on it (device, error
code, symptom, estimate/invoice number), the next ones how to reach the caller and where.
What the caller said is quoted only when nothing else is known, and then one whole
utterance (numbers as digits), never several run together, never cut in the middle, never "ja passt".
Figures said in any turn (an amount, the hours charged), the job applied for and an estimate
accepted are added to the first sentence.

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
from zentrale.bot.emails_de import spoken_emails
from zentrale.bot.intents.base import ContextTurn, Slots, SlotValue, Summary, TaskLike
from zentrale.bot.numbers_de import parse_cardinal, words_to_digits
from zentrale.bot.phrases_de import CANCEL, MONTH_DISPLAY, NO_NEW_APPOINTMENT, PARTS_OF_DAY
from zentrale.bot.readback import display_code, speak_date, speak_time
from zentrale.bot.slots import DAY_WORDS, STOPWORDS, corrected_numbers
from zentrale.bot.validate import is_filler, is_refusal
from zentrale.config.phones import format_for_people
from zentrale.config.schema import DEFAULT_TIMEZONES
from zentrale.config.vocabulary import (
    COMPANY_SLOT,
    EARLIER_APPOINTMENT,
    LOCATION_SLOT,
    ONSET_SLOT,
    PERSON_SLOT,
    QUANTITY_SLOT,
    SUBJECT_SLOT,
    slot_label,
)

__all__ = [
    "caller_facts",
    "numbers_as_digits",
    "problem_text",
    "readable_phone",
    "summarize_local",
    "takes_matter_back",
    "when_text",
]

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
    return format_for_people(number, national=said_nationally)


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
_CODE_PART = re.compile(r"^(?:fehler(?:code)?|code|störung|stoerung)\s+(?P<code>[a-z]{1,3}[\s.]?\d[\d.]*|\S+)$", re.IGNORECASE)
# A quote longer than this is not put into the summary (it stays whole in the transcript).
_MAX_QUOTE = texts_de.SUMMARY_QUOTE_CHARS
_MAX_FREE_FAULT = 120
SUMMARY_SEE_TRANSCRIPT = "Das Anliegen steht im Gesprächsverlauf"
SUMMARY_REACHABLE = "erreichbar {time}"
SUMMARY_WISH = "Wunschtermin: {time}"
SUMMARY_INSTEAD_OF = " statt bisher {time}"
SUMMARY_EARLIER = "Bisheriger Termin: {time}"


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


# The start of a caller's first sentence kept as the fault when no fault question was asked
# ("guten tag ich bin mieter und bei uns ist seit gestern abend das warmwasser kalt"): greeting and
# who is calling are no fault.
_GREETING_LEAD = re.compile(
    r"^(?:(?:guten\s+(?:tag|morgen|abend)|gu(?:a|e)ten\s+tag|grüß\s+gott|grüss\s+gott|gr(?:ü|ue)ezi|gr(?:ü|ue)essech|servus"
    r"|hallo|moin|griaß\s+di|grias\s+di|tag|ja|also|äh|ähm)\b[\s,.!]*)+",
    re.IGNORECASE,
)
_INTRO_LEAD = re.compile(
    r"^(?:(?:ich\s+bin|i\s+bi|hier\s+ist|hier\s+spricht|mein\s+name\s+ist|ich\s+heiße|ich\s+heisse)\s+"
    r"(?:(?:der|die|ein|eine|e|de|d|frau|herr)\s+)?[^\W\d_]+(?:\s+[^\W\d_]+)?\s*(?:,\s*|\s+und\s+)"
    r"|ich\s+rufe?\s+an,?\s+(?:weil|wegen|da)\s+)",
    re.IGNORECASE,
)
_AT_HOME_LEAD = re.compile(r"^(?:bei\s+(?:uns|mir|üs|mir\s+daheim|uns\s+daheim)\s+(?:ist|sind|isch|is)\s+)", re.IGNORECASE)
_SINCE_LEAD = re.compile(
    r"^(?P<since>(?:seit|sit|seid)\s+[^\W\d_]+(?:\s+(?:abend|morgen|früh|nachmittag|vormittag|mittag|nacht))?)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_ARTICLE_LEAD = re.compile(r"^(?:das|die|der|den|unser|unsere|unserer|meine|mein|d|de|s)\s+(?=\S)", re.IGNORECASE)
_DAY_PART_AFTER = re.compile(
    r"\b(gestern|heute|vorgestern|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)\s+"
    r"(abend|morgen|nachmittag|vormittag|mittag|nacht)\b"
)


def _without_lead(fault: str) -> str:
    """ "guten tag ich bin mieter und bei uns ist seit gestern abend das warmwasser kalt, kein
    Warmwasser" → "Warmwasser kalt seit gestern Abend": a fault kept from a whole first sentence
    without the greeting and the caller's introduction, and without a later part that only says
    it again. A fault without such a lead is left as it is."""
    text = fault.strip()
    stripped = _INTRO_LEAD.sub("", _GREETING_LEAD.sub("", text))
    if stripped == text or not stripped:
        return fault
    stripped = _AT_HOME_LEAD.sub("", stripped)
    first, sep, rest = stripped.partition(",")
    first = first.strip()
    since = _SINCE_LEAD.match(first)
    if since:
        first = f"{since.group('rest')} {since.group('since')}"
    first = _ARTICLE_LEAD.sub("", first)
    first = _DAY_PART_AFTER.sub(lambda m: f"{m.group(1)} {m.group(2).capitalize()}", first)
    parts = [first[:1].upper() + first[1:]]
    for part in (p.strip() for p in rest.split(",")) if sep else ():
        said = set(re.findall(r"[^\W\d_]{4,}", " ".join(parts).lower()))
        words = {w for w in re.findall(r"[^\W\d_]{4,}", part.lower()) if w not in ("kein", "keine", "nicht", "mehr")}
        if part and not (words and words <= said):
            parts.append(part)
    return ", ".join(p for p in parts if p)


def problem_text(slots: Slots | None) -> str:
    """What is wrong, for a technician: "Vaillant Gastherme zeigt F28, kein Warmwasser"."""
    device = _slot(slots, "device")
    fault_slot = _values(slots).get("fault")
    fault = _slot(slots, "fault")
    if len(fault) > _MAX_FREE_FAULT:  # free words, not a fault description: they stay in the transcript
        fault = ""
    fault = _without_lead(fault)
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
    urgency = _values(slots).get("urgency")
    if urgency is not None and urgency.normalized == "urgent" and head and symptoms and not code:
        # An emergency: the danger the caller described comes first ("verschmorter Geruch, Brenner
        # im Heizungskeller, Geräusche"), the technician reads it before the device.
        parts = [symptoms[0][:1].upper() + symptoms[0][1:], head, *symptoms[1:]]
    return ", ".join(parts)


def _references(slots: Slots | None) -> str:
    found = [f"{label} {_slot(slots, name)}" for name, label in _REFERENCE_LABELS.items() if _slot(slots, name)]
    return ", ".join(found)


# "ab 4", "ab 16 Uhr", "ab halb fünf": a start hour said, not only a part of the day.
_FROM_CLOCK = re.compile(r"\bab\s+(?:\d|halb\b|viertel\b|dreiviertel\b)")


def when_text(value: str | None, normalized: str | None, timezone: str = "Europe/Berlin") -> str:
    """A wished time for people who plan: "Mittwoch, 9. Dezember, Vormittag (8–12 Uhr)",
    "Dienstag, 4. März, ab 14 Uhr", "morgen Vormittag" when no date is known."""
    said = _clean(value)
    region = next((r for r, zone in DEFAULT_TIMEZONES.items() if zone == timezone), "DE")
    if not normalized:
        return _parts_as_nouns(speak_time(said, region=region)) if said else ""
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
        return _parts_as_nouns(speak_time(said, region=region)) if said else ""


def _clock(moment: datetime) -> str:
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}:{moment.minute:02d}"


# The part of the day as the word staff search the activities for ("Nachmittag", not
# "nachmittags" or the caller's "namittag", PARTS_OF_DAY); the early morning as "morgens", since
# "Morgen" alone reads as tomorrow.
_EARLY = re.compile(r"\bfr(?:ü|ue)h\b|\bmorgens\b|\bam\s+morgen?\b")  # "am Morgen", CH "am morge": not "morgen" (tomorrow)


_PART_ADVERB = re.compile(r"\b(vormittags|nachmittags|namittags|nomittags|mittags|abends)\b", re.IGNORECASE)
_DAY_BEFORE = re.compile(
    r"\b(?:heute|morgen|übermorgen|" + "|".join(w.lower() for w in texts_de.WEEKDAYS) + r")\s+$", re.IGNORECASE
)
_CLOCK_BEFORE = re.compile(r"(?:\d|\bUhr)\s+$", re.IGNORECASE)


def _parts_as_nouns(text: str) -> str:
    """ "nächste Woche vormittags" → "nächste Woche am Vormittag", "morgen nachmittags" → "morgen
    Nachmittag": the word staff search for, in a wish kept as said; "ab 4 Uhr nachmittags" stays."""

    def noun(match: re.Match[str]) -> str:
        before = text[: match.start()]
        if _CLOCK_BEFORE.search(before):
            return match.group(0)
        shown = _part_adverb(match.group(1))
        return shown if _DAY_BEFORE.search(before) or re.search(r"\bam\s+$", before) else f"am {shown}"

    return _PART_ADVERB.sub(noun, text)


def _part_adverb(said: str) -> str:
    low = said.lower()
    for word, shown in PARTS_OF_DAY.items():
        if word in low:
            return shown
    if _EARLY.search(low):
        return "morgens"
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
    if time_slot and not time_slot.normalized and NO_NEW_APPOINTMENT.search(_clean(time_slot.value).lower()):
        when = ""  # "nein, keinen neuen Termin, absagen bitte" is no wish
    reachable = bool(when) and _reachability(turns, time_slot.value if time_slot else "")
    out: list[str] = []
    if number:
        first = texts_de.SUMMARY_CALLBACK.format(number=number)
        if when and reachable:
            first += ", " + SUMMARY_REACHABLE.format(time=_lower_first(when))
            when = ""
        out.append(first)
    # The appointment the caller has and wants moved ("der Monteur sollte morgen früh kommen"):
    # the technician reads which one is freed, next to the new wish.
    earlier_slot = _values(slots).get(EARLIER_APPOINTMENT)
    earlier = when_text(earlier_slot.value, earlier_slot.normalized, timezone) if earlier_slot and earlier_slot.value else ""
    if when:
        if reachable:
            out.append(SUMMARY_REACHABLE.format(time=_lower_first(when)).capitalize())
        else:
            out.append(SUMMARY_WISH.format(time=when) + (SUMMARY_INSTEAD_OF.format(time=earlier) if earlier else ""))
            earlier = ""
    if earlier:
        out.append(SUMMARY_EARLIER.format(time=earlier))
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


# Short words that still tell the technician something ("PV aufs Dach", "das WC", "einen Hund").
_SHORT_TERMS = frozenset("pv wc bad dach öl gas co kw kwh herd ofen hund".split())


def _new_words(quote: str, shown: str, shortest: int = 4) -> list[str]:
    """The content words of ``quote`` that ``shown`` (task and details) lacks, each once; number
    words, "…nummer" and words shorter than ``shortest`` don't count."""
    known = set(re.findall(r"[^\W\d_]+", shown.lower()))
    out: list[str] = []
    for word in re.findall(r"[^\W\d_]+", quote.lower()):
        if (
            (len(word) < shortest and word not in _SHORT_TERMS)
            or word in known
            or word in out
            or word in _GENERIC_WORDS
            or word in STOPWORDS
        ):
            continue
        if word.endswith(("nummer", "nr")) or parse_cardinal(word) is not None:
            continue
        out.append(word)
    return out


def _says_more(quote: str, shown: str) -> bool:
    """Whether ``quote`` has a content word that ``shown`` (task and details) lacks."""
    return bool(_new_words(quote, shown))


def _other_day(quote: str, slots: Slots | None) -> bool:
    """Whether ``quote`` names a day or month that is not the wished time ("am Dienstag bin ich
    nicht daheim", the appointment to move): quoted next to the wish it would mislead."""
    wish = _values(slots).get("preferred_time")
    if wish is None:
        return False
    said = set(re.findall(r"[^\W\d_]+", f"{wish.value} {when_text(wish.value, wish.normalized)}".lower()))
    earlier = _values(slots).get(EARLIER_APPOINTMENT)
    if earlier is not None:  # the appointment to move, shown as such
        said |= set(re.findall(r"[^\W\d_]+", f"{earlier.value} {when_text(earlier.value, earlier.normalized)}".lower()))
    return any(word in DAY_WORDS and word not in said for word in re.findall(r"[^\W\d_]+", quote.lower()))


# ---------------------------------------------------------------------------------------------
# What the caller said about the matter in any turn that a technician needs: measured values, the
# age or year of the installation, the part named, what the caller wants. Each fact is a short
# phrase with the key that marks it as already shown (in the details or the quoted words).

_DECIMAL = re.compile(r"(?<![\d,])(\d{1,3})\s*(?:komma|,|\.)\s*(\d{1,2})(?![\d.,])")
_PRESSURE = re.compile(r"(?<![\d,])(\d{1,2}(?:,\d{1,2})?)\s*bar\b")
# A gauge read without "bar" ("der Zeiger steht bei 0,6", "jetzt ist er wieder auf 0,8", "fällt auf
# 0,5 runter"): a value with a comma right after such words.
_PRESSURE_READING = re.compile(
    r"\b(?:druck|zeiger|manometer|anzeige|steht|stehe|stoht|stand|war|fällt|fallt|gfalle|gefallen|runter|abe|ist|is|isch)"
    r"(?:\s+[^\W\d]+){0,5}?"
    r"\s+(?:auf|bei|uf|unter)\s+(?:knapp\s+)?([0-4],\d)(?![\d,])(?!\s*(?:\d|bar|grad|°|uhr|prozent|liter|meter|tausend|euro|franken|jahre|stunden))"
)
_PRESSURE_TOLD = re.compile(r"druck|manometer|zeiger|\bbar\b|nachfüll|nachgefüllt|aufgefüllt|auffüll|nachfüllen")
# ... and the value filled to ("auf 1,5 bar aufgefüllt", "bis 2 bar nachgefüllt").
_FILLED = re.compile(
    r"(?:\s*bar)?\s+(?:\w+\s+){0,2}?(?:aufgefüllt|nachgefüllt|aufgfüllt|nachgfüllt|gefüllt|aufgefüllt|füll\w*\s+auf)\b"
)
_TEMPERATURE = re.compile(r"(?<![\w,])(minus\s+|-\s*)?(\d{1,3}(?:,\d)?)\s*(?:grad\b|°)")
_TEMPERATURE_PLACES = {
    "vorlauf": "Vorlauf",
    "rücklauf": "Rücklauf",
    "warmwasser": "Warmwasser",
    "wasser": "Wasser",
    "zimmer": "Raumtemperatur",
    "wohnung": "Raumtemperatur",
    "wohnzimmer": "Raumtemperatur",
    "raum": "Raumtemperatur",
    "innen": "Raumtemperatur",
    "drinnen": "Raumtemperatur",
    "draußen": "Außentemperatur",
    "draussen": "Außentemperatur",
    "außen": "Außentemperatur",
    "aussen": "Außentemperatur",
    "speicher": "Speicher",
    "boiler": "Boiler",
}
_AGE = re.compile(
    r"(?:\b(über|ueber|fast|knapp|etwa|ca\.?|circa|rund|gut|mindestens|bald)\s+)?\b(\d{1,2})\s+(?:jahre?|johr|joor)\s+alt\b"
)
_OWN_AGE = re.compile(r"\b(?:ich\s+bin|bin\s+ich|i\s+bi|mein\s+mann|meine\s+frau|meine\s+mutter|mein\s+vater)\b[^,.;]*$")
_YEAR = re.compile(
    r"\b(?:baujahr|bj\.?|jahrgang|von|vo|vom\s+jahr|aus|aus\s+dem\s+jahr|anno|eingebaut|installiert|montiert)\s+"
    r"(?:(?:ca\.?|circa|etwa|ungefähr)\s+)?((?:19[4-9]|20[0-3])\d)\b(?!\s*(?:euro|franken|eur|chf|€|uhr))"
    r"|\b((?:19[4-9]|20[0-3])\d)\s+(?:eingebaut|installiert|montiert|gekauft)\b"
)
_INSTALLATION = re.compile(
    r"heiz|kessel|therme|anlage|gerät|geraet|pumpe|boiler|brenner|ofen|speicher|baujahr|eingebaut|installiert|montiert"
)
# Parts a caller names ("tropft aus dem Eckventil"): the technician brings the spare part.
_PARTS = (
    "eckventil",
    "absperrventil",
    "absperrhahn",
    "haupthahn",
    "sicherheitsventil",
    "überdruckventil",
    "thermostatventil",
    "thermostatkopf",
    "mischventil",
    "rückschlagventil",
    "entlüftungsventil",
    "siphon",
    "geruchsverschluss",
    "wasserhahn",
    "armatur",
    "mischbatterie",
    "spülkasten",
    "druckspüler",
    "flexschlauch",
    "ausdehnungsgefäß",
    "ausdehnungsgefäss",
    "umwälzpumpe",
    "heizungspumpe",
    "zirkulationspumpe",
    "zündelektrode",
    "brennerdüse",
    "manometer",
    "dichtung",
    "wasserzähler",
    "heizstab",
    "außenfühler",
    "aussenfühler",
    "rauchrohr",
    "abgasrohr",
    "ofenrohr",
    "ventil",
)
_PART_RE = re.compile(r"\b(" + "|".join(_PARTS) + r")(?:e|en|es|s|n)?\b")
# Papers a caller wants or lost ("den Erlagschein verschlampt", "eine Kopie der Rechnung").
_PAPERS = (
    "kopie",
    "duplikat",
    "zweitschrift",
    "erlagschein",
    "zahlschein",
    "einzahlungsschein",
    "zahlungsschein",
    "überweisungsschein",
    "überweisungsträger",
    "mahnung",
    "mahnig",
    "gutschrift",
    "quittung",
    "bestätigung",
    "bescheinigung",
)
_COPIES = frozenset({"kopie", "duplikat", "zweitschrift"})
_REMINDERS = frozenset({"mahnung", "mahnig"})
_PAPER_RE = re.compile(r"\b(" + "|".join(_PAPERS) + r")(?:en|e|n|s)?\b")
_LOST = re.compile(
    r"verlor|verschlampt|verlegt|verschmissen|weggeworfen|weggeschmissen|verschwunden|nicht\s+mehr\s+(?:finden|da|auffindbar)"
    r"|find\w*\s+(?:\w+\s+){0,2}(?:nicht|nimmer|nöd|ned)\b|nimmer\s+(?:finden|da)"
)
_WANTED = re.compile(
    r"h(?:ä|ae)tte?\s+(?:\w+\s+)?gerne?|br(?:ä|ae)ucht|brauch|m(?:ö|oe)cht|\bwill\b|wollte|schick|zusend|\bsenden\b"
    r"|zukommen|mailen|\bneue[nrs]?\b|nochmal|noch\s+(?:ein)?mal|\bbitte\b"
)
_CHANNEL = re.compile(r"\bper\s+(?:e-?\s?)?(mail|post|fax)\b|\b(mailen|e-?mail)\b")
_TWICE = re.compile(
    r"\b(zweimal|2\s?mal|2-mal|doppelt)\b(?:\s+[\w']+){0,3}?\s+"
    r"(bekommen|erhalten|übercho|überchoo|gekriegt|kriegt|zugeschickt|geschickt|kam|gekommen|abgebucht|belastet"
    r"|bezahlt|gezahlt|zahlt|überwiesen|berechnet|verrechnet|abgerechnet|gestellt)\b"
)
_TWICE_VERBS = {
    "abgebucht": "abgebucht",
    "belastet": "abgebucht",
    "bezahlt": "bezahlt",
    "gezahlt": "bezahlt",
    "zahlt": "bezahlt",
    "überwiesen": "bezahlt",
    "berechnet": "berechnet",
    "verrechnet": "berechnet",
    "abgerechnet": "berechnet",
    "gestellt": "berechnet",
}
_INVOICE_WORD = re.compile(r"\b(?:rechnung|rechnig|faktura|mahnung)\w*")
# An amount of money said ("über 847 Euro 20", "4200 Franken", Swiss "473 franke 50", "Fr. 473.50"):
# the office looks the document up by it.
_AMOUNT = re.compile(
    r"(?<![\d,.])(\d{1,3}(?:\.\d{3})+|\d{1,7})(?:[,.](\d{1,2}))?\s*(euro|eur|€|franken|franke|fränkli|stutz|chf|fr\.)(?!\w)"
    r"(?:\s+(\d{1,2})\b(?!\s*(?:uhr|jahre?|stunden?|minuten|prozent|%|euro|franken|franke|\.)))?"
    r"|\b(?:chf|fr\.)\s*(\d{1,3}(?:'\d{3})+|\d{1,7})(?:[,.](\d{1,2}))?(?![\d,])"
)
_CURRENCY = {"euro": "€", "eur": "€", "€": "€"}


def _amount(match: re.Match[str]) -> tuple[str, str]:
    """(value as written in the caller's country, currency): "114,00 €"-style "114" / "€" for euros,
    "473.50" / "CHF" for francs (the Swiss write the decimal point)."""
    if match.group(5):
        whole, cents, currency = match.group(5).replace("'", ""), match.group(6), "CHF"
    else:
        whole, cents = match.group(1).replace(".", ""), match.group(2) or match.group(4)
        currency = _CURRENCY.get(match.group(3), "CHF")
    mark = "," if currency == "€" else "."
    return (f"{whole}{mark}{int(cents):02d}" if cents else whole), currency


# Sizes a caller gives for a quote or a fault ("ob 300 Liter reichen", "Bad so ungefähr 8 Quadratmeter"):
# the technician sizes the storage tank or the bathroom by them.
_VOLUME = re.compile(r"(?<![\d,.])(\d{1,5}(?:,\d{1,2})?)\s*(?:liter|litern|ltr\.?|l)(?!\w)")
_VOLUME_PLACES = {
    "speicher": "Speicher", "warmwasserspeicher": "Speicher", "boiler": "Boiler", "tank": "Tank", "öltank": "Tank",
    "heizöl": "Heizöl", "öl": "Heizöl", "puffer": "Pufferspeicher", "pufferspeicher": "Pufferspeicher",
    "ausdehnungsgefäß": "Ausdehnungsgefäß", "ausdehnungsgefäss": "Ausdehnungsgefäß",
}  # fmt: skip
_VOLUME_CUE = re.compile(r"speicher|boiler|tank|heizöl|\böl\b|puffer|ausdehnungsgef|warmwasser")
_AREA = re.compile(r"(?<![\d,.])(\d{1,4}(?:,\d{1,2})?)\s*(?:quadrat\s*-?\s*metern?|qm|m²|m2|quadratmetern?)(?!\w)")
_AREA_PLACES = {
    "bad": "Bad", "badezimmer": "Bad", "bäder": "Bad", "küche": "Küche", "wohnung": "Wohnung", "haus": "Wohnfläche",
    "wohnfläche": "Wohnfläche", "fläche": "Fläche", "zimmer": "Zimmer", "raum": "Raum", "keller": "Keller",
    "fussbodenheizung": "Fußbodenheizung", "fußbodenheizung": "Fußbodenheizung", "dach": "Dach",
}  # fmt: skip


def _size_facts(low: str) -> list[tuple[str, str, str]]:
    """ "Speicher 300 / 400 Liter", "Bad 8 Quadratmeter": litres only where a tank is talked about."""
    out: list[tuple[str, str, str]] = []
    for kind, pattern, places, unit in (
        ("volume", _VOLUME, _VOLUME_PLACES, "Liter"),
        ("area", _AREA, _AREA_PLACES, "Quadratmeter"),
    ):
        if kind == "volume" and not _VOLUME_CUE.search(low):
            continue
        matches = list(pattern.finditer(low))
        if not matches:
            continue
        values = list(dict.fromkeys(m.group(1) for m in matches))
        words = re.findall(r"[^\W\d_]+", low[: matches[0].start()])[-8:] + re.findall(r"[^\W\d_]+", low)
        place = next((places[w] for w in words if w in places), "")
        phrase = f"{place} {' / '.join(values)} {unit}".strip()
        out.append((kind, phrase, f"{values[-1]} {unit.lower()}"))
    return out


# Working hours charged ("2 Stunden Arbeitszeit drauf"): what an invoice complaint is about.
_HOURS_UNIT = r"(?:stunden?|stund|std)"  # also Swiss "vier Stund"
_HOURS = re.compile(
    r"\b(\d{1,2}(?:,\d)?)\s+"
    + _HOURS_UNIT
    + r"\s+(?:(?:\w+\s+){0,2}?(?:arbeitszeit|arbeit|berechnet|abgerechnet|verrechnet|aufgeschrieben)"
    # "vier Stunden für den Monteur" (on an invoice), Swiss "vier Stund für de Monteur"
    r"|f(?:ü|ue)r\s+(?:den|de|d|dr)\s+(?:monteur|techniker|mitarbeiter|handwerker|installateur))"
    r"|\barbeitszeit\s+(?:von\s+)?(\d{1,2}(?:,\d)?)\s+" + _HOURS_UNIT
)
# The time the caller says the fitter was there, against what was charged ("war höchstens zwei
# Stunden da", Swiss "isch höchstens zwei Stund do gsi").
_HOURS_THERE = re.compile(
    r"\b(?:nur|höchstens|hoechstens|maximal|max|knapp|bloss|bloß|keine|kei|ned\s+amoi)\s+(\d{1,2}(?:,\d)?)\s+"
    + _HOURS_UNIT
    + r"\s+(?:\w+\s+){0,2}?(?:da|do|dort|vor\s+ort|hier|gsi|gewesen|dagewesen|gearbeitet|gschaffet)\b"
)
# The job applied for ("als Monteur beworben", "Ausbildung zum Anlagenmechaniker").
_JOB_CUE = re.compile(r"bewerb|beworben|\bstelle\b|\bjob\b|ausbildung|lehrstelle|\blehre\b|praktikum|schnupper|gelernte")
_JOB = re.compile(
    r"\b(?:als|zum|zur|gelernte[rn]?)\s+(?:gelernte[rn]?\s+)?([a-zäöüß]{3,}"
    r"(?:\s+(?:mechaniker|installateur|monteur|techniker|elektriker|kaufmann|kauffrau|meister|helfer|bauer))?)\b"
)
_JOB_ENDINGS = (
    "eur", "eurin", "iker", "ikerin", "teur", "teurin", "ker", "kerin", "ler", "lerin", "ner", "nerin", "ger",
    "tiker", "kaufmann", "kauffrau", "kraft", "helfer", "helferin", "geselle", "gesellin", "meister", "meisterin",
    "azubi", "lehrling", "praktikant", "praktikantin", "bauer", "bauerin", "fahrer", "fahrerin", "mann", "frau",
)  # fmt: skip
_NOT_JOBS = frozenset(
    "aber immer einer unser unserer ihrer meiner deiner keiner anderer erster letzter neuer später früher lieber"
    " besser weiter kunde kundin mieter vermieter eigentümer".split()
)
# An estimate accepted ("wir möchten das Angebot annehmen", Swiss "mir würded d Offerte gern aanäh").
_OFFER_WORD = re.compile(r"angebot|offert|voranschlag|\bkva\b")
_ACCEPT = re.compile(
    r"\b(?:annehmen|annehme|annehmed|aanäh|aanneh\w*|anäh|annäh|aanee|angenommen|aagnoh|zusagen|zusage"
    r"|beauftragen|auftrag\s+(?:geben|erteilen)|einverstanden|unterschreiben|unterschrieben)\b"
    # the separable verb around the offer ("wir nehmen das Angebot an", Swiss "mir nämed d Offerte a")
    r"|\b(?:nehmen|nehme|nehmed|nämed|naemed|nämmed|nämme|nehmet)\s+(?:\w+\s+){0,6}?(?:an|a|aa)\b"
    # "das passt, wir nehmen das", "mir nämeds": taken as it is, the "an" left out
    r"|\b(?:wir|mir|mer)\s+(?:nehmen|nämed|nämmed|nehmed)\s*(?:das|des|dat|s|es|ihn|se|sie)\b(?!\s+\w)"
    r"|\b(?:nehmen|nämed|nehmed)\s+(?:wir|mir|mer)\s+(?:das|des|dat|so)\b(?!\s+\w)"
)
# An estimate turned down without the word "ablehnen": another firm chosen ("mir hend üs für en
# andere entschide", "wir haben jemand anderen genommen"), decided otherwise, too expensive.
_DECLINE = re.compile(
    r"\b(?:für|fü|mit)\s+(?:en|einen|eine|einem|ne|nen|an|a|e|ein|jemand)\s+ander\w*\s+(?:\w+\s+){0,2}?"
    r"(?:entschieden|entschide\w*|entschiede\w*|entschlossen|entscheiden)\b"
    r"|\b(?:jemand|jemanden|en|einen|ne|nen|an|e|eine)\s+ander\w*(?:\s+\w+){0,2}?\s+(?:genommen|gnoh|gno|beauftragt|beauftrait|gfunde|gefunden)\b"
    r"|\banders\s+(?:entschieden|entschide\w*|entschiede\w*)\b"
)
# ... or found too dear, which may still be a question of the price ("zu teuer, geht's günstiger?").
_TOO_DEAR = re.compile(r"\b(?:zu|z|ze|z')\s?(?:teuer|tüür|tüer|tür)\b")
_NOT_BEFORE = re.compile(r"\b(?:nicht|nöd|ned|nid|net|kein\w*|ob)\b(?:\s+\S+){0,4}\s*$")


def numbers_as_digits(text: str) -> str:
    """Number words as digits for people who read ("Kessel von 1994", "0,5 bar", "22 Jahre alt")."""
    return _DECIMAL.sub(r"\1,\2", words_to_digits(_clean(text)))


def _prepared(text: str) -> str:
    """Lower case, number words as digits, "null komma fünf" as "0,5"."""
    return numbers_as_digits(text).lower()


def _noun(word: str) -> str:
    return word[:1].upper() + word[1:]


def _turn_facts(text: str) -> list[tuple[str, str, str]]:
    """(kind, phrase, key) for one caller utterance."""
    low = _prepared(text)
    out: list[tuple[str, str, str]] = []
    readings = list(_PRESSURE_READING.finditer(low)) if _PRESSURE_TOLD.search(low) else []
    for match in sorted([*_PRESSURE.finditer(low), *readings], key=lambda m: m.start()):
        value = match.group(1)
        if any(value == o[2].split(" ")[0] for o in out):
            continue  # "bei 0,6 … 0,6 bar": one reading
        if _FILLED.match(low, match.end()):
            # "auf 1,5 bar aufgefüllt": what was filled to, not what the gauge shows now
            out.append(("filled", f"aufgefüllt auf {value} bar", f"{value} bar"))
        else:
            out.append(("pressure", f"Druck {value} bar", f"{value} bar"))
    previous = 0  # the words before an earlier value name that value's place, not this one's
    for match in _TEMPERATURE.finditer(low):
        before = re.findall(r"[^\W\d_]+", low[max(previous, match.start() - 45) : match.start()])[-6:]
        previous = match.end()
        place = next((_TEMPERATURE_PLACES[w] for w in reversed(before) if w in _TEMPERATURE_PLACES), "")
        value = ("minus " if match.group(1) else "") + match.group(2)
        phrase = f"{place} {value} Grad".strip()
        out.append((f"temperature {place}", phrase, f"{value} grad"))
    for match in _AGE.finditer(low):
        if _OWN_AGE.search(low[max(0, match.start() - 40) : match.start()]):
            continue  # "ich bin 80 Jahre alt": the caller, not the installation
        qualifier = (match.group(1) or "").replace("ueber", "über")
        phrase = f"{qualifier} {match.group(2)} Jahre alt".strip()
        out.append(("age", phrase, f"{match.group(2)} jahre"))
    if _INSTALLATION.search(low):
        for match in _YEAR.finditer(low):
            year = match.group(1) or match.group(2)
            out.append(("year", f"Baujahr {year}", year))
    parts = [m.group(1) for m in _PART_RE.finditer(low)]
    for part in dict.fromkeys(parts):
        if part == "ventil" and len(parts) > 1:
            continue  # "das Eckventil … das Ventil": the named one
        out.append((f"part {part}", _noun(part), part))
    for paper in dict.fromkeys(m.group(1) for m in _PAPER_RE.finditer(low)):
        lost = paper not in _REMINDERS and _LOST.search(low) is not None
        wanted = paper not in _REMINDERS and (paper in _COPIES or _WANTED.search(low) is not None)
        phrase = _DOCUMENT_NAMES.get(paper, _noun(paper))
        if lost and wanted:
            phrase += " verloren, Ersatz gewünscht"
        elif lost:
            phrase += " verloren"
        elif wanted:
            phrase += " gewünscht"
        channel = _CHANNEL.search(low)
        if channel and (wanted or lost):
            phrase += " per " + ("Post" if channel.group(1) == "post" else "Fax" if channel.group(1) == "fax" else "Mail")
        # a dialect word ("Mahnig") quoted still gets its standard name, the office files by it
        out.append((f"paper {paper}", phrase, _DOCUMENT_NAMES.get(paper, paper).lower()))
    for match in _TWICE.finditer(low):
        verb = _TWICE_VERBS.get(match.group(2), "erhalten")
        said = "doppelt" if match.group(1) == "doppelt" else "zweimal"
        noun = "Rechnung " if _INVOICE_WORD.search(low) else ""
        phrase = f"{noun}{said} {verb}"
        out.append(("twice", phrase[:1].upper() + phrase[1:], said))
    for match in _AMOUNT.finditer(low):
        value, currency = _amount(match)
        out.append((f"amount {value}", f"Betrag {value} {currency}", value))
    out.extend(_size_facts(low))
    for match in _HOURS.finditer(low):
        hours = match.group(1) or match.group(2)
        unit = "Stunde" if hours == "1" else "Stunden"
        out.append(("hours", f"{hours} {unit} Arbeitszeit berechnet", f"{hours} {unit.lower()}"))
    for match in _HOURS_THERE.finditer(low):
        hours = match.group(1)
        unit = "Stunde" if hours == "1" else "Stunden"
        out.append(("hours there", f"laut Anrufer nur {hours} {unit} vor Ort", f"{hours} {unit.lower()}"))
    if _JOB_CUE.search(low):
        for match in _JOB.finditer(low):
            job = match.group(1)
            last = job.split()[-1]
            if job in _NOT_JOBS or not last.endswith(_JOB_ENDINGS):
                continue
            job = _noun(job.replace(" ", "")) if " " in job else _noun(job)
            kind = "Ausbildung" if re.search(r"ausbildung|lehrstelle|\blehre\b|azubi", low) else "Stelle"
            out.append(("job", f"{kind} als {job}", job.lower()))
            break
    if _OFFER_WORD.search(low):
        for match in _ACCEPT.finditer(low):
            if _NOT_BEFORE.search(low[max(0, match.start() - 40) : match.start()]):
                continue
            out.append(("accept", "möchte das Angebot annehmen", "annehmen"))
            break
        else:
            declined = _DECLINE.search(low)
            dear = _TOO_DEAR.search(low)
            if declined and not _NOT_BEFORE.search(low[max(0, declined.start() - 40) : declined.start()]):
                # why it is declined tells the office more than that it is
                other = (
                    "anders entschieden" if declined.group(0).startswith("anders") else "für einen anderen Anbieter entschieden"
                )
                out.append(("cancel", f"lehnt das Angebot ab, hat sich {other}", "\x00"))
            elif dear and not _NOT_BEFORE.search(low[max(0, dear.start() - 40) : dear.start()]):
                out.append(("dear", "Angebot laut Anrufer zu teuer", dear.group(0)))
    out.extend(_matter_facts(low))
    return out


# A month or a date as said, after words_to_digits ("im november", "vom 12. dezember", "ab märz").
_MONTH = r"(?:(?P<day>\d{1,2})\.?\s+)?(?P<month>" + "|".join(MONTH_DISPLAY) + r")\b"
_STANDARD_CANCEL = ("absag", "abzusagen", "abgesagt", "sag", "stornier", "storno", "abbestell", "cancel", "gecancelt")
_APPOINTMENT_WORD = re.compile(r"termin|wartung|wartig|service|kundendienst|besuch|vorbeikomm|\bkommen\b|\bchunt\b")
_MOVE_OR_CANCEL = re.compile(CANCEL.pattern + r"|\bverschieb\w*|\bverlegen\b|\bumlegen\b")
# An invoice paid already ("die Rechnung hab ich längst bezahlt", Swiss "scho zahlt per e-banking am 12. Dezember").
_PAID = re.compile(r"\b(?:bezahlt|gezahlt|zahlt|überwiesen|ueberwiesen|beglichen|abbucht|abgebucht)\b")
_PAID_BY_ME = re.compile(r"\b(?:scho|schon|bereits|längst|lang|ha|han|hani|hend|händ|hei|hab|habe|haben)\b(?:\s+\S+){0,5}\s*$")
_PAID_DATE = re.compile(r"\b(?:am|vom|im|per)\s+" + _MONTH)
# The document a question is about, by its month ("die Rechnung vom November", "das Angebot aus dem März").
_DOCUMENT = re.compile(r"\b(rechnung|rechnig|rächnig|angebot|offerte|offert|voranschlag|kostenvoranschlag|mahnung|mahnig)\w*")
# The standard name of a document said in dialect or long (also the papers' above: Swiss "Mahnig").
_DOCUMENT_NAMES = {
    "rechnig": "Rechnung",
    "rächnig": "Rechnung",
    "offert": "Offerte",
    "kostenvoranschlag": "Voranschlag",
    "mahnig": "Mahnung",
}
_DOCUMENT_MONTH = re.compile(r"(?:\s+[^\W\d_]+){0,6}?\s+(?:vom|von|vo|aus|im|für|für\s+den|von\s+anfang|von\s+ende)\s+" + _MONTH)
# The start a job application names ("suche eine Stelle ab März", "ab dem 1. April", "ab sofort").
_JOB_START = re.compile(
    r"\b(?:ab|per|zum)\s+(?:(?:dem|den|anfang|mitte|ende)\s+)?(?:" + _MONTH + r"|(?P<now>sofort))"
    # "für September noch einen Ausbildungsplatz": the month said before the job
    r"|\b(?:für|im)\s+(?:anfang\s+|mitte\s+|ende\s+)?(?:"
    + _MONTH.replace("?P<day>", "?P<day2>").replace("?P<month>", "?P<month2>")
    + r")"
    r"(?=\s+(?:\w+\s+){0,3}?(?:ausbildung\w*|lehrstelle|lehre|stelle|praktikum|ausbildungsplatz|anfangen|beginnen|starten)\b)"
)


def _month_text(match: re.Match[str]) -> str:
    groups = match.groupdict()
    day = groups.get("day") or groups.get("day2")
    month = MONTH_DISPLAY[groups.get("month") or groups["month2"]]
    return f"{day}. {month}" if day else month


# Paying an invoice in instalments ("kann ich das in Raten zahlen", CH "chan ich die i Rate zahle",
# "Ratenzahlung", "abstottern").
_INSTALMENTS = re.compile(
    r"\b(?:in|i|auf)\s+(?:\w+\s+)?raten\b|\b(?:i|in)\s+rate\s+zahl\w*|\bratenzahlung\w*|\bratenweise|\babstottern"
)
# A job wanted done before a holiday or the winter ("aber nur wenn er vor Ostere igbaut wird", "bis
# Weihnachten fertig"): the date the office plans the job by.
_SEASONS = {
    "ostere": "Ostern", "oschtere": "Ostern", "oschtern": "Ostern", "wienachte": "Weihnachten", "weihnacht": "Weihnachten",
    "wiehnachte": "Weihnachten", "pfingschte": "Pfingsten", "winter": "dem Winter", "em winter": "dem Winter",
    "dem winter": "dem Winter", "heizperiode": "der Heizperiode", "der heizperiode": "der Heizperiode",
}  # fmt: skip
_BEFORE_SEASON = re.compile(
    r"\b(?:vor\s+|bis\s+(?:zu\s+)?|bis\s+spätestens\s+)(ostern|ostere|oschtere|oschtern|weihnachten|weihnacht|wienachte|wiehnachte"
    r"|pfingsten|pfingschte|(?:dem|em)\s+winter|winter|(?:der\s+)?heizperiode)\b"
)
# What a job replaces ("eine ebenerdige Dusche statt der Wanne", Swiss "e Wärmepumpe anstatt em Ölchessel"):
# the fitter plans the removal too.
_INSTEAD_OF = re.compile(
    r"\b(?:statt|anstatt|anstelle\s+(?:von\s+)?|an\s+stelle\s+(?:von\s+)?)\s*(?:der|dem|des|de|d|dr|em|einer|ere|unserer|unserem|dem\s+alten|der\s+alten|em\s+alte)?\s*"
    r"(\w*(?:wanne|dusche|heizung|heizig|kessel|chessel|therme|boiler|ofen|speicher|pumpe|heizkörper|heizkoerper|radiator\w*|becken|armatur|klo|wc|toilette))\b"
)


def _matter_facts(low: str) -> list[tuple[str, str, str]]:
    """What the caller wants done with the matter and when the paper is from: "Termin absagen",
    "bereits bezahlt am 12. Dezember", "Rechnung vom November", the start of a job applied for."""
    out: list[tuple[str, str, str]] = []
    for match in CANCEL.finditer(low):
        if _NOT_BEFORE.search(low[max(0, match.start() - 40) : match.start()]):
            continue  # "ich will nicht absagen, nur verschieben"
        word = match.group(0)
        # the standard word quoted says it; a dialect one ("abmälde") still gets the label
        key = word if word.startswith(_STANDARD_CANCEL) else "\x00"
        if _OFFER_WORD.search(low) and not _APPOINTMENT_WORD.search(low):
            out.append(("cancel", "lehnt das Angebot ab", key))  # "das Angebot ist uns zu teuer, wir sagen ab"
        else:
            out.append(("cancel", "möchte den Termin absagen", key))
        break
    if _INVOICE_WORD.search(low) or _PAPER_RE.search(low):
        for match in _PAID.finditer(low):
            before = low[max(0, match.start() - 40) : match.start()]
            if _NOT_BEFORE.search(before) or _TWICE.search(low):
                continue  # "noch nicht bezahlt"; "doppelt bezahlt" is its own fact
            if match.group(0) == "zahlt" and not _PAID_BY_ME.search(before):
                continue  # "wer zahlt das": a question, Swiss "ich ha scho zahlt" is paid
            near = low[max(0, match.start() - 50) : match.end() + 50]
            when = _PAID_DATE.search(near)
            paid = f"bezahlt am {_month_text(when)}" if when and when.group("day") else "bezahlt"
            if when and not when.group("day"):
                paid = f"bezahlt im {_month_text(when)}"
            key = _month_text(when).lower() if when else match.group(0)  # "überwiesen" quoted says it
            out.append(("paid", f"laut Anrufer {paid}", key))
            break
    for match in _DOCUMENT.finditer(low):
        month = _DOCUMENT_MONTH.match(low, match.end())
        if month:
            name = _DOCUMENT_NAMES.get(match.group(1), _noun(match.group(1)))
            out.append(("document month", f"{name} vom {_month_text(month)}", _month_text(month).lower()))
            break
    instalments = _INSTALMENTS.search(low)
    if instalments and not _NOT_BEFORE.search(low[max(0, instalments.start() - 40) : instalments.start()]):
        out.append(("instalments", "Ratenzahlung gewünscht", "ratenzahlung"))
    for match in _BEFORE_SEASON.finditer(low):
        season = _SEASONS.get(match.group(1), _noun(match.group(1)))
        out.append(("deadline", f"gewünscht vor {season}", f"gewünscht vor {season.lower()}"))
        break
    for match in _INSTEAD_OF.finditer(low):
        thing = match.group(1)
        # "Wanne" and "Badwanne" stand for the bathtub, the word the office files by
        name = "Badewanne" if thing in ("wanne", "badwanne", "badewanne") else _noun(thing)
        out.append((f"instead {thing}", f"statt {name}", f"statt {thing}"))
    if _JOB_CUE.search(low):
        start = _JOB_START.search(low)
        if start:
            begin = "sofort" if start.group("now") else _month_text(start)
            out.append(("job start", f"Beginn ab {begin}", begin.lower()))
    return out


def caller_facts(turns: Sequence[ContextTurn], shown: str = "", *, numbered: bool = False) -> list[tuple[str, str]]:
    """What the caller said that a technician needs, from every caller turn: measured values
    ("Druck 0,5 bar"), age or year of the installation ("22 Jahre alt", "Baujahr 1994"), the part
    named ("Eckventil"), the paper wanted ("Kopie gewünscht per Mail", "Erlagschein verloren,
    Ersatz gewünscht"), an invoice received twice. A later value of the same kind replaces an
    earlier one (a correction); what ``shown`` already says is left out, and the month of a
    document when it is ``numbered`` (its number finds it). Pairs of (phrase, key)."""
    found: dict[str, tuple[str, str]] = {}
    for turn in turns or ():
        if getattr(turn, "speaker", "") != "caller" or not _clean(turn.text):
            continue
        if takes_matter_back(_clean(turn.text)):
            found.clear()  # "ach nein, eigentlich geht es um die Heizung": the copy wanted before is dropped
        for kind, phrase, key in _turn_facts(turn.text):
            if numbered and kind == "document month":
                continue
            found.pop(kind, None)  # the latest mention last, in the order said
            found[kind] = (phrase, key)
    known = _prepared(shown)
    return [(phrase, key) for phrase, key in found.values() if key not in known]


def _with_facts(problem: str, facts: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """The pressure next to "Druck zu niedrig" ("Druck zu niedrig (0,5 bar)"); the other facts."""
    rest: list[str] = []
    for phrase, key in facts:
        match = re.search(r"Druck zu (?:niedrig|hoch)", problem)
        if phrase.startswith("Druck ") and key.endswith(" bar") and match and "bar" not in problem:
            problem = f"{problem[: match.end()]} ({key}){problem[match.end() :]}"
        else:
            rest.append(phrase)
    return problem, rest


# A question about the call itself, not about the matter ("sind Sie ein Computer oder ein Mensch").
_ABOUT_CALL = re.compile(
    r"\b(?:computer|roboter|maschine|mensch|automat|bandansage|echte[nr]?\s+person|k(?:ü|ue)nstliche"
    r"|bin\s+ich\s+(?:da\s+)?richtig|wer\s+ist\s+(?:da|dran)|mit\s+wem\s+(?:spreche|rede)|h(?:ö|oe)ren\s+sie\s+mich)\b"
)
_ABOUT_CALL_MAX_WORDS = 12
_CORRECTION_LEAD = re.compile(
    r"^(?:(?:ja|also|äh|ähm|ah|oh|ach|och)\W+)*(?:nein|nei|nee|ne|na|nö|noe|entschuldigung|entschuldigen\s+sie|sorry|pardon|halt)\b"
)
_MATTER_LEAD = re.compile(
    r"\b(?:es\s+(?:geht|gaht|goht|gehd)\s+um|um\s+(?:die|den|das|d)\s|wegen|wäg|eigentlich"
    r"|ich\s+(?:wollte|will|möchte|hätte|brauche|rufe)|i\s+(?:wött|wett|wollt|bruuch|rüef|ruef|hätt))\b"
)


# "also eigentlich geht es um die Rechnung", CH "eigentli um d Rechnig": the matter named anew.
_SWITCH_LEAD = re.compile(
    r"^(?:(?:ja|also|äh|ähm|ah|oh|ach|och|aso|nei|nein|nee|na|moment|halt|warten\s+sie|wartens|warte|wart|aber)\W+)*(?:eigentlich|eigetlich|eigentli|eigntlich|vielmehr)\b"
)


def takes_matter_back(text: str) -> bool:
    """ "nei entschuldigung, es gaht um d Rechnig", "also eigentlich um d Rechnig vom Service": what
    was said about the matter before is replaced."""
    low = text.lower()
    lead = _CORRECTION_LEAD.search(low) is not None or _SWITCH_LEAD.search(low) is not None
    return len(text.split()) >= 3 and lead and _MATTER_LEAD.search(low) is not None


def _about_the_call(text: str) -> bool:
    return len(text.split()) <= _ABOUT_CALL_MAX_WORDS and _ABOUT_CALL.search(text.lower()) is not None


def _corrected_number(quote: str, slots: Slots | None) -> bool:
    """Whether ``quote`` has a number the caller corrected later ("Offerte 5518" when 5519 was
    noted): a digit run of the same length as a noted one that differs in one or two digits."""
    noted = {
        re.sub(r"\D", "", text)
        for value in _values(slots).values()
        for text in (value.value, value.normalized)
        if isinstance(text, str) and re.search(r"\d", text)
    }
    for said in re.findall(r"\d{3,}", quote):
        if any(said in number for number in noted):
            continue
        for number in noted:
            if len(number) == len(said) and sum(a != b for a, b in zip(number, said, strict=True)) <= 2:
                return True
    return False


# A number the caller put right later ("es waren ned 140 sondern 114 euro", "es isch 16, nid 14"):
# (said first, meant).
_NOT_BUT = re.compile(
    r"\b(?:nicht|nich|ned|net|nid|nöd|nit|kein\w*)\s+(?:(?:die|der|das|den|de|d|am|um)\s+)?(\d+[a-z]?)\b(?:\s+[^\W\d_]+)?"
    r"\s*,?\s*(?:sondern|sonder|sondan|sunder|sundern)\s+(?:(?:die|der|das|den|de|d|am|um)\s+)?(\d+[a-z]?)\b"
)
_BUT_NOT = re.compile(
    r"\b(?:ist|isch|is|sind|wäre|waren|war|es)\s+(?:(?:die|der|das|de|d)\s+)?(\d+[a-z]?)\s*,?\s*(?:und\s+)?"
    r"(?:nicht|nich|ned|net|nid|nöd|nit)\s+(?:(?:die|der|das|de|d)\s+)?(\d+[a-z]?)\b"
)
_STREET_NUMBER = re.compile(r"^(?P<street>.*?[^\W\d_]{3,})\s+(?P<number>\d+\s?[a-z]?)$", re.IGNORECASE)


def _corrections(turns: Sequence[ContextTurn], quote: str, slots: Slots | None) -> list[tuple[str, str]]:
    """(said first, noted) for each value the caller corrected in a turn other than the quoted one,
    and the house number of the street noted ("bahnhofstrasse 14" when Bahnhofstrasse 16 was noted)."""
    pairs: list[tuple[str, str]] = []
    quoted = _prepared(quote)
    for turn in turns or ():
        if getattr(turn, "speaker", "") != "caller" or not _clean(turn.text):
            continue
        low = _prepared(turn.text)
        if low == quoted:
            continue
        pairs += [(m.group(1), m.group(2)) for m in _NOT_BUT.finditer(low)]
        pairs += [(m.group(2), m.group(1)) for m in _BUT_NOT.finditer(low)]
    street = _STREET_NUMBER.match(_slot(slots, "street"))
    if street:
        name = re.escape(street.group("street").lower())
        noted = street.group("number").replace(" ", "").lower()
        for match in re.finditer(name + r"\s+(\d+\s?[a-z]?)\b", quoted):
            said = match.group(1).replace(" ", "")
            if said != noted:
                pairs.append((match.group(1), street.group("number")))
    return [(said, meant) for said, meant in pairs if said != meant]


def _quote_corrected(quote: str, turns: Sequence[ContextTurn], slots: Slots | None) -> str:
    """The quote with each value the caller corrected later replaced by the one noted, and a
    value taken back in the same breath left out: a technician must not read the house number or
    the amount the caller took back."""
    for said, meant in _corrections(turns, quote, slots):
        quote = re.sub(r"(?<![\d,.])" + re.escape(said) + r"(?![\d,]|\.\d)", meant, quote, flags=re.IGNORECASE)
    return corrected_numbers(quote)


# A long utterance is shortened to its clauses that say what the caller wants, cleaned of greetings
# and fillers and never cut inside a clause, at most this long.
_MAX_GIST = 240
_GIST_MIN_WORDS = 3
_GREETING = re.compile(
    r"^(?:(?:ja|jo|nu|na|also|so|und\s+zwar|und|wohl|grüß\s+(?:sie|dich|euch)|(?:ein\s+)?frohes\s+neues(?:\s+jahr)?(?:\s+erstmal)?|hallo|hallöchen|hello|hi|grüß\s+gott|grüss\s+gott|grüezi(?:\s+mitenand)?|grüessech"
    r"|servus|griaß\s+(?:di|eana|enk)|moin(?:\s+moin|sen)?|tach|(?:schönen\s+)?guten\s+(?:tag|morgen|abend)|schönen\s+(?:tag|abend|morgen)|gue?t(?:e|ä)n?\s+(?:tag|morge|abig|obig|abe)|tag|n\s+abend|entschuldigung"
    r"|entschuldigen\s+sie|sorry|äh|ähm|öhm|öh|hm+)\b[\s,.!]*)+"
)
_FILLER = re.compile(r"\s*\b(?:äh|ähm|öhm|öh|hm+|quasi|sozusagen)\b[,]?", re.IGNORECASE)


def without_greeting(text: str) -> str:
    """ "ja grüß gott der Druck fällt dauernd ab" → "der Druck fällt dauernd ab": a caller's
    sentence kept as a detail (and read back) without the greeting and fillers in front."""
    cleaned = _FILLER.sub("", _GREETING.sub("", text.strip())).strip(" ,")
    return cleaned or text


# Where a new clause starts in speech without punctuation: a conjunction, "da ist …", the matter
# named ("es geht um", "ich möchte"), a question or request ("geht das", "könnten Sie").
_CLAUSE_START = re.compile(
    r"(?<=[,;])\s+|(?<=\D[.!?])\s+|\s+(?=(?:aber|weil|denn|sondern|obwohl|deshalb|deswegen|darum|trotzdem|jedenfalls|jetzt"
    r"|und\s+(?:zwar|dann|jetzt|ich|wir|es|da|mein|meine|unser|unsere)|bei\s+(?:uns|mir)"
    r"|da\s+(?:ist|sind|war|waren|hat|haben|bin|hab|habe|kommt|geht|läuft|leuchtet|steht|tropft)"
    r"|es\s+geht\s+um|(?:ich|i)\s+(?:wollte|will|möchte|hätte|hätt|brauche|bräuchte|ruf|rufe|rüef|rüefe|hab|habe|wohn|wohne|bin|wött)"
    r"|wir\s+(?:haben|hätten|wollten|brauchen|bräuchten|möchten|würden|sind)|(?:ginge|geht|gaht|könnte|könnten|können|könn|kann|chönd|chönnted"
    r"|würde|wäre|soll|sollen|söll)\s+(?:das|des|sie|man|mer|mir|wir|ich|i|jemand|öpper))\b)",
    re.IGNORECASE,
)
_LONG_CLAUSE = 100
_AND = re.compile(
    r"\s+(?=und\s+(?:wenn|am\s+besten|außerdem|auch|bitte|seit|das\s+ist|die\s+ist|der\s+ist|er|sie|man|mir|i|des|ob|wo|so"
    r"|wollte|wollt|will|hat|hatte|hätte|ist|war|soll|sollte|kann|konnte|muss|musste|geht|ging|läuft|lief|macht|kommt|kam)\b)"
    # "… also hier ist die Ilse … aus …": who is calling starts a clause of its own
    r"|\s+(?=(?:also\s+)?(?:hier\s+(?:ist|is|spricht)|mein\s+name\s+ist)\b)",
    re.IGNORECASE,
)
# Whom the caller is; the name is in the summary already.
_INTRODUCTION = re.compile(
    r"\b(?:mein\s+name\s+ist|hier\s+(?:ist|is|spricht)|da\s+spricht|spricht\s+hier|ich\s+bin\s+(?:der|die|de|d)"
    r"|ich\s+heiße|i(?:ch)?\s+bi\s+(?:de|d|dr|die)|do\s+isch|da\s+isch|am\s+apparat"
    # who in a firm is calling: "Bäckerei Sauer, Okafor aus der Buchhaltung"
    r"|(?:aus|von|vo)\s+(?:der|de|dr|d)\s+\w*(?:buchhaltung|verwaltung|praxis|büro|buero|zentrale))\b"
)
_INTRODUCTION_MAX_WORDS = 8
_REQUEST = re.compile(
    r"\b(?:bitte|soll|sollte|sollen|söll|möchte|möchten|wollte|wött|brauche|bräuchte|bräuchten|bruuch|ginge|geht\s+das|gaht\s+das"
    r"|h(?:ä|e)tte?\s+gern|h(?:ä|e)tt\s+gern|hätten\s+gern"
    r"|könnte|könnten|können\s+sie|könn|kann\s+man|chönd|chönnted|wäre|würde|verschieben|absagen|zurückrufen)\b|\?"
)
# A question about the matter ("ob die Montage mit drin ist", "was kostet", "lohnt sich das"): what the
# caller wants to know, even in one new word.
_QUESTION = re.compile(
    r"\bob\b|\bfrage\b|\bwissen\b|\?|\bwas\s+(?:kostet|kosten|gibt|muss|mues)|\bwie\s+(?:viel|teuer|lange)|\blohnt|\bmöglich\b"
)
_CONTRAST = re.compile(r"^(?:aber|sondern|obwohl|nur|leider|trotzdem)\b")
# Words that tell nothing beside the address or the name shown ("ich wohne in der …", "ruf an").
_GIST_EMPTY_WORDS = "wohn wohne wohnen wohnt ruf rufe rufen anrufen spricht grüße"
# Next to details already shown, a clause is quoted only with this many words of at least
# _TELLING_WORD letters that the details lack ("Montage", "Hybridlösung"), at most _MAX_SIDE_GIST long.
_SIDE_GIST_NEW_WORDS = 2
_SIDE_GIST_MIN_WORDS = 5
# Words that tell nothing about the matter however long ("deswegen wäre es gut wenn das bald gemacht wird").
_CHATTER_WORDS = frozenset(
    """
    deswegen deshalb gemacht machen lassen würde würd wollt wissen chönd chönnt chönnted mues muess wött hett möcht
    bräuchte bräucht hätt halt ungefähr irgendwie gesagt gsagt gemeint meinte sagen sagt gehört passiert nämlich
    letzte letzten letztes wirklich eigentlich bitte schnell möglich bekommen gekriegt erhalten übercho becho
    """.split()
)
_TELLING_WORD = 5
_MAX_SIDE_GIST = 180


def _clauses(text: str) -> list[str]:
    """``text`` in clauses, each of at least a few words (a short one joins the next)."""
    parts = [part.strip() for part in _CLAUSE_START.split(text) if part and part.strip(" ,;")]
    # Speech without commas runs on ("… die ist irgendwie weg und am besten per Mail und wenn Sie
    # schon dabei sind …"): a long run is split before each "und" too.
    parts = [piece for part in parts for piece in (_AND.split(part) if len(part) > _LONG_CLAUSE else [part])]
    out: list[str] = []
    carry = ""
    for part in parts:
        part = f"{carry} {part}".strip() if carry else part
        if len(part.split()) < _GIST_MIN_WORDS:
            carry = part
            continue
        carry = ""
        out.append(part)
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    return out


def _is_introduction(clause: str) -> bool:
    """ "da spricht die frau berger": whom the caller is and little more."""
    return len(clause.split()) <= _INTRODUCTION_MAX_WORDS and _INTRODUCTION.search(clause.lower()) is not None


def _clause_score(clause: str, shown: str, kept: list[str], least_new: int = 1) -> int:
    """How much a clause tells the staff: nothing (0) for whom the caller is, for what the summary
    shows already and for a repetition; more for a request, a "but" and a number not shown."""
    low = clause.lower()
    known = f"{shown} {_GIST_EMPTY_WORDS} {' '.join(kept)}"
    if _is_introduction(clause) or _about_the_call(clause) or not _says_more(low, known):
        return 0  # "ist da jemand, ah so, ein Computer": about the call, not the matter
    telling = [w for w in _new_words(low, known, _TELLING_WORD) if w not in _CHATTER_WORDS and w not in DAY_WORDS]
    if least_new > 1 and (
        len(clause.split()) < _SIDE_GIST_MIN_WORDS or (len(telling) < least_new and not (telling and _QUESTION.search(low)))
    ):
        return 0  # "aber ich wollte es nur loswerden": one word more is chatter next to the details
    score = 1 + (min(len(telling), 3) if least_new > 1 else 0)  # beside details: the clause telling most
    if _REQUEST.search(low) or _QUESTION.search(low):
        score += 2
    if _CONTRAST.search(low) or _MATTER_LEAD.search(low):
        score += 1
    if any(number not in shown for number in re.findall(r"\d{3,}", low)):
        score += 1
    return score


def _gist(text: str, shown: str, limit: int = _MAX_GIST, least_new: int = 1) -> str:
    """The clauses of a long utterance that tell what the caller wants, in their order, whole;
    "…" where clauses with content were left out; "" when even the most telling one is too long
    (``limit`` characters in all)."""
    cleaned = _FILLER.sub("", _GREETING.sub("", text.strip())).strip(" ,")
    clauses = _clauses(cleaned)
    scores: list[int] = []
    for index, clause in enumerate(clauses):
        scores.append(_clause_score(clause, shown, clauses[:index], least_new))
    ranked = sorted((i for i, score in enumerate(scores) if score), key=lambda i: (-scores[i], -i))
    chosen: set[int] = set()
    length = 0
    for index in ranked:
        if length + len(clauses[index]) + 2 > limit:
            continue
        chosen.add(index)
        length += len(clauses[index]) + 2
    if not chosen:
        return ""
    # Kept clauses next to each other as said (their commas too), "…" wherever words were left out
    # (only whom the caller is goes silently at the start).
    first = min(chosen)
    out = texts_de.ELLIPSIS if any(not _is_introduction(clauses[i]) for i in range(first)) else ""
    for index in range(first, len(clauses)):
        if index in chosen:
            out = f"{out} {clauses[index]}"
        elif not out.endswith(texts_de.ELLIPSIS):
            out = out.rstrip(" ,;") + " " + texts_de.ELLIPSIS
    return out.strip().rstrip(" ,;")


# Words that carry no matter of their own (a turn of a name and these only introduces the caller).
_FUNCTION_WORDS = frozenset(
    """
    ich mich mir wir uns ihnen ihr sie euch nicht auch noch schon aber oder dann denn wenn weil dass bin bist
    ist sind war waren habe haben hab hat weiß weiss richtig hier dort dies diese dieser eine einer einem einen
    frau herr herrn familie firma bei beim vom von aus mit dem den der die das""".split()
)
# Words that only introduce the caller and their address ("Postleitzahl", "wohnhaft", "hier is").
_INTRODUCTION_WORDS = "postleitzahl plz hausnummer nummer wohnhaft wohnen daheim zuhause hier heiße heisse heiß name namen bins"


def _who(slots: Slots | None) -> str:
    """The caller's name and address as noted, to tell a turn that says only those."""
    return f"{_slot(slots, 'caller_name')} {_slot(slots, 'company')} {_address(slots)}"


def _best_said(turns: Sequence[ContextTurn], who: str = "") -> str | None:
    """The caller's one most telling utterance, numbers as digits; ``None`` when there is none.
    Yes/no and filler answers are none, and so is a turn that only says ``who`` the caller is and
    where they live ("da is die Maria Pichler aus Hittisau, Heimat 217, Postleitzahl 6952")."""
    said = [
        _clean(turn.text)
        for turn in turns or ()
        if getattr(turn, "speaker", "") == "caller" and _clean(turn.text) and not is_filler(_clean(turn.text))
    ]
    names = {word for word in re.findall(r"[^\W\d_]{3,}", who.lower())}
    if names:
        known = f"{who} {_GIST_EMPTY_WORDS} {_INTRODUCTION_WORDS}"

        def introduces(text: str) -> bool:
            words = re.findall(r"[^\W\d_]+", numbers_as_digits(_GREETING.sub("", text.lower())))
            if not names & set(words):
                return False
            told = {w for w in words if len(w) >= 4 and w not in _FUNCTION_WORDS} - set(re.findall(r"[^\W\d_]+", known.lower()))
            return len(told) < _GIST_MIN_WORDS  # "da is die Maria Pichler aus Hittisau, Postleitzahl 6952"

        rest = [text for text in said if not introduces(text)]
        if any(len(text.split()) >= _GIST_MIN_WORDS and not is_refusal(text) for text in rest):
            said = rest  # "das weiß ich nicht" tells less than "Feuer hier, eine Frage zur Rechnung"
    if not said:
        return None
    # The reason is usually said first; names and numbers answered later are short. A question
    # about the call itself ("sind Sie ein Computer?") is no reason; a later turn that takes the
    # matter back ("nei entschuldigung, es gaht um d Rechnig …") replaces what was said before.
    matter = [text for text in said if not _about_the_call(text)] or said
    best = next((text for text in matter if len(text.split()) >= 3), None) or max(matter, key=len)
    later = matter[matter.index(best) + 1 :]
    for text in later:
        if takes_matter_back(text):
            best = text
    # "nein warten Sie, wir sagen ihn ganz ab, das Haus ist verkauft": the move asked for first is no
    # more; the fullest such turn says why
    cancels = [t for t in later if _CORRECTION_LEAD.search(t.lower()) and CANCEL.search(t.lower()) and len(t.split()) >= 4]
    if cancels and best not in cancels and not takes_matter_back(best):
        best = max(cancels, key=len)
    # Numbers as digits for people who read ("über 312 euro", "8472"), the words otherwise as said.
    # "rolf punkt happel at web punkt de" is quoted as the address it is: rolf.happel@web.de
    for start, end, address in reversed(spoken_emails(best)):
        best = f"{best[:start]}{address}{best[end:]}"
    return numbers_as_digits(best)


def _quote(turns: Sequence[ContextTurn], who: str = "") -> str | None:
    """The caller's one most telling utterance, whole; ``None`` when there is none, "" when it is
    too long (then :func:`_gist` or the transcript, never cut)."""
    best = _best_said(turns, who)
    if best is None:
        return None
    if len(best) <= _MAX_QUOTE:
        # "ja guten tag der CO-Melder piept": the greeting tells the staff nothing
        rest = _GREETING.sub("", best).strip(" ,")
        return rest if len(rest.split()) >= _GIST_MIN_WORDS else best
    # Typed text with sentence ends: the whole sentences that fit.
    sentences = re.split(r"(?<=\D[.!?])\s+|(?<=\d[!?])\s+", best)  # "am 4. November" ends no sentence
    kept = ""
    for sentence in sentences:
        if len(kept) + len(sentence) + 1 > _MAX_QUOTE:
            break
        kept = f"{kept} {sentence}".strip()
    return kept if kept and kept != best and re.search(r"[.!?]$", kept) else ""


def _gist_quote(turns: Sequence[ContextTurn], slots: Slots | None, shown: str, limit: int = _MAX_GIST, least_new: int = 1) -> str:
    """The telling clauses of the caller's long utterance (:func:`_gist`), values corrected later
    as noted; "" when none can be kept."""
    best = _best_said(turns, _who(slots))
    gist = _gist(best, shown, limit, least_new) if best else ""
    if gist:
        gist = _quote_corrected(gist, turns, slots)
    return "" if not gist or _corrected_number(gist, slots) else gist


# The room or fixture the fault is at ("Kinderzimmer", "Küche, Spüle"), the size that prices the job
# ("8 Quadratmeter") and what a question is about ("Entkalkung"), when the slots keep them.
SUMMARY_PERSON = slot_label(PERSON_SLOT) + ": {person}"
SUMMARY_LOCATION = slot_label(LOCATION_SLOT) + ": {location}"
SUMMARY_WANTED = slot_label("person") + ": {person}"


def _onset_text(slots: Slots | None) -> str:
    """Since when the fault is there: "seit Samstag, 5.12." (read from the turns after the call)."""
    return _slot(slots, ONSET_SLOT)


def _person_text(slots: Slots | None, shown: str) -> str:
    """Whom the call is about when not the caller: "Mutter Elfriede Lange"; empty when already shown."""
    value = _values(slots).get(PERSON_SLOT)
    if value is None or not value.value:
        return ""
    name = _clean(value.normalized or value.value)
    if name and name.lower() in shown.lower():
        return ""
    return _clean(value.value)


def _company_text(slots: Slots | None, who: str) -> str:
    """The firm the caller speaks for ("Hausverwaltung Kranich"); empty when ``who`` (the contact
    from the address master) already names it."""
    company = _slot(slots, COMPANY_SLOT)
    if not company:
        return ""
    said = {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", company)}
    named = {w.casefold() for w in re.findall(r"[^\W\d_]{3,}", who)}
    return "" if said and said <= named else company


def _new_parts(value: str, shown: str) -> str:
    """The comma parts of ``value`` that ``shown`` does not name yet ("Wohnzimmer, Kinderzimmer"
    next to "Heizkörper im Wohnzimmer" → "Kinderzimmer")."""
    low = shown.lower()
    return ", ".join(part for part in (p.strip() for p in value.split(",")) if part and part.lower() not in low)


def _without_onset(problem: str, onset: str) -> str:
    """The fault without the "seit …" words the onset shows with its date ("Warmwasser kalt seit
    gestern Abend" next to "seit gestern Abend (Montag, 14.12.)")."""
    said = re.split(r"[,(]", onset, maxsplit=1)[0].strip()
    if not said:
        return problem
    cleaned = re.sub(r"\s*,?\s*" + re.escape(said) + r"\b", "", problem, flags=re.IGNORECASE).strip(" ,")
    return cleaned if cleaned != problem else problem


def summarize_local(
    turns: Sequence[ContextTurn],
    task: TaskLike | None,
    slots: Slots,
    *,
    caller: str | None = None,
    timezone: str = "Europe/Berlin",
    now: datetime | None = None,
) -> Summary:
    """Two or three German sentences for the staff about a finished call; never raises. ``now`` is
    the call's start: an onset said as a day ("seit Samstag") gets its date from it."""
    started = time.perf_counter()
    try:
        text = _compose(turns, task, slots, caller, timezone, now)
    except Exception:  # a summary must never break finishing a call
        text = _sentence(texts_de.SUMMARY_NO_TASK)
    return Summary(text=text, engine=ENGINE_NAME, ms=(time.perf_counter() - started) * 1000)


def _open_end(part: str) -> str:
    """A detail without the full stop of the caller's sentence ("… nachfüllen., Druck" never), the
    one of an abbreviation or a date kept ("MwSt.", "5.12.")."""
    part = part.rstrip(" ,;")
    return part[:-1] if re.search(r"[a-zäöüß]{3}\.$", part) else part


def _compose(
    turns: Sequence[ContextTurn], task: TaskLike | None, slots: Slots, caller: str | None, timezone: str, now: datetime | None
) -> str:
    known_caller = _clean(caller) or _slot(slots, "caller_name")
    subject = known_caller or texts_de.SUMMARY_UNKNOWN_CALLER
    company = _company_text(slots, subject)
    if company:  # "Petra Lange (Hausverwaltung Kranich) ruft an wegen …"
        subject = f"{subject} ({company})"
    urgency_slot = _values(slots).get("urgency")
    level = urgency_slot.normalized if urgency_slot else None
    prefix = texts_de.SUMMARY_URGENCY_PREFIX.get(level or "", "")

    task_name = _clean(getattr(task, "name", "") or getattr(task, "id", "")) if task is not None else ""
    problem = problem_text(slots)
    details = base_details = ", ".join(part for part in (problem, _references(slots)) if part)
    # What the caller said in any turn that the details lack: measured values, age, part, wish.
    facts = caller_facts(turns, f"{task_name} {details} {_slot(slots, 'device')}", numbered=bool(_references(slots)))
    fact_words = " ".join(phrase for phrase, _key in facts)

    quote: str | None = None
    if not details or not _slot(slots, "fault"):
        # A device or a document number alone does not say what the caller wants ("Mahnung
        # obwohl bezahlt", "von Öl auf Pellets", "Termin verschieben"): their words do, when
        # they say more than the details and the task.
        quote = _quote(turns, _who(slots))
        if quote and details and (not _says_more(quote, f"{task_name} {details} {fact_words}") or _other_day(quote, slots)):
            quote = None
        if quote:
            quote = _quote_corrected(quote, turns, slots)
        if quote and _corrected_number(quote, slots):
            quote = None  # the number noted is in the details; the one first said would mislead
    # A value the caller took back ("ned 140 sondern 114 euro") is no fact any more.
    taken_back = {said for said, _meant in _corrections(turns, "", None)}
    facts = [(phrase, key) for phrase, key in facts if key.split(" ", 1)[0] not in taken_back]
    if quote:
        quoted = _prepared(quote)
        facts = [(phrase, key) for phrase, key in facts if key not in quoted]
    problem, extra = _with_facts(problem, facts)
    # Since when, where, and for whom: the technician plans by them.
    onset = _onset_text(slots)
    if onset:
        problem = _without_onset(problem, onset)
    shown = f"{task_name} {problem} {_references(slots)}"
    location = _new_parts(_slot(slots, LOCATION_SLOT), shown)
    place = SUMMARY_LOCATION.format(location=location) if location else ""
    # "Stelle als Anlagenmechaniker" said by a fact: the trade is no second topic
    topic = _new_parts(_slot(slots, SUBJECT_SLOT), f"{shown} {' '.join(extra)}")
    quantity = _new_parts(_slot(slots, QUANTITY_SLOT), shown)
    if quantity:  # "300 Liter" kept by the slots: the same size is no second fact
        extra = [phrase for phrase in extra if not any(q.lower() in phrase.lower() for q in quantity.split(", "))]
    # Whom the caller wants to speak to ("den Meister, den Herrn Huber"): the callback goes to them.
    said_wanted = re.sub(r"\bHerrn\b", "Herr", _slot(slots, "person"))
    wanted = SUMMARY_WANTED.format(person=said_wanted) if said_wanted and said_wanted.lower() not in shown.lower() else ""
    parts = (problem, topic, onset, place, quantity, _references(slots), wanted, *extra)
    details = ", ".join(_open_end(part) for part in parts if _open_end(part))
    person = _person_text(slots, f"{known_caller} {details}")

    sentences: list[str] = []
    if task_name:
        first = texts_de.SUMMARY_TASK.format(subject=subject, task=task_name)
        if details:
            first += f": {details}"
        sentences.append(_sentence(prefix + first))
    else:
        first = texts_de.SUMMARY_NO_TASK_FROM.format(subject=subject) if known_caller or company else texts_de.SUMMARY_NO_TASK
        if details:
            first += f" ({details})"
        sentences.append(_sentence(prefix + first))
    if person:  # part of the first sentence: the callback and the address keep their room
        sentences[0] += " " + _sentence(SUMMARY_PERSON.format(person=person))
    shown_all = f"{known_caller} {company} {task_name} {details} {_address(slots)}"
    if quote:
        sentences.append(_sentence(texts_de.SUMMARY_SAID.format(quote=quote)))
    elif base_details or onset or place or topic or quantity or wanted:
        if quote == "":
            # The device or the document alone does not say what the caller wants ("ob die Montage
            # mit drin ist", "lohnt sich eine Hybridlösung"): their telling clauses, when short.
            gist = _gist_quote(turns, slots, shown_all, _MAX_SIDE_GIST, _SIDE_GIST_NEW_WORDS)
            # "nächste Woche Dienstag", corrected later to Mittwoch; the day of the appointment to move stays
            if gist and (not _other_day(gist, slots) or _MOVE_OR_CANCEL.search(gist.lower())):
                sentences.append(_sentence(texts_de.SUMMARY_SAID.format(quote=gist)))
    elif quote == "":
        # Nothing but the task: what the caller wants in their own telling clauses, the transcript
        # only when not even one fits.
        gist = _gist_quote(turns, slots, shown_all)
        sentences.append(_sentence(texts_de.SUMMARY_SAID.format(quote=gist) if gist else SUMMARY_SEE_TRANSCRIPT))
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
