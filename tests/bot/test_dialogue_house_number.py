"""A street said without its house number ("in der Lindenstraße", AT "in der Schulgasse", CH "a de
Sunnegass") gets one short question, "Und welche Hausnummer?" — in an emergency too, since the
technician has to find the house — and the number said joins the street. And an answer to an address
question never sets the caller's name ("am Rosengarten zwölf" is no Herr Rosengarten). Sentences of
our own."""

from __future__ import annotations

from datetime import datetime

from tests.bot.dialogue_calls import (
    BERLIN,
    CALLER_AT,
    CALLER_CH,
    CALLER_DE,
    TUESDAY_MORNING,
    TUESDAY_MORNING_CH,
    VIENNA,
    Call,
)

HOUSE_NUMBER = "Und welche Hausnummer?"
NIGHT = datetime(2027, 2, 3, 22, 40, tzinfo=BERLIN)
NIGHT_AT = datetime(2027, 2, 3, 23, 10, tzinfo=VIENNA)


async def _fault_call(business, clock, caller, reason, street):
    call = Call(business, clock)
    await call.start(caller)
    await call.say(reason)
    asked = await call.answer_until(
        HOUSE_NUMBER,
        {
            "Namen": "Jürgen Habermann",
            "Straße": street,
            "Strasse": street,
            "Gerät": "weiß ich nicht",
            "Code": "nein",
        },
    )
    return call, asked


async def test_a_street_without_its_number_gets_one_short_question(mueller):
    call, asked = await _fault_call(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "Unsere Gastherme zeigt F28 an und die Heizung bleibt kalt",
        "wir wohnen in der lindenstraße",
    )
    assert asked.text == HOUSE_NUMBER
    after = await call.say("ach so, die siebzehn")
    assert call.slot("street")["value"] == "Lindenstraße 17"
    assert "Postleitzahl" in after.text


async def test_a_number_with_a_letter_joins_the_street(mueller):
    call, _ = await _fault_call(
        mueller, TUESDAY_MORNING, CALLER_DE, "Die Heizung geht nicht mehr, die Therme ist aus", "das ist in der mühlenstraße"
    )
    await call.say("ja die hausnummer ist einundzwanzig b")
    assert call.slot("street")["value"] == "Mühlenstraße 21b"


async def test_the_whole_street_said_again_with_its_number_replaces_it(mueller):
    call, _ = await _fault_call(
        mueller, TUESDAY_MORNING, CALLER_DE, "Die Heizung geht nicht mehr, die Therme ist aus", "in der lindenstraße"
    )
    await call.say("lindenstraße neun")
    assert call.slot("street")["value"] == "Lindenstraße 9"


async def test_no_number_known_is_asked_once_and_the_call_goes_on(mueller):
    call, _ = await _fault_call(
        mueller, TUESDAY_MORNING, CALLER_DE, "Die Heizung geht nicht mehr, die Therme ist aus", "gartenweg"
    )
    after = await call.say("weiß ich nicht, das haus hat keine")
    assert call.slot("street")["value"] == "Gartenweg"
    assert HOUSE_NUMBER not in after.text and "Postleitzahl" in after.text
    await call.until_end()
    assert call.heard.count(HOUSE_NUMBER) == 1


async def test_a_street_with_its_number_gets_no_such_question(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER_DE)
    await call.say("Die Heizung geht nicht mehr, die Therme ist aus")
    await call.answer_until("Postleitzahl", {"Namen": "Jürgen Habermann", "Straße": "lindenstraße siebzehn", "Gerät": "nein"})
    assert HOUSE_NUMBER not in call.heard


async def test_swiss_caller_gives_the_number_after_the_lane(meier):
    call, asked = await _fault_call(
        meier,
        TUESDAY_MORNING_CH,
        CALLER_CH,
        "grüezi üsi heizig gaht nümm, de chessel zeigt en fehler",
        "mir wohned a de sunnegass",
    )
    assert asked.text == HOUSE_NUMBER
    await call.say("ah so, d nummere sächzäh")
    assert call.slot("street")["value"].startswith("Sunnegass") and call.slot("street")["value"].endswith(" 16")


async def test_in_an_austrian_emergency_the_house_number_is_asked_before_the_place(huber):
    call = Call(huber, NIGHT_AT)
    await call.start(CALLER_AT)
    await call.say("aus dem Ofen kommt dicker Rauch raus und es stinkt")
    asked = await call.say("in der Schulgasse")
    assert asked.text == HOUSE_NUMBER
    place = await call.say("nummer vier a")
    assert call.slot("street")["value"] == "Schulgasse 4a"
    assert "Ort" in place.text
    check = await call.say("acht sieben vier null zeltweg")
    assert "Schulgasse 4a" in check.text and "Ist das richtig?" in check.text


async def test_a_street_answer_in_an_emergency_names_nobody(mueller):
    call = Call(mueller, NIGHT)
    await call.start("+493044556677")
    await call.say("im keller steht das wasser schon knöcheltief und aus der wand läuft es immer weiter")
    await call.say("am rosengarten zwölf hab ich doch schon gesagt")
    assert call.slot("street")["value"] == "Am Rosengarten 12"
    assert not call.slot("caller_name")
    await call.say("eins null neun eins fünf berlin")
    name = await call.say("ja")
    assert "Name" in name.text
    await call.say("Frank Sommer")
    assert call.slot("caller_name")["value"] == "Frank Sommer"


async def test_why_the_house_number_gets_the_address_reason_and_the_question_again(mueller):
    call, _ = await _fault_call(
        mueller, TUESDAY_MORNING, CALLER_DE, "Die Heizung geht nicht mehr, die Therme ist aus", "gartenweg"
    )
    back = await call.say("wozu brauchen Sie das?")
    assert back.text.endswith(HOUSE_NUMBER) and back.text != HOUSE_NUMBER
    assert "Hausnummer" in back.hints
    await call.say("neun")
    assert call.slot("street")["value"] == "Gartenweg 9"


async def test_a_name_said_to_the_street_question_is_no_street_to_complete(mueller):
    from tests.bot.dialogue_calls import TUESDAY_MORNING, Call

    call = Call(mueller, TUESDAY_MORNING)
    await call.start("anonymous")
    await call.say("Die Heizung ist aus, die Gastherme zeigt F28")
    await call.answer_until(
        "Straße", {"Namen": "Jonas Brenner", "Telefonnummer": "null eins sieben eins, zwei drei vier, fünf sechs sieben acht"}
    )
    await call.say("Katharina Wegener")
    assert "Hausnummer" in call.heard.rsplit("Katharina", 1)[-1] or "Straße" in call.heard.rsplit("Katharina", 1)[-1], call.heard
    assert "Und welche Hausnummer?" not in call.heard.rsplit("Katharina", 1)[-1], call.heard
    assert not call.slot("street"), call.state.slots
