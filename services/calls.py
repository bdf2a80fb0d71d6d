"""The life of a phone call in the store: start, turns, forward results, finalization.

No HTTP here: :mod:`zentrale.webhooks.voice` verifies and parses Twilio's requests and calls
these methods, which return TwiML. Rules that make a call survive retries, races and restarts:

* **Every answer is stored with the turn that produced it**, in the same transaction that moves
  the dialogue state on (``turns.request_key`` = the webhook's key, ``turns.response`` = the
  TwiML). A retried webhook finds its key and gets the same TwiML back; nothing is written twice.
* **Optimistic concurrency**: the state is read without a lock, the dialogue runs (the intent
  engine may take its time budget) outside any transaction, and the write is
  ``UPDATE calls ... WHERE version = <read version>``. A concurrent copy of the same webhook
  loses that race and returns the winner's stored answer. The write transaction is a handful of
  statements; no lock is held while the language model thinks.
* **The state lives in the store** (``calls.dialogue_state``): a restarted server continues a
  call on its next webhook.
* **Finalization happens once**: under the call's row lock, ``finalized_at`` is set in the same
  transaction as the activity rows and their outbox messages. A second status callback, the
  watchdog and the fallback all find it set and do nothing.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection, and_, bindparam, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from zentrale.bot.dialogue import CallerCandidate, Decision, Dialogue, DialogueState, DialogueStateError
from zentrale.bot.intents.base import IntentEngine
from zentrale.bot.intents.factory import build_engine
from zentrale.config import BusinessConfig, Installation
from zentrale.config.phones import caller_e164
from zentrale.logs import get_logger
from zentrale.services import aftercall
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Activity, Call, Speaker, Turn, new_id
from zentrale.store.repositories import insert_ignoring_conflicts
from zentrale.store.repositories.activities import activity_values
from zentrale.store.repositories.contacts import MATCH_QUERY, PhoneMatch

log = get_logger("zentrale.calls")

CALLS = Call.__table__
ACTIVITIES = Activity.__table__
TURNS = Turn.__table__

# Statements of the hot path, built once: per request only parameters change, so SQLAlchemy's
# compiled cache is hit without building and hashing a new expression each time.
READ_CALL = select(
    CALLS.c.id,
    CALLS.c.business_id,
    CALLS.c.version,
    CALLS.c.dialogue_state,
    CALLS.c.finalized_at,
    select(TURNS.c.response).where(TURNS.c.call_id == CALLS.c.id, TURNS.c.request_key == bindparam("key")).scalar_subquery(),
).where(CALLS.c.call_sid == bindparam("call_sid"))
LAST_RESPONSE = (
    select(TURNS.c.response)
    .where(TURNS.c.call_id == bindparam("call_id"), TURNS.c.response.is_not(None))
    .order_by(TURNS.c.seq.desc())
    .limit(1)
)
ADVANCE_CALL = (
    update(CALLS)
    .where(CALLS.c.id == bindparam("b_id"), CALLS.c.version == bindparam("b_version"), CALLS.c.finalized_at.is_(None))
    .values(
        dialogue_state=bindparam("b_state"),
        version=bindparam("b_version") + 1,
        last_event_at=bindparam("b_now"),
        task_id=bindparam("b_task_id"),
    )
)
INSERT_TURNS = insert(TURNS)
TOUCH_CALL = (
    update(CALLS)
    .where(CALLS.c.call_sid == bindparam("b_call_sid"), CALLS.c.finalized_at.is_(None))
    .values(last_event_at=bindparam("b_now"))
)

_INSERT_CALL = {
    "postgresql": postgresql.insert(CALLS).on_conflict_do_nothing(index_elements=["call_sid"]),
    "sqlite": sqlite.insert(CALLS).on_conflict_do_nothing(index_elements=["call_sid"]),
}


def insert_call(conn: Connection) -> Any:
    """``INSERT INTO calls ... ON CONFLICT (call_sid) DO NOTHING``; the values are the parameters."""
    return _INSERT_CALL["postgresql" if conn.dialect.name == "postgresql" else "sqlite"]


# Twilio's final call statuses: after one of these no more webhooks come for the call.
FINAL_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})
# Attempts when another request for the same call moved its state on between read and write.
MAX_WRITE_ATTEMPTS = 4
VOICE_KEY = "voice"
# Calls whose last state this process keeps at hand (see CallService._recent).
RECENT_CALLS = 5_000


@dataclass(frozen=True)
class _CallRow:
    id: str
    business_id: str
    version: int
    state: dict[str, Any]
    finalized: bool
    stored: str | None  # the TwiML already answered to this request's key, if any


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _quiet_needed(state: Mapping[str, Any] | None, idle: timedelta, forwarding_idle: timedelta) -> timedelta:
    """How long a call must have been without webhooks to count as ended: longer while it is
    forwarded (a person may be talking to the caller, and Twilio calls back only at the end)."""
    state = state or {}
    forwarding = bool(state.get("forward_number")) and state.get("forward_answered") is None
    return forwarding_idle if forwarding else idle


class Renderer(Protocol):
    """Turns the dialogue's decisions into the answer the telephony side sends back (TwiML for
    Twilio's webhooks); the answer is stored with its turn, so a retry gets the same bytes."""

    def decision(self, business: BusinessConfig, decision: Decision, step: int) -> str: ...

    def hangup(self, business: BusinessConfig) -> str: ...


class CallService:
    """Drives the :class:`~zentrale.bot.dialogue.Dialogue` of every business against the store."""

    def __init__(
        self,
        db: Database,
        installation: Installation,
        render: Renderer,
        *,
        engines: Mapping[str, IntentEngine] | None = None,
        clock: Callable[[], datetime] | None = None,
        max_turns: int | None = None,
        max_seconds: float | None = None,
    ) -> None:
        self.db = db
        self.installation = installation
        self.clock = clock or _utcnow
        extra: dict[str, Any] = {}
        if max_turns is not None:
            extra["max_turns"] = max_turns
        if max_seconds is not None:
            extra["max_seconds"] = max_seconds
        self.dialogues: dict[str, Dialogue] = {}
        for business in installation.businesses:
            engine = (engines or {}).get(business.id) or build_engine(business)
            self.dialogues[business.id] = Dialogue(business, engine, clock=self.clock, **extra)
        # The state each call of this process was left in, so that the next turn need not read
        # it back: only a hint — the write still checks ``version`` in the store, and any
        # mismatch (another process, a retry, a restart) falls back to reading it.
        self._recent: OrderedDict[str, _CallRow] = OrderedDict()
        self.render = render

    # ------------------------------------------------------------------ reads

    def _remember(self, call_sid: str, row: _CallRow) -> None:
        self._recent[call_sid] = row
        self._recent.move_to_end(call_sid)
        while len(self._recent) > RECENT_CALLS:
            self._recent.popitem(last=False)

    def _recall(self, call_sid: str, step: int) -> _CallRow | None:
        row = self._recent.get(call_sid)
        return row if row is not None and row.version == step else None

    async def _read(self, call_sid: str, key: str) -> _CallRow | None:
        params = {"call_sid": call_sid, "key": key}
        row = await self.db.run_read(lambda conn: conn.execute(READ_CALL, params).first())
        if row is None:
            return None
        return _CallRow(row[0], row[1], row[2], row[3] or {}, row[4] is not None, row[5])

    async def _last_response(self, call_id: str) -> str | None:
        return await self.db.run_read(lambda conn: conn.execute(LAST_RESPONSE, {"call_id": call_id}).scalar())

    # ------------------------------------------------------------------ writes

    async def _advance(
        self,
        row: _CallRow,
        key: str,
        state: DialogueState,
        decision: Decision,
        response: str,
        caller_text: str | None,
        call_sid: str | None = None,
    ) -> bool:
        """Store the new state, the caller's words and the answer; False when the call moved on meanwhile."""
        now = self.clock()
        params = {
            "b_id": row.id,
            "b_version": row.version,
            "b_state": state.to_dict(copy=False),
            "b_now": now,
            "b_task_id": state.task_id,
        }
        turns = []
        if caller_text is not None:
            turns.append(self._turn(row, 2 * row.version, Speaker.CALLER, caller_text, f"{key}:caller", None, now))
        turns.append(self._turn(row, 2 * row.version + 1, Speaker.BOT, decision.text, key, response, now))

        def write(conn: Connection) -> bool:
            if conn.execute(ADVANCE_CALL, params).rowcount != 1:
                return False
            conn.execute(INSERT_TURNS, turns)
            return True

        if not await self.db.run_write(write):
            if call_sid is not None:
                self._recent.pop(call_sid, None)
            return False
        if call_sid is not None:
            self._remember(call_sid, _CallRow(row.id, row.business_id, row.version + 1, params["b_state"], False, None))
        return True

    @staticmethod
    def _turn(
        row: _CallRow, seq: int, speaker: Speaker, text: str, key: str, response: str | None, now: datetime
    ) -> dict[str, Any]:
        return {
            "business_id": row.business_id,
            "call_id": row.id,
            "seq": seq,
            "speaker": speaker.value,
            "text": text,
            "request_key": key,
            "response": response,
            "created_at": now,
        }

    # ------------------------------------------------------------------ webhooks

    async def answer(self, business: BusinessConfig, call_sid: str, from_number: str | None, to_number: str | None) -> str:
        """``/twilio/voice``: greet. A repeat of the same CallSid gets the same greeting back."""
        for _ in range(MAX_WRITE_ATTEMPTS):
            row = await self._read(call_sid, VOICE_KEY)
            if row is not None and row.stored is not None:
                return row.stored
            if row is not None and row.finalized:
                return self.render.hangup(business)
            state, decision = await self._start(business, from_number)
            response = self.render.decision(business, decision, row.version + 1 if row is not None else 1)
            if row is None:
                if await self._create(business, call_sid, from_number, to_number, state, decision, response):
                    return response
            elif await self._advance(row, VOICE_KEY, state, decision, response, None, call_sid):
                return response
        raise RuntimeError(f"call {call_sid}: could not store the greeting")

    async def _start(self, business: BusinessConfig, from_number: str | None) -> tuple[DialogueState, Decision]:
        region = business.business.region or "DE"
        candidates: list[CallerCandidate] = []
        e164 = caller_e164(from_number, region)
        if e164 is not None:
            params = {"business_id": business.id, "e164": e164}
            rows = await self.db.run_read(lambda conn: conn.execute(MATCH_QUERY, params).all())
            seen: set[str] = set()
            for row in rows:
                match = PhoneMatch(*row)
                if match.address_code not in seen:
                    seen.add(match.address_code)
                    candidates.append(CallerCandidate(match.address_code, match.name, match.salutation))
        return await self.dialogues[business.id].start(from_number, candidates)

    async def _create(
        self,
        business: BusinessConfig,
        call_sid: str,
        from_number: str | None,
        to_number: str | None,
        state: DialogueState,
        decision: Decision,
        response: str,
    ) -> bool:
        now = self.clock()
        call_id = new_id()
        values = {
            "id": call_id,
            "business_id": business.id,
            "call_sid": call_sid,
            "from_number": from_number,
            "to_number": to_number,
            "status": "in-progress",
            "started_at": now,
            "last_event_at": now,
            "dialogue_state": state.to_dict(),
            "details": {},
            "version": 1,
        }
        greeting = self._turn(
            _CallRow(call_id, business.id, 0, {}, False, None), 1, Speaker.BOT, decision.text, VOICE_KEY, response, now
        )

        def write(conn: Connection) -> bool:
            if conn.execute(insert_call(conn), values).rowcount != 1:
                return False  # a concurrent copy of this webhook created it: read its answer
            conn.execute(INSERT_TURNS, [greeting])
            return True

        if not await self.db.run_write(write):
            return False
        self._remember(call_sid, _CallRow(call_id, business.id, 1, values["dialogue_state"], False, None))
        log.info("call_started", business=business.id, call_id=call_id, decision=decision.reason)
        return True

    async def gather(
        self,
        business: BusinessConfig,
        call_sid: str,
        step: int,
        speech: str | None,
        confidence: float | None,
        *,
        from_number: str | None = None,
        to_number: str | None = None,
    ) -> str:
        """``/twilio/gather``: what the caller said (``None``: silence) in answer to document ``step``."""
        key = f"gather:{step}"

        async def run(dialogue: Dialogue, state: DialogueState | Mapping[str, Any]) -> tuple[DialogueState, Decision]:
            if speech is None or not speech.strip():
                return await dialogue.on_silence(state)
            return await dialogue.on_speech(state, speech, confidence=confidence if confidence is not None else 1.0)

        return await self._turn_request(business, call_sid, step, key, run, speech, from_number, to_number)

    async def dial_result(
        self,
        business: BusinessConfig,
        call_sid: str,
        step: int,
        dial_status: str | None,
        *,
        from_number: str | None = None,
        to_number: str | None = None,
    ) -> str:
        """``/twilio/dial``: the forward ended; ``completed``/``answered`` means a person took the call."""
        answered = (dial_status or "").lower() in {"completed", "answered"}

        async def run(dialogue: Dialogue, state: DialogueState | Mapping[str, Any]) -> tuple[DialogueState, Decision]:
            return await dialogue.on_forward_result(state, answered=answered)

        return await self._turn_request(business, call_sid, step, f"dial:{step}", run, None, from_number, to_number)

    async def _turn_request(
        self,
        business: BusinessConfig,
        call_sid: str,
        step: int,
        key: str,
        run: Callable[[Dialogue, DialogueState], Any],
        caller_text: str | None,
        from_number: str | None,
        to_number: str | None,
    ) -> str:
        dialogue = self.dialogues[business.id]
        adopted = False
        for attempt in range(MAX_WRITE_ATTEMPTS):
            row = (self._recall(call_sid, step) if attempt == 0 else None) or await self._read(call_sid, key)
            if row is None:
                # The greeting was never stored (e.g. the database was restored meanwhile): start
                # now, and keep what the caller just said.
                await self.answer(business, call_sid, from_number, to_number)
                adopted = True
                continue
            if row.stored is not None:
                return row.stored
            if row.finalized:
                return self.render.hangup(business)
            if row.version != step and not adopted:
                # An old copy of a request whose call has moved on: repeat the current question.
                log.warning("stale_webhook", business=business.id, call_id=row.id, step=step, version=row.version)
                return await self._last_response(row.id) or self.render.hangup(business)
            try:
                # The stored dict goes in as it is: the dialogue copies it once.
                new_state, decision = await run(dialogue, row.state)
            except DialogueStateError:
                state, _ = await dialogue.start(from_number, [])
                new_state, decision = await run(dialogue, state)
            response = self.render.decision(business, decision, row.version + 1)
            if await self._advance(row, key, new_state, decision, response, caller_text, call_sid):
                if decision.kind == "end":
                    log.info("call_dialogue_ended", business=business.id, call_id=row.id, outcome=decision.outcome)
                return response
        raise RuntimeError(f"call {call_sid}: the state kept changing under request {key}")

    # ------------------------------------------------------------------ the fallback

    async def fallback_note(
        self,
        business: BusinessConfig,
        call_sid: str,
        key: str,
        text: str,
        *,
        from_number: str | None = None,
        to_number: str | None = None,
    ) -> None:
        """Keep what the caller said to the fallback (``key`` makes a retry store nothing twice).
        Creates the call when the voice webhook never got as far as storing it."""
        now = self.clock()
        values = {
            "id": new_id(),
            "business_id": business.id,
            "call_sid": call_sid,
            "from_number": from_number,
            "to_number": to_number,
            "status": "in-progress",
            "started_at": now,
            "last_event_at": now,
            "dialogue_state": {},
            "details": {},
            "version": 1,
        }

        def write(conn: Connection) -> None:
            conn.execute(insert_ignoring_conflicts(conn, Call, values, ["call_sid"]))
            call = conn.execute(
                select(CALLS.c.id, CALLS.c.business_id, CALLS.c.finalized_at)
                .where(CALLS.c.call_sid == call_sid)
                .with_for_update()
            ).first()
            if call is None or call.business_id != business.id:
                raise LookupError(f"call {call_sid} belongs to another business")
            if call.finalized_at is not None:
                log.warning("fallback_after_finalize", business=business.id, call_id=call.id)
            exists = conn.scalar(
                select(func.count()).select_from(TURNS).where(TURNS.c.call_id == call.id, TURNS.c.request_key == key)
            )
            if exists:
                return
            last = conn.scalar(select(func.max(TURNS.c.seq)).where(TURNS.c.call_id == call.id))
            row = _CallRow(call.id, business.id, 0, {}, False, None)
            conn.execute(insert(TURNS), [self._turn(row, (last or 0) + 1, Speaker.CALLER, text, key, None, now)])
            conn.execute(update(CALLS).where(CALLS.c.id == call.id).values(last_event_at=now))

        await self.db.run_write(write)

    async def store_spooled(self, record: dict[str, Any]) -> None:
        """Replay one record of the :class:`~zentrale.webhooks.spool.Spool`."""
        business = self.installation.business(record["business_id"])
        await self.fallback_note(
            business,
            record["call_sid"],
            record["key"],
            record["text"],
            from_number=record.get("from"),
            to_number=record.get("to"),
        )

    # ------------------------------------------------------------------ after the call

    async def status(
        self,
        business: BusinessConfig,
        call_sid: str,
        call_status: str,
        *,
        from_number: str | None = None,
        to_number: str | None = None,
        duration: int | None = None,
    ) -> bool:
        """``/twilio/status``. A final status finalizes the call (once); earlier ones only touch it.
        Returns True when this request finalized the call."""
        call_status = (call_status or "").lower()
        if call_status in FINAL_STATUSES:
            return await self.finalize(
                business, call_sid, call_status, from_number=from_number, to_number=to_number, duration=duration
            )
        params = {"b_call_sid": call_sid, "b_now": self.clock()}
        await self.db.run_write(lambda conn: conn.execute(TOUCH_CALL, params).rowcount)
        return False

    async def finalize(
        self,
        business: BusinessConfig,
        call_sid: str,
        call_status: str,
        *,
        from_number: str | None = None,
        to_number: str | None = None,
        duration: int | None = None,
        stale: tuple[timedelta, timedelta] | None = None,
    ) -> bool:
        """Record the call's final state and queue its activity, once. A status callback for a call
        whose voice webhook never reached us still yields an activity (a missed call).

        ``stale=(idle, forwarding_idle)`` (the watchdog): only if the call has had no webhook for
        that long, checked again right before writing (the caller may just have said something).

        The activity is planned outside the write lock; the write only succeeds if the call is
        still where it was when read (``version``) and not finalized, else it is planned again."""
        query = select(
            CALLS.c.id,
            CALLS.c.business_id,
            CALLS.c.version,
            CALLS.c.dialogue_state,
            CALLS.c.finalized_at,
            CALLS.c.started_at,
            CALLS.c.from_number,
            CALLS.c.last_event_at,
        ).where(CALLS.c.call_sid == call_sid)

        def read(conn: Connection) -> tuple[Any, tuple[str, ...]]:
            row = conn.execute(query).first()
            if row is None:
                return None, ()
            texts = conn.scalars(
                select(TURNS.c.text)
                .where(TURNS.c.call_id == row.id, TURNS.c.speaker == Speaker.CALLER.value, TURNS.c.request_key.like("fallback%"))
                .order_by(TURNS.c.seq)
            ).all()
            return row, tuple(texts)

        self._recent.pop(call_sid, None)
        for _ in range(MAX_WRITE_ATTEMPTS):
            done = await self._finalize_once(business, call_sid, call_status, read, from_number, to_number, duration, stale)
            if done is not None:
                return done
        raise RuntimeError(f"call {call_sid}: could not be finalized, its state kept changing")

    async def _finalize_once(
        self,
        business: BusinessConfig,
        call_sid: str,
        call_status: str,
        read: Callable[[Connection], tuple[Any, tuple[str, ...]]],
        from_number: str | None,
        to_number: str | None,
        duration: int | None,
        stale: tuple[timedelta, timedelta] | None = None,
    ) -> bool | None:
        """One attempt of :meth:`finalize`: True done, False nothing to do, None try again."""
        row, fallback_texts = await self.db.run_read(read)
        if row is not None and row.business_id != business.id:
            log.warning("call_business_mismatch", business=business.id, call_id=row.id)
            return False
        if row is not None and row.finalized_at is not None:
            return False
        now = self.clock()
        if stale is not None and (row is None or row.last_event_at > now - _quiet_needed(row.dialogue_state, *stale)):
            return False  # the call is alive after all
        call_id = row.id if row is not None else new_id()
        started = row.started_at if row is not None else now - timedelta(seconds=duration or 0)
        outcome = None
        if row is not None and row.dialogue_state:
            try:
                outcome = self.dialogues[business.id].outcome(row.dialogue_state)
            except DialogueStateError:
                outcome = None
        facts = aftercall.CallFacts(
            call_id=call_id,
            status=call_status,
            started_at=started,
            ended_at=now,
            from_number=caller_e164(row.from_number if row is not None else from_number, business.business.region or "DE"),
            duration_seconds=duration,
            fallback_texts=fallback_texts,
        )
        plan = aftercall.plan(business, outcome, facts)
        rows = [
            activity_values(
                business,
                type=d.type,
                subject=d.subject,
                text=d.text,
                call_id=call_id,
                task_id=d.task_id,
                address_code=d.address_code,
                assignee=d.assignee,
                team=d.team,
                priority=d.priority,
                follow_up_at=d.follow_up_at,
                now=now,
            )
            for d in plan.activities
        ]
        final = {
            "status": call_status,
            "ended_at": now,
            "finalized_at": now,
            "last_event_at": now,
            "summary": plan.summary,
            "details": plan.details,
            "task_id": plan.details.get("task_id"),
        }

        def write(conn: Connection) -> bool:
            if row is None:
                values = {
                    **final,
                    "id": call_id,
                    "business_id": business.id,
                    "call_sid": call_sid,
                    "from_number": from_number,
                    "to_number": to_number,
                    "started_at": started,
                    "dialogue_state": {},
                    "version": 1,
                }
                if conn.execute(insert_ignoring_conflicts(conn, Call, values, ["call_sid"])).rowcount != 1:
                    return False
            else:
                done = conn.execute(
                    update(CALLS)
                    .where(CALLS.c.id == row.id, CALLS.c.version == row.version, CALLS.c.finalized_at.is_(None))
                    .values(**final, version=row.version + 1)
                )
                if done.rowcount != 1:
                    return False
            conn.execute(insert(ACTIVITIES), [a for a, _ in rows])
            messages = [m for _, ms in rows for m in ms]
            for message in messages:
                conn.execute(outbox.insert_message(conn, message))
            return True

        if await self.db.run_write(write):
            if any(ms for _, ms in rows):
                outbox.notify_enqueued()
            log.info(
                "call_finalized",
                business=business.id,
                call_id=call_id,
                status=call_status,
                task=plan.details.get("task_id"),
                activities=len(rows),
            )
            return True
        return None

    async def finalize_stale(self, *, idle: timedelta, forwarding_idle: timedelta) -> int:
        """The watchdog: finalize calls that had no webhook for ``idle`` (``forwarding_idle`` while
        a forward may still be connected to a person) and never got their final status callback."""
        now = self.clock()
        query = select(CALLS.c.call_sid, CALLS.c.business_id, CALLS.c.dialogue_state, CALLS.c.last_event_at).where(
            and_(CALLS.c.finalized_at.is_(None), CALLS.c.last_event_at < now - idle)
        )
        rows = await self.db.run_read(lambda conn: conn.execute(query).all())
        finalized = 0
        for call_sid, business_id, state, last_event in rows:
            business = next((b for b in self.installation.businesses if b.id == business_id), None)
            if business is None:  # removed from the configuration: nobody to deliver to
                continue
            if last_event >= now - _quiet_needed(state, idle, forwarding_idle):
                continue
            if await self.finalize(business, call_sid, "watchdog", stale=(idle, forwarding_idle)):
                finalized += 1
        return finalized

    async def open_calls(self) -> int:
        async with self.db.single_read() as session:
            return int(await session.scalar(select(func.count()).select_from(CALLS).where(CALLS.c.finalized_at.is_(None))) or 0)
