"""Calls played through the dialogue: a danger told as over and seen to is no emergency, a live one
always is.

Over and seen to: what a bill, a price or a technician's visit was for ("die Rechnung vom
Notdiensteinsatz, da hatten wir einen Rohrbruch", "was kostet der Notdienst"), a gas smell the
utility came and sealed off, smoke the fire brigade came for, a detector that chirps once in a while
for its battery. Live: the same told as going on now or again, help called but nobody came yet, a
person who feels ill. And dangers told late or in Swiss German: a smell first, "ich vermute, das ist
Gas" after; "fuli Eier"; water running under a door or into the stairwell; water ankle-deep
("chnöcheltüüf"), also in the answer to another question. Sentences of our own.
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

# --------------------------------------------------------------------- over and seen to: no alarm


@pytest.mark.parametrize(
    "sentence",
    [
        # a bill or a price for the emergency service, the danger it was for told in the past
        "ich habe eine frage zur rechnung vom notdiensteinsatz, da hatten wir vorletzte woche einen rohrbruch",
        "was kostet bei euch eigentlich der notdienst am wochenende",
        # a technician came for it, the caller wants a paper
        "der techniker war gestern wegen dem wasserrohrbruch da, ich brauche die rechnung für die versicherung",
        # the utility came and sealed it off; now a date for the boiler
        "vorgestern hat es nach gas gerochen, die stadtwerke waren da und haben die leitung verplombt, "
        "jetzt brauche ich einen termin für die therme",
        # a smoke detector chirping once an hour: its battery
        "der rauchmelder im flur piepst jede stunde einmal kurz",
    ],
)
async def test_a_danger_over_and_seen_to_raises_no_alarm(mueller, sentence):
    call = await played(mueller, TUESDAY_MORNING, CALLER_DE, sentence)
    assert_no_alarm(call)


async def test_a_bill_for_a_chimney_fire_told_in_the_austrian_perfect_raises_no_alarm(huber):
    """AT "wie der Rauchfang brennt hat" is the perfect: the fire the bill was for, long out."""
    call = await played(
        huber, TUESDAY_MORNING_AT, CALLER_AT, "die rechnung für den einsatz wie bei uns der rauchfang brennt hat is zu hoch"
    )
    assert_no_alarm(call)
    assert call.state.task_id == "rechnung", call.heard


async def test_smoke_the_fire_brigade_came_for_is_a_check_not_an_emergency(huber):
    call = await played(
        huber,
        TUESDAY_MORNING_AT,
        CALLER_AT,
        "vorgestern war die küche voller rauch, die feuerwehr war da, jetzt soll der rauchfang überprüft werden",
    )
    assert_no_alarm(call)


async def test_a_swiss_bill_for_the_emergency_call_out_raises_no_alarm(meier):
    call = await played(
        meier, TUESDAY_MORNING_CH, CALLER_CH, "d rechnig vom pikett isch cho, das isch wäge dem rohrbruch gsi vor drei wuche"
    )
    assert_no_alarm(call)


# --------------------------------------------------------------------- live: always an alarm


@pytest.mark.parametrize(
    "sentence",
    [
        # over once, back now
        "vorgestern hat es nach gas gerochen, die stadtwerke waren da, aber jetzt riecht es wieder nach gas",
        # help called, nobody came yet
        "gestern abend gasgeruch, wir haben die stadtwerke angerufen, aber es ist noch keiner gekommen",
        "gestern abend hatten wir gasgeruch, die stadtwerke sind noch nicht da gewesen",
        # a price asked, a gas smell now
        "was kostet der notdienst, es riecht hier stark nach gas",
        # seen to, but still there
        "die stadtwerke waren da, der gasgeruch ist aber noch da",
        "gestern abend hatten wir gasgeruch, die stadtwerke waren da und haben abgesperrt, es stinkt aber noch ein bisschen",
        # the smell told after the visit: what the fire brigade came for now
        "die feuerwehr war da und hat das haus gesperrt, gasgeruch im ganzen haus",
    ],
)
async def test_a_gas_smell_going_on_is_an_emergency_whatever_came_before(mueller, sentence):
    call = await played(mueller, TUESDAY_MORNING, CALLER_DE, sentence)
    assert_emergency(call, "gas", "Bei Gasgeruch gilt")


@pytest.mark.parametrize(
    "sentence",
    [
        "die feuerwehr war da aber es brennt immer noch",
        "vorgestern war die küche voller rauch, die feuerwehr war da, und jetzt qualmt es wieder",
    ],
)
async def test_fire_going_on_after_the_fire_brigade_is_an_emergency(mueller, sentence):
    call = await played(mueller, TUESDAY_MORNING, CALLER_DE, sentence)
    assert_emergency(call, "smoke", "Bei Rauch oder Feuer gilt")


@pytest.mark.parametrize(
    "sentence",
    [
        # every few seconds and loud: an alarm's rhythm
        "der co melder piept alle paar sekunden ganz laut",
        # a chirp's rhythm, but somebody feels ill
        "der co melder piept alle paar minuten einmal kurz und mir ist schwindlig",
    ],
)
async def test_a_co_detector_that_alarms_is_an_emergency(mueller, sentence):
    call = await played(mueller, TUESDAY_MORNING, CALLER_DE, sentence)
    assert call.state.hazard == "co" and call.state.task_id == "notfall", call.heard


# --------------------------------------------------------------------- told late, or in dialect


async def test_a_smell_first_and_gas_named_in_the_next_sentence_is_a_gas_emergency(mueller):
    call = await played(
        mueller,
        TUESDAY_MORNING,
        CALLER_DE,
        "im hausflur riecht es seit dem mittag irgendwie merkwürdig",
        "das kommt von unten aus dem keller und ich vermute mal das ist gas",
    )
    assert_emergency(call, "gas", "Bei Gasgeruch gilt")


async def test_a_swiss_rotten_egg_smell_is_a_gas_emergency(meier):
    call = await played(meier, TUESDAY_MORNING_CH, CALLER_CH, "im chäller schmöckts sit em zmittag wie fuli eier")
    assert_emergency(call, "gas", "Bei Gasgeruch gilt")


@pytest.mark.parametrize(
    "sentence",
    [
        "bim nachber lauft wasser under de wohnigstür dure is stägehuus",
        "i de waschchuchi staht s wasser scho chnöcheltüüf",
        "im erdgeschoss läuft das wasser unter der wohnungstür durch ins treppenhaus",
    ],
)
async def test_water_under_a_door_or_ankle_deep_is_a_water_emergency(meier, sentence):
    call = await played(meier, TUESDAY_MORNING_CH, CALLER_CH, sentence)
    assert_emergency(call, "water", "Hauptwasserhahn")


async def test_water_running_out_told_in_the_answer_to_the_name_question_turns_a_service_call_into_an_emergency(meier):
    call = await played(meier, TUESDAY_MORNING_CH, CALLER_CH, "ich möcht en termin für d entkalkig vom boiler")
    assert call.state.task_id == "service", call.heard
    await call.say("jetzt lauft grad s wasser under de chällertüre füre und es wird immer meh")
    assert_emergency(call, "water", "Hauptwasserhahn")


async def test_water_behind_a_shower_door_isassert_no_alarm(mueller):
    call = await played(
        mueller, TUESDAY_MORNING, CALLER_DE, "beim duschen läuft immer wasser unter der duschtür raus, die dichtung ist hin"
    )
    assert call.state.hazard is None, call.heard


@pytest.mark.parametrize(
    "sentence",
    [
        # a detector that screams, one that will not stop (the verb far ahead of "nicht auf")
        "der rauchmelder im flur schreit schon die ganze zeit",
        "bei uns hört der rauchmelder in der küche einfach nicht mehr auf zu piepsen",
    ],
)
async def test_a_detector_that_screams_or_will_not_stop_is_an_emergency(mueller, sentence):
    call = await played(mueller, TUESDAY_MORNING, CALLER_DE, sentence)
    assert_emergency(call, "smoke", "Bei Rauch oder Feuer gilt")


async def test_the_engine_hears_a_detector_that_will_not_stop(mueller):
    from zentrale.bot.intents.factory import build_local_engine

    engine = build_local_engine(mueller)
    for sentence in (
        "bei uns hört der rauchmelder in der küche einfach nicht mehr auf zu piepsen",
        "der gasmelder im keller schreit seit ein paar minuten",
    ):
        assert (await engine.classify(sentence)).task == "notfall", sentence


async def test_a_berlin_gas_smell_spoken_with_j_gets_the_gas_advice(mueller):
    """Berlin "riecht nach Jas", "Jasjeruch": the g spoken as j is still gas, with the gas advice."""
    call = await played(
        mueller, TUESDAY_MORNING, CALLER_DE, "bei meiner nachbarin unten riecht et seit vorhin janz komisch nach jas"
    )
    assert_emergency(call, "gas", "Bei Gasgeruch gilt")


async def test_pressure_dropping_very_often_is_no_flood(mueller):
    """Colloquial "voll oft" is "very often": topping up the heating's water is a fault, no flood."""
    call = await played(
        mueller, TUESDAY_MORNING, CALLER_DE, "bei uns sinkt der druck von der therme voll oft, ich muss ständig wasser nachfüllen"
    )
    assert call.state.hazard is None and call.state.task_id == "stoerung", call.heard


async def test_a_settled_gas_smell_told_as_still_there_in_the_next_sentence_is_an_emergency(mueller):
    """Over and seen to in the first sentence, going on in the next ("es riecht aber immer noch"), the
    word gas not said again: the gas emergency."""
    call = await played(
        mueller, TUESDAY_MORNING, CALLER_DE, "gestern abend hatten wir gasgeruch, die stadtwerke waren da und haben abgesperrt"
    )
    assert_no_alarm(call)
    await call.say("es riecht aber immer noch ein bisschen im keller")
    assert_emergency(call, "gas", "Bei Gasgeruch gilt")


async def test_a_settled_gas_smell_and_then_a_repair_wish_stays_calm(mueller):
    call = await played(
        mueller, TUESDAY_MORNING, CALLER_DE, "gestern abend hatten wir gasgeruch, die stadtwerke waren da und haben abgesperrt"
    )
    await call.say("jetzt brauche ich jemanden der die therme repariert", "peter lang")
    assert_no_alarm(call)
