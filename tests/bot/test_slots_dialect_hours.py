"""Austrian callers say "noch" for "nach": "am Nomittog noch drei" is an afternoon after three,
and the hour is kept with the part of the day (before, only "am Nomittog" was written down)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from zentrale.bot.slots import extract_slots_local

VIENNA = ZoneInfo("Europe/Vienna")
TUESDAY = datetime(2026, 12, 15, 13, 30, tzinfo=VIENNA)


def wish(text: str) -> str | None:
    found = extract_slots_local(text, ("preferred_time",), region="AT", now=TUESDAY).values.get("preferred_time")
    return None if found is None else found.value


def test_an_hour_after_an_austrian_afternoon_is_kept() -> None:
    value = wish("des passt am bestn am nochmittog noch vier, do bin i sicha dahoam")
    assert value is not None and "16 Uhr" in value


def test_a_bavarian_hour_after_nach_or_bis_is_an_hour() -> None:
    value = wish("am vormittag bis elfe wär mir recht")
    assert value is not None and "11" in value


def test_noch_counting_something_is_no_hour() -> None:
    value = wish("am nachmittag bitte, i muass noch drei mal telefonieren vorher")
    assert value is not None and "Uhr" not in value
