"""Austrian "is" and Swiss "isch" (= "ist") before a document number are the verb of the
sentence, never letters of the number ("die Nummer is 2026345" is no "IS2026345")."""

from __future__ import annotations

import pytest

from zentrale.bot.slots import reference_code


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("die nummer is zwanzig sechsundzwanzig drei vier fünf", "2026345"),
        ("d nummere isch vier fünf sechs sieben acht", "45678"),
        ("das wäre zwei null zwei sechs eins", "20261"),
        ("die nummer isch vierhundert einundsechzig null zwei, null fünf zwei zwei zwei zwei vier vier fünf fünf", "46102"),
    ],
)
def test_the_verb_before_the_number_is_no_letter_of_it(said: str, code: str) -> None:
    assert reference_code(said) == code


def test_spelled_letters_before_the_number_are_kept() -> None:
    assert reference_code("r e zwei null zwei sechs null drei") == "RE202603"
