"""Activities (Aktivitäten): what a call leaves behind for the staff."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import Activity, ActivityStatus, Priority, utcnow

SUBJECT_MAX = 80


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
    if not subject.strip():
        raise ValueError("an activity needs a subject (Matchcode)")
    if len(subject) > SUBJECT_MAX:
        raise ValueError(f"activity subject is {len(subject)} characters long; the trade software allows {SUBJECT_MAX}")
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


async def get_activity(session: AsyncSession, business_id: str, activity_id: str) -> Activity | None:
    return await session.scalar(
        select(Activity).where(Activity.business_id == business_id, Activity.id == activity_id)
    )


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


async def set_status(
    session: AsyncSession, business_id: str, activity_id: str, status: ActivityStatus | str
) -> Activity:
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
