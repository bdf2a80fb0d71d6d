"""The admin page for the trade connection through the real app: admin-token gate with an
HttpOnly SameSite=Strict cookie, CSRF on the connect button, status in German, the OAuth
callback, and the whole connect flow in a real browser (Chromium) against the simulator."""

from __future__ import annotations

import re
import socket
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest
from sqlalchemy import text

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.integrations.trade import connect
from zentrale.integrations.trade.kwp.client import open_port
from zentrale.integrations.trade.port import ReauthRequired
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.repositories import trade_connections
from zentrale.store.secrets import SecretBox, generate_key
from zentrale.web.admin import trade as admin_trade

ADMIN_TOKEN = "admin-token-for-tests-0123456789"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def key():
    return generate_key()


@pytest.fixture
async def admin(aiohttp_server, database, simulator, key, tmp_path):
    """The zentrale app on a known port whose callback is registered at the simulator."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    simulator.state.register_redirect_uri(simulator.client_id, f"{base}/admin/trade/callback")
    env = {
        "ZENTRALE_TRADE_URL": simulator.url,
        "TRADE_CLIENT_ID": simulator.client_id,
        "TRADE_CLIENT_SECRET": simulator.client_secret,
    }
    installation = load_config(EXAMPLES_DIR, env)
    settings = Settings(var_dir=tmp_path, secret_key=key, public_url=base, extra={"ZENTRALE_ADMIN_TOKEN": ADMIN_TOKEN})
    app = create_app(settings, installation, database=database, extensions=(admin_trade.install,))
    await aiohttp_server(app, port=port)
    return base, installation


@pytest.fixture
async def browser_session():
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


async def test_without_the_admin_token_the_page_is_forbidden_in_german(admin, browser_session):
    base, _ = admin
    for url in (f"{base}/admin/trade", f"{base}/admin/trade?token=wrong"):
        async with browser_session.get(url) as response:
            assert response.status == 403
            body = await response.text()
        assert "Kein Zugriff" in body and "ZENTRALE_ADMIN_TOKEN" in body
    async with browser_session.post(f"{base}/admin/trade/heizung-mueller/connect", data={"csrf": "x"}) as response:
        assert response.status == 403


async def test_token_once_then_cookie_status_and_csrf_protected_connect(admin, browser_session, simulator):
    base, _ = admin
    async with browser_session.get(f"{base}/admin/trade?token={ADMIN_TOKEN}", allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"] == "/admin/trade"
        cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and ADMIN_TOKEN not in cookie
    async with browser_session.get(f"{base}/admin/trade") as response:
        assert response.status == 200
        page = await response.text()
    assert "nicht verbunden" in page and "Mit Handwerkersoftware verbinden" in page
    assert "MUELLER" in page
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)

    async with browser_session.post(f"{base}/admin/trade/heizung-mueller/connect", data={"csrf": "forged"}) as response:
        assert response.status == 403
        assert "CSRF" in await response.text()
    async with browser_session.post(
        f"{base}/admin/trade/heizung-mueller/connect", data={"csrf": csrf}, allow_redirects=False
    ) as response:
        assert response.status == 303
        location = response.headers["Location"]
    assert location.startswith(f"{simulator.url}/oauth/authorize?")
    params = dict(parse_qsl(urlsplit(location).query))
    assert params["redirect_uri"] == f"{base}/admin/trade/callback" and params["firm"] == "MUELLER"


async def test_callback_with_unknown_state_explains_what_to_do(admin, browser_session):
    base, _ = admin
    async with browser_session.get(f"{base}/admin/trade/callback?state=nope&code=x") as response:
        assert response.status == 400
        body = await response.text()
    assert "Verbindung fehlgeschlagen" in body and "unbekannt" in body


async def test_reauth_required_is_shown_to_the_admin(admin, browser_session, database, simulator, key):
    base, installation = admin
    box = SecretBox([key])
    business = installation.business("heizung-mueller")
    async with aiohttp.ClientSession() as http:
        await connect.connect_with_password(
            database, box, business, http, username="PETRA", password="petra-pass", redirect_uri=f"{base}/admin/trade/callback"
        )
        for grant in simulator.state.grants.values():
            simulator.state.revoke_grant(grant)
        async with database.transaction() as session:
            stored = await trade_connections.get_connection(session, box, "heizung-mueller")
            soon = trade_connections.TradeTokens(
                stored.tokens.access_token,
                stored.tokens.refresh_token,
                datetime.now(UTC) + timedelta(seconds=1),
                list(stored.scopes),
            )
            await trade_connections.save_tokens(session, box, "heizung-mueller", soon, expected_version=stored.version)
        with pytest.raises(ReauthRequired):
            await open_port(database, box, business, http).me()
    await browser_session.get(f"{base}/admin/trade?token={ADMIN_TOKEN}")
    async with browser_session.get(f"{base}/admin/trade") as response:
        page = await response.text()
    assert "neu verbinden nötig" in page and "widerrufen" in page


async def test_connect_flow_in_a_real_browser(admin, database, simulator, key):
    from playwright.async_api import async_playwright

    base, _ = admin
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/admin/trade?token={ADMIN_TOKEN}")
            assert page.url == f"{base}/admin/trade"  # the token left the address bar
            card = page.locator("#business-heizung-mueller")
            assert await card.locator("[data-status]").inner_text() == "nicht verbunden"
            await card.get_by_role("button", name="Mit Handwerkersoftware verbinden").click()
            await page.wait_for_url(f"{simulator.url}/oauth/authorize**")
            await page.fill("#username", "PETRA")
            await page.fill("#password", "petra-pass")
            await page.get_by_role("button", name="Anmelden").click()
            await page.wait_for_url(f"{base}/admin/trade/callback**")
            result = await page.locator("#result").inner_text()
            assert "Verbunden mit MUELLER als PETRA" in result
            assert "Anlagedaten LESEN" in await page.content()
            await page.get_by_role("link", name="Zur Übersicht").click()
            await page.wait_for_url(f"{base}/admin/trade")
            assert await card.locator("[data-status]").inner_text() == "verbunden"
        finally:
            await browser.close()

    (grant,) = simulator.state.grants.values()
    async with database.read() as session:
        raw_access, raw_refresh = (
            await session.execute(
                text("SELECT access_token, refresh_token FROM trade_connections WHERE business_id = 'heizung-mueller'")
            )
        ).one()
        stored = await trade_connections.get_connection(session, SecretBox([key]), "heizung-mueller")
    assert stored.tokens.access_token == grant.access_tokens[-1]
    assert grant.access_tokens[-1] not in raw_access and grant.refresh_tokens[-1] not in raw_refresh


async def test_trade_connect_command_prints_the_url_and_waits_for_the_callback(admin, database_url, simulator, key):
    import asyncio
    import os
    import sys

    base, _ = admin
    env = {
        **os.environ,
        "ZENTRALE_DATABASE_URL": database_url,
        "ZENTRALE_SECRET_KEY": key,
        "ZENTRALE_PUBLIC_URL": base,
        "ZENTRALE_TRADE_URL": simulator.url,
        "TRADE_CLIENT_ID": simulator.client_id,
        "TRADE_CLIENT_SECRET": simulator.client_secret,
        "ZENTRALE_LOG_LEVEL": "WARNING",
    }
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "zentrale",
        "trade",
        "connect",
        "--config",
        str(EXAMPLES_DIR),
        "--business",
        "heizung-mueller",
        "--timeout",
        "60",
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    lines = []
    while not any("/oauth/authorize?" in line for line in lines):
        line = (await asyncio.wait_for(child.stdout.readline(), timeout=30)).decode()
        assert line, (await child.stderr.read()).decode()
        lines.append(line)
    url = lines[-1].strip()
    async with aiohttp.ClientSession() as http:  # the admin logs in; the server gets the callback
        async with http.get(url) as response:
            html = await response.text()
        target, _method, fields = connect._fill_login_form(html, str(response.url), "PETRA", "petra-pass")
        async with http.post(target, data=fields) as response:
            assert response.status == 200 and str(response.url).startswith(f"{base}/admin/trade/callback")
    out, err = await asyncio.wait_for(child.communicate(), timeout=30)
    output = "".join(lines) + out.decode()
    assert child.returncode == 0, err.decode()
    assert f"{base}/admin/trade?token=" in output
    assert "user:    PETRA" in output and "firm:    MUELLER" in output and "tenant:  -" in output
    assert "equipment:read (Anlagedaten LESEN)" in output


async def test_refused_activities_are_listed_for_the_admin_with_the_reason(admin, database, browser_session):
    from zentrale.store.repositories import activities

    base, installation = admin
    business = installation.business("heizung-mueller")
    async with database.transaction() as session:
        refused = await activities.record_activity(
            session, business, type="Störung", subject="Heizung kalt, Fehler F28", address_code="GIBT-ES-NICHT"
        )
        await activities.mark_dead(session, business.id, refused.id, "HTTP 422: unbekanntes Adresskürzel GIBT-ES-NICHT")
        await activities.record_activity(session, business, type="Rückruf", subject="Bitte zurückrufen")

    await browser_session.get(f"{base}/admin/trade?token={ADMIN_TOKEN}")
    async with browser_session.get(f"{base}/admin/trade") as response:
        page = await response.text()
    assert "Nicht übertragene Aktivitäten (1)" in page
    assert "Heizung kalt, Fehler F28" in page and "unbekanntes Adresskürzel GIBT-ES-NICHT" in page
    assert "Bitte zurückrufen" not in page  # still on its way: not a dead letter
