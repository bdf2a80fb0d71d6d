"""The server skeleton through the real aiohttp app: health, body limit, privacy of the logs."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from structlog.testing import capture_logs

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.db import Database
from zentrale.store.migrate import upgrade
from zentrale.store.secrets import SecretBox, generate_key


@pytest.fixture
def installation():
    return load_config(EXAMPLES_DIR)


@pytest.fixture
def settings(tmp_path):
    return Settings(var_dir=tmp_path, max_body_bytes=4096, secret_key=generate_key())


async def test_healthz_reports_database_and_every_business(database, aiohttp_client, installation, settings):
    client = await aiohttp_client(create_app(settings, installation, database=database))
    resp = await client.get("/healthz")
    assert resp.status == 200
    body = await resp.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["database"]["revision"] == body["database"]["head"]
    ids = {b["id"] for b in body["businesses"]}
    assert {"heizung-mueller", "rauchfangkehrer-huber"} <= ids
    assert all(b["tasks"] >= 6 for b in body["businesses"])


async def test_healthz_is_503_when_the_schema_falls_behind(aiohttp_client, installation, settings, tmp_path):
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'behind.db'}")
    await upgrade(db)
    client = await aiohttp_client(create_app(settings, installation, database=db))
    assert (await client.get("/healthz")).status == 200
    # Someone restores an older database under the running server: health must say so.
    async with db.transaction() as session:
        await session.execute(text("UPDATE alembic_version SET version_num = '0000_older'"))
    resp = await client.get("/healthz")
    assert resp.status == 503
    body = await resp.json()
    assert body["status"] == "unavailable"
    assert body["database"]["revision"] == "0000_older"
    assert "zentrale db upgrade" in body["database"]["error"]
    await db.dispose()


async def test_oversized_body_is_refused_with_413(database, aiohttp_client, installation, settings):
    client = await aiohttp_client(create_app(settings, installation, database=database))
    resp = await client.post("/healthz", data=b"x" * 10_000)
    assert resp.status == 413


async def test_info_logs_carry_no_caller_number(database, aiohttp_client, installation, settings):
    client = await aiohttp_client(create_app(settings, installation, database=database))
    with capture_logs() as logs:
        resp = await client.get("/healthz", params={"From": "+491715550199", "Caller": "Erika Mustermann"})
        assert resp.status == 200
    request_logs = [e for e in logs if e["event"] == "http_request"]
    assert request_logs and request_logs[0]["route"] == "/healthz"
    assert request_logs[0]["log_level"] == "info"
    assert "5550199" not in repr(logs)
    assert "Mustermann" not in repr(logs)


async def test_healthz_shows_when_the_trade_software_needs_a_new_login(database, aiohttp_client, installation, settings):
    from zentrale.store.repositories import trade_connections as repo

    client = await aiohttp_client(create_app(settings, installation, database=database, extensions=()))
    by_id = {b["id"]: b for b in (await (await client.get("/healthz")).json())["businesses"]}
    assert by_id["heizung-mueller"]["trade"] == "disconnected"
    assert by_id["rauchfangkehrer-huber"]["trade"] is None  # no trade software: the inbox only

    async with database.transaction() as session:
        await repo.configure_connection(session, "heizung-mueller", kind="simulator", base_url="http://127.0.0.1:1")
        connection = await repo.get_connection(session, SecretBox.from_settings(settings), "heizung-mueller")
        assert await repo.mark_reauth_required(
            session, "heizung-mueller", expected_version=connection.version, reason="Zugang widerrufen"
        )
    resp = await client.get("/healthz")
    body = await resp.json()
    assert resp.status == 200  # the server works; an admin must reconnect
    assert {b["id"]: b["trade"] for b in body["businesses"]}["heizung-mueller"] == "reauth_required"
