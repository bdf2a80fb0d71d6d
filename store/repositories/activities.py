"""Activities (Aktivitäten): what a call leaves behind for the staff.

:func:`record_activity` is how the rest of zentrale creates one: the local row and, when the
business has a trade software, the outbox message that delivers it there, in the caller's
transaction (so a call's activity is either fully recorded and queued, or not at all). Without a
trade software the activity stays in zentrale's own inbox (``delivery_status="local"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store import outbox
from zentrale.store.models import Activity, ActivityStatus, Call, DeliveryStatus, Priority, new_id, utcnow
from zentrale.store.outbox import OutboxKind

SUBJECT_MAX = 80


@dataclass(frozen=True)
class ActivityDraft:
    """An activity before it is stored: what a call (or anyone else) wants the staff to see.

    ``subject`` is the Matchcode (at most :data:`SUBJECT_MAX` characters); ``assignee`` is a staff
    id of the business's configuration. Neither ``assignee`` nor ``team``: the business's default
    assignee (the first staff member), as the configuration contract says."""

    type: str
    subject: str
    text: str = ""
    call_id: str | None = None
    task_id: str | None = None
    address_code: str | None = None
    assignee: str | None = None
    team: str | None = None
    priority: Priority | str = Priority.NORMAL
    follow_up_at: datetime | None = None
    due_at: datetime | None = None


def follow_up_message(
    business_id: str, activity_id: str, follow_up_at: datetime, *, now: datetime | None = None
) -> dict[str, Any]:
    """The outbox row that reminds the assignee of ``activity_id`` at ``follow_up_at``
    (``notify.follow_up``; dedupe key ``"<activity id>:<follow-up ISO time>"``)."""
    when = follow_up_at.isoformat()
    return outbox.message_values(
        business_id,
        OutboxKind.NOTIFY_FOLLOW_UP,
        {"activity_id": activity_id, "follow_up_at": when},
        f"{activity_id}:{when}",
        available_at=follow_up_at,
        now=now,
    )


def activity_values(
    business_config: Any, draft: ActivityDraft, *, now: datetime | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``activities`` row and the ``outbox_messages`` rows that :func:`record_activity`
    writes — as plain values, for Core inserts (``Database.run_write``, :func:`insert_in`): the
    delivery to the trade software (``trade.activity.create``, when there is one; dedupe key =
    activity id, which is also the ``external_ref`` the trade software stores), the notification
    of its people (``notify.activity``) and the follow-up reminder (when ``follow_up_at`` is set).
    The payloads name the activity only: the worker reads the current row, so erasing a caller's
    data also empties what is still waiting for delivery."""
    _check_subject(draft.subject)
    assignee = _assignee(business_config, draft.assignee, draft.team)
    now = now or utcnow()
    activity_id = new_id()
    pending = business_config.integrations.trade_system is not None
    activity = {
        "id": activity_id,
        "business_id": business_config.id,
        "call_id": draft.call_id,
        "task_id": draft.task_id,
        "type": draft.type,
        "subject": draft.subject,
        "text": draft.text,
        "address_code": draft.address_code,
        "assignee": assignee,
        "team": draft.team,
        "priority": Priority(draft.priority).value,
        "status": ActivityStatus.OPEN.value,
        "follow_up_at": draft.follow_up_at,
        "due_at": draft.due_at,
        "delivery_status": (DeliveryStatus.PENDING if pending else DeliveryStatus.LOCAL).value,
        "created_at": now,
        "updated_at": now,
    }
    payload = {"activity_id": activity_id}
    messages = []
    if pending:
        messages.append(
            outbox.message_values(business_config.id, OutboxKind.TRADE_ACTIVITY_CREATE, payload, activity_id, now=now)
        )
    messages.append(outbox.message_values(business_config.id, OutboxKind.NOTIFY_ACTIVITY, dict(payload), activity_id, now=now))
    if draft.follow_up_at is not None:
        messages.append(follow_up_message(business_config.id, activity_id, draft.follow_up_at, now=now))
    return activity, messages


def _check_subject(subject: str) -> None:
    if not subject.strip():
        raise ValueError("an activity needs a subject (Matchcode)")
    if len(subject) > SUBJECT_MAX:
        raise ValueError(f"activity subject is {len(subject)} characters long; the trade software allows {SUBJECT_MAX}")


def _assignee(business_config: Any, assignee: str | None, team: str | None) -> str | None:
    if assignee is not None and business_config.staff_member(assignee) is None:
        known = ", ".join(s.id for s in business_config.staff) or "(none)"
        raise ValueError(f"unknown staff id {assignee!r} for business {business_config.id}; staff ids are: {known}")
    if assignee is None and team is None and business_config.default_assignee is not None:
        default: str = business_config.default_assignee.id
        return default
    return assignee


async def record_activity(session: AsyncSession, business_config: Any, draft: ActivityDraft) -> Activity:
    """Create the activity and queue its delivery, in the caller's transaction (so an activity is
    either fully recorded and queued, or not at all).

    ``business_config`` is the business's :class:`~zentrale.config.BusinessConfig`. With
    ``integrations.trade_system`` configured the row is ``delivery_status="pending"``; otherwise it
    is ``"local"`` and stays in zentrale's own inbox. What is queued: see :func:`activity_values`.
    """
    values, messages = activity_values(business_config, draft)
    activity = Activity(**values)
    session.add(activity)
    await session.flush()
    for message in messages:
        await outbox.enqueue(
            session,
            message["business_id"],
            message["kind"],
            message["payload"],
            message["dedupe_key"],
            available_at=message["available_at"],
        )
    return activity


_INSERT_ACTIVITIES = insert(cast(Table, Activity.__table__))


def insert_in(conn: Connection, rows: list[tuple[dict[str, Any], list[dict[str, Any]]]]) -> bool:
    """Write :func:`activity_values` results on a sync ``Connection`` (a one-hop write). Returns
    whether an outbox message was written: then call :func:`outbox.notify_enqueued` after the commit."""
    if not rows:
        return False
    conn.execute(_INSERT_ACTIVITIES, [activity for activity, _ in rows])
    messages = [message for _, group in rows for message in group]
    for message in messages:
        conn.execute(outbox.insert_message(conn, message))
    return bool(messages)


async def for_call_sid(session: AsyncSession, business_id: str, call_sid: str) -> Activity | None:
    """The (first) activity the call ``call_sid`` left behind, or None (yet)."""
    query = (
        select(Activity)
        .join(Call, and_(Call.id == Activity.call_id, Call.business_id == Activity.business_id))
        .where(Activity.business_id == business_id, Call.call_sid == call_sid)
        .order_by(Activity.created_at, Activity.id)
        .limit(1)
    )
    return await session.scalar(query)


# Delivery bookkeeping for a sync ``Connection`` (the worker's one-hop writes).

_ACTIVITIES = cast(Table, Activity.__table__)


def _activity_update(business_id: str, activity_id: str) -> Any:
    return update(_ACTIVITIES).where(_ACTIVITIES.c.business_id == business_id, _ACTIVITIES.c.id == activity_id)


def mark_delivered_in(conn: Any, business_id: str, activity_id: str, external_id: str, *, now: datetime | None = None) -> bool:
    """The trade software has the activity under ``external_id``; False when the activity is gone (erased)."""
    now = now or utcnow()
    values = {
        "external_id": external_id,
        "delivery_status": DeliveryStatus.DELIVERED.value,
        "delivered_at": now,
        "delivery_error": None,
        "updated_at": now,
    }
    return bool(conn.execute(_activity_update(business_id, activity_id).values(**values)).rowcount == 1)


def mark_dead_in(conn: Any, business_id: str, activity_id: str, reason: str) -> bool:
    values = {"delivery_status": DeliveryStatus.DEAD.value, "delivery_error": reason, "updated_at": utcnow()}
    return bool(conn.execute(_activity_update(business_id, activity_id).values(**values)).rowcount == 1)


def mark_local_in(conn: Any, business_id: str, activity_id: str, reason: str | None = None) -> bool:
    values = {"delivery_status": DeliveryStatus.LOCAL.value, "delivery_error": reason, "updated_at": utcnow()}
    return bool(conn.execute(_activity_update(business_id, activity_id).values(**values)).rowcount == 1)


def note_delivery_problem_in(conn: Any, business_id: str, activity_id: str, problem: str | None) -> None:
    conn.execute(
        _activity_update(business_id, activity_id)
        .where(_ACTIVITIES.c.delivery_status == DeliveryStatus.PENDING.value)
        .values(delivery_error=problem)
    )


def get_activity_in(conn: Any, business_id: str, activity_id: str) -> Any:
    """The activity's row (columns as attributes) or None."""
    return conn.execute(
        select(_ACTIVITIES).where(_ACTIVITIES.c.business_id == business_id, _ACTIVITIES.c.id == activity_id)
    ).first()


async def list_by_delivery_status(
    session: AsyncSession, business_id: str, delivery_status: DeliveryStatus | str, *, limit: int = 100
) -> list[Activity]:
    """Activities of the business in one delivery status, oldest first (e.g. the dead ones for the admin)."""
    query = (
        select(Activity)
        .where(Activity.business_id == business_id, Activity.delivery_status == DeliveryStatus(delivery_status).value)
        .order_by(Activity.created_at, Activity.id)
        .limit(limit)
    )
    return list(await session.scalars(query))


async def get_activity(session: AsyncSession, business_id: str, activity_id: str) -> Activity | None:
    return await session.scalar(select(Activity).where(Activity.business_id == business_id, Activity.id == activity_id))


async def list_activities(
    session: AsyncSession,
    business_id: str,
    *,
    status: ActivityStatus | str | None = None,
    assignee: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[Activity]:
    """Newest first."""
    query = select(Activity).where(Activity.business_id == business_id)
    if status is not None:
        query = query.where(Activity.status == ActivityStatus(status).value)
    if assignee is not None:
        query = query.where(Activity.assignee == assignee)
    query = query.order_by(Activity.created_at.desc(), Activity.id).limit(limit).offset(offset)
    return list(await session.scalars(query))
