"""Details as real callers give them: the type number after a model line, a part of the day
added as a limit, the end of a number corrected, the letters of a spelled reference, the item of
an invoice questioned, and makers whose names are common words or surnames."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local
from zentrale.config.vocabulary import SUBJECT_SLOT

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2027, 2, 10, 9, 30, tzinfo=BERLIN)  # a Wednesday


def slot(text: str, name: str, region: str = "DE"):
    return extract_slots_local(text, (name,), region=region, now=NOW).values.get(name)


@pytest.mark.parametrize(
    ("said", "device"),
    [
        ("bei uns hängt eine viessmann vitodens dreihundert im keller", "Viessmann Vitodens 300"),
        ("vitodens zweihundert w", "Viessmann Vitodens 200-W"),
        ("es ist eine vitodens 100-w", "Viessmann Vitodens 100-W"),
        ("eine vaillant ecotec exclusive", "Vaillant ecoTEC exclusive"),
        ("ein windhager biowin drei", "Windhager BioWIN 3"),
        ("buderus gb hundertzweiundneunzig", "Buderus GB 192"),
        ("von stiebel eltron, eine wpl, die steht draußen", "Stiebel Eltron WPL"),
        ("stiebel eltron w p l achtzehn", "Stiebel Eltron WPL 18"),
    ],
)
def test_type_number_after_model_line(said: str, device: str) -> None:
    found = slot(said, "device")
    assert found is not None and found.value.startswith(device)


@pytest.mark.parametrize(
    "said",
    [
        "eine vitodens, die ist schon zwölf jahre alt",
        "die vitodens zeigt f vier",
        "unsere viessmann vitodens seit zehn jahren",
    ],
)
def test_no_type_number_from_age_or_code(said: str) -> None:
    found = slot(said, "device")
    assert found is not None and found.value == "Viessmann Vitodens"


def test_maker_named_like_an_animal_next_to_its_stove() -> None:
    found = slot("wir haben einen hase kaminofen im wohnzimmer", "device")
    assert found is not None and found.value.startswith("Hase Kaminofen")
    assert slot("hier ist die monika hase, es geht um den kaminofen", "device").value == "Kaminofen"
    name = slot("hier ist die monika hase, es geht um den kaminofen", "caller_name")
    assert name is not None and name.value == "Monika Hase"


def test_surname_maker_after_first_name_is_no_maker() -> None:
    found = slot("hier spricht petra wolf, unsere therme macht geräusche", "device")
    assert found is not None and "Wolf" not in found.value


@pytest.mark.parametrize(
    "said",
    [
        "nächsten donnerstag, aber nur vormittags",
        "ab dem fünfzehnten gehts, aber nur vormittags",
        "kommende woche, vormittags wär gut",
    ],
)
def test_part_of_day_added_as_a_limit(said: str) -> None:
    found = slot(said, "preferred_time")
    assert found is not None and "vormittag" in found.value.lower()


def test_other_day_after_aber_is_no_limit() -> None:
    found = slot("montag geht nicht, aber freitag", "preferred_time")
    assert found is not None and "montag" not in found.value.lower()


@pytest.mark.parametrize(
    ("said", "number"),
    [
        ("null eins fünf eins, sieben sieben eins, zwei zwei, drei drei, ach nein, die letzten beiden sind drei vier", "7712234"),
        ("null sechs neun, vier vier, fünf fünf, sechs sechs sechs, nee, die letzten drei heißen sechs sechs sieben", "667"),
    ],
)
def test_last_digits_corrected(said: str, number: str) -> None:
    found = slot(said, "callback_number")
    assert found is not None
    digits = found.value.replace(" ", "")
    assert digits.endswith(number)
    assert "3333" not in digits and "666666" not in digits


def test_reference_corrected_at_its_end_with_article() -> None:
    found = slot(
        "angebotsnummer a n drei eins null fünf fünf zwei, nei halt, am schluss e acht, also null fünf fünf acht",
        "angebotsnummer",
        region="CH",
    )
    assert found is not None and found.value == "AN310558"


def test_spelled_reference_letters_are_no_error_code() -> None:
    assert slot("r e einunddreißig vierhundertzwölf", "fault") is None
    found = slot("das display zeigt e einunddreißig", "fault")
    assert found is not None and found.value == "Fehler E31"


@pytest.mark.parametrize(
    ("said", "item"),
    [
        ("auf der rechnung steht die anfahrtspauschale zweimal", "Anfahrtspauschale"),
        ("die arbeitszeit auf der rechnung stimmt nicht", "Arbeitszeit"),
        ("das material wurde doppelt berechnet", "Material"),
        ("der stundensatz in ihrer rechnung ist höher als abgemacht", "Stundensatz"),
    ],
)
def test_invoice_item_questioned(said: str, item: str) -> None:
    found = slot(said, SUBJECT_SLOT)
    assert found is not None and item in found.value


def test_no_invoice_item_without_a_bill() -> None:
    assert slot("die anfahrt zu uns ist etwas eng, bitte über den hof", SUBJECT_SLOT) is None
    assert slot("ein termin nach meiner arbeitszeit wäre gut", SUBJECT_SLOT) is None
