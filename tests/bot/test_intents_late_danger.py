"""Dangers told by what the caller hears, sees or smells, often late in a long turn, in sentences of
our own: rushing water heard next to water or wetness where none belongs, water coming out of or
under a door, a charred or burnt smell said with an adjective ("riecht verkokelt", "brenzlig"), a
gas line or meter that whistles, a sharp smell from the boiler in the bathroom. Near misses stay
what they were: a heating that rushes or whistles is a fault, dust burning off a radiator no fire,
a water damage shut off and dry again plumbing. A call planned for one reason and overtaken by
another ("ich wollte eigentlich wegen … anrufen, aber jetzt …") is about the new one.
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine

DE_DANGERS = [
    # rushing water and wetness
    "unten in der Waschküche rauscht es ununterbrochen, und der Teppich im Flur davor ist schon nass",
    "ich höre seit einer Stunde so ein Rauschen hinter der Küchenwand, und am Boden sammelt sich Wasser",
    "wir wollten nur fragen wegen der Wartung, aber im Keller plätschert es und da steht überall Wasser",
    # water out of or under a door
    "aus der Garagentür läuft Wasser raus, da drin ist eine Leitung",
    "beim Herrn Schulz im Erdgeschoss dringt Wasser unter der Tür durch, er ist verreist",
    # a charred or burnt smell
    "aus dem Heizungskeller riecht es ganz verkohlt, eher so verkokelt",
    "im Flur riecht es irgendwie brenzlig, seit der Kessel angesprungen ist",
    "es riecht angesengt aus der Therme",
    # a gas line or meter that whistles
    "hinter dem Gasherd pfeift die Gasleitung",
    "an unserer Gasuhr im Keller pfeift es, das war vorher nie",
    # a sharp smell from the boiler in a bathroom
    "im Badezimmer, wo die Gastherme hängt, stinkt es ganz penetrant",
]


@pytest.mark.parametrize("text", DE_DANGERS)
def test_danger_signs_are_emergencies(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall", de.classify_sync(text).reason
    assert de.danger_task(text) == "notfall"


DE_NEAR_MISSES = [
    ("die Heizkörper im Schlafzimmer rauschen wie ein Wasserfall, seit der Monteur da war", "stoerung"),
    ("meine Therme pfeift jedes Mal beim Aufheizen", "stoerung"),
    ("wir hatten letzte Woche einen Wasserschaden an der Waschmaschine, Wasser ist abgedreht und alles trocken", "sanitaer"),
    ("die Spülung im Gäste-WC rauscht ständig", "sanitaer"),
    ("die Duschtür ist undicht, da kommt beim Duschen Wasser raus", "sanitaer"),
]


@pytest.mark.parametrize(("text", "task"), DE_NEAR_MISSES)
def test_near_misses_stay_ordinary(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task, de.classify_sync(text).reason
    assert de.danger_task(text) is None


def test_burnt_dust_is_no_fire(de: LocalEngine) -> None:
    text = "der Heizkörper im Wohnzimmer riecht beim ersten Aufdrehen nach verbranntem Staub"
    assert de.danger_task(text) is None


def test_water_coming_out_like_a_waterfall_stays_one(de: LocalEngine) -> None:
    text = "es rauscht wie ein Wasserfall aus der Decke im Keller"
    assert de.classify_sync(text).task == "notfall"


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("ich wollte eigentlich wegen dem Angebot anrufen, aber jetzt geht die Heizung gar nicht mehr", "stoerung"),
        ("ich wollte eigentlich wegen der Wartung anrufen, aber inzwischen ist die Mahnung gekommen", "rechnung"),
    ],
)
def test_planned_call_overtaken(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task, de.classify_sync(text).reason


def test_planned_call_without_new_reason_keeps_it(de: LocalEngine) -> None:
    text = "ich wollte eigentlich wegen der Rechnung anrufen, aber jetzt finde ich die Nummer nicht"
    assert de.classify_sync(text).task == "rechnung"


@pytest.mark.parametrize(
    "text",
    [
        "ich bin zweiundneunzig, die Heizung ist seit gestern aus und in der Wohnung ist es eiskalt",
        "ich bin 91, bei mir ist die Heizung ausgefallen und ich friere",
    ],
)
def test_own_old_age_with_heating_out_in_the_cold(de: LocalEngine, text: str) -> None:
    """An elderly caller's own age ("ich bin zweiundneunzig") is no name: with the heating out in the
    cold it makes a frost emergency, like "meine Mutter ist zweiundneunzig" does."""
    assert de.classify_sync(text).task == "notfall", de.classify_sync(text).reason


def test_own_age_without_cold_stays_a_fault(de: LocalEngine) -> None:
    text = "ich bin achtzig und die Heizung ist aus, aber draußen ist es ja noch mild"
    assert de.classify_sync(text).task == "stoerung"
