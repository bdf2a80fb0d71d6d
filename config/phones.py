"""Phone number normalisation (pure functions, no I/O).

Everything zentrale stores or compares is E.164 (``+4930555010``). Admins and office staff
type numbers in many national styles ("030 555 010", "0049 30 555010", "+49 (0)30 555-010");
:func:`to_e164` turns them into one form using the business's region for national numbers.
"""

from __future__ import annotations

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


def _parse_reason(exc: phonenumbers.NumberParseException) -> str:
    reasons = {
        phonenumbers.NumberParseException.INVALID_COUNTRY_CODE: "unknown country code",
        phonenumbers.NumberParseException.NOT_A_NUMBER: "no digits that form a number",
        phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD: "too short after the international prefix",
        phonenumbers.NumberParseException.TOO_SHORT_NSN: "too short",
        phonenumbers.NumberParseException.TOO_LONG: "too long",
    }
    return reasons.get(exc.error_type, "cannot be parsed")
