"""Address sync end to end: the simulator's contract over HTTP (connected with the real login
flow), on SQLite and PostgreSQL; the periodic sync in the server and the CLI commands."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select
from structlog.testing import capture_logs

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.config.phones import numbers_in_field
from zentrale.integrations.trade.connect import connect_with_password
from zentrale.integrations.trade.kwp.client import open_port
from zentrale.integrations.trade.lookup import lookup_caller
from zentrale.integrations.trade.simulator.state import Faults
from zentrale.integrations.trade.sync import sync_addresses, sync_state
from zentrale.store.db import Database
from zentrale.store.models import Contact, ContactPhone
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox, generate_key

KEY = generate_key()


def env_for(sim: Any) -> dict[str, str]:
    return {"ZENTRALE_TRADE_URL": sim.url, "TRADE_CLIENT_ID": sim.client_id, "TRADE_CLIENT_SECRET": sim.client_secret}


def business_for(sim: Any) -> Any:
    return load_config(EXAMPLES_DIR, env_for(sim)).business("heizung-mueller")


async def no_sleep(_: float) -> None:
    return None


@pytest.fixture
async def http() -> Any:
    async with aiohttp.ClientSession() as session:
        yield session


async def connected(db: Database, sim: Any, http: aiohttp.ClientSession, box: SecretBox) -> Any:
    business = business_for(sim)
    async with db.transaction() as session:
        await sync_business(session, business)
    await connect_with_password(
        db, box, business, http, username=sim.username, password=sim.password, redirect_uri=sim.redirect_uri
    )
    return business


def live_addresses(sim: Any) -> list[dict[str, Any]]:
    return [rec for rec in sim.state.primary().addresses.values() if not rec.get("deleted")]


async def count_live(db: Database, business_id: str) -> int:
    async with db.read() as session:
        return int(
            await session.scalar(
                select(func.count()).select_from(Contact).where(Contact.business_id == business_id, Contact.deleted.is_(False))
            )
        )


async def codes_for(db: Database, business: Any, number: str) -> list[str]:
    async with db.read() as session:
        return [m.address_code for m in await lookup_caller(session, business.id, number, region=business.business.region)]


async def test_full_and_incremental_sync_against_the_simulator(
    database: Database, simulator: Any, http: aiohttp.ClientSession
) -> None:
    box = SecretBox([KEY])
    business = await connected(database, simulator, http, box)
    port = open_port(database, box, business, http)
    result = await sync_addresses(database, port, business, page_size=100, sleep=no_sleep)
    expected = live_addresses(simulator)
    assert (result.full, result.pages, result.addresses) == (True, 3, len(expected)) and len(expected) == 300
    assert await count_live(database, business.id) == 300

    # Every number of every simulator address (typed the way offices type them) finds its address.
    checked = 0
    for rec in expected[:120]:
        for phone in rec["phones"]:
            if phone.get("kind") == "fax":
                continue
            for number in numbers_in_field(phone["number"], country=rec.get("country"), default_region="DE"):
                if number.fax:
                    continue
                assert rec["code"] in await codes_for(database, business, number.e164), phone["number"]
                checked += 1
    assert checked >= 100

    # Changes in the office: a new mobile number, a deleted address, a new customer.
    changed, gone = expected[0], expected[1]
    simulator.state.touch_address(
        changed["code"], phones=[{"number": "0171 / 555 01 99 (Handy)", "kind": "mobile", "sms_consent": True}]
    )
    simulator.state.delete_address(gone["code"])
    simulator.state.touch_address(
        "NEU-0001", name="Neukunde, Nina", country="AT", phones=[{"number": "0316/123456-12", "kind": "landline"}]
    )
    result = await sync_addresses(database, port, business, page_size=100, sleep=no_sleep)
    assert result.full is False and result.deleted == 1 and result.addresses >= 2
    assert result.addresses < 10  # only the changes, not the whole address master
    assert await codes_for(database, business, "+491715550199") == [changed["code"]]
    assert await codes_for(database, business, "+4331612345612") == ["NEU-0001"]
    assert await count_live(database, business.id) == 300
    async with database.read() as session:
        assert (await session.scalar(select(Contact.deleted).where(Contact.address_code == gone["code"]))) is True
        assert (
            await session.scalar(
                select(func.count())
                .select_from(ContactPhone)
                .join(Contact, Contact.id == ContactPhone.contact_id)
                .where(Contact.address_code == gone["code"])
            )
            == 0
        )


async def test_interrupted_sync_resumes_and_faults_are_ridden_out(
    database: Database, simulator_factory: Any, http: aiohttp.ClientSession
) -> None:
    sim = await simulator_factory(addresses=400)
    box = SecretBox([KEY])
    business = await connected(database, sim, http, box)

    class Killed(Exception):
        pass

    pages_seen: list[int] = []

    def kill_after_two(result: Any) -> None:
        pages_seen.append(result.pages)
        if result.pages == 2:
            raise Killed

    port = open_port(database, box, business, http)
    with pytest.raises(Killed):
        await sync_addresses(database, port, business, page_size=50, progress=kill_after_two, sleep=no_sleep)
    state = await sync_state(database, business.id)
    assert state.full_sync_cursor is not None and state.full_sync_started_at is not None
    assert await count_live(database, business.id) == 100

    sim.state.faults = Faults(error_rate=0.2, rate_limit_rate=0.05, reset_rate=0.05)
    result = await sync_addresses(database, open_port(database, box, business, http), business, page_size=50, sleep=no_sleep)
    assert result.resumed and result.pages == 6 and result.addresses == 300
    assert await count_live(database, business.id) == 400
    state = await sync_state(database, business.id)
    assert state.full_sync_cursor is None and state.last_error is None and state.last_full_sync_at is not None


async def test_periodic_sync_in_the_server(
    database: Database, simulator: Any, http: aiohttp.ClientSession, aiohttp_client: Any
) -> None:
    from zentrale.integrations.trade import background
    from zentrale.integrations.trade.background import SYNC_OPTIONS, SYNC_STATUS, BackgroundSyncOptions
    from zentrale.server import create_app
    from zentrale.settings import Settings

    settings = Settings(database_url=database.url.render_as_string(hide_password=False), secret_key=KEY)
    installation = load_config(EXAMPLES_DIR, env_for(simulator))
    business = installation.business("heizung-mueller")
    box = SecretBox.from_settings(settings)
    app = create_app(settings, installation, database=database, extensions=(background.install,))
    app[SYNC_OPTIONS] = BackgroundSyncOptions(first_delay=0.05, interval_seconds=0.3, not_connected_recheck=0.1, stop_grace=2)
    status = app[SYNC_STATUS]

    with capture_logs() as logs:
        client = await aiohttp_client(app)
        await asyncio.sleep(0.4)
        assert "synced" not in status["heizung-mueller"].history  # not connected yet: waits, does not fail
        assert status["heizung-mueller"].history.count("not_connected") >= 2
        await connect_with_password(
            database, box, business, http, username="PETRA", password="petra-pass", redirect_uri=simulator.redirect_uri
        )
        for _ in range(100):
            if "synced" in status["heizung-mueller"].history:
                break
            await asyncio.sleep(0.05)
        assert status["heizung-mueller"].last_result.full is True
        assert await count_live(database, business.id) == 300
        simulator.state.touch_address("NEU-0002", name="Spät, Sabine", phones=[{"number": "089 / 1234 5670", "kind": "landline"}])
        runs = status["heizung-mueller"].history.count("synced")
        for _ in range(100):
            if status["heizung-mueller"].history.count("synced") > runs and await codes_for(database, business, "+498912345670"):
                break
            await asyncio.sleep(0.05)
        assert await codes_for(database, business, "+498912345670") == ["NEU-0002"]
        assert (await client.get("/healthz")).status == 200
        await client.close()
    # No personal data at INFO: counts only (no names, numbers or address codes).
    info = [
        entry
        for entry in logs
        if entry["log_level"] in {"info", "warning", "error"} and entry["event"].startswith("address_sync")
    ]
    assert any(entry["event"] == "address_sync_done" and entry["addresses"] == 300 for entry in info)
    text = json.dumps(info, default=str)
    assert "Spät" not in text and "089" not in text and "NEU-0002" not in text and "+49" not in text


async def test_sync_and_lookup_commands(
    database_url: str,
    simulator: Any,
    http: aiohttp.ClientSession,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from zentrale.cli import main

    for name, value in {**env_for(simulator), "ZENTRALE_DATABASE_URL": database_url, "ZENTRALE_SECRET_KEY": KEY}.items():
        monkeypatch.setenv(name, value)
    config = str(EXAMPLES_DIR)
    # Not connected yet: a clear error, no traceback.
    assert await asyncio.to_thread(main, ["trade", "sync", "--config", config, "--business", "heizung-mueller"]) == 1
    assert "trade connect --business heizung-mueller" in capsys.readouterr().err

    db = Database(database_url)
    try:
        await connected(db, simulator, http, SecretBox([KEY]))
    finally:
        await db.dispose()
    assert await asyncio.to_thread(main, ["trade", "sync", "--config", config, "--business", "heizung-mueller", "--full"]) == 0
    out, err = capsys.readouterr()
    assert "full sync of heizung-mueller" in out and "300 addresses stored" in out
    assert "sync: " in err and "addresses" in err  # progress, plain lines when stderr is not a terminal

    rec = live_addresses(simulator)[5]
    raw = next(p["number"] for p in rec["phones"] if p.get("kind") != "fax")
    e164 = numbers_in_field(raw, country=rec.get("country"), default_region="DE")[0].e164
    assert await asyncio.to_thread(main, ["lookup", "--config", config, "--business", "heizung-mueller", e164]) == 0
    matches = json.loads(capsys.readouterr().out)
    assert {
        "address_code": rec["code"],
        "name": rec["name"],
        "matched": raw,
        "kind": next(p.get("kind") for p in rec["phones"] if p["number"] == raw),
    } in matches

    assert await asyncio.to_thread(main, ["lookup", "--config", config, "--business", "heizung-mueller", "+4930999999999"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert await asyncio.to_thread(main, ["lookup", "--config", config, "--business", "heizung-mueller", "anonymous"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == [] and "withheld" in err
    assert await asyncio.to_thread(main, ["lookup", "--config", config, "--business", "heizung-mueller", "kein Anschluss"]) == 1
    assert "not a valid phone number" in capsys.readouterr().err
    assert await asyncio.to_thread(main, ["trade", "sync", "--config", config, "--business", "nobody"]) == 1
    assert "no business with id 'nobody'" in capsys.readouterr().err

    assert await asyncio.to_thread(main, ["trade", "sync", "--config", config, "--business", "heizung-mueller"]) == 0
    assert "incremental sync of heizung-mueller" in capsys.readouterr().out
