"""An emergency the engine hears without a kind of danger the rules name ("Notfall, schicken Sie sofort
jemanden") is as short as every emergency call: the general safety sentence, the forward, and when
nobody answers only what is needed to send help (number, where, the address read back once, whom to
find), no full read-back, the goodbye with the advice once more. A kind of danger named later gets
its own advice. Sentences of our own."""

from __future__ import annotations

from datetime import datetime

from tests.bot.dialogue_calls import BERLIN, VIENNA, ZURICH, Call

NIGHT = datetime(2027, 2, 3, 22, 40, tzinfo=BERLIN)
NIGHT_AT = datetime(2027, 2, 3, 23, 10, tzinfo=VIENNA)
NIGHT_CH = datetime(2027, 2, 3, 23, 10, tzinfo=ZURICH)
GENERAL = "Falls jemand in Gefahr ist"


async def test_no_kind_of_danger_still_gets_the_short_emergency_call(mueller):
    call = Call(mueller, NIGHT)
    await call.start("anonymous")
    first = await call.say("Das ist ein Notfall, bitte schicken Sie sofort jemanden")
    assert "Notdienst" in first.text and "Telefonnummer" in first.text
    assert GENERAL in call.heard
    where = await call.say("null drei null, zwei vier sechs acht, eins drei fünf sieben")
    assert "Wohin soll unser Notdienst kommen?" in where.text
    await call.say("Gartenweg sieben")
    check = await call.say("eins null neun eins fünf berlin")
    assert "Ich wiederhole die Adresse: Gartenweg 7" in check.text
    name = await call.say("ja")
    assert "Name" in name.text
    end = await call.say("Harald Brückner")
    assert end.kind == "end"
    assert "Stimmt das so?" not in call.heard
    assert GENERAL in end.text and "so schnell wie möglich" in end.text
    assert call.state.task_id == "notfall" and call.state.urgent
    assert call.slot("caller_name")["value"] == "Harald Brückner"


async def test_a_danger_named_after_the_general_sentence_gets_its_own_advice(huber):
    call = Call(huber, NIGHT_AT)
    await call.start("+436641234567")
    await call.say("Bitte schnell, das ist ein Notfall, kommen Sie sofort")
    assert call.state.hazard == "general"
    await call.say("Hauptplatz drei")
    advice = await call.say("acht sieben vier null zeltweg, und jetzt brennt es im Heizraum")
    assert "Bei Rauch oder Feuer gilt" in advice.text and "122" in advice.text
    assert call.state.hazard == "smoke"
    end = await call.until_end("ja")
    assert "Bitte bleiben Sie draußen" in end.text
    assert call.slot("street")["value"] == "Hauptplatz 3" and call.slot("postcode")["value"] == "8740"


async def test_swiss_general_emergency_ends_with_the_advice_and_no_full_readback(meier):
    call = Call(meier, NIGHT_CH)
    await call.start("+41791112233")
    await call.say("grüezi, es isch en Notfall, chönd Sie bitte sofort öpper schicke")
    end = await call.until_end("weiss ich nöd")
    assert end.kind == "end"
    assert "Stimmt das so?" not in call.heard
    assert GENERAL in end.text


async def test_a_surname_said_unasked_with_its_topic_is_kept_and_not_asked_again(mueller):
    call = Call(mueller, NIGHT)
    await call.start("+491715550123")
    await call.say("im Keller läuft das Wasser aus der Wand und es hört nicht auf")
    await call.say("Lindenweg vier")
    await call.say("eins null neun eins fünf. ach und der nachname vorhin, das ist Kowalski mit k, nicht Kovalski")
    assert "Kowalski" in call.slot("caller_name")["value"]
    end = await call.until_end("ja")
    assert "Ihr Name" not in call.heard
    assert end.kind == "end"
