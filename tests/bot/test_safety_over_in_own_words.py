"""Calls played through the dialogue: the safety rules themselves hear a danger told as over and seen
to, or as harmless, also when the engine does not call it settled — and a live danger stays an
emergency.

Over in the caller's own words: a time or a past form next to the danger ("vorletzten Winter hatten
wir einen Kaminbrand", CH "letschte Monet hämmer e Rohrbruch gha") and somebody who came, put it out
or a paper about it ("die Feuerwehr war da", "Sie waren eh da", "die Rechnung"). Harmless: burnt dust
at the first heating, a detector's test (AT "hat piepst" is the perfect), a smoke only thought of and
explained as the neighbour's grill, "kein warmes Wasser". The advice follows the danger: a glowing
flue pipe is a fire, whatever "Rohr" sounds like. Sentences of our own.
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
    assert_emergency,
    assert_no_alarm,
    played,
)

# ------------------------------------------------------------ over and seen to, in the caller's words


async def test_a_chimney_fire_of_last_winter_with_the_brigade_gone_raises_no_alarm(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "vorletzten winter hatten wir einen kaminbrand, die feuerwehr war damals da, jetzt möchte ich den rauchfang einmal anschauen lassen",
    )
    assert_no_alarm(call)


async def test_a_report_for_the_insurance_after_a_fire_raises_no_alarm(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "vor zwei jahren haben wir einen rauchfangbrand gehabt, ihr kollege war eh da, die versicherung braucht jetzt einen befund",
    )
    assert_no_alarm(call)


async def test_a_swiss_burst_pipe_of_last_month_and_its_bill_raises_no_alarm(meier):
    call = await played(
        meier,
        TUESDAY_MORNING_CH,
        CALLER_CH,
        "letschte monet hämmer en rohrbruch gha, ihr sind am samschtig cho, jetzt han ich e frag zur rechnig",
    )
    assert_no_alarm(call)


@pytest.mark.parametrize(
    "sentence",
    [
        # the same past fire, but burning again now
        "vorletzten winter hatten wir einen kaminbrand, die feuerwehr war da, und jetzt brennt es im rauchfang schon wieder",
        # past, but nobody came: the danger was never seen to
        "vor einer stunde hatten wir einen kaminbrand und es qualmt aus dem ofen",
        # seen to, but smoke told in the present
        "gestern war die feuerwehr da wegen dem rauchfangbrand, es kommt aber immer noch rauch aus dem ofen",
    ],
)
async def test_a_fire_told_as_live_stays_an_emergency(huber, sentence):
    call = await played(huber, TUESDAY_MORNING_AT, CALLER_AT, sentence)
    assert_emergency(call, "smoke", "Bei Rauch oder Feuer gilt")


async def test_the_gas_the_brigade_shut_off_named_again_in_an_answer_is_no_new_danger(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "gestern nacht war die feuerwehr bei uns wegen gasgeruch, die haben das gas zugedreht und gesagt es ist sicher, "
        "jetzt haben wir keine heizung mehr",
    )
    assert_no_alarm(call)
    await call.answer_until(
        "Gerät",
        {"Namen": "Jonas Weber", "Straße": "Birkenweg neun", "Postleitzahl": "eins vier null fünf null"},
    )
    await call.say("buderus kessel, das gas ist seit gestern von der feuerwehr abgesperrt und nix geht")
    assert_no_alarm(call)


async def test_gas_shut_off_before_but_smelt_again_now_is_an_emergency(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "gestern war die feuerwehr bei uns wegen gasgeruch, die haben das gas zugedreht",
        "es riecht aber immer noch nach gas im keller",
    )
    assert_emergency(call, "gas", "Bei Gasgeruch gilt")


# ------------------------------------------------------------------------------- told as harmless


async def test_burnt_dust_at_the_first_heating_raises_no_alarm(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "wir haben gestern die heizung zum ersten mal angemacht und jetzt riecht es etwas verbrannt nach staub, ist das schlimm",
    )
    assert_no_alarm(call)


async def test_a_burnt_smell_with_smoke_stays_an_emergency(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "es riecht verbrannt nach staub und aus dem heizkörper kommt rauch raus",
    )
    assert_emergency(call, "smoke", "Bei Rauch oder Feuer gilt")


async def test_a_detector_test_told_in_the_austrian_perfect_raises_no_alarm(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "der rauchmelder im gang hat am sonntag piepst, aber des war nur der probealarm, i wollt wegen der kehrung fragen",
    )
    assert_no_alarm(call)


async def test_a_detector_beeping_after_its_test_stays_an_emergency(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "der co melder hat vorhin piepst, ich dachte es war nur der test, aber er piept immer noch und mir ist schwindlig",
    )
    assert_emergency(call, "co", "Kohlenmonoxid")


async def test_smoke_only_thought_of_and_explained_as_the_neighbours_grill_raises_no_alarm(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "ich dachte erst, bei uns im keller qualmt was, aber das war der nachbar mit seinem grill, ich wollte eigentlich einen wartungstermin",
    )
    assert_no_alarm(call)


async def test_no_warm_water_in_berlin_is_no_water_running_out(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "ick hab keen warmes wasser mehr, die therme läuft aber aus der dusche kommt nur kaltes",
    )
    assert_no_alarm(call)


async def test_water_running_out_said_after_no_warm_water_stays_an_emergency(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "kein warmes wasser mehr und im keller läuft wasser aus dem speicher raus",
    )
    assert_emergency(call, "water", "Hauptwasserhahn")


# ---------------------------------------------------------------------------- the advice of the kind


async def test_a_glowing_flue_pipe_gets_the_fire_advice_not_the_water_advice(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "beim holzofen glüht des rohr ganz rot und im kamin faucht es",
    )
    assert_emergency(call, "smoke", "Bei Rauch oder Feuer gilt")
    assert "Hauptwasserhahn" not in call.heard
