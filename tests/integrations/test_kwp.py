"""The kwp adapter against the simulator: JSON ↔ port data, cursor paging, and the error mapping
(422, 403 insufficient_scope, 429 + Retry-After, 5xx on reads vs. writes, timeouts and resets
after sending, nothing sent at all)."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.integrations.trade import connect
from zentrale.integrations.trade.kwp.client import KwpClient, open_port
from zentrale.integrations.trade.port import (
    ActivityCreate,
    ActivityPatch,
    AmbiguousFailure,
    InsufficientScope,
    PermanentError,
    TemporarilyUnavailable,
)
from zentrale.store.secrets import SecretBox, generate_key


def business_for(sim):
    env = {"ZENTRALE_TRADE_URL": sim.url, "TRADE_CLIENT_ID": sim.client_id, "TRADE_CLIENT_SECRET": sim.client_secret}
    return load_config(EXAMPLES_DIR, env).business("heizung-mueller")


@pytest.fixture
def box():
    return SecretBox([generate_key()])


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
def sqlite_db(tmp_path, run_async):
    """The adapter's behaviour does not depend on the store; one SQLite database is enough here."""
    from zentrale.store.db import Database
    from zentrale.store.migrate import upgrade

    url = f"sqlite+aiosqlite:///{tmp_path / 'kwp.db'}"

    async def migrate():
        db = Database(url)
        await upgrade(db)
        await db.dispose()

    run_async(migrate)
    return url


@pytest.fixture
async def db(sqlite_db):
    from zentrale.store.db import Database

    database = Database(sqlite_db)
    yield database
    await database.dispose()


async def port_for(db, box, http, sim, **kwargs):
    business = business_for(sim)
    await connect.connect_with_password(
        db, box, business, http, username=sim.username, password=sim.password, redirect_uri=sim.redirect_uri
    )
    return open_port(db, box, business, http, **kwargs)


def activity(ref: str, **changes) -> ActivityCreate:
    fields = dict(type="Rückruf", subject="Rückruf erbeten", text="Bitte zurückrufen.", external_ref=ref)
    fields.update(changes)
    return ActivityCreate(**fields)


async def test_addresses_are_paged_with_cursors_and_mapped(db, simulator, box, http):
    port = await port_for(db, box, http, simulator)
    pages = [page async for page in port.addresses(page_size=120)]
    assert [len(p.items) for p in pages] == [120, 120, 60]
    assert pages[-1].next_cursor is None
    codes = [a.code for p in pages for a in p.items]
    assert len(codes) == len(set(codes)) == 300
    first = pages[0].items[0]
    assert first.updated_at.tzinfo is not None and first.name
    assert any(a.phones for p in pages for a in p.items)
    assert await port.address(first.code) == first
    assert await port.address("NO-SUCH-CODE") is None

    simulator.state.touch_address(first.code, city="Linz")
    simulator.state.delete_address(pages[1].items[0].code)
    since = max(a.updated_at for p in pages for a in p.items) + timedelta(microseconds=1)
    changed = [a async for p in port.addresses(updated_since=since) for a in p.items]
    assert {(a.code, a.deleted) for a in changed} == {(first.code, False), (pages[1].items[0].code, True)}


async def test_activity_round_trip_with_idempotency_key(db, simulator_factory, box, http):
    sim = await simulator_factory(honour_idempotency_key=True)
    port = await port_for(db, box, http, sim)
    due = datetime(2030, 5, 6, 7, 8, tzinfo=UTC)
    created = await port.create_activity(activity("call-1", priority="high", due_at=due))
    again = await port.create_activity(activity("call-1", priority="high", due_at=due))
    assert again.id == created.id  # the Idempotency-Key header was sent (this server honours it)
    assert (created.priority, created.due_at, created.created_by, created.status) == ("high", due, "PETRA", "open")
    assert await port.find_activity("call-1") == created
    assert await port.find_activity("call-unknown") is None
    done = await port.update_activity(created.id, ActivityPatch({"status": "done", "follow_up_at": due}))
    assert done.status == "done" and done.follow_up_at == due
    assert (await port.get_activity(created.id)).status == "done"
    for grant in sim.state.grants.values():  # the admin did not give „Aufträge SCHREIBEN“
        grant.scopes = tuple(s for s in grant.scopes if s != "orders:write")
    with pytest.raises(InsufficientScope) as caught:
        await port.convert_to_order(created.id)
    assert caught.value.scope == "orders:write"
    assert [e.code for e in await port.employees()]


async def test_422_is_permanent_with_the_servers_reason(db, simulator, box, http):
    port = await port_for(db, box, http, simulator)
    with pytest.raises(PermanentError) as caught:
        await port.create_activity(activity("call-422", address_code="NO-SUCH-CODE"))
    assert not isinstance(caught.value, TemporarilyUnavailable)
    assert caught.value.status == 422 and caught.value.error == "validation_error"
    assert "NO-SUCH-CODE" in caught.value.detail
    assert simulator.state.activities == []


async def test_403_insufficient_scope_names_the_right_in_german(db, simulator_factory, box, http):
    sim = await simulator_factory(scopes=("addresses:read", "activities:write"))
    port = await port_for(db, box, http, sim)
    code = (await anext(port.addresses(page_size=1))).items[0].code
    with pytest.raises(InsufficientScope) as caught:
        await port.equipment(code)
    assert caught.value.scope == "equipment:read"
    assert "„Anlagedaten LESEN“" in caught.value.hint_de


async def test_429_is_temporary_and_carries_retry_after(db, simulator, box, http):
    port = await port_for(db, box, http, simulator)
    simulator.state.faults.update({"rate_limit_rate": 1.0, "retry_after_s": 7})
    for call in (port.employees(), port.create_activity(activity("call-429"))):
        with pytest.raises(TemporarilyUnavailable) as caught:
            await call
        assert not isinstance(caught.value, AmbiguousFailure)  # a 429 was not applied
        assert caught.value.retry_after == 7


async def test_5xx_is_temporary_on_reads_and_ambiguous_on_writes(db, simulator, box, http):
    port = await port_for(db, box, http, simulator)
    simulator.state.faults.update({"error_rate": 1.0})
    with pytest.raises(TemporarilyUnavailable) as read:
        await port.employees()
    assert not isinstance(read.value, AmbiguousFailure)
    with pytest.raises(AmbiguousFailure):
        await port.create_activity(activity("call-5xx"))
    with pytest.raises(AmbiguousFailure):
        await port.update_activity("A-1", ActivityPatch({"status": "done"}))


async def test_reset_after_commit_is_ambiguous_and_the_ref_finds_the_activity(db, simulator, box, http):
    port = await port_for(db, box, http, simulator)
    simulator.state.faults.update({"commit_then_timeout_rate": 1.0, "commit_then_timeout_mode": "close"})
    with pytest.raises(AmbiguousFailure):
        await port.create_activity(activity("call-reset"))
    simulator.state.faults.update({"commit_then_timeout_rate": 0.0})
    found = await port.find_activity("call-reset")
    assert found is not None and len(simulator.state.activities) == 1


async def test_timeout_after_sending_is_ambiguous(db, simulator, box, http):
    port = await port_for(db, box, http, simulator, timeout=0.5)
    simulator.state.faults.update({"commit_then_timeout_rate": 1.0, "commit_then_timeout_mode": "delay", "timeout_delay_s": 2.0})
    with pytest.raises(AmbiguousFailure):
        await port.create_activity(activity("call-slow"))
    assert len(simulator.state.activities) == 1  # it was applied although we never heard back


class _Token:
    async def access_token(self, *, rejected=None):
        return "token"

    async def mark_unauthorized(self):
        return None


async def test_nothing_sent_is_temporary_not_ambiguous(http):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port_number = probe.getsockname()[1]
    port = KwpClient(http, f"http://127.0.0.1:{port_number}", _Token(), timeout=2)
    with pytest.raises(TemporarilyUnavailable) as caught:
        await port.create_activity(activity("call-refused"))
    assert not isinstance(caught.value, AmbiguousFailure)
