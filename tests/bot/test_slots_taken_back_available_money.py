"""A code taken back with words between ("f 28, warten Sie, ich schau nochmal, nee f 29"), the
time the caller can be reached ("ich bin nur vormittags erreichbar", Swiss "ab halbi sächsi am
abig dihei"), and a sum of money that is no document number ("ich hab 1480 Franken bezahlt")."""

from __future__ import annotations

from datetime import datetime

import pytest

from zentrale.bot.numbers_de import words_to_digits
from zentrale.bot.slots import REFERENCE_SLOTS, extract_slots_local, reference_code

_NOW = datetime(2026, 3, 4, 10, 0)


def _slots(said: str, region: str = "DE") -> dict[str, str]:
    wanted = ("fault", "preferred_time", "caller_name", "device", *REFERENCE_SLOTS)
    return {k: v.value for k, v in extract_slots_local(said, wanted, region=region, now=_NOW).values.items()}


@pytest.mark.parametrize(
    ("said", "region", "code"),
    [
        ("das display zeigt e drei eins, moment ich schau genauer hin, nein e drei vier", "DE", "E34"),
        ("fehler f sieben nee halt ich hab mich verlesen f neun", "DE", "F9"),
        ("es zeigt de fehler e zwei eins nei wart i lueg nomal es isch e zwei sieben", "CH", "E27"),
    ],
)
def test_code_taken_back_with_words_between_the_last_counts(said: str, region: str, code: str) -> None:
    assert code in _slots(said, region).get("fault", "")


def test_two_codes_without_taking_one_back_keep_the_first() -> None:
    assert "E31" in _slots("die anzeige zeigt e drei eins und danach f zwei")["fault"]


@pytest.mark.parametrize(
    ("said", "region", "expected"),
    [
        ("die therme tropft, und ich bin nur nachmittags erreichbar", "DE", "nachmittags"),
        ("wir sind erst abends daheim", "DE", "abends"),
        ("d heizig isch chalt, i bi ab halbi sibni am abig dihei", "CH", "18:30"),
    ],
)
def test_when_the_caller_can_be_reached_is_the_time(said: str, region: str, expected: str) -> None:
    assert expected in _slots(said, region).get("preferred_time", "")


def test_a_part_of_day_describing_the_fault_is_no_time() -> None:
    assert "preferred_time" not in _slots("abends wird die wohnung immer kalt")


def test_swiss_hour_after_half_is_a_number() -> None:
    assert words_to_digits("ab halbi sibni") == "ab halbi 7"


@pytest.mark.parametrize(
    "said",
    [
        "d rechnig isch höcher als d offerte, i ha zweitausendsächshundert franke zahlt",
        "die rechnung ist zu hoch ich hab neunhundertvierzig euro bezahlt",
        "das angebot war dreitausend euro",
    ],
)
def test_a_sum_of_money_is_no_document_number(said: str) -> None:
    found = _slots(said, "CH")
    assert not any(slot in found for slot in REFERENCE_SLOTS), found


def test_words_before_a_sum_are_no_letters_of_a_number() -> None:
    assert reference_code("ich hab neunhundertvierzig euro bezahlt") is None
    assert reference_code("r e zwei null zwei sechs null eins") == "RE202601"
