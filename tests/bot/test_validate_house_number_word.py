"""The word for the house number is no part of a street: AT villages without streets are said
"Johnsbach Nummer siebenundzwanzig" and are written "Johnsbach 27" (so is "Hauptstraße Nummer 5")."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer


def street(text: str, region: str = "AT") -> str | None:
    found = extract_slots_local(text, ("street",), region=region).values.get("street")
    checked = check_answer("street", text, found, region=region)
    return None if checked is None else checked.value


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("johnsbach nummer siebenundzwanzig", "Johnsbach 27"),
        ("johnsbach nr siebenundzwanzig", "Johnsbach 27"),
        ("Johnsbach Nr. 27", "Johnsbach 27"),
        ("johnsbach hausnummer 27", "Johnsbach 27"),
        ("johnsbach haus nummer 27", "Johnsbach 27"),
        ("hauptstraße nummer fünf", "Hauptstraße 5"),
        ("bahnhofstrasse nummer zwölf a", "Bahnhofstrasse 12a"),
    ],
)
def test_the_number_word_between_name_and_number_goes(said: str, expected: str) -> None:
    assert street(said) == expected
