"""web/auth.py as the one login of every page: return paths after the login (inbox and admin
pages only, no open redirect), and a logout that also ends the session an older version's cookie
(path /inbox) still holds."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from zentrale.config import EXAMPLES_DIR, load_config
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import WebSession, utcnow
from zentrale.store.secrets import generate_key
from zentrale.web import auth, inbox
from zentrale.web.admin import trade as admin_trade

PASSWORD = "Verwaltung-2025!"


@pytest.mark.parametrize(
    ("asked", "allowed"),
    [
        ("/admin/trade", "/admin/trade"),
        ("/inbox/admin", "/inbox/admin"),
        ("/inbox/activities/abc", "/inbox/activities/abc"),
        ("//evil.example/admin/trade", "/inbox"),
        ("https://evil.example/admin/trade", "/inbox"),
        ("/admin\\..\\x", "/inbox"),
        ("/twilio/voice", "/inbox"),
        ("", "/inbox"),
    ],
)
def test_only_pages_of_zentrale_are_return_paths(asked, allowed):
    assert auth.next_path(asked) == allowed


def test_the_login_location_carries_the_return_path():
    assert auth.login_location("/admin/trade") == "/inbox/login?weiter=%2Fadmin%2Ftrade"
    assert auth.login_location("/inbox") == "/inbox/login"


async def test_logout_ends_the_current_and_an_older_inbox_session(database, aiohttp_client, tmp_path):
    installation = load_config(EXAMPLES_DIR, {})
    settings = Settings(var_dir=tmp_path, public_url="http://zentrale.test", secret_key=generate_key())
    app = create_app(settings, installation, database=database, extensions=(inbox.install, admin_trade.install))
    client = await aiohttp_client(app)
    token = await auth.invite(database, installation.business("heizung-mueller"), "km", now=utcnow())
    page = await (await client.get(f"/inbox/invite/{token}")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    done = await client.post(
        f"/inbox/invite/{token}", data={"csrf": csrf, "passwort": PASSWORD, "passwort2": PASSWORD}, allow_redirects=False
    )
    current = done.cookies[auth.SESSION_COOKIE].value
    older = await auth.start_session(database, "heizung-mueller", "km", now=utcnow())  # an /inbox cookie of before
    page = await (await client.get("/inbox")).text()
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    client.session.cookie_jar.clear()
    # a browser sends the cookie of the longer path first
    headers = {"Cookie": f"{auth.SESSION_COOKIE}={older}; {auth.SESSION_COOKIE}={current}"}
    response = await client.post("/inbox/logout", data={"csrf": csrf}, headers=headers, allow_redirects=False)
    assert response.status == 303
    cleared = response.headers.getall("Set-Cookie")
    assert any("Path=/;" in c or c.endswith("Path=/") for c in cleared) and any("Path=/inbox" in c for c in cleared)
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(WebSession)) == 0
