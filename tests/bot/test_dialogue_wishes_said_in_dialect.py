"""Details of a wish said in dialect: CH "i hett gern d Frau Frei gsproche" is a wish to speak
to that person (kept as the person wanted), "mäntig gaht nöd, nur zischtig am morge" to the time
question is no fault of a device, and "am morge" is the morning in the summary's wished time.
Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from zentrale.bot.summary import when_text

ZURICH = ZoneInfo("Europe/Zurich")
TUESDAY = datetime(2027, 1, 19, 9, 30, tzinfo=ZURICH)


async def test_swiss_wish_to_speak_to_someone_names_the_person(meier):
    call = Call(meier, TUESDAY)
    await call.start("+41774443322")
    await call.say("grüezi ich hett gern de herr meier gsproche er weiss worum es gaht")
    assert call.slot("person")["value"]


async def test_a_day_that_does_not_suit_is_no_fault(meier):
    call = Call(meier, TUESDAY)
    await call.start("+41786549012")
    await call.say("de monteur chunnt am friitig zum service aber do bin ich nöd dehei chönt mer das verschiebe")
    await call.answer_until("stattdessen", {"Namen": "hanspeter zollinger"})
    await call.say("am mäntig oder zischtig am morge nei halt mäntig gaht nöd nur zischtig am morge")
    assert not call.slot("fault")
    assert call.slot("preferred_time")


def test_morning_said_in_swiss_is_named_in_the_wished_time():
    text = when_text("zischtig am morge", "2027-01-26T07:00:00+01:00/2027-01-26T10:00:00+01:00", "Europe/Zurich")
    assert text == "Dienstag, 26. Januar, morgens (7–10 Uhr)"
    tomorrow = when_text("morgen", "2027-01-20T08:00:00+01:00/2027-01-20T17:00:00+01:00", "Europe/Zurich")
    assert "morgens" not in tomorrow
