"""Calls played through the dialogue: in an emergency of a caller on file, where help is needed is
confirmed in one short question (the phone may be someone else's, or the caller somewhere else);
another address said there is asked like a stranger's (place, read-back, name)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call
from zentrale.bot.dialogue import CallerCandidate

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY_NIGHT = datetime(2027, 1, 20, 23, 15, tzinfo=BERLIN)
CALLER = "+491715550199"
SCHULTE = CallerCandidate("SCHU01", "Schulte, Brigitte", "Frau", "Lindenweg 4", "Potsdam")
SCHULTE_NO_STREET = CallerCandidate("SCHU01", "Schulte, Brigitte", "Frau")


async def test_a_known_caller_confirms_the_place_on_file_in_one_short_turn(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [SCHULTE])
    await call.say("Bei uns riecht es im Keller ganz stark nach Gas")
    check = await call.forward_result(False)
    assert check.kind == "ask" and check.text.endswith(
        "Ist das bei Ihnen, an der Adresse Lindenweg 4, Potsdam? Sonst nennen Sie mir bitte Straße, Hausnummer und Ort."
    ), call.heard
    end = await call.say("ja")
    assert end.kind == "end" and "betätigen Sie keine Schalter" in end.text, call.heard
    assert call.state.contact["address_code"] == "SCHU01"
    assert len(call.decisions) - 2 <= 3  # the gas call stays short after the safety text


async def test_a_known_number_with_an_emergency_elsewhere_is_asked_where_and_whom(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [SCHULTE_NO_STREET])
    await call.say("Hilfe, bei uns kommt das Wasser durch die Decke")
    check = await call.forward_result(False)
    assert "an der Adresse, die wir von Ihnen haben?" in check.text, call.heard
    place = await call.say("nein, das ist in der Gartenstraße neun")
    assert place.text == "Und in welchem Ort ist das? Die Postleitzahl genügt auch.", call.heard
    readback = await call.say("eins vier vier sieben zwei")
    assert readback.text.startswith("Ich wiederhole die Adresse: Gartenstraße 9"), call.heard
    name = await call.say("ja")
    assert name.text == "Und wie ist Ihr Name, damit unser Notdienst Sie findet?", call.heard
    end = await call.say("Olaf Brandt")
    assert end.kind == "end", call.heard
    assert call.state.contact is None  # another name than the person on file
    assert call.slot("street")["value"] == "Gartenstraße 9" and call.slot("caller_name")["value"] == "Olaf Brandt"


async def test_the_person_on_file_somewhere_else_stays_the_contact(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [SCHULTE])
    await call.say("Bei meiner Mutter ist ein Rohr geplatzt, das Wasser läuft und läuft")
    await call.forward_result(False)
    await call.say("nein, bei meiner Mutter, Gartenstraße neun in Potsdam")
    await call.until_end("Brigitte Schulte")
    assert call.state.contact is not None and call.state.contact["address_code"] == "SCHU01"
    assert call.slot("street")["value"] == "Gartenstraße 9"
