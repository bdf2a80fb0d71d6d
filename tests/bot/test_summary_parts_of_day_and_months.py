"""The wished time as staff search for it: the part of the day as a word ("Nachmittag
(12–17 Uhr)", "Vormittag", "morgens" for the early hours, since "Morgen" reads as tomorrow), in
the summary sentence and the labelled details alike; a month as a word where a day is written
with its number ("(27.–30.12.)" → "(27.–30. Dezember)"). The read-back stays spoken German
("Dienstag, 26. Januar, am Morgen", "morgen früh")."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.readback import months_as_words, speak_time
from zentrale.bot.summary import when_text

ZURICH = "Europe/Zurich"


@pytest.mark.parametrize(
    ("said", "normalized", "shown"),
    [
        ("am dunschtig am namittag", "2026-12-10T12:00:00+01:00/2026-12-10T17:00:00+01:00",
         "Donnerstag, 10. Dezember, Nachmittag (12–17 Uhr)"),
        ("am donnerstag vormittags", "2026-12-10T08:00:00+01:00/2026-12-10T12:00:00+01:00",
         "Donnerstag, 10. Dezember, Vormittag (8–12 Uhr)"),
        ("zischtig am morge", "2027-01-26T07:00:00+01:00/2027-01-26T10:00:00+01:00", "Dienstag, 26. Januar, morgens (7–10 Uhr)"),
        ("donnerstag in der früh", "2027-01-28T07:00:00+01:00/2027-01-28T10:00:00+01:00",
         "Donnerstag, 28. Januar, morgens (7–10 Uhr)"),
        ("freitag abends", "2027-01-29", "Freitag, 29. Januar, Abend"),
        ("dienstag ab 4 nachmittags", "2027-01-26T16:00:00+01:00/2027-01-26T20:00:00+01:00", "Dienstag, 26. Januar, ab 16 Uhr"),
        ("dienstag zwischen acht und zehn", "2027-01-26T08:00:00+01:00/2027-01-26T10:00:00+01:00", "Dienstag, 26. Januar, 8–10 Uhr"),
    ],
)  # fmt: skip
def test_the_part_of_the_day_is_a_word_staff_search_for(said: str, normalized: str, shown: str) -> None:
    assert when_text(said, normalized, ZURICH) == shown


@pytest.mark.parametrize(
    ("said", "shown"),
    [
        ("nächste woche vormittags", "nächste Woche am Vormittag"),
        ("morgen nachmittags", "morgen Nachmittag"),
        ("ab 4 uhr nachmittags", "ab 4 Uhr nachmittags"),  # the hour said stays with its word
        ("2. januarwoche vormittags (11.–15.1.)", "2. Januarwoche am Vormittag (11.–15. Januar)"),
        ("zwischen den jahren (27.–30.12.)", "zwischen den Jahren (27.–30. Dezember)"),
        ("heute nach halb fünf oder morgen früh (Dienstag, 5.1.)", "heute nach halb fünf oder morgen früh (Dienstag, 5. Januar)"),
    ],
)  # fmt: skip
def test_a_wish_without_a_date_shows_parts_and_months_as_words(said: str, shown: str) -> None:
    assert when_text(said, None, "Europe/Berlin") == shown


def test_austria_keeps_jaenner_and_a_clock_time_is_no_date() -> None:
    assert months_as_words("kw 2 (11.–15.1.)", "AT") == "kw 2 (11.–15. Jänner)"
    assert months_as_words("so um 9.10. rum") == "so um 9.10. rum"
    assert months_as_words("am 31.13.") == "am 31.13."


def test_the_read_back_says_the_morning_as_people_do() -> None:
    now = datetime(2027, 1, 19, 9, 30, tzinfo=ZoneInfo(ZURICH))
    span = "2027-01-26T07:00:00+01:00/2027-01-26T10:00:00+01:00"
    assert speak_time("zischtig am morge", span, now=now, timezone=ZURICH, region="CH") == "Dienstag, 26. Januar, am Morgen"
    tomorrow = "2027-01-20T07:00:00+01:00/2027-01-20T10:00:00+01:00"
    assert speak_time("am mittwuch am morge", tomorrow, now=now, timezone=ZURICH, region="CH") == "morgen früh"
    afternoon = "2027-01-26T12:00:00+01:00/2027-01-26T17:00:00+01:00"
    assert (
        speak_time("zischtig namittag", afternoon, now=now, timezone=ZURICH, region="CH") == "Dienstag, 26. Januar, am Nachmittag"
    )
