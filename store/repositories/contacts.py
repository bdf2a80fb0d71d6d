"""The local copy of the address master and its phone index (caller recognition by E.164).

Phones are normalised when they are stored: every number found in a free-text field becomes one
``contact_phones`` row per E.164 value a caller may present (a direct-dial spelling
"0316/123456-12" gives the main number and the full number), ``raw`` keeps the field as typed.
A field without any number keeps one row with ``e164`` NULL, so nothing typed is lost.
Lookups are one indexed query on ``contact_phones(business_id, e164)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, CursorResult, and_, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.config.phones import country_code, numbers_in_field, phone_region
from zentrale.store.models import Contact, ContactPhone, PhoneKind, utcnow

# Column widths of the tables (values from the trade software are cut to fit, never refused).
_WIDTHS = {
    "address_code": 64,
    "name": 200,
    "salutation": 50,
    "title": 50,
    "name2": 200,
    "street": 200,
    "zip": 16,
    "city": 100,
}
_RAW_WIDTH = 100
_E164_WIDTH = 20
# Rows per INSERT statement: well below SQLite's and asyncpg's bind-parameter limits.
_CHUNK = 1000


@dataclass(frozen=True)
class PhoneInput:
    """A number as the trade software holds it (free text as typed by office staff)."""

    raw: str
    kind: PhoneKind | str = PhoneKind.UNKNOWN
    sms_consent: bool = False


@dataclass(frozen=True)
class ContactInput:
    """One address of the address master, as the sync stores it."""

    address_code: str
    name: str
    phones: Sequence[PhoneInput] = ()
    salutation: str | None = None
    title: str | None = None
    name2: str | None = None
    street: str | None = None
    zip: str | None = None
    city: str | None = None
    country: str | None = None
    main_sweep_only: bool = False
    remote_updated_at: datetime | None = None


@dataclass(frozen=True)
class PhoneMatch:
    """A contact whose stored phone matched a caller's number."""

    contact_id: int
    address_code: str
    name: str
    raw: str
    kind: str
    salutation: str | None = None


@dataclass
class UpsertCounts:
    contacts: int = 0
    phones: int = 0
    ids: dict[str, int] = field(default_factory=dict)


def _cut(value: str | None, width: int) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= width else text[:width]


def phone_rows(phones: Iterable[PhoneInput], *, country: str | None, region: str) -> list[dict[str, Any]]:
    """The ``contact_phones`` rows (without ids) for one contact's phone fields.

    One row per E.164 value a caller may present; a fax number (by kind, or "Fax" written in the
    field) is stored with kind ``fax`` and never matches callers; duplicates within the contact
    are dropped; a field without a number keeps one row with ``e164`` = ``None``.
    """
    rows: list[dict[str, Any]] = []
    seen: set[tuple[str | None, str]] = set()
    for phone in phones:
        raw = str(phone.raw or "")
        kind = PhoneKind(phone.kind).value if phone.kind in PhoneKind._value2member_map_ else PhoneKind.UNKNOWN.value
        numbers = numbers_in_field(raw, country=country, default_region=region)
        keys: list[tuple[str | None, str]] = []
        for number in numbers:
            number_kind = PhoneKind.FAX.value if number.fax else kind
            keys.extend((key, number_kind) for key in number.match_keys if len(key) <= _E164_WIDTH)
        if not keys:
            if not raw.strip():
                continue
            keys = [(None, kind)]
        for e164, number_kind in keys:
            if e164 is not None and (e164, number_kind) in seen:
                continue
            seen.add((e164, number_kind))
            rows.append({"raw": _cut(raw, _RAW_WIDTH), "e164": e164, "kind": number_kind, "sms_consent": bool(phone.sms_consent)})
    return rows


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def upsert_contacts(
    session: AsyncSession,
    business_id: str,
    contacts: Sequence[ContactInput],
    *,
    region: str,
    synced_at: datetime | None = None,
) -> UpsertCounts:
    """Insert or update many contacts at once (``INSERT ... ON CONFLICT DO UPDATE``) and replace
    their phones in bulk. Deleted contacts that come back are live again. ``region`` resolves
    national numbers when a contact has no usable ``country``."""
    counts = UpsertCounts()
    if not contacts:
        return counts
    synced_at = synced_at or utcnow()
    by_code: dict[str, ContactInput] = {}
    for contact in contacts:  # a code twice in one batch: the later one wins (ON CONFLICT can't touch a row twice)
        by_code[_cut(contact.address_code, _WIDTHS["address_code"]) or ""] = contact
    rows = []
    for code, contact in by_code.items():
        rows.append(
            {
                "business_id": business_id,
                "address_code": code,
                "name": _cut(contact.name or "", _WIDTHS["name"]),
                "salutation": _cut(contact.salutation, _WIDTHS["salutation"]),
                "title": _cut(contact.title, _WIDTHS["title"]),
                "name2": _cut(contact.name2, _WIDTHS["name2"]),
                "street": _cut(contact.street, _WIDTHS["street"]),
                "zip": _cut(contact.zip, _WIDTHS["zip"]),
                "city": _cut(contact.city, _WIDTHS["city"]),
                "country": country_code(contact.country),
                "main_sweep_only": bool(contact.main_sweep_only),
                "deleted": False,
                "remote_updated_at": contact.remote_updated_at,
                "synced_at": synced_at,
            }
        )
    # One cached statement, executed for many rows ("insertmanyvalues": batched multi-row
    # INSERT ... ON CONFLICT DO UPDATE ... RETURNING on both SQLite and PostgreSQL).
    table = Contact.__table__
    stmt = _insert(session)(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.business_id, table.c.address_code],
        set_={key: stmt.excluded[key] for key in rows[0] if key not in {"business_id", "address_code"}},
    ).returning(table.c.id, table.c.address_code)
    connection = await session.connection()
    for start in range(0, len(rows), _CHUNK):
        result = await connection.execute(stmt, rows[start : start + _CHUNK])
        counts.ids.update({code: contact_id for contact_id, code in result.all()})
    counts.contacts = len(rows)
    ids = list(counts.ids.values())
    for start in range(0, len(ids), _CHUNK):
        await connection.execute(
            delete(ContactPhone).where(
                ContactPhone.business_id == business_id, ContactPhone.contact_id.in_(ids[start : start + _CHUNK])
            )
        )
    phones: list[dict[str, Any]] = []
    for code, contact in by_code.items():
        number_region = phone_region(contact.country, region)
        for row in phone_rows(contact.phones, country=number_region, region=region):
            row.update(business_id=business_id, contact_id=counts.ids[code])
            phones.append(row)
    if phones:
        await connection.execute(insert(ContactPhone), phones)
    counts.phones = len(phones)
    return counts


async def mark_deleted(
    session: AsyncSession, business_id: str, address_codes: Sequence[str], *, synced_at: datetime | None = None
) -> int:
    """Tombstones: mark these contacts deleted and drop their phones. Returns how many were live."""
    if not address_codes:
        return 0
    codes = list({_cut(code, _WIDTHS["address_code"]) for code in address_codes})
    live = 0
    for start in range(0, len(codes), _CHUNK):
        part = codes[start : start + _CHUNK]
        ids = select(Contact.id).where(Contact.business_id == business_id, Contact.address_code.in_(part))
        await session.execute(
            delete(ContactPhone).where(ContactPhone.business_id == business_id, ContactPhone.contact_id.in_(ids))
        )
        result = await session.execute(
            update(Contact)
            .where(Contact.business_id == business_id, Contact.address_code.in_(part), Contact.deleted.is_(False))
            .values(deleted=True, synced_at=synced_at or utcnow())
            .execution_options(synchronize_session=False)
        )
        live += cast(CursorResult[Any], result).rowcount
    return live


async def sweep_not_synced_since(session: AsyncSession, business_id: str, synced_before: datetime) -> int:
    """After a full sync: contacts the trade software no longer has (not seen since ``synced_before``)
    are marked deleted and lose their phones. Returns how many."""
    stale = select(Contact.id).where(
        Contact.business_id == business_id, Contact.synced_at < synced_before, Contact.deleted.is_(False)
    )
    await session.execute(delete(ContactPhone).where(ContactPhone.business_id == business_id, ContactPhone.contact_id.in_(stale)))
    result = await session.execute(
        update(Contact)
        .where(Contact.business_id == business_id, Contact.synced_at < synced_before, Contact.deleted.is_(False))
        .values(deleted=True)
        .execution_options(synchronize_session=False)
    )
    return int(cast(CursorResult[Any], result).rowcount)


async def get_contact(session: AsyncSession, business_id: str, address_code: str) -> Contact | None:
    return await session.scalar(select(Contact).where(Contact.business_id == business_id, Contact.address_code == address_code))


# One statement, compiled once: live contacts with a non-fax phone indexed under this E.164.
MATCH_QUERY = (
    select(Contact.id, Contact.address_code, Contact.name, ContactPhone.raw, ContactPhone.kind, Contact.salutation)
    .select_from(ContactPhone)
    .join(Contact, and_(Contact.id == ContactPhone.contact_id, Contact.business_id == ContactPhone.business_id))
    .where(
        ContactPhone.business_id == bindparam("business_id"),
        ContactPhone.e164 == bindparam("e164"),
        ContactPhone.kind != PhoneKind.FAX.value,
        Contact.deleted.is_(False),
    )
    .order_by(Contact.address_code, ContactPhone.id)
)


async def match_phone(session: AsyncSession, business_id: str, e164: str) -> list[PhoneMatch]:
    """Every (contact, stored spelling) whose phone is indexed under ``e164``: deleted contacts
    and fax numbers excluded; a contact can appear once per matching spelling."""
    # Core execution on the session's connection: no ORM machinery on the hot path of every call.
    connection = await session.connection()
    result = await connection.execute(MATCH_QUERY, {"business_id": business_id, "e164": e164})
    return [PhoneMatch(*row) for row in result.all()]


def one_per_contact(matches: Iterable[PhoneMatch]) -> list[PhoneMatch]:
    """The first matching spelling of each contact, in the order of :data:`MATCH_QUERY`."""
    found: dict[str, PhoneMatch] = {}
    for match in matches:
        found.setdefault(match.address_code, match)
    return list(found.values())


def match_callers_in(conn: Connection, business_id: str, e164: str) -> list[PhoneMatch]:
    """The contacts a caller with ``e164`` may be, once each (see :func:`one_per_contact`), on a
    sync ``Connection`` (``Database.run_read``: the greeting of every call waits for it)."""
    rows = conn.execute(MATCH_QUERY, {"business_id": business_id, "e164": e164}).all()
    return one_per_contact(PhoneMatch(*row) for row in rows)


async def match_callers(session: AsyncSession, business_id: str, e164: str) -> list[PhoneMatch]:
    """:func:`match_callers_in` in an async session: one entry per contact."""
    return one_per_contact(await match_phone(session, business_id, e164))


async def list_phones(session: AsyncSession, business_id: str, contact_id: int) -> list[ContactPhone]:
    query = (
        select(ContactPhone)
        .where(ContactPhone.business_id == business_id, ContactPhone.contact_id == contact_id)
        .order_by(ContactPhone.id)
    )
    return list(await session.scalars(query))
