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


@pytest.mark.parametrize(
    ("said", "street"),
    [
        ("bi de mueter a de rosebergstrass sibe", "Rosebergstrasse 7"),
        ("tössfeldstrass zweezwänzg", "Tössfeldstrasse 22"),
        ("lindstrass fuffzäh im zwaite stock", "Lindstrasse 15"),
        ("hegifeldstrass drissg achttuusig vierhundertnüün", "Hegifeldstrasse 30"),
    ],
)
def test_swiss_streets_are_written_as_on_the_map(said: str, street: str) -> None:
    found = extract_slots_local(said, ("street",), region="CH", now=NOW).values.get("street")
    assert found is not None and found.value == street
    assert check_answer("street", said, found, region="CH").value == street  # type: ignore[union-attr]


def test_swiss_pronoun_after_the_postcode_is_no_town() -> None:
    said = "frischknecht luca hegifeldstrass drissg achttuusig vierhundertnüün üsi wärmepumpe vo nibe zeigt e störig"
    found = extract_slots_local(said, ("postcode", "city"), region="CH", now=NOW).values
    assert "city" not in found


def test_swiss_display_code_read_out_with_articles() -> None:
    said = "sit vorgeschter bliibe d heizkörper chalt und s display zeigt so e f und e vier"
    found = extract_slots_local(said, ("fault",), region="CH", now=NOW).values.get("fault")
    assert found is not None and found.normalized == "F4"


def test_a_sentence_to_the_street_question_is_no_street() -> None:
    assert check_answer("street", "des klär i mit dem meister", None, region="AT") is None
    found = check_answer("street", "im ried zwei", None, region="CH")
    assert found is not None and found.value == "Im Ried 2"


def test_dialect_contractions_are_no_name() -> None:
    said = "na wissen sie was des bespreche i lieber direkt mitm meister mitm herrn huber der soll mi zruckrufen"
    assert extract_slots_local(said, ("caller_name",), region="AT", now=NOW).values.get("caller_name") is None


def test_surname_said_again_as_the_firms_name() -> None:
    found = check_answer("caller_name", "sandra keller keller immobilien ag", None, region="CH")
    assert found is not None and found.value == "Sandra Keller"
