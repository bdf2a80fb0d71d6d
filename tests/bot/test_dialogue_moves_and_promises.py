"""Calls played through the dialogue: an appointment the caller cannot make, a wished time
corrected more than once in one answer, and a promise that comes before the wished time."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.dialogue import Decision, Dialogue, DialogueState
from zentrale.bot.intents.factory import build_local_engine
from zentrale.config import EXAMPLES_DIR, load_config

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
WEDNESDAY_EVENING = datetime(2027, 1, 13, 18, 50, tzinfo=BERLIN)  # closed; Thursday 14 January is "morgen"
WEDNESDAY_MORNING_AT = datetime(2026, 12, 9, 8, 30, tzinfo=VIENNA)  # open
MONDAY_MORNING_CH = datetime(2027, 1, 11, 9, 0, tzinfo=ZURICH)


@pytest.fixture(scope="module")
def installation():
    return load_config(EXAMPLES_DIR, environ={})


@pytest.fixture(scope="module")
def mueller(installation):
    return installation.business("heizung-mueller")


@pytest.fixture(scope="module")
def huber(installation):
    return installation.business("rauchfangkehrer-huber")


@pytest.fixture(scope="module")
def meier():
    path = Path(__file__).resolve().parents[2] / "benchmarks" / "data" / "haustechnik-meier-ch.yaml"
    return load_config(path, environ={}).business("haustechnik-meier")


class Call:
    """One phone call: every turn stores the state as JSON and reads it back, like the webhooks."""

    def __init__(self, business, clock: datetime) -> None:
        self.dialogue = Dialogue(business, build_local_engine(business), clock=lambda: clock)
        self.stored = ""
        self.decisions: list[Decision] = []

    @property
    def state(self) -> DialogueState:
        return DialogueState.from_dict(json.loads(self.stored))

    def _store(self, state: DialogueState, decision: Decision) -> Decision:
        self.stored = json.dumps(state.to_dict(), ensure_ascii=False)
        self.decisions.append(decision)
        return decision

    async def start(self, caller: str) -> Decision:
        return self._store(*await self.dialogue.start(caller, []))

    async def say(self, *lines: str) -> Decision:
        decision = self.decisions[-1]
        for line in lines:
            decision = self._store(*await self.dialogue.on_speech(self.state, line, None))
        return decision

    @property
    def heard(self) -> str:
        return "\n".join(d.text for d in self.decisions)


async def test_an_announced_visit_the_caller_cannot_make_is_kept_as_the_earlier_appointment(mueller):
    """'der Monteur sollte ja morgen früh kommen …, das schaff ich aber nicht': tomorrow is the
    appointment to move (the technician reads which one), the new time is asked for."""
    call = Call(mueller, WEDNESDAY_EVENING)
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
    call = Call(request.getfixturevalue(business), clock)
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
    soon = Call(huber, WEDNESDAY_MORNING_AT)
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

    later = Call(huber, WEDNESDAY_MORNING_AT)
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
