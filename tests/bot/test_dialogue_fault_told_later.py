"""Calls played through the dialogue: a fault told after a booking beats the booking.

A caller who first books a service ("ich wollt nur die Wartung anmelden") and then, in the answer
to the next question, tells of a breakdown ("aber wo ich Sie grad dran hab, die Heizung geht gar
nicht mehr", AT "wo i Eana eh grad dran hob …", CH "wänn ich Sie scho am Telefon ha …") is moved to
the fault task; the question is asked again as usual. Sentences of our own.
"""

from __future__ import annotations

from tests.bot.dialogue_calls import (
    CALLER_CH,
    CALLER_DE,
    TUESDAY_MORNING,
    TUESDAY_MORNING_CH,
    played,
)


async def test_a_breakdown_told_to_the_name_question_switches_to_the_fault(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "guten tag ich möchte bloß die jährliche wartung für unsere therme ausmachen",
        "ach und wo ich sie gerade dran habe, die therme springt seit heute früh nicht mehr an und die heizkörper bleiben kalt",
    )
    assert call.state.task_id == "stoerung", call.heard
    assert "Namen" in call.decisions[-1].text, call.heard


async def test_a_breakdown_the_engine_hears_as_emergency_still_leaves_the_booking(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "hallo, ich würde gern einen wartungstermin für den gaskessel vereinbaren",
        "wo ich sie schon dran hab, der kessel ist seit heute nacht aus, die störlampe blinkt und warmwasser kommt auch keins",
    )
    assert call.state.task_id == "stoerung", call.heard
    assert "Thema Heizungsstörung" in call.heard, call.heard
    assert "Namen" in call.decisions[-1].text, call.heard


async def test_a_breakdown_told_in_swiss_german_switches_to_the_fault(meier):
    call = await played(
        meier,
        TUESDAY_MORNING_CH,
        CALLER_CH,
        "grüezi ich möcht gern de service für öisi heizig aamelde",
        "und wänn ich sie scho am telefon ha, d heizig lauft sit geschter nüme, es blinkt es rots lämpli",
    )
    assert call.state.task_id == "heizung", call.heard
    assert "dann geht es um das Thema" in call.decisions[-1].text, call.heard


async def test_a_name_that_sounds_like_a_danger_keeps_the_booking(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "ich möchte einen termin für die wartung",
        "anna rauch aus der gartenstraße",
    )
    assert call.state.task_id == "termin", call.heard
