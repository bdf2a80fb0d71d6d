"""The parts of a building after the house number (Berlin "Seitenflügel", "Hinterhaus";
Austrian "Stiege B, Tür 3", a range "Stiege 1 bis 3" for a whole building), and a caller who
says who they are to the household ("ich bin der Sohn …, meine Mutter heißt …")."""

from __future__ import annotations

from datetime import datetime

import pytest

from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer

_NOW = datetime(2026, 3, 4, 10, 0)


def _checked(slot: str, said: str, region: str) -> tuple[dict[str, str], str | None]:
    found = extract_slots_local(said, (slot, "preferred_time", "person_concerned"), region=region, now=_NOW).values
    checked = check_answer(slot, said, found.get(slot), region=region)
    return {k: v.value for k, v in found.items()}, checked.value if checked else None


@pytest.mark.parametrize(
    ("said", "region", "street"),
    [
        ("kastanienallee zweiundsiebzig hinterhaus vierter stock", "DE", "Kastanienallee 72, Hinterhaus"),
        ("gneiststraße acht seitenflügel links", "DE", "Gneiststraße 8, Seitenflügel"),
        ("grazer straße hundertvier stiege c tür zwölf", "AT", "Grazer Straße 104, Stiege C, Tür 12"),
        ("annenstraße neun stiege eins bis vier", "AT", "Annenstraße 9, Stiege 1 bis 4"),
    ],
)
def test_building_parts_after_the_house_number_are_kept(said: str, region: str, street: str) -> None:
    found, checked = _checked("street", said, region)
    assert found.get("street") == street
    assert checked == street
    assert "preferred_time" not in found  # "Stiege 1 bis 4" is no hour


@pytest.mark.parametrize(
    ("said", "name", "concerned"),
    [
        ("ich bin der sohn markus weber, meine mutter heißt gerda weber", "Markus Weber", "Mutter Gerda Weber"),
        ("ich bin die tochter sabine brandl und mein vater heißt otto brandl", "Sabine Brandl", "Vater Otto Brandl"),
    ],
)
def test_the_caller_says_who_they_are_to_the_person_concerned(said: str, name: str, concerned: str) -> None:
    found, checked = _checked("caller_name", said, "DE")
    assert checked == name
    assert found.get("person_concerned") == concerned


def test_a_surname_that_is_a_role_word_stays() -> None:
    assert _checked("caller_name", "frau von der heide", "DE")[1] == "Frau von der Heide"


@pytest.mark.parametrize(
    ("said", "region", "concerned"),
    [
        ("urs frei vo de verwaltig, de mieter heisst beat sutter", "CH", "Mieter Beat Sutter"),
        ("ich rüef a wäge eusem mieter herr graf a de bahnhofstrasse", "CH", "Mieter, Herr Graf"),
        ("die mieterin heißt ayla demir d e m i r", "DE", "Mieterin Ayla Demir"),
    ],
)
def test_the_tenant_named_by_a_property_manager(said: str, region: str, concerned: str) -> None:
    found = extract_slots_local(said, ("person_concerned",), region=region, now=_NOW).values
    assert found["person_concerned"].value == concerned
