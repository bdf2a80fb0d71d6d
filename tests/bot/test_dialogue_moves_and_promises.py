"""Calls played through the dialogue: an appointment the caller cannot make, a wished time
corrected more than once in one answer, and a promise that comes before the wished time."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
WEDNESDAY_EVENING = datetime(2027, 1, 13, 18, 50, tzinfo=BERLIN)  # closed; Thursday 14 January is "morgen"
WEDNESDAY_MORNING_AT = datetime(2026, 12, 9, 8, 30, tzinfo=VIENNA)  # open
MONDAY_MORNING_CH = datetime(2027, 1, 11, 9, 0, tzinfo=ZURICH)


async def test_an_announced_visit_the_caller_cannot_make_is_kept_as_the_earlier_appointment(mueller):
    """'der Monteur sollte ja morgen früh kommen …, das schaff ich aber nicht': tomorrow is the
    appointment to move (the technician reads which one), the new time is asked for."""
    call = Call(mueller, WEDNESDAY_EVENING, back_on_forward=False)
    await call.start("+4930555667788")
    await call.say(
        "ja hallo äh der monteur sollte ja morgen früh kommen wegen der wartung das schaff ich aber nicht",
        "karin peters",
        "die gastherme, eine buderus",
    )
    assert call.decisions[-1].text == "Wann würde es Ihnen stattdessen passen?"
    await call.say("am freitag ginge es, ab acht bin ich da", "ja")
    earlier = call.state.slots["bisheriger_termin"]
    assert earlier["value"].startswith("Donnerstag, 14. Januar")
    assert earlier["normalized"].startswith("2027-01-14")
    assert call.state.slots["preferred_time"]["normalized"].startswith("2027-01-15T08:00")


@pytest.mark.parametrize(
    ("business", "clock", "answer"),
    [
        (
            "mueller",
            datetime(2027, 1, 11, 9, 0, tzinfo=BERLIN),
            "am Mittwoch, nein, am Donnerstag, ach nein, Mittwoch geht doch nicht, also Donnerstag nachmittag um zwei",
        ),
        (
            "meier",
            MONDAY_MORNING_CH,
            "am mittwuch, nei, am dunschtig, ah nei, mittwuch gaht doch nöd, also dunschtig namittag am zwei",
        ),
    ],
)
async def test_a_wish_corrected_twice_in_one_answer_keeps_the_hour_of_the_last_one(request, business, clock, answer):
    """The last correction names the whole wish; the day of the first correction alone lost the hour."""
    call = Call(request.getfixturevalue(business), clock, back_on_forward=False)
    await call.start("+41795552211" if business == "meier" else "+491705552211")
    await call.say("Ich hätte gern einen Wartungstermin für meine Gastherme", "Karin Vogel")
    while "Wann passt es Ihnen" not in call.decisions[-1].text:
        await call.say("weiß ich nicht")
    readback = await call.say(answer)
    while "Stimmt das so?" not in readback.text:  # a service asks for the device last
        readback = await call.say("weiß ich nicht")
    assert "Donnerstag" in readback.text and "14 Uhr" in readback.text
    assert "Mittwoch" not in readback.text
    assert call.state.slots["preferred_time"]["normalized"].startswith("2027-01-14T14:00")


async def test_the_promise_comes_before_the_wished_day(huber):
    """Wednesday morning, a Kehrtermin (follow-up a day) wished for Thursday early: a call back
    tomorrow would come too late, the office calls back today. A wish next week keeps the day."""
    soon = Call(huber, WEDNESDAY_MORNING_AT, back_on_forward=False)
    await soon.start("+436645550401")
    await soon.say(
        "grüß gott ich hab einen zettel bekommen wegen kehren am dienstag da bin ich aber nicht daheim",
        "johann pichler",
        "annenstraße zwölf",
        "acht null zwei null",
        "donnerstag in der früh",
    )
    end = await soon.say("ja")
    assert "heute noch" in end.text

    later = Call(huber, WEDNESDAY_MORNING_AT, back_on_forward=False)
    await later.start("+436645550402")
    await later.say(
        "ich möcht einen kehrtermin ausmachen",
        "johann pichler",
        "annenstraße zwölf",
        "acht null zwei null",
        "nächste woche am dienstag",
    )
    end = await later.say("ja")
    assert "morgen" in end.text and "heute noch" not in end.text
