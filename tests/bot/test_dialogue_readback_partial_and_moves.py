"""Calls played through the dialogue: a read-back of an address without its street asks for the
street instead of reading a postcode as the address; an appointment cancelled in dialect is the
earlier appointment, and the same day named again to "stattdessen" is no wish; a code asked for on
its own is not asked a second time; a device named in the reason is no caller's name; and a caller
who says another name than the person on file for the number is not that contact."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from zentrale.bot.dialogue import CallerCandidate

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
TUESDAY_MORNING = datetime(2027, 1, 19, 9, 30, tzinfo=BERLIN)
TUESDAY_MORNING_AT = datetime(2027, 1, 19, 9, 30, tzinfo=VIENNA)
TUESDAY_MORNING_CH = datetime(2027, 1, 19, 9, 30, tzinfo=ZURICH)
WEDNESDAY_NIGHT = datetime(2027, 1, 20, 23, 15, tzinfo=BERLIN)
CALLER = "+491715550199"
SCHULTE = CallerCandidate("SCHU01", "Schulte, Brigitte", "Frau")


async def test_a_postcode_without_a_street_is_no_address_and_the_street_is_asked_at_the_read_back(huber):
    call = Call(huber, TUESDAY_MORNING_AT)
    await call.start("+436645550299", [])
    await call.say("Grüß Gott, ich hätte gern eine Abgasmessung für unsere Therme")
    readback = await call.answer_until(
        "Ich habe notiert",
        {
            "Namen": "Gerda Pichler",
            "Straße": "weiß ich grad nicht",
            "Postleitzahl": "achttausendzwanzig",
            "Gerät": "eine Junkers Therme",
            "passt": "am Freitag",
        },
    )
    assert "Adresse: acht" not in readback.text, call.heard
    assert "Postleitzahl: acht null zwei null." in readback.text, call.heard
    assert readback.text.endswith("Mir fehlt noch die Straße mit Hausnummer. Wie lautet sie?"), call.heard
    again = await call.say("Annenstraße zwölf")
    assert call.slot("street").get("value") == "Annenstraße 12", call.heard
    assert "Adresse: Annenstraße 12" in again.text and again.text.endswith("Stimmt das so?"), call.heard


async def test_a_swiss_cancellation_keeps_its_day_as_the_earlier_appointment_and_no_wish(meier):
    call = Call(meier, TUESDAY_MORNING_CH)
    await call.start("+41795550199", [])
    await call.say("Grüezi, ich muess de Servicetermin am Donnschtig absäge")
    assert call.slot("bisheriger_termin").get("value"), call.heard
    assert not call.slot("preferred_time"), call.heard
    readback = await call.answer_until("Ich habe notiert", {"Namen": "Ruth Egli", "stattdessen": "am Donnschtig chan i ebe nöd"})
    assert "Wunschtermin" not in readback.text, call.heard
    assert not call.slot("preferred_time"), call.heard


async def test_the_code_asked_for_on_its_own_is_not_asked_a_second_time(meier):
    call = Call(meier, TUESDAY_MORNING_CH)
    await call.start("+41795550199", [])
    code = await call.say("Grüezi, de Viessmann Brenner blinkt rot und d Heizig isch chalt")
    assert code.text == "Wird dabei eine Fehlermeldung oder ein Code angezeigt?", call.heard
    following = await call.say("er blinkt halt rot und gaht nöd aa")
    assert "Fehlercode" not in following.text and "Code" not in following.text, call.heard


async def test_a_device_named_in_the_reason_is_no_name_and_the_name_is_asked(mueller):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER, [])
    question = await call.say("Ich interessiere mich für eine neue Heizung, so Solar und Wärmepumpe zusammen, geht das bei Ihnen")
    assert call.slot("caller_name").get("value") != "Wärmepumpe", call.heard
    assert question.text == "Darf ich bitte Ihren Namen erfahren?", call.heard


async def test_a_caller_who_says_another_name_than_the_person_on_file_is_not_that_contact(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [SCHULTE])
    await call.say("Hier ist Olaf Brandt, bei uns ist ein Rohr geplatzt und das Wasser läuft")
    where = await call.forward_result(False)
    assert "Wohin soll unser Notdienst kommen?" in where.text, call.heard
    assert call.state.contact is None
    assert call.slot("caller_name").get("value") == "Olaf Brandt"
    assert any("Schulte" in note for note in call.state.notes)


async def test_a_caller_who_says_the_surname_on_file_stays_the_contact(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [SCHULTE])
    await call.say("Hier ist Jens Schulte, bei uns ist ein Rohr geplatzt und das Wasser läuft")
    await call.forward_result(False)
    end = await call.say("ja")  # help is needed at the address on file
    assert end.kind == "end", call.heard
    assert call.state.contact is not None and call.state.contact["address_code"] == "SCHU01"
