"""Corrections at the read-back that the staff would otherwise get wrong: a house number that
gains its letter ("nein, nicht neun, sondern neun b mit einem b hinten") and an estimate number
said again in full with one digit changed, with or without naming it, also as the answer to "Was
soll ich korrigieren?". Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
WEDNESDAY = datetime(2027, 2, 3, 10, 15, tzinfo=BERLIN)
WEDNESDAY_AT = datetime(2027, 2, 3, 10, 15, tzinfo=VIENNA)


async def test_house_number_gets_its_letter_at_the_readback(huber):
    call = Call(huber, WEDNESDAY_AT)
    await call.start("+436641239876")
    await call.say("grüß gott wir haben einen neuen kachelofen setzen lassen und der muss noch abgenommen werden")
    await call.answer_until(
        "Stimmt das so?",
        {
            "Namen": "gruber anna",
            "Straße": "lindenweg neun",
            "Postleitzahl": "vier null sechs null",
            "Hersteller": "weiß ich nicht",
        },
    )
    await call.say("nein nicht neun sondern neun b mit einem b hinten")
    assert call.slot("street")["value"].replace(" ", "").lower() == "lindenweg9b"


async def test_estimate_number_said_again_replaces_the_old_one(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("guten tag ich habe ein angebot für eine neue therme bekommen und hätte dazu eine frage")
    await call.answer_until(
        "Stimmt das so?", {"Namen": "jana krüger", "Angebotsnummer": "a n zwei null zwei sieben null vier vier eins"}
    )
    assert call.slot("angebotsnummer")["normalized"] == "AN20270441"
    await call.say("nee ganz hinten ist es eine zwei also a n zwei null zwei sieben null vier vier zwei")
    assert call.slot("angebotsnummer")["normalized"] == "AN20270442"


async def test_estimate_number_as_answer_to_what_to_correct(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("guten tag ich habe ein angebot für eine neue therme bekommen und hätte dazu eine frage")
    await call.answer_until(
        "Stimmt das so?", {"Namen": "jana krüger", "Angebotsnummer": "a n zwei null zwei sieben null vier vier eins"}
    )
    asked = await call.say("nein das stimmt nicht")
    assert "korrigieren" in asked.text
    await call.say("a n zwei null zwei sieben null vier vier zwei")
    assert call.slot("angebotsnummer")["normalized"] == "AN20270442"
    assert "Anmerkung" not in call.heard
