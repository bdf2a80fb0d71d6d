"""Caller lookup: who is calling, from the local copy of the address master.

The caller's number (Twilio's ``From``) is read as E.164 and looked up with one indexed query on
``contact_phones(business_id, e164)``; numbers were normalised when the address sync stored them
(:func:`zentrale.config.phones.numbers_in_field`). Withheld callers never match, nor do fax
numbers or deleted contacts. A number shared by several contacts (a family, a firm) gives all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.config.phones import caller_e164
from zentrale.store.repositories import contacts


@dataclass(frozen=True)
class CallerMatch:
    address_code: str
    name: str
    matched_raw: str  # the stored spelling that matched, exactly as typed in the trade software
    kind: str  # landline / mobile / unknown (fax never matches)
    salutation: str | None = None  # "Herr", "Frau", "Familie", "Firma" as in the address master

    def as_json(self) -> dict[str, str]:
        return {"address_code": self.address_code, "name": self.name, "matched": self.matched_raw, "kind": self.kind}


async def lookup_caller(session: AsyncSession, business_id: str, caller_number: str | None, *, region: str) -> list[CallerMatch]:
    """The contacts of ``business_id`` the caller's number belongs to: none, one or several
    (one entry per contact, with the first matching spelling). ``region`` reads a national
    ``caller_number`` (the business's region)."""
    e164 = caller_e164(caller_number, region)
    if e164 is None:
        return []
    return [
        CallerMatch(match.address_code, match.name, match.raw, match.kind, match.salutation)
        for match in await contacts.match_callers(session, business_id, e164)
    ]
