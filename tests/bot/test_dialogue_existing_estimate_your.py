"""A question about "eurer Offerte" (CH "eui/euri Offerte") is about an estimate the caller
already has: its number is asked. A wish for a new estimate is not asked for a number.
Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call

ZURICH = ZoneInfo("Europe/Zurich")
WEDNESDAY = datetime(2027, 6, 30, 15, 40, tzinfo=ZURICH)


@pytest.mark.parametrize(
    "reason",
    ["grüezi, ich han e frag zu eurer offerte für d badwanne", "grüezi, es gaht um eui offerte vom februar"],
)
async def test_your_estimate_asks_its_number(meier, reason):
    call = Call(meier, WEDNESDAY)
    await call.start("+41523334455")
    await call.say(reason)
    asked = await call.say("frau keller")
    assert "nummer" in asked.text.lower()


async def test_new_estimate_asks_no_number(meier):
    call = Call(meier, WEDNESDAY)
    await call.start("+41523334455")
    await call.say("grüezi, ich hätt gern e offerte für e neui dusche")
    await call.until_end()
    assert "Offertnummer" not in call.heard and "Angebotsnummer" not in call.heard
