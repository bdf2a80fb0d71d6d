"""Calls played through the dialogue: a caller not on file calling from a landline is asked once,
last before the read-back, whether we can call back on it. Callers often have a better number
(the wife's mobile, the office, the mobile for the stable) that they only give when asked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from zentrale.bot.dialogue import CallerCandidate

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
TUESDAY_AFTERNOON = datetime(2027, 1, 12, 14, 0, tzinfo=BERLIN)
TUESDAY_AFTERNOON_AT = datetime(2027, 1, 12, 14, 0, tzinfo=VIENNA)
LANDLINE = "+493026604418"
QUESTION = "Können wir Sie unter der Nummer zurückrufen, von der Sie gerade anrufen?"
FAULT_ANSWERS = {
    "Namen": "werner pieper",
    "Straße": "an der jeetze drei",
    "Postleitzahl": "zwei neun vier eins null",
    "Gerät": "eine wolf therme, die zeigt nichts an",
    "Code": "nein",
}


async def _asked(business, clock: datetime, caller: str, reason: str, answers: dict[str, str]) -> Call:
    call = Call(business, clock, back_on_forward=False)
    await call.start(caller)
    await call.say(reason)
    await call.answer_until("von der Sie gerade anrufen", answers)
    return call


async def test_the_number_shown_is_asked_once_last_before_the_read_back(mueller):
    call = await _asked(
        mueller, TUESDAY_AFTERNOON, LANDLINE, "die heizung ist kalt und die heizkörper bleiben lauwarm", FAULT_ANSWERS
    )
    assert call.decisions[-1].text == QUESTION
    readback = await call.say("ja")
    assert "Stimmt das so?" in readback.text and "Rückrufnummer" not in readback.text
    assert call.slot("callback_number")["normalized"] == LANDLINE
    assert call.heard.count("von der Sie gerade anrufen") == 1
    assert not any(note.startswith("Weitere Nummer") for note in call.state.notes)


async def test_an_alternative_said_after_keeping_the_shown_number_goes_to_the_notes(mueller):
    call = await _asked(
        mueller, TUESDAY_AFTERNOON, LANDLINE, "die heizung ist kalt und die heizkörper bleiben lauwarm", FAULT_ANSWERS
    )
    await call.say(
        "hier auf dem festnetz, und wenn ich nicht rangeh meine frau auf dem handy null eins sechs null vier vier sieben eins zwei neun drei null"
    )
    assert call.slot("callback_number")["normalized"] == LANDLINE
    assert any(note.startswith("Weitere Nummer: 0160") for note in call.state.notes), call.state.notes


async def test_a_better_number_becomes_the_callback_number_and_is_read_back(mueller):
    call = await _asked(
        mueller, TUESDAY_AFTERNOON, LANDLINE, "die heizung ist kalt und die heizkörper bleiben lauwarm", FAULT_ANSWERS
    )
    readback = await call.say(
        "nein, am besten erreichen sie mich im geschäft unter null sieben neun vier eins fünf fünf drei zwo null"
    )
    assert call.slot("callback_number")["normalized"] == "+49794155320"
    assert "Rückrufnummer: null sieben neun vier eins" in readback.text, readback.text
    assert any(note.startswith("Weitere Nummer: 030") for note in call.state.notes), call.state.notes


async def test_a_bare_no_gets_the_number_question_once(mueller):
    call = await _asked(
        mueller, TUESDAY_AFTERNOON, LANDLINE, "die heizung ist kalt und die heizkörper bleiben lauwarm", FAULT_ANSWERS
    )
    question = await call.say("nein, lieber nicht")
    assert question.text == "Unter welcher Telefonnummer können wir Sie zurückrufen?"
    readback = await call.say("null eins sieben sechs vier vier zwei eins neun null acht acht")
    assert call.slot("callback_number")["normalized"] == "+4917644219088"
    assert "Stimmt das so?" in readback.text


async def test_not_knowing_or_a_postcode_keeps_the_number_shown(mueller):
    for answer in ("das weiß ich nicht", "zwei neun vier eins null", "na die nummer mit der ick anrufe", "keine ahnung"):
        call = await _asked(
            mueller, TUESDAY_AFTERNOON, LANDLINE, "die heizung ist kalt und die heizkörper bleiben lauwarm", FAULT_ANSWERS
        )
        readback = await call.say(answer)
        assert "Stimmt das so?" in readback.text, (answer, readback.text)
        assert call.slot("callback_number")["normalized"] == LANDLINE


async def test_not_asked_when_the_caller_said_this_number_already_or_is_on_file(mueller):
    said = Call(mueller, TUESDAY_AFTERNOON, back_on_forward=False)
    await said.start(LANDLINE)
    await said.say("die heizung ist kalt, rufen sie mich bitte unter dieser nummer zurück")
    await said.answer_until("Stimmt das so?", FAULT_ANSWERS)
    assert "von der Sie gerade anrufen" not in said.heard

    known = Call(mueller, TUESDAY_AFTERNOON, back_on_forward=False)
    await known.start("+491715550199", [CallerCandidate("MUS01", "Mustermann, Max", "Herr")])
    await known.say("die heizung ist kalt und die heizkörper bleiben lauwarm")
    await known.answer_until("Stimmt das so?", FAULT_ANSWERS)
    assert "von der Sie gerade anrufen" not in known.heard


async def test_not_asked_from_a_mobile(mueller):
    call = Call(mueller, TUESDAY_AFTERNOON, back_on_forward=False)
    await call.start("+4917655512398")
    await call.say("die heizung ist kalt und die heizkörper bleiben lauwarm")
    await call.answer_until("Stimmt das so?", FAULT_ANSWERS)
    assert "von der Sie gerade anrufen" not in call.heard


async def test_not_asked_in_an_emergency(mueller):
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493055512398")
    await call.say("bei uns ist ein rohr geplatzt, das wasser läuft überall raus")
    end = await call.until_end("weiß ich nicht")
    assert end.kind == "end"
    assert "von der Sie gerade anrufen" not in call.heard


async def test_austria_asks_to_anlaeuten(huber):
    call = Call(huber, TUESDAY_AFTERNOON_AT, back_on_forward=False)
    await call.start("+433165550401")  # a Graz landline
    await call.say("ich möcht einen kehrtermin ausmachen")
    asked = await call.answer_until(
        "von der Sie gerade anrufen",
        {
            "Namen": "johann pichler",
            "Straße": "annenstraße zwölf",
            "Postleitzahl": "acht null zwei null",
            "Wann": "nächste woche",
        },
    )
    assert asked.text == "Dürfen wir Sie unter der Nummer anläuten, von der Sie gerade anrufen?"
    await call.say("passt eh")
    assert call.slot("callback_number")["normalized"] == "+433165550401"


async def test_a_second_number_said_in_the_reason_goes_to_the_notes(mueller):
    call = Call(mueller, TUESDAY_AFTERNOON, back_on_forward=False)
    await call.start("anonymous")
    await call.say(
        "guten abend hier ist der rainer bühler, der herr müller soll mich bitte zurückrufen, morgen vormittag im büro "
        "null sieben neun eins neun fünf sechs null null null oder nachmittags auf dem handy "
        "null eins sieben zwei acht vier vier null sechs neun eins fünf"
    )
    assert call.slot("callback_number")["normalized"] == "+49791956000"
    assert any(note.startswith("Weitere Nummer: 0172") for note in call.state.notes), call.state.notes


async def test_not_asked_when_the_number_shown_was_named_in_another_answer(meier):
    call = Call(meier, TUESDAY_AFTERNOON, back_on_forward=False)
    await call.start("+41522127640")  # a Winterthur landline
    await call.say("grüezi ich ha e mahnig übercho aber ich ha die rechnig scho im april zahlt")
    await call.answer_until(
        "Stimmt das so?",
        {
            "Namen": "heidi ramseier",
            "Rechnungsnummer": "r e zwei null zwei acht null zwei sechs sieben, d nummere won ich aalüte",
        },
    )
    assert "von der Sie gerade anrufen" not in call.heard, call.heard


async def test_a_landlord_calling_for_a_tenant_is_asked_and_the_tenants_name_is_not_his(mueller):
    call = Call(mueller, TUESDAY_AFTERNOON, back_on_forward=False)
    await call.start("+491709812773")  # a mobile: asked all the same, the call is about someone else
    await call.say(
        "guten morgen ich bin der vermieter von einem haus in bad nauheim karlstraße fünf, mein mieter der herr kovac "
        "hat mich grad angerufen, die heizkörper werden nur noch lauwarm und die therme zeigt f vier, "
        "das ist eine viessmann vitodens, der mieter heißt kovac"
    )
    asked = await call.answer_until(
        "von der Sie gerade anrufen", {"Namen": "winterhalter bernd", "Postleitzahl": "sechs eins zwei drei eins"}
    )
    assert "Namen" in call.heard, call.heard  # the tenant's name is not the caller's
    assert asked.text == QUESTION
    await call.say(
        "meine nummer ist die mit der ich anrufe aber für den termin rufen sie besser gleich den mieter an "
        "null eins sieben sechs vier vier zwei eins neun null acht acht"
    )
    assert call.slot("callback_number")["normalized"] == "+4917644219088"
    assert "Winterhalter" in call.slot("caller_name")["value"]
