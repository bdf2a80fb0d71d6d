"""Changes made in the inbox reach the trade software (``trade.activity.update`` and
``trade.activity.convert``), over HTTP against the trade-API simulator connected through the real
OAuth flow: after and before delivery, racing updates, 5xx, 404/422 dead letters, a convert whose
answer is lost, and a missing ``orders:write`` right."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import pytest
from sqlalchemy import select, update

from zentrale.config import BusinessConfig
from zentrale.config.loader import Installation
from zentrale.integrations.trade.connect import connect_with_password
from zentrale.integrations.trade.delivery import ActivityDelivery, record_activity
from zentrale.integrations.trade.kwp.client import open_port
from zentrale.integrations.trade.writeback import (
    NOT_DELIVERED_UPDATE_DE,
    ActivityConvert,
    ActivityUpdate,
    convert_message,
    update_message,
)
from zentrale.integrations.worker import Backoff, OutboxWorker
from zentrale.store import outbox
from zentrale.store.db import Database
from zentrale.store.models import Activity, utcnow
from zentrale.store.outbox import OutboxKind
from zentrale.store.repositories.activities import ActivityDraft
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox, generate_key

BUSINESS_ID = "heizung-mueller-wb"
FAST = Backoff(base=0.02, cap=0.2, reauth_delay=300)
FOLLOW_UP = datetime(2031, 3, 4, 7, 30, tzinfo=UTC)


def config_data(simulator: Any, *, trade: bool = True) -> dict[str, Any]:
    data: dict[str, Any] = {
        "version": 1,
        "business": {"id": BUSINESS_ID, "name": "Heizung Müller GmbH", "region": "DE", "phone_numbers": ["+4930555010"]},
        "staff": [
            {"id": "km", "name": "Klaus Müller", "mobile": "+491715550101", "trade_user": "KM", "teams": ["buero"]},
            {"id": "tw", "name": "Tobias Wagner", "mobile": "+491715550103", "trade_user": "TW", "teams": ["monteure"]},
            # Not an employee of the trade software: the simulator refuses the assignee with 422.
            {"id": "px", "name": "Paula Extern", "mobile": "+491715550109", "trade_user": "PX", "teams": ["monteure"]},
        ],
        "tasks": [{"id": "rueckruf", "name": "Rückrufwunsch", "description": "Der Anrufer möchte zurückgerufen werden."}],
        "integrations": {},
    }
    if trade:
        data["integrations"]["trade_system"] = {
            "kind": "simulator",
            "base_url": simulator.url,
            "firm_code": simulator.firm,
            "client_id": simulator.client_id,
            "client_secret": simulator.client_secret,
            "redirect_uri": simulator.redirect_uri,
        }
    return data


class RecordingPort:
    """The real HTTP port, with a list of the write-back calls (and an optional hook after a PATCH)."""

    def __init__(self, port: Any, env: Env) -> None:
        self._port = port
        self._env = env

    def __getattr__(self, name: str) -> Any:
        return getattr(self._port, name)

    async def update_activity(self, activity_id: str, patch: Any) -> Any:
        self._env.calls.append(("update_activity", activity_id))
        result = await self._port.update_activity(activity_id, patch)
        if self._env.after_patch is not None:
            hook, self._env.after_patch = self._env.after_patch, None
            await hook()
        return result

    async def convert_to_order(self, activity_id: str) -> str:
        self._env.calls.append(("convert_to_order", activity_id))
        try:
            return await self._port.convert_to_order(activity_id)
        finally:
            if self._env.after_convert is not None:
                hook, self._env.after_convert = self._env.after_convert, None
                hook()

    async def get_activity(self, activity_id: str) -> Any:
        self._env.calls.append(("get_activity", activity_id))
        return await self._port.get_activity(activity_id)


class Env:
    def __init__(self, db: Database, simulator: Any, http: aiohttp.ClientSession) -> None:
        self.db = db
        self.simulator = simulator
        self.http = http
        self.box = SecretBox([generate_key()])
        self.config = BusinessConfig.model_validate(config_data(simulator))
        self.installation = Installation(businesses=[self.config])
        self.calls: list[tuple[str, str]] = []
        self.after_patch: Any = None
        self.after_convert: Any = None

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

    def grant_orders_right(self) -> None:
        """The admin gives the technical user „Aufträge SCHREIBEN“ (the grant gains ``orders:write``)."""
        for grant in self.simulator.state.grants.values():
            if "orders:write" not in grant.scopes:
                grant.scopes = (*grant.scopes, "orders:write")

    def withdraw_orders_right(self) -> None:
        """The admin has not given the technical user „Aufträge SCHREIBEN“ (the grant lacks ``orders:write``)."""
        for grant in self.simulator.state.grants.values():
            grant.scopes = tuple(s for s in grant.scopes if s != "orders:write")

    def _port(self, business_config: Any) -> Any:
        return RecordingPort(open_port(self.db, self.box, business_config, self.http, timeout=5.0), self)

    def worker(self, *kinds: str, clock: Any = utcnow, installation: Any = None, **kwargs: Any) -> OutboxWorker:
        inst = installation or self.installation
        handlers: dict[str, Any] = {
            "create": ActivityDelivery(self.db, self.box, inst, self.http, timeout=5.0, clock=clock),
            OutboxKind.TRADE_ACTIVITY_UPDATE: ActivityUpdate(
                self.db, self.box, inst, self.http, port_factory=self._port, clock=clock
            ),
            OutboxKind.TRADE_ACTIVITY_CONVERT: ActivityConvert(
                self.db, self.box, inst, self.http, port_factory=self._port, clock=clock
            ),
        }
        kwargs.setdefault("backoff", FAST)
        kwargs.setdefault("poll_interval", 0.02)
        return OutboxWorker(self.db, handlers=[handlers[k] for k in kinds], clock=clock, **kwargs)

    async def deliver(self) -> None:
        stats = await self.worker("create").run_until_idle(horizon=2)
        assert stats.dead == 0 and stats.deferred == 0

    async def record(self, **fields: Any) -> str:
        async with self.db.transaction() as session:
            values = {"type": "Rückrufwunsch", "subject": "Rückruf Mustermann", "text": "Bitte zurückrufen."} | fields
            return (await record_activity(session, self.config, ActivityDraft(**values))).id

    async def change(self, activity_id: str, **values: Any) -> None:
        """What the inbox does: change the activity and queue its write-back in one transaction."""
        async with self.db.transaction() as session:
            if values:
                await session.execute(
                    update(Activity).where(Activity.business_id == BUSINESS_ID, Activity.id == activity_id).values(**values)
                )
            await session.execute(outbox.insert_message(session, update_message(BUSINESS_ID, activity_id)))

    async def convert(self, activity_id: str) -> None:
        async with self.db.transaction() as session:
            await session.execute(outbox.insert_message(session, convert_message(BUSINESS_ID, activity_id)))

    async def local(self, activity_id: str) -> Activity:
        async with self.db.read() as session:
            activity = await session.scalar(select(Activity).where(Activity.id == activity_id))
        assert activity is not None
        return activity

    async def remote(self, activity_id: str) -> dict[str, Any]:
        local = await self.local(activity_id)
        assert local.external_id is not None
        rec = self.simulator.state.activity(local.external_id)
        assert rec is not None
        return rec

    async def messages(self, kind: str, **filters: Any) -> list[Any]:
        async with self.db.read() as session:
            return list(await outbox.list_messages(session, BUSINESS_ID, kinds=[kind], **filters))

    @property
    def orders(self) -> dict[str, Any]:
        """Orders made from activities (the simulator also seeds orders of its own)."""
        return {ref: o for ref, o in self.simulator.state.primary().orders.items() if o.get("activity_id")}


@pytest.fixture
async def env(database: Database, simulator: Any) -> Any:
    async with aiohttp.ClientSession() as http:
        environment = Env(database, simulator, http)
        async with database.transaction() as session:
            await sync_business(session, environment.config)
        await environment.connect()
        yield environment


# -- trade.activity.update ----------------------------------------------------------------------


async def test_an_update_after_delivery_changes_assignee_status_priority_and_follow_up(env: Env) -> None:
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    remote = await env.remote(activity_id)
    assert (remote["assignee"], remote["status"], remote["priority"]) == ("TW", "open", "normal")

    await env.change(activity_id, assignee="km", team="buero", status="done", priority="urgent", follow_up_at=FOLLOW_UP)
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle(horizon=2)

    assert (stats.delivered, stats.retried, stats.dead) == (1, 0, 0)
    remote = await env.remote(activity_id)
    assert (remote["assignee"], remote["team"], remote["status"], remote["priority"]) == ("KM", "buero", "done", "urgent")
    assert datetime.fromisoformat(remote["follow_up_at"]) == FOLLOW_UP
    assert [m.status for m in await env.messages(OutboxKind.TRADE_ACTIVITY_UPDATE)] == ["done"]

    # Re-opened and the follow-up cleared: the trade software follows again.
    await env.change(activity_id, status="open", follow_up_at=None)
    await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle(horizon=2)
    remote = await env.remote(activity_id)
    assert (remote["status"], remote["follow_up_at"]) == ("open", None)


async def test_an_update_before_delivery_waits_and_goes_out_after_it(env: Env) -> None:
    activity_id = await env.record(assignee="tw")
    await env.change(activity_id, status="done")  # done in the inbox before the trade software has it

    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle(horizon=2)
    assert (stats.deferred, stats.delivered) == (1, 0)
    (waiting,) = await env.messages(OutboxKind.TRADE_ACTIVITY_UPDATE)
    assert waiting.status == "pending" and waiting.last_error == NOT_DELIVERED_UPDATE_DE
    assert waiting.available_at >= utcnow() + timedelta(seconds=25)
    assert env.calls == []

    await env.deliver()
    assert (await env.remote(activity_id))["status"] == "open"  # creating cannot say "done"

    def later():
        return utcnow() + timedelta(seconds=31)

    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE, clock=later).run_until_idle(horizon=2)
    assert stats.delivered == 1
    assert (await env.remote(activity_id))["status"] == "done"
    assert [m.status for m in await env.messages(OutboxKind.TRADE_ACTIVITY_UPDATE)] == ["done"]


async def test_queued_updates_in_any_order_leave_the_latest_state(env: Env) -> None:
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    await env.change(activity_id, assignee="km")
    await env.change(activity_id, status="done")
    await env.change(activity_id, priority="high")
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE, concurrency=3).run_until_idle(horizon=2)
    assert stats.delivered == 3
    remote = await env.remote(activity_id)
    assert (remote["assignee"], remote["status"], remote["priority"]) == ("KM", "done", "high")


async def test_an_update_overtaken_by_a_newer_state_sends_the_newer_one(env: Env) -> None:
    """Two workers: ours read the old state, the other one's PATCH with the newer state arrived
    first, ours second. Ours reads the row again after its PATCH and sends the newer state."""
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    await env.change(activity_id, assignee="km")

    async def newer_state_meanwhile() -> None:  # its own PATCH already went out before ours
        async with env.db.transaction() as session:
            await session.execute(update(Activity).where(Activity.id == activity_id).values(status="done"))

    env.after_patch = newer_state_meanwhile
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle(horizon=2)
    assert stats.delivered == 1
    remote = await env.remote(activity_id)
    assert (remote["assignee"], remote["status"]) == ("KM", "done")
    assert [c for c, _ in env.calls] == ["update_activity", "update_activity"]


async def test_5xx_is_retried_until_the_update_arrives(env: Env) -> None:
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    await env.change(activity_id, status="done")
    env.simulator.state.faults.update({"error_rate": 1.0})
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle()
    assert stats.retried >= 1 and (stats.delivered, stats.dead) == (0, 0)
    (message,) = await env.messages(OutboxKind.TRADE_ACTIVITY_UPDATE)
    assert message.status == "pending" and "50" in (message.last_error or "")
    assert (await env.remote(activity_id))["status"] == "open"

    env.simulator.state.faults.update({"error_rate": 0.0})
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle(horizon=2)
    assert stats.delivered == 1
    assert (await env.remote(activity_id))["status"] == "done"
    assert env.simulator.state.faults_injected["error"] >= 1


async def test_an_activity_gone_from_the_trade_software_is_a_dead_letter_with_a_german_reason(env: Env) -> None:
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    # Deleted in the office: the trade software no longer knows the id zentrale stored.
    await env.change(activity_id, status="done", external_id="AKT-999999")
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle(horizon=2)
    assert (stats.dead, stats.delivered, stats.retried) == (1, 0, 0)
    (dead,) = await env.messages(OutboxKind.TRADE_ACTIVITY_UPDATE, status="dead")
    assert "HTTP 404" in (dead.last_error or "")
    (note,) = await env.messages(OutboxKind.NOTIFY_DEAD_LETTER)
    assert note.payload["activity_id"] == activity_id
    assert note.payload["staff_ids"] == ["tw"]
    assert note.payload["source_kind"] == OutboxKind.TRADE_ACTIVITY_UPDATE
    assert note.payload["reason"].startswith("Die Änderung an der Aktivität ist nicht in der Handwerkersoftware angekommen.")
    assert "HTTP 404" in note.payload["reason"]
    local = await env.local(activity_id)
    assert (local.status, local.delivery_status) == ("done", "delivered")  # zentrale keeps the change


async def test_a_refused_assignee_is_a_dead_letter_not_a_retry(env: Env) -> None:
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    await env.change(activity_id, assignee="px")  # no employee "PX" in the trade software
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE).run_until_idle(horizon=2)
    assert (stats.dead, stats.retried) == (1, 0)
    (note,) = await env.messages(OutboxKind.NOTIFY_DEAD_LETTER)
    assert "HTTP 422" in note.payload["reason"] and "PX" in note.payload["reason"]
    assert note.payload["staff_ids"] == ["px"]
    assert (await env.remote(activity_id))["assignee"] == "TW"


async def test_without_a_trade_software_an_update_does_nothing(env: Env) -> None:
    config = BusinessConfig.model_validate(config_data(env.simulator, trade=False))
    installation = Installation(businesses=[config])
    async with env.db.transaction() as session:
        activity_id = (
            await record_activity(session, config, ActivityDraft(type="Rückrufwunsch", subject="Rückruf", text="x"))
        ).id
    await env.change(activity_id, status="done")
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE, installation=installation).run_until_idle(horizon=2)
    assert (stats.delivered, stats.deferred, stats.dead) == (1, 0, 0)
    assert env.calls == [] and env.simulator.state.activities == []
    assert (await env.local(activity_id)).delivery_status == "local"


# -- trade.activity.convert ---------------------------------------------------------------------


async def test_convert_stores_the_order_ref(env: Env) -> None:
    env.grant_orders_right()
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    await env.convert(activity_id)
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT).run_until_idle(horizon=2)
    assert stats.delivered == 1
    local = await env.local(activity_id)
    assert local.order_ref is not None and local.order_ref.startswith("AU-")
    assert list(env.orders) == [local.order_ref]
    assert (await env.remote(activity_id))["order_ref"] == local.order_ref


async def test_a_convert_whose_answer_was_lost_creates_one_order_only(env: Env) -> None:
    env.grant_orders_right()
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    await env.convert(activity_id)
    # The first convert is applied and then the connection closes before the answer.
    faults = env.simulator.state.faults
    faults.update({"commit_then_timeout_rate": 1.0, "commit_then_timeout_mode": "close"})
    env.after_convert = lambda: faults.update({"commit_then_timeout_rate": 0.0})
    stats = await asyncio.wait_for(env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT).run_until_idle(horizon=2), 30)
    assert (stats.retried, stats.delivered, stats.dead) == (1, 1, 0)
    assert env.simulator.state.faults_injected["commit_then_timeout"] == 1
    assert len(env.orders) == 1
    local = await env.local(activity_id)
    assert local.order_ref == next(iter(env.orders))
    assert [c for c, _ in env.calls] == ["convert_to_order", "get_activity"]


async def test_a_convert_before_delivery_waits_for_it(env: Env) -> None:
    env.grant_orders_right()
    activity_id = await env.record(assignee="tw")
    await env.convert(activity_id)
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT).run_until_idle(horizon=2)
    assert (stats.deferred, stats.delivered) == (1, 0) and env.orders == {}
    await env.deliver()

    def later():
        return utcnow() + timedelta(seconds=31)

    assert (await env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT, clock=later).run_until_idle(horizon=2)).delivered == 1
    assert (await env.local(activity_id)).order_ref == next(iter(env.orders))


async def test_without_the_orders_right_the_convert_waits_with_a_german_hint(env: Env) -> None:
    env.withdraw_orders_right()
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    await env.convert(activity_id)
    stats = await env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT).run_until_idle(horizon=2)
    assert (stats.deferred, stats.delivered, stats.dead) == (1, 0, 0)
    (message,) = await env.messages(OutboxKind.TRADE_ACTIVITY_CONVERT)
    assert message.status == "pending"
    assert (
        message.last_error
        == "Dem technischen Benutzer fehlt das Recht „Aufträge SCHREIBEN“. Bitte in der Handwerkersoftware freigeben."
    )
    assert env.orders == {} and (await env.local(activity_id)).order_ref is None

    env.grant_orders_right()
    async with env.db.transaction() as session:
        assert await outbox.release_waiting(session, BUSINESS_ID, kinds=[OutboxKind.TRADE_ACTIVITY_CONVERT]) == 1
    assert (await env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT).run_until_idle(horizon=2)).delivered == 1
    assert (await env.local(activity_id)).order_ref == next(iter(env.orders))


async def test_a_convert_of_an_activity_already_converted_in_the_office_takes_that_order(env: Env) -> None:
    env.grant_orders_right()
    activity_id = await env.record(assignee="tw")
    await env.deliver()
    local = await env.local(activity_id)
    office = await open_port(env.db, env.box, env.config, env.http).convert_to_order(local.external_id or "")
    await env.convert(activity_id)
    assert (await env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT).run_until_idle(horizon=2)).delivered == 1
    assert (await env.local(activity_id)).order_ref == office
    assert list(env.orders) == [office]


async def test_a_convert_of_an_activity_the_trade_software_refused_tells_a_person(env: Env) -> None:
    env.grant_orders_right()
    activity_id = await env.record(assignee="tw", address_code="GIBT-ES-NICHT")
    stats = await env.worker("create").run_until_idle(horizon=2)
    assert stats.dead == 1
    await env.convert(activity_id)
    assert (await env.worker(OutboxKind.TRADE_ACTIVITY_CONVERT).run_until_idle(horizon=2)).delivered == 1
    notes = [
        m
        for m in await env.messages(OutboxKind.NOTIFY_DEAD_LETTER)
        if m.payload["source_kind"] == OutboxKind.TRADE_ACTIVITY_CONVERT
    ]
    assert len(notes) == 1 and notes[0].payload["staff_ids"] == ["tw"]
    assert "kein Auftrag" in notes[0].payload["reason"]
    assert env.orders == {} and env.calls == []


# -- under faults -------------------------------------------------------------------------------


async def test_a_hundred_updates_through_5xx_and_lost_answers_leave_every_activity_right(env: Env) -> None:
    ids = [await env.record(assignee="tw") for _ in range(50)]
    await env.deliver()
    for n, activity_id in enumerate(ids):
        await env.change(activity_id, assignee="km", priority="high")
        await env.change(activity_id, status="done" if n % 2 else "open", follow_up_at=FOLLOW_UP + timedelta(days=n))
    env.simulator.state.faults.update(
        {
            "error_rate": 0.3,
            "commit_then_timeout_rate": 0.1,
            "commit_then_timeout_mode": "close",
            "rate_limit_rate": 0.05,
            "retry_after_s": 0,
        }
    )
    worker = env.worker(OutboxKind.TRADE_ACTIVITY_UPDATE, concurrency=8)
    stats = await asyncio.wait_for(worker.run_until_idle(horizon=3), 60)
    injected = env.simulator.state.faults_injected
    assert injected["error"] > 10 and injected["commit_then_timeout"] > 3
    assert (stats.delivered, stats.dead) == (100, 0) and stats.retried > 20
    for n, activity_id in enumerate(ids):
        remote = await env.remote(activity_id)
        assert (remote["assignee"], remote["priority"], remote["status"]) == ("KM", "high", "done" if n % 2 else "open")
        assert datetime.fromisoformat(remote["follow_up_at"]) == FOLLOW_UP + timedelta(days=n)
