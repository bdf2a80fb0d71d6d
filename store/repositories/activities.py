"""Activities (Aktivitäten): what a call leaves behind for the staff.

:func:`record_activity` is how the rest of zentrale creates one: the local row and, when the
business has a trade software, the outbox message that delivers it there, in the caller's
transaction (so a call's activity is either fully recorded and queued, or not at all). Without a
trade software the activity stays in zentrale's own inbox (``delivery_status="local"``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store import outbox
from zentrale.store.models import Activity, ActivityStatus, DeliveryStatus, Priority, new_id, utcnow

SUBJECT_MAX = 80
# Outbox kind that creates the activity in the trade software; the dedupe key is the activity id,
# which is also the ``external_ref`` the trade software stores.
TRADE_ACTIVITY_CREATE = "trade.activity.create"
# Outbox kind that tells the activity's people (SMS / e-mail per the task's notify actions);
# written with every activity, dedupe key = activity id. See integrations/messaging.
NOTIFY_ACTIVITY = "notify.activity"
# Outbox kind that reminds the assignee when a follow-up (Wiedervorlage) is due; available_at =
# the follow-up time, dedupe key = "<activity id>:<follow-up ISO time>".
NOTIFY_FOLLOW_UP = "notify.follow_up"


def follow_up_message(
    business_id: str, activity_id: str, follow_up_at: datetime, *, now: datetime | None = None
) -> dict[str, Any]:
    """The outbox row that reminds the assignee of ``activity_id`` at ``follow_up_at``."""
    when = follow_up_at.isoformat()
    return outbox.message_values(
        business_id,
        NOTIFY_FOLLOW_UP,
        {"activity_id": activity_id, "follow_up_at": when},
        f"{activity_id}:{when}",
        available_at=follow_up_at,
        now=now,
    )


def activity_values(
    business_config: Any,
    *,
    type: str,
    subject: str,
    text: str = "",
    call_id: str | None = None,
    task_id: str | None = None,
    address_code: str | None = None,
    assignee: str | None = None,
    team: str | None = None,
    priority: Priority | str = Priority.NORMAL,
    follow_up_at: datetime | None = None,
    due_at: datetime | None = None,
    now: datetime | None = None,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The ``activities`` row and the ``outbox_messages`` rows that :func:`record_activity`
    writes — as plain values, for Core inserts (``Database.run_write``): the delivery to the
    trade software (when there is one), the notification of its people, and the follow-up
    reminder (when ``follow_up_at`` is set). Same checks and defaults as :func:`record_activity`."""
    _check_subject(subject)
    assignee = _assignee(business_config, assignee, team)
    now = now or utcnow()
    activity_id = new_id()
    pending = business_config.integrations.trade_system is not None
    activity = {
        "id": activity_id,
        "business_id": business_config.id,
        "call_id": call_id,
        "task_id": task_id,
        "type": type,
        "subject": subject,
        "text": text,
        "address_code": address_code,
        "assignee": assignee,
        "team": team,
        "priority": Priority(priority).value,
        "status": ActivityStatus.OPEN.value,
        "follow_up_at": follow_up_at,
        "due_at": due_at,
        "delivery_status": (DeliveryStatus.PENDING if pending else DeliveryStatus.LOCAL).value,
        "created_at": now,
        "updated_at": now,
    }
    messages = []
    if pending:
        messages.append(
            outbox.message_values(business_config.id, TRADE_ACTIVITY_CREATE, {"activity_id": activity_id}, activity_id, now=now)
        )
    messages.append(
        outbox.message_values(business_config.id, NOTIFY_ACTIVITY, {"activity_id": activity_id}, activity_id, now=now)
    )
    if follow_up_at is not None:
        messages.append(follow_up_message(business_config.id, activity_id, follow_up_at, now=now))
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
        return business_config.default_assignee.id
    return assignee


async def create_activity(
    session: AsyncSession,
    business_id: str,
    *,
    type: str,
    subject: str,
    text: str = "",
    call_id: str | None = None,
    task_id: str | None = None,
    address_code: str | None = None,
    assignee: str | None = None,
    team: str | None = None,
    priority: Priority | str = Priority.NORMAL,
    follow_up_at: datetime | None = None,
    due_at: datetime | None = None,
) -> Activity:
    """Create an open activity. ``subject`` is the Matchcode: at most 80 characters."""
    _check_subject(subject)
    activity = Activity(
        business_id=business_id,
        call_id=call_id,
        task_id=task_id,
        type=type,
        subject=subject,
        text=text,
        address_code=address_code,
        assignee=assignee,
        team=team,
        priority=Priority(priority).value,
        status=ActivityStatus.OPEN.value,
        follow_up_at=follow_up_at,
        due_at=due_at,
    )
    session.add(activity)
    await session.flush()
    return activity


async def record_activity(
    session: AsyncSession,
    business_config: Any,
    *,
    type: str,
    subject: str,
    text: str = "",
    call_id: str | None = None,
    task_id: str | None = None,
    address_code: str | None = None,
    assignee: str | None = None,
    team: str | None = None,
    priority: Priority | str = Priority.NORMAL,
    follow_up_at: datetime | None = None,
    due_at: datetime | None = None,
) -> Activity:
    """Create the activity and queue its delivery to the trade software, in the caller's transaction.

    ``business_config`` is the business's :class:`~zentrale.config.BusinessConfig`. ``assignee`` is
    a staff id of that config (the worker sends that person's ``trade_user``); an activity with
    neither ``assignee`` nor ``team`` goes to the first staff member, as the config contract says.
    With ``integrations.trade_system`` configured the row is ``delivery_status="pending"`` and an
    outbox message ``trade.activity.create`` (dedupe key = activity id) is written; otherwise it is
    ``"local"``. ``notify.activity`` (and ``notify.follow_up``) are queued either way; see
    :func:`activity_values`.
    """
    # One rule for what goes with an activity, shared with the webhooks' one-hop writes.
    values, messages = activity_values(
        business_config,
        type=type,
        subject=subject,
        text=text,
        call_id=call_id,
        task_id=task_id,
        address_code=address_code,
        assignee=assignee,
        team=team,
        priority=priority,
        follow_up_at=follow_up_at,
        due_at=due_at,
    )
    activity = Activity(**values)
    session.add(activity)
    await session.flush()
    # The payloads name the activity only: the worker reads the current row, so erasing a
    # caller's data also empties what is still waiting for delivery.
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


async def mark_delivered(
    session: AsyncSession, business_id: str, activity_id: str, external_id: str, *, now: datetime | None = None
) -> Activity:
    """The trade software has the activity under ``external_id``."""
    activity = await _require(session, business_id, activity_id)
    activity.external_id = external_id
    activity.delivery_status = DeliveryStatus.DELIVERED.value
    activity.delivered_at = now or utcnow()
    activity.delivery_error = None
    await session.flush()
    return activity


async def mark_dead(session: AsyncSession, business_id: str, activity_id: str, reason: str) -> Activity:
    """The trade software refused the activity for good; ``reason`` is shown to the admin."""
    activity = await _require(session, business_id, activity_id)
    activity.delivery_status = DeliveryStatus.DEAD.value
    activity.delivery_error = reason
    await session.flush()
    return activity


async def mark_local(session: AsyncSession, business_id: str, activity_id: str, reason: str | None = None) -> Activity:
    """Nothing to deliver to (the trade software was removed from the config): the activity stays in the inbox."""
    activity = await _require(session, business_id, activity_id)
    activity.delivery_status = DeliveryStatus.LOCAL.value
    activity.delivery_error = reason
    await session.flush()
    return activity


async def note_delivery_problem(session: AsyncSession, business_id: str, activity_id: str, problem: str | None) -> None:
    """Remember why a still pending activity waits (e.g. the connection needs renewing), for the admin."""
    activity = await get_activity(session, business_id, activity_id)
    if activity is not None and activity.delivery_status == DeliveryStatus.PENDING.value:
        activity.delivery_error = problem
        await session.flush()


# Delivery bookkeeping for a sync ``Connection`` (the worker's one-hop writes).

_ACTIVITIES = Activity.__table__


def _activity_update(business_id: str, activity_id: str) -> Any:
    return update(_ACTIVITIES).where(_ACTIVITIES.c.business_id == business_id, _ACTIVITIES.c.id == activity_id)


def mark_delivered_in(conn: Any, business_id: str, activity_id: str, external_id: str, *, now: datetime | None = None) -> bool:
    """:func:`mark_delivered` as one statement; False when the activity is gone (erased)."""
    now = now or utcnow()
    values = {
        "external_id": external_id,
        "delivery_status": DeliveryStatus.DELIVERED.value,
        "delivered_at": now,
        "delivery_error": None,
        "updated_at": now,
    }
    return conn.execute(_activity_update(business_id, activity_id).values(**values)).rowcount == 1


def mark_dead_in(conn: Any, business_id: str, activity_id: str, reason: str) -> bool:
    values = {"delivery_status": DeliveryStatus.DEAD.value, "delivery_error": reason, "updated_at": utcnow()}
    return conn.execute(_activity_update(business_id, activity_id).values(**values)).rowcount == 1


def mark_local_in(conn: Any, business_id: str, activity_id: str, reason: str | None = None) -> bool:
    values = {"delivery_status": DeliveryStatus.LOCAL.value, "delivery_error": reason, "updated_at": utcnow()}
    return conn.execute(_activity_update(business_id, activity_id).values(**values)).rowcount == 1


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


async def set_external_id(session: AsyncSession, business_id: str, activity_id: str, external_id: str) -> Activity:
    """Remember the activity's id in the trade software (after the outbox delivered it)."""
    activity = await _require(session, business_id, activity_id)
    activity.external_id = external_id
    await session.flush()
    return activity


async def set_status(session: AsyncSession, business_id: str, activity_id: str, status: ActivityStatus | str) -> Activity:
    activity = await _require(session, business_id, activity_id)
    activity.status = ActivityStatus(status).value
    activity.updated_at = utcnow()
    await session.flush()
    return activity


async def _require(session: AsyncSession, business_id: str, activity_id: str) -> Activity:
    activity = await get_activity(session, business_id, activity_id)
    if activity is None:
        raise LookupError(f"no activity {activity_id} for business {business_id}")
    return activity
