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

The statements are :mod:`zentrale.store.repositories.calls` (and ``activities``, ``contacts``):
this module composes them into one ``Database.run_read`` and at most one ``run_write`` per
webhook, and decides what a row count means (a lost version race, a retry, a stale webhook).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import Connection

from zentrale.bot.dialogue import CallerCandidate, Decision, Dialogue, DialogueState, DialogueStateError
from zentrale.bot.intents.base import IntentEngine
from zentrale.bot.intents.factory import build_engine
from zentrale.config import BusinessConfig, Installation
from zentrale.config.phones import caller_e164
from zentrale.logs import get_logger
from zentrale.services import aftercall
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Speaker, new_id
from zentrale.store.repositories import activities, contacts
from zentrale.store.repositories import calls as calls_repo
from zentrale.store.repositories.calls import CallRow, CallToFinalize

log = get_logger("zentrale.calls")

# Twilio's final call statuses: after one of these no more webhooks come for the call.
FINAL_STATUSES = frozenset({"completed", "busy", "no-answer", "failed", "canceled"})
# Attempts when another request for the same call moved its state on between read and write.
MAX_WRITE_ATTEMPTS = 4
VOICE_KEY = "voice"
# Calls whose last state this process keeps at hand (see CallService._recent).
RECENT_CALLS = 5_000


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
        self._recent: OrderedDict[str, CallRow] = OrderedDict()
        self.render = render

    # ------------------------------------------------------------------ reads

    def _remember(self, call_sid: str, row: CallRow) -> None:
        self._recent[call_sid] = row
        self._recent.move_to_end(call_sid)
        while len(self._recent) > RECENT_CALLS:
            self._recent.popitem(last=False)

    def _recall(self, call_sid: str, step: int) -> CallRow | None:
        row = self._recent.get(call_sid)
        return row if row is not None and row.version == step else None

    async def _read(self, call_sid: str, key: str) -> CallRow | None:
        return await self.db.run_read(lambda conn: calls_repo.read_call(conn, call_sid, key))

    async def _last_response(self, call_id: str) -> str | None:
        return await self.db.run_read(lambda conn: calls_repo.last_response(conn, call_id))

    # ------------------------------------------------------------------ writes

    async def _advance(
        self,
        row: CallRow,
        key: str,
        state: DialogueState,
        decision: Decision,
        response: str,
        caller_text: str | None,
        call_sid: str | None = None,
    ) -> bool:
        """Store the new state, the caller's words and the answer; False when the call moved on meanwhile."""
        now = self.clock()
        new_state = state.to_dict(copy=False)
        # Turn numbers follow the version: the caller's words 2v, the answer 2v+1.
        turns = []
        if caller_text is not None:
            turns.append(
                calls_repo.turn_values(
                    row.business_id, row.id, 2 * row.version, Speaker.CALLER, caller_text, f"{key}:caller", None, now
                )
            )
        turns.append(
            calls_repo.turn_values(row.business_id, row.id, 2 * row.version + 1, Speaker.BOT, decision.text, key, response, now)
        )

        def write(conn: Connection) -> bool:
            if not calls_repo.advance_call(conn, row.id, row.version, new_state, state.task_id, now):
                return False
            calls_repo.insert_turns(conn, turns)
            return True

        if not await self.db.run_write(write):
            if call_sid is not None:
                self._recent.pop(call_sid, None)
            return False
        if call_sid is not None:
            self._remember(call_sid, CallRow(row.id, row.business_id, row.version + 1, new_state, False, None))
        return True

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
            matches = await self.db.run_read(lambda conn: contacts.match_callers_in(conn, business.id, e164))
            candidates = [CallerCandidate(m.address_code, m.name, m.salutation) for m in matches]
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
        first_state = state.to_dict()
        values = calls_repo.call_values(
            call_id, business.id, call_sid, from_number=from_number, to_number=to_number, now=now, state=first_state
        )
        greeting = calls_repo.turn_values(business.id, call_id, 1, Speaker.BOT, decision.text, VOICE_KEY, response, now)

        def write(conn: Connection) -> bool:
            if not calls_repo.insert_call(conn, values):
                return False  # a concurrent copy of this webhook created it: read its answer
            calls_repo.insert_turns(conn, [greeting])
            return True

        if not await self.db.run_write(write):
            return False
        self._remember(call_sid, CallRow(call_id, business.id, 1, first_state, False, None))
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
        run: Callable[[Dialogue, DialogueState | Mapping[str, Any]], Awaitable[tuple[DialogueState, Decision]]],
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
        values = calls_repo.call_values(new_id(), business.id, call_sid, from_number=from_number, to_number=to_number, now=now)

        def write(conn: Connection) -> None:
            calls_repo.insert_call(conn, values)
            call = calls_repo.lock_call(conn, call_sid)
            if call is None or call.business_id != business.id:
                raise LookupError(f"call {call_sid} belongs to another business")
            if call.finalized_at is not None:
                log.warning("fallback_after_finalize", business=business.id, call_id=call.id)
            if calls_repo.has_turn(conn, call.id, key):
                return
            seq = calls_repo.next_seq(conn, call.id)
            calls_repo.insert_turns(
                conn, [calls_repo.turn_values(business.id, call.id, seq, Speaker.CALLER, text, key, None, now)]
            )
            calls_repo.touch_call_id(conn, call.id, now)

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
        now = self.clock()
        await self.db.run_write(lambda conn: calls_repo.touch_call(conn, call_sid, now))
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
        self._recent.pop(call_sid, None)
        for _ in range(MAX_WRITE_ATTEMPTS):
            done = await self._finalize_once(business, call_sid, call_status, from_number, to_number, duration, stale)
            if done is not None:
                return done
        raise RuntimeError(f"call {call_sid}: could not be finalized, its state kept changing")

    async def _finalize_once(
        self,
        business: BusinessConfig,
        call_sid: str,
        call_status: str,
        from_number: str | None,
        to_number: str | None,
        duration: int | None,
        stale: tuple[timedelta, timedelta] | None = None,
    ) -> bool | None:
        """One attempt of :meth:`finalize`: True done, False nothing to do, None try again."""
        row: CallToFinalize | None = await self.db.run_read(lambda conn: calls_repo.read_for_finalize(conn, call_sid))
        if row is not None and row.business_id != business.id:
            log.warning("call_business_mismatch", business=business.id, call_id=row.id)
            return False
        if row is not None and row.finalized:
            return False
        now = self.clock()
        if stale is not None and (row is None or row.last_event_at > now - _quiet_needed(row.state, *stale)):
            return False  # the call is alive after all
        call_id = row.id if row is not None else new_id()
        started = row.started_at if row is not None else now - timedelta(seconds=duration or 0)
        outcome = None
        if row is not None and row.state:
            try:
                outcome = self.dialogues[business.id].outcome(row.state)
            except DialogueStateError:
                outcome = None
        facts = aftercall.CallFacts(
            call_id=call_id,
            status=call_status,
            started_at=started,
            ended_at=now,
            from_number=caller_e164(row.from_number if row is not None else from_number, business.business.region or "DE"),
            duration_seconds=duration,
            fallback_texts=row.fallback_texts if row is not None else (),
        )
        plan = aftercall.plan(business, outcome, facts)
        rows = [activities.activity_values(business, draft, now=now) for draft in plan.activities]
        final = calls_repo.final_values(
            status=call_status, now=now, summary=plan.summary, details=plan.details, task_id=plan.details.get("task_id")
        )

        def write(conn: Connection) -> bool:
            if row is None:
                values = calls_repo.call_values(
                    call_id, business.id, call_sid, from_number=from_number, to_number=to_number, now=now
                )
                values.update(final, started_at=started)
                if not calls_repo.insert_call(conn, values):
                    return False
            elif not calls_repo.finalize_call(conn, row.id, row.version, final):
                return False
            activities.insert_in(conn, rows)
            return True

        if await self.db.run_write(write):
            if any(messages for _, messages in rows):
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
        quiet = await self.db.run_read(lambda conn: calls_repo.quiet_calls(conn, now - idle))
        finalized = 0
        for call in quiet:
            business = next((b for b in self.installation.businesses if b.id == call.business_id), None)
            if business is None:  # removed from the configuration: nobody to deliver to
                continue
            if call.last_event_at >= now - _quiet_needed(call.state, idle, forwarding_idle):
                continue
            if await self.finalize(business, call.call_sid, "watchdog", stale=(idle, forwarding_idle)):
                finalized += 1
        return finalized

    async def open_calls(self) -> int:
        """Calls not finalized yet (all businesses)."""
        return await self.db.run_read(calls_repo.count_open_calls)
