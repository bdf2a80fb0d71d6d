"""Tokens: refresh ahead of expiry, exactly one refresh when two processes race at expiry
(refresh tokens rotate and reuse revokes the grant), invalid_grant → reauth required."""

from __future__ import annotations

import asyncio
import json
import sys
import time
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from zentrale.cli import main
from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.integrations.trade import connect
from zentrale.integrations.trade.kwp.client import open_port
from zentrale.integrations.trade.oauth import oauth_client_for, parse_token_response
from zentrale.integrations.trade.port import ReauthRequired
from zentrale.integrations.trade.tokens import TokenManager
from zentrale.store.repositories import trade_connections
from zentrale.store.secrets import SecretBox, generate_key

ENV = ("ZENTRALE_TRADE_URL", "TRADE_CLIENT_ID", "TRADE_CLIENT_SECRET")


def environ_for(sim):
    return dict(zip(ENV, (sim.url, sim.client_id, sim.client_secret), strict=False))


def business_for(sim):
    return load_config(EXAMPLES_DIR, environ_for(sim)).business("heizung-mueller")


@pytest.fixture
def key():
    return generate_key()


@pytest.fixture
def box(key):
    return SecretBox([key])


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def connected(database, box, http, sim):
    business = business_for(sim)
    await connect.connect_with_password(
        database, box, business, http, username="PETRA", password="petra-pass", redirect_uri=sim.redirect_uri
    )
    return business


async def set_expiry(database, box, expires_at):
    """Pretend the stored access token expires at ``expires_at`` (what the clock would do)."""
    async with database.transaction() as session:
        stored = await trade_connections.get_connection(session, box, "heizung-mueller")
        tokens = trade_connections.TradeTokens(
            stored.tokens.access_token, stored.tokens.refresh_token, expires_at, list(stored.scopes)
        )
        assert await trade_connections.save_tokens(session, box, "heizung-mueller", tokens, expected_version=stored.version)


async def stored_tokens(database, box):
    async with database.read() as session:
        return (await trade_connections.get_connection(session, box, "heizung-mueller")).tokens


def test_expires_in_may_be_a_string():
    now = datetime(2030, 1, 1, tzinfo=UTC)
    as_text = parse_token_response(
        {"access_token": "at-SECRET1", "expires_in": "3600", "refresh_token": "rt-SECRET2", "scope": "x y"}, now=now
    )
    as_int = parse_token_response({"access_token": "a", "expires_in": 3600, "refresh_token": "r", "scope": "x y"}, now=now)
    assert as_text.expires_at == as_int.expires_at == now + timedelta(hours=1)
    assert as_text.scopes == ("x", "y")
    assert "SECRET" not in repr(as_text)  # tokens never end up in logs or tracebacks via repr


async def test_a_fresh_token_is_used_and_one_near_expiry_is_refreshed_ahead(database, simulator, box, http):
    business = await connected(database, box, http, simulator)
    manager = TokenManager(database, box, "heizung-mueller", oauth_client_for(business), http)
    first = await manager.access_token()
    assert first == (await stored_tokens(database, box)).access_token
    assert simulator.state.refresh_count == 0

    # 30 s before expiry is inside the 60 s skew: refresh now, not after the first 401.
    await set_expiry(database, box, datetime.now(UTC) + timedelta(seconds=30))
    fresh = TokenManager(database, box, "heizung-mueller", oauth_client_for(business), http)
    second = await fresh.access_token()
    assert second != first and simulator.state.refresh_count == 1
    stored = await stored_tokens(database, box)
    assert stored.access_token == second and stored.expires_at > datetime.now(UTC) + timedelta(minutes=50)
    assert await fresh.access_token() == second and simulator.state.refresh_count == 1


async def test_a_401_forces_one_refresh_and_the_request_is_retried(database, simulator, box, http):
    business = await connected(database, box, http, simulator)
    simulator.state.expire_access_tokens()  # the server dropped the token early; our clock says it's fine
    port = open_port(database, box, business, http)
    assert (await port.me()).user == "PETRA"
    assert simulator.state.refresh_count == 1
    assert (await port.me()).user == "PETRA" and simulator.state.refresh_count == 1


async def test_invalid_grant_marks_reauth_required_in_store_and_status_command(
    database, database_url, simulator, box, key, http, monkeypatch, capsys
):
    business = await connected(database, box, http, simulator)
    for grant in simulator.state.grants.values():
        simulator.state.revoke_grant(grant)  # e.g. the admin removed the app in the trade software
    await set_expiry(database, box, datetime.now(UTC) - timedelta(seconds=1))
    port = open_port(database, box, business, http)
    with pytest.raises(ReauthRequired):
        await port.me()
    info = await connect.connection_status(database, "heizung-mueller")
    assert info.status.value == "reauth_required" and info.status_de == "neu verbinden nötig"
    assert "widerrufen" in info.last_error and "verbinden" in info.last_error
    assert (await stored_tokens(database, box)) is None  # the dead tokens are gone
    # Asking again does not hit the token endpoint again with the revoked refresh token.
    refreshes = simulator.state.refresh_count
    with pytest.raises(ReauthRequired):
        await open_port(database, box, business, http).me()
    assert simulator.state.refresh_count == refreshes

    for name, value in environ_for(simulator).items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("ZENTRALE_DATABASE_URL", database_url)
    monkeypatch.setenv("ZENTRALE_SECRET_KEY", key)
    code = await asyncio.to_thread(main, ["trade", "status", "--config", str(EXAMPLES_DIR)])
    out = capsys.readouterr().out
    assert code == 1
    assert "heizung-mueller: reauth_required (neu verbinden nötig)" in out
    assert "widerrufen" in out


CHILD = r"""
import asyncio, json, sys, time
import aiohttp
from zentrale.integrations.trade.kwp.client import KwpClient
from zentrale.integrations.trade.oauth import OAuthClient
from zentrale.integrations.trade.port import TradeError
from zentrale.integrations.trade.tokens import TokenManager
from zentrale.store.db import Database
from zentrale.store.secrets import SecretBox

async def run(url, key, base, client_id, secret, requests, start_at):
    db = Database(url)
    async with aiohttp.ClientSession() as http:
        manager = TokenManager(db, SecretBox([key]), "heizung-mueller", OAuthClient(base, client_id, secret), http)
        port = KwpClient(http, base, manager)
        await asyncio.sleep(max(0.0, start_at - time.time()))
        results = await asyncio.gather(*(port.me() for _ in range(requests)), return_exceptions=True)
    await db.dispose()
    errors = [repr(r) for r in results if isinstance(r, BaseException)]
    print(json.dumps({"ok": len(results) - len(errors), "errors": errors, "refreshes": manager.refreshes}))

asyncio.run(run(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6]), float(sys.argv[7])))
"""


async def test_fifty_requests_in_two_processes_at_expiry_refresh_exactly_once(database, database_url, simulator, box, key, http):
    await connected(database, box, http, simulator)
    await set_expiry(database, box, datetime.now(UTC) + timedelta(seconds=5))  # due for refresh
    simulator.state.expire_access_tokens()  # and really expired at the server
    start_at = time.time() + 2.5  # both processes fire together once they are up
    args = [database_url, key, simulator.url, simulator.client_id, simulator.client_secret, "25", str(start_at)]
    children = [
        await asyncio.create_subprocess_exec(
            sys.executable, "-c", CHILD, *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
        )
        for _ in range(2)
    ]
    outputs = await asyncio.wait_for(asyncio.gather(*(c.communicate() for c in children)), timeout=60)
    reports = []
    for child, (out, err) in zip(children, outputs, strict=False):
        assert child.returncode == 0, err.decode()[-2000:]
        reports.append(json.loads(out.decode().strip().splitlines()[-1]))
    assert [r["errors"] for r in reports] == [[], []]
    assert sum(r["ok"] for r in reports) == 50
    assert simulator.state.refresh_count == 1  # exactly one refresh at the server ...
    assert sum(r["refreshes"] for r in reports) == 1  # ... done by one of the two processes
    assert simulator.state.reuse_detections == 0  # no rotated refresh token was presented twice
    assert not any(g.revoked for g in simulator.state.grants.values())
    assert (await connect.connection_status(database, "heizung-mueller")).status.value == "connected"
