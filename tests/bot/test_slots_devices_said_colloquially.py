"""Devices said the way callers speak: "das ist ne Wolf CGB" (the maker "Wolf", also a surname,
after the colloquial article "ne"), and nouns without their final -e ("ebenerdige Dusch", "d
Badewann", "Luftwärmepump")."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import extract_slots_local, maker_in, maker_only


def device(text: str, region: str = "DE") -> str | None:
    found = extract_slots_local(text, ("device",), region=region).values.get("device")
    return None if found is None else found.value


def test_a_wolf_after_ne_in_the_first_sentence_is_the_maker() -> None:
    said = "meine heizung geht seit heute früh nicht mehr das ist ne wolf cgb und die zeigt f achtundzwanzig"
    assert device(said) == "Wolf CGB"


def test_a_swiss_e_wolf_is_the_maker() -> None:
    assert device("mir händ e wolf", "CH") == "Wolf"


def test_wolf_as_a_surname_is_no_maker() -> None:
    assert device("ich hab ne frage herr wolf") is None


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("mir wolle unser bad umbaue lasse mit ebenerdiger dusch", "Dusche"),
        ("die badewann soll raus", "Badewanne"),
        ("mir händ e luftwärmepump", "Luftwärmepumpe"),
    ],
)
def test_a_device_without_its_final_e(text: str, found: str) -> None:
    assert device(text) == found


@pytest.mark.parametrize("noted", ["Wolf CGB", "Wolf CGB 20", "Buderus GB 172"])
def test_a_maker_with_its_type_names_the_device(noted: str) -> None:
    assert maker_in(noted) is not None
    assert not maker_only(noted)  # the type says which device: not asked again


@pytest.mark.parametrize("noted", ["Buderus", "Viessmann"])
def test_a_maker_alone_is_only_a_maker(noted: str) -> None:
    assert maker_only(noted)


@pytest.mark.parametrize("said", ["frau wolf um drei", "Sabine Wolf"])
def test_wolf_with_a_time_or_a_first_name_is_a_person(said: str) -> None:
    assert maker_in(said) is None


@pytest.mark.parametrize(
    "said",
    ["mir wolle unser bad umbaue lasse mit ebenerdiger dusch", "wir möchten eine barrierefreie dusche statt der wanne"],
)
def test_the_shower_a_bathroom_is_rebuilt_for_is_the_subject(said: str) -> None:
    found = extract_slots_local(said, ("subject",)).values.get("subject")
    assert found is not None and "bodengleiche Dusche" in found.value
