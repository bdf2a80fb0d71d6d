"""A wished day said as its weekday and then its date ("den Donnerstag drauf, also den
achtundzwanzigsten", Swiss "am Friitig de nüünezwänzigschte"): the date says which weekday is
meant, and the hour and part of the day said after it belong to that day."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local

BERLIN = ZoneInfo("Europe/Berlin")
ZURICH = ZoneInfo("Europe/Zurich")
TUESDAY_19_JANUARY = datetime(2027, 1, 19, 8, 45, tzinfo=BERLIN)


def wish(text: str, region: str = "DE") -> tuple[str, str | None]:
    now = TUESDAY_19_JANUARY.astimezone(ZURICH) if region == "CH" else TUESDAY_19_JANUARY
    found = extract_slots_local(text, ("preferred_time",), region=region, now=now).values.get("preferred_time")
    assert found is not None, text
    return found.value, found.normalized


def test_the_date_after_the_weekday_drauf_names_the_day_and_its_hour() -> None:
    value, normalized = wish("am liebsten den donnerstag drauf also den achtundzwanzigsten ab vierzehn uhr")
    assert normalized == "2027-01-28T14:00:00+01:00/2027-01-28T20:00:00+01:00"
    assert "28." in value and "14" in value


def test_a_swiss_ordinal_day_after_de_with_an_afternoon_hour() -> None:
    value, normalized = wish("am friitig de nüünezwänzigschte am namittag ab zwei", region="CH")
    assert normalized == "2027-01-29T14:00:00+01:00/2027-01-29T20:00:00+01:00"
    assert "14 Uhr" in value


@pytest.mark.parametrize(
    "said",
    [
        "am donnerstag das wäre der achtundzwanzigste",
        "donnerstag, das ist der achtundzwanzigste",
        "donnerstag, sprich den achtundzwanzigsten",
    ],
)
def test_the_date_said_as_what_the_weekday_is(said: str) -> None:
    assert wish(said)[1] == "2027-01-28"


def test_a_weekday_alone_is_still_the_next_one() -> None:
    assert wish("am donnerstag wäre gut")[1] == "2027-01-21"


def test_a_second_day_with_its_own_words_is_no_apposition() -> None:
    # "am Donnerstag kann ich nicht, aber am 28.": the day that suits is the date, not the Thursday
    _value, normalized = wish("am donnerstag kann ich nicht aber am achtundzwanzigsten")
    assert normalized == "2027-01-28"


def test_only_mornings_said_after_wäre_gut_limits_the_day() -> None:
    value, normalized = wish("übernächste woche dienstag wäre gut aber nur vormittags")
    assert normalized == "2027-02-02T08:00:00+01:00/2027-02-02T12:00:00+01:00"
    assert "vormittags" in value


@pytest.mark.parametrize("said", ["guten abend, wäre es morgen möglich", "guten abend, wär es morgen gut"])
def test_a_greeting_is_no_part_of_the_day_said_after_it(said: str) -> None:
    value, normalized = wish(said)
    assert normalized == "2027-01-20"
    assert "abend" not in value
