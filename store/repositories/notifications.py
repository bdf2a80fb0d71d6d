"""Notifications (SMS / e-mail to staff and callers) and their delivery status.

Core statements on a sync ``Connection`` for the outbox handlers' one-hop writes
(``Database.run_read`` / ``run_write``), plus async reads for the inbox. Every query is scoped by
``business_id``; status callbacks find rows by Twilio's MessageSid (``provider_id``).

Statuses only move forward (:data:`STATUS_RANK`): a late "sent" after "delivered" changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import Activity, Call, Contact, Notification, NotificationStatus, utcnow

NOTIFICATIONS = cast(Table, Notification.__table__)
_C = NOTIFICATIONS.c
_CALLS = cast(Table, Call.__table__)
_CONTACTS = cast(Table, Contact.__table__)
_ACTIVITIES = cast(Table, Activity.__table__)

STATUS_RANK = {
    NotificationStatus.PENDING.value: 0,
    NotificationStatus.HELD.value: 0,
    NotificationStatus.QUEUED.value: 1,
    NotificationStatus.SENT.value: 2,
    NotificationStatus.DELIVERED.value: 3,
    NotificationStatus.UNDELIVERED.value: 3,
    NotificationStatus.FAILED.value: 3,
}
# Twilio's MessageStatus values → ours (unknown ones are ignored).
TWILIO_STATUS = {
    "accepted": "queued",
    "scheduled": "queued",
    "queued": "queued",
    "sending": "queued",
    "sent": "sent",
    "delivered": "delivered",
    "read": "delivered",
    "undelivered": "undelivered",
    "failed": "failed",
    "canceled": "failed",
}
FINAL_FAILURES = frozenset({NotificationStatus.UNDELIVERED.value, NotificationStatus.FAILED.value})


def find_in(
    conn: Any,
    business_id: str,
    *,
    activity_id: str | None,
    staff_key: str | None,
    kind: str,
    channel: str,
    subject: str | None = None,
    match_subject: bool = False,
) -> Any:
    """The existing row for this person, channel and occasion (the guard against sending twice)."""
    query = select(NOTIFICATIONS).where(_C.business_id == business_id, _C.kind == kind, _C.channel == channel)
    query = query.where(_C.activity_id.is_(None) if activity_id is None else _C.activity_id == activity_id)
    query = query.where(_C.staff_key.is_(None) if staff_key is None else _C.staff_key == staff_key)
    if match_subject:
        query = query.where(_C.subject == subject)
    return conn.execute(query.order_by(_C.id).limit(1)).first()


def insert_in(conn: Any, values: dict[str, Any]) -> int:
    now = values.get("created_at") or utcnow()
    row = {"status": NotificationStatus.PENDING.value, "body": "", "created_at": now, "updated_at": now, **values}
    return int(conn.execute(NOTIFICATIONS.insert().values(**row).returning(_C.id)).scalar_one())


def get_in(conn: Any, business_id: str, notification_id: int) -> Any:
    return conn.execute(select(NOTIFICATIONS).where(_C.business_id == business_id, _C.id == notification_id)).first()


def mark_sent_in(conn: Any, business_id: str, ids: Iterable[int], *, provider_id: str, status: str, now: datetime) -> int:
    """Record the provider's id and status (one write with the hand-over); only rows not yet sent."""
    ids = list(ids)
    if not ids:
        return 0
    return int(
        conn.execute(
            update(NOTIFICATIONS)
            .where(
                _C.business_id == business_id,
                _C.id.in_(ids),
                _C.status.in_([NotificationStatus.PENDING.value, NotificationStatus.HELD.value]),
            )
            .values(provider_id=provider_id, status=status, sent_at=now, updated_at=now, error=None)
        ).rowcount
        or 0
    )


def mark_failed_in(conn: Any, business_id: str, notification_id: int, error: str, *, now: datetime) -> bool:
    return (
        _rowcount(
            conn.execute(
                update(NOTIFICATIONS)
                .where(
                    _C.business_id == business_id,
                    _C.id == notification_id,
                    _C.status.in_([NotificationStatus.PENDING.value, NotificationStatus.HELD.value]),
                )
                .values(status=NotificationStatus.FAILED.value, error=error, updated_at=now)
            )
        )
        == 1
    )


def held_in(conn: Any, business_id: str, staff_key: str, channel: str) -> list[Any]:
    """The person's notifications held for the quiet hours on ``channel``, oldest first."""
    return list(
        conn.execute(
            select(NOTIFICATIONS)
            .where(
                _C.business_id == business_id,
                _C.staff_key == staff_key,
                _C.channel == channel,
                _C.status == NotificationStatus.HELD.value,
            )
            .order_by(_C.created_at, _C.id)
        ).all()
    )


def by_provider_id_in(conn: Any, provider_id: str) -> list[Any]:
    """Rows carrying Twilio's MessageSid (a digest SMS stands for several held rows)."""
    return list(conn.execute(select(NOTIFICATIONS).where(_C.provider_id == provider_id).order_by(_C.id)).all())


def apply_status_in(conn: Any, business_id: str, provider_id: str, status: str, *, error: str | None, now: datetime) -> list[Any]:
    """Move the rows with ``provider_id`` forward to ``status`` (ours, see :data:`TWILIO_STATUS`);
    rows already further along are left alone. Returns the rows that changed (before the change)."""
    rank = STATUS_RANK[status]
    changed = []
    for row in conn.execute(select(NOTIFICATIONS).where(_C.business_id == business_id, _C.provider_id == provider_id)).all():
        if STATUS_RANK.get(row.status, 0) >= rank:
            continue
        values: dict[str, Any] = {"status": status, "updated_at": now}
        if error is not None:
            values["error"] = error
        result = conn.execute(update(NOTIFICATIONS).where(_C.id == row.id, _C.status == row.status).values(**values))
        if _rowcount(result) == 1:
            changed.append(row)
    return changed


def _rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


# -- what a notification's text needs (sync Connection) ----------------------------------------


def call_in(conn: Any, business_id: str, call_id: str) -> Any:
    """The call an activity came from (its summary, caller number, slots and contact)."""
    return conn.execute(select(_CALLS).where(_CALLS.c.business_id == business_id, _CALLS.c.id == call_id)).first()


def contact_name_in(conn: Any, business_id: str, *, contact_id: int | None = None, address_code: str | None = None) -> str | None:
    """The name of a contact, by id or by its address code in the trade software."""
    query = select(_CONTACTS.c.name).where(_CONTACTS.c.business_id == business_id)
    if contact_id is not None:
        query = query.where(_CONTACTS.c.id == contact_id)
    elif address_code is not None:
        query = query.where(_CONTACTS.c.address_code == address_code)
    else:
        return None
    name = conn.scalar(query.limit(1))
    return None if name is None else str(name)


def activity_kinds_in(conn: Any, business_id: str, activity_ids: Sequence[str]) -> list[Any]:
    """``(id, type, created_at)`` of the given activities (for a digest's lines)."""
    if not activity_ids:
        return []
    return list(
        conn.execute(
            select(_ACTIVITIES.c.id, _ACTIVITIES.c.type, _ACTIVITIES.c.created_at).where(
                _ACTIVITIES.c.business_id == business_id, _ACTIVITIES.c.id.in_(list(activity_ids))
            )
        ).all()
    )


# -- for the inbox (async sessions) -----------------------------------------------------------


async def list_for_activity(session: AsyncSession, business_id: str, activity_id: str) -> list[Notification]:
    """The activity's notifications, oldest first (the inbox shows their status)."""
    return list(
        await session.scalars(
            select(Notification)
            .where(Notification.business_id == business_id, Notification.activity_id == activity_id)
            .order_by(Notification.created_at, Notification.id)
            .execution_options(populate_existing=True)
        )
    )


async def reply_for_activity(session: AsyncSession, business_id: str, activity_id: str) -> Notification | None:
    """The reply SMS to the caller, if one was written (one per activity)."""
    return await session.scalar(
        select(Notification)
        .where(
            Notification.business_id == business_id,
            Notification.activity_id == activity_id,
            Notification.kind == "reply",
        )
        .order_by(Notification.id)
        .limit(1)
        .execution_options(populate_existing=True)
    )
