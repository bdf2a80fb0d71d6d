"""Calls played through the dialogue: the kind of danger is recognised from what the caller
describes, not only from its name (a hissing at the meter and a sweetish smell is gas, a roaring
chimney and a hot wall a chimney fire, grey air and burning eyes smoke), and an emergency whose
kind stays unknown still gets a general safety sentence."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import Call
from zentrale.bot.dangers import emergency_kind, hazard_kind
from zentrale.bot.dialogue import CallerCandidate, _fold

BERLIN = ZoneInfo("Europe/Berlin")
VIENNA = ZoneInfo("Europe/Vienna")
ZURICH = ZoneInfo("Europe/Zurich")
WEDNESDAY_NIGHT = datetime(2027, 1, 20, 23, 15, tzinfo=BERLIN)
WEDNESDAY_NIGHT_AT = datetime(2027, 1, 20, 23, 15, tzinfo=VIENNA)
WEDNESDAY_NIGHT_CH = datetime(2027, 1, 20, 23, 15, tzinfo=ZURICH)
CALLER = "+491715550199"
MUSTERMANN = CallerCandidate("MUS01", "Mustermann, Max", "Herr")


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("Bei uns zischt es am Zähler im Keller und es riecht seltsam", "gas"),
        ("An der Leitung zur Therme zischt es leise, und so ein süßlicher Geruch ist im Flur", "gas"),
        ("Der Rauchfang rumpelt und faucht ganz laut und die Mauer daneben ist glühend heiß", "smoke"),
        ("Im Chäller isch d Luft ganz grau und es stinkt scharf", "smoke"),
        ("Es stinkt so beißend im Heizraum und die Augen brennen", "smoke"),
    ],
)
def test_two_signs_of_a_danger_are_an_emergency_of_their_kind(said, kind):
    assert hazard_kind(_fold(said)) == kind


@pytest.mark.parametrize(
    "said",
    [
        "Bei uns zischt es am Zähler im Keller, aber riechen tut man nichts",
        "Der Kamin knistert schön, aber der Ofen zieht schlecht",
        "Die Heizung riecht komisch, seit sie gewartet wurde",
        "Ich brauche einen Termin zum Kaminkehren, die Wand im Flur ist frisch gestrichen",
    ],
)
def test_one_sign_or_a_denied_one_is_no_emergency_of_its_own(said):
    assert hazard_kind(_fold(said)) is None


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("es zischt ganz leise am Zähler", "gas"),
        ("es riecht so süßlich im Treppenhaus", "gas"),
        ("der Rauchfang dröhnt wie verrückt", "smoke"),
        ("die Luft im Heizraum ist ganz grau", "smoke"),
        ("mir bränned d Auge", "smoke"),
    ],
)
def test_one_sign_tells_the_kind_of_an_emergency_the_engine_recognised(said, kind):
    assert emergency_kind(_fold(said)) == kind


async def test_a_hissing_meter_with_a_sweetish_smell_gets_the_gas_advice_and_stays_short(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [MUSTERMANN])
    forward = await call.say("Bei uns zischt es am Zähler im Keller und es riecht so süßlich")
    assert forward.kind == "forward" and forward.text.startswith("Bei Gasgeruch gilt: Verlassen Sie bitte sofort das Gebäude.")
    await call.forward_result(False)
    end = await call.until_end("ja")
    assert end.kind == "end" and "betätigen Sie keine Schalter" in end.text
    safety = next(i for i, d in enumerate(call.decisions) if d.text.startswith("Bei Gasgeruch gilt"))
    assert len(call.decisions) - safety - 1 <= 3, call.heard
    assert call.state.task_id == "notfall" and call.state.gas_smell


async def test_a_roaring_hot_chimney_gets_the_fire_advice_with_the_austrian_number(huber):
    call = Call(huber, WEDNESDAY_NIGHT_AT, back_on_forward=False)
    await call.start("+436645550299", [])
    forward = await call.say("Der Rauchfang rumpelt und faucht ganz laut und die Mauer daneben ist glühend heiß")
    assert forward.kind == "forward" and "Feuerwehr unter 122" in forward.text and "Verlassen Sie" in forward.text
    assert call.state.task_id == "notfall"


async def test_grey_air_and_an_acrid_smell_get_the_smoke_advice_in_switzerland(meier):
    call = Call(meier, WEDNESDAY_NIGHT_CH, back_on_forward=False)
    await call.start("+41795550199", [])
    forward = await call.say("Im Chäller isch d Luft ganz grau und es stinkt scharf")
    assert forward.kind == "forward" and "Feuerwehr unter 118" in forward.text and "Verlassen Sie" in forward.text


async def test_an_emergency_without_a_kind_of_danger_gets_a_general_safety_sentence(mueller):
    call = Call(mueller, WEDNESDAY_NIGHT, back_on_forward=False)
    await call.start(CALLER, [MUSTERMANN])
    forward = await call.say("Das ist ein Notfall, bitte schicken Sie sofort jemanden")
    assert forward.kind == "forward" and forward.text.startswith("Falls jemand in Gefahr ist, bringen Sie sich")
    assert "Notruf 112" in forward.text and forward.text.endswith("Bitte bleiben Sie dran.")
