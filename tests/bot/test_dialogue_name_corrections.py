"""A name corrected at the read-back in dialect ("nee mei name is nit Müller sondern Möller mit
ö", AT "mei Nama is ned …", CH "min Name isch nöd …"): the new surname replaces the old one,
the first name stays, and it is read back once instead of the name being asked again.
Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2027, 2, 3, 10, 15, tzinfo=BERLIN)


@pytest.mark.parametrize(
    "correction",
    [
        "nee mei name is nit müller sondern möller mit ö",
        "na mei nama is ned müller sondern möller mit ö",
        "nei min name isch nöd müller sondern möller mit ö",
        "nein der name ist nicht müller sondern möller mit ö",
    ],
)
async def test_surname_corrected_in_dialect_is_read_back(mueller, correction):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("der wasserhahn in der küche tropft seit einer woche")
    await call.answer_until(
        "Stimmt das so?",
        {"Namen": "müller petra", "Straße": "gartenweg sieben", "Postleitzahl": "sechs sechs fünf drei acht"},
    )
    again = await call.say(correction)
    assert call.slot("caller_name")["value"] == "Petra Möller"
    assert "Stimmt das so?" in again.text and "Petra Möller" in again.text
    assert "Namen erfahren" not in again.text


async def test_surname_swapped_inside_another_answer(mueller):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("der wasserhahn in der küche tropft seit einer woche")
    await call.answer_until("Straße", {"Namen": "müller petra"})
    asked = await call.say("gartenweg sieben, und mei name is nit müller sondern möller mit ö")
    assert call.slot("caller_name")["value"] == "Petra Möller"
    assert call.slot("street")["value"] == "Gartenweg 7"
    assert "Postleitzahl" in asked.text


async def test_negation_of_another_value_swaps_no_name(mueller):
    """ "nicht Müller sondern …" only replaces a name that holds the negated words."""
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    await call.say("der wasserhahn in der küche tropft seit einer woche")
    await call.answer_until("Straße", {"Namen": "müller petra"})
    await call.say("gartenweg sieben, der name am klingelschild ist nicht schmidt sondern meier")
    assert call.slot("caller_name")["value"] == "Petra Müller"
