"""Emergency address: a part of town or village named only in the first sentence ("unsere Kanzlei
in Pankow", "die Bäckerei in Leonding") does not find the house on its own. After the street the
bot still asks once for the postcode of that place; a place said together with the street or after
it is enough, and without a place the question is the one for the place. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
NIGHT = datetime(2027, 2, 3, 22, 40, tzinfo=BERLIN)


async def test_place_from_first_sentence_still_gets_its_postcode(mueller):
    call = Call(mueller, NIGHT)
    await call.start("+493044556677")
    await call.say(
        "hallo hier ist das büro schneider in pankow bei uns läuft wasser aus der decke im flur und es wird immer mehr"
    )
    asked = await call.answer_until("Postleitzahl", {"Straße": "florastraße zwölf"})
    assert "Pankow" in asked.text
    await call.say("eins drei eins acht sieben")
    assert call.slot("postcode")["value"] == "13187"
    assert call.slot("street")["value"].startswith("Florastraße")


async def test_without_a_place_in_the_first_sentence_the_place_is_asked_as_before(mueller):
    call = Call(mueller, NIGHT)
    await call.start("+493044556677")
    await call.say("bei uns läuft wasser aus der decke im flur und es wird immer mehr")
    asked = await call.answer_until("Postleitzahl", {"Straße": "florastraße zwölf"})
    assert "welchem Ort" in asked.text
