"""Working an activity in the inbox: the rules, their German errors and the outbox rows they write.

Every change is possible only on an activity the viewer may see (the store's
:func:`~zentrale.store.repositories.inbox.visible`); it locks the row first (``FOR UPDATE`` on
PostgreSQL; SQLite write transactions are serialised anyway) and writes its outbox rows in the
same transaction:

- ``trade.activity.update`` {activity_id} for every change of the activity, when the business
  has a trade software (dedupe ``<activity_id>:<uuid4>``: each change is its own message; the
  handler reads the current row);
- ``notify.follow_up`` when a follow-up (Wiedervorlage) is set
  (:func:`~zentrale.store.repositories.activities.follow_up_message`);
- ``trade.activity.convert`` {activity_id} for "in Auftrag umwandeln" (dedupe = activity id);
- ``sms.reply`` {activity_id, notification_id} with the reply's ``Notification`` (once per activity).

The changes take the session of a transaction their caller opened (``db.transaction()``: a page
request is one transaction, several changes in it commit together); a change that cannot be made
raises :class:`InboxError` with a German message for the person who tried, an activity the
viewer may not see raises :class:`LookupError`. The inbox's reads are re-exported from the store,
so that a page imports this one module.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import phonenumbers
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store import outbox
from zentrale.store.models import Activity, ActivityStatus, Call, Notification, Priority, utcnow
from zentrale.store.outbox import OutboxKind
from zentrale.store.repositories import inbox
from zentrale.store.repositories.activities import follow_up_message
from zentrale.store.repositories.inbox import (
    ActivityDetail,
    InboxFilter,
    InboxRow,
    Viewer,
    activity_types,
    get_detail,
    get_visible,
    list_activities,
    order_requested,
)

__all__ = [
    "REPLY_MAX_CHARS",
    "ActivityDetail",
    "InboxError",
    "InboxFilter",
    "InboxRow",
    "Viewer",
    "activity_types",
    "delegate",
    "get_detail",
    "get_visible",
    "list_activities",
    "order_requested",
    "reply_by_sms",
    "reply_number",
    "request_order",
    "set_done",
    "set_follow_up",
    "set_priority",
]

REPLY_MAX_CHARS = 306  # two GSM-7 segments


class InboxError(ValueError):
    """A change that cannot be made; the message is German, for the person who tried."""


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
            formatted: str = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            return formatted
    return None


def _has_trade(business: Any) -> bool:
    return business.integrations is not None and business.integrations.trade_system is not None


async def _require(session: AsyncSession, viewer: Viewer, activity_id: str) -> Activity:
    """The activity, its row locked; LookupError when the viewer may not see it."""
    activity = await get_visible(session, viewer, activity_id, lock=True)
    if activity is None:
        raise LookupError(f"activity {activity_id} is not visible to {viewer.staff_key} of {viewer.business_id}")
    return activity


async def _changed(session: AsyncSession, business: Any, activity: Activity, now: datetime, **values: Any) -> Activity:
    """Store the change and tell the trade software (when the business has one)."""
    await inbox.change(session, activity, now, **values)
    if _has_trade(business):
        await outbox.enqueue(
            session,
            activity.business_id,
            OutboxKind.TRADE_ACTIVITY_UPDATE,
            {"activity_id": activity.id},
            f"{activity.id}:{uuid.uuid4()}",
        )
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
    return await _changed(
        session,
        business,
        activity,
        now,
        status=wanted,
        done_at=now if done else None,
        done_by=viewer.staff_key if done else None,
    )


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
    return await _changed(session, business, activity, now, assignee=assignee, team=team)


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
    return await _changed(session, business, activity, now, priority=value)


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
    if follow_up_at is not None:
        reminder = follow_up_message(activity.business_id, activity.id, follow_up_at, now=now)
        await outbox.enqueue(
            session,
            activity.business_id,
            reminder["kind"],
            reminder["payload"],
            reminder["dedupe_key"],
            available_at=follow_up_at,
        )
    return await _changed(session, business, activity, now, follow_up_at=follow_up_at)


async def request_order(
    session: AsyncSession, viewer: Viewer, business: Any, activity_id: str, *, now: datetime | None = None
) -> Activity:
    """ "In Auftrag umwandeln": queue ``trade.activity.convert`` (once per activity)."""
    if not _has_trade(business):
        raise InboxError("Ohne Handwerkersoftware kann kein Auftrag angelegt werden.")
    activity = await _require(session, viewer, activity_id)
    if activity.order_ref:
        raise InboxError("Diese Aktivität ist schon ein Auftrag.")
    await outbox.enqueue(
        session, activity.business_id, OutboxKind.TRADE_ACTIVITY_CONVERT, {"activity_id": activity.id}, activity.id
    )
    return activity


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
    if await inbox.has_reply(session, activity.business_id, activity.id):
        raise InboxError("Dem Anrufer wurde schon per SMS geantwortet.")
    recipient = reply_number(await inbox.call_of(session, activity), business.business.region or "DE")
    if recipient is None:
        raise InboxError("Der Anrufer hat keine Handynummer hinterlassen; eine SMS ist nicht möglich.")
    notification = await inbox.add_reply(session, activity, recipient, text, now)
    await outbox.enqueue(
        session,
        activity.business_id,
        OutboxKind.SMS_REPLY,
        {"activity_id": activity.id, "notification_id": notification.id},
        activity.id,
    )
    return notification
