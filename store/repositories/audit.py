"""The audit log: who did which admin action of a business, and when.

:func:`record` is called inside the transaction of the action it records (the entry and the
change commit together, or neither does); like every repository it takes a session, is scoped by
``business_id`` and never commits. ``details`` carry only what the admin page shows - never a
phone number, a password or a token.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import AuditEntry, utcnow

ACTOR_CLI = "cli"  # a `zentrale` command
ACTOR_CONFIG = "config"  # the start-up mirror of the YAML (sync_business)
RECENT = 20

# Keys ``details`` may carry; anything else is refused, so that no caller slips a number in.
ALLOWED_DETAILS = frozenset({"user", "firm", "tenant", "missing_rights", "until", "from", "to", "valid_until"})


class AuditAction(StrEnum):
    TRADE_CONNECTED = "trade_connected"
    TRADE_DISCONNECTED = "trade_disconnected"
    STAFF_INVITED = "staff_invited"
    STAFF_BLOCKED = "staff_blocked"
    STAFF_UNBLOCKED = "staff_unblocked"
    ACCESS_EXPIRY_SET = "access_expiry_set"
    ACCESS_EXPIRY_CLEARED = "access_expiry_cleared"
    ROLE_CHANGED = "role_changed"


async def record(
    session: AsyncSession,
    business_id: str,
    actor: str,
    action: AuditAction | str,
    *,
    subject: str | None = None,
    details: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> AuditEntry:
    """Add one entry to the session (flushed, not committed)."""
    if not actor:
        raise ValueError("an audit entry needs an actor")
    unknown = set(details or {}) - ALLOWED_DETAILS
    if unknown:
        raise ValueError(f"audit details may not carry {sorted(unknown)}")
    entry = AuditEntry(
        business_id=business_id,
        actor=actor[:64],
        action=AuditAction(action).value,
        subject=subject,
        details=dict(details or {}),
        created_at=now or utcnow(),
    )
    session.add(entry)
    await session.flush()
    return entry


async def list_recent(session: AsyncSession, business_id: str, *, limit: int = RECENT) -> list[AuditEntry]:
    """The business's newest entries first."""
    rows = await session.scalars(
        select(AuditEntry)
        .where(AuditEntry.business_id == business_id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return list(rows)
