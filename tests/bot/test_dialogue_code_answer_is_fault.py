"""Asked for a code when no fault is noted yet, an answer that tells what the device does ("s
lämpli lüchtet, er zündet nöd") is the fault, as said — not a stray line in the notes;
"nei, kei Code" is no fault. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

ZURICH = ZoneInfo("Europe/Zurich")
MONDAY = datetime(2027, 2, 8, 9, 0, tzinfo=ZURICH)


async def _at_code_question(business) -> Call:
    call = Call(business, MONDAY)
    await call.start("+41445551234")
    await call.say("grüezi, de viessmann ölbrenner gaht uf störig")
    assert "Code" in call.decisions[-1].text, call.heard
    assert call.slot("fault") == {}
    return call


async def test_symptom_told_to_code_question_is_the_fault(meier):
    call = await _at_code_question(meier)
    await call.say("s rote lämpli lüchtet, er zündet nöd")
    assert "lämpli" in call.slot("fault")["value"]
    assert not any("lämpli" in note for note in call.state.notes)


async def test_no_code_is_no_fault(meier):
    call = await _at_code_question(meier)
    await call.say("nei, kei code")
    assert call.slot("fault") == {}
