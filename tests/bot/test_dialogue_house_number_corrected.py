"""A house number corrected at a read-back changes the house number, never another number of the
address: "die Hausnummer stimmt ned, des is sechsundzwanzig ned sechzehn" for "Kellergasse 16,
Stiege 2, Tür 7" gives "Kellergasse 26, Stiege 2, Tür 7". At the emergency address read-back "na
ned dreißig, dreizehn" (CH "nöd drissg, drizäh") without "sondern" is a correction too when the
number negated is the one read back. Sentences of our own."""

from __future__ import annotations

from datetime import datetime

from tests.bot.dialogue_calls import BERLIN, VIENNA, ZURICH, Call

MORNING_AT = datetime(2027, 2, 3, 10, 15, tzinfo=VIENNA)
MORNING = datetime(2027, 2, 3, 10, 15, tzinfo=BERLIN)
NIGHT = datetime(2027, 2, 3, 22, 40, tzinfo=BERLIN)
NIGHT_AT = datetime(2027, 2, 3, 23, 10, tzinfo=VIENNA)
NIGHT_CH = datetime(2027, 2, 3, 23, 10, tzinfo=ZURICH)


async def _sweep_readback(huber, street: str) -> Call:
    call = Call(huber, MORNING_AT)
    await call.start("+436641239876")
    await call.say("grüß gott ich bräuchte einen kehrtermin im frühjahr")
    await call.answer_until(
        "Stimmt das so?",
        {
            "Namen": "leopold danninger",
            "Straße": street,
            "Postleitzahl": "drei eins null null",
            "Wann": "im april irgendwann",
        },
    )
    return call


async def test_named_house_number_is_corrected_not_the_door(huber):
    call = await _sweep_readback(huber, "marktgasse vierzehn stiege drei tür neun")
    assert call.slot("street")["value"].startswith("Marktgasse 14"), call.heard
    again = await call.say("na die hausnummer stimmt ned des is vierundzwanzig ned vierzehn")
    assert "korrigiert" in again.text, call.heard
    street = call.slot("street")["value"]
    assert street.startswith("Marktgasse 24") and "Tür 9" in street and "Stiege 3" in street, street


async def test_named_house_number_without_the_old_one_is_corrected_not_the_door(huber):
    call = await _sweep_readback(huber, "marktgasse vierzehn stiege drei tür neun")
    await call.say("die hausnummer is falsch, es is einundvierzig")
    street = call.slot("street")["value"]
    assert street.startswith("Marktgasse 41") and "Tür 9" in street, street


async def test_the_door_named_is_still_the_door(huber):
    call = await _sweep_readback(huber, "marktgasse vierzehn stiege drei tür neun")
    await call.say("na die tür is ned neun sondern elf")
    street = call.slot("street")["value"]
    assert street.startswith("Marktgasse 14") and "Tür 11" in street, street


async def _gas_address(business, clock, caller, first, street, place) -> Call:
    call = Call(business, clock, back_on_forward=False)
    await call.start(caller)
    await call.say(first)
    await call.forward_result(False)
    await call.say(street)
    check = await call.say(place)
    assert "Ich wiederhole die Adresse" in check.text, call.heard
    return call


async def test_emergency_address_number_negated_without_sondern_at(huber):
    call = await _gas_address(
        huber,
        NIGHT_AT,
        "+436641234567",
        "im keller zischt es und es riecht nach faulen eiern",
        "bahnhofweg vierzig",
        "acht sieben vier null zeltweg",
    )
    name = await call.say("na ned vierzig vierzehn de hausnummer is vierzehn")
    assert name.text.startswith("Danke, ich habe das korrigiert: Bahnhofweg 14"), call.heard
    assert call.slot("street")["value"] == "Bahnhofweg 14"


async def test_emergency_address_number_negated_without_sondern_de(mueller):
    call = await _gas_address(
        mueller,
        NIGHT,
        "+491715550123",
        "bei uns im keller riecht es stark nach gas",
        "lindenweg fünfzig",
        "eins null neun eins fünf berlin",
    )
    await call.say("nein nicht fünfzig, fünfzehn")
    assert call.slot("street")["value"] == "Lindenweg 15", call.heard


async def test_emergency_address_number_negated_without_sondern_ch(meier):
    call = await _gas_address(
        meier,
        NIGHT_CH,
        "+41791112233",
        "im chäller schmöckts extrem nach gas",
        "sunnegass sächzg",
        "acht vier null vier winterthur",
    )
    await call.say("nei nöd sächzg, sächzäh")
    assert call.slot("street")["value"] == "Sunnegass 16", call.heard
