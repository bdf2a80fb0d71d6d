"""The town said with the street ("Hauptstraße vierzehn in Gratkorn") is the address's town, also
one the extractor does not know (as sure as a known town after "in"), but a part of the building is none ("in Wohnung 3", "im Keller");
a double surname said before the next clause ("hier ist Meyer Lüders, ich wollte …") is kept whole."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import extract_slots_local


def found(text: str, slot: str, region: str = "DE") -> str | None:
    value = extract_slots_local(text, (slot, "street", "location"), region=region).values.get(slot)
    return None if value is None else value.value


@pytest.mark.parametrize(
    ("text", "region", "town"),
    [
        ("hauptstraße vierzehn in gratkorn", "AT", "Gratkorn"),
        ("hauptstraße vierzehn tür drei in gratkorn", "AT", "Gratkorn"),
        ("schlossgass drüü in wiesendange", "CH", "Wiesendange"),
    ],
)
def test_an_unknown_town_after_the_house_number_is_the_town(text: str, region: str, town: str) -> None:
    value = extract_slots_local(text, ("city", "street"), region=region).values.get("city")
    assert value is not None and value.value == town


@pytest.mark.parametrize(
    "text", ["hauptstraße fünf in wohnung drei", "hauptstraße fünf im keller", "hauptstraße fünf in einem altbau"]
)
def test_a_part_of_the_building_after_the_house_number_is_no_town(text: str) -> None:
    assert found(text, "city") is None


@pytest.mark.parametrize("text", ["ja guten tag hier ist meyer lüders ich wollte eigentlich fragen", "hier ist meyer lüders"])
def test_a_double_surname_before_the_next_clause_is_kept_whole(text: str) -> None:
    assert found(text, "caller_name") == "Meyer Lüders"


@pytest.mark.parametrize("text", ["hier ist müller nochmal", "hier ist müller heizung kaputt"])
def test_a_surname_with_other_words_after_it_stays_alone(text: str) -> None:
    assert found(text, "caller_name") == "Müller"
