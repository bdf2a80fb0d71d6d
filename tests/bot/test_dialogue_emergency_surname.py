"""An emergency told by someone who gives a first name only (a child: "ich bin der Jonas"): the
on-call technician looks for a surname on the doorbell, so after the address the surname is
asked once; a caller with a whole name is not asked. Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
EVENING = datetime(2027, 2, 6, 19, 30, tzinfo=BERLIN)


async def test_first_name_only_is_asked_for_the_surname_in_an_emergency(mueller):
    call = Call(mueller, EVENING)
    await call.start("+4915112345678")
    await call.say("hallo ich bin der jonas und bei uns in der küche spritzt ganz viel wasser aus dem rohr unter der spüle")
    asked = await call.answer_until(
        "Nachname", {"Straße": "kastanienallee acht", "Postleitzahl": "eins null vier drei fünf", "richtig": "ja"}
    )
    assert "Nachname" in asked.text
    await call.say("jonas weber")
    assert call.slot("caller_name")["value"] == "Jonas Weber"
    assert call.decisions[-1].kind == "end"


async def test_whole_name_is_not_asked_again_in_an_emergency(mueller):
    call = Call(mueller, EVENING)
    await call.start("+4915112345678")
    await call.say("guten abend hier ist petra lange bei uns in der küche spritzt ganz viel wasser aus dem rohr unter der spüle")
    await call.until_end("kastanienallee acht")
    assert "Nachname" not in call.heard
