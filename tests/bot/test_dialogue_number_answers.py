"""Calls played through the dialogue: an answer to the number question that holds no number is no
answer (a caller still describing the emergency is asked for the number again), and a number said
again after "ich hab mich vertan / verlesen / verschrieben" replaces the one said before."""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.bot.dialogue_calls import BERLIN, TUESDAY_MORNING, Call

TUESDAY_NIGHT = datetime(2027, 1, 19, 22, 30, tzinfo=BERLIN)


async def test_an_emergency_description_to_the_number_question_asks_for_the_number_again(mueller):
    call = Call(mueller, TUESDAY_NIGHT)
    await call.start("anonymous")
    number = await call.say("im keller ist ein rohr geplatzt und das wasser spritzt raus")
    assert "Telefonnummer" in number.text, call.heard
    again = await call.say("ich hab schon eimer hingestellt aber es wird immer mehr und ich weiß nicht wo der hahn ist")
    assert "Telefonnummer" in again.text and again.text.startswith("Entschuldigung"), call.heard
    await call.say("null eins sieben eins fünf fünf fünf null eins neun neun")
    assert call.slot("callback_number")["normalized"] == "+491715550199"


@pytest.mark.parametrize(
    "answer", ["weiß ich nicht", "die Nummer möchte ich nicht sagen", "ich hab kein Telefon hier, ich bin beim Nachbarn"]
)
async def test_a_short_or_number_related_no_to_the_number_question_still_ends_it(mueller, answer):
    call = Call(mueller, TUESDAY_NIGHT)
    await call.start("anonymous")
    await call.say("im keller ist ein rohr geplatzt und das wasser spritzt raus")
    after = await call.say(answer)
    assert "Telefonnummer" not in after.text, call.heard


@pytest.mark.parametrize(
    "mistake",
    [
        "ich hab mich vertan",
        "ich habe mich verlesen",
        "sorry ich hab mich verschrieben",
        "ich hab die zahlen verwechselt",
    ],
)
async def test_a_document_number_corrected_in_a_later_answer_keeps_the_last_one(mueller, mistake):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start("anonymous")
    await call.say("ich habe eine frage zu meiner rechnung r e zwei null zwei sechs eins eins vier sieben")
    await call.say(f"petra kowalski und {mistake} die rechnungsnummer ist r e zwei null zwei sechs eins eins sieben vier")
    values = [v.get("value") or "" for v in call.slots.values()]
    assert any("20261174" in v.replace(" ", "") for v in values), call.slots
    assert not any("20261147" in v.replace(" ", "") for v in values), call.slots
