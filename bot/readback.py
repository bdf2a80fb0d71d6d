"""Reading details back to a caller the way a person says them on the phone.

Pure functions, no I/O. Everything returned is German text for speech synthesis:

* phone numbers in national form, digit by digit, in groups with pauses
  (``+491715550101`` → "null eins sieben eins — fünf fünf fünf — null eins — null eins");
* dates and times from :class:`~zentrale.bot.intents.base.SlotValue` in words
  ("morgen Vormittag", "Dienstag, 3. März, 14 Uhr"; "Jänner" for Austria);
* names with their salutation ("Herr Mustermann", "Familie Huber", a company by its name).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import phonenumbers

from zentrale.bot.phrases_de import MONTH_DISPLAY, MONTHS, MONTHS_AT, PARTS_OF_DAY
from zentrale.bot.texts_de import WEEKDAYS
from zentrale.config.phones import format_for_people, is_own_country

__all__ = [
    "GROUP_PAUSE",
    "address_name",
    "digit_groups",
    "display_code",
    "display_phone",
    "months_as_words",
    "speak_code",
    "speak_date",
    "speak_digits",
    "speak_phone",
    "speak_time",
    "staff_name",
]

# What separates spoken digit groups: a dash gives text-to-speech a short pause.
GROUP_PAUSE = " — "

_DIGIT_WORDS = {
    "0": "null",
    "1": "eins",
    "2": "zwei",
    "3": "drei",
    "4": "vier",
    "5": "fünf",
    "6": "sechs",
    "7": "sieben",
    "8": "acht",
    "9": "neun",
}
# On German phones "zwo" is said for 2 so that it cannot be mistaken for "drei".
_DIGIT_WORDS_DE = {**_DIGIT_WORDS, "2": "zwo"}


_PARTS_OF_DAY = {
    **PARTS_OF_DAY,
    "früh": "früh",
    "frueh": "früh",
    "morgens": "früh",
}
_RELATIVE_WORDS = re.compile(
    r"\b(heute|morgen|übermorgen|uebermorgen|nächste[nrs]?|naechste[nrs]?|kommende[nrs]?|diese[nrs]?|woche|"
    r"montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag|sofort|möglich|moeglich|bald|heuer)\b",
    re.IGNORECASE,
)
_CAPITALISE = {
    "vormittag": "Vormittag", "vormittags": "vormittags", "nachmittag": "Nachmittag", "abend": "Abend",
    "mittag": "Mittag", "montag": "Montag", "dienstag": "Dienstag", "mittwoch": "Mittwoch",
    "donnerstag": "Donnerstag", "freitag": "Freitag", "samstag": "Samstag", "sonnabend": "Sonnabend",
    "sonntag": "Sonntag", "woche": "Woche", "jahren": "Jahren", "uhr": "Uhr", "anfang": "Anfang", "mitte": "Mitte", "ende": "Ende",
    **MONTH_DISPLAY,
    # Swiss and Austrian words as speech recognisers write them, said back in standard German
    "namittag": "Nachmittag", "namittags": "nachmittags", "nomittag": "Nachmittag", "morn": "morgen",
    "übermorn": "übermorgen", "mäntig": "Montag", "zischtig": "Dienstag", "mittwuch": "Mittwoch",
    "dunschtig": "Donnerstag", "donschtig": "Donnerstag", "friitig": "Freitag", "fritig": "Freitag",
    "samschtig": "Samstag", "sunntig": "Sonntag", "nächscht": "nächste", "wuche": "Woche",
}  # fmt: skip

_COMPANY_MARKERS = re.compile(
    r"\b(gmbh|ag|kg|og|ohg|gbr|ug|e\.?\s?k\.?|e\.?\s?v\.?|mbh|co\.?|ltd|inc|sarl|sa|stiftung|verwaltung|hausverwaltung|"
    r"firma|gemeinde|stadt|verein|genossenschaft|wohnungsbau\w*|immobilien\w*|bau\w*gesellschaft)\b",
    re.IGNORECASE,
)
_SALUTATIONS = {
    "herr": "Herr",
    "herrn": "Herr",
    "hr": "Herr",
    "frau": "Frau",
    "fr": "Frau",
    "familie": "Familie",
    "fam": "Familie",
    "eheleute": "Familie",
    "herr und frau": "Familie",
    "frau und herr": "Familie",
}


def _words_for(region: str) -> dict[str, str]:
    return _DIGIT_WORDS_DE if (region or "DE").upper() == "DE" else _DIGIT_WORDS


def speak_digits(digits: str, region: str = "DE") -> str:
    """ "10115" → "eins null eins eins fünf"; other characters are dropped."""
    words = _words_for(region)
    return " ".join(words[c] for c in str(digits or "") if c in words)


def _split_subscriber(digits: str) -> list[str]:
    """A subscriber number in groups a person can repeat: a group of three first if the
    length is odd, then pairs ("5550101" → 555 01 01, "555010" → 55 50 10)."""
    if len(digits) <= 3:
        return [digits] if digits else []
    groups: list[str] = []
    rest = digits
    if len(rest) % 2:
        groups.append(rest[:3])
        rest = rest[3:]
    groups.extend(rest[i : i + 2] for i in range(0, len(rest), 2))
    return groups


def _parse(number: str, region: str) -> phonenumbers.PhoneNumber | None:
    text = str(number or "").strip()
    if not text:
        return None
    try:
        return phonenumbers.parse(text, None if text.startswith("+") else (region or "DE").upper())
    except phonenumbers.NumberParseException:
        return None


def digit_groups(number: str, region: str = "DE") -> list[str]:
    """The groups of a phone number as written for people of ``region``.

    A number of the caller's own country is given in national form with its area or mobile
    prefix as the first group ("+491715550101" → ["0171", "555", "01", "01"]); a foreign
    number in international form ("+436645550201" in DE → ["+43", "664", "555", "02", "01"]).
    Text that is no phone number gives its digits in one group.
    """
    parsed = _parse(number, region)
    if parsed is None:
        digits = re.sub(r"\D", "", str(number or ""))
        return [digits] if digits else []
    own = is_own_country(parsed, region)
    formatted = format_for_people(parsed, national=own)
    parts = [re.sub(r"[^\d+]", "", p) for p in re.split(r"[\s\-/()]+", formatted) if re.sub(r"[^\d+]", "", p)]
    if not parts:
        return []
    if own:
        prefix, subscriber = parts[0], "".join(parts[1:])
        if not subscriber:  # a number without a separate prefix: split it as a whole
            return _split_subscriber(prefix)
        return [prefix, *_split_subscriber(subscriber)]
    country, rest = parts[0], parts[1:]
    if len(rest) <= 1:
        return [country, *_split_subscriber("".join(rest))]
    return [country, rest[0], *_split_subscriber("".join(rest[1:]))]


def display_phone(number: str, region: str = "DE") -> str:
    """The number written in its groups: "0171 555 01 01"."""
    return " ".join(digit_groups(number, region))


def speak_phone(number: str, region: str = "DE") -> str:
    """The number for speech: digits as words, groups separated by a pause.

    "+491715550101" → "null eins sieben eins — fünf fünf fünf — null eins — null eins"
    (with "zwo" for 2 in Germany); "+43 ..." → "plus vier drei — ...".
    """
    spoken = []
    for group in digit_groups(number, region):
        words = speak_digits(group, region)
        if group.startswith("+"):
            words = f"plus {words}"
        spoken.append(words)
    return GROUP_PAUSE.join(s for s in spoken if s)


# --------------------------------------------------------------------------------------------
# dates and times


def _month(month: int, region: str) -> str:
    names = MONTHS_AT if (region or "").upper() == "AT" else MONTHS
    return names[month - 1]


def speak_date(day: date, *, today: date | None = None, region: str = "DE") -> str:
    """ "heute", "morgen", "übermorgen", else "Dienstag, 3. März" (year only when not this or next season)."""
    if today is not None:
        delta = (day - today).days
        if delta == 0:
            return "heute"
        if delta == 1:
            return "morgen"
        if delta == 2:
            return "übermorgen"
    text = f"{WEEKDAYS[day.weekday()]}, {day.day}. {_month(day.month, region)}"
    if today is not None and not (0 <= (day - today).days <= 300):
        text += f" {day.year}"
    return text


def _speak_clock(hour: int, minute: int) -> str:
    return f"{hour} Uhr" if minute == 0 else f"{hour} Uhr {minute}"


def _part_of_day(said: str) -> str | None:
    low = said.lower()
    for word, spoken in _PARTS_OF_DAY.items():
        if re.search(rf"\b{word}s?\b", low):
            return spoken
    if re.search(r"\bin der (?:früh|frueh)\b", low):
        return "früh"
    if re.search(r"\bam\s+morgen?\b", low):  # "am Morgen", CH "am morge"; "morgen" alone is tomorrow
        return "Morgen"
    return None


def _with_part(day: str, part: str) -> str:
    """ "Dienstag, 26. Januar, am Nachmittag", "Dienstag, 26. Januar, früh", "morgen früh" (not
    "morgen Morgen"), "heute Abend"."""
    if "," not in day:
        return f"{day} {'früh' if part == 'Morgen' else part}"
    return f"{day}, {part if part == 'früh' else 'am ' + part}"


# A month's week said as one word ("zweite januarwoche") and a day written with its month as a
# number ("(27.–30.12.)", "(Dienstag, 5.1.)"): read back and shown with the month as a word.
_MONTH_WEEK = re.compile(r"\b(" + "|".join(MONTH_DISPLAY) + r")woche\b", re.IGNORECASE)
_DAY_MONTH = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(?!\d)")
_CLOCK_BEFORE = re.compile(r"\b(?:um|gegen|ab|so)\s*$", re.IGNORECASE)  # "um 9.10." is a time


def months_as_words(text: str, region: str = "DE") -> str:
    """ "2. januarwoche (11.–15.1.)" → "2. Januarwoche (11.–15. Januar)"; "(Dienstag, 5.1.)" →
    "(Dienstag, 5. Januar)"; "Jänner" in Austria."""
    text = _MONTH_WEEK.sub(lambda m: MONTH_DISPLAY[m.group(1).lower()] + "woche", text)

    def day(match: re.Match[str]) -> str:
        number, month = int(match.group(1)), int(match.group(2))
        if not (1 <= number <= 31 and 1 <= month <= 12) or _CLOCK_BEFORE.search(text[: match.start()]):
            return match.group(0)
        return f"{number}. {_month(month, region)}"

    return _DAY_MONTH.sub(day, text)


def _as_said(said: str, region: str = "DE") -> str:
    words = re.sub(r"\s+", " ", said).strip(" ,.;:!?").split(" ")
    out = []
    for word in words:
        # a word in brackets or before a comma ("(Dienstag, 5.1.)") is looked up without them
        rest = word.lstrip("([")
        core = rest.rstrip(")],;")
        lead, tail = word[: len(word) - len(rest)], rest[len(core) :]
        key = core.lower()
        shown = _CAPITALISE.get(key, core if core[:1].isupper() and key not in ("am", "um", "ab") else key)
        out.append(f"{lead}{shown}{tail}")
    text = " ".join(out)
    # "am Nachmittag ab 3" → "am Nachmittag ab 15 Uhr": a bare hour after ab/um/gegen/bis gets
    # its "Uhr", in the afternoon or evening (or 1 to 6 without "vormittags") as the afternoon hour.
    later = re.search(r"nachmittag|abend", text, re.IGNORECASE) is not None
    early = re.search(r"vormittag|früh|morgens", text, re.IGNORECASE) is not None

    def hour(match: re.Match[str]) -> str:
        value = int(match.group(2))
        if (later and 1 <= value <= 11) or (not early and 1 <= value <= 6):
            value += 12  # "um drei" at a trade business is 15 Uhr
        return f"{match.group(1)} {value} Uhr"

    def span(match: re.Match[str]) -> str:  # "zwischen 12 und 1" → "zwischen 12 und 13 Uhr"
        first, last = int(match.group(1)), int(match.group(2))
        if (later or (not early and 1 <= first <= 6)) and first <= 11:
            first += 12
        if last < first and last + 12 <= 23:
            last += 12
        return f"zwischen {first} und {last} Uhr"

    text = months_as_words(text, region)
    text = re.sub(r"\bzwischen\s(\d{1,2})\sund\s(\d{1,2})\b(?:\s*[Uu]hr\b)?(?!\s*[.:]\d)", span, text)
    return re.sub(r"\b(ab|um|gegen|bis)\s(\d{1,2})\b(?!\s*(?:[.:]\d|uhr\b|Uhr\b))", hour, text)


def speak_time(
    value: str | None,
    normalized: str | None = None,
    *,
    now: datetime | None = None,
    timezone: str = "Europe/Berlin",
    region: str = "DE",
) -> str:
    """A wished date/time in words.

    Relative wishes are read back as said, which is what the caller recognises
    ("morgen vormittag" → "morgen Vormittag", "nächste Woche" → "nächste Woche"); an exact
    date from ``normalized`` (ISO date or date-time) becomes "Dienstag, 3. März, 14 Uhr"
    ("heute"/"morgen" when ``now`` says so). Without a usable date the words as said.
    """
    said = str(value or "").strip()
    if said and _RELATIVE_WORDS.search(said):
        return _as_said(said, region)
    if normalized and "/" in normalized:
        return _speak_range(said, normalized, now=now, timezone=timezone, region=region)
    moment: datetime | date | None = None
    if normalized:
        try:
            moment = datetime.fromisoformat(normalized) if "T" in normalized else date.fromisoformat(normalized)
        except ValueError:
            moment = None
    if moment is None:
        return _as_said(said, region) if said else ""
    today: date | None = None
    if now is not None:
        try:
            zone = ZoneInfo(timezone)
        except Exception:  # an unknown zone name: read the date without "heute"/"morgen"
            zone = None
        today = (now.astimezone(zone) if zone and now.tzinfo else now).date()
    if isinstance(moment, datetime):
        if moment.tzinfo is not None:
            try:
                moment = moment.astimezone(ZoneInfo(timezone))
            except Exception:  # keep the stored offset
                pass
        text = speak_date(moment.date(), today=today, region=region)
        return (
            f"{text}, {_speak_clock(moment.hour, moment.minute)}"
            if "," in text
            else f"{text} um {_speak_clock(moment.hour, moment.minute)}"
        )
    text = speak_date(moment, today=today, region=region)
    part = _part_of_day(said)
    return _with_part(text, part) if part else text


# "ab 4", "ab 16 Uhr", "ab halb fünf": a start hour said, not only a part of the day.
_FROM_CLOCK = re.compile(r"\bab\s+(?:\d|halb\b|viertel\b|dreiviertel\b)")


def _speak_range(said: str, normalized: str, *, now: datetime | None, timezone: str, region: str) -> str:
    """An ISO range "start/end" (a part of the day, "ab 14 Uhr", "zwischen 8 und 10 Uhr") in words."""
    try:
        start_text, end_text = normalized.split("/", 1)
        start, end = datetime.fromisoformat(start_text), datetime.fromisoformat(end_text)
        zone = ZoneInfo(timezone)
    except (ValueError, KeyError, OSError):
        return _as_said(said, region) if said else ""
    if start.tzinfo is not None:
        start, end = start.astimezone(zone), end.astimezone(zone)
    today = None
    if now is not None:
        today = (now.astimezone(zone) if now.tzinfo else now).date()
    day = speak_date(start.date(), today=today, region=region)
    sep = ", " if "," in day else " "
    if _FROM_CLOCK.search(said.lower()):  # "ab vier nachmittags": the hour said matters more than the part
        return f"{day}{sep}ab {_speak_clock(start.hour, start.minute)}"
    part = _part_of_day(said)
    if part:
        return _with_part(day, part)
    if re.search(r"\bab\b", said.lower()):
        return f"{day}{sep}ab {_speak_clock(start.hour, start.minute)}"
    return f"{day}{sep}zwischen {start.hour} und {_speak_clock(end.hour, end.minute)}"


# --------------------------------------------------------------------------------------------
# error codes and reference numbers

_CODE = re.compile(r"^([A-Za-zÄÖÜ]{1,3})[\s.\-]*(\d[\d.]*)$")


def display_code(code: str | None) -> str:
    """An error code as written for people: "f 28", "F.28", "f achtundzwanzig" as said → "F28"."""
    text = re.sub(r"\s+", " ", str(code or "")).strip()
    match = _CODE.match(text)
    if match:
        return f"{match.group(1).upper()}{match.group(2)}"
    return text.upper() if re.fullmatch(r"[\w.\- ]{1,12}", text) else text


def speak_code(code: str | None, region: str = "DE") -> str:
    """An error code or reference number for speech: letters apart, numbers up to 99 as one
    number, longer digit runs digit by digit ("F28" → "F 28", "E133" → "E eins drei drei",
    "AB2345" → "A B zwei drei vier fünf"); in a document number with a separator every digit
    ("2026/21" → "zwei null zwei sechs Schrägstrich zwei eins")."""
    text = re.sub(r"\s+", "", display_code(code))
    # A number with a separator is a document number ("2026/21"): every digit as said.
    document = bool(re.search(r"\d[-/]\d", text))
    parts: list[str] = []
    for run in re.findall(r"[A-Za-zÄÖÜ]+|\d+|[^\w]", text):
        if run.isdigit():
            parts.append(run if len(run) <= 2 and not document else speak_digits(run, region))
        elif run.isalpha():
            parts.extend(run.upper())
        elif run in "-/":
            parts.append("Strich" if run == "-" else "Schrägstrich")
    return " ".join(parts)


# --------------------------------------------------------------------------------------------
# names


def _salutation(raw: str | None) -> str | None:
    if not raw:
        return None
    key = re.sub(r"[.\s]+", " ", raw.strip().lower()).strip()
    return _SALUTATIONS.get(key)


def _last_name(name: str) -> str:
    text = re.sub(r"\s+", " ", name).strip()
    if "," in text:  # "Mustermann, Max" (the usual address-master order)
        return text.split(",", 1)[0].strip()
    words = text.split(" ")
    # Titles and particles stay with the last name: "Dr. Schmidt", "von Bergen".
    last = [words[-1]]
    for word in reversed(words[:-1]):
        if word.lower() in ("von", "van", "de", "zu", "vom", "dr.", "dr", "prof.", "mag.", "ing.", "di"):
            last.insert(0, word)
        else:
            break
    return " ".join(last)


def address_name(name: str | None, salutation: str | None = None) -> str:
    """How to address a contact: "Herr Mustermann", "Frau Dr. Schmidt", "Familie Huber";
    a company (salutation "Firma" or a legal form in the name) or a contact without a known
    salutation by its name as written."""
    text = re.sub(r"\s+", " ", str(name or "")).strip(" ,")
    if not text:
        return ""
    if (salutation or "").strip().lower().rstrip(".") == "firma" or _COMPANY_MARKERS.search(text):
        return text
    spoken = _salutation(salutation)
    if spoken is None:
        if "," in text:
            last, first = (part.strip() for part in text.split(",", 1))
            return f"{first} {last}".strip()
        return text
    return f"{spoken} {_last_name(text)}"


def staff_name(name: str | None, salutation: str | None = None) -> str:
    """A colleague as the caller hears it: "Frau Berger" with a salutation, else the full name."""
    if salutation:
        return address_name(name, salutation)
    return re.sub(r"\s+", " ", str(name or "")).strip()
