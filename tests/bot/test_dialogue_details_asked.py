"""Calls played through the dialogue: details a technician needs that the caller would give if
asked (which device of the maker named, the maker in an emergency or a service, another number
for a callback) and corrections that must reach the activity (a day corrected keeps its week and
the hour said last, a house number or the end of the number corrected at the read-back)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
TUESDAY_AFTERNOON = datetime(2026, 12, 8, 14, 20, tzinfo=BERLIN)  # open; Wednesday 16 December is next week
WEDNESDAY_MORNING_AT = datetime(2026, 12, 9, 9, 0, tzinfo=VIENNA)
MONDAY_MORNING_CH = datetime(2027, 1, 11, 9, 0, tzinfo=ZURICH)
FRIDAY_EVENING = datetime(2027, 1, 15, 18, 20, tzinfo=BERLIN)  # closed


ADDRESS_DE = {"Namen": "hakan yilmaz", "Straße": "weserstraße achtzig", "Postleitzahl": "eins zwei null vier fünf"}


async def test_a_maker_alone_is_followed_by_which_of_its_devices(mueller):
    """'die Buderus zeigt was an': the technician needs which device; the model spelt out
    ('g b eins sieben zwei') is written as on the type plate."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+4917655512398")
    await call.say("hallo die heizung ist kalt und die buderus zeigt was an")
    question = await call.answer_until("Gerät", ADDRESS_DE)
    assert "Welches Gerät von Buderus" in question.text
    readback = await call.say("buderus logamax plus g b eins sieben zwei, die zeigt sechs a")
    assert "Buderus Logamax GB172" in readback.text
    assert call.slot("device")["value"] == "Buderus Logamax GB172"


async def test_a_device_with_its_maker_is_not_asked_again(mueller):
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+4917655512398")
    await call.say("unsere vaillant ecotec zeigt f achtundzwanzig und die heizung ist kalt")
    readback = await call.answer_until("Stimmt das so?", ADDRESS_DE)
    assert "Gerät" not in call.heard.split("Stimmt das so?")[0].split("Wie kann ich Ihnen helfen?")[-1]
    assert "Vaillant ecoTEC" in readback.text


async def test_the_maker_is_asked_last_after_water_runs_out_of_a_device(mueller):
    """Water from the Therme: once help is on its way, which maker (the technician on call
    brings the parts). Asked after the name, the safety advice stays first."""
    call = Call(mueller, FRIDAY_EVENING)
    await call.start("anonymous")
    await call.say("meine therme zischt ganz laut und unten spritzt heißes wasser raus")
    answers = {
        "Telefonnummer": "null eins sechs drei zwo acht acht sieben sieben eins null fünf",
        "Wohin": "prinzenallee vierundfünfzig",
        "welchem Ort": "eins drei drei fünf neun, berlin",
        "Name": "yusuf demir",
    }
    question = await call.answer_until("Hersteller", answers)
    assert "Hauptwasserhahn" in call.heard.split("Telefonnummer")[0]
    assert call.slot("caller_name")["value"] == "Yusuf Demir"
    end = await call.say("vaillant ecotec")
    assert "Auf Wiederhören" in end.text
    assert "Vaillant" in call.slot("device")["value"]
    assert question.text.startswith("Zum Schluss noch")


@pytest.mark.parametrize(
    "reason",
    ["es riecht im keller stark nach gas bei der therme", "aus dem heizungskeller kommt rauch, der brenner qualmt"],
)
async def test_no_maker_question_when_the_caller_has_to_get_out(mueller, reason):
    call = Call(mueller, FRIDAY_EVENING)
    await call.start("anonymous")
    await call.say(reason)
    answers = {
        "Telefonnummer": "null eins sechs drei zwo acht acht sieben sieben eins null fünf",
        "Wohin": "prinzenallee vierundfünfzig",
        "welchem Ort": "eins drei drei fünf neun, berlin",
        "Name": "yusuf demir",
    }
    await call.answer_until("Auf Wiederhören", answers)
    assert "Hersteller" not in call.heard


async def test_a_service_asks_which_device_once_the_rest_is_known(meier):
    """A Service-Termin whose task asks only name and time: the device and its maker too, last."""
    call = Call(meier, MONDAY_MORNING_CH)
    await call.start("+41793301122")
    await call.say("grüezi ich sött de service für üsi heizig abmache, de letscht isch drü jahr här")
    question = await call.answer_until("Gerät", {"Namen": "sabrina koller", "passt": "nächste woche am nachmittag"})
    assert "Hersteller" in question.text
    assert call.slot("preferred_time").get("value")  # asked after the task's own questions
    await call.say("en gaskessel vo viessmann")
    assert "Viessmann" in call.slot("device")["value"]


async def test_a_day_corrected_keeps_its_week_and_the_hour_said_last(mueller):
    """'nächste woche dienstag, nein mittwoch, dienstag hab ich spätdienst, also mittwoch ab
    zehn': Wednesday of next week from ten (was Wednesday of this week, without the hour)."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("anonymous")
    await call.say("ja hallo ich muss den wartungstermin verschieben, der ist am freitag und da kann ich nicht")
    answers = {
        "Namen": "gökhan aydin",
        "Telefonnummer": "null eins fünf neun null sieben sieben acht acht eins zwei drei",
        "Gerät": "buderus gastherme",
    }
    await call.answer_until("passen", answers)
    await call.say("geht nächste woche dienstag, nein mittwoch, dienstag hab ich spätdienst, also mittwoch ab zehn")
    # a maintenance visit: an unknown caller is asked where
    readback = await call.answer_until("Stimmt das so?", {"Straße": "hauptstraße fünf", "Postleitzahl": "10115"})
    assert "10 Uhr" in readback.text and "Dienstag" not in readback.text
    assert call.slot("preferred_time")["normalized"].startswith("2026-12-16T10:00")


async def test_a_house_number_corrected_at_the_read_back_replaces_only_the_number(huber):
    call = Call(huber, WEDNESDAY_MORNING_AT)
    await call.start("anonymous")
    await call.say("grüß gott, wann kommt heuer der rauchfangkehrer zu uns, wir haben noch keinen termin kriegt")
    answers = {
        "Namen": "alois kogler",
        "anläuten": "null drei eins sechs, zweiundvierzig, fünfundfünfzig, null drei",
        "Straße": "kirchweg zwanzig",
        "Postleitzahl": "acht eins eins zwei",
        "passt": "im jänner vormittags",
    }
    await call.answer_until("Stimmt das so?", answers)
    again = await call.say("na, die hausnummer is zwölf, ned zwanzig")
    assert "Kirchweg 12" in again.text
    assert call.slot("street")["value"] == "Kirchweg 12"


async def test_the_end_of_the_number_corrected_at_the_read_back(meier):
    """'nei, am schluss isch es null sächs, nöd null sibe': the last digits of the number read
    back change (was asked for the whole number again, and the old one stayed)."""
    call = Call(meier, MONDAY_MORNING_CH)
    await call.start("anonymous")
    await call.say("hallo, d heizig im büro isch chalt, e viessmann vitodens zeigt f zwöi füüf")
    answers = {
        "Namen": "pascal egli",
        "Telefonnummer": "null sibe nüün, vier vier vier, zwöi eis, null sibe",
        "Strasse": "zürcherstrasse hundertfünfzig",
        "Postleitzahl": "acht vier null sechs",
    }
    await call.answer_until("Stimmt das so?", answers)
    again = await call.say("nei, am schluss isch es null sächs, nöd null sibe")
    assert "Stimmt das so?" in again.text
    assert call.slot("callback_number")["normalized"] == "+41794442106"


async def test_a_callback_wish_from_a_landline_asks_whether_the_number_shown_reaches_the_caller(mueller):
    """A callback from a landline: asked whether the number the phone showed reaches them, 'nein,
    lieber mobil: …' is the number the colleague calls, read back; the landline stays a further
    number in the notes."""
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+493026604418")
    await call.say("hallo ich wollte den herrn wagner sprechen, er soll mich bitte zurückrufen, heute nach halb fünf")
    asked = await call.answer_until("von der Sie gerade anrufen", {"Namen": "claudia heinemann"})
    assert asked.text == "Können wir Sie unter der Nummer zurückrufen, von der Sie gerade anrufen?"
    readback = await call.say(
        "nein, nicht die festnetznummer, lieber mobil: null eins fünf eins, sieben sieben, sechs sechs, fünf fünf, vier zwo"
    )
    assert "Stimmt das so?" in readback.text
    assert "Rückrufnummer: null eins fünf eins" in readback.text
    assert call.slot("callback_number")["normalized"] == "+4915177665542"
    assert any(note.startswith("Weitere Nummer: 030") for note in call.state.notes), call.state.notes


async def test_a_number_shown_is_not_read_back_for_other_tasks(mueller):
    call = Call(mueller, TUESDAY_AFTERNOON)
    await call.start("+4917655512398")
    await call.say("unsere vaillant ecotec zeigt f achtundzwanzig und die heizung ist kalt")
    readback = await call.answer_until("Stimmt das so?", ADDRESS_DE)
    assert "Rückrufnummer" not in readback.text
