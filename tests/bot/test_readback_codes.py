"""Read-back formatting of error codes, reference numbers and wished time ranges (issue 11)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.readback import display_code, speak_code, speak_time

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))  # Monday


@pytest.mark.parametrize(("said", "code"), [("f 28", "F28"), ("F.28", "F28"), ("e133", "E133"), ("F28", "F28"), ("6A", "6A")])
def test_codes_are_written_compact(said: str, code: str) -> None:
    assert display_code(said) == code


@pytest.mark.parametrize(
    ("code", "spoken"),
    [
        ("F28", "F 28"),
        ("E133", "E eins drei drei"),
        ("AB2345", "A B zwo drei vier fünf"),
        ("RE-2024-0012", "R E Strich zwo null zwo vier Strich null null eins zwo"),
    ],
)
def test_codes_are_spoken_letter_by_letter_and_long_numbers_digit_by_digit(code: str, spoken: str) -> None:
    assert speak_code(code) == spoken


def test_austrian_codes_say_zwei() -> None:
    assert speak_code("AB2345", "AT") == "A B zwei drei vier fünf"


@pytest.mark.parametrize(
    ("said", "normalized", "spoken"),
    [
        ("am 12.3. vormittags", "2025-03-12T08:00:00+01:00/2025-03-12T12:00:00+01:00", "Mittwoch, 12. März, am Vormittag"),
        ("am 12.3. ab 14 uhr", "2025-03-12T14:00:00+01:00/2025-03-12T20:00:00+01:00", "Mittwoch, 12. März, ab 14 Uhr"),
        (
            "am 12.3. zwischen 8 und 10 uhr",
            "2025-03-12T08:00:00+01:00/2025-03-12T10:00:00+01:00",
            "Mittwoch, 12. März, zwischen 8 und 10 Uhr",
        ),
        ("nächsten mittwoch vormittag", "2025-03-05T08:00:00+01:00/2025-03-05T12:00:00+01:00", "nächsten Mittwoch Vormittag"),
        ("am 12.3.", "kaputt/kaputt", "am 12.3"),
    ],
)
def test_time_ranges_are_read_back(said: str, normalized: str, spoken: str) -> None:
    assert speak_time(said, normalized, now=NOW) == spoken


@pytest.mark.parametrize(
    ("code", "region", "spoken"),
    [
        # a document number with a separator: every digit as the caller said it
        ("2026/21", "AT", "zwei null zwei sechs Schrägstrich zwei eins"),
        ("2026-173", "DE", "zwo null zwo sechs Strich eins sieben drei"),
        ("RE2026/089", "DE", "R E zwo null zwo sechs Schrägstrich null acht neun"),
        # an error code keeps its short number
        ("F62", "DE", "F 62"),
    ],
)
def test_document_numbers_are_read_back_digit_by_digit(code: str, region: str, spoken: str) -> None:
    assert speak_code(code, region) == spoken
