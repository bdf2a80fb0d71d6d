"""The transactional outbox: every effect outside the process is a row written in the same
transaction as the state that caused it, and delivered later by a worker.

- :func:`enqueue` runs in the caller's transaction; the same ``(business_id, kind, dedupe_key)``
  twice is a no-op that returns the first row (idempotency in the database, not in memory).
- :func:`claim` leases due messages to one worker in its own short transaction. PostgreSQL uses
  ``SELECT ... FOR UPDATE SKIP LOCKED`` so concurrent workers take disjoint rows without waiting;
  SQLite serialises claimers with ``BEGIN IMMEDIATE`` (see :mod:`zentrale.store.db`). Rows whose
  lease expired (a worker died mid-delivery) are claimed again.
- :func:`complete`, :func:`retry_later` and :func:`dead` take the caller's session and only act
  while the worker still holds the lease; they return ``False`` when the lease was lost.
- A worker in the same process need not wait for its next poll: :func:`add_commit_listener`
  registers a callback that runs right after a transaction that enqueued something commits
  (workers in other processes find the row on their next poll).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, cast

from sqlalchemy import Connection as Connection  # re-exported: see below
from sqlalchemy import Table, and_, event, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from zentrale.store.db import Database
from zentrale.store.models import OutboxMessage, OutboxStatus, utcnow
from zentrale.store.repositories import insert_ignoring_conflicts

# ``Connection``: the handle of the one-hop writes (``Database.run_write``) that the ``*_in``
# functions and the worker's settle callbacks take; outside store/ it is imported from here.


class OutboxKind(StrEnum):
    """Every kind of message the outbox carries: one name each, for the writers and the worker."""

    TRADE_ACTIVITY_CREATE = "trade.activity.create"  # dedupe = activity id
    TRADE_ACTIVITY_UPDATE = "trade.activity.update"  # dedupe "<activity_id>:<uuid4>": one row per change
    TRADE_ACTIVITY_CONVERT = "trade.activity.convert"  # dedupe = activity id: one order per activity
    NOTIFY_ACTIVITY = "notify.activity"
    NOTIFY_FOLLOW_UP = "notify.follow_up"
    NOTIFY_DEAD_LETTER = "notify.dead_letter"
    NOTIFY_DIGEST = "notify.digest"
    NOTIFY_EMAIL_FALLBACK = "notify.email_fallback"
    SMS_REPLY = "sms.reply"

    @classmethod
    def trade(cls) -> tuple[OutboxKind, ...]:
        """The kinds that go to the trade software (and wait while it needs a new login)."""
        return (cls.TRADE_ACTIVITY_CREATE, cls.TRADE_ACTIVITY_UPDATE, cls.TRADE_ACTIVITY_CONVERT)


MAX_ERROR_CHARS = 2000
_TABLE = cast(Table, OutboxMessage.__table__)
_ENQUEUED = "zentrale.outbox.enqueued"  # session.info flag: this transaction enqueued something
_commit_listeners: list[Callable[[], None]] = []


def add_commit_listener(callback: Callable[[], None]) -> None:
    """Call ``callback()`` (no arguments, must not block) after every commit that enqueued a message."""
    _commit_listeners.append(callback)


def remove_commit_listener(callback: Callable[[], None]) -> None:
    try:
        _commit_listeners.remove(callback)
    except ValueError:
        pass


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.info.pop(_ENQUEUED, False):
        for callback in list(_commit_listeners):
            callback()


@event.listens_for(Session, "after_rollback")
def _after_rollback(session: Session) -> None:
    session.info.pop(_ENQUEUED, None)


@dataclass(frozen=True)
class ClaimedMessage:
    """A leased message, detached from any session."""

    id: int
    business_id: str
    kind: str
    payload: dict[str, Any]
    dedupe_key: str
    attempts: int
    lease_owner: str
    lease_until: datetime


def message_values(
    business_id: str,
    kind: str,
    payload: dict[str, Any],
    dedupe_key: str,
    *,
    available_at: datetime | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The row :func:`enqueue` inserts, for a Core ``INSERT ... ON CONFLICT DO NOTHING`` in a
    one-hop write (``Database.run_write``); call :func:`notify_enqueued` after its commit."""
    now = now or utcnow()
    return {
        "business_id": business_id,
        "kind": kind,
        "payload": payload,
        "dedupe_key": dedupe_key,
        "status": OutboxStatus.PENDING.value,
        "attempts": 0,
        "available_at": available_at or now,
        "created_at": now,
    }


def insert_message(connection: Any, values: dict[str, Any]) -> Any:
    """``INSERT`` of :func:`message_values` that does nothing for a known dedupe key."""
    return insert_ignoring_conflicts(connection, OutboxMessage, values, ["business_id", "kind", "dedupe_key"])


def enqueue_in(
    conn: Any,
    business_id: str,
    kind: str,
    payload: dict[str, Any],
    dedupe_key: str,
    *,
    available_at: datetime | None = None,
    now: datetime | None = None,
) -> None:
    """:func:`enqueue` for a sync ``Connection`` (the one-hop writes of ``Database.run_write``);
    call :func:`notify_enqueued` after the commit."""
    conn.execute(insert_message(conn, message_values(business_id, kind, payload, dedupe_key, available_at=available_at, now=now)))


def note_problem_in(conn: Any, message_id: int, problem: str) -> None:
    """Keep a German problem (for people) as the waiting message's ``last_error``."""
    conn.execute(update(_TABLE).where(_TABLE.c.id == message_id).values(last_error=problem[:MAX_ERROR_CHARS]))


def _rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


def notify_enqueued() -> None:
    """Wake this process's workers after a commit that enqueued through :func:`insert_message`."""
    for callback in list(_commit_listeners):
        callback()


async def enqueue(
    session: AsyncSession,
    business_id: str,
    kind: str,
    payload: dict[str, Any],
    dedupe_key: str,
    *,
    available_at: datetime | None = None,
) -> OutboxMessage:
    """Add a message in the caller's transaction; a repeat with the same key returns the existing row."""
    values = message_values(business_id, kind, payload, dedupe_key, available_at=available_at)
    await session.execute(insert_message(session, values))
    session.info[_ENQUEUED] = True
    message = await session.scalar(
        select(OutboxMessage).where(
            OutboxMessage.business_id == business_id,
            OutboxMessage.kind == kind,
            OutboxMessage.dedupe_key == dedupe_key,
        )
    )
    if message is None:  # pragma: no cover - the row was inserted above or already existed
        raise RuntimeError(f"outbox message {kind}/{dedupe_key} vanished during enqueue")
    return message


def _claimable(now: datetime) -> Any:
    return or_(
        and_(OutboxMessage.status == OutboxStatus.PENDING.value, OutboxMessage.available_at <= now),
        and_(OutboxMessage.status == OutboxStatus.IN_FLIGHT.value, OutboxMessage.lease_until < now),
    )


async def claim(
    db: Database,
    worker_id: str,
    limit: int = 10,
    lease_seconds: float = 60,
    *,
    kinds: list[str] | None = None,
    now: datetime | None = None,
) -> list[ClaimedMessage]:
    """Lease up to ``limit`` due messages to ``worker_id`` for ``lease_seconds``; oldest first.

    One short write (``Database.run_write``): the outbox shares SQLite's write lock with the
    webhooks of running calls, so it holds it for three statements, not for round trips."""
    now = now or utcnow()
    lease_until = now + timedelta(seconds=lease_seconds)
    table = _TABLE
    query = (
        select(table.c.id)
        .where(_claimable(now))
        .order_by(table.c.available_at, table.c.id)
        .limit(limit)
        .with_for_update(skip_locked=True)  # rendered on PostgreSQL; SQLite holds the write lock
    )
    if kinds:
        query = query.where(table.c.kind.in_(kinds))

    def write(conn: Any) -> list[ClaimedMessage]:
        ids = list(conn.scalars(query))
        if not ids:
            return []
        conn.execute(
            update(table)
            .where(table.c.id.in_(ids))
            .values(
                status=OutboxStatus.IN_FLIGHT.value,
                lease_owner=worker_id,
                lease_until=lease_until,
                attempts=table.c.attempts + 1,
            )
        )
        rows = conn.execute(
            select(table.c.id, table.c.business_id, table.c.kind, table.c.payload, table.c.dedupe_key, table.c.attempts)
            .where(table.c.id.in_(ids))
            .order_by(table.c.available_at, table.c.id)
        ).all()
        return [
            ClaimedMessage(
                id=row.id,
                business_id=row.business_id,
                kind=row.kind,
                payload=dict(row.payload),
                dedupe_key=row.dedupe_key,
                attempts=row.attempts,
                lease_owner=worker_id,
                lease_until=lease_until,
            )
            for row in rows
        ]

    return await db.run_write(write)


async def due_at(db: Database, *, kinds: list[str] | None = None) -> datetime | None:
    """:func:`next_due` as one read of its own (``Database.run_read``), for a worker's polls."""
    pending, leased = _due_queries(kinds, None)

    def read(conn: Any) -> datetime | None:
        moments = [m for m in (conn.scalar(pending), conn.scalar(leased)) if m is not None]
        return min(moments) if moments else None

    return await db.run_read(read)


def _settle_statement(message_id: int, worker_id: str, **values: Any) -> Any:
    return (
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == OutboxStatus.IN_FLIGHT.value,
            OutboxMessage.lease_owner == worker_id,
        )
        .values(lease_owner=None, lease_until=None, **values)
        .execution_options(synchronize_session=False)
    )


def _complete_values(now: datetime | None) -> dict[str, Any]:
    return {"status": OutboxStatus.DONE.value, "delivered_at": now or utcnow(), "last_error": None}


def _retry_values(delay: timedelta | float, error: str, now: datetime | None) -> dict[str, Any]:
    delay = delay if isinstance(delay, timedelta) else timedelta(seconds=delay)
    return {
        "status": OutboxStatus.PENDING.value,
        "available_at": (now or utcnow()) + delay,
        "last_error": error[:MAX_ERROR_CHARS],
    }


def _dead_values(reason: str) -> dict[str, Any]:
    return {"status": OutboxStatus.DEAD.value, "last_error": reason[:MAX_ERROR_CHARS]}


async def complete(session: AsyncSession, message_id: int, worker_id: str, *, now: datetime | None = None) -> bool:
    """Mark delivered. ``False`` if the lease was lost (another worker may deliver it again)."""
    result = await session.execute(_settle_statement(message_id, worker_id, **_complete_values(now)))
    return _rowcount(result) == 1


async def retry_later(
    session: AsyncSession,
    message_id: int,
    worker_id: str,
    delay: timedelta | float,
    error: str,
    *,
    now: datetime | None = None,
) -> bool:
    """Give the message back, due again after ``delay`` (seconds or a timedelta)."""
    result = await session.execute(_settle_statement(message_id, worker_id, **_retry_values(delay, error, now)))
    return _rowcount(result) == 1


async def dead(session: AsyncSession, message_id: int, worker_id: str, reason: str) -> bool:
    """Give up on the message (kept for an operator to inspect; never deleted)."""
    result = await session.execute(_settle_statement(message_id, worker_id, **_dead_values(reason)))
    return _rowcount(result) == 1


# The same three for a sync ``Connection`` (the one-hop writes of ``Database.run_write``).


def complete_in(conn: Any, message_id: int, worker_id: str, *, now: datetime | None = None) -> bool:
    return _rowcount(conn.execute(_settle_statement(message_id, worker_id, **_complete_values(now)))) == 1


def retry_later_in(
    conn: Any, message_id: int, worker_id: str, delay: timedelta | float, error: str, *, now: datetime | None = None
) -> bool:
    return _rowcount(conn.execute(_settle_statement(message_id, worker_id, **_retry_values(delay, error, now)))) == 1


def dead_in(conn: Any, message_id: int, worker_id: str, reason: str) -> bool:
    return _rowcount(conn.execute(_settle_statement(message_id, worker_id, **_dead_values(reason)))) == 1


async def next_due(session: AsyncSession, *, kinds: list[str] | None = None, business_id: str | None = None) -> datetime | None:
    """When the earliest message still to be delivered becomes claimable (``None``: nothing left).

    Pending rows count from ``available_at``, leased rows from ``lease_until`` (when a crashed
    worker's lease runs out). A cheap read: workers use it to poll without taking a write lock.
    """
    pending, leased = _due_queries(kinds, business_id)
    moments = [m for m in (await session.scalar(pending), await session.scalar(leased)) if m is not None]
    return min(moments) if moments else None


def _due_queries(kinds: list[str] | None, business_id: str | None) -> tuple[Any, Any]:
    pending = select(func.min(OutboxMessage.available_at)).where(OutboxMessage.status == OutboxStatus.PENDING.value)
    leased = select(func.min(OutboxMessage.lease_until)).where(OutboxMessage.status == OutboxStatus.IN_FLIGHT.value)
    if kinds:
        pending = pending.where(OutboxMessage.kind.in_(kinds))
        leased = leased.where(OutboxMessage.kind.in_(kinds))
    if business_id is not None:
        pending = pending.where(OutboxMessage.business_id == business_id)
        leased = leased.where(OutboxMessage.business_id == business_id)
    return pending, leased


async def release_orphaned_leases(
    session: AsyncSession, host: str, alive: Callable[[int], bool], *, now: datetime | None = None
) -> int:
    """Hand back the leases that workers of this ``host`` held when their process died (a server
    killed during a delivery), so that a restarted worker retries at once instead of waiting
    out the lease. ``alive(pid)`` says whether a process still runs; leases of other hosts, of
    running processes and of owners in another format are left alone. Returns how many."""
    now = now or utcnow()
    rows = (
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.lease_owner).where(
                OutboxMessage.status == OutboxStatus.IN_FLIGHT.value,
                OutboxMessage.lease_until > now,
                OutboxMessage.lease_owner.like(f"{host}:%"),
            )
        )
    ).all()
    orphaned = []
    for message_id, owner in rows:
        parts = (owner or "").split(":")
        if len(parts) == 3 and parts[0] == host and parts[1].isdigit() and not alive(int(parts[1])):
            orphaned.append(message_id)
    if not orphaned:
        return 0
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(orphaned), OutboxMessage.status == OutboxStatus.IN_FLIGHT.value)
        .values(lease_until=now)
        .execution_options(synchronize_session=False)
    )
    session.info[_ENQUEUED] = True
    return len(orphaned)


async def release_waiting(
    session: AsyncSession, business_id: str, *, kinds: Sequence[str] | None = None, now: datetime | None = None
) -> int:
    """Make the business's pending messages due now (e.g. after the trade software was connected
    again, instead of waiting out the long re-auth delay). Returns how many were moved."""
    now = now or utcnow()
    query = (
        update(OutboxMessage)
        .where(
            OutboxMessage.business_id == business_id,
            OutboxMessage.status == OutboxStatus.PENDING.value,
            OutboxMessage.available_at > now,
        )
        .values(available_at=now)
        .execution_options(synchronize_session=False)
    )
    if kinds:
        query = query.where(OutboxMessage.kind.in_(list(kinds)))
    moved = _rowcount(await session.execute(query))
    if moved:
        session.info[_ENQUEUED] = True
    return moved


async def count_by_status(session: AsyncSession, business_id: str, *, kinds: list[str] | None = None) -> dict[str, int]:
    """How many messages of the business are in each status (missing statuses are 0)."""
    query = (
        select(OutboxMessage.status, func.count()).where(OutboxMessage.business_id == business_id).group_by(OutboxMessage.status)
    )
    if kinds:
        query = query.where(OutboxMessage.kind.in_(kinds))
    counts = {status.value: 0 for status in OutboxStatus}
    for status, count in (await session.execute(query)).all():
        counts[status] = int(count)
    return counts


async def get_message(session: AsyncSession, business_id: str, message_id: int) -> OutboxMessage | None:
    return await session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.business_id == business_id, OutboxMessage.id == message_id)
        .execution_options(populate_existing=True)
    )


async def list_messages(
    session: AsyncSession,
    business_id: str,
    *,
    status: OutboxStatus | str | None = None,
    kinds: list[str] | None = None,
    limit: int = 100,
) -> list[OutboxMessage]:
    query = select(OutboxMessage).where(OutboxMessage.business_id == business_id)
    if status is not None:
        query = query.where(OutboxMessage.status == OutboxStatus(status).value)
    if kinds:
        query = query.where(OutboxMessage.kind.in_(kinds))
    return list(await session.scalars(query.order_by(OutboxMessage.id).limit(limit)))
