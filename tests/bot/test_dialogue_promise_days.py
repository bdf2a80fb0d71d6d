"""The promise at the end of a call names the day nobody calls before when the office stays closed
until after tomorrow (a holiday, the weekend), and the day by which somebody will — the follow-up's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

VIENNA = ZoneInfo("Europe/Vienna")


async def _befund_call(huber, clock: datetime) -> str:
    call = Call(huber, clock=clock)
    await call.start("anonymous", [])
    await call.say("Ich bräuchte einen Befund für die Versicherung")
    await call.say("Huber Sepp")
    await call.say("null sechs sechs vier fünf fünf fünf null zwei null eins")
    await call.say("Hauptplatz 3")
    await call.say("für den Verkauf")
    return (await call.say("ja")).text


async def test_the_evening_before_a_holiday_names_the_first_working_day_and_the_follow_up(huber):
    # Tuesday 5 January 2027, 17:20: Epiphany (Wednesday) is a holiday in Austria; follow-up 2 working days.
    end = await _befund_call(huber, datetime(2027, 1, 5, 17, 20, tzinfo=VIENNA))
    assert "ab Donnerstag, spätestens am Freitag," in end


async def test_a_saturday_call_names_monday_and_the_follow_up(huber):
    end = await _befund_call(huber, datetime(2026, 12, 12, 18, 0, tzinfo=VIENNA))
    assert "ab Montag, spätestens am Dienstag," in end


async def test_an_office_open_tomorrow_says_so(huber):
    end = await _befund_call(huber, datetime(2025, 3, 4, 20, 0, tzinfo=VIENNA))  # a Tuesday evening
    assert "ab morgen, spätestens am Freitag," in end
