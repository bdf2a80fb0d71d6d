"""Details said the way callers say them: a measure is no error code, the kind of noise is kept,
Swiss hours with -i, a past call is no wish, weekdays with a month, a reference number read
again after "verguckt", "heut das erste Mal" is no day wished."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local, reference_code

NOW = datetime(2028, 1, 25, 8, 20, tzinfo=ZoneInfo("Europe/Zurich"))


def _slot(text: str, slot: str, region: str = "DE") -> str | None:
    value = extract_slots_local(text, [slot], region=region, now=NOW, timezone="Europe/Zurich").values.get(slot)
    return value.value if value else None


@pytest.mark.parametrize(
    "text",
    [
        "im keller steht das wasser da fünf zentimeter hoch",
        "die anzeige zeigt so sechzig grad",
        "das manometer steht da zwei bar",
    ],
)
def test_a_word_and_a_measure_are_no_error_code(text: str) -> None:
    assert "Fehler" not in (_slot(text, "fault") or "")


def test_a_code_after_the_display_still_counts() -> None:
    assert _slot("im display steht e zehn", "fault") == "Fehler E10"


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("die therme pfeift beim anspringen", "Geräusche (pfeift)"),
        ("die pumpe brummt und in den rohren gluckert es", "Geräusche (brummt, gluckert)"),
        ("der kessel macht komische geräusche", "Geräusche"),
    ],
)
def test_the_kind_of_noise_is_kept(text: str, fault: str) -> None:
    assert _slot(text, "fault") == fault


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("i bi hüt bis am vieri erreichbar", "16 Uhr"),
        ("am beschte ab siebni am morge", "7"),
        ("so um halbi zäh wär guet", "9:30"),
    ],
)
def test_swiss_hours_with_i(text: str, said: str) -> None:
    assert said in (_slot(text, "preferred_time", "CH") or "")


@pytest.mark.parametrize(
    "text",
    [
        "hüt am morge am halbi zäh het öpper aaglüütet",
        "heute um halb zehn hat jemand von ihnen angerufen",
        "wir sind heut das erste mal hier",
        "ich ruf heut zum zweiten mal an",
    ],
)
def test_a_past_call_or_a_count_of_times_is_no_wish(text: str) -> None:
    assert _slot(text, "preferred_time", "CH") is None


def test_weekdays_with_a_month_said_apart() -> None:
    value = extract_slots_local(
        "am mittwoch, egal welche woche, am liebsten im märz", ["preferred_time"], now=NOW, timezone="Europe/Zurich"
    ).values["preferred_time"]
    assert value.normalized == "2028-03-01"


def test_two_weekdays_with_and_are_two_to_choose_from() -> None:
    value = extract_slots_local(
        "ich bi am zischtig und am dunschtig de ganz tag dihei", ["preferred_time"], region="CH", now=NOW
    ).values["preferred_time"]
    assert value.normalized is None
    assert "zischtig" in value.value and "dunschtig" in value.value


def test_a_reference_number_corrected_after_misreading() -> None:
    said = "r e zwei null zwei sieben null vier eins sechs nee moment verguckt null vier sechs eins"
    assert reference_code(said) == "RE20270461"


def test_an_hour_and_a_month_said_apart_are_one_wish() -> None:
    value = _slot("am liebsten früh ab sieben, egal welcher tag, im märz", "preferred_time") or ""
    assert "7" in value and "märz" in value
