"""Callers who say who they are before (or instead of) their name: the neighbour of the family the
call is about ("i bi dr Nochber vo de Familie Gerber" — Bernese "dr" is the article, no doctor),
the farmer of a farm ("ich bi de Bauer vom Hof") — no surname Bauer, the name is still asked."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer
from zentrale.config.vocabulary import PERSON_SLOT

ZURICH = ZoneInfo("Europe/Zurich")
EVENING = datetime(2026, 12, 24, 19, 30, tzinfo=ZURICH)


def slot(text: str, name: str, region: str = "CH") -> SlotValue | None:
    return extract_slots_local(text, (name,), region=region, now=EVENING).values.get(name)


@pytest.mark.parametrize(
    ("said", "person"),
    [
        ("guete n obe ich bi dr nochber vo de familie gerber und die sind in de ferie", "Nachbarn, Familie Gerber"),
        ("ich bin der nachbar von familie gerber, die sind im urlaub", "Nachbarn, Familie Gerber"),
        ("ich bin die nachbarin von frau huber, die ist im spital", "Nachbarin, Frau Huber"),
    ],
)
def test_the_neighbours_are_whom_the_call_is_about_not_the_caller(said: str, person: str) -> None:
    found = slot(said, PERSON_SLOT)
    assert found is not None and found.value == person
    assert slot(said, "caller_name") is None
    assert check_answer("caller_name", said, None, region="CH") is None


def test_bernese_article_dr_is_no_doctor() -> None:
    found = slot("grüessech i bi dr hans müller", "caller_name")
    assert found is not None and found.value == "Hans Müller"
    typed = slot("hier ist Dr. Müller", "caller_name", "DE")
    assert typed is not None and typed.value == "Dr. Müller"


@pytest.mark.parametrize(
    "said",
    [
        "grüezi ich bi de bauer vom hof im ried bi eus im stall isch e wasserleitig platzt",
        "grüß gott i bin der wirt vom ochsen, bei uns rinnt wasser aus der decke",
    ],
)
def test_a_trade_at_a_place_is_no_surname(said: str) -> None:
    assert slot(said, "caller_name") is None


def test_a_surname_bauer_still_counts() -> None:
    for said, name in (("i bi de sandro bauer vom hof", "Sandro Bauer"), ("hier ist bauer von der hausverwaltung", "Bauer")):
        found = slot(said, "caller_name")
        assert found is not None and found.value == name


async def test_the_farmer_is_asked_for_the_name(meier) -> None:
    call = Call(meier, EVENING)
    await call.start("anonymous")
    await call.say("grüezi ich bi de bauer vom hof im ried, im stall isch e wasserleitig platzt es spritzt überall")
    await call.answer_until(
        "Name",
        {
            "Telefonnummer": "null sieben neun drei drei vier fünf sechs sieben acht",
            "Strasse": "im ried zwei, acht drei fünf zwei elsau",
        },
    )
    await call.say("keller urs")
    assert "Keller" in call.slot("caller_name").get("value", ""), call.heard
