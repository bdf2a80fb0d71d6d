"""The wished time: a day said to be bad is gone, a day described or told as past is no wish.

"Montag is schlecht, Dienstag den Neunten ab Mittag" wishes Tuesday; "heute is Feiertag" says what
today is; "die war letztes Jahr auch im Oktober" tells when the last visit was; "ab dem fünfzehnten,
egal welcher Tag, aber nur nachmittags" keeps the afternoon with the day. Sentences of our own.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local

NOW = datetime(2029, 10, 2, 10, 40, tzinfo=ZoneInfo("Europe/Berlin"))  # a Tuesday


def wish(text: str, timezone: str = "Europe/Berlin") -> tuple[str, str | None] | None:
    value = extract_slots_local(text, ["preferred_time"], now=NOW, timezone=timezone).values.get("preferred_time")
    return None if value is None else (value.value, value.normalized)


@pytest.mark.parametrize(
    ("text", "timezone", "day"),
    [
        (
            "na dann lieber nächste woche montag, ach nee, montag is schlecht, dienstag den neunten ab mittag",
            "Europe/Berlin",
            "2029-10-09",
        ),
        ("am montag passt es mir eher schlecht, mittwoch wär gut", "Europe/Vienna", "2029-10-03"),
        ("am mäntig isch es chli schlecht, lieber am zischtig am morge", "Europe/Zurich", "2029-10-09"),
        ("freitag ist ungünstig, geht auch donnerstag", "Europe/Berlin", "2029-10-04"),
    ],
)
def test_a_day_said_to_be_bad_is_no_wish(text, timezone, day):
    found = wish(text, timezone)
    assert found is not None and found[1] is not None and found[1].startswith(day), found


@pytest.mark.parametrize(
    "text",
    [
        "guten abend, ich weiß heute is feiertag, ich wollt nur schon mal die wartung anmelden",
        "morgen ist ja sonntag, ich wollte die kaminkehrung anmelden",
        "die wartung war letztes jahr auch im oktober, ich wollt sie wieder anmelden",
        "das service war voriges jahr schon im märz",
    ],
)
def test_a_day_described_or_past_is_no_wish(text):
    assert wish(text) is None


def test_a_later_wish_after_a_past_month_is_kept():
    found = wish("die wartung war voriges jahr im märz, diesmal gern im april")
    assert found is not None and "april" in found[0], found


@pytest.mark.parametrize(
    "text",
    [
        "ab dem fünfzehnten egal welcher tag aber nur nachmittags",
        "ab dem fünfzehnten, egal welcher tag, nur nachmittags",
    ],
)
def test_the_part_of_the_day_stays_with_any_day_from_then(text):
    found = wish(text)
    assert found is not None and "15." in found[0] and "nachmittags" in found[0], found
    assert found[1] is not None and found[1].startswith("2029-10-15T12:00"), found
