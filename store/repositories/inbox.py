"""The inbox: activities as staff see them, and the changes they make.

Every query is scoped to the viewer's business and to what the viewer may see: owner/admin see
all activities of their business, staff those assigned to them or to a team they belong to
(teams from the YAML). A change is only possible on a visible activity; it locks the row first
(``FOR UPDATE`` on PostgreSQL; SQLite write transactions are serialised anyway) and writes its
outbox rows in the caller's transaction:

- ``trade.activity.update`` {activity_id} for every change of the activity, when the business
  has a trade software (dedupe ``<activity_id>:<uuid4>``: each change is its own message; the
  handler reads the current row);
- ``notify.follow_up`` when a follow-up (Wiedervorlage) is set (:func:`activities.follow_up_message`);
- ``trade.activity.convert`` {activity_id} for "in Auftrag umwandeln" (dedupe = activity id);
- ``sms.reply`` {activity_id, notification_id} with the reply's ``Notification`` (once per activity).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy import and_, case, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store import outbox
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
    utcnow,
)
from zentrale.store.repositories.activities import NOTIFY_FOLLOW_UP, follow_up_message

TRADE_ACTIVITY_UPDATE = "trade.activity.update"
TRADE_ACTIVITY_CONVERT = "trade.activity.convert"
SMS_REPLY = "sms.reply"
REPLY_KIND = "reply"
REPLY_MAX_CHARS = 306  # two GSM-7 segments
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


class InboxError(ValueError):
    """A change that cannot be made; the message is German, for the person who tried."""


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


def reply_number(call: Call | None, region: str = "DE") -> str | None:
    """The caller's mobile number (E.164) a reply SMS can go to: the callback number they gave,
    else the number they called from; None when neither is a mobile number."""
    if call is None:
        return None
    slots = (call.details or {}).get("slots") or {}
    candidates = []
    given = slots.get("callback_number") if isinstance(slots, dict) else None
    if isinstance(given, dict) and given.get("normalized"):
        candidates.append(str(given["normalized"]))
    if call.from_number:
        candidates.append(call.from_number)
    for number in candidates:
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if not phonenumbers.is_valid_number(parsed):
            continue
        if phonenumbers.number_type(parsed) in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    return None


# changes


def _has_trade(business: Any) -> bool:
    return business.integrations is not None and business.integrations.trade_system is not None


async def _changed(session: AsyncSession, business: Any, activity: Activity, now: datetime) -> None:
    activity.updated_at = now
    await session.flush()
    if _has_trade(business):
        await outbox.enqueue(
            session, activity.business_id, TRADE_ACTIVITY_UPDATE, {"activity_id": activity.id}, f"{activity.id}:{uuid.uuid4()}"
        )


async def _require(session: AsyncSession, viewer: Viewer, activity_id: str) -> Activity:
    activity = await get_visible(session, viewer, activity_id, lock=True)
    if activity is None:
        raise LookupError(f"activity {activity_id} is not visible to {viewer.staff_key} of {viewer.business_id}")
    return activity


async def set_done(
    session: AsyncSession, viewer: Viewer, business: Any, activity_id: str, done: bool, *, now: datetime | None = None
) -> Activity:
    """Mark done (with who and when) or open again. Unchanged state writes nothing."""
    now = now or utcnow()
    activity = await _require(session, viewer, activity_id)
    wanted = ActivityStatus.DONE.value if done else ActivityStatus.OPEN.value
    if activity.status == wanted:
        return activity
    activity.status = wanted
    activity.done_at = now if done else None
    activity.done_by = viewer.staff_key if done else None
    await _changed(session, business, activity, now)
    return activity


async def delegate(
    session: AsyncSession,
    viewer: Viewer,
    business: Any,
    activity_id: str,
    *,
    assignee: str | None = None,
    team: str | None = None,
    now: datetime | None = None,
) -> Activity:
    """Hand the activity to a person (then no team) or to a team (then no person) of the YAML."""
    if (assignee is None) == (team is None):
        raise InboxError("Bitte eine Person oder ein Team auswählen.")
    if assignee is not None and business.staff_member(assignee) is None:
        raise InboxError("Diese Person gibt es in diesem Betrieb nicht.")
    if team is not None and team not in business.teams:
        raise InboxError("Dieses Team gibt es in diesem Betrieb nicht.")
    now = now or utcnow()
    activity = await _require(session, viewer, activity_id)
    if activity.assignee == assignee and activity.team == team:
        return activity
    activity.assignee = assignee
    activity.team = team
    await _changed(session, business, activity, now)
    return activity


async def set_priority(
    session: AsyncSession, viewer: Viewer, business: Any, activity_id: str, priority: str, *, now: datetime | None = None
) -> Activity:
    try:
        value = Priority(priority).value
    except ValueError:
        raise InboxError("Unbekannte Priorität.") from None
    now = now or utcnow()
    activity = await _require(session, viewer, activity_id)
    if activity.priority == value:
        return activity
    activity.priority = value
    await _changed(session, business, activity, now)
    return activity


async def set_follow_up(
    session: AsyncSession,
    viewer: Viewer,
    business: Any,
    activity_id: str,
    follow_up_at: datetime | None,
    *,
    now: datetime | None = None,
) -> Activity:
    """Set (or clear, with None) the follow-up; a set one queues ``notify.follow_up`` for that time."""
    now = now or utcnow()
    activity = await _require(session, viewer, activity_id)
    if activity.follow_up_at == follow_up_at:
        return activity
    activity.follow_up_at = follow_up_at
    if follow_up_at is not None:
        reminder = follow_up_message(activity.business_id, activity.id, follow_up_at, now=now)
        await outbox.enqueue(
            session,
            activity.business_id,
            NOTIFY_FOLLOW_UP,
            reminder["payload"],
            reminder["dedupe_key"],
            available_at=follow_up_at,
        )
    await _changed(session, business, activity, now)
    return activity


async def request_order(
    session: AsyncSession, viewer: Viewer, business: Any, activity_id: str, *, now: datetime | None = None
) -> Activity:
    """ "In Auftrag umwandeln": queue ``trade.activity.convert`` (once per activity)."""
    if not _has_trade(business):
        raise InboxError("Ohne Handwerkersoftware kann kein Auftrag angelegt werden.")
    activity = await _require(session, viewer, activity_id)
    if activity.order_ref:
        raise InboxError("Diese Aktivität ist schon ein Auftrag.")
    await outbox.enqueue(session, activity.business_id, TRADE_ACTIVITY_CONVERT, {"activity_id": activity.id}, activity.id)
    return activity


async def order_requested(session: AsyncSession, business_id: str, activity_id: str) -> bool:
    found = await session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.business_id == business_id,
            OutboxMessage.kind == TRADE_ACTIVITY_CONVERT,
            OutboxMessage.dedupe_key == activity_id,
        )
    )
    return found is not None


async def reply_by_sms(
    session: AsyncSession,
    viewer: Viewer,
    business: Any,
    activity_id: str,
    body: str,
    *,
    now: datetime | None = None,
) -> Notification:
    """The one reply SMS to the caller: a pending ``Notification`` (kind reply) and ``sms.reply``."""
    text = (body or "").strip()
    if not text:
        raise InboxError("Bitte einen Text für die SMS eingeben.")
    if len(text) > REPLY_MAX_CHARS:
        raise InboxError(f"Die SMS ist zu lang ({len(text)} Zeichen, höchstens {REPLY_MAX_CHARS}).")
    now = now or utcnow()
    activity = await _require(session, viewer, activity_id)
    existing = await session.scalar(
        select(Notification.id).where(
            Notification.business_id == viewer.business_id,
            Notification.activity_id == activity.id,
            Notification.kind == REPLY_KIND,
        )
    )
    if existing is not None:
        raise InboxError("Dem Anrufer wurde schon per SMS geantwortet.")
    call = None
    if activity.call_id is not None:
        call = await session.scalar(select(Call).where(Call.business_id == viewer.business_id, Call.id == activity.call_id))
    recipient = reply_number(call, business.business.region or "DE")
    if recipient is None:
        raise InboxError("Der Anrufer hat keine Handynummer hinterlassen; eine SMS ist nicht möglich.")
    notification = Notification(
        business_id=viewer.business_id,
        activity_id=activity.id,
        staff_key=None,
        kind=REPLY_KIND,
        channel="sms",
        recipient=recipient,
        subject=None,
        body=text,
        status=NotificationStatus.PENDING.value,
        created_at=now,
        updated_at=now,
    )
    session.add(notification)
    await session.flush()
    await outbox.enqueue(
        session,
        viewer.business_id,
        SMS_REPLY,
        {"activity_id": activity.id, "notification_id": notification.id},
        activity.id,
    )
    return notification
