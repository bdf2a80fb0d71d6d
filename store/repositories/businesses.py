"""Businesses and their staff, synchronised from the YAML configuration.

Roles come from the YAML only; when the mirror sees a staff member's role differ from the stored
one, it writes an audit entry (actor ``config``) in the same transaction.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import Business, StaffMember, StaffRole
from zentrale.store.repositories import audit


async def sync_business(session: AsyncSession, business_config: Any) -> Business:
    """Upsert the business and its staff from a loaded config.

    ``business_config`` needs ``.business.id``, ``.business.name`` and ``.staff`` (items with
    ``id, name, mobile, email, trade_user, teams, role``). Staff that left the config become
    inactive (their activities still point at them); staff that come back are active again.
    A changed role is recorded in the audit log (actor ``config``).
    """
    business_id = business_config.business.id
    business = await session.get(Business, business_id)
    if business is None:
        business = Business(id=business_id, name=business_config.business.name)
        session.add(business)
    elif business.name != business_config.business.name:
        business.name = business_config.business.name
    await session.flush()

    existing = {
        member.staff_key: member
        for member in (await session.scalars(select(StaffMember).where(StaffMember.business_id == business_id)))
    }
    seen: set[str] = set()
    for entry in business_config.staff or []:
        fields = {
            "name": entry.name,
            "mobile": getattr(entry, "mobile", None),
            "email": getattr(entry, "email", None),
            "trade_user": getattr(entry, "trade_user", None),
            "teams": list(getattr(entry, "teams", None) or []),
            "role": getattr(entry, "role", None),
            "active": True,
        }
        seen.add(entry.id)
        member = existing.get(entry.id)
        if member is None:
            session.add(StaffMember(business_id=business_id, staff_key=entry.id, **fields))
        else:
            before, after = _role(member.role), _role(fields["role"])
            if before != after:
                await audit.record(
                    session,
                    business_id,
                    audit.ACTOR_CONFIG,
                    audit.AuditAction.ROLE_CHANGED,
                    subject=entry.id,
                    details={"from": before, "to": after},
                )
            for key, value in fields.items():
                if getattr(member, key) != value:
                    setattr(member, key, value)
    for key, member in existing.items():
        if key not in seen and member.active:
            member.active = False
    await session.flush()
    return business


def _role(value: Any) -> str:
    """The role as stored and compared: a missing one is ``staff`` (the YAML's default)."""
    return str(value or StaffRole.STAFF.value)


async def get_business(session: AsyncSession, business_id: str) -> Business | None:
    return await session.get(Business, business_id)


async def list_staff(session: AsyncSession, business_id: str, *, include_inactive: bool = False) -> list[StaffMember]:
    query = select(StaffMember).where(StaffMember.business_id == business_id).order_by(StaffMember.id)
    if not include_inactive:
        query = query.where(StaffMember.active.is_(True))
    return list(await session.scalars(query))


async def get_staff(session: AsyncSession, business_id: str, staff_key: str) -> StaffMember | None:
    return await session.scalar(
        select(StaffMember).where(StaffMember.business_id == business_id, StaffMember.staff_key == staff_key)
    )
