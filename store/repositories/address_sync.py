"""The address sync's state per business (``address_sync_states``): its position, watermark and
the lease that lets one process at a time sync a business.

The lease is taken and renewed with compare-and-set updates on ``lease_owner``: whoever holds it
may write the state; a process whose lease another took over gets ``False`` and stops.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import AddressSyncState, Business, utcnow
from zentrale.store.repositories import insert_ignoring_conflicts


class UnknownBusiness(LookupError):
    """The business has no row yet (the configuration was never mirrored into the store)."""


def _rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


async def acquire_lease(
    session: AsyncSession, business_id: str, owner: str, lease_seconds: float, *, now: datetime | None = None
) -> tuple[bool, AddressSyncState]:
    """Take the sync lease for ``owner`` if it is free, expired or already ``owner``'s. Returns
    whether it was taken and the current state (creating the row on first use)."""
    now = now or utcnow()
    if await session.get(Business, business_id) is None:
        raise UnknownBusiness(business_id)
    await session.execute(
        insert_ignoring_conflicts(session, AddressSyncState, {"business_id": business_id, "updated_at": now}, ["business_id"])
    )
    taken = await session.execute(
        update(AddressSyncState)
        .where(
            AddressSyncState.business_id == business_id,
            or_(
                AddressSyncState.lease_owner.is_(None),
                AddressSyncState.lease_until < now,
                AddressSyncState.lease_owner == owner,
            ),
        )
        .values(lease_owner=owner, lease_until=now + timedelta(seconds=lease_seconds), updated_at=now)
        .execution_options(synchronize_session=False)
    )
    row = await session.scalar(
        select(AddressSyncState).where(AddressSyncState.business_id == business_id).execution_options(populate_existing=True)
    )
    assert row is not None
    return _rowcount(taken) == 1, row


async def save_state(session: AsyncSession, business_id: str, owner: str, lease_seconds: float, **values: Any) -> bool:
    """Update the state and renew the lease, if ``owner`` still holds it (``False``: it does not)."""
    now = utcnow()
    result = await session.execute(
        update(AddressSyncState)
        .where(AddressSyncState.business_id == business_id, AddressSyncState.lease_owner == owner)
        .values(lease_until=now + timedelta(seconds=lease_seconds), updated_at=now, **values)
        .execution_options(synchronize_session=False)
    )
    return _rowcount(result) == 1


async def release_lease(session: AsyncSession, business_id: str, owner: str, *, error: str | None = None) -> None:
    """Give the lease back (and record ``error`` as ``last_error``, if any)."""
    values: dict[str, Any] = {"lease_owner": None, "lease_until": None, "updated_at": utcnow()}
    if error is not None:
        values["last_error"] = error[:2000]
    await session.execute(
        update(AddressSyncState)
        .where(AddressSyncState.business_id == business_id, AddressSyncState.lease_owner == owner)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def get_state(session: AsyncSession, business_id: str) -> AddressSyncState | None:
    return await session.scalar(select(AddressSyncState).where(AddressSyncState.business_id == business_id))
