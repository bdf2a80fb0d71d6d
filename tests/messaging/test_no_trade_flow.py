"""Issue 6, acceptance 4: a business WITHOUT a trade software gets the whole flow — a simulated
phone call, an activity in zentrale's own inbox, the SMS and e-mail to the assignee with the
link, the assignee logs in and marks it done."""

from __future__ import annotations

import re

from sqlalchemy import select

from zentrale.callsim import CallSimulator
from zentrale.runtime import CLOCK
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.models import Activity
from zentrale.store.secrets import generate_key
from zentrale.web import auth, inbox
from zentrale.webhooks import voice

from .conftest import AUTH_TOKEN, KM_MOBILE, PUBLIC_URL, SMS_FROM

PASSWORD = "Heizung-2027!"


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    assert match, page
    return match.group(1)


async def test_a_call_becomes_a_notified_activity_that_the_assignee_completes_in_the_inbox(setup, aiohttp_client, tmp_path):
    assert setup.config.integrations.trade_system is None
    settings = Settings(var_dir=tmp_path, secret_key=generate_key(), twilio_auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
    app = create_app(settings, setup.installation, database=setup.db, extensions=(voice.install, inbox.install))
    app[CLOCK] = setup.clock
    client = await aiohttp_client(app)

    # 1. The call, played like Twilio plays it (signed webhooks, TwiML, status callback).
    async with CallSimulator(str(client.make_url("")).rstrip("/"), AUTH_TOKEN, public_url=PUBLIC_URL) as caller:
        result = await caller.call(
            "+491605550177",
            SMS_FROM,
            # An unknown caller with a fault is also asked where (issue 11): street, then postcode and city.
            [
                "Guten Tag, unsere Heizung ist ausgefallen.",
                "Eine Gastherme, einen Code sehe ich nicht.",  # which device, and a code? (issue 11)
                "Petra Schmidt",
                "Gartenstraße 4",
                "10115 Berlin",
                "Ja, genau.",
            ],
        )
    assert result.error is None and result.ended_by == "hangup", result.transcript()
    assert result.status_callback_status == 204
    async with setup.db.read() as session:
        [activity] = list(await session.scalars(select(Activity)))
    assert activity.type == "Störung" and activity.assignee == "km"
    details = activity.text.split("Gesprächsverlauf:")[0]
    assert "Gartenstraße 4" in details and "10115" in details  # the address reaches the technician
    assert activity.delivery_status == "local"  # no trade software: it lives in zentrale's inbox

    # 2. The worker tells the assignee (the task says: km by SMS and e-mail).
    await setup.run()
    link = f"{PUBLIC_URL}/inbox/activities/{activity.id}"
    [sms] = [m for m in setup.twilio.messages if m["To"] == KM_MOBILE]
    assert sms["Body"].startswith("Störung") and link in sms["Body"]
    [(_, recipients, mail)] = setup.mailbox.received
    assert recipients == ["km@heizung-test.de"] and mail["Subject"].startswith("Störung")
    assert link in mail.get_body(("plain",)).get_content()

    # 3. The assignee follows the invitation, sets a password, opens the link and marks it done.
    # (Same store; the test client speaks plain http, which Secure cookies of the https server
    # would not survive, so the inbox is reached through an http public URL here.)
    inbox_settings = Settings(var_dir=tmp_path, secret_key=settings.secret_key, public_url="http://127.0.0.1")
    inbox_app = create_app(inbox_settings, setup.installation, database=setup.db, extensions=(inbox.install,))
    inbox_app[CLOCK] = setup.clock
    client = await aiohttp_client(inbox_app)
    token = await auth.invite(setup.db, setup.config, "km", now=setup.clock())
    async with client.get(f"/inbox/invite/{token}") as response:
        page = await response.text()
    response = await client.post(
        f"/inbox/invite/{token}", data={"csrf": csrf_of(page), "passwort": PASSWORD, "passwort2": PASSWORD}, allow_redirects=False
    )
    assert response.status == 303
    path = f"/inbox/activities/{activity.id}"
    async with client.get(path) as response:
        assert response.status == 200
        page = await response.text()
    assert "Störung" in page and "Petra Schmidt" in page
    response = await client.post(f"{path}/done", data={"erledigt": "1", "csrf": csrf_of(page)}, allow_redirects=False)
    assert response.status == 303
    async with setup.db.read() as session:
        done = await session.get(Activity, activity.id)
    assert done.status == "done" and done.done_by == "km"
