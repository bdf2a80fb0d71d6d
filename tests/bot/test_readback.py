"""Reading numbers, dates and names back the way a person says them on the phone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot import dialogue_texts
from zentrale.bot.readback import (
    address_name,
    digit_groups,
    display_phone,
    speak_date,
    speak_digits,
    speak_phone,
    speak_time,
    staff_name,
)

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2025, 3, 3, 9, 0, tzinfo=BERLIN)  # a Monday


@pytest.mark.parametrize(
    ("number", "region", "groups"),
    [
        ("+491715550101", "DE", ["0171", "555", "01", "01"]),
        ("+4930555010", "DE", ["030", "55", "50", "10"]),
        ("+436645550201", "AT", ["0664", "555", "02", "01"]),
        ("+43316555020", "AT", ["0316", "55", "50", "20"]),
        ("+436645550201", "DE", ["+43", "664", "555", "02", "01"]),  # foreign: international form
        ("0171 5550101", "DE", ["0171", "555", "01", "01"]),  # national input
        ("+491515557309", "DE", ["0151", "555", "73", "09"]),  # not in the plan data: keeps its 0
        ("nicht erreichbar", "DE", []),
    ],
)
def test_digit_groups(number, region, groups):
    assert digit_groups(number, region) == groups


def test_phone_numbers_are_spoken_digit_by_digit_in_groups():
    assert speak_phone("+491715550101", "DE") == "null eins sieben eins — fünf fünf fünf — null eins — null eins"
    assert speak_phone("+491725552222", "DE").endswith("zwo zwo — zwo zwo")  # "zwo" on German phones
    assert speak_phone("+436645550201", "AT") == "null sechs sechs vier — fünf fünf fünf — null zwei — null eins"
    assert speak_phone("+436645550201", "DE").startswith("plus vier drei — sechs sechs vier")
    assert display_phone("+491715550101") == "0171 555 01 01"


def test_digits_drop_everything_else():
    assert speak_digits("10115") == "eins null eins eins fünf"
    assert speak_digits("A-8010", "AT") == "acht null eins null"


@pytest.mark.parametrize(
    ("value", "normalized", "spoken"),
    [
        ("morgen vormittag", "2025-03-04", "morgen Vormittag"),
        ("nächste woche", None, "nächste Woche"),
        ("am dienstag um 14 uhr", "2025-03-04T14:00:00+01:00", "am Dienstag um 14 Uhr"),
        ("am 11. märz um 14 uhr", "2025-03-11T14:00:00+01:00", "Dienstag, 11. März, 14 Uhr"),
        ("am 14.3. vormittags", "2025-03-14", "Freitag, 14. März, am Vormittag"),
        ("am 14.3. um halb drei", "2025-03-14T14:30:00+01:00", "Freitag, 14. März, 14 Uhr 30"),
        ("4.3.", "2025-03-04", "morgen"),
        ("3.3. um 17 uhr", "2025-03-03T17:00:00+01:00", "heute um 17 Uhr"),
        ("irgendwann im frühling", None, "irgendwann im frühling"),
        ("", "not a date", ""),
    ],
)
def test_times_in_words(value, normalized, spoken):
    assert speak_time(value, normalized, now=NOW, timezone="Europe/Berlin") == spoken


def test_austrian_months():
    assert speak_date(date(2026, 1, 12), region="AT") == "Montag, 12. Jänner"
    assert speak_date(date(2026, 1, 12), region="DE") == "Montag, 12. Januar"
    assert speak_date(date(2027, 6, 1), today=date(2025, 3, 3)) == "Dienstag, 1. Juni 2027"


@pytest.mark.parametrize(
    ("name", "salutation", "spoken"),
    [
        ("Mustermann, Max", "Herr", "Herr Mustermann"),
        ("Max Mustermann", "Herrn", "Herr Mustermann"),
        ("Erika Mustermann", "Frau", "Frau Mustermann"),
        ("Schmidt, Dr. Anna", "Frau", "Frau Schmidt"),
        ("Anna Dr. Schmidt", "Frau", "Frau Dr. Schmidt"),
        ("Huber", "Eheleute", "Familie Huber"),
        ("Bauer Haustechnik GmbH", None, "Bauer Haustechnik GmbH"),
        ("Stadtwerke Graz", "Firma", "Stadtwerke Graz"),
        ("Mustermann, Max", None, "Max Mustermann"),
        ("", "Herr", ""),
    ],
)
def test_names_with_salutation(name, salutation, spoken):
    assert address_name(name, salutation) == spoken


def test_staff_names():
    assert staff_name("Sabine Berger") == "Sabine Berger"
    assert staff_name("Sabine Berger", "Frau") == "Frau Berger"


def test_texts_have_the_placeholders_the_dialogue_fills():
    for texts in (dialogue_texts.DE, dialogue_texts.AT, dialogue_texts.CH):
        assert "{examples}" in texts.ask_again_reason
        assert "{person}" in texts.next_person and "{when}" in texts.next_person
        assert "{number}" in texts.readback_callback
        assert "Gebäude" in texts.gas_safety and "Lichtschalter" in texts.gas_safety
    assert dialogue_texts.texts_for("AT").hello == "Grüß Gott"
    assert dialogue_texts.texts_for("DE", "de-AT") is dialogue_texts.AT
    assert dialogue_texts.texts_for("FR") is dialogue_texts.DE
    assert "128" in dialogue_texts.AT.gas_safety and "112" in dialogue_texts.DE.gas_safety
    assert dialogue_texts.custom_slot_label("kunden_nummer") == "Kunden nummer"


@pytest.mark.parametrize(
    ("said", "spoken"),
    [
        ("am namittag ab 3", "am Nachmittag ab 15 Uhr"),
        ("morn am vormittag", "morgen am Vormittag"),
        ("am zischtig", "am Dienstag"),
        ("vormittags ab 9", "vormittags ab 9 Uhr"),
        ("ab 16 uhr", "ab 16 Uhr"),
    ],
)
def test_dialect_time_words_and_bare_hours_are_read_back_in_standard_german(said: str, spoken: str) -> None:
    assert speak_time(said) == spoken


@pytest.mark.parametrize(
    ("said", "spoken"),
    [
        ("am besten zwischen 12 und 1", "am besten zwischen 12 und 13 Uhr"),
        ("nachmittags zwischen 2 und 4", "nachmittags zwischen 14 und 16 Uhr"),
        ("zwischen 8 und 10 uhr", "zwischen 8 und 10 Uhr"),
    ],
)
def test_a_span_of_hours_without_a_day_is_read_back_with_clock_hours(said: str, spoken: str) -> None:
    assert speak_time(said) == spoken


@pytest.mark.parametrize(
    ("said", "normalized", "spoken"),
    [
        (
            "am dunschtig am namittag ab 4",
            "2025-03-06T16:00:00+01:00/2025-03-06T20:00:00+01:00",
            "Donnerstag, 6. März, ab 16 Uhr",
        ),
        ("am dunschtig am namittag", "2025-03-06T12:00:00+01:00/2025-03-06T17:00:00+01:00", "Donnerstag, 6. März, am Nachmittag"),
    ],
)
def test_an_hour_said_with_a_part_of_the_day_is_read_back_as_the_hour(said: str, normalized: str, spoken: str) -> None:
    assert speak_time(said, normalized, timezone="Europe/Zurich", region="CH") == spoken
