"""Moving and cancelling an appointment: the day the caller has is the one said before the new
one, also in Swiss German ("am Fritig … uf nächscht Wuche Mäntig"), and "keinen neuen Termin,
absagen bitte" to the question when instead is no wished time. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from zentrale.bot.dialogue import EARLIER_APPOINTMENT

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 2, 8, 9, 0, tzinfo=BERLIN)


async def test_cancelling_instead_of_a_new_time_stores_no_wish(mueller):
    call = Call(mueller, MONDAY)
    await call.start("+4917655511122")
    await call.say("guten tag wir haben am donnerstag den wartungstermin bei ihnen und den müssen wir leider verschieben")
    await call.answer_until("stattdessen", {"Namen": "karin vogt"})
    await call.say("nein doch keinen neuen termin, bitte ganz absagen")
    assert call.slot("preferred_time") == {}
    assert "donnerstag" in call.slot(EARLIER_APPOINTMENT)["value"].lower()
    assert "Anmerkung" not in call.decisions[-1].text


async def test_swiss_move_keeps_old_day_and_takes_new_one(meier):
    call = Call(meier, datetime(2027, 2, 8, 9, 0, tzinfo=ZoneInfo("Europe/Zurich")))
    await call.start("+41445551234")
    await call.say("grüezi mir händ am fritig de service für d heizig chönd mir dä uf nächscht wuche mäntig verschiebe")
    assert "fritig" in call.slot(EARLIER_APPOINTMENT)["value"].lower()
    assert "mäntig" in call.slot("preferred_time")["value"].lower()
