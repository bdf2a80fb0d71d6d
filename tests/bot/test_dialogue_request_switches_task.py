"""Calls played through the dialogue: a request said instead of an answer names the real reason, and a
town said with the street is kept.

A request ("kann der Monteur bei der Wartung …", "der soll mich zurückrufen", CH "chönd Sie das bim
Service …") in an answer that fits no question switches the task as "eigentlich" does, when the
engine hears another task; the caller asking leave ("kann ich …") is none. The answer to the device
question may be such a request too. "Hauptstraße 14 in Gratkorn" to the street question keeps the
town outside an emergency. Sentences of our own.
"""

from __future__ import annotations

import pytest

from tests.bot.dialogue_calls import (
    CALLER_AT,
    CALLER_CH,
    CALLER_DE,
    TUESDAY_MORNING,
    TUESDAY_MORNING_AT,
    TUESDAY_MORNING_CH,
    played,
)
from zentrale.bot.dialogue import _REQUEST, _fold


async def test_a_callback_wished_instead_of_the_name_switches_to_the_callback(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "grüß gott i möcht an kehrtermin ausmachen",
        "ach wissen sie, des red i lieber mit dem meister, der soll mi bitte zruckrufen",
    )
    assert call.state.task_id == "rueckruf", call.heard
    assert "dann geht es um das Thema" in call.heard, call.heard


async def test_a_service_wished_instead_of_the_device_switches_to_the_service(meier):
    call = await played(
        meier,
        TUESDAY_MORNING_CH,
        CALLER_CH,
        "grüezi de co melder im gang piepst eimal i de stund ganz churz",
    )
    assert call.state.task_id != "service", call.heard
    await call.say(
        "nei kei alarm, s isch d batterie, chönd sie die bim nöchschte service grad wächsle, de service isch eh fällig"
    )
    assert call.state.task_id == "service", call.heard


async def test_a_wartung_wished_after_a_smoke_only_thought_of_is_the_appointment(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "ich dachte erst, die heizung qualmt, aber das war der nachbar mit seinem grill, alles gut",
        "wenn ich sie schon dran habe, unsere gastherme müsste mal wieder gewartet werden",
    )
    assert call.state.task_id == "termin", call.heard


@pytest.mark.parametrize(
    ("said", "asks"),
    [
        ("kann der monteur bei der wartung die batterie tauschen", True),
        ("der soll mi bitte zruckrufen", True),
        ("chönd sie das bim service grad mache", True),
        ("kann ich ihnen das später sagen", False),
        ("soll i buchstabieren", False),
    ],
)
def test_the_caller_asking_leave_is_no_request(said, asks):
    assert bool(_REQUEST.search(_fold(said))) is asks


async def test_a_town_said_with_the_street_is_kept(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "i brauch an termin zum kehren",
    )
    await call.answer_until("Straße", {"Namen": "Maria Gruber"})
    await call.say("bahnhofstraße zwölf in frohnleiten")
    assert call.slot("city").get("value") == "Frohnleiten", call.heard
    assert call.slot("street").get("value") == "Bahnhofstraße 12", call.heard
