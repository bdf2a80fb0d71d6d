"""How callers give their name, number and floor when they are not reading from a form: "das ist
die Frau Schröder", a name explained by what it sounds like ("Bielefeld wie die Stadt"), a
family name and then the own name ("Familie Hug, also Thomas Hug"), a name after asking why it is
needed and giving in, a phone number whose groups are linked with "dann", a floor said straight
after the house number — and a job said "together with" another that is no name."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.intents.base import SlotValue
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer
from zentrale.config.vocabulary import LOCATION_SLOT

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = datetime(2027, 1, 18, 9, 40, tzinfo=BERLIN)


def slot(text: str, name: str, region: str = "DE") -> SlotValue | None:
    return extract_slots_local(text, (name,), region=region, now=MONDAY).values.get(name)


def name_answer(text: str, region: str = "DE") -> str | None:
    found = check_answer("caller_name", text, slot(text, "caller_name", region), region=region)
    return found.value if found else None


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("ja das ist die frau schröder hier aus der lindenstraße", "Frau Schröder"),
        ("des is der herr gruber vom zweiten stock", "Herr Gruber"),
        ("horst bielefeld wie die stadt", "Horst Bielefeld"),
        ("wolf wie das tier, sabine wolf", "Sabine Wolf"),
        ("familie hug also thomas hug", "Thomas Hug"),
        ("meier äh peter meier", "Peter Meier"),
    ],
)
def test_name_answers_said_the_everyday_way(said: str, name: str) -> None:
    assert name_answer(said) == name


@pytest.mark.parametrize(
    ("said", "region", "surname"),
    [
        ("wieso bruuched sie min name aber guet tanner ursula tanner", "CH", "Tanner"),
        ("wozu brauchen sie das, na gut, lindner", "DE", "Lindner"),
        ("muss das sein? also gut, karin vogt", "DE", "Vogt"),
    ],
)
def test_a_name_given_after_asking_why_is_kept(said: str, region: str, surname: str) -> None:
    found = name_answer(said, region)
    assert found is not None and surname in found


def test_a_question_without_giving_in_is_no_name() -> None:
    assert name_answer("wieso wollen sie meinen namen wissen") is None


def test_a_swiss_two_word_answer_keeps_a_first_name_the_rules_do_not_know() -> None:
    assert name_answer("gerber sandro", "CH") == "Sandro Gerber"
    found = name_answer("bürgi tiziano", "CH")
    assert found is not None and set(found.split()) == {"Bürgi", "Tiziano"}


def test_a_job_done_together_with_another_is_no_name() -> None:
    said = "die abgasmessung is fällig und vielleicht könnts des gleich mit dem kehren zusammen machen"
    assert slot(said, "caller_name", "AT") is None
    assert slot("wie land, also wieland zusammen", "caller_name") is not None  # still a name said as one word


def test_phone_groups_linked_with_dann() -> None:
    said = "also null eins fünf sieben dann eins vier vier dann drei acht neun und dann zwei sechs"
    found = check_answer("callback_number", said, slot(said, "callback_number"), region="DE")
    assert found is not None and found.normalized == "+4915714438926"


def test_dann_after_a_number_before_a_time_adds_nothing() -> None:
    found = slot("null eins sieben null drei drei drei vier vier vier fünf und dann um zwölf uhr", "callback_number")
    assert found is not None and found.normalized == "+491703334445"


@pytest.mark.parametrize(
    ("said", "floor"),
    [
        ("lindenstraße zwölf zweiter stock links", "2. Stock"),
        ("hauptstraße 5, dritte etage", "3. Stock"),
        ("wir wohnen im ersten stock", "1. Stock"),
    ],
)
def test_floor_said_after_the_house_number(said: str, floor: str) -> None:
    found = slot(said, LOCATION_SLOT)
    assert found is not None and found.value == floor
    street = slot(said, "street")
    assert street is None or ("Stock" not in street.value and "Etage" not in street.value)


def test_a_date_is_no_floor() -> None:
    assert slot("am 12. 2. stockt die heizung", LOCATION_SLOT) is None


async def test_call_with_name_number_and_floor_as_callers_say_them(mueller) -> None:
    call = Call(mueller, MONDAY)
    await call.start("anonymous")
    await call.say("unsere junkers therme zeigt e a an und geht nicht mehr an")
    await call.answer_until(
        "Stimmt das so?",
        {
            "Namen": "ja das ist die frau schröder hier aus der lindenstraße",
            "Telefonnummer": "null eins fünf sieben dann eins vier vier dann drei acht neun und dann zwei sechs",
            "Straße": "lindenstraße zwölf zweiter stock links",
            "Postleitzahl": "eins null neun sechs neun",
        },
    )
    assert "Schröder" in call.slot("caller_name").get("value", ""), call.heard
    assert call.slot("callback_number").get("normalized") == "+4915714438926", call.heard
    assert call.slot(LOCATION_SLOT).get("value") == "2. Stock", call.slots


@pytest.mark.parametrize(
    ("said", "name"),
    [
        (
            "wie bitte ach so den namen brzoska bertha richard zeppelin otto siegfried kaufmann anton brzoska dieter",
            "Dieter Brzoska",
        ),
        ("kohl, kaufmann otto heinrich ludwig", "Kohl"),
        ("jäger, julius ärger gustav emil richard, sabine jäger", "Sabine Jäger"),
        ("mein name ist peter daniel kaiser", "Peter Daniel Kaiser"),  # names of the alphabet, no spelling
        ("wie bitte ach so meinen namen, krüger", "Krüger"),
    ],
)
def test_name_spelled_with_the_spelling_alphabet_or_given_after_wie_bitte(said: str, name: str) -> None:
    assert name_answer(said) == name
