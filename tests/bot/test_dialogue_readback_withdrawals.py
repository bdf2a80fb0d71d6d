"""At the read-back a detail taken back without a new one is dropped, not kept in other words: a
time left open ("… geht doch nicht, der Termin ist noch offen, ich melde mich") is no wish; a
device denied ("das ist gar keine Buderus") is asked once and not read back again. Sentences of
our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 2, 8, 9, 0, tzinfo=BERLIN)
ANSWERS = {
    "Wann": "mittwoch nachmittag",
    "Namen": "jonas albrecht",
    "Gerät": "eine buderus gastherme",
    "Straße": "birkenallee 12",
    "Postleitzahl": "80331 münchen",
}


async def _at_readback(business) -> Call:
    call = Call(business, MONDAY)
    await call.start("+4917655511122")
    await call.say("hallo, ich hätte gern einen termin für die jährliche wartung der heizung")
    await call.answer_until("Stimmt das so?", ANSWERS)
    assert "Mittwoch" in call.decisions[-1].text and "Buderus" in call.decisions[-1].text
    return call


async def test_time_left_open_is_no_wish(mueller):
    call = await _at_readback(mueller)
    await call.say("nein, mittwoch passt doch nicht, das ist noch offen, ich melde mich dann nochmal")
    assert call.slot("preferred_time") == {}
    assert "Mittwoch" not in call.decisions[-1].text
    assert "Stimmt das so?" in call.decisions[-1].text


async def test_time_replaced_is_still_taken(mueller):
    call = await _at_readback(mueller)
    await call.say("nein, mittwoch geht nicht, lieber donnerstag vormittag")
    assert "donnerstag" in call.slot("preferred_time")["value"].lower()


async def test_denied_device_is_dropped_and_asked_once(mueller):
    call = await _at_readback(mueller)
    await call.say("nein, das gerät stimmt nicht, das ist gar keine buderus")
    assert call.slot("device") == {}
    assert "Gerät" in call.decisions[-1].text
    await call.say("weiß ich gerade nicht")
    assert "Buderus" not in call.decisions[-1].text


async def test_denied_maker_with_the_right_one_is_a_correction(mueller):
    call = await _at_readback(mueller)
    await call.say("nein, das ist keine buderus, das ist eine vaillant")
    assert "vaillant" in call.slot("device")["value"].lower()
    assert "buderus" not in call.slot("device")["value"].lower()
