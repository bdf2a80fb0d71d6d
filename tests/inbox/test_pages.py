"""The inbox through the real app (aiohttp test client): invitation, login, sessions, CSRF,
permissions, the actions and the admin page, in German."""

from __future__ import annotations

import argparse
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from zentrale.runtime import CLOCK
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity, Notification, OutboxMessage, StaffAccount
from zentrale.store.secrets import generate_key
from zentrale.web import auth, inbox

from .conftest import START, seed

PASSWORD = "Heizung-2025!"


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


@pytest.fixture
async def client(database, aiohttp_client, installation, clock, tmp_path):
    settings = Settings(var_dir=tmp_path, public_url="http://inbox.test", secret_key=generate_key())
    app = create_app(settings, installation, database=database, extensions=(inbox.install,))
    app[CLOCK] = clock
    return await aiohttp_client(app)


async def set_password(client, link_path: str, password: str = PASSWORD, repeat: str | None = None):
    async with client.get(link_path) as response:
        page = await response.text()
    return await client.post(
        link_path, data={"csrf": csrf_of(page), "passwort": password, "passwort2": repeat or password}, allow_redirects=False
    )


async def login_as(client, database, business, key, clock):
    token = await auth.invite(database, business, key, now=clock())
    response = await set_password(client, f"/inbox/invite/{token}")
    assert response.status == 303, await response.text()


async def page_of(client, path: str) -> tuple[int, str]:
    async with client.get(path) as response:
        return response.status, await response.text()


async def activity(database, activity_id):
    async with database.read() as session:
        return await session.get(Activity, activity_id)


async def test_invitation_sets_a_password_once_and_logs_in(client, database, installation, mueller, clock):
    s = await seed(database, installation)
    token = await auth.invite(database, mueller, "tw", now=clock())
    status, page = await page_of(client, f"/inbox/invite/{token}")
    assert status == 200 and "Passwort festlegen" in page and "Tobias Wagner" in page
    short = await set_password(client, f"/inbox/invite/{token}", "kurz")
    assert short.status == 400 and "mindestens 10 Zeichen" in await short.text()
    differ = await set_password(client, f"/inbox/invite/{token}", PASSWORD, PASSWORD + "x")
    assert differ.status == 400 and "stimmen nicht überein" in await differ.text()
    done = await set_password(client, f"/inbox/invite/{token}")
    assert done.status == 303 and done.headers["Location"] == "/inbox"
    cookie = done.headers["Set-Cookie"]
    assert "zentrale_session=" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    status, page = await page_of(client, "/inbox")
    assert status == 200 and "Rückruf: Erika Mustermann" in page and "Störung: Hans Schulz" in page
    assert "Rechnung: Petra Klein" not in page and "Notdienst" not in page and "Kehrtermin" not in page
    status, page = await page_of(client, f"/inbox/invite/{token}")
    assert status == 404 and "ungültig" in page  # used up
    async with database.read() as session:
        account = await session.scalar(select(StaffAccount).where(StaffAccount.staff_key == "tw"))
        assert account.password_hash.startswith("scrypt$") and PASSWORD not in account.password_hash
        assert account.last_login_at == START
    assert s.ids  # seeded


async def test_expired_invitation_is_refused(client, database, installation, mueller, clock):
    await seed(database, installation)
    token = await auth.invite(database, mueller, "tw", expires=timedelta(minutes=30), now=clock())
    clock.advance(minutes=31)
    status, page = await page_of(client, f"/inbox/invite/{token}")
    assert status == 404 and "abgelaufen" in page


async def test_login_logout_blocked_and_expired(client, database, installation, mueller, clock):
    await seed(database, installation)
    await login_as(client, database, mueller, "jk", clock)
    client.session.cookie_jar.clear()
    status, page = await page_of(client, "/inbox")
    assert status == 200 and "Anmelden" in page  # redirected to the login page
    wrong = await client.post("/inbox/login", data={"csrf": csrf_of(page), "login": "jk", "passwort": "falsch-falsch"})
    assert wrong.status == 401 and "oder Passwort ist falsch" in await wrong.text()
    no_csrf = await client.post("/inbox/login", data={"login": "jk", "passwort": PASSWORD})
    assert no_csrf.status == 403 and "Sicherheitsprüfung fehlgeschlagen" in await no_csrf.text()
    ok = await client.post(
        "/inbox/login", data={"csrf": csrf_of(page), "login": "JK", "passwort": PASSWORD}, allow_redirects=False
    )
    assert ok.status == 303
    status, page = await page_of(client, "/inbox")
    assert "Störung: Hans Schulz" in page and "Abmelden" in page
    out = await client.post("/inbox/logout", data={"csrf": csrf_of(page)}, allow_redirects=False)
    assert out.status == 303
    status, page = await page_of(client, "/inbox")
    assert "Anmelden" in page and "Abmelden" not in page

    # blocked: the running session stops working, and the login says why
    ok = await client.post("/inbox/login", data={"csrf": csrf_of(page), "login": "jk", "passwort": PASSWORD})
    assert ok.status == 200 and "Eingang" in await ok.text()
    async with database.transaction() as session:
        await session.execute(update(StaffAccount).where(StaffAccount.staff_key == "jk").values(blocked=True))
    status, page = await page_of(client, "/inbox")
    assert "Abmelden" not in page and "Anmelden" in page
    refused = await client.post("/inbox/login", data={"csrf": csrf_of(page), "login": "jk", "passwort": PASSWORD})
    assert "Ihr Zugang ist gesperrt." in await refused.text()

    # expired access
    async with database.transaction() as session:
        await session.execute(
            update(StaffAccount)
            .where(StaffAccount.staff_key == "jk")
            .values(blocked=False, access_expires_at=clock() - timedelta(minutes=1))
        )
    refused = await client.post("/inbox/login", data={"csrf": csrf_of(page), "login": "jk", "passwort": PASSWORD})
    assert "Ihr Zugang ist abgelaufen." in await refused.text()


async def test_post_without_or_with_wrong_csrf_is_refused_and_changes_nothing(client, database, installation, mueller, clock):
    s = await seed(database, installation)
    await login_as(client, database, mueller, "tw", clock)
    path = f"/inbox/activities/{s.ids['tw_own']}"
    status, page = await page_of(client, path)
    assert status == 200
    for data in ({"erledigt": "1"}, {"erledigt": "1", "csrf": "falsch"}):
        response = await client.post(f"{path}/done", data=data)
        assert response.status == 403 and "Sicherheitsprüfung fehlgeschlagen" in await response.text()
    assert (await activity(database, s.ids["tw_own"])).status == "open"
    async with database.read() as session:
        assert await session.scalar(select(OutboxMessage.id).where(OutboxMessage.kind == "trade.activity.update")) is None
    response = await client.post(f"{path}/done", data={"erledigt": "1", "csrf": csrf_of(page)}, allow_redirects=False)
    assert response.status == 303 and response.headers["Location"] == f"{path}?ok=erledigt"
    row = await activity(database, s.ids["tw_own"])
    assert (row.status, row.done_by) == ("done", "tw")


async def test_other_peoples_and_other_businesses_activities_are_404(client, database, installation, mueller, clock):
    s = await seed(database, installation)
    await login_as(client, database, mueller, "tw", clock)
    _, page = await page_of(client, "/inbox")
    for key in ("sb_low", "huber_tw"):
        status, body = await page_of(client, f"/inbox/activities/{s.ids[key]}")
        assert status == 404 and "nicht sichtbar" in body
        response = await client.post(f"/inbox/activities/{s.ids[key]}/done", data={"erledigt": "1", "csrf": csrf_of(page)})
        assert response.status == 404
    assert (await activity(database, s.ids["sb_low"])).status == "open"


async def test_detail_shows_the_call_and_the_actions_work(client, database, installation, mueller, clock):
    s = await seed(database, installation)
    await login_as(client, database, mueller, "sb", clock)
    path = f"/inbox/activities/{s.ids['tw_own']}"
    status, page = await page_of(client, path)
    assert status == 200
    for text in (
        "Erika Mustermann",
        'href="tel:+491701234567"',
        "Zurückrufen",
        "Bitte um Rückruf wegen der Wartung.",
        "Rückrufwunsch",
        "1 Min. 35 Sek.",
        "10.03.2025 10:01",
        "Wie kann ich helfen?",
        "wird an die Handwerkersoftware übertragen",
        "In Auftrag umwandeln",
        "Tobias Wagner",
    ):
        assert text in page, text
    csrf = csrf_of(page)
    await client.post(f"{path}/delegate", data={"csrf": csrf, "an": "team:monteure"})
    await client.post(f"{path}/priority", data={"csrf": csrf, "prioritaet": "high"})
    follow = await client.post(f"{path}/follow-up", data={"csrf": csrf, "wiedervorlage": "2025-03-11T08:30"})
    assert "Wiedervorlage gespeichert." in await follow.text()
    past = await client.post(f"{path}/follow-up", data={"csrf": csrf, "wiedervorlage": "2025-03-09T08:30"})
    assert past.status == 400 and "in der Zukunft" in await past.text()
    row = await activity(database, s.ids["tw_own"])
    assert (row.assignee, row.team, row.priority) == (None, "monteure", "high")
    assert row.follow_up_at == START.replace(day=11, hour=7, minute=30)  # 08:30 in Berlin (CET) is 07:30 UTC
    convert = await client.post(f"{path}/convert", data={"csrf": csrf})
    assert "Der Auftrag wird angelegt" in await convert.text()
    async with database.read() as session:
        kinds = [
            k
            for k in await session.scalars(select(OutboxMessage.kind).where(OutboxMessage.dedupe_key.startswith(s.ids["tw_own"])))
        ]
    assert kinds.count("trade.activity.update") == 3 and "trade.activity.convert" in kinds and "notify.follow_up" in kinds
    async with database.transaction() as session:
        await session.execute(update(Activity).where(Activity.id == s.ids["tw_own"]).values(order_ref="A-2025-0042"))
    _, page = await page_of(client, path)
    assert "Auftrag: <strong>A-2025-0042</strong>" in page and "In Auftrag umwandeln" not in page


async def test_reply_sms_once_then_its_status(client, database, installation, mueller, clock):
    s = await seed(database, installation)
    await login_as(client, database, mueller, "tw", clock)
    path = f"/inbox/activities/{s.ids['tw_own']}"
    _, page = await page_of(client, path)
    assert 'id="form-reply"' in page and 'maxlength="306"' in page
    too_long = await client.post(f"{path}/reply", data={"csrf": csrf_of(page), "text": "x" * 307})
    assert too_long.status == 400 and "zu lang" in await too_long.text()
    sent = await client.post(f"{path}/reply", data={"csrf": csrf_of(page), "text": "Wir kommen morgen."})
    page = await sent.text()
    assert "wird gesendet" in page and 'id="form-reply"' not in page and "data-refresh" in page
    again = await client.post(f"{path}/reply", data={"csrf": csrf_of(page), "text": "Nochmal"})
    assert again.status == 400 and "schon per SMS geantwortet" in await again.text()
    async with database.transaction() as session:
        await session.execute(update(Notification).values(status="delivered"))
    status, fragment = await page_of(client, f"{path}/reply")
    assert status == 200 and "zugestellt" in fragment and "<html" not in fragment


async def test_list_fragment_filters_and_needs_a_session(client, database, installation, mueller, clock):
    await seed(database, installation)
    status, _ = await page_of(client, "/inbox/list")
    assert status == 401
    await login_as(client, database, mueller, "km", clock)
    _, rows = await page_of(client, "/inbox/list?teams=1")
    assert "Angebot: Lisa Sommer" in rows and "Störung" not in rows and "<html" not in rows
    _, rows = await page_of(client, "/inbox/list?suche=schulz")
    assert "Störung: Hans Schulz" in rows and "Lisa" not in rows
    _, rows = await page_of(client, "/inbox/list?typ=Notdienst&offen=1")
    assert "Notdienst: Gasgeruch Weg 5" in rows and rows.count('class="activity') == 1
    _, rows = await page_of(client, "/inbox/list?suche=gibtsnicht")
    assert "Keine Aktivitäten gefunden." in rows


async def test_admin_page_invites_blocks_and_sets_expiry(client, database, installation, mueller, clock):
    await seed(database, installation)
    await login_as(client, database, mueller, "tw", clock)
    status, page = await page_of(client, "/inbox/admin")
    assert status == 403 and "nur für Inhaber und Verwaltung" in page
    client.session.cookie_jar.clear()
    await login_as(client, database, mueller, "sb", clock)
    status, page = await page_of(client, "/inbox/admin")
    assert status == 200 and "Ayşe Yıldız" in page and "nicht eingeladen" in page
    response = await client.post("/inbox/admin/staff/ay/invite", data={"csrf": csrf_of(page)})
    page = await response.text()
    link = re.search(r'value="(http://inbox\.test/inbox/invite/[^"]+)"', page).group(1)
    assert "Einladungslink für Ayşe Yıldız" in page and 'data-state="invited"' in page
    # the link works in another browser
    other_status, other = await page_of(client, link.replace("http://inbox.test", ""))
    assert other_status == 200 and "Passwort festlegen" in other
    blocked = await client.post("/inbox/admin/staff/ay/block", data={"csrf": csrf_of(page), "sperren": "1"})
    page = await blocked.text()
    assert "Zugang gesperrt." in page and 'id="staff-ay"' in page
    assert re.search(r'id="staff-ay".*?data-state="blocked"', page, re.S)
    expiry = await client.post("/inbox/admin/staff/ay/expiry", data={"csrf": csrf_of(page), "bis": "2025-03-31"})
    page = await expiry.text()
    assert "Ablaufdatum gespeichert." in page and "31.03.2025" in page
    async with database.read() as session:
        account = await session.scalar(select(StaffAccount).where(StaffAccount.staff_key == "ay"))
        assert account.blocked and account.access_expires_at == START.replace(month=3, day=31, hour=22)  # 1 April 00:00 CEST
    mine = await client.post("/inbox/admin/staff/sb/block", data={"csrf": csrf_of(page), "sperren": "1"})
    assert mine.status == 400 and "eigenen Zugang" in await mine.text()
    owner = await client.post("/inbox/admin/staff/km/block", data={"csrf": csrf_of(page), "sperren": "1"})
    assert owner.status == 400 and "nur der Inhaber" in await owner.text()


async def test_session_cookie_is_secure_behind_https(database, aiohttp_client, installation, mueller, clock, tmp_path):
    settings = Settings(var_dir=tmp_path, public_url="https://inbox.example", secret_key=generate_key())
    app = create_app(settings, installation, database=database, extensions=(inbox.install,))
    app[CLOCK] = clock
    client = await aiohttp_client(app)
    await seed(database, installation)
    token = await auth.invite(database, mueller, "tw", now=clock())
    async with client.get(f"/inbox/invite/{token}") as response:
        page = await response.text()
        prelogin = response.cookies["zentrale_login_csrf"]
    assert prelogin["secure"]  # a plain-http test client would not send it back by itself
    response = await client.post(
        f"/inbox/invite/{token}",
        data={"csrf": csrf_of(page), "passwort": PASSWORD, "passwort2": PASSWORD},
        headers={"Cookie": f"zentrale_login_csrf={prelogin.value}"},
        allow_redirects=False,
    )
    assert response.status == 303 and "Secure" in response.headers["Set-Cookie"]


def _invite_args(database_url, tmp_path, *argv):
    from zentrale.cli.staff import register
    from zentrale.config import EXAMPLES_DIR

    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["staff", "invite", "--config", str(EXAMPLES_DIR), *argv])
    args.settings = Settings(var_dir=tmp_path, database_url=database_url, public_url="https://zentrale.example/")
    return args


def test_cli_prints_a_working_invitation_link(database_url, tmp_path, capsys, run_async, installation):
    from zentrale.errors import CliError
    from zentrale.store.db import Database
    from zentrale.store.repositories import staff_accounts

    args = _invite_args(database_url, tmp_path, "--business", "heizung-mueller", "--staff", "tw", "--expires", "12h")
    assert args.func(args) == 0
    link = capsys.readouterr().out.strip()
    assert re.fullmatch(r"https://zentrale\.example/inbox/invite/[A-Za-z0-9_-]{43}", link)

    async def check():
        db = Database(database_url)
        try:
            async with db.read() as session:
                found = await staff_accounts.find_invitation(session, auth.token_hash(link.rsplit("/", 1)[1]))
                return found.staff_key, found.expires_at - found.created_at, found.created_by
        finally:
            await db.dispose()

    assert run_async(check) == ("tw", timedelta(hours=12), None)
    bad = _invite_args(database_url, tmp_path, "--business", "heizung-mueller", "--staff", "xx")
    with pytest.raises(CliError, match="unknown staff id 'xx'"):
        bad.func(bad)
    bad = _invite_args(database_url, tmp_path, "--business", "heizung-mueller", "--staff", "tw", "--expires", "soon")
    with pytest.raises(CliError, match="--expires"):
        bad.func(bad)


async def test_a_notification_link_opened_while_logged_out_comes_back_after_the_login(
    client, database, installation, mueller, clock
):
    s = await seed(database, installation)
    await login_as(client, database, mueller, "tw", clock)
    client.session.cookie_jar.clear()
    path = f"/inbox/activities/{s.ids['tw_own']}"
    async with client.get(path, allow_redirects=False) as response:
        assert response.status == 303 and response.headers["Location"].startswith("/inbox/login?weiter=")
    _status, page = await page_of(client, response.headers["Location"])
    assert f'name="weiter" value="{path}"' in page
    ok = await client.post(
        "/inbox/login", data={"csrf": csrf_of(page), "login": "tw", "passwort": PASSWORD, "weiter": path}, allow_redirects=False
    )
    assert ok.headers["Location"] == path
    client.session.cookie_jar.clear()
    _, page = await page_of(client, "/inbox/login")
    evil = await client.post(
        "/inbox/login",
        data={"csrf": csrf_of(page), "login": "tw", "passwort": PASSWORD, "weiter": "//evil.example/inbox/activities/x"},
        allow_redirects=False,
    )
    assert evil.headers["Location"] == "/inbox"
