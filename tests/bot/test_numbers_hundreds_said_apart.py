"""A number said in one breath and split by speech recognition after "hundert" ("vierhundert
einundsechzig") is one number (461), as after "tausend"; digits said one by one stay digits."""

from __future__ import annotations

import pytest

from zentrale.bot.numbers_de import words_to_digits


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("vierhundert einundsechzig null zwei", "46102"),
        ("dreihundert zwölf", "312"),
        ("zweitausend dreihundert zwölf", "2312"),
        ("zweihundert fünfzig euro", "250 euro"),
        ("hausnummer hundert zwei", "hausnummer 102"),
    ],
)
def test_hundreds_and_the_tens_after_them_are_one_number(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        ("vierhundert null zwei", "40002"),  # a zero after the hundreds: digits said one by one
        ("acht vierhundert winterthur", "8400 winterthur"),  # a Swiss postcode: a digit, then hundreds
    ],
)
def test_digits_after_hundreds_stay_apart(said: str, digits: str) -> None:
    assert words_to_digits(said) == digits
