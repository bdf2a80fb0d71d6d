"""A correction that says the old value, judges it wrong and then gives the new one ("die
Postleitzahl is falsch, acht sieben fünf null neun stimmt nicht, das is acht sieben fünf vier
neun, ich hab mich versprochen"): the new value replaces the old one instead of the question
being asked again. And a fault kept from the first sentence is read back without the greeting
in front of it. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2027, 2, 3, 10, 15, tzinfo=BERLIN)
ANSWERS = {
    "Namen": "kreszenz wachter",
    "Straße": "sonthofener straße sechs a",
    "Postleitzahl": "acht sieben fünf null neun",
    "Gerät": "a buderus gasbrennwert",
    "Fehlermeldung": "nix",
    "Code": "nix",
}


async def test_postcode_judged_wrong_then_said_anew(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("ja grüß gott der druck bei unserer heizung fällt dauernd ab")
    await call.answer_until("Stimmt das so?", ANSWERS)
    again = await call.say(
        "na die postleitzahl is falsch acht sieben fünf null neun stimmt nicht das is acht sieben fünf vier neun ich hab mich versprochen"
    )
    assert call.slot("postcode")["value"] == "87549"
    assert "Stimmt das so?" in again.text and "Postleitzahl?" not in again.text


async def test_fault_from_the_first_sentence_is_read_back_without_greeting(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("ja grüß gott der druck bei unserer heizung fällt dauernd ab")
    readback = await call.answer_until("Stimmt das so?", ANSWERS)
    assert "grüß gott" not in readback.text.lower()
    assert "druck bei unserer heizung fällt dauernd ab" in readback.text
