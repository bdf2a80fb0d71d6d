"""A wish for a stretch of a month ("Anfang Januar", "in der zweiten Januarwoche", "KW 3") keeps
its words and carries the days it spans, so staff can offer a day without a calendar."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.slots import extract_slots_local

BERLIN = ZoneInfo("Europe/Berlin")
MID_DECEMBER = datetime(2026, 12, 15, 8, 30, tzinfo=BERLIN)  # a Tuesday


def wish(text: str, region: str = "DE") -> str | None:
    found = extract_slots_local(text, ("preferred_time",), region=region, now=MID_DECEMBER).values.get("preferred_time")
    return None if found is None else found.value


@pytest.mark.parametrize(
    ("said", "days"),
    [
        ("am liebsten in der zweiten januarwoche, vormittags", "(11.–15. Januar)"),  # 1.1.2027 is a Friday
        ("die erste woche im februar ginge bei uns", "(1.–5. Februar)"),
        ("irgendwann in der letzten jännerwoche", "(25.–29. Jänner)"),
        ("kalenderwoche drei wäre uns recht", "(18.–22. Januar)"),
        ("in der kw 2 bitte", "(11.–15. Januar)"),
        ("so anfang januar wenn es geht", "(1.–10. Januar)"),
        ("mitte februar", "(11.–20. Februar)"),
        ("ende januar", "(21.–31. Januar)"),
    ],
)
def test_a_stretch_of_a_month_gets_its_days(said: str, days: str) -> None:
    value = wish(said)
    assert value is not None and value.endswith(days)


def test_a_calendar_week_already_past_is_next_years() -> None:
    value = wish("in der kw 50")
    assert value is not None and value.endswith("(13.–17. Dezember)")  # KW 50 of 2027


def test_the_whole_month_stays_as_said() -> None:
    assert wish("im januar irgendwann") == "im januar"


def test_a_date_said_in_a_month_keeps_its_date() -> None:
    found = extract_slots_local("am 12. januar", ("preferred_time",), region="DE", now=MID_DECEMBER).values["preferred_time"]
    assert found.normalized == "2027-01-12" and "(" not in found.value


def test_a_stored_stretch_read_again_stays_a_stretch() -> None:
    """The wish is read again from its stored words: the days written next to it are no date."""
    stored = wish("in der zweiten jännerwoche vormittags", region="AT")
    assert stored is not None
    again = extract_slots_local(stored, ("preferred_time",), region="AT", now=MID_DECEMBER).values["preferred_time"]
    assert again.value == stored and again.normalized is None
