"""Details said in dialect are read as meant: "nöd so dringend" is not urgent, "mäntig gaht nöd"
declines a day (no fault of the device), a double surname without hyphen stays whole, the name
on the bell is found after "bei der Familie", Swiss tens joined with a "d" ("sibenedachzg" = 87)
are numbers, and a stretch of a month is written with its month's name."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.numbers_de import parse_cardinal
from zentrale.bot.slots import extract_slots_local

BERLIN = ZoneInfo("Europe/Berlin")
MID_DECEMBER = datetime(2026, 12, 15, 8, 30, tzinfo=BERLIN)


def slot(text: str, name: str, region: str = "DE"):
    return extract_slots_local(text, (name,), region=region, now=MID_DECEMBER).values.get(name)


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("zwei heizkörper sind nur no halb warm, das isch nöd so dringend aber es sött öpper cho luege", "CH"),
        ("es isch nid eso dringend", "CH"),
        ("des is ned so dringend, nächste woch passt a", "AT"),
        ("is net dringend", "AT"),
        ("es pressiert nöd", "CH"),
        ("es hät zit bis nächst wuche", "CH"),
        ("kei stress", "CH"),
    ],
)
def test_dialect_negation_makes_it_not_urgent(said: str, region: str) -> None:
    found = slot(said, "urgency", region)
    assert found is not None and found.normalized == "low"


@pytest.mark.parametrize("said", ["es isch dringend", "des is dringend, bitte", "bitte sofort"])
def test_urgency_without_negation_stays_high(said: str) -> None:
    found = slot(said, "urgency", "CH")
    assert found is not None and found.normalized == "high"


@pytest.mark.parametrize(
    ("said", "name"),
    [
        ("maria schulze frenking", "Maria Schulze Frenking"),
        ("hier ist maria schulze frenking", "Maria Schulze Frenking"),
        ("petra meyer lüders", "Petra Meyer Lüders"),
        ("anna maria schmidt", "Anna Maria Schmidt"),
        ("anna schmidt dehei", "Anna Schmidt"),
        ("karl huber hier", "Karl Huber"),
    ],
)
def test_double_surname_without_hyphen_stays_whole(said: str, name: str) -> None:
    found = slot(said, "caller_name")
    assert found is not None and found.value == name


@pytest.mark.parametrize(
    ("said", "region"),
    [
        ("mäntig gaht nöd", "CH"),
        ("montag geht nicht", "DE"),
        ("am dienstag geht es leider nicht, lieber mittwoch", "DE"),
        ("zischtig am morge gaht nöd", "CH"),
        ("vormittags geht nicht", "DE"),
        ("um zehn uhr geht bei mir nicht", "DE"),
        ("montag geht nicht mehr, da bin ich weg", "DE"),
    ],
)
def test_a_declined_day_is_no_fault(said: str, region: str) -> None:
    assert slot(said, "fault", region) is None


@pytest.mark.parametrize(
    "said",
    [
        "die heizung geht nicht",
        "die heizung gaht nöd",
        "seit montag geht nicht mehr",
        "seit montag geht nichts mehr",
        "heute geht die therme nicht an",
        "morgens geht die heizung nicht an",
    ],
)
def test_a_device_that_does_not_work_is_still_a_fault(said: str) -> None:
    assert slot(said, "fault", "CH") is not None


@pytest.mark.parametrize(
    ("said", "region", "bell"),
    [
        ("kiefernweg 4 bei der familie hoffmann", "DE", "bei Familie Hoffmann"),
        ("bi de familie wyss an der tösstalstrasse 48", "CH", "bei Familie Wyss"),
        ("hauptstraße 3 bei da familie gruber", "AT", "bei Familie Gruber"),
        ("lindenweg 12 bei der frau maier", "DE", "bei Frau Maier"),
    ],
)
def test_bell_name_after_an_article(said: str, region: str, bell: str) -> None:
    found = slot(said, "location", region)
    assert found is not None and bell in found.value


def test_bei_der_arbeit_is_no_bell_name() -> None:
    assert slot("lindenweg 12 bei der arbeit", "location") is None


@pytest.mark.parametrize(
    ("word", "value"),
    [("sibenedachzg", 87), ("achtedachzg", 88), ("zwöiedachzg", 82), ("drüühundertzwöiedachzg", 382)],
)
def test_swiss_tens_joined_with_d(word: str, value: int) -> None:
    assert parse_cardinal(word) == value


def test_swiss_number_with_d_joined_tens() -> None:
    found = slot("null einedrissg drüühundertzwöiedachzg nüünezwänzg vierzg", "callback_number", "CH")
    assert found is not None and found.normalized == "+41313822940"


@pytest.mark.parametrize(
    ("said", "days"),
    [
        ("in der zweiten januarwoche vormittags", "(11.–15. Januar)"),
        ("in der letzten jännerwoche", "(25.–29. Jänner)"),
        ("in der kw 53", "(28. Dezember – 1. Januar)"),
    ],
)
def test_a_stretch_keeps_its_month_word(said: str, days: str) -> None:
    found = slot(said, "preferred_time")
    assert found is not None and found.value.endswith(days)
    # read again from the stored wish, the written days are no date of their own
    again = slot(found.value, "preferred_time")
    assert again is not None and again.value == found.value and again.normalized is None
