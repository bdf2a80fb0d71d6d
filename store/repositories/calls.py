"""Calls and their turns: the statements of a call's life, for ``Database.run_read`` / ``run_write``.

Every function here takes a sync :class:`~sqlalchemy.Connection` and runs Core statements on it;
:mod:`zentrale.services.calls` composes them into one read or one write transaction per webhook
(one hop, see :mod:`zentrale.store.db` and ARCHITECTURE.md "The store on the hot path"). The
statements of the hot path are built once at import: per request only parameters change, so
SQLAlchemy's compiled cache is hit without building and hashing a new expression each time.

The rules (optimistic ``version`` checks, retries, what a turn answers) belong to the service;
these functions only report what the database did (a row count as ``bool``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from zentrale.store.models import Call, Speaker, Turn

CALLS = cast(Table, Call.__table__)
TURNS = cast(Table, Turn.__table__)


@dataclass(frozen=True)
class CallRow:
    """A call as one webhook reads it."""

    id: str
    business_id: str
    version: int
    state: dict[str, Any]
    finalized: bool
    stored: str | None  # the answer already given to this request's key, if any


@dataclass(frozen=True)
class CallToFinalize:
    """What finalization reads of a call."""

    id: str
    business_id: str
    version: int
    state: dict[str, Any]
    finalized: bool
    started_at: datetime
    from_number: str | None
    last_event_at: datetime
    fallback_texts: tuple[str, ...]  # what the caller said to the fallback handler, in order


@dataclass(frozen=True)
class OpenCall:
    """An unfinalized call the watchdog looks at."""

    call_sid: str
    business_id: str
    state: dict[str, Any]
    last_event_at: datetime


# ---------------------------------------------------------------- statements, built once

_READ_CALL = select(
    CALLS.c.id,
    CALLS.c.business_id,
    CALLS.c.version,
    CALLS.c.dialogue_state,
    CALLS.c.finalized_at,
    select(TURNS.c.response).where(TURNS.c.call_id == CALLS.c.id, TURNS.c.request_key == bindparam("key")).scalar_subquery(),
).where(CALLS.c.call_sid == bindparam("call_sid"))
_LAST_RESPONSE = (
    select(TURNS.c.response)
    .where(TURNS.c.call_id == bindparam("call_id"), TURNS.c.response.is_not(None))
    .order_by(TURNS.c.seq.desc())
    .limit(1)
)
_ADVANCE_CALL = (
    update(CALLS)
    .where(CALLS.c.id == bindparam("b_id"), CALLS.c.version == bindparam("b_version"), CALLS.c.finalized_at.is_(None))
    .values(
        dialogue_state=bindparam("b_state"),
        version=bindparam("b_version") + 1,
        last_event_at=bindparam("b_now"),
        task_id=bindparam("b_task_id"),
    )
)
_INSERT_TURNS = insert(TURNS)
_TOUCH_CALL = (
    update(CALLS)
    .where(CALLS.c.call_sid == bindparam("b_call_sid"), CALLS.c.finalized_at.is_(None))
    .values(last_event_at=bindparam("b_now"))
)
_TOUCH_CALL_ID = update(CALLS).where(CALLS.c.id == bindparam("b_id")).values(last_event_at=bindparam("b_now"))
_INSERT_CALL = {
    "postgresql": postgresql.insert(CALLS).on_conflict_do_nothing(index_elements=["call_sid"]),
    "sqlite": sqlite.insert(CALLS).on_conflict_do_nothing(index_elements=["call_sid"]),
}
_LOCK_CALL = (
    select(CALLS.c.id, CALLS.c.business_id, CALLS.c.finalized_at)
    .where(CALLS.c.call_sid == bindparam("call_sid"))
    .with_for_update()
)
_HAS_TURN = (
    select(func.count())
    .select_from(TURNS)
    .where(TURNS.c.call_id == bindparam("call_id"), TURNS.c.request_key == bindparam("key"))
)
_LAST_SEQ = select(func.max(TURNS.c.seq)).where(TURNS.c.call_id == bindparam("call_id"))
_READ_FOR_FINALIZE = select(
    CALLS.c.id,
    CALLS.c.business_id,
    CALLS.c.version,
    CALLS.c.dialogue_state,
    CALLS.c.finalized_at,
    CALLS.c.started_at,
    CALLS.c.from_number,
    CALLS.c.last_event_at,
).where(CALLS.c.call_sid == bindparam("call_sid"))
_FALLBACK_TEXTS = (
    select(TURNS.c.text)
    .where(
        TURNS.c.call_id == bindparam("call_id"),
        TURNS.c.speaker == Speaker.CALLER.value,
        TURNS.c.request_key.like("fallback%"),
    )
    .order_by(TURNS.c.seq)
)
# The columns a final write sets (see :func:`final_values`), each from a ``b_`` parameter.
_FINAL_COLUMNS = ("status", "ended_at", "finalized_at", "last_event_at", "summary", "details", "task_id")
_FINALIZE_CALL = (
    update(CALLS)
    .where(CALLS.c.id == bindparam("b_id"), CALLS.c.version == bindparam("b_version"), CALLS.c.finalized_at.is_(None))
    .values({**{name: bindparam(f"b_{name}") for name in _FINAL_COLUMNS}, "version": bindparam("b_version") + 1})
)
_STALE_CALLS = select(CALLS.c.call_sid, CALLS.c.business_id, CALLS.c.dialogue_state, CALLS.c.last_event_at).where(
    CALLS.c.finalized_at.is_(None), CALLS.c.last_event_at < bindparam("before")
)
_COUNT_OPEN = select(func.count()).select_from(CALLS).where(CALLS.c.finalized_at.is_(None))


# ---------------------------------------------------------------- values


def call_values(
    call_id: str,
    business_id: str,
    call_sid: str,
    *,
    from_number: str | None,
    to_number: str | None,
    now: datetime,
    state: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``calls`` row of a call that starts now (version 1) in dialogue ``state``."""
    return {
        "id": call_id,
        "business_id": business_id,
        "call_sid": call_sid,
        "from_number": from_number,
        "to_number": to_number,
        "status": "in-progress",
        "started_at": now,
        "last_event_at": now,
        "dialogue_state": state if state is not None else {},
        "details": {},
        "version": 1,
    }


def turn_values(
    business_id: str,
    call_id: str,
    seq: int,
    speaker: Speaker,
    text: str,
    key: str | None,
    response: str | None,
    now: datetime,
) -> dict[str, Any]:
    """One ``turns`` row: ``key`` is the webhook's request key, ``response`` the answer given to it."""
    return {
        "business_id": business_id,
        "call_id": call_id,
        "seq": seq,
        "speaker": speaker.value,
        "text": text,
        "request_key": key,
        "response": response,
        "created_at": now,
    }


def final_values(
    *, status: str, now: datetime, summary: str | None, details: dict[str, Any], task_id: str | None
) -> dict[str, Any]:
    """The columns a call's finalization sets (also the values of a call created finalized)."""
    return {
        "status": status,
        "ended_at": now,
        "finalized_at": now,
        "last_event_at": now,
        "summary": summary,
        "details": details,
        "task_id": task_id,
    }


# ---------------------------------------------------------------- reads


def read_call(conn: Connection, call_sid: str, key: str) -> CallRow | None:
    """The call of ``call_sid`` with the answer already stored under request ``key`` (if any)."""
    row = conn.execute(_READ_CALL, {"call_sid": call_sid, "key": key}).first()
    if row is None:
        return None
    return CallRow(row[0], row[1], row[2], row[3] or {}, row[4] is not None, row[5])


def last_response(conn: Connection, call_id: str) -> str | None:
    """The newest answer given in the call (the question the caller should be hearing)."""
    response: str | None = conn.execute(_LAST_RESPONSE, {"call_id": call_id}).scalar()
    return response


def read_for_finalize(conn: Connection, call_sid: str) -> CallToFinalize | None:
    """The call and what its caller said to the fallback; None when the call was never stored."""
    row = conn.execute(_READ_FOR_FINALIZE, {"call_sid": call_sid}).first()
    if row is None:
        return None
    texts = conn.execute(_FALLBACK_TEXTS, {"call_id": row.id}).scalars().all()
    return CallToFinalize(
        id=row.id,
        business_id=row.business_id,
        version=row.version,
        state=row.dialogue_state or {},
        finalized=row.finalized_at is not None,
        started_at=row.started_at,
        from_number=row.from_number,
        last_event_at=row.last_event_at,
        fallback_texts=tuple(texts),
    )


def quiet_calls(conn: Connection, before: datetime) -> list[OpenCall]:
    """Unfinalized calls without a webhook since ``before``, for every business."""
    return [OpenCall(*row) for row in conn.execute(_STALE_CALLS, {"before": before}).all()]


def count_open_calls(conn: Connection) -> int:
    return int(conn.execute(_COUNT_OPEN).scalar() or 0)


# ---------------------------------------------------------------- writes


def insert_call(conn: Connection, values: dict[str, Any]) -> bool:
    """``INSERT INTO calls ... ON CONFLICT (call_sid) DO NOTHING``: False when the CallSid exists."""
    statement = _INSERT_CALL["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]
    return conn.execute(statement, values).rowcount == 1


def insert_turns(conn: Connection, turns: list[dict[str, Any]]) -> None:
    """Rows of :func:`turn_values`, in one statement."""
    conn.execute(_INSERT_TURNS, turns)


def advance_call(conn: Connection, call_id: str, version: int, state: dict[str, Any], task_id: str | None, now: datetime) -> bool:
    """Move the dialogue on from ``version`` to ``version + 1``; False when the call is no longer
    at ``version`` (another request moved it on) or is finalized."""
    params = {"b_id": call_id, "b_version": version, "b_state": state, "b_now": now, "b_task_id": task_id}
    return conn.execute(_ADVANCE_CALL, params).rowcount == 1


def touch_call(conn: Connection, call_sid: str, now: datetime) -> bool:
    """Note a sign of life of an unfinalized call; False when there is none."""
    return conn.execute(_TOUCH_CALL, {"b_call_sid": call_sid, "b_now": now}).rowcount == 1


def lock_call(conn: Connection, call_sid: str) -> Any:
    """The call's ``id``, ``business_id`` and ``finalized_at``, its row locked (``FOR UPDATE`` on
    PostgreSQL; SQLite write transactions are serialised anyway); None when there is none."""
    return conn.execute(_LOCK_CALL, {"call_sid": call_sid}).first()


def has_turn(conn: Connection, call_id: str, key: str) -> bool:
    """Whether the call already has a turn of request ``key``."""
    return bool(conn.execute(_HAS_TURN, {"call_id": call_id, "key": key}).scalar())


def next_seq(conn: Connection, call_id: str) -> int:
    """The sequence number after the call's last turn."""
    return int(conn.execute(_LAST_SEQ, {"call_id": call_id}).scalar() or 0) + 1


def touch_call_id(conn: Connection, call_id: str, now: datetime) -> None:
    conn.execute(_TOUCH_CALL_ID, {"b_id": call_id, "b_now": now})


def finalize_call(conn: Connection, call_id: str, version: int, final: dict[str, Any]) -> bool:
    """Set :func:`final_values` if the call is still at ``version`` and not finalized."""
    params = {f"b_{name}": final[name] for name in _FINAL_COLUMNS}
    params.update(b_id=call_id, b_version=version)
    return conn.execute(_FINALIZE_CALL, params).rowcount == 1
