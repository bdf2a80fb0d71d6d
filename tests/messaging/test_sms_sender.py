"""The SMS sender against the fake Twilio Messages API, below the outbox."""

from __future__ import annotations

import asyncio

from zentrale.integrations.messaging.settings import TwilioAccount
from zentrale.integrations.messaging.sms import SmsSender

from .conftest import ACCOUNT_SID, AUTH_TOKEN, SMS_FROM, FakeTwilio, Setup


async def test_sms_sent_at_once_each_get_their_own_message_sid(setup: Setup, fake_twilio: FakeTwilio) -> None:
    # Without a shared HTTP session, twilio's own client handed one of two parallel sends
    # ``None`` instead of its response; the worker sends several SMS at once.
    sender = SmsSender(setup.settings, http=None)
    account = TwilioAccount(ACCOUNT_SID, AUTH_TOKEN, SMS_FROM)
    numbers = [f"+4917012345{n:02d}" for n in range(12)]
    sent = await asyncio.gather(*(sender.send(account, to, f"Test {to}", status_callback=None) for to in numbers))

    assert len({sms.sid for sms in sent}) == len(numbers)
    assert {message["sid"]: message["To"] for message in fake_twilio.messages} == {
        sms.sid: to for sms, to in zip(sent, numbers, strict=True)
    }
