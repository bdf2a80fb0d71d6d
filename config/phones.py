"""Phone number normalisation (pure functions, no I/O).

Everything zentrale stores or compares is E.164 (``+4930555010``). Admins and office staff
type numbers in many national styles ("030 555 010", "0049 30 555010", "+49 (0)30 555-010");
:func:`to_e164` turns one configured number into that form using the business's region.

For caller recognition, :func:`numbers_in_field` reads *every* number in a free-text phone
field of the trade software's address master (comments, extensions, two numbers in one field),
and :func:`caller_e164` / :func:`is_withheld` read the caller's side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import phonenumbers


def to_e164(raw: str, region: str) -> str:
    """Normalise ``raw`` to E.164, reading national numbers as numbers of ``region`` (ISO alpha-2).

    Raises ``ValueError`` with an English message when the text is not a valid phone number.
    """
    if not isinstance(raw, str):
        raise ValueError(f"a phone number must be text, not {type(raw).__name__}")
    text = raw.strip()
    if not text:
        raise ValueError("the phone number is empty")
    region_code = (region or "").strip().upper()
    if region_code not in phonenumbers.SUPPORTED_REGIONS:
        raise ValueError(f"unknown phone region {region!r}; use an ISO country code such as DE, AT or CH")
    try:
        parsed = phonenumbers.parse(text, region_code)
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"{raw!r} is not a phone number ({_parse_reason(exc)})") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"{raw!r} is not a valid phone number for region {region_code} or in international form")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


# A number the numbering-plan data do not know (a new mobile range, a made-up looking one) is still
# written down as said when it has at least this many digits after the trunk 0 and starts and is
# as long as a mobile or landline number of its country: a receptionist notes what the caller
# says; a postcode or a number a digit short never gets here.
_UNLISTED_MIN_DIGITS = 9
_UNWANTED_TYPES = frozenset({phonenumbers.PhoneNumberType.PREMIUM_RATE})


def spoken_callback_number(raw: str, region: str) -> tuple[str, str] | None:
    """A callback number a caller said, as ``(spelling, E.164)``, or ``None``.

    The one rule for numbers callers say (the dialogue's slots and their validation): said with
    its 0, 00 or +; valid, or (not in the plan data) with at least nine digits after the trunk 0
    and the prefix and length of a mobile or landline number; never a premium-rate number. The spelling is national for ``region``'s numbers
    ("0151 5550310"), international for others ("+41 79 123 45 67").
    """
    text = re.sub(r"\(0\)", "", raw)
    text = re.sub(r"[^\d+]", "", text)
    if text.count("+") > 1 or ("+" in text and not text.startswith("+")):
        return None
    if not text.startswith(("+", "0")):
        return None  # "10115", "301234567": a postcode or a number without its 0 is not dialable as said
    if not 7 <= len(text.lstrip("+")) <= 17:
        return None
    region_code = (region or "").strip().upper()
    if region_code not in phonenumbers.SUPPORTED_REGIONS:
        region_code = "DE"
    try:
        number = phonenumbers.parse(text, region_code)
    except phonenumbers.NumberParseException:
        return None
    if number.extension:
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    own = number.country_code == phonenumbers.country_code_for_region(region_code)
    if phonenumbers.is_valid_number(number):
        if phonenumbers.number_type(number) in _UNWANTED_TYPES:
            return None
    elif len(phonenumbers.national_significant_number(number)) < _UNLISTED_MIN_DIGITS or not _unlisted_of_its_kind(number):
        return None
    return format_for_people(number, national=own), e164


def format_for_people(number: phonenumbers.PhoneNumber, *, national: bool) -> str:
    """How people write ``number``: national ("0171 5550101") or international ("+43 664
    1234567"). A number the plan data cannot group (not listed) keeps its trunk 0 and shows its
    prefix apart: "0151 5550310", "+49 1515550310"."""
    if phonenumbers.is_valid_number(number):
        style = phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        return phonenumbers.format_number(number, style)
    nsn = phonenumbers.national_significant_number(number)
    return f"0{nsn[:3]} {nsn[3:]}" if national else f"+{number.country_code} {nsn}"


def is_own_country(number: phonenumbers.PhoneNumber, region: str) -> bool:
    """Whether ``number`` belongs to the country of ``region`` (by its country code, so an
    unlisted number counts too)."""
    return number.country_code == phonenumbers.country_code_for_region((region or "DE").strip().upper())


def _unlisted_of_its_kind(number: phonenumbers.PhoneNumber) -> bool:
    """Whether a number the plan data do not list starts like a mobile or landline number of its
    country and has a length such numbers have ("0151 5550310"; not "0171 555010", a digit short,
    nor "0900 …", a premium-rate prefix)."""
    if number.country_code is None:
        return False
    regions = phonenumbers.region_codes_for_country_code(number.country_code)
    meta = phonenumbers.PhoneMetadata.metadata_for_region(regions[0]) if regions else None
    if meta is None:
        return False
    nsn = phonenumbers.national_significant_number(number)
    for desc in (meta.mobile, meta.fixed_line):
        if desc is None or not desc.national_number_pattern or len(nsn) not in (desc.possible_length or ()):
            continue
        pattern = re.compile(desc.national_number_pattern)
        if any(pattern.fullmatch((nsn + "0" * length)[:length]) for length in desc.possible_length):
            return True
    return False


def _parse_reason(exc: phonenumbers.NumberParseException) -> str:
    reasons = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
        phonenumbers.NumberParseException.NOT_A_NUMBER: "no digits that form a number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
        phonenumbers.NumberParseException.TOO_LONG: "too long",
    }
    return reasons.get(exc.error_type, "cannot be parsed")


# --------------------------------------------------------------------------------------------
# Caller lookup: every number in a free-text phone field of the address master, and callers.

# Country values trade software holds besides ISO codes (old licence-plate style "D-12345 Berlin").
_COUNTRY_ALIASES = {"D": "DE", "A": "AT", "FL": "LI", "GER": "DE", "AUT": "AT", "SUI": "CH"}

# Twilio's ``From`` for withheld, restricted and unknown callers (see Twilio's "Anonymous and
# restricted caller ID" docs), plus the words some carriers and SIP trunks send instead.
WITHHELD_NUMBERS = frozenset({"+266696687", "+7378742833", "+2562533", "+8656696", "+86282452253"})
_WITHHELD_WORDS = frozenset({"anonymous", "restricted", "unknown", "private", "unavailable", "withheld", "blocked"})

# Longest E.164 number (ITU-T E.164: 15 digits after the "+").
_E164_MAX_DIGITS = 15
# A "-12" after a valid number is an extension (Durchwahl) of at most this many digits.
_MAX_DASH_EXTENSION = 4
_MAX_MARKED_EXTENSION = 6

_TOKEN = re.compile(
    r"(?P<trunk>\(\s*0\s*\))"  # "(0)": the trunk prefix written after a country code
    r"|(?P<ext>\b(?:durchwahl|durchw|dw|klappe|kl|nebenstelle|nst|apparat|app|ext|extension)\b\.?\s*:?\s*(?=\d))"
    r"|(?P<plus>\+)"
    r"|(?P<digits>\d+)"
    r"|(?P<word>[^\W\d_]+\.?:?)"
    r"|(?P<soft>[ \t\u00a0\-\u2010-\u2015./()\[\]]+)"
    r"|(?P<hard>.)",
    re.IGNORECASE | re.UNICODE | re.DOTALL,
)
_FAX_WORDS = frozenset({"fax", "telefax", "fax-nr", "faxnr"})


@dataclass(frozen=True)
class NormalizedPhone:
    """One number found in a phone field.

    ``e164`` is the number itself (for a direct-dial spelling "0316/123456-12" the main number
    ``+43316123456``); ``extension`` the direct-dial digits, if any, and ``full_e164`` the main
    number with them appended (``+4331612345612``), which is what a direct-dial caller presents.
    ``raw`` is the part of the field the number was read from. ``fax`` is set when the field
    itself says so ("Fax: 030 123457").
    """

    e164: str
    raw: str
    extension: str | None = None
    full_e164: str | None = None
    fax: bool = False

    @property
    def match_keys(self) -> tuple[str, ...]:
        """The E.164 values a caller may present for this number (main number, then full number)."""
        return (self.e164,) if self.full_e164 is None else (self.e164, self.full_e164)


@dataclass
class _Item:
    digits: str
    start: int
    end: int
    sep: str = ""  # separator before this item inside the chunk: "", " ", "-", "/"
    plus: bool = False
    marked_ext: bool = False


@dataclass
class _Chunk:
    items: list[_Item] = field(default_factory=list)
    fax: bool = False


def country_code(country: str | None) -> str | None:
    """An address's country as ISO alpha-2 ("D" and "A" as trade software often holds them
    resolved), or ``None`` if it names no region phonenumbers knows."""
    code = (country or "").strip().upper()
    code = _COUNTRY_ALIASES.get(code, code)
    return code if code in phonenumbers.SUPPORTED_REGIONS else None


def phone_region(country: str | None, default_region: str) -> str:
    """The region national numbers of an address are read in: its ``country`` if usable, else the default."""
    code = country_code(country)
    if code is not None:
        return code
    default = (default_region or "").strip().upper()
    return default if default in phonenumbers.SUPPORTED_REGIONS else "DE"


def numbers_in_field(raw: str, *, country: str | None, default_region: str) -> list[NormalizedPhone]:
    """Every phone number in a free-text field as office staff type them.

    Handles separators, "(0)" after a country code, "00"/"+" prefixes, "(030)" area codes,
    extension suffixes ("-12", "DW 12", "Kl. 12"), comments ("(Handy)", "priv.", "nur abends"),
    and several numbers in one field ("030 123456 / 0171 5550123", "... oder ..."). National
    numbers are read in the address's ``country``, else ``default_region``. Letters only or
    digits that form no valid number give ``[]``. Never raises for any text.
    """
    if not isinstance(raw, str) or not raw.strip():
        return []
    region = phone_region(country, default_region)
    found: list[NormalizedPhone] = []
    seen: set[str] = set()
    for chunk in _chunks(raw):
        for group in _partition(chunk.items, region):
            main, ext, full = group[0]
            if main in seen and full is None:
                continue
            seen.add(main)
            items = group[1]
            start = items[0].start
            while start > 0 and raw[start - 1] in "(+":  # "+49 ..." and "(030) ..." belong to the number
                start -= 1
            found.append(
                NormalizedPhone(
                    e164=main,
                    raw=raw[start : items[-1].end].strip(),
                    extension=ext,
                    full_e164=full,
                    fax=chunk.fax,
                )
            )
    return found


def _chunks(text: str) -> list[_Chunk]:
    """Split the field into runs of digits that may belong together (words and , ; break runs)."""
    chunks: list[_Chunk] = [_Chunk()]
    sep = ""
    plus_pending = False
    trunk_pending = False
    ext_pending = False
    fax_pending = False
    trunk_start = 0

    def hard_break() -> None:
        nonlocal sep, plus_pending, trunk_pending, ext_pending
        if chunks[-1].items:
            chunks.append(_Chunk())
        sep, plus_pending, trunk_pending, ext_pending = "", False, False, False

    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind == "digits":
            chunk = chunks[-1]
            if plus_pending and chunk.items:  # "+" always starts a new number
                chunks.append(_Chunk(fax=chunk.fax))
                chunk = chunks[-1]
            if not chunk.items:
                chunk.fax = fax_pending
                fax_pending = False
            digits = ("0" + value) if trunk_pending else value
            start = match.start() if not trunk_pending else trunk_start
            chunk.items.append(
                _Item(
                    digits=digits,
                    start=start,
                    end=match.end(),
                    sep=sep if chunk.items else "",
                    plus=plus_pending,
                    marked_ext=ext_pending,
                )
            )
            sep, plus_pending, trunk_pending, ext_pending = "", False, False, False
        elif kind == "trunk":
            items = chunks[-1].items
            after_country_code = len(items) == 1 and (items[0].plus or items[0].digits.startswith("00"))
            if after_country_code:
                sep = sep or " "
            else:  # "(0)30 123456" without a country code: the 0 is part of the national number
                trunk_pending = True
                trunk_start = match.start()
        elif kind == "ext":
            ext_pending = True
        elif kind == "plus":
            if chunks[-1].items:
                hard_break()
            plus_pending = True
        elif kind == "soft":
            if "/" in value:
                sep = "/"
            elif sep != "/" and ("-" in value or any("\u2010" <= ch <= "\u2015" for ch in value)):
                sep = "-"
            elif not sep:
                sep = " "
        else:  # a word, or a character that never occurs inside a number
            word = value.rstrip(".:").lower()
            hard_break()
            if kind == "word" and word in _FAX_WORDS:
                fax_pending = True
    return [chunk for chunk in chunks if chunk.items]


def _parse_valid(text: str, region: str) -> str | None:
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        return None
    if number.extension or not phonenumbers.is_valid_number(number):
        return None
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return e164 if len(e164) - 1 <= _E164_MAX_DIGITS else None


def _digits_of(items: list[_Item]) -> str:
    return ("+" if items[0].plus else "") + "".join(item.digits for item in items)


_Reading = tuple[str, str | None, str | None]  # (main e164, extension, full e164)


def _read_group(items: list[_Item], region: str) -> _Reading | None:
    """The number these items spell, with an extension if they end in one; ``None`` if invalid."""
    last = items[-1]
    if any(item.marked_ext for item in items[:-1]):
        return None
    if last.marked_ext:  # "030 123456 DW 12"
        if len(items) < 2 or len(last.digits) > _MAX_MARKED_EXTENSION:
            return None
        main = _parse_valid(_digits_of(items[:-1]), region)
        if main is None:
            return None
        return main, last.digits, _parse_valid(main + last.digits, region)
    if len(items) >= 2 and last.sep == "-" and len(last.digits) <= _MAX_DASH_EXTENSION:
        main = _parse_valid(_digits_of(items[:-1]), region)
        if main is not None:  # "0316/123456-12": a valid number, then a short suffix
            return main, last.digits, _parse_valid(main + last.digits, region)
    whole = _parse_valid(_digits_of(items), region)
    return None if whole is None else (whole, None, None)


def _partition(items: list[_Item], region: str) -> list[tuple[_Reading, list[_Item]]]:
    """Split a run of digit groups into numbers: cover as many groups as possible with valid
    numbers, using as few numbers as possible. A number starts only at a group beginning with
    "+" or "0" (DE/AT/CH subscriber numbers never start with 0), and always at a "+"."""
    whole = _read_group(items, region) if not any(item.plus for item in items[1:]) else None
    if whole is not None:
        return [(whole, items)]
    n = len(items)
    # best[i] = (groups covered, -numbers, plan) for items[i:]
    best: list[tuple[int, int, list[tuple[_Reading, int, int]]]] = [(0, 0, [])] * (n + 1)
    for i in range(n - 1, -1, -1):
        candidate = (best[i + 1][0], best[i + 1][1], best[i + 1][2])  # skip items[i]
        head = items[i]
        if head.plus or head.digits.startswith("0"):
            digit_count = 0
            for j in range(i + 1, n + 1):
                if j > i + 1 and items[j - 1].plus:
                    break
                digit_count += len(items[j - 1].digits)
                if digit_count > _E164_MAX_DIGITS + 4:
                    break
                reading = _read_group(items[i:j], region)
                if reading is None:
                    continue
                rest = best[j]
                option = (rest[0] + (j - i), rest[1] - 1, [(reading, i, j), *rest[2]])
                if (option[0], option[1]) > (candidate[0], candidate[1]):
                    candidate = option
        best[i] = candidate
    return [(reading, items[i:j]) for reading, i, j in best[0][2]]


def is_withheld(number: str | None) -> bool:
    """``True`` for a caller without a usable number: empty, "anonymous", "restricted",
    "unknown", or one of the numbers Twilio sends for withheld/blocked caller IDs."""
    if number is None:
        return True
    text = str(number).strip()
    if not text:
        return True
    if text.lower().lstrip("+") in _WITHHELD_WORDS:
        return True
    digits = "".join(ch for ch in text if ch.isdigit())
    if not digits:
        return False  # not withheld, just not a number (e.g. "client:alice"): caller_e164 gives None
    candidates = {"+" + digits, "+" + digits[2:] if digits.startswith("00") else "+" + digits}
    return bool(candidates & WITHHELD_NUMBERS)


def caller_e164(from_value: str | None, region: str) -> str | None:
    """The caller's number in E.164 (Twilio's ``From``; national forms read in ``region``),
    or ``None`` if the number is withheld or not a phone number."""
    if is_withheld(from_value):
        return None
    # Stored numbers are valid ones: nothing else can match.
    e164 = _parse_valid(str(from_value).strip(), phone_region(None, region))
    return None if e164 in WITHHELD_NUMBERS else e164
