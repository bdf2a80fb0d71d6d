"""Reconnecting the trade software releases everything that waited for the new login: not only
new activities (``trade.activity.create``) but also their updates and conversions to orders, so
none of them sits out the long re-auth delay (issue 10, acceptance 4).

Against the trade-API simulator, connected through the real OAuth flow, with the worker built by
the composition root's handler set (:func:`zentrale.integrations.handlers.outbox_handlers`)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select, update

from zentrale.config import BusinessConfig
from zentrale.config.loader import Installation
from zentrale.integrations.handlers import outbox_handlers
from zentrale.integrations.trade.connect import connect_with_password
from zentrale.integrations.trade.delivery import record_activity
from zentrale.integrations.trade.writeback import convert_message, update_message
from zentrale.integrations.worker import Backoff, OutboxWorker
from zentrale.settings import Settings
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Activity, ConnectionStatus, TradeConnection, utcnow
from zentrale.store.outbox import OutboxKind
from zentrale.store.repositories.activities import ActivityDraft
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox, generate_key

from .conftest import simulator_business_data

BUSINESS_ID = "heizung-mueller-rc"
REAUTH_DELAY = 300.0
FAST = Backoff(base=0.02, cap=0.2, reauth_delay=REAUTH_DELAY)


def config_data(simulator: Any) -> dict[str, Any]:
    return simulator_business_data(simulator, BUSINESS_ID)


class Env:
    def __init__(self, db: Database, simulator: Any, http: aiohttp.ClientSession) -> None:
        self.db = db
        self.simulator = simulator
        self.http = http
        self.box = SecretBox([generate_key()])
        self.config = BusinessConfig.model_validate(config_data(simulator))
        self.installation = Installation(businesses=[self.config])

    async def connect(self) -> None:
        await connect_with_password(
            self.db,
            self.box,
            self.config,
            self.http,
            username=self.simulator.username,
            password=self.simulator.password,
            redirect_uri=self.simulator.redirect_uri,
        )

    def worker(self, *kinds: OutboxKind) -> OutboxWorker:
        """A fresh worker (fresh ports) for the trade kinds, as ``zentrale worker --kind`` builds it."""
        handlers = [
            h
            for h in outbox_handlers(self.db, self.box, self.installation, self.http, Settings(), trade_timeout=5.0)
            if h.kind in kinds
        ]
        assert sorted(h.kind for h in handlers) == sorted(kinds)
        return OutboxWorker(self.db, handlers=handlers, backoff=FAST, poll_interval=0.02)

    async def record(self) -> str:
        async with self.db.transaction() as session:
            draft = ActivityDraft(type="Rückrufwunsch", subject="Rückruf Mustermann", text="Bitte zurückrufen.", assignee="tw")
            return (await record_activity(session, self.config, draft)).id

    async def local(self, activity_id: str) -> Activity:
        async with self.db.read() as session:
            activity = await session.scalar(
                select(Activity).where(Activity.id == activity_id).execution_options(populate_existing=True)
            )
        assert activity is not None
        return activity

    async def messages(self, *kinds: OutboxKind) -> list[Any]:
        async with self.db.read() as session:
            return list(await outbox.list_messages(session, BUSINESS_ID, kinds=list(kinds)))

    async def connection_status(self) -> str:
        async with self.db.read() as session:
            return str(await session.scalar(select(TradeConnection.status).where(TradeConnection.business_id == BUSINESS_ID)))


@pytest.fixture
async def env(database: Database, simulator: Any) -> Any:
    async with aiohttp.ClientSession() as http:
        environment = Env(database, simulator, http)
        async with database.transaction() as session:
            await sync_business(session, environment.config)
        await environment.connect()
        yield environment


async def test_after_reconnecting_waiting_updates_and_conversions_go_out_at_once(env: Env) -> None:
    # An activity in the trade software, then the grant is revoked (the office withdrew it).
    activity_id = await env.record()
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_CREATE).run_until_idle(horizon=2)
    assert (stats.delivered, stats.deferred) == (1, 0)
    external_id = (await env.local(activity_id)).external_id
    assert external_id is not None
    for grant in list(env.simulator.state.grants.values()):
        env.simulator.state.revoke_grant(grant)

    # Meanwhile the inbox marks it done and converts it to an order.
    async with env.db.transaction() as session:
        await session.execute(
            update(Activity).where(Activity.business_id == BUSINESS_ID, Activity.id == activity_id).values(status="done")
        )
        await session.execute(outbox.insert_message(session, update_message(BUSINESS_ID, activity_id)))
        await session.execute(outbox.insert_message(session, convert_message(BUSINESS_ID, activity_id)))

    # Both meet the lost login and wait for the admin: due again only after the re-auth delay.
    before = utcnow()
    trade_writes = (OutboxKind.TRADE_ACTIVITY_UPDATE, OutboxKind.TRADE_ACTIVITY_CONVERT)
    stats = await env.worker(*trade_writes).run_until_idle(horizon=2)
    assert (stats.deferred, stats.delivered, stats.dead) == (2, 0, 0)
    assert await env.connection_status() == ConnectionStatus.REAUTH_REQUIRED.value
    waiting = await env.messages(*trade_writes)
    assert {m.kind for m in waiting} == set(trade_writes)
    assert all(m.status == "pending" for m in waiting)
    assert all(m.available_at >= before + timedelta(seconds=REAUTH_DELAY - 5) for m in waiting)
    assert all("neu verbinden" in (m.last_error or "") for m in waiting)
    remote = env.simulator.state.activity(external_id)
    assert remote is not None and remote["status"] == "open" and remote.get("order_ref") is None

    # The admin connects again: both are due at once ...
    await env.connect()
    assert await env.connection_status() == ConnectionStatus.CONNECTED.value
    after = utcnow()
    released = await env.messages(*trade_writes)
    assert all(m.status == "pending" and m.available_at <= after for m in released), [(m.kind, m.available_at) for m in released]

    # ... and the next worker run delivers them without waiting out the backoff.
    stats = await env.worker(*trade_writes).run_until_idle(horizon=2)
    assert (stats.delivered, stats.deferred, stats.dead) == (2, 0, 0)
    assert [m.status for m in await env.messages(*trade_writes)] == ["done", "done"]
    remote = env.simulator.state.activity(external_id)
    assert remote is not None and remote["status"] == "done"
    local = await env.local(activity_id)
    assert local.order_ref is not None and remote["order_ref"] == local.order_ref
