"""A new subject named inside an answer: the answer to the question asked stays with the new task,
and "warten Sie mal" while the caller looks something up is no new subject. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
THURSDAY = datetime(2027, 2, 4, 9, 30, tzinfo=BERLIN)
FAULT = "guten tag bei uns ist die heizung kalt und die therme zeigt einen fehler an"


async def test_hesitating_while_looking_up_the_postcode_keeps_task_and_postcode(mueller):
    call = Call(mueller, THURSDAY)
    await call.start("+4917655598765")
    await call.say(FAULT)
    task = call.state.task_id
    await call.answer_until("Postleitzahl", {"Namen": "otto brandt", "Straße": "gartenweg sieben"})
    await call.say("warten sie mal die hab ich hier auf dem zettel eins vier eins eins zwei")
    assert call.state.task_id == task
    assert call.slot("postcode")["value"] == "14112"
    assert "Thema" not in call.decisions[-1].text


async def test_postcode_said_with_a_new_subject_is_kept(mueller):
    call = Call(mueller, THURSDAY)
    await call.start("+4917655598765")
    await call.say(FAULT)
    await call.answer_until("Postleitzahl", {"Namen": "otto brandt", "Straße": "gartenweg sieben"})
    await call.say("eins vier eins eins zwei, aber eigentlich geht es mir um die rechnung vom letzten monat")
    assert call.state.task_id == "rechnung"
    assert call.slot("postcode")["value"] == "14112"
