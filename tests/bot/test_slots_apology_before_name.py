"""An apology or a shrug before the name ("äxgüsi Ruedi Moser", AT "tschuldigung", "geh bitte")
is no part of the name (it became "Ruedi Äxgüsi")."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer


def name(text: str, region: str) -> str | None:
    found = extract_slots_local(text, ("caller_name",), region=region).values.get("caller_name")
    checked = check_answer("caller_name", text, found, region=region)
    return None if checked is None else checked.value


@pytest.mark.parametrize(
    ("said", "region", "expected"),
    [
        ("äxgüsi ruedi moser", "CH", "Ruedi Moser"),
        ("exgüsi ruedi moser", "CH", "Ruedi Moser"),
        ("exgüsi, ruedi moser", "CH", "Ruedi Moser"),
        ("äxgüsi moser", "CH", "Moser"),
        ("entschuldigung ruedi moser", "DE", "Ruedi Moser"),
        ("pardon anna berger", "CH", "Anna Berger"),
        ("sorry ruedi moser", "DE", "Ruedi Moser"),
        ("tschuldigung franz huber", "AT", "Franz Huber"),
        ("geh bitte franz huber", "AT", "Franz Huber"),
        ("geh bitte huber franz", "AT", "Franz Huber"),
    ],
)
def test_an_apology_before_the_name_is_no_part_of_it(said: str, region: str, expected: str) -> None:
    assert name(said, region) == expected
