"""An answer to the time question that declines a day and names another ("… nein warten Sie, das
geht nicht, da bin ich nicht da, lieber …") is no new reason and no fault: the task stays, the
wish is the day named instead, nothing is noted as an appointment to move. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from zentrale.bot.dialogue import EARLIER_APPOINTMENT

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 2, 8, 9, 0, tzinfo=BERLIN)
ANSWERS = {"Namen": "jonas albrecht", "Gerät": "eine buderus gastherme"}


async def _at_time_question(business) -> Call:
    call = Call(business, MONDAY)
    await call.start("+4917655511122")
    await call.say("hallo, ich hätte gern einen termin für die jährliche wartung der heizung")
    await call.answer_until("Wann", ANSWERS)
    return call


async def test_declined_day_with_wait_marker_keeps_maintenance_task(mueller):
    call = await _at_time_question(mueller)
    task = call.state.task_id
    await call.say("donnerstag früh, nein warten sie, das geht nicht, da bin ich unterwegs, lieber freitag vormittag")
    assert call.state.task_id == task
    assert "Thema" not in call.decisions[-1].text
    assert "freitag" in call.slot("preferred_time")["value"].lower()
    assert call.slot("fault") == {}
    assert call.slot(EARLIER_APPOINTMENT) == {}


async def test_real_new_reason_in_time_answer_still_switches(mueller):
    call = await _at_time_question(mueller)
    task = call.state.task_id
    await call.say("warten sie, eigentlich geht es um etwas anderes, die heizung ist komplett ausgefallen und es ist kalt")
    assert call.state.task_id != task
