"""The local copy of the address master and its phone index (caller recognition by E.164)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import phonenumbers
from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import Contact, ContactPhone, PhoneKind, utcnow


@dataclass(frozen=True)
class PhoneInput:
    """A number as the trade software holds it (free text as typed by office staff)."""

    raw: str
    kind: PhoneKind | str = PhoneKind.UNKNOWN
    sms_consent: bool = False


def to_e164(raw: str, region: str) -> str | None:
    """``+4930...`` for a number that parses as valid in ``region`` (for national numbers), else ``None``."""
    try:
        number = phonenumbers.parse(raw, region.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


async def upsert_contact(
    session: AsyncSession,
    business_id: str,
    address_code: str,
    *,
    name: str,
    phones: list[PhoneInput],
    region: str = "DE",
    salutation: str | None = None,
    title: str | None = None,
    name2: str | None = None,
    street: str | None = None,
    zip: str | None = None,
    city: str | None = None,
    country: str | None = None,
    main_sweep_only: bool = False,
    deleted: bool = False,
    remote_updated_at: datetime | None = None,
) -> Contact:
    """Insert or update the contact and replace its phones. ``region`` resolves national numbers
    (the contact's ``country`` wins when present)."""
    fields = dict(
        name=name, salutation=salutation, title=title, name2=name2, street=street, zip=zip, city=city,
        country=country.upper() if country else None, main_sweep_only=main_sweep_only, deleted=deleted,
        remote_updated_at=remote_updated_at, synced_at=utcnow(),
    )
    contact = await get_contact(session, business_id, address_code)
    if contact is None:
        contact = Contact(business_id=business_id, address_code=address_code, **fields)
        session.add(contact)
        await session.flush()
    else:
        for key, value in fields.items():
            setattr(contact, key, value)
        await session.execute(
            delete(ContactPhone).where(ContactPhone.business_id == business_id, ContactPhone.contact_id == contact.id)
        )
    number_region = fields["country"] or region
    for phone in phones:
        session.add(
            ContactPhone(
                business_id=business_id,
                contact_id=contact.id,
                raw=phone.raw,
                e164=to_e164(phone.raw, number_region),
                kind=PhoneKind(phone.kind).value,
                sms_consent=phone.sms_consent,
            )
        )
    await session.flush()
    return contact


async def get_contact(session: AsyncSession, business_id: str, address_code: str) -> Contact | None:
    return await session.scalar(
        select(Contact).where(Contact.business_id == business_id, Contact.address_code == address_code)
    )


async def find_contacts_by_e164(session: AsyncSession, business_id: str, e164: str) -> list[Contact]:
    """Contacts (not deleted) with this number; several when a number is shared (a family, a firm)."""
    query = (
        select(Contact)
        .join(ContactPhone, ContactPhone.contact_id == Contact.id)
        .where(
            ContactPhone.business_id == business_id,
            ContactPhone.e164 == e164,
            Contact.business_id == business_id,
            Contact.deleted.is_(False),
        )
        .distinct()
        .order_by(Contact.id)
    )
    return list(await session.scalars(query))


async def list_phones(session: AsyncSession, business_id: str, contact_id: int) -> list[ContactPhone]:
    query = (
        select(ContactPhone)
        .where(ContactPhone.business_id == business_id, ContactPhone.contact_id == contact_id)
        .order_by(ContactPhone.id)
    )
    return list(await session.scalars(query))
