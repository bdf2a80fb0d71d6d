"""The outbox worker's own behaviour, with an in-test trade port: recording in one transaction,
backoff arithmetic, look-up after ambiguous failures, lease loss, the in-process wake-up and the
server's worker settings. Delivery over HTTP to the simulator is in test_delivery*.py."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from zentrale.config import BusinessConfig
from zentrale.config.loader import Installation
from zentrale.integrations.trade.delivery import ActivityDelivery, record_activity
from zentrale.integrations.trade.port import (
    Activity,
    ActivityCreate,
    AmbiguousFailure,
    PermanentError,
    ReauthRequired,
    TemporarilyUnavailable,
)
from zentrale.integrations.worker import Backoff, OutboxWorker
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import OutboxMessage, utcnow
from zentrale.store.outbox import OutboxKind
from zentrale.store.repositories import activities as activities_repo
from zentrale.store.repositories.activities import ActivityDraft
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox, generate_key


def business_config(*, trade: bool = True, business_id: str = "heizung-test") -> BusinessConfig:
    data: dict[str, Any] = {
        "version": 1,
        "business": {"id": business_id, "name": "Heizung Test GmbH", "region": "DE", "phone_numbers": ["+4930555099"]},
        "staff": [
            {"id": "km", "name": "Klaus Müller", "mobile": "+491715550101", "trade_user": "KM", "teams": ["buero"]},
            {"id": "tw", "name": "Tobias Wagner", "mobile": "+491715550103", "trade_user": "TW", "teams": ["monteure"]},
            {"id": "jk", "name": "Jan Krüger", "mobile": "+491715550104", "teams": ["monteure"]},
        ],
        "tasks": [{"id": "rueckruf", "name": "Rückrufwunsch", "description": "Der Anrufer möchte zurückgerufen werden."}],
    }
    if trade:
        data["integrations"] = {
            "trade_system": {
                "kind": "simulator",
                "base_url": "http://127.0.0.1:9",
                "firm_code": "MUELLER",
                "client_id": "zentrale-test",
                "client_secret": "test-secret",
            }
        }
    return BusinessConfig.model_validate(data)


class FakeTradeServer:
    """An in-test trade software: stores activities by ``external_ref`` and fails on a script.

    ``script`` is a list of actions taken by successive ``create_activity`` calls: ``"ok"``,
    ``"commit_then_ambiguous"`` (stores it, then the answer is lost), ``"503"``, ``"429"``,
    ``"422"``, ``"reauth"``, ``"boom"`` (an unexpected exception), ``"hold"`` (stores it, then waits
    for ``release``). When the script is used up every call is ``"ok"``.
    """

    def __init__(self, script: list[str] | None = None, retry_after: float | None = None) -> None:
        self.script = list(script or [])
        self.retry_after = retry_after
        self.activities: dict[str, Activity] = {}
        self.requests: list[ActivityCreate] = []
        self.lookups: list[str] = []
        self.release = asyncio.Event()
        self.holding = asyncio.Event()

    def _store(self, request: ActivityCreate) -> Activity:
        activity = Activity(
            id=f"A-{len(self.activities) + 1}",
            type=request.type,
            subject=request.subject,
            text=request.text,
            external_ref=request.external_ref,
            status="open",
            created_by="PETRA",
            created_at=datetime.now(UTC),
            address_code=request.address_code,
            assignee=request.assignee,
            team=request.team,
            priority=request.priority,
        )
        self.activities[activity.id] = activity
        return activity

    async def create_activity(self, request: ActivityCreate) -> Activity:
        self.requests.append(request)
        action = self.script.pop(0) if self.script else "ok"
        if action == "ok":
            return self._store(request)
        if action == "commit_then_ambiguous":
            self._store(request)
            raise AmbiguousFailure("POST /api/v1/activities: TimeoutError after sending")
        if action == "hold":
            stored = self._store(request)
            self.holding.set()
            await self.release.wait()
            return stored
        if action == "503":
            raise AmbiguousFailure("POST /api/v1/activities: 503 after sending")
        if action == "429":
            raise TemporarilyUnavailable("POST /api/v1/activities: 429 rate limited", retry_after=self.retry_after)
        if action == "422":
            raise PermanentError("422", status=422, error="unknown_address", detail="address code X-1 does not exist")
        if action == "reauth":
            raise ReauthRequired("invalid_grant")
        raise RuntimeError("unexpected failure inside the adapter")

    async def find_activity(self, external_ref: str) -> Activity | None:
        self.lookups.append(external_ref)
        return next((a for a in self.activities.values() if a.external_ref == external_ref), None)

    def refs(self) -> list[str]:
        return [a.external_ref for a in self.activities.values()]


class ShiftedClock:
    """Real time plus an offset that a test moves forward (to let leases and delays run out)."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return utcnow() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


@pytest.fixture
async def setup(database: Database) -> dict[str, Any]:
    config = business_config()
    async with database.transaction() as session:
        await sync_business(session, config)
    return {
        "db": database,
        "config": config,
        "installation": Installation(businesses=[config]),
        "box": SecretBox([generate_key()]),
    }


def make_worker(setup: dict[str, Any], server: FakeTradeServer, **kwargs: Any) -> OutboxWorker:
    handler = ActivityDelivery(
        setup["db"],
        setup["box"],
        setup["installation"],
        None,
        port_factory=lambda config: server,  # type: ignore[arg-type]
        clock=kwargs.get("clock", utcnow),
    )
    kwargs.setdefault("backoff", Backoff(base=0.01, cap=0.05, reauth_delay=300))
    kwargs.setdefault("poll_interval", 0.02)
    return OutboxWorker(setup["db"], handlers=[handler], **kwargs)


async def record(setup: dict[str, Any], n: int = 1, **fields: Any) -> list[str]:
    ids = []
    async with setup["db"].transaction() as session:
        for i in range(n):
            values = {"type": "Rückrufwunsch", "subject": f"Rückruf {i}", "text": "Bitte zurückrufen."} | fields
            ids.append((await record_activity(session, setup["config"], ActivityDraft(**values))).id)
    return ids


async def activity(setup: dict[str, Any], activity_id: str) -> Any:
    async with setup["db"].read() as session:
        return await activities_repo.get_activity(session, setup["config"].id, activity_id)


# -- recording ------------------------------------------------------------------------------


async def test_record_activity_queues_delivery_in_the_same_transaction(setup: dict[str, Any]) -> None:
    db, config = setup["db"], setup["config"]
    (activity_id,) = await record(setup, assignee="tw")
    with pytest.raises(RuntimeError):
        async with db.transaction() as session:
            await record_activity(session, config, ActivityDraft(type="Störung", subject="Heizung kalt"))
            raise RuntimeError("the call could not be finalised")
    async with db.read() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
        # The delivery and the notification of its people; nothing of the rolled-back one.
        assert sorted((r.kind, r.dedupe_key, r.payload) for r in rows) == [
            ("notify.activity", activity_id, {"activity_id": activity_id}),
            (OutboxKind.TRADE_ACTIVITY_CREATE, activity_id, {"activity_id": activity_id}),
        ]
        stored = await activities_repo.list_activities(session, config.id)
    assert [(a.id, a.delivery_status, a.assignee) for a in stored] == [(activity_id, "pending", "tw")]


async def test_without_trade_system_the_activity_stays_local_and_nothing_is_queued(database: Database) -> None:
    config = business_config(trade=False, business_id="ohne-software")
    async with database.transaction() as session:
        await sync_business(session, config)
        created = await record_activity(session, config, ActivityDraft(type="Rückrufwunsch", subject="Rückruf Frau Weber"))
    assert created.delivery_status == "local"
    assert created.assignee == "km"  # nobody named: the first staff member
    async with database.read() as session:
        kinds = list(await session.scalars(select(OutboxMessage.kind)))
    assert kinds == ["notify.activity"]  # its people are told; nothing goes to a trade software


async def test_record_activity_refuses_an_unknown_staff_id(setup: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"unknown staff id 'xx'.*km, tw, jk"):
        await record(setup, assignee="xx")


# -- backoff --------------------------------------------------------------------------------


def test_backoff_is_full_jitter_under_a_doubling_capped_ceiling() -> None:
    backoff = Backoff(base=1.0, cap=300.0)
    assert [backoff.ceiling(n) for n in (1, 2, 3, 4, 9, 10, 1000)] == [1, 2, 4, 8, 256, 300, 300]
    rng = random.Random(7)
    samples = [backoff.delay(4, rng) for _ in range(2000)]
    assert all(0 <= s <= 8 for s in samples)
    assert min(samples) < 0.1 and max(samples) > 7.9  # spread over the whole range, not a fixed delay
    assert 3.5 < sum(samples) / len(samples) < 4.5


def test_backoff_never_retries_before_retry_after() -> None:
    backoff = Backoff(base=1.0, cap=300.0, max_retry_after=3600)
    rng = random.Random(1)
    assert all(backoff.delay(1, rng, retry_after=30) >= 30 for _ in range(200))
    assert backoff.delay(1, rng, retry_after=10**9) == 3600  # an absurd Retry-After is capped
    assert any(backoff.delay(12, rng, retry_after=2) > 2 for _ in range(50))  # the backoff may be longer


# -- the worker -----------------------------------------------------------------------------


async def test_delivers_with_the_trade_user_and_marks_the_activity(setup: dict[str, Any]) -> None:
    server = FakeTradeServer()
    (activity_id,) = await record(setup, assignee="tw", address_code="K-100", priority="high")
    stats = await make_worker(setup, server).run_until_idle()
    assert stats.delivered == 1
    (request,) = server.requests
    assert (request.external_ref, request.assignee, request.address_code, request.priority) == (
        activity_id,
        "TW",
        "K-100",
        "high",
    )
    stored = await activity(setup, activity_id)
    assert (stored.delivery_status, stored.external_id) == ("delivered", "A-1")
    assert stored.delivered_at is not None and stored.delivery_error is None
    async with setup["db"].read() as session:
        assert await outbox.count_by_status(session, setup["config"].id, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE]) == {
            "pending": 0,
            "in_flight": 0,
            "done": 1,
            "dead": 0,
        }


async def test_after_an_ambiguous_failure_the_next_attempt_looks_up_instead_of_creating_again(
    setup: dict[str, Any],
) -> None:
    server = FakeTradeServer(["commit_then_ambiguous", "503"])
    first, second = await record(setup, 2)
    stats = await make_worker(setup, server, concurrency=1).run_until_idle(horizon=5)
    assert sorted(server.refs()) == sorted([first, second])  # each exactly once
    assert server.lookups.count(first) == 1  # the committed one was found, not created again
    assert [r.external_ref for r in server.requests].count(first) == 1
    assert [r.external_ref for r in server.requests].count(second) == 2  # 503 then created
    assert stats.delivered == 2 and stats.retried == 2
    assert (await activity(setup, first)).external_id == "A-1"


async def test_retry_after_is_honoured(setup: dict[str, Any]) -> None:
    server = FakeTradeServer(["429"], retry_after=120)
    (activity_id,) = await record(setup)
    clock = ShiftedClock()
    worker = make_worker(setup, server, clock=clock)
    before = utcnow()
    await worker.run_until_idle()
    async with setup["db"].read() as session:
        (message,) = await outbox.list_messages(session, setup["config"].id, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE])
    assert message.status == "pending" and "429" in message.last_error
    assert message.available_at >= before + timedelta(seconds=120)
    clock.advance(60)
    await worker.run_until_idle()
    assert server.refs() == []  # not before Retry-After ran out
    clock.advance(61)
    await worker.run_until_idle()
    assert server.refs() == [activity_id]


async def test_unexpected_errors_are_retried_not_lost(setup: dict[str, Any]) -> None:
    server = FakeTradeServer(["boom"])
    (activity_id,) = await record(setup)
    stats = await make_worker(setup, server).run_until_idle(horizon=5)
    assert stats.errors == 1 and stats.delivered == 1
    assert server.refs() == [activity_id]


async def test_permanent_refusal_is_a_dead_letter_that_reaches_a_person(setup: dict[str, Any]) -> None:
    server = FakeTradeServer(["422"])
    (activity_id,) = await record(setup, team="monteure", address_code="X-1")
    stats = await make_worker(setup, server).run_until_idle(horizon=5)
    assert stats.dead == 1 and server.refs() == []
    stored = await activity(setup, activity_id)
    assert stored.delivery_status == "dead"
    assert "HTTP 422" in stored.delivery_error and "address code X-1 does not exist" in stored.delivery_error
    async with setup["db"].read() as session:
        messages = await outbox.list_messages(session, setup["config"].id)
    by_kind = {m.kind: m for m in messages}
    assert by_kind[OutboxKind.TRADE_ACTIVITY_CREATE].status == "dead"
    assert by_kind[OutboxKind.TRADE_ACTIVITY_CREATE].last_error == stored.delivery_error
    notify = by_kind[OutboxKind.NOTIFY_DEAD_LETTER]
    assert notify.status == "pending"  # waits for the SMS/e-mail sender
    assert notify.payload["activity_id"] == activity_id
    assert notify.payload["staff_ids"] == ["tw", "jk"]  # the team the activity was for
    assert notify.payload["reason"] == stored.delivery_error


async def test_reauth_keeps_the_activity_waiting_with_a_reason(setup: dict[str, Any]) -> None:
    server = FakeTradeServer(["reauth"])
    (activity_id,) = await record(setup)
    clock = ShiftedClock()
    worker = make_worker(setup, server, clock=clock)
    stats = await worker.run_until_idle(horizon=5)
    assert stats.deferred == 1 and server.refs() == []
    stored = await activity(setup, activity_id)
    assert stored.delivery_status == "pending" and "neu verbinden" in stored.delivery_error
    async with setup["db"].read() as session:
        (message,) = await outbox.list_messages(session, setup["config"].id, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE])
    assert message.status == "pending" and message.available_at > utcnow() + timedelta(seconds=290)
    clock.advance(301)
    await worker.run_until_idle()
    stored = await activity(setup, activity_id)
    assert (stored.delivery_status, stored.delivery_error) == ("delivered", None)


async def test_a_worker_that_lost_its_lease_does_not_overwrite_the_one_that_took_over(setup: dict[str, Any]) -> None:
    server = FakeTradeServer(["hold"])
    (activity_id,) = await record(setup)
    slow = make_worker(setup, server, worker_id="slow", lease_seconds=30)
    slow_run = asyncio.create_task(slow.run_until_idle())
    await asyncio.wait_for(server.holding.wait(), 5)  # created in the trade software, answer pending
    clock = ShiftedClock()
    clock.advance(31)  # the slow worker's lease has run out
    other = make_worker(setup, server, worker_id="other", clock=clock)
    stats = await other.run_until_idle()
    assert stats.delivered == 1 and server.lookups == [activity_id]
    server.release.set()
    slow_stats = await asyncio.wait_for(slow_run, 5)
    assert slow_stats.lost_leases == 1 and slow_stats.delivered == 0
    assert server.refs() == [activity_id]  # exactly once
    async with setup["db"].read() as session:
        (message,) = await outbox.list_messages(session, setup["config"].id, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE])
    assert message.status == "done" and message.attempts == 2


async def test_a_running_worker_wakes_on_commit_without_waiting_for_its_poll(setup: dict[str, Any]) -> None:
    server = FakeTradeServer()
    worker = make_worker(setup, server, poll_interval=30)
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run_forever(stop))
    try:
        await asyncio.sleep(0.1)  # the worker has looked once and now sleeps for 30 s
        started = asyncio.get_running_loop().time()
        (activity_id,) = await record(setup)
        while not server.refs():
            assert asyncio.get_running_loop().time() - started < 5, "the worker did not wake up"
            await asyncio.sleep(0.01)
        assert server.refs() == [activity_id]
    finally:
        stop.set()
        await asyncio.wait_for(running, 5)


# -- zentrale worker ------------------------------------------------------------------------


def test_worker_command_explains_bad_options_without_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from zentrale.cli import main

    monkeypatch.delenv("ZENTRALE_CONFIG", raising=False)
    monkeypatch.setenv("ZENTRALE_VAR_DIR", str(tmp_path))
    assert main(["worker", "--once", "--concurrency", "0"]) == 1
    assert capsys.readouterr().err.strip() == "error: --concurrency must be at least 1"
    assert main(["worker", "--once", "--backoff-cap", "-1"]) == 1
    assert "--backoff-cap must be a positive number of seconds" in capsys.readouterr().err
    assert main(["worker", "--once", "--kind", "trade.nothing"]) == 1
    assert "--kind 'trade.nothing' is not an outbox kind" in capsys.readouterr().err
    assert main(["worker", "--once"]) == 1
    assert "no configuration: pass --config PATH or set ZENTRALE_CONFIG" in capsys.readouterr().err
    monkeypatch.setenv("ZENTRALE_WORKER_CONCURRENCY", "viele")
    assert main(["worker", "--once"]) == 1
    assert "ZENTRALE_WORKER_CONCURRENCY must be a whole number" in capsys.readouterr().err


def test_worker_command_refuses_a_database_behind_the_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    from zentrale.cli import main
    from zentrale.config import EXAMPLES_DIR

    monkeypatch.setenv("ZENTRALE_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}")
    monkeypatch.setenv("ZENTRALE_SECRET_KEY", generate_key())
    assert main(["worker", "--config", str(EXAMPLES_DIR), "--once"]) == 1
    assert "run `zentrale db upgrade`" in capsys.readouterr().err


def test_worker_command_once_keeps_work_for_a_disconnected_trade_software(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Any, run_async: Any
) -> None:
    import json

    import yaml

    from zentrale.cli import main
    from zentrale.store.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'zentrale.db'}"
    config = business_config()  # has a trade system, but nobody has connected it yet

    async def prepare() -> str:
        db = Database(url)
        try:
            await upgrade(db)
            async with db.transaction() as session:
                await sync_business(session, config)
                return (await record_activity(session, config, ActivityDraft(type="Rückrufwunsch", subject="Rückruf"))).id
        finally:
            await db.dispose()

    async def stored() -> tuple[Any, Any]:
        db = Database(url)
        try:
            async with db.read() as session:
                (message,) = await outbox.list_messages(session, config.id, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE])
                return await activities_repo.get_activity(session, config.id, activity_id), message
        finally:
            await db.dispose()

    activity_id = run_async(prepare)
    data = config.model_dump(mode="json")
    data["integrations"]["trade_system"]["client_secret"] = "test-secret"
    config_file = tmp_path / "business.yaml"
    config_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("ZENTRALE_DATABASE_URL", url)
    monkeypatch.setenv("ZENTRALE_SECRET_KEY", generate_key())
    monkeypatch.setenv("ZENTRALE_LOG_LEVEL", "ERROR")
    # Only the trade kind: the activity's notify.activity would be sent (and counted) as well.
    assert main(["worker", "--config", str(config_file), "--once", "--kind", "trade.activity.create"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary == {"dead": 0, "deferred": 1, "delivered": 0, "errors": 0, "lost_leases": 0, "retried": 0}
    activity_row, message = run_async(stored)
    assert activity_row.delivery_status == "pending" and "neu verbinden" in activity_row.delivery_error
    assert message.status == "pending" and message.attempts == 1
