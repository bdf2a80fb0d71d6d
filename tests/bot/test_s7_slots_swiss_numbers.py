"""Swiss number words as Zurich and Basel callers say them: "föif" (5) and its compounds, Basel
"dryssig" (30), the "n" said before "achtzg" ("achtenachtzg" = 88), and a postcode said as
thousands and hundreds apart ("achttuusig vierhundertföif" = 8405)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.numbers_de import parse_cardinal, words_to_digits
from zentrale.bot.slots import extract_slots_local
from zentrale.bot.validate import check_answer

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2027, 1, 12, 9, 30, tzinfo=ZURICH)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("föif", 5),
        ("föifezwänzg", 25),
        ("hundertföif", 105),
        ("zweiedryssig", 32),
        ("drüedryssg", 33),
        ("achtenachtzg", 88),
        ("einenachtzg", 81),
        ("zwöienachtzg", 82),
        ("füfzig", 50),
        ("sibeneachzg", 87),  # understood before, kept
    ],
)
def test_swiss_number_words(word: str, value: int) -> None:
    assert parse_cardinal(word) == value


def test_swiss_ordinal_with_foif_is_a_day_of_the_month() -> None:
    assert words_to_digits("am föifezwänzgschte") == "am 25."


def test_swiss_postcode_said_as_thousands_and_hundreds() -> None:
    said = "achttuusig vierhundertföif"
    found = extract_slots_local(said, ("postcode", "city"), region="CH", now=NOW).values
    assert "city" not in found  # the hundreds are no place name
    checked = check_answer("postcode", said, found.get("postcode"), region="CH")
    assert checked is not None and checked.value == "8405"


def test_basel_house_number_thirty_two() -> None:
    found = extract_slots_local("sankt gallerstrasse zweiedryssig", ("street",), region="CH", now=NOW).values
    assert found["street"].value.endswith("32")
