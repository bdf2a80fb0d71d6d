"""Connecting a business to the trade software: PKCE/state, the flow end to end against the
simulator's real login form, single use, expiry, refusals and missing rights in German."""

from __future__ import annotations

import base64
import hashlib
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest
from sqlalchemy import text

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.integrations.trade import connect
from zentrale.integrations.trade.kwp.client import open_port
from zentrale.integrations.trade.port import REQUIRED_SCOPES
from zentrale.store.repositories import trade_connections
from zentrale.store.secrets import SecretBox, generate_key


def business_for(sim):
    installation = load_config(
        EXAMPLES_DIR,
        {"ZENTRALE_TRADE_URL": sim.url, "TRADE_CLIENT_ID": sim.client_id, "TRADE_CLIENT_SECRET": sim.client_secret},
    )
    return installation.business("heizung-mueller")


@pytest.fixture
def box():
    return SecretBox([generate_key()])


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def login(http, url, *, username, password, action="login"):
    """What the admin does in the browser: open the login form, submit it; returns the redirect."""
    async with http.get(url, allow_redirects=False) as response:
        assert response.status == 200
        html = await response.text()
    target, _method, fields = connect._fill_login_form(html, url, username, password)
    fields = [(k, action if k == "action" else v) for k, v in fields]
    async with http.post(target, data=fields, allow_redirects=False) as response:
        assert response.status in (302, 303), await response.text()
        return dict(parse_qsl(urlsplit(response.headers["Location"]).query))


async def test_connect_with_password_stores_encrypted_tokens_and_who_we_are(database, simulator, box, http):
    business = business_for(simulator)
    me = await connect.connect_with_password(
        database, box, business, http, username="PETRA", password="petra-pass", redirect_uri=simulator.redirect_uri
    )
    assert (me.user, me.firm, me.tenant) == ("PETRA", "MUELLER", None)
    assert set(REQUIRED_SCOPES) <= me.scopes

    info = await connect.connection_status(database, "heizung-mueller")
    assert info.status.value == "connected" and info.status_de == "verbunden"
    assert (info.user, info.firm, info.missing_rights) == ("PETRA", "MUELLER", ())
    assert "Anlagedaten LESEN" in info.rights_de

    # The tokens at rest are encrypted: the raw columns never contain what the simulator issued.
    (grant,) = simulator.state.grants.values()
    async with database.read() as session:
        raw_access, raw_refresh = (
            await session.execute(
                text("SELECT access_token, refresh_token FROM trade_connections WHERE business_id = 'heizung-mueller'")
            )
        ).one()
        stored = await trade_connections.get_connection(session, box, "heizung-mueller")
    assert stored.tokens.access_token == grant.access_tokens[-1]
    assert grant.access_tokens[-1] not in raw_access and grant.refresh_tokens[-1] not in raw_refresh

    # and the port works with them
    port = open_port(database, box, business, http)
    assert (await port.me()).user == "PETRA"


async def test_authorize_url_has_pkce_s256_state_firm_and_the_exact_redirect_uri(database, simulator, box):
    business = business_for(simulator)
    redirect = "https://zentrale.example.de/admin/trade/callback"
    url = await connect.start_authorization(database, box, business, redirect_uri=redirect)
    parts = urlsplit(url)
    params = dict(parse_qsl(parts.query))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{simulator.url}/oauth/authorize"
    assert params["response_type"] == "code" and params["client_id"] == simulator.client_id
    assert params["redirect_uri"] == redirect
    assert params["firm"] == "MUELLER" and "tenant" not in params
    assert set(params["scope"].split()) == set(REQUIRED_SCOPES)
    assert params["code_challenge_method"] == "S256"
    async with database.read() as session:
        pending = await trade_connections.get_authorization(session, box, params["state"])
        raw = (await session.execute(text("SELECT code_verifier FROM oauth_authorizations"))).scalar_one()
    assert pending is not None and len(params["state"]) >= 32
    digest = hashlib.sha256(pending.code_verifier.encode()).digest()
    assert params["code_challenge"] == base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
    assert pending.code_verifier not in raw  # encrypted at rest
    # a second flow gets a different state and verifier
    other = dict(parse_qsl(urlsplit(await connect.start_authorization(database, box, business, redirect_uri=redirect)).query))
    assert other["state"] != params["state"] and other["code_challenge"] != params["code_challenge"]


async def test_a_callback_state_is_used_once(database, simulator, box, http):
    business = business_for(simulator)
    url = await connect.start_authorization(database, box, business, redirect_uri=simulator.redirect_uri)
    answer = await login(http, url, username="PETRA", password="petra-pass")
    me = await connect.finish_authorization(database, box, business, http, state=answer["state"], code=answer["code"])
    assert me.user == "PETRA"
    with pytest.raises(connect.ConnectError, match="bereits verwendet"):
        await connect.finish_authorization(database, box, business, http, state=answer["state"], code=answer["code"])
    with pytest.raises(connect.ConnectError, match="unbekannt"):
        await connect.finish_authorization(database, box, business, http, state="forged-state", code=answer["code"])
    assert (await connect.connection_status(database, "heizung-mueller")).status.value == "connected"


async def test_an_expired_flow_is_refused_and_stores_nothing(database, simulator, box, http):
    business = business_for(simulator)
    url = await connect.start_authorization(database, box, business, redirect_uri=simulator.redirect_uri)
    answer = await login(http, url, username="PETRA", password="petra-pass")
    later = datetime.now(UTC) + timedelta(minutes=11)
    with pytest.raises(connect.ConnectError, match="abgelaufen"):
        await connect.finish_authorization(database, box, business, http, state=answer["state"], code=answer["code"], now=later)
    assert (await connect.connection_status(database, "heizung-mueller")).status.value == "disconnected"
    assert simulator.state.refresh_count == 0 and not simulator.state.grants


async def test_wrong_password_and_refusal_are_explained(database, simulator, box, http):
    business = business_for(simulator)
    with pytest.raises(connect.ConnectError, match="Passwort falsch"):
        await connect.connect_with_password(
            database, box, business, http, username="PETRA", password="wrong", redirect_uri=simulator.redirect_uri
        )
    url = await connect.start_authorization(database, box, business, redirect_uri=simulator.redirect_uri)
    answer = await login(http, url, username="PETRA", password="petra-pass", action="deny")
    assert answer["error"] == "access_denied"
    with pytest.raises(connect.ConnectError, match="abgelehnt"):
        await connect.finish_authorization(database, box, business, http, state=answer["state"], error=answer["error"])
    info = await connect.connection_status(database, "heizung-mueller")
    assert info.status.value == "disconnected" and "abgelehnt" in info.last_error


async def test_missing_rights_are_named_as_the_admin_must_grant_them(database, simulator_factory, box, http):
    sim = await simulator_factory(scopes=("addresses:read", "activities:write"))
    business = business_for(sim)
    me = await connect.connect_with_password(
        database, box, business, http, username="PETRA", password="petra-pass", redirect_uri=sim.redirect_uri
    )
    assert me.scopes == frozenset({"addresses:read", "activities:write"})
    missing = [
        "Dem technischen Benutzer fehlt das Recht „Anlagedaten LESEN“.",
        "Dem technischen Benutzer fehlt das Recht „Aufträge SCHREIBEN“.",
    ]
    assert connect.missing_rights_de(me.scopes) == missing
    info = await connect.connection_status(database, "heizung-mueller")
    assert info.status.value == "connected"
    assert info.missing_rights == tuple(missing)


async def test_unregistered_redirect_uri_is_refused_by_the_server(database, simulator, box, http):
    business = business_for(simulator)
    with pytest.raises(connect.ConnectError, match="Status 400"):
        await connect.connect_with_password(
            database,
            box,
            business,
            http,
            username="PETRA",
            password="petra-pass",
            redirect_uri="http://127.0.0.1:9/admin/trade/callback",
        )
