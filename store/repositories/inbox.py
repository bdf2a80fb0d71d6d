"""The inbox's queries: activities as staff see them, and the rows their changes write.

Every query is scoped to the viewer's business and to what the viewer may see (:func:`visible`):
owner/admin see all activities of their business, staff those assigned to them or to a team they
belong to (teams from the YAML). The rules of working an activity (who may change what, which
outbox rows a change writes, the German errors) are :mod:`zentrale.services.activities`; these
functions take the caller's session and never commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, case, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import (
    Activity,
    ActivityStatus,
    Call,
    Contact,
    Notification,
    NotificationStatus,
    OutboxMessage,
    Priority,
    StaffRole,
    Turn,
)
from zentrale.store.outbox import OutboxKind

REPLY_KIND = "reply"  # notifications.kind of the reply SMS to the caller
LIST_LIMIT = 100


@dataclass(frozen=True)
class Viewer:
    """Who looks: a staff member of one business with the role and teams of the YAML."""

    business_id: str
    staff_key: str
    role: str = StaffRole.STAFF.value
    teams: tuple[str, ...] = ()

    @property
    def sees_all(self) -> bool:
        return self.role in (StaffRole.OWNER.value, StaffRole.ADMIN.value)


@dataclass(frozen=True)
class InboxFilter:
    mine: bool = False  # assigned to me
    my_teams: bool = False  # assigned to one of my teams (both: either)
    open_only: bool = False
    type: str | None = None
    search: str | None = None  # part of the subject (Matchcode), case-insensitive


@dataclass(frozen=True)
class InboxRow:
    activity: Activity
    from_number: str | None
    caller_name: str | None


@dataclass
class ActivityDetail:
    activity: Activity
    call: Call | None
    turns: list[Turn] = field(default_factory=list)
    replies: list[Notification] = field(default_factory=list)
    contact_name: str | None = None

    @property
    def slots(self) -> dict[str, Any]:
        slots = (self.call.details or {}).get("slots") if self.call is not None else None
        return slots if isinstance(slots, dict) else {}

    @property
    def caller_name(self) -> str | None:
        return _slot_value(self.slots, "caller_name") or self.contact_name

    @property
    def reply(self) -> Notification | None:
        return self.replies[0] if self.replies else None


def _slot_value(slots: Any, name: str) -> str | None:
    if not isinstance(slots, dict):
        return None
    entry = slots.get(name)
    if isinstance(entry, dict):
        value = entry.get("value")
        return str(value) if value else None
    return None


def visible(viewer: Viewer) -> Any:
    """The WHERE clause of what ``viewer`` may see (always including the business)."""
    scope = Activity.business_id == viewer.business_id
    if viewer.sees_all:
        return scope
    own = [Activity.assignee == viewer.staff_key]
    if viewer.teams:
        own.append(Activity.team.in_(viewer.teams))
    return and_(scope, or_(*own))


def _filtered(viewer: Viewer, filters: InboxFilter) -> list[Any]:
    clauses = [visible(viewer)]
    wanted = []
    if filters.mine:
        wanted.append(Activity.assignee == viewer.staff_key)
    if filters.my_teams:
        wanted.append(Activity.team.in_(viewer.teams) if viewer.teams else false())
    if wanted:
        clauses.append(or_(*wanted))
    if filters.open_only:
        clauses.append(Activity.status == ActivityStatus.OPEN.value)
    if filters.type:
        clauses.append(Activity.type == filters.type)
    if filters.search and filters.search.strip():
        needle = filters.search.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append(Activity.subject.ilike(f"%{needle}%", escape="\\"))
    return clauses


# Open urgent, then open high, then everything else; newest first within each.
_URGENCY_RANK = case(
    (and_(Activity.status == ActivityStatus.OPEN.value, Activity.priority == Priority.URGENT.value), 0),
    (and_(Activity.status == ActivityStatus.OPEN.value, Activity.priority == Priority.HIGH.value), 1),
    else_=2,
)


async def list_activities(
    session: AsyncSession, viewer: Viewer, filters: InboxFilter = InboxFilter(), *, limit: int = LIST_LIMIT
) -> list[InboxRow]:
    """The viewer's activities: open urgent/high ones first, then newest first."""
    query = (
        select(Activity, Call.from_number, Call.details)
        .outerjoin(Call, and_(Call.id == Activity.call_id, Call.business_id == Activity.business_id))
        .where(*_filtered(viewer, filters))
        .order_by(_URGENCY_RANK, Activity.created_at.desc(), Activity.id)
        .limit(limit)
    )
    rows = await session.execute(query)
    return [
        InboxRow(activity, from_number, _slot_value((details or {}).get("slots"), "caller_name"))
        for activity, from_number, details in rows
    ]


async def activity_types(session: AsyncSession, viewer: Viewer) -> list[str]:
    """The task types among the viewer's activities, for the filter."""
    rows = await session.scalars(select(Activity.type).where(visible(viewer)).distinct())
    return sorted(rows)


async def get_visible(session: AsyncSession, viewer: Viewer, activity_id: str, *, lock: bool = False) -> Activity | None:
    query = select(Activity).where(visible(viewer), Activity.id == activity_id)
    if lock:
        query = query.with_for_update()
    return await session.scalar(query)


async def get_detail(session: AsyncSession, viewer: Viewer, activity_id: str) -> ActivityDetail | None:
    """Everything the detail page shows, or None when the viewer may not see the activity."""
    activity = await get_visible(session, viewer, activity_id)
    if activity is None:
        return None
    detail = ActivityDetail(activity=activity, call=None)
    if activity.call_id is not None:
        detail.call = await session.scalar(
            select(Call).where(Call.business_id == viewer.business_id, Call.id == activity.call_id)
        )
        if detail.call is not None:
            detail.turns = list(
                await session.scalars(
                    select(Turn)
                    .where(Turn.business_id == viewer.business_id, Turn.call_id == activity.call_id)
                    .order_by(Turn.seq)
                )
            )
    if activity.address_code:
        detail.contact_name = await session.scalar(
            select(Contact.name).where(Contact.business_id == viewer.business_id, Contact.address_code == activity.address_code)
        )
    detail.replies = list(
        await session.scalars(
            select(Notification)
            .where(
                Notification.business_id == viewer.business_id,
                Notification.activity_id == activity.id,
                Notification.kind == REPLY_KIND,
            )
            .order_by(Notification.created_at, Notification.id)
        )
    )
    return detail


async def order_requested(session: AsyncSession, business_id: str, activity_id: str) -> bool:
    """Whether "in Auftrag umwandeln" was queued for the activity (``trade.activity.convert``)."""
    found = await session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.business_id == business_id,
            OutboxMessage.kind == OutboxKind.TRADE_ACTIVITY_CONVERT.value,
            OutboxMessage.dedupe_key == activity_id,
        )
    )
    return found is not None


# -- what changes write (the caller holds the activity's row lock: get_visible(lock=True))


async def change(session: AsyncSession, activity: Activity, now: datetime, **values: Any) -> Activity:
    """Set ``values`` on the activity (columns of :class:`Activity`) and ``updated_at``; flushed."""
    for name, value in values.items():
        if name not in Activity.__table__.c:
            raise AttributeError(f"activities has no column {name!r}")
        setattr(activity, name, value)
    activity.updated_at = now
    await session.flush()
    return activity


async def has_reply(session: AsyncSession, business_id: str, activity_id: str) -> bool:
    """Whether the caller was already answered by SMS for this activity."""
    found = await session.scalar(
        select(Notification.id).where(
            Notification.business_id == business_id,
            Notification.activity_id == activity_id,
            Notification.kind == REPLY_KIND,
        )
    )
    return found is not None


async def call_of(session: AsyncSession, activity: Activity) -> Call | None:
    """The call the activity came from, if any."""
    if activity.call_id is None:
        return None
    return await session.scalar(select(Call).where(Call.business_id == activity.business_id, Call.id == activity.call_id))


async def add_reply(session: AsyncSession, activity: Activity, recipient: str, body: str, now: datetime) -> Notification:
    """The pending reply SMS to the caller (kind :data:`REPLY_KIND`, channel sms), flushed (it has its id)."""
    notification = Notification(
        business_id=activity.business_id,
        activity_id=activity.id,
        staff_key=None,
        kind=REPLY_KIND,
        channel="sms",
        recipient=recipient,
        subject=None,
        body=body,
        status=NotificationStatus.PENDING.value,
        created_at=now,
        updated_at=now,
    )
    session.add(notification)
    await session.flush()
    return notification
