"""Calls played through the dialogue while the office is closed: a task whose follow-up lies more
than a week ahead still tells the caller the day nobody calls before ("ab Montag"), while an open
office keeps "so bald wie möglich"."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
SATURDAY_AT = datetime(2026, 12, 12, 9, 20, tzinfo=VIENNA)  # Kanzlei closed until Monday
THURSDAY_EVENING_AT = datetime(2026, 12, 10, 18, 0, tzinfo=VIENNA)  # closed; Friday 7:00 is "morgen"
WEDNESDAY_MORNING_AT = datetime(2026, 12, 9, 8, 30, tzinfo=VIENNA)  # open
SATURDAY_DE = datetime(2027, 1, 16, 10, 0, tzinfo=BERLIN)


async def _heating_change(business, clock: datetime) -> str:
    call = Call(business, clock, back_on_forward=False)
    await call.start("+436645551886")
    await call.say(
        "servus mir wolln von da ölheizung weg auf pellets und i wollt wissen ob unser rauchfang des packt",
        "johann kniely",
        "acht null sechs drei eggersdorf",
        "das weiß ich nicht",
        "ja",
        "ja",
        "ja",
    )
    return call.heard


async def test_saturday_a_follow_up_a_week_ahead_names_monday(huber):
    heard = await _heating_change(huber, SATURDAY_AT)
    assert "Franz Huber ruft Sie ab Montag so bald wie möglich zurück." in heard


async def test_closed_evening_says_from_tomorrow(huber):
    heard = await _heating_change(huber, THURSDAY_EVENING_AT)
    assert "Franz Huber ruft Sie ab morgen so bald wie möglich zurück." in heard


async def test_open_office_keeps_as_soon_as_possible(huber):
    heard = await _heating_change(huber, WEDNESDAY_MORNING_AT)
    assert "Franz Huber ruft Sie so bald wie möglich zurück." in heard
    assert "ab " not in heard.split("Franz Huber ruft Sie")[-1].split("zurück")[0]


async def test_application_on_saturday_names_monday(mueller):
    call = Call(mueller, SATURDAY_DE, back_on_forward=False)
    await call.start("+4915155512345")
    await call.say("Ich wollte fragen, ob Sie noch Azubis zum Anlagenmechaniker suchen", "Jonas Weber", "ja", "ja")
    assert "Klaus Müller ruft Sie ab Montag so bald wie möglich zurück." in call.heard
