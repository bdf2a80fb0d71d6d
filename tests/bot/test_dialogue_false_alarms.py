"""Calls played through the dialogue: the dialogue's own safety rules raise no false alarm — a danger
told as over, explained away ("ich dachte …, war aber nichts"), denied in dialect, a detector only
bought, installed or chirping for its battery — and still catch every live danger (a detector that
sounds, a person collapsed by a boiler gets the carbon monoxide advice)."""

from __future__ import annotations

import pytest

from tests.bot.dialogue_calls import (
    TUESDAY_MORNING,
    TUESDAY_MORNING_AT,
    TUESDAY_MORNING_CH,
    Call,
    assert_no_alarm,
)
from zentrale.bot.dangers import emergency_kind, hazard_kind
from zentrale.bot.dialogue import _fold

CALLER = "+491715550199"


@pytest.mark.parametrize(
    "sentence",
    [
        # explained away by the caller
        "ich hab gedacht es brennt was aber das war nur der grill vom nachbarn, die therme muss gewartet werden",
    ],
)
async def test_a_danger_explained_away_raises_no_alarm(mueller, sentence):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER)
    await call.say(sentence)
    assert_no_alarm(call, urgent=False)


async def test_a_danger_thought_of_and_then_nothing_raises_no_alarm(huber):
    """ "wir haben gemeint …, es war aber eh nix": the caller thought of a danger that was none."""
    call = Call(huber, TUESDAY_MORNING_AT)
    await call.start("+436601112233")
    await call.say(
        "Servus, wir haben gestern gedacht, aus dem Rauchfang fliegen Funken, war aber dann eh nix, rufen Sie mich bitte zurück"
    )
    assert_no_alarm(call, urgent=False)


@pytest.mark.parametrize(
    "sentence",
    [
        "unser co warner piepst jede halbe stunde kurz und im display steht batterie",
        "der rauchmelder im flur piepst ab und zu weil die batterie leer ist, ich hätte gern einen wartungstermin",
        "ich möchte einen co melder neben der therme montieren lassen, was kostet das",
        "verkaufen sie auch rauchmelder und co melder",
    ],
)
async def test_a_detector_bought_installed_or_chirping_for_its_battery_raises_no_alarm(mueller, sentence):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER)
    await call.say(sentence)
    assert_no_alarm(call, urgent=True)  # the urgency a detector's name is read as is bot/slots.py's


async def test_a_swiss_quote_for_a_co_detector_raises_no_alarm(meier):
    call = Call(meier, TUESDAY_MORNING_CH)
    await call.start("+41796667788")
    await call.say("Grüezi, mir wänd im Heizigsruum en CO-Warner lah montiere, chönd Si mir e Offerte schicke?")
    assert_no_alarm(call, urgent=False)


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Der CO-Warner im Flur heult seit fünf Minuten", "co"),
        ("Bei uns geht der Kohlenmonoxidmelder los, was soll ich machen", "co"),
        ("Der CO-Melder piept immer weiter, obwohl ich die Batterie schon gewechselt habe", "co"),
        ("Der Rauchmelder im Keller schlägt an und es stinkt verschmort", "smoke"),
        ("Der Rauchmelder im Heizraum hat ausgelöst", "smoke"),
        ("Der CO-Melder blinkt rot und macht einen Dauerton", "co"),
    ],
)
def test_a_detector_that_sounds_is_still_an_emergency(sentence, kind):
    assert hazard_kind(_fold(sentence)) == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Mein Mann ist im Bad zusammengeklappt, da hängt unsere Gastherme",
        "Meine Mutter ist vor der Gasheizung kollabiert und ist nicht ansprechbar",
        "Die Oma ist im Heizraum zusammengebrochen, neben dem Gaskessel",
    ],
)
async def test_a_person_collapsed_by_a_gas_boiler_gets_the_carbon_monoxide_advice(mueller, sentence):
    call = Call(mueller, TUESDAY_MORNING, back_on_forward=False)
    await call.start(CALLER)
    forward = await call.say(sentence)
    assert forward.kind == "forward", call.heard
    assert "Bei Verdacht auf Kohlenmonoxid gilt" in forward.text and "Bei Gasgeruch" not in forward.text, call.heard
    assert call.state.hazard == "co" and call.dialogue.outcome(call.state).priority == "urgent"
    assert emergency_kind(_fold(sentence)) == "co"  # also when the engine picks the emergency


@pytest.mark.parametrize(
    "answer",
    [
        "die anzeige zeigt e eins null und nach gas riecht es nicht",
        "nein gas riecht man keins",
        "nach gas stinkts aber überhaupt nicht, sie geht halt nicht an",
    ],
)
async def test_a_gas_smell_denied_after_its_verb_raises_no_alarm(mueller, answer):
    """The smell put first and denied after the verb ("nach Gas riecht es nicht"): a fault, no gas alarm."""
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER)
    await call.say("meine heizung ist ausgefallen")
    await call.say(answer)
    assert_no_alarm(call, urgent=True)
    assert not call.state.gas_smell


@pytest.mark.parametrize(
    "answer",
    ["nach gas riecht es hier im flur", "nach gas riecht es nicht nur im keller, auch im treppenhaus"],
)
async def test_a_gas_smell_put_first_and_not_denied_is_gas(mueller, answer):
    call = Call(mueller, TUESDAY_MORNING)
    await call.start(CALLER)
    await call.say("meine heizung ist ausgefallen")
    await call.say(answer)
    assert "Bei Gasgeruch gilt" in call.heard and call.state.gas_smell
