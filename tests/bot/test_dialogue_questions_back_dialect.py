"""Why we ask, asked back in dialect (CH "für was bruched Si min Name", "wieso wönd Si das
wüsse", AT "für wos brauchn S' mei Nummer", a bare "für was?"): one sentence of answer about the
detail named (or the one asked), then the same question again — never "nicht verstanden".
Sentences of our own."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
WEDNESDAY = datetime(2027, 2, 3, 10, 15, tzinfo=BERLIN)
NAME_QUESTION = "Darf ich bitte Ihren Namen erfahren?"


@pytest.mark.parametrize(
    ("question", "answer"),
    [
        ("für was bruched si min name", "answer_why_name"),
        ("wieso wönd si das wüsse", "answer_why_name"),
        ("für was?", "answer_why_name"),
        ("für wos brauchn S' mei nummer", "answer_why_number"),
        ("zu was brauchen sie meine adrässe", "answer_why_address"),
    ],
)
async def test_why_asked_back_in_dialect_gets_answer_and_question_again(mueller, question, answer):
    call = Call(mueller, WEDNESDAY)
    await call.start("+4917655512345")
    asked = await call.say("unsere heizung ist seit gestern kalt")
    assert NAME_QUESTION in asked.text
    back = await call.say(question)
    expected = getattr(call.dialogue.texts, answer)
    assert back.text == f"{expected} {NAME_QUESTION}"
    assert "verstanden" not in back.text
    await call.say("reto caflisch")
    assert call.slot("caller_name")["value"] == "Reto Caflisch"
