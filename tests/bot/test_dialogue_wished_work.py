"""Work wished for, nothing broken ("wir wollen das Bad umbauen lassen mit einer ebenerdigen
Dusche"): what is to be done is asked instead of a fault, and an answer that denies a damage
("kein Schaden, wir wollen nur umbauen") is never stored as the fault; the item wished for is
kept. A fault said with its symptom is still asked and stored as before. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2027, 2, 3, 10, 15, tzinfo=BERLIN)
ADDRESS = {"Namen": "werner schwarz", "Straße": "kaiserstraße zwölf", "Postleitzahl": "sechs sieben sechs fünf fünf"}


async def test_renovation_is_asked_what_to_do_not_what_is_broken(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("wir wollen unser bad umbauen lassen mit einer ebenerdigen dusche, machen sie sowas")
    asked = await call.answer_until("gemacht werden", ADDRESS)
    assert "funktioniert nicht" not in call.heard
    assert asked.text == call.dialogue.texts.question_wish_work
    await call.say("die badewanne soll raus und eine dusche rein")
    assert not call.slot("fault")
    assert "Dusche" in call.slot("device")["value"]
    await call.until_end()
    assert any("Badewanne soll raus" in note or "badewanne soll raus" in note for note in call.state.notes)


async def test_no_damage_answer_to_the_fault_question_is_no_fault(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("ich hätte gern was am waschbecken gemacht")
    asked = await call.answer_until("funktioniert nicht", ADDRESS)
    assert "Stimmt das so?" not in asked.text
    readback = await call.say("nee kein schaden wir wollen nur ein neues waschbecken")
    assert not call.slot("fault")
    assert "kein schaden" not in readback.text.lower()


async def test_fault_with_symptom_is_still_asked_and_stored(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("beim waschbecken ist was, können sie vorbeikommen")
    await call.answer_until("funktioniert nicht", ADDRESS)
    await call.say("der abfluss ist verstopft, kein schaden am becken selbst")
    assert "verstopft" in call.slot("fault")["value"]
