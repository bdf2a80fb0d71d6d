"""Swiss and Austrian time answers the rules misread: an hour taken back in the same answer ("am
namittag am zwei, nei lieber am drü", AT "na liaber"), "zmorge" as a part of the day, and a Swiss
"am nüüni" written as a clock time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local

ZURICH = ZoneInfo("Europe/Zurich")
SATURDAY = datetime(2029, 3, 3, 11, 15, tzinfo=ZURICH)


def wish(text: str, region: str = "CH") -> tuple[str, str | None] | None:
    found = extract_slots_local(text, ("preferred_time",), region=region, now=SATURDAY, timezone="Europe/Zurich")
    value = found.values.get("preferred_time")
    return None if value is None else (value.value, value.normalized)


@pytest.mark.parametrize(
    ("said", "region", "normalized"),
    [
        ("am friitig am namittag am zwei nei lieber am drü", "CH", "2029-03-09T15:00:00+01:00"),
        ("am friitig am namittag am zwei nein lieber am drei", "CH", "2029-03-09T15:00:00+01:00"),
        ("freitag nachmittag um zwei nein lieber um drei", "DE", "2029-03-09T15:00:00+01:00"),
        ("am freitag am nomittog um zwa na liaber um drei", "AT", "2029-03-09T15:00:00+01:00"),
    ],
)
def test_an_hour_taken_back_gives_way_to_the_one_said_after(said: str, region: str, normalized: str) -> None:
    found = wish(said, region)
    assert found is not None
    assert found[1] == normalized
    assert "15 Uhr" in found[0] and "14" not in found[0]


def test_a_day_taken_back_gives_way_to_the_one_said_after() -> None:
    found = wish("am freitag um zwa na liaber am samstag", "AT")
    assert found is not None and found[1] == "2029-03-10"


def test_zmorge_is_the_morning() -> None:
    found = wish("am mäntig zmorge")
    assert found is not None and found[1] == "2029-03-05T07:00:00+01:00/2029-03-05T10:00:00+01:00"


def test_a_swiss_am_hour_is_written_as_a_clock_time() -> None:
    found = wish("am zischtig am vormittag am zähni")
    assert found == ("am zischtig am vormittag um 10 Uhr", "2029-03-06T10:00:00+01:00")
