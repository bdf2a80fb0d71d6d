"""Activity delivery over HTTP against the trade-API simulator, connected through the real OAuth
flow (``connect_with_password``): faults, two worker processes on PostgreSQL, dead letters,
re-auth, lease expiry, Retry-After, and the worker inside the server."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml
from sqlalchemy import func, select

from zentrale.config import BusinessConfig
from zentrale.config.loader import Installation
from zentrale.integrations.trade.connect import connect_with_password
from zentrale.integrations.trade.delivery import ActivityDelivery, record_activity
from zentrale.integrations.trade.kwp.client import open_port
from zentrale.integrations.trade.port import ActivityCreate
from zentrale.integrations.worker import Backoff, OutboxWorker
from zentrale.settings import Settings
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Activity, OutboxMessage, utcnow
from zentrale.store.outbox import OutboxKind
from zentrale.store.repositories import activities as activities_repo
from zentrale.store.repositories.activities import ActivityDraft
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox, generate_key

from .conftest import simulator_business_data

BUSINESS_ID = "heizung-mueller-sim"
FAST = Backoff(base=0.02, cap=0.3, reauth_delay=300)


def config_data(simulator: Any) -> dict[str, Any]:
    return simulator_business_data(simulator, BUSINESS_ID)


class Env:
    def __init__(self, db: Database, simulator: Any, http: aiohttp.ClientSession, key: str) -> None:
        self.db = db
        self.simulator = simulator
        self.http = http
        self.key = key
        self.box = SecretBox([key])
        self.config = BusinessConfig.model_validate(config_data(simulator))
        self.installation = Installation(businesses=[self.config])

    async def connect(self) -> None:
        me = await connect_with_password(
            self.db,
            self.box,
            self.config,
            self.http,
            username=self.simulator.username,
            password=self.simulator.password,
            redirect_uri=self.simulator.redirect_uri,
        )
        assert me.user == self.simulator.username

    def worker(self, *, timeout: float = 5.0, **kwargs: Any) -> OutboxWorker:
        handler = ActivityDelivery(
            self.db, self.box, self.installation, self.http, timeout=timeout, clock=kwargs.get("clock", utcnow)
        )
        kwargs.setdefault("backoff", FAST)
        kwargs.setdefault("poll_interval", 0.02)
        return OutboxWorker(self.db, handlers=[handler], **kwargs)

    async def record(self, n: int, **fields: Any) -> list[str]:
        ids: list[str] = []
        async with self.db.transaction() as session:
            for i in range(n):
                values = {"type": "Rückrufwunsch", "subject": f"Rückruf Nr. {i}", "text": "Bitte zurückrufen."} | fields
                ids.append((await record_activity(session, self.config, ActivityDraft(**values))).id)
        return ids

    def remote_refs(self) -> Counter[str]:
        return Counter(a["external_ref"] for a in self.simulator.state.activities)

    async def local(self) -> list[Activity]:
        async with self.db.read() as session:
            return list(await session.scalars(select(Activity).where(Activity.business_id == BUSINESS_ID)))


@pytest.fixture
async def env(database: Database, simulator: Any) -> Any:
    async with aiohttp.ClientSession() as http:
        environment = Env(database, simulator, http, generate_key())
        async with database.transaction() as session:
            await sync_business(session, environment.config)
        await environment.connect()
        yield environment


def assert_all_delivered_once(env: Env, ids: list[str], local: list[Activity]) -> None:
    refs = env.remote_refs()
    duplicates = {ref: n for ref, n in refs.items() if n > 1}
    assert duplicates == {}
    assert set(refs) == set(ids)  # none lost, nothing foreign
    by_id = {a.id: a for a in local}
    assert {a.delivery_status for a in by_id.values()} == {"delivered"}
    remote_ids = {a["external_ref"]: a["id"] for a in env.simulator.state.activities}
    assert all(by_id[i].external_id == remote_ids[i] for i in ids)


# -- acceptance 1 ---------------------------------------------------------------------------


async def test_a_thousand_activities_through_5xx_timeouts_and_429_arrive_exactly_once(env: Env) -> None:
    ids = await env.record(1000, assignee="tw")
    env.simulator.state.faults.update(
        {
            "error_rate": 0.30,
            "commit_then_timeout_rate": 0.10,
            "rate_limit_rate": 0.05,
            "retry_after_s": 1,
            "commit_then_timeout_mode": "delay",  # answered only after the client gave up
            "timeout_delay_s": 3.0,
        }
    )
    worker = env.worker(concurrency=16, timeout=1.0)
    stats = await asyncio.wait_for(worker.run_until_idle(horizon=5), 120)
    injected = env.simulator.state.faults_injected
    assert injected["error"] > 100 and injected["commit_then_timeout"] > 30 and injected["rate_limit"] > 10
    assert len(env.simulator.state.activities) == 1000
    assert_all_delivered_once(env, ids, await env.local())
    assert stats.delivered == 1000 and stats.retried > 300 and stats.dead == 0
    assert all(a["assignee"] == "TW" for a in env.simulator.state.activities)
    async with env.db.read() as session:
        assert (await outbox.count_by_status(session, BUSINESS_ID, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE]))["done"] == 1000


# -- acceptance 2 ---------------------------------------------------------------------------


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
async def test_two_worker_processes_on_postgresql_share_a_backlog_without_duplicates_or_losses(
    env: Env, database_url: str, tmp_path: Path
) -> None:
    ids = await env.record(300)
    config_file = tmp_path / "business.yaml"
    config_file.write_text(yaml.safe_dump(config_data(env.simulator), allow_unicode=True), encoding="utf-8")
    env.simulator.state.faults.update({"error_rate": 0.15, "commit_then_timeout_rate": 0.05, "latency_ms": 25})
    process_env = {
        **os.environ,
        "ZENTRALE_DATABASE_URL": database_url,
        "ZENTRALE_SECRET_KEY": env.key,
        "ZENTRALE_VAR_DIR": str(tmp_path / "var"),
        "ZENTRALE_LOG_LEVEL": "WARNING",
    }
    command = [
        sys.executable,
        "-m",
        "zentrale",
        "worker",
        "--config",
        str(config_file),
        "--kind",
        "trade.activity.create",
        "--once",
        "--concurrency",
        "4",
        "--retry-window",
        "10",
        "--backoff-base",
        "0.02",
        "--backoff-cap",
        "0.3",
        "--poll-interval",
        "0.05",
        "--timeout",
        "5",
    ]
    processes = [
        await asyncio.create_subprocess_exec(
            *command, env=process_env, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in processes)), 120)
    for process, (_, err) in zip(processes, outputs, strict=False):
        assert process.returncode == 0, err.decode()
    summaries = [json.loads(out.decode().strip().splitlines()[-1]) for out, _ in outputs]
    assert all(s["delivered"] > 0 for s in summaries), summaries  # both really worked on the backlog
    assert sum(s["delivered"] for s in summaries) == 300
    assert len(env.simulator.state.activities) == 300
    assert_all_delivered_once(env, ids, await env.local())


# -- permanent failures, re-auth, leases, Retry-After ---------------------------------------


async def test_an_unknown_address_code_is_a_dead_letter_with_reason_and_a_notification(env: Env) -> None:
    good_code = next(iter(env.simulator.state.primary().addresses))
    (bad,) = await env.record(1, address_code="GIBT-ES-NICHT", assignee="tw")
    (good,) = await env.record(1, address_code=good_code)
    stats = await env.worker().run_until_idle(horizon=2)
    assert (stats.delivered, stats.dead) == (1, 1)
    assert env.remote_refs() == Counter({good: 1})
    async with env.db.read() as session:
        refused = await activities_repo.get_activity(session, BUSINESS_ID, bad)
        notes = await outbox.list_messages(session, BUSINESS_ID, status="pending", kinds=[OutboxKind.NOTIFY_DEAD_LETTER])
        dead = await outbox.list_messages(session, BUSINESS_ID, status="dead")
        dead_for_admin = await activities_repo.list_by_delivery_status(session, BUSINESS_ID, "dead")
    assert refused.delivery_status == "dead" and refused.external_id is None
    assert "HTTP 422" in refused.delivery_error and "GIBT-ES-NICHT" in refused.delivery_error
    assert [a.id for a in dead_for_admin] == [bad]
    assert [(m.kind, m.dedupe_key) for m in dead] == [(OutboxKind.TRADE_ACTIVITY_CREATE, bad)]
    assert [(m.kind, m.payload["activity_id"], m.payload["staff_ids"]) for m in notes] == [
        (OutboxKind.NOTIFY_DEAD_LETTER, bad, ["tw"])
    ]
    assert notes[0].payload["reason"] == refused.delivery_error


async def test_a_revoked_grant_drops_nothing_and_delivers_after_reconnecting(env: Env) -> None:
    state = env.simulator.state
    for grant in list(state.grants.values()):
        state.revoke_grant(grant)
    ids = await env.record(5)
    worker = env.worker()
    stats = await worker.run_until_idle(horizon=2)
    assert stats.deferred == 5 and stats.delivered == 0 and env.remote_refs() == Counter()
    waiting = await env.local()
    assert {a.delivery_status for a in waiting} == {"pending"}
    assert all("neu verbinden" in (a.delivery_error or "") for a in waiting)
    async with env.db.read() as session:
        assert (await outbox.count_by_status(session, BUSINESS_ID, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE]))["pending"] == 5

    await env.connect()  # the admin connects again: what waited is due at once, not after the re-auth delay
    async with env.db.transaction() as session:
        assert await outbox.release_waiting(session, BUSINESS_ID, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE]) == 0
    stats = await worker.run_until_idle(horizon=2)
    assert stats.delivered == 5
    assert_all_delivered_once(env, ids, await env.local())
    assert all(a.delivery_error is None for a in await env.local())


async def test_after_a_worker_died_mid_delivery_another_delivers_exactly_once(env: Env) -> None:
    (first, second) = await env.record(2)
    # A worker claims both, gets the first into the trade software and dies before recording it.
    claimed = await outbox.claim(env.db, "died-mid-delivery", limit=2, lease_seconds=30, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE])
    assert [m.dedupe_key for m in claimed] == [first, second]
    port = open_port(env.db, env.box, env.config, env.http)
    await port.create_activity(ActivityCreate(type="Rückrufwunsch", subject="Rückruf Nr. 0", text="x", external_ref=first))
    early = await env.worker().run_until_idle()  # while the lease holds, nobody else touches them
    assert early.delivered == 0 and env.remote_refs() == Counter({first: 1})

    stats = await env.worker(clock=lambda: utcnow() + timedelta(seconds=31)).run_until_idle()
    assert stats.delivered == 2
    assert_all_delivered_once(env, [first, second], await env.local())
    async with env.db.transaction() as session:  # the dead worker's late answer changes nothing
        assert not await outbox.complete(session, claimed[0].id, "died-mid-delivery")


async def test_retry_after_from_a_429_is_honoured(env: Env) -> None:
    env.simulator.state.faults.update({"rate_limit_rate": 1.0, "retry_after_s": 30})
    (_activity_id,) = await env.record(1)
    before = utcnow()
    await env.worker().run_until_idle()
    async with env.db.read() as session:
        (message,) = await outbox.list_messages(session, BUSINESS_ID, kinds=[OutboxKind.TRADE_ACTIVITY_CREATE])
    assert message.status == "pending" and "429" in (message.last_error or "")
    assert message.available_at >= before + timedelta(seconds=30)
    env.simulator.state.faults.update({"rate_limit_rate": 0.0})
    assert (await env.worker().run_until_idle()).delivered == 0  # still waiting
    assert env.remote_refs() == Counter()


# -- inside the server ----------------------------------------------------------------------


async def test_the_servers_worker_delivers_within_a_second_and_stops_with_the_server(
    env: Env, aiohttp_client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from zentrale.integrations import handlers
    from zentrale.server import create_app

    monkeypatch.setenv("ZENTRALE_WORKER_CONCURRENCY", "2")
    settings = Settings(var_dir=tmp_path, secret_key=env.key)
    app = create_app(settings, env.installation, database=env.db, extensions=(handlers.install,))
    client = await aiohttp_client(app)
    loop = asyncio.get_running_loop()
    for _ in range(3):
        started = loop.time()
        (activity_id,) = await env.record(1)
        while env.remote_refs()[activity_id] == 0:
            assert loop.time() - started < 1.0, "not delivered within a second"
            await asyncio.sleep(0.01)
    await client.close()
    task_names = {t.get_name() for t in asyncio.all_tasks()}
    assert "outbox-worker" not in task_names
    assert len(env.simulator.state.activities) == 3
    async with env.db.read() as session:
        assert (
            await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status != "done", OutboxMessage.kind == OutboxKind.TRADE_ACTIVITY_CREATE)
            )
            == 0
        )
