"""The admin page for the trade connection through the real app: the staff login (owner or
admin of the business; staff 403; no session → the login page and back), CSRF on every form,
status in German, the OAuth callback, disconnect, the audit log ("Protokoll"), the retired shared
admin token, and the whole connect flow in a real browser (Chromium) against the simulator."""

from __future__ import annotations

import hashlib
import hmac
import re
import socket
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, unquote, urlsplit

import aiohttp
import pytest
from sqlalchemy import func, select, text

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.integrations.trade import connect
from zentrale.integrations.trade.kwp.client import open_port
from zentrale.integrations.trade.port import ReauthRequired
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity, AuditEntry, OAuthAuthorization
from zentrale.store.repositories import audit, trade_connections
from zentrale.store.repositories import secrets as secret_repo
from zentrale.store.secrets import SecretBox, generate_key
from zentrale.web import auth, inbox
from zentrale.web.admin import trade as admin_trade

OLD_ADMIN_TOKEN = "admin-token-for-tests-0123456789"
PASSWORD = "Verwaltung-2025!"
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


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.fixture
def key():
    return generate_key()


@pytest.fixture
async def admin(aiohttp_server, database, simulator, key, tmp_path, monkeypatch):
    """The zentrale app (login pages + admin pages) on a known port whose callback is registered
    at the simulator. The retired admin token is still set in the environment, where it used to be read."""
    monkeypatch.setenv("ZENTRALE_ADMIN_TOKEN", OLD_ADMIN_TOKEN)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    simulator.state.register_redirect_uri(simulator.client_id, f"{base}/admin/trade/callback")
    env = {
        "ZENTRALE_TRADE_URL": simulator.url,
        "TRADE_CLIENT_ID": simulator.client_id,
        "TRADE_CLIENT_SECRET": simulator.client_secret,
    }
    installation = load_config(EXAMPLES_DIR, env)
    settings = Settings(var_dir=tmp_path, secret_key=key, public_url=base)
    app = create_app(settings, installation, database=database, extensions=(inbox.install, admin_trade.install))
    await aiohttp_server(app, port=port)
    return base, installation


@pytest.fixture
async def browser_session():
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        yield session


async def give_password(database, installation, business_id: str, staff_key: str, http, base: str) -> None:
    """Invite (as a command would) and set the password through the invitation page; logs in."""
    token = await auth.invite(database, installation.business(business_id), staff_key, now=datetime.now(UTC))
    async with http.get(f"{base}/inbox/invite/{token}") as response:
        page = await response.text()
    async with http.post(
        f"{base}/inbox/invite/{token}",
        data={"csrf": csrf_of(page), "passwort": PASSWORD, "passwort2": PASSWORD},
        allow_redirects=False,
    ) as response:
        assert response.status == 303, await response.text()


async def log_in_as(database, installation, http, base, staff_key: str, business_id: str = "heizung-mueller") -> None:
    await give_password(database, installation, business_id, staff_key, http, base)


async def entries(database, business_id: str = "heizung-mueller", action: str | None = None) -> list[AuditEntry]:
    async with database.read() as session:
        found = await audit.list_recent(session, business_id, limit=100)
    return [e for e in found if action is None or e.action == action]


async def test_without_a_session_the_login_comes_first_and_leads_back(admin, browser_session, database):
    base, installation = admin
    async with browser_session.get(f"{base}/admin/trade", allow_redirects=False) as response:
        assert response.status == 303
        assert unquote(response.headers["Location"]) == "/inbox/login?weiter=/admin/trade"
    async with browser_session.post(f"{base}/admin/trade/heizung-mueller/connect", data={"csrf": "x"}) as response:
        assert response.status == 403 and "nicht angemeldet" in await response.text()
    await log_in_as(database, installation, browser_session, base, "km")
    browser_session.cookie_jar.clear()
    async with browser_session.get(f"{base}/admin/trade") as response:  # follows to the login page
        assert response.url.path == "/inbox/login" and response.url.query["weiter"] == "/admin/trade"
        page = await response.text()
    assert 'name="weiter" value="/admin/trade"' in page
    async with browser_session.post(
        f"{base}/inbox/login",
        data={"csrf": csrf_of(page), "login": "km", "passwort": PASSWORD, "weiter": "/admin/trade"},
        allow_redirects=False,
    ) as response:
        assert response.status == 303 and response.headers["Location"] == "/admin/trade"
        cookie = response.headers["Set-Cookie"]
    assert "Path=/;" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    async with browser_session.get(f"{base}/admin/trade") as response:
        assert response.status == 200 and "Verbindung zur Handwerkersoftware" in await response.text()
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(OAuthAuthorization)) == 0


async def test_staff_get_403_in_german_and_cannot_connect(admin, browser_session, database):
    base, installation = admin
    await log_in_as(database, installation, browser_session, base, "tw")
    async with browser_session.get(f"{base}/inbox") as response:
        csrf = csrf_of(await response.text())
    async with browser_session.get(f"{base}/admin/trade", allow_redirects=False) as response:
        assert response.status == 403
        page = await response.text()
    assert "Kein Zugriff" in page and "nur für Inhaber und Verwaltung" in page and 'lang="de"' in page
    assert "Mit Handwerkersoftware verbinden" not in page and "Protokoll" not in page
    for action in ("connect", "disconnect"):
        async with browser_session.post(
            f"{base}/admin/trade/heizung-mueller/{action}", data={"csrf": csrf}, allow_redirects=False
        ) as response:
            assert response.status == 403
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(OAuthAuthorization)) == 0
    assert not await entries(database, action=audit.AuditAction.TRADE_DISCONNECTED)


async def test_the_old_shared_admin_token_gets_nothing(admin, browser_session, database, key):
    base, _ = admin
    # even a token left in the store by an older version (the migration deletes it) opens nothing
    async with database.transaction() as session:
        await secret_repo.set_secret(session, SecretBox([key]), None, "admin_token", OLD_ADMIN_TOKEN)
    old_cookie = hmac.new(OLD_ADMIN_TOKEN.encode(), b"zentrale-admin:session", hashlib.sha256).hexdigest()
    old_csrf = hmac.new(OLD_ADMIN_TOKEN.encode(), b"zentrale-admin:csrf", hashlib.sha256).hexdigest()
    async with browser_session.get(f"{base}/admin/trade?token={OLD_ADMIN_TOKEN}", allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"].startswith("/inbox/login?")
        assert "zentrale_admin" not in response.headers.get("Set-Cookie", "")
        assert "Handwerkersoftware" not in await response.text()
    headers = {"Cookie": f"zentrale_admin={old_cookie}"}
    async with browser_session.get(f"{base}/admin/trade", headers=headers, allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"].startswith("/inbox/login?")
    async with browser_session.post(
        f"{base}/admin/trade/heizung-mueller/connect", data={"csrf": old_csrf}, headers=headers, allow_redirects=False
    ) as response:
        assert response.status == 403
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(OAuthAuthorization)) == 0


async def test_owner_sees_the_status_and_connects_with_the_csrf_token(admin, browser_session, simulator, database):
    base, installation = admin
    await log_in_as(database, installation, browser_session, base, "km")
    async with browser_session.get(f"{base}/admin/trade") as response:
        assert response.status == 200
        page = await response.text()
    assert "nicht verbunden" in page and "Mit Handwerkersoftware verbinden" in page and "MUELLER" in page
    assert "Verbindung trennen" not in page  # nothing to disconnect yet
    assert "Klaus Müller" in page and "Protokoll" in page
    assert "Rauchfangkehrer" not in page  # only the own business
    csrf = csrf_of(page)

    async with browser_session.post(f"{base}/admin/trade/heizung-mueller/connect", data={"csrf": "forged"}) as response:
        assert response.status == 403
        assert "Sicherheitsprüfung fehlgeschlagen" in await response.text()
    async with browser_session.post(
        f"{base}/admin/trade/rauchfangkehrer-huber/connect", data={"csrf": csrf}, allow_redirects=False
    ) as response:
        assert response.status == 404  # not this person's business
    async with browser_session.post(
        f"{base}/admin/trade/heizung-mueller/connect", data={"csrf": csrf}, allow_redirects=False
    ) as response:
        assert response.status == 303
        location = response.headers["Location"]
    assert location.startswith(f"{simulator.url}/oauth/authorize?")
    params = dict(parse_qsl(urlsplit(location).query))
    assert params["redirect_uri"] == f"{base}/admin/trade/callback" and params["firm"] == "MUELLER"


async def test_admin_of_a_business_without_trade_software_sees_only_theirs(admin, browser_session, database):
    base, installation = admin
    await log_in_as(database, installation, browser_session, base, "mh", business_id="rauchfangkehrer-huber")
    async with browser_session.get(f"{base}/admin/trade") as response:
        assert response.status == 200
        page = await response.text()
    assert "Rauchfangkehrer" in page and "keine Handwerkersoftware konfiguriert" in page
    assert "MUELLER" not in page and "Heizung" not in page


async def test_callback_with_unknown_state_explains_what_to_do(admin, browser_session):
    base, _ = admin
    async with browser_session.get(f"{base}/admin/trade/callback?state=nope&code=x") as response:
        assert response.status == 400
        body = await response.text()
    assert "Verbindung fehlgeschlagen" in body and "unbekannt" in body


async def test_reauth_required_is_shown_and_disconnect_is_audited(admin, browser_session, database, simulator, key):
    base, installation = admin
    box = SecretBox([key])
    business = installation.business("heizung-mueller")
    async with aiohttp.ClientSession() as http:
        me = await connect.connect_with_password(
            database, box, business, http, username="PETRA", password="petra-pass", redirect_uri=f"{base}/admin/trade/callback"
        )
        assert me.user == "PETRA"
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
    (connected,) = await entries(database, action=audit.AuditAction.TRADE_CONNECTED)
    assert connected.actor == "cli" and connected.details["user"] == "PETRA" and "petra-pass" not in str(connected.details)

    await log_in_as(database, installation, browser_session, base, "sb")
    async with browser_session.get(f"{base}/admin/trade") as response:
        page = await response.text()
    assert "neu verbinden nötig" in page and "widerrufen" in page and "Verbindung trennen" in page
    async with browser_session.post(
        f"{base}/admin/trade/heizung-mueller/disconnect", data={"csrf": csrf_of(page)}, allow_redirects=False
    ) as response:
        assert response.status == 303 and response.headers["Location"] == "/admin/trade?ok=getrennt"
    async with browser_session.get(f"{base}/admin/trade?ok=getrennt") as response:
        page = await response.text()
    assert "Die Verbindung zur Handwerkersoftware ist getrennt." in page and 'data-status="disconnected"' in page
    assert 'Sabine Berger</span>: <span class="what">Verbindung zur Handwerkersoftware getrennt' in page
    (gone,) = await entries(database, action=audit.AuditAction.TRADE_DISCONNECTED)
    assert gone.actor == "sb"
    async with database.read() as session:
        raw = (
            await session.execute(
                text("SELECT access_token, status FROM trade_connections WHERE business_id = 'heizung-mueller'")
            )
        ).one()
    assert raw == (None, "disconnected")


async def test_connect_flow_in_a_real_browser(admin, database, simulator, key):
    """Acceptance: the owner logs in, opens /admin/trade, connects through the simulator's login
    form, sees the connection and the audit entry with their name."""
    from playwright.async_api import async_playwright

    base, installation = admin
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as http:
        await give_password(database, installation, "heizung-mueller", "km", http, base)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page()
            await page.goto(f"{base}/admin/trade")
            assert "/inbox/login?weiter=" in page.url  # the login comes first
            await page.fill("input[name=login]", "klaus@heizung-mueller.example")
            await page.fill("input[name=passwort]", PASSWORD)
            await page.click("#login-form button[type=submit]")
            await page.wait_for_url(f"{base}/admin/trade")
            assert await page.locator("#person").inner_text() == "Klaus Müller"
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
            newest = page.locator("#audit .audit-entry").first
            assert await newest.get_attribute("data-action") == "trade_connected"
            assert await newest.locator(".who").inner_text() == "Klaus Müller"
            assert await newest.locator(".what").inner_text() == "Handwerkersoftware verbunden (technischer Benutzer PETRA)"
            # the time in the business's time zone (Europe/Berlin), to the minute
            shown = await newest.locator("time").inner_text()
            assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", shown)
        finally:
            await browser.close()

    (entry,) = await entries(database, action=audit.AuditAction.TRADE_CONNECTED)
    assert entry.actor == "km"
    assert shown == entry.created_at.astimezone(installation.business("heizung-mueller").business.zone).strftime("%d.%m.%Y %H:%M")
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


async def test_trade_connect_command_prints_the_url_and_waits_for_the_callback(admin, database, database_url, simulator, key):
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
    assert f"{base}/admin/trade\n" in output and "token=" not in output.split("/oauth/authorize?")[0]
    assert "log in as the business's owner or admin" in output
    assert "user:    PETRA" in output and "firm:    MUELLER" in output and "tenant:  -" in output
    assert "equipment:read (Anlagedaten LESEN)" in output
    (entry,) = await entries(database, action=audit.AuditAction.TRADE_CONNECTED)
    assert entry.actor == "cli"  # no browser session: the flow of the command
    async with database.read() as session:
        assert await secret_repo.get_secret(session, SecretBox([key]), None, "admin_token") is None


async def test_refused_activities_are_listed_for_the_admin_with_the_reason(admin, database, browser_session):
    base, installation = admin
    async with database.transaction() as session:
        session.add_all(
            [
                Activity(
                    business_id="heizung-mueller",
                    type="Störung",
                    subject="Heizung kalt, Fehler F28",
                    address_code="GIBT-ES-NICHT",
                    delivery_status="dead",
                    delivery_error="HTTP 422: unbekanntes Adresskürzel GIBT-ES-NICHT",
                ),
                Activity(business_id="heizung-mueller", type="Rückruf", subject="Bitte zurückrufen", delivery_status="pending"),
            ]
        )

    await log_in_as(database, installation, browser_session, base, "km")
    async with browser_session.get(f"{base}/admin/trade") as response:
        page = await response.text()
    assert "Nicht übertragene Aktivitäten (1)" in page
    assert "Heizung kalt, Fehler F28" in page and "unbekanntes Adresskürzel GIBT-ES-NICHT" in page
    assert "Bitte zurückrufen" not in page  # still on its way: not a dead letter
