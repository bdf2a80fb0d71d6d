"""Acceptance in a real browser (Debian Chromium via Playwright) against a real server on a free
port: invitation → password → the own and the teams' activities only, filters and search that
refresh without a reload, mark done, follow-up, re-delegate; the admin blocks one person and lets
another's access expire, neither can log in; a form post without the CSRF token is refused; the
list has no horizontal scrolling at 375 px."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.async_api import expect
from sqlalchemy import func, select

from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity, OutboxMessage
from zentrale.store.secrets import generate_key
from zentrale.web import auth, inbox

from .conftest import seed

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 375, "height": 740}
PASSWORD = "Monteur-Passwort-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
async def server(aiohttp_server, database, installation, tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    settings = Settings(var_dir=tmp_path, public_url=base, secret_key=generate_key())
    app = create_app(settings, installation, database=database, extensions=(inbox.install,))
    await aiohttp_server(app, port=port)
    return base


@pytest.fixture
async def browser():
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        chromium = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            await chromium.close()


async def shows(page, expected: list[str]) -> None:
    """The list shows these subjects, in this order — waiting for the list to redraw after a
    filter's response (an immediate read raced the redraw under load)."""
    await expect(page.locator("#rows .activity .subject")).to_have_text(expected)


async def accept_invitation(page, link: str) -> None:
    await page.goto(link)
    assert await page.locator("h2").first.inner_text() == "Passwort festlegen"
    await page.fill("input[name=passwort]", PASSWORD)
    await page.fill("input[name=passwort2]", PASSWORD)
    await page.click("#invite-form button[type=submit]")
    await page.wait_for_url("**/inbox")


async def login(page, base: str, who: str) -> str:
    await page.goto(f"{base}/inbox/login")
    await page.fill("input[name=login]", who)
    await page.fill("input[name=passwort]", PASSWORD)
    await page.click("#login-form button[type=submit]")
    await page.wait_for_load_state()
    return await page.content()


async def test_staff_member_works_the_inbox_on_a_phone(server, browser, database, installation, mueller):
    s = await seed(database, installation)
    base = server
    token = await auth.invite(database, mueller, "tw", now=datetime.now(UTC))
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="de-DE")
    page = await context.new_page()
    await accept_invitation(page, auth.invite_link(base, token))

    # only tw's own and team monteure's activities, urgent/high first
    await shows(page, ["Störung: Hans Schulz", "Rückruf: Erika Mustermann"])
    assert await page.evaluate("document.documentElement.scrollWidth") <= 375

    # filters and search refresh the rows without reloading the page
    await page.evaluate("window.__stillHere = true")
    async with page.expect_response(lambda r: "/inbox/list" in r.url):
        await page.check("input[name=meine]")
    await shows(page, ["Rückruf: Erika Mustermann"])
    async with page.expect_response(lambda r: "/inbox/list" in r.url):
        await page.uncheck("input[name=meine]")
    async with page.expect_response(lambda r: "/inbox/list" in r.url and "teams=1" in r.url):
        await page.check("input[name=teams]")
    await shows(page, ["Störung: Hans Schulz"])
    async with page.expect_response(lambda r: "/inbox/list" in r.url):
        await page.uncheck("input[name=teams]")
    async with page.expect_response(lambda r: "suche=erika" in r.url):
        await page.fill("input[name=suche]", "erika")
    await shows(page, ["Rückruf: Erika Mustermann"])
    async with page.expect_response(lambda r: "/inbox/list" in r.url):
        await page.fill("input[name=suche]", "")
    async with page.expect_response(lambda r: "typ=St%C3%B6rung" in r.url):
        await page.select_option("select[name=typ]", "Störung")
    await shows(page, ["Störung: Hans Schulz"])
    assert await page.evaluate("window.__stillHere === true")  # no full reload happened
    assert "typ=St%C3%B6rung" in page.url  # the address keeps the filter for a reload

    # detail: mark done, set a follow-up
    await page.click("#rows .activity a")
    await page.wait_for_url(f"**/inbox/activities/{s.ids['monteure_high']}")
    assert await page.locator("#call-back").get_attribute("href") == "tel:+491701234567"
    assert await page.evaluate("document.documentElement.scrollWidth") <= 375
    await page.click("#form-done button")
    await page.wait_for_load_state()
    assert await page.locator("#state").inner_text() == "erledigt"
    assert await page.locator("#notice").inner_text() == "Als erledigt markiert."
    berlin = ZoneInfo("Europe/Berlin")
    tomorrow = (datetime.now(berlin) + timedelta(days=1)).replace(hour=8, minute=30, second=0, microsecond=0)
    await page.fill("input[name=wiedervorlage]", tomorrow.strftime("%Y-%m-%dT%H:%M"))
    await page.click("#form-follow-up button")
    await page.wait_for_load_state()
    assert await page.locator("#follow-up").inner_text() == tomorrow.strftime("%d.%m.%Y %H:%M")

    # re-delegate the own callback to Jan Krüger: it leaves tw's inbox
    await page.goto(f"{base}/inbox/activities/{s.ids['tw_own']}")
    await page.select_option("#form-delegate select", "person:jk")
    await page.click("#form-delegate button")
    await page.wait_for_url("**/inbox?ok=delegiert")
    assert await page.locator("#notice").inner_text() == "Weitergegeben."
    await shows(page, ["Störung: Hans Schulz"])
    assert await page.locator("#rows .activity.status-done").count() == 1

    # a form post without the CSRF token is refused and changes nothing
    refused = await page.evaluate(
        """async (url) => { const r = await fetch(url, {method: 'POST', body: new URLSearchParams({erledigt: '0'})});
                            return [r.status, await r.text()]; }""",
        f"{base}/inbox/activities/{s.ids['monteure_high']}/done",
    )
    assert refused[0] == 403 and "Sicherheitsprüfung fehlgeschlagen" in refused[1]

    async with database.read() as session:
        high = await session.get(Activity, s.ids["monteure_high"])
        own = await session.get(Activity, s.ids["tw_own"])
        follow_ups = await session.scalar(
            select(func.count())
            .select_from(OutboxMessage)
            .where(OutboxMessage.kind == "notify.follow_up", OutboxMessage.dedupe_key.startswith(s.ids["monteure_high"]))
        )
    assert (high.status, high.done_by) == ("done", "tw")  # still done: the forged post changed nothing
    assert high.follow_up_at == tomorrow.astimezone(UTC) and follow_ups == 1
    assert (own.assignee, own.team) == ("jk", None)
    await context.close()


async def test_admin_blocks_and_expires_access_and_those_people_cannot_log_in(server, browser, database, installation, mueller):
    await seed(database, installation)
    base = server
    now = datetime.now(UTC)
    people = {key: await auth.invite(database, mueller, key, now=now) for key in ("sb", "jk", "ay")}
    for key in ("jk", "ay"):
        context = await browser.new_context(viewport=PHONE)
        await accept_invitation(await context.new_page(), auth.invite_link(base, people[key]))
        await context.close()
    jk_context = await browser.new_context(viewport=PHONE)
    jk_page = await jk_context.new_page()
    content = await login(jk_page, base, "jk")
    assert "Störung: Hans Schulz" in content  # jk is logged in

    admin = await (await browser.new_context(viewport=PHONE)).new_page()
    await accept_invitation(admin, auth.invite_link(base, people["sb"]))
    await admin.goto(f"{base}/inbox/admin")
    assert await admin.evaluate("document.documentElement.scrollWidth") <= 375
    await admin.click("#staff-jk form.block button")
    await admin.wait_for_load_state()
    assert await admin.locator("#staff-jk .account-state").inner_text() == "gesperrt"
    yesterday = (datetime.now(ZoneInfo("Europe/Berlin")) - timedelta(days=1)).strftime("%Y-%m-%d")
    await admin.fill("#staff-ay input[name=bis]", yesterday)
    await admin.click("#staff-ay form.expiry button")
    await admin.wait_for_load_state()
    assert await admin.locator("#staff-ay .account-state").inner_text() == "abgelaufen"
    # a new invitation link from the admin page
    await admin.click("#staff-tw form.invite button")
    await admin.wait_for_load_state()
    link = await admin.locator("#invite-link input").input_value()
    assert link.startswith(f"{base}/inbox/invite/")

    # jk's open session stopped working; neither jk nor ay can log in again
    await jk_page.goto(f"{base}/inbox")
    assert jk_page.url == f"{base}/inbox/login"
    assert "Ihr Zugang ist gesperrt." in await login(jk_page, base, "jk")
    ay_page = await (await browser.new_context(viewport=PHONE)).new_page()
    assert "Ihr Zugang ist abgelaufen." in await login(ay_page, base, "ay")
    assert "Ihr Zugang" not in await login(ay_page, base, "tw")  # tw never set a password: plain refusal
    # and the new link works for tw
    tw_page = await (await browser.new_context(viewport=PHONE)).new_page()
    await accept_invitation(tw_page, link)
    assert "Rückruf: Erika Mustermann" in await tw_page.content()
