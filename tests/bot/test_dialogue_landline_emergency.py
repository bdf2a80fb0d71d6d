"""A caller told to leave the building (gas, carbon monoxide, smoke) who calls from a landline in it
cannot be reached on it outside: once help is on its way and the address and name are known, one
question, "Unter welcher Handynummer erreichen wir Sie, wenn Sie draußen sind?". Not for a mobile
shown, not for water (the caller stays), not in a normal call. Sentences of our own."""

from __future__ import annotations

from datetime import datetime

from tests.bot.dialogue_calls import BERLIN, VIENNA, ZURICH, Call

NIGHT = datetime(2027, 2, 3, 22, 40, tzinfo=BERLIN)
NIGHT_AT = datetime(2027, 2, 3, 23, 10, tzinfo=VIENNA)
NIGHT_CH = datetime(2027, 2, 3, 23, 10, tzinfo=ZURICH)
MOBILE_OUTSIDE = "Unter welcher Handynummer erreichen wir Sie"


async def test_gas_from_a_berlin_landline_asks_for_a_mobile_last(mueller):
    call = Call(mueller, NIGHT)
    await call.start("+493044556677")
    await call.say("im Keller riecht es ganz stark nach Gas")
    asked = await call.answer_until(
        MOBILE_OUTSIDE,
        {"Straße": "florastraße zwölf", "Ort": "eins drei eins acht sieben berlin", "richtig": "ja", "Name": "Ute Sommer"},
    )
    assert "draußen" in asked.text
    end = await call.say("mein sohn hat ein handy, null eins fünf sieben, drei acht acht, zwei sechs eins null vier")
    assert end.kind == "end"
    assert call.slot("callback_number")["value"].replace(" ", "").startswith("015738")


async def test_smoke_from_an_austrian_landline_asks_too_and_no_means_the_landline(huber):
    call = Call(huber, NIGHT_AT)
    await call.start("+4331624455667")
    await call.say("aus dem Ofen kommt dicker Rauch raus und es stinkt")
    await call.answer_until(
        MOBILE_OUTSIDE,
        {"Straße": "griesgasse zwölf", "Ort": "acht null zwei null graz", "richtig": "ja", "Name": "Markus Gruber"},
    )
    end = await call.say("nein, ich hab kein Handy")
    assert end.kind == "end"
    assert call.slot("callback_number")["normalized"] == "+4331624455667"


async def test_a_swiss_mobile_or_water_is_not_asked(meier):
    call = Call(meier, NIGHT_CH)
    await call.start("+41791234567")
    await call.say("es schmöckt im Chäller starch nach Gas")
    await call.until_end("weiss ich nöd")
    assert MOBILE_OUTSIDE not in call.heard
    call = Call(meier, NIGHT_CH)
    await call.start("+41618355520")
    await call.say("bi üs lauft s Wasser us de Decki und es hört nöd uf")
    await call.until_end("weiss ich nöd")
    assert MOBILE_OUTSIDE not in call.heard
