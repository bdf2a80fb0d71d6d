"""The caller's own name when it is spelled again piece by piece (a hyphen said as a word, a
part "wie" a word, particles "klein geschrieben"), said with the firm the caller works for, or
followed by the name of someone else (a tenant, a mother)."""

from __future__ import annotations

from datetime import datetime

import pytest

from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer

_NOW = datetime(2026, 3, 4, 10, 0)


def _name(said: str) -> str | None:
    value = extract_slots_local(said, ("caller_name",), region="DE", now=_NOW).values.get("caller_name")
    checked = check_answer("caller_name", said, value, region="DE")
    return checked.value if checked else None


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        # a double surname, its hyphen said as a word
        ("herr otto kessler-brandt kessler bindestrich brandt", "Otto Kessler-Brandt"),
        ("frau doktor vera lindqvist-ohm lindqvist bindestrich ohm mit q", "Dr. Vera Lindqvist-Ohm"),
        # surname first as on a form, then spelled with its hyphen
        ("kessler-brandt otto kessler bindestrich brandt", "Otto Kessler-Brandt"),
        # a part of the name explained by a word
        ("jutta sonnleitner sonn wie sonne und dann leitner", "Jutta Sonnleitner"),
        # the particles explained: not part of the name
        ("gerd von der linde von der klein geschrieben", "Gerd von der Linde"),
        # letters and a word mixed
        ("eva großkopf g r o s s kopf", "Eva Großkopf"),
    ],
)
def test_name_spelled_again_in_pieces(said: str, expected: str) -> None:
    assert _name(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("martin wendt von der hausverwaltung birkenhof", "Martin Wendt"),
        ("claudia rieger von der nord immobilien verwaltung", "Claudia Rieger"),
        ("beat zürcher vo de verwaltig seeblick", "Beat Zürcher"),
        # the tenant's name, even spelled, is not the caller's
        ("ralf hoppe von der wohnbau gmbh die mieterin heißt sevgi aydın a y d i n", "Ralf Hoppe"),
        ("ralf hoppe, die mieterin heißt sevgi kaya k a y a", "Ralf Hoppe"),
        ("tanja busch ich bin die hausmeisterin von dem block", "Tanja Busch"),
    ],
)
def test_name_before_firm_or_other_person(said: str, expected: str) -> None:
    assert _name(said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("frau doktor hanna-lisa brückner", "Dr. Hanna-Lisa Brückner"),
        ("n tag hier is jens marquardt ich hab da n problem mit der heizung", "Jens Marquardt"),
    ],
)
def test_name_double_first_name_and_colloquial_intro(said: str, expected: str) -> None:
    assert _name(said) == expected
