"""The name on the bell where the caller's address is somebody else's home ("Kiefernweg 4 bei
Hoffmann", "bi Familie Wyss an der Tösstalstrasse 48") is kept as a detail of the place (like the
floor), so the technician rings at the right door and the street stays a street; "an der" before a
whole street name is a preposition."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import extract_slots_local

WANTED = ("street", "location", "city", "postcode")


def said(text: str, region: str = "DE") -> dict[str, str]:
    return {k: v.value for k, v in extract_slots_local(text, WANTED, region=region).values.items()}


@pytest.mark.parametrize(
    ("text", "region", "street", "bell"),
    [
        ("kiefernweg vier bei hoffmann das klingelschild steht hoffmann", "DE", "Kiefernweg 4", "bei Hoffmann"),
        ("der kunde ist in der ries straße achtzehn b bei familie lang", "AT", "Ries Straße 18b", "bei Familie Lang"),
        ("bi familie wyss an der tösstalstrasse achtundvierzig", "CH", "Tösstalstrasse 48", "bei Familie Wyss"),
        ("ringstraße vier stiege zwei tür drei bei familie novak", "AT", "Ringstraße 4, Stiege 2, Tür 3", "bei Familie Novak"),
        ("Lindenweg 3, c/o Meier", "DE", "Lindenweg 3", "bei Meier"),
        ("bei frau anna lang, ries straße achtzehn", "DE", "Ries Straße 18", "bei Frau Anna Lang"),
    ],
)
def test_the_name_on_the_bell_is_kept_with_the_address(text: str, region: str, street: str, bell: str) -> None:
    found = said(text, region)
    assert found.get("street") == street
    assert found.get("location") == bell


def test_the_bell_named_without_bei() -> None:
    assert said("auf der klingel steht schmidt-berger").get("location") == "Klingel: Schmidt-Berger"


@pytest.mark.parametrize(
    "text",
    [
        "hauptstraße fünf bei uns im keller",  # "bei uns": no name
        "ich arbeite bei müller, hauptstraße drei",  # the caller's employer
        "ich war bei müller und dann hauptstraße drei",  # not next to the street
        "hauptstraße fünf in seuzach bei winterthur",  # a town near a town
    ],
)
def test_bei_without_a_bell_name_next_to_the_street_is_none(text: str) -> None:
    assert "bei " not in (said(text).get("location") or "")


@pytest.mark.parametrize(
    ("text", "street"),
    [
        ("auf der lindengasse vier", "Lindengasse 4"),
        ("an der alten straße drei", "An der Alten Straße 3"),  # a name that starts so
        ("am anger drei", "Am Anger 3"),
        ("mir wohned am rosenweg foif", "Am Rosenweg 5"),
    ],
)
def test_an_der_before_a_whole_street_name_is_a_preposition(text: str, street: str) -> None:
    assert said(text, "CH" if "wohned" in text else "DE").get("street") == street
