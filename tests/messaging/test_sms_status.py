"""``POST /twilio/sms-status``: Twilio's signed status callbacks move a notification forward
(never back), a forged one is refused with 403 and changes nothing, and an undelivered staff SMS
falls back to e-mail. Both databases, through the real app."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store import outbox
from zentrale.store.models import Notification
from zentrale.store.secrets import generate_key
from zentrale.webhooks import sms
from zentrale.webhooks.security import SIGNATURE_HEADER, twilio_signature

from .conftest import ACCOUNT_SID, AUTH_TOKEN, KM_MOBILE, PUBLIC_URL, SMS_FROM, Setup

PATH = "/twilio/sms-status"


@pytest.fixture
async def client(setup: Setup, tmp_path: Path, aiohttp_client: Any) -> Any:
    settings = Settings(var_dir=tmp_path, secret_key=generate_key(), twilio_auth_token=AUTH_TOKEN, public_url=PUBLIC_URL)
    app = create_app(settings, setup.installation, database=setup.db, extensions=(sms.install,))
    return await aiohttp_client(app)


def callback(sid: str, status: str, **extra: str) -> dict[str, str]:
    return {
        "AccountSid": ACCOUNT_SID,
        "ApiVersion": "2010-04-01",
        "From": SMS_FROM,
        "MessageSid": sid,
        "MessageStatus": status,
        "SmsSid": sid,
        "SmsStatus": status,
        "To": KM_MOBILE,
        **extra,
    }


async def post(client: Any, params: dict[str, str], *, token: str = AUTH_TOKEN) -> int:
    signature = twilio_signature(token, PUBLIC_URL + PATH, params)
    response = await client.post(PATH, data=params, headers={SIGNATURE_HEADER: signature})
    return int(response.status)


async def sms_row(setup: Setup, sid: str) -> Notification:
    async with setup.db.transaction() as session:
        return (await session.scalars(select(Notification).where(Notification.provider_id == sid))).one()


async def test_signed_callbacks_move_the_status_forward_never_back(setup: Setup, client: Any) -> None:
    await setup.activity("rueckruf")
    await setup.run()
    [sms] = setup.twilio.messages
    sid = sms["sid"]
    assert (await sms_row(setup, sid)).status == "queued"

    assert await post(client, callback(sid, "sent")) == 204
    assert (await sms_row(setup, sid)).status == "sent"
    assert await post(client, callback(sid, "delivered")) == 204
    assert (await sms_row(setup, sid)).status == "delivered"
    assert await post(client, callback(sid, "sent")) == 204  # late, out of order
    row = await sms_row(setup, sid)
    assert row.status == "delivered" and row.error is None


async def test_a_forged_callback_is_refused_and_changes_nothing(setup: Setup, client: Any) -> None:
    await setup.activity("rueckruf")
    await setup.run()
    sid = setup.twilio.messages[0]["sid"]

    assert await post(client, callback(sid, "failed", ErrorCode="30008"), token="not-the-token") == 403
    unsigned = await client.post(PATH, data=callback(sid, "delivered"))
    assert unsigned.status == 403
    assert (await sms_row(setup, sid)).status == "queued"
    async with setup.db.transaction() as session:
        assert await outbox.list_messages(session, setup.config.id, kinds=["notify.email_fallback"]) == []


async def test_an_undelivered_staff_sms_falls_back_to_email(setup: Setup, client: Any) -> None:
    activity_id = await setup.activity("rueckruf")  # km: SMS only
    await setup.run()
    sid = setup.twilio.messages[0]["sid"]
    assert setup.mailbox.received == []

    assert await post(client, callback(sid, "undelivered", ErrorCode="30003")) == 204
    row = await sms_row(setup, sid)
    assert row.status == "undelivered"
    assert row.error == "Das Handy ist nicht erreichbar. (Twilio 30003)"
    await setup.run()
    [mail] = setup.mailbox.to("km@heizung-test.de")
    assert mail["Subject"].startswith("Rückruf: Petra Schmidt")
    assert f"{PUBLIC_URL}/inbox/activities/{activity_id}" in mail.get_body(("plain",)).get_content()
    assert f'href="{PUBLIC_URL}/inbox/activities/{activity_id}"' in mail.get_body(("html",)).get_content()

    # A repeated callback queues no second e-mail.
    assert await post(client, callback(sid, "failed", ErrorCode="30003")) == 204
    await setup.run()
    assert len(setup.mailbox.to("km@heizung-test.de")) == 1


async def test_an_unknown_message_sid_is_acknowledged_without_effect(setup: Setup, client: Any) -> None:
    assert await post(client, callback("SM" + "0" * 32, "delivered")) == 204
    assert await post(client, callback("SM" + "0" * 32, "delivered"), token="forged") == 403
