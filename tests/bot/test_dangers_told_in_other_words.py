"""Dangers told without their usual word, and look-alikes told with it, in sentences of our own.

Water out of a lamp or a light fitting (the ceiling above is flooded, the electrics are wet), water pressed
out between tiles or dripping from the ceiling said with "'s" ("drückt's", "tropft's"), something oily
running out of the yard towards the drain, and a smell like a gas stove turned on and not lit are
emergencies of their kind, with that kind's advice. A surname ending in -brand is no fire, a bill for a
burst pipe with "da steht der Zuschlag drauf" is nothing going on, a gas smell of last year that was
only a loose fitting is over, a little smoke while lighting a stove that draws badly is a job for the
sweep, and a chimney fire the firm already came for is the paper asked about.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from tests.bot.dialogue_calls import BERLIN, VIENNA, ZURICH, assert_no_alarm, played
from zentrale.bot.dangers import hazard_kind, mentions_gas
from zentrale.bot.dialogue import _fold

SUNDAY_NIGHT = datetime(2027, 3, 14, 23, 10, tzinfo=BERLIN)
SUNDAY_NIGHT_AT = datetime(2027, 3, 14, 23, 10, tzinfo=VIENNA)
SUNDAY_NIGHT_CH = datetime(2027, 3, 14, 23, 10, tzinfo=ZURICH)
TUESDAY_NOON = datetime(2027, 3, 16, 12, 0, tzinfo=BERLIN)
TUESDAY_NOON_AT = datetime(2027, 3, 16, 12, 0, tzinfo=VIENNA)
CALLER_DE = "+491715550311"
CALLER_AT = "+436601115577"
CALLER_CH = "+41791239911"


# ---------------------------------------------------------------- water out of a lamp

LAMP_WATER = [
    "im flur läuft wasser aus der deckenleuchte, das tropft auf den teppich",
    "bei uns im schlafzimmer kommt es aus der lampe raus, ganz nass alles",
    "aus dem lüster im esszimmer tropft es und die decke hat flecken",
]


@pytest.mark.parametrize("text", LAMP_WATER)
def test_water_out_of_a_light_fitting_is_a_water_danger(text: str) -> None:
    assert hazard_kind(_fold(text)) == "water"


async def test_water_out_of_the_ceiling_light_gets_the_main_valve_advice(mueller) -> None:
    call = await played(
        mueller, SUNDAY_NIGHT, CALLER_DE, "guten abend bei mir im bad kommt wasser aus der deckenlampe, oben ist keiner da"
    )
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "water", call.heard
    assert "Hauptwasserhahn" in call.heard, call.heard


async def test_a_swiss_lamp_that_drips_is_a_water_emergency(meier) -> None:
    call = await played(meier, SUNDAY_NIGHT_CH, CALLER_CH, "grüezi bi üs i de chuchi tropfet's us de lampe, und zwar vill")
    assert call.state.task_id == "notfall", call.heard
    assert "Hauptwasserhahn" in call.heard, call.heard


def test_a_lamp_and_water_named_apart_are_no_danger() -> None:
    assert hazard_kind(_fold("ich brauche eine neue lampe im bad und das warme wasser ist zu kalt")) is None


# ---------------------------------------------------------------- "drückt's", "tropft's"


async def test_water_pressed_out_between_tiles_in_a_later_turn_is_an_emergency(mueller) -> None:
    call = await played(
        mueller,
        TUESDAY_NOON,
        CALLER_DE,
        "ich rufe wegen der rechnung vom februar an",
        "oh gott warten sie, in der küche drückt's hinterm herd wasser raus und im keller tropft's von der decke",
    )
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "water", call.heard
    assert "Hauptwasserhahn" in call.heard, call.heard


# ---------------------------------------------------------------- oil running out


@pytest.mark.parametrize(
    "text",
    [
        "hinterm haus läuft aus dem schuppen so eine ölige soße raus, da steht der tank",
        "das heizöl fließt schon in den gully vor der garage",
    ],
)
def test_oil_running_out_or_into_the_drain_is_an_oil_danger(text: str) -> None:
    assert hazard_kind(_fold(text)) == "oil"


async def test_an_oily_stream_out_of_the_shed_gets_the_oil_advice(mueller) -> None:
    call = await played(
        mueller, TUESDAY_NOON, CALLER_DE, "hallo hinterm haus läuft aus dem schuppen so eine ölige soße raus, da steht der tank"
    )
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "oil", call.heard
    assert "Heizöl" in call.heard, call.heard


# ---------------------------------------------------------------- a gas smell described


@pytest.mark.parametrize(
    "text",
    [
        "im wohnzimmer riecht es, als hätte jemand den gasherd aufgedreht ohne ihn anzuzünden",
        "es stinkt so wie wenn man beim herd den hahn offen lässt",
        "im keller riecht es nach campinggas",
        "es riecht wie wenn man den herd aufmacht und die flamme nicht angeht",
    ],
)
def test_a_smell_like_an_unlit_stove_is_gas(text: str) -> None:
    assert mentions_gas(_fold(text))


@pytest.mark.parametrize(
    "text",
    [
        "es riecht wie am herd wenn was anbrennt",
        "riecht es nicht wie wenn der herd offen ist",
        "der herd geht nicht an, können sie mal schauen",
    ],
)
def test_a_stove_without_a_gas_smell_is_no_gas(text: str) -> None:
    assert not mentions_gas(_fold(text))


async def test_a_smell_like_an_unlit_stove_gets_the_gas_advice(mueller) -> None:
    call = await played(
        mueller,
        SUNDAY_NIGHT,
        CALLER_DE,
        "entschuldigung so spät, im treppenhaus riecht es so wie wenn man den herd aufdreht und nicht anzündet",
    )
    assert call.state.task_id == "notfall", call.heard
    assert "Bei Gasgeruch gilt" in call.heard, call.heard


# ---------------------------------------------------------------- look-alikes


async def test_a_surname_ending_in_brand_is_no_fire(mueller) -> None:
    call = await played(
        mueller,
        TUESDAY_NOON,
        CALLER_DE,
        "hallo hillebrand hier, der wasserhahn im gäste wc tropft, ich hab ihn zugedreht, das eilt nicht",
    )
    assert_no_alarm(call)


def test_fire_compounds_stay_fire_and_names_do_not() -> None:
    assert hazard_kind(_fold("hilfe wir haben einen kellerbrand")) == "smoke"
    assert hazard_kind(_fold("hildebrand mein name, bitte um rückruf wegen der wartung")) is None


async def test_a_bill_for_a_burst_pipe_with_a_surcharge_on_it_is_no_alarm(mueller) -> None:
    call = await played(
        mueller,
        TUESDAY_NOON,
        CALLER_DE,
        "ich hab eine frage zur rechnung vom rohrbruch vorletzte woche, da steht ein wochenendzuschlag drauf",
    )
    assert_no_alarm(call)
    assert call.state.task_id == "rechnung", call.heard


async def test_a_gas_smell_of_last_year_that_was_a_loose_fitting_is_no_alarm(huber) -> None:
    call = await played(
        huber,
        TUESDAY_NOON_AT,
        CALLER_AT,
        "grüß gott voriges jahr hatten wir an gasgeruch, war dann eh nur a lockere mutter, jetzt wollen wir auf holz umstellen",
    )
    assert_no_alarm(call)


def test_a_gas_smell_that_was_a_fitting_and_is_back_stays_gas() -> None:
    folded = _fold("letztes jahr hatten wir gasgeruch, war nur eine undichte stelle, aber jetzt riecht es wieder nach gas")
    assert mentions_gas(folded)


async def test_a_little_smoke_when_lighting_a_stove_is_a_sweep_job(huber) -> None:
    call = await played(
        huber,
        TUESDAY_NOON_AT,
        CALLER_AT,
        "grüß gott unser kachelofen zieht schlecht, beim anzünden kommt immer a bissl rauch zurück, bitte kommen sie kehren",
    )
    assert_no_alarm(call)


@pytest.mark.parametrize(
    "text",
    [
        "beim anheizen kommt dichter rauch in die stube",
        "beim anzünden kommt ein bisschen rauch und jetzt ist das wohnzimmer voller qualm",
    ],
)
def test_much_smoke_when_lighting_stays_a_fire(text: str) -> None:
    assert hazard_kind(_fold(text)) == "smoke"


async def test_a_paper_for_a_chimney_fire_the_firm_came_to_is_no_alarm(huber) -> None:
    call = await played(
        huber,
        TUESDAY_NOON_AT,
        CALLER_AT,
        "grüß gott im dezember hatten wir einen kaminbrand, sie waren eh da, jetzt braucht die hausverwaltung einen befund",
    )
    assert_no_alarm(call)
    assert call.state.task_id == "befund", call.heard


@pytest.mark.parametrize(
    "text",
    [
        "seit dem gasgeruch vorigen herbst haben wir einen gaswarner, der soll mal geprüft werden",
        "vor drei tagen stand wasser im keller, jetzt ist alles wieder trocken, wir möchten eine pumpe",
        "die stadtwerke waren wegen dem gasgeruch hier, jetzt zeigt die heizung eine störung",
    ],
)
def test_a_danger_over_and_dealt_with_is_none(text: str) -> None:
    folded = _fold(text)
    assert hazard_kind(folded) is None and not mentions_gas(folded)


@pytest.mark.parametrize(
    "text",
    [
        "seit dem gasgeruch heute früh ist meiner frau übel",
        "vor drei tagen stand wasser im keller, es war trocken, aber jetzt läuft es wieder rein",
        "die stadtwerke waren wegen dem gasgeruch hier, jetzt riecht es wieder",
    ],
)
def test_a_danger_dealt_with_that_is_back_or_hurts_someone_stays(text: str) -> None:
    folded = _fold(text)
    assert hazard_kind(folded) is not None or mentions_gas(folded)


def test_a_danger_long_ago_with_nothing_live_is_over() -> None:
    assert hazard_kind(_fold("vor zwei jahren hatten wir einen kaminbrand, jetzt möchten wir die jährliche kehrung")) is None
    assert hazard_kind(_fold("vor zwei jahren hatten wir einen kaminbrand und jetzt qualmt es wieder")) == "smoke"


async def test_a_beeping_box_and_a_sick_person_get_the_co_advice(huber) -> None:
    call = await played(
        huber, SUNDAY_NIGHT_AT, CALLER_AT, "des graue kastl im vorraum piepst die ganze zeit und meiner frau is so übel"
    )
    assert call.state.task_id == "notfall", call.heard
    assert call.state.hazard == "co", call.heard
    assert "Kohlenmonoxid" in call.heard, call.heard


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("im chäller druckt's wasser us de wand", "water"),
        ("es stinkt im keller nach heizöl und vor dem tank ist eine große pfütze", "oil"),
    ],
)
def test_swiss_and_oily_forms_of_a_danger(text: str, kind: str) -> None:
    assert hazard_kind(_fold(text)) == kind


def test_a_swiss_smell_like_an_open_gas_tap_is_gas() -> None:
    assert mentions_gas(_fold("i de chuchi schmöckt's wie wenn de herd offe wär und nüt brennt"))


def test_a_detector_that_stopped_after_a_test_is_no_alarm() -> None:
    assert hazard_kind(_fold("mis chind het de rauchmelder testet, jetzt piepst er nüme")) is None
    assert hazard_kind(_fold("de rauchmelder piepst und hört nüme uf")) == "smoke"


def test_an_austrian_perfect_with_the_subject_in_the_helper_is_past() -> None:
    over = "vorletzten winter hat's bei uns im kamin brennt, die feuerwehr war da, jetzt hätt ma gern a neues rohr"
    assert hazard_kind(_fold(over)) is None
    assert hazard_kind(_fold("jetzt hat's bei uns im kamin brennt und es qualmt")) == "smoke"
