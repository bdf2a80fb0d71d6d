"""The engine at the emergency boundary, in sentences of our own: a caller's name and town said first
("servus Schwaiger aus Wiener Neudorf") are no words of the call (no "schwanger", no "Winter"), a
little smoke while lighting a stove that draws badly is a sweep job, water spraying at a shower head
is a plumbing job, a heating on "Stufe eins" runs no water down the stairs, a chimney fire the firm
already came to is what the paper is about; dizziness with a beeping "Warnding" is carbon monoxide.
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine

NOT_EMERGENCIES_DE = [
    ("servus schwaiger aus wiener neudorf, die heizung im wohnzimmer wird nicht mehr warm", "stoerung"),
    ("die handbrause ist undicht, beim duschen spritzt es seitlich raus", "sanitaer"),
    ("die therme läuft nur noch auf stufe zwei, mehr geht nicht", "stoerung"),
]


@pytest.mark.parametrize(("text", "task"), NOT_EMERGENCIES_DE)
def test_look_alikes_stay_ordinary(de: LocalEngine, text: str, task: str) -> None:
    result = de.classify_sync(text)
    assert result.task == task, result.reason


EMERGENCIES_DE = [
    "mir ist so schwindlig und das warnding im flur piept die ganze zeit",
    "der duschkopf ist abgerissen und das wasser spritzt überall hin",
    "das wasser läuft die stufen runter in den keller",
]


@pytest.mark.parametrize("text", EMERGENCIES_DE)
def test_dangers_next_to_the_look_alikes_stay_emergencies(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall", de.classify_sync(text).reason


def test_a_little_smoke_when_lighting_is_a_sweep_job(at: LocalEngine) -> None:
    text = "unser schwedenofen zieht nicht richtig, beim einheizen kommt etwas rauch raus, bitte einmal kehren"
    assert at.classify_sync(text).task == "kehrtermin", at.classify_sync(text).reason


@pytest.mark.parametrize(
    "text",
    [
        "beim einheizen kommt dichter rauch raus und die stube ist voll",
        "beim anzünden kommt ein bissl rauch und jetzt brennen mir die augen",
    ],
)
def test_much_smoke_when_lighting_is_a_fire(at: LocalEngine, text: str) -> None:
    assert at.classify_sync(text).task == "notfall", at.classify_sync(text).reason


def test_a_paper_for_a_chimney_fire_the_firm_came_to(at: LocalEngine) -> None:
    text = "wir hatten im november einen kaminbrand, sie waren eh da, jetzt brauchen wir einen befund"
    assert at.classify_sync(text).task == "befund", at.classify_sync(text).reason


def test_a_chimney_fire_the_firm_came_to_that_burns_again(at: LocalEngine) -> None:
    text = "wir hatten gestern einen kaminbrand, sie waren da, und jetzt brennt es schon wieder"
    assert at.classify_sync(text).task == "notfall", at.classify_sync(text).reason


@pytest.mark.parametrize(
    "text",
    [
        "im schlafzimmer tropft wasser aus der deckenlampe",
        "aus dem lichtschalter im flur tropft wasser",
    ],
)
def test_water_out_of_a_light_is_an_emergency(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall", de.classify_sync(text).reason


@pytest.mark.parametrize(
    ("text", "task"),
    [
        (
            "wir wollen weg vom öl, vielleicht pellets oder eine wärmepumpe, könnten sie uns beraten und ein angebot schicken",
            "neue-heizung",
        ),
        ("ein angebot wollen wir jetzt noch keins, erst mal eine beratung zu pellets", "neue-heizung"),
        ("bitte schicken sie mir ein angebot für eine wärmepumpe", "angebot"),
    ],
)
def test_advice_on_a_new_heating_beats_the_quote_it_leads_to(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task, de.classify_sync(text).reason


def test_no_hurry_with_a_word_between_is_calm(de: LocalEngine) -> None:
    text = "es eilt noch nicht, aber die heizung im bad wird nicht richtig warm"
    assert de.classify_sync(text).task == "stoerung", de.classify_sync(text).reason


@pytest.mark.parametrize(
    "text",
    [
        "was würde so ein kohlenmonoxidmelder bei ihnen kosten",
        "der rauchmelder im gang zirpt jede stunde einmal, sicher die batterie",
    ],
)
def test_a_detector_without_an_alarm_is_no_emergency(at: LocalEngine, text: str) -> None:
    assert at.classify_sync(text).task != "notfall", at.classify_sync(text).reason


def test_a_detector_that_alarms_stays_an_emergency(at: LocalEngine) -> None:
    assert at.classify_sync("der kohlenmonoxidmelder im bad schlägt an").task == "notfall"


def test_a_water_damage_someone_mended_is_the_job_after_it(de: LocalEngine) -> None:
    text = "wir hatten einen wasserschaden aus der wohnung drüber, der vermieter hat das rohr repariert, wir brauchen einen termin zum trocknen"
    assert de.classify_sync(text).task != "notfall", de.classify_sync(text).reason
    live = "wir hatten einen rohrbruch, der vermieter hat das wasser abgestellt, aber es läuft immer noch aus der wand"
    assert de.classify_sync(live).task == "notfall", de.classify_sync(live).reason


def test_a_swiss_detector_that_no_longer_beeps(ch: LocalEngine) -> None:
    text = "min maa het de rauchmelder usprobiert, jetzt piepst er nüme, chönd ihr en aaluege"
    assert ch.classify_sync(text).task != "notfall", ch.classify_sync(text).reason


def test_advice_asked_with_raten_is_no_instalment(de: LocalEngine) -> None:
    text = "unser ölkessel ist dreißig jahre alt, pellets oder wärmepumpe, wozu würden sie uns raten"
    assert de.classify_sync(text).task == "neue-heizung", de.classify_sync(text).reason
    assert de.classify_sync("kann ich die rechnung vom kesseltausch in raten zahlen").task == "rechnung"
