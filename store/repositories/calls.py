"""Calls and their turns. Both creations are idempotent, so a retried Twilio webhook changes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from zentrale.store.models import Call, Speaker, Turn, new_id, utcnow
from zentrale.store.repositories import insert_ignoring_conflicts


class CallOwnershipError(Exception):
    """The CallSid is already recorded for another business."""


async def create_call(
    session: AsyncSession,
    business_id: str,
    call_sid: str,
    *,
    from_number: str | None = None,
    to_number: str | None = None,
    started_at: datetime | None = None,
) -> tuple[Call, bool]:
    """The call for ``call_sid``, created if new. Returns ``(call, created)``.

    Safe under concurrency: the unique ``call_sid`` decides, the loser gets the winner's row.
    """
    values = {
        "id": new_id(),
        "business_id": business_id,
        "call_sid": call_sid,
        "from_number": from_number,
        "to_number": to_number,
        "started_at": started_at or utcnow(),
        "status": "in-progress",
        "dialogue_state": {},
        "details": {},
        "version": 1,
    }
    result = await session.execute(insert_ignoring_conflicts(session, Call, values, ["call_sid"]))
    created = result.rowcount == 1
    call = await session.scalar(select(Call).where(Call.call_sid == call_sid).execution_options(populate_existing=True))
    if call is None or call.business_id != business_id:
        raise CallOwnershipError(f"call {call_sid} belongs to another business")
    return call, created


async def get_call(session: AsyncSession, business_id: str, call_id: str) -> Call | None:
    return await session.scalar(select(Call).where(Call.business_id == business_id, Call.id == call_id))


async def get_call_by_sid(session: AsyncSession, business_id: str, call_sid: str) -> Call | None:
    return await session.scalar(select(Call).where(Call.business_id == business_id, Call.call_sid == call_sid))


async def list_calls(session: AsyncSession, business_id: str, *, limit: int = 100) -> list[Call]:
    query = select(Call).where(Call.business_id == business_id).order_by(Call.started_at.desc()).limit(limit)
    return list(await session.scalars(query))


async def append_turn(
    session: AsyncSession,
    business_id: str,
    call_id: str,
    speaker: Speaker | str,
    text: str,
    *,
    request_key: str | None = None,
) -> tuple[Turn, bool]:
    """Append a turn with the next ``seq``. With ``request_key``, a repeat returns the first turn.

    The call row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite write transactions are
    serialised anyway), so concurrent appends to one call get distinct sequence numbers.
    Returns ``(turn, created)``.
    """
    speaker = Speaker(speaker)
    call = await session.scalar(select(Call.id).where(Call.business_id == business_id, Call.id == call_id).with_for_update())
    if call is None:
        raise LookupError(f"no call {call_id} for business {business_id}")
    if request_key is not None:
        existing = await session.scalar(select(Turn).where(Turn.call_id == call_id, Turn.request_key == request_key))
        if existing is not None:
            return existing, False
    last = await session.scalar(select(func.max(Turn.seq)).where(Turn.call_id == call_id))
    turn = Turn(
        business_id=business_id,
        call_id=call_id,
        seq=(last or 0) + 1,
        speaker=speaker.value,
        text=text,
        request_key=request_key,
    )
    session.add(turn)
    await session.flush()
    return turn, True


async def list_turns(session: AsyncSession, business_id: str, call_id: str) -> list[Turn]:
    query = select(Turn).where(Turn.business_id == business_id, Turn.call_id == call_id).order_by(Turn.seq)
    return list(await session.scalars(query))


async def finish_call(
    session: AsyncSession,
    business_id: str,
    call_id: str,
    *,
    status: str,
    ended_at: datetime | None = None,
    summary: str | None = None,
    details: dict[str, Any] | None = None,
) -> Call:
    """Record the call's final state. A concurrent change to the call raises ``StaleDataError``."""
    call = await get_call(session, business_id, call_id)
    if call is None:
        raise LookupError(f"no call {call_id} for business {business_id}")
    call.status = status
    call.ended_at = ended_at or utcnow()
    if summary is not None:
        call.summary = summary
    if details is not None:
        call.details = dict(details)
    await session.flush()
    return call
