"""Emergencies that are easy to miss, in sentences of our own.

A person collapsed, lying on the floor or no longer speaking near a gas device is carbon monoxide, also
when speech recognition splits the device ("Gas Therme", CH "Gas Boiler"), in simple German ("liegt in
Bad, redet nicht") or Swiss German ("umkippt", "lit am Bode"), and when the person is told ill only in
a later turn. Heating oil leaking from a tank or standing as a pool ("der Öltank leckt", CH "rinnt, e
Lache am Bode") is an oil emergency. A part that burst with water running onto the floor is a water
emergency, told in any turn, also instead of the name. Near misses stay ordinary: a fitter who does
not answer, a stove that fell over, a pipe lying on the floor, an oil burner that drips, a tank that
does not leak.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from tests.bot.dialogue_calls import assert_no_alarm, played
from zentrale.bot.dangers import emergency_kind
from zentrale.bot.dialogue import _fold
from zentrale.bot.intents.local import LocalEngine

BERLIN = ZoneInfo("Europe/Berlin")
ZURICH = ZoneInfo("Europe/Zurich")
WEDNESDAY_NOON = datetime(2027, 2, 17, 12, 0, tzinfo=BERLIN)
WEDNESDAY_NOON_CH = datetime(2027, 2, 17, 12, 0, tzinfo=ZURICH)
CALLER_DE = "+491715550177"
CALLER_CH = "+41791234599"

PERSON_DOWN_DE = [
    "hallo mein vater liegt im bad am boden und redet nicht mehr, die gas therme läuft",
    "meine oma antwortet nicht mehr, sie sitzt in der küche neben dem gas ofen",
    "mein sohn ist im heizungskeller umgefallen und wacht nicht auf",
    "bitte kommen sie meine frau liegt in küche redet nicht und der gas boiler brennt",
]


@pytest.mark.parametrize("text", PERSON_DOWN_DE)
async def test_a_person_down_by_a_gas_device_gets_the_co_advice(mueller, text: str) -> None:
    call = await played(mueller, WEDNESDAY_NOON, CALLER_DE, text)
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "co", call.heard
    assert "Kohlenmonoxid" in call.heard and "112" in call.heard, call.heard


async def test_a_swiss_person_fallen_over_by_a_split_gas_device_gets_the_co_advice(meier) -> None:
    call = await played(
        meier, WEDNESDAY_NOON_CH, CALLER_CH, "min maa isch i de wöschchuchi umgkippt und lit am bode, de gas boiler isch a"
    )
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "co", call.heard
    assert "Kohlenmonoxid" in call.heard, call.heard


async def test_a_person_told_unconscious_in_a_later_turn_by_a_gas_device_is_co(mueller) -> None:
    call = await played(
        mueller,
        WEDNESDAY_NOON,
        CALLER_DE,
        "meine mutter ist im bad, da hängt die gas therme",
        "sie ist bewusstlos und redet nicht mehr",
    )
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "co", call.heard


def test_the_engine_hears_a_person_down_by_a_gas_device(de: LocalEngine, ch: LocalEngine) -> None:
    assert de.danger_task("mein mann liegt am boden und redet nicht, die gas therme ist an") == "notfall"
    assert ch.danger_task("mini mueter isch umkippt und lit am bode, de gas durchlauferhitzer lauft") == "notfall"


PERSON_NEAR_MISSES = [
    "der monteur antwortet nicht, meine gastherme ist kaputt",
    "der vermieter redet nicht mit mir, die gastherme ist seit einer woche kaputt",
    "ihr techniker redet nicht deutsch, und die gastherme geht immer noch nicht",
    "der ofen im wohnzimmer ist umgefallen, ich brauche einen neuen",
    "das alte rohr liegt am boden neben der heizung, können sie das mitnehmen",
]


@pytest.mark.parametrize("text", PERSON_NEAR_MISSES)
def test_no_person_down_without_a_person(de: LocalEngine, text: str) -> None:
    assert de.danger_task(text) is None, de.classify_sync(text).reason


OIL_LEAKS = [
    ("de", "unser heizöltank im keller leckt, da ist schon eine pfütze"),
    ("de", "am öltank tropft es seit heute früh und es stinkt im ganzen haus"),
    ("ch", "de öltank im chäller rinnt, es het e lache am bode"),
]


@pytest.mark.parametrize(("engine", "text"), OIL_LEAKS)
def test_oil_leaking_from_a_tank_is_an_oil_emergency(de: LocalEngine, ch: LocalEngine, engine: str, text: str) -> None:
    chosen = de if engine == "de" else ch
    assert chosen.danger_task(text) == "notfall", chosen.classify_sync(text).reason


async def test_an_oil_tank_that_leaks_gets_the_oil_advice(meier) -> None:
    call = await played(meier, WEDNESDAY_NOON_CH, CALLER_CH, "grüezi üse öltank im chäller rinnt und es het e lache am bode")
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "oil", call.heard
    assert "Heizöl" in call.heard, call.heard


OIL_NEAR_MISSES = [
    "der öltank tropft nicht, ich möchte nur eine tankreinigung",
    "der öl brenner tropft ein bisschen",
]


@pytest.mark.parametrize("text", OIL_NEAR_MISSES)
def test_no_oil_leak_without_a_leaking_tank(de: LocalEngine, text: str) -> None:
    assert de.danger_task(text) is None, de.classify_sync(text).reason


async def test_a_burst_part_told_instead_of_the_name_is_a_water_emergency(mueller) -> None:
    call = await played(
        mueller,
        WEDNESDAY_NOON,
        CALLER_DE,
        "ich habe eine frage zur letzten wartung",
        "moment, das graue gefäß an der wand im keller ist eben geplatzt und jetzt läuft wasser auf den boden",
    )
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "water", call.heard
    assert "Hauptwasserhahn" in call.heard, call.heard


async def test_a_burst_part_far_from_its_verb_is_a_water_emergency(mueller) -> None:
    call = await played(mueller, WEDNESDAY_NOON, CALLER_DE, "der speicher im bad unten beim alten waschbecken ist heute geplatzt")
    assert call.state.hazard == "water", call.heard


async def test_water_on_the_floor_without_anything_burst_is_no_alarm(mueller) -> None:
    call = await played(
        mueller, WEDNESDAY_NOON, CALLER_DE, "unter der spüle ist etwas wasser auf dem boden, der siphon ist wohl locker"
    )
    assert_no_alarm(call)


@pytest.mark.parametrize("text", PERSON_NEAR_MISSES[:3])
async def test_someone_who_will_not_talk_is_no_alarm(mueller, text: str) -> None:
    call = await played(mueller, WEDNESDAY_NOON, CALLER_DE, text)
    assert_no_alarm(call)


def test_a_split_gas_device_by_a_person_down_is_co_not_gas() -> None:
    folded = _fold("mein opa redet nicht mehr die gas therme läuft")
    assert emergency_kind(folded) == "co"
    assert emergency_kind(_fold("es riecht nach gas bei der gas therme")) == "gas"


# Someone unconscious: the ambulance before anything else, in the country's number.


async def test_a_person_down_gets_the_ambulance_number_before_the_danger_advice(mueller) -> None:
    call = await played(mueller, WEDNESDAY_NOON, CALLER_DE, "mein sohn ist im heizungskeller umgefallen und wacht nicht auf")
    first = call.heard.index("bewusstlos")
    assert "Notruf 112" in call.heard[first : first + 120], call.heard
    assert first < call.heard.index("Kohlenmonoxid"), call.heard


async def test_an_austrian_person_down_is_told_the_rettung_144(huber) -> None:
    from tests.bot.dialogue_calls import CALLER_AT, TUESDAY_MORNING_AT

    call = await played(huber, TUESDAY_MORNING_AT, CALLER_AT, "grüß gott beim ofen is mei mann umgfallen und rührt si nimma")
    assert call.state.task_id == "notfall", call.heard
    assert "Rettung unter 144" in call.heard, call.heard


async def test_a_swiss_person_down_is_told_the_sanitaet_144(meier) -> None:
    call = await played(
        meier, WEDNESDAY_NOON_CH, CALLER_CH, "min maa isch i de wöschchuchi umgkippt und lit am bode, de gas boiler isch a"
    )
    assert "Sanität unter 144" in call.heard, call.heard


@pytest.mark.parametrize(
    "text",
    [
        "es riecht nach gas im keller, bewusstlos ist niemand, wir sind alle draußen",
        "der co melder piept und mir ist schwindlig",
    ],
)
async def test_no_ambulance_line_when_nobody_is_down(mueller, text: str) -> None:
    call = await played(mueller, WEDNESDAY_NOON, CALLER_DE, text)
    assert call.state.task_id == "notfall", call.heard
    assert "bewusstlos" not in call.heard, call.heard
