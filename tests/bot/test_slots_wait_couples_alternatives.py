"""Answers that are no detail yet and details said the way couples and busy callers say them:
a caller asking to wait ("Momänt", "a Sekunderl", "ich schau schnell") gives no name, street or
number; a couple gives both first names and the surname; "X hier, die Frau Y hatte mich
angerufen" names the caller X (and the morning Y called is no wish for a callback);
"Postleitzahl … is 8112" is the postcode in Austria and Switzerland without a place after it;
two days offered with "oder" are never mixed into one time."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local, is_wait_request
from zentrale.bot.validate import check_answer, is_filler, is_non_answer

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 12, 7, 12, 10, tzinfo=BERLIN)  # a Monday, lunchtime


def slot(text: str, name: str, region: str = "DE"):
    return extract_slots_local(text, (name,), region=region, now=NOW).values.get(name)


WAITING = [
    "Moment",
    "momänt",
    "Momentli bitte",
    "einen Augenblick",
    "eine Sekunde bitte",
    "Sekunde",
    "warten Sie",
    "gleich",
    "ich schau schnell",
    "Moment, ich muss kurz nachschauen",
    "a Sekunderl",
    "wart a bisserl",
    "ja Moment, ich hol das schnell",
    "äh, Augeblick, i lueg gschwind",
]


@pytest.mark.parametrize("said", WAITING)
def test_a_request_to_wait_is_no_answer(said: str) -> None:
    assert is_wait_request(said)
    assert is_non_answer(said)
    assert is_filler(said)


@pytest.mark.parametrize("said", WAITING)
@pytest.mark.parametrize("name", ["caller_name", "street", "city", "postcode", "callback_number", "device"])
def test_a_request_to_wait_fills_no_detail(said: str, name: str) -> None:
    assert slot(said, name) is None
    assert check_answer(name, said, None, region="DE") is None


@pytest.mark.parametrize(
    "said",
    ["Lea Brunner", "Moment, Müller", "gleich morgen früh", "sofort bitte", "Lindenstraße zwölf", "Momsen"],
)
def test_an_answer_with_more_than_waiting_is_no_wait_request(said: str) -> None:
    assert not is_wait_request(said)


def test_the_name_after_the_wait_is_taken() -> None:
    found = slot("lea brunner studer", "caller_name", region="CH")
    assert found is not None and "Brunner" in found.value


@pytest.mark.parametrize(
    ("said", "surname"),
    [
        ("heinz und gisela rohde rohde mit h", "Rohde"),
        ("reinhard und petra vogel also vogel", "Vogel"),
        ("äh markus und eva leitgeb", "Leitgeb"),
    ],
)
def test_a_couple_gives_both_first_names_and_the_surname(said: str, surname: str) -> None:
    found = slot(said, "caller_name")
    checked = check_answer("caller_name", said, found, region="DE")
    assert checked is not None
    assert checked.value.endswith(surname) and " und " in checked.value


def test_a_couple_with_the_speaker_named_keeps_the_speaker() -> None:
    found = slot("markus und eva leitgeb, ich bin der markus", "caller_name")
    assert found is not None and found.value == "Markus Leitgeb"


@pytest.mark.parametrize("said", ["heizung und warmwasser kaputt", "hans und peter sind da"])
def test_two_things_joined_by_und_are_no_couple(said: str) -> None:
    assert slot(said, "caller_name") is None


def test_the_name_before_hier_is_the_caller_not_who_called_them() -> None:
    said = "ja engel hier die frau berger hatte mich heute früh angerufen und ich hab es nicht geschafft ranzugehen"
    found = slot(said, "caller_name")
    assert found is not None and found.value == "Engel"
    assert slot("hallo hier die frau berger", "caller_name").value == "Frau Berger"


@pytest.mark.parametrize(
    "said",
    [
        "die frau berger hatte mich heute früh angerufen",
        "er hat heute morgen schon angerufen",
        "sie hat mich am montag zweimal versucht",
    ],
)
def test_when_somebody_called_is_no_wished_time(said: str) -> None:
    assert slot(said, "preferred_time") is None


def test_a_wish_after_a_past_call_is_kept() -> None:
    found = slot("sie hat mich am montag angerufen, rufen sie mich bitte morgen nachmittag an", "preferred_time")
    assert found is not None and found.value == "morgen nachmittag"


@pytest.mark.parametrize(
    ("said", "region", "postcode"),
    [
        ("na die postleitzahl stimmt ned des is acht eins eins zwei", "AT", "8112"),
        ("die postleitzahl is acht eins eins zwei", "AT", "8112"),
        ("d postleitzahl isch drü null eis zwei", "CH", "3012"),
    ],
)
def test_a_four_digit_postcode_after_its_word_and_a_few_more(said: str, region: str, postcode: str) -> None:
    found = slot(said, "postcode", region=region)
    assert found is not None and found.normalized == postcode


def test_four_digits_without_postcode_word_or_place_stay_no_postcode() -> None:
    assert slot("acht eins eins zwei", "postcode", region="AT") is None


def test_two_days_offered_are_not_mixed() -> None:
    found = slot("heute nach halb fünf oder morgen früh vor acht", "preferred_time")
    assert found is not None
    assert found.normalized == "2026-12-07T16:30:00+01:00"  # today, afternoon; not tomorrow 4:30


def test_two_days_without_an_hour_stay_open() -> None:
    found = slot("am mittwoch oder donnerstag vormittag", "preferred_time")
    assert found is not None and found.normalized is None


def test_the_surname_said_before_hier_and_the_full_name_after_is_one_person() -> None:
    found = slot("also äh müller hier stefan müller", "caller_name")
    assert found is not None and found.value == "Stefan Müller"


def test_the_other_offered_day_keeps_its_date() -> None:
    found = slot("heute ab halb fünf oder morgen vor acht", "preferred_time")
    assert found is not None and "Dienstag, 8.12." in found.value
