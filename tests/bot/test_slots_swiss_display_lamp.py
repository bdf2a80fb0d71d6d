"""What Swiss callers read off their boiler: a two-digit number said the Swiss way
("sibenezwänzg" = 27) after a letter is the error code, and a red lamp that "brennt" is lit,
no fire. A mobile number said in pairs after "mobil"/"handy" is the callback number."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.numbers_de import parse_cardinal, words_to_digits
from zentrale.bot.slots import extract_slots_local

ZURICH = ZoneInfo("Europe/Zurich")
NOW = datetime(2027, 1, 12, 9, 30, tzinfo=ZURICH)  # a Tuesday in winter


def slot(text: str, name: str, region: str = "CH"):
    return extract_slots_local(text, (name,), region=region, now=NOW).values.get(name)


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("sibenezwänzg", 27),
        ("sibezwänzg", 27),
        ("sibenundzwänzg", 27),
        ("sibenedrissg", 37),
        ("sibeneachzg", 87),
        # already understood before, kept
        ("einezwänzg", 21),
        ("zwöiezwänzg", 22),
        ("drüüedrissg", 33),
        ("füfedriissg", 35),
        ("achtevierzg", 48),
        ("nüünenünzg", 99),
        # Swiss seventy stays seventy
        ("sibezg", 70),
    ],
)
def test_swiss_unit_joined_to_its_tens(word: str, value: int) -> None:
    assert parse_cardinal(word) == value


def test_swiss_twenty_seven_in_a_sentence_becomes_digits() -> None:
    assert words_to_digits("bi üs isch es d nummere sibenezwänzg") == "bi üs isch es d nummere 27"


@pytest.mark.parametrize(
    ("said", "code"),
    [
        ("uf em display staht e sibenezwänzg und es blinkt", "E27"),
        ("de chessel zeigt f sibezwänzg a", "F27"),
    ],
)
def test_letter_and_swiss_number_on_the_display_is_the_error_code(said: str, code: str) -> None:
    fault = slot(said, "fault")
    assert fault is not None and fault.normalized == code


@pytest.mark.parametrize(
    "said",
    [
        "de brenner gaht uf störig, es rots lämpli brennt",
        "bei der therme brennt die rote lampe dauernd",
        "die störungsleuchte brennt",
        "es brennt rot am gerät",
    ],
)
def test_lit_lamp_is_no_fire(said: str) -> None:
    urgency = slot(said, "urgency")
    assert urgency is None or urgency.value != "Notfall"


@pytest.mark.parametrize("said", ["im heizraum brennt es", "es brennt im chäller", "das licht ist aus und es brennt"])
def test_fire_still_is_an_emergency(said: str) -> None:
    urgency = slot(said, "urgency")
    assert urgency is not None and urgency.value == "Notfall"


@pytest.mark.parametrize(
    ("said", "digits", "region"),
    [
        (
            "nicht die festnetznummer, lieber mobil: null eins fünf eins, sieben sieben, sechs sechs, fünf fünf, vier zwo",
            "015177665542",
            "DE",
        ),
        ("handy null eins sieben sechs, zwölf, vierunddreißig, sechsundfünfzig, achtundsiebzig", "017612345678", "DE"),
        ("mis handy isch null sibe nüün, drüü drüü, vier vier, füüf füüf, zwöi eis", "0793344552", "CH"),
    ],
)
def test_mobile_number_said_in_pairs_is_the_callback_number(said: str, digits: str, region: str) -> None:
    number = slot(said, "callback_number", region)
    assert number is not None and "".join(ch for ch in number.value if ch.isdigit()) == digits
