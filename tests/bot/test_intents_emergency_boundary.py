"""The emergency boundary, in sentences of our own (not the dev sets'): sparks and arcs at a device's
electrics, smoke welling out of the flue, a smell like a camping stove or of charred plastic, water that
runs on after a shut-off or after every tap is closed, a tank torn open; and the look-alikes that stay
ordinary tasks: an event told as the occasion of a job or a paper, a repeat prevented, a flood mopped up,
a day-old burst shut off, a blocked shower, a running toilet, a detector beeping for its battery, a
department named in an application.
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine


@pytest.fixture(scope="module")
def engine(de: LocalEngine) -> LocalEngine:
    return de  # the heating firm's local engine (conftest.py)


EMERGENCIES = [
    # sparks, arcs, crackling electrics
    "aus dem Kessel fliegen Funken heraus",
    "in der Steuerung von der Therme knistert es und es blitzt immer wieder",
    "an der Platine vom Brenner funkt es",
    "ich sehe einen Lichtbogen am Heizungsschalter",
    # smoke out of the flue, a fogged room
    "aus dem Ofenrohr quillt es heraus und das Wohnzimmer ist ganz vernebelt",
    "die Stube ist ganz verraucht seit der Ofen an ist",
    # smells
    "im Heizraum riecht es wie bei einer Gaskartusche",
    "aus der Therme stinkt es nach verschmortem Kabel",
    "es riecht nach geschmolzenem Kunststoff aus dem Brenner",
    # water that does not stop
    "ich habe den Hahn abgedreht aber das Wasser rinnt trotzdem weiter aus der Wand",
    "das Wasser hört nicht auf, ich habe schon alle Wasserhähne zugedreht",
    "im Bad läuft es aus der Wand wie ein Sturzbach",
    "die Decke im Flur wird immer nasser",
    "der Boiler ist aufgerissen und überall ist Wasser",
    "das Wasser rinnt in den Keller runter und hört nicht auf",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_danger_reaches_the_emergency_task(engine: LocalEngine, text: str) -> None:
    assert engine.classify_sync(text).task == "notfall", engine.classify_sync(text).reason


LOOKALIKES = [
    # an event as the occasion of a job, a paper or a change, or prevented from coming back
    ("wir müssen die Nachkontrolle nach dem Wasserschaden verschieben", "termin"),
    ("ich habe eine Frage zur Rechnung für die Trocknung nach dem Rohrbruch", "rechnung"),
    ("seit dem Rauchfangbrand letztes Jahr überlegen wir eine Wärmepumpe einzubauen", "neue-heizung"),
    ("machen Sie mir ein Angebot für neue Rohre, damit nie wieder so ein Wasserschaden passiert", "angebot"),
    # a flood mopped up, a day-old burst shut off
    ("der Geschirrspüler hat die Küche unter Wasser gesetzt, der Hahn ist zugedreht und alles ist aufgewischt", "sanitaer"),
    # plumbing that stays in its fixture
    ("die Badewanne läuft nicht ab, das Wasser steht in der Wanne", "sanitaer"),
    ("die Toilette läuft dauernd nach, das Wasser hört nicht auf zu laufen in der Kloschüssel", "sanitaer"),
    # a detector beeping for its battery, a department named in an application
    ("der Rauchmelder im Flur piept wegen der Batterie, können Sie den beim Wartungstermin tauschen", "termin"),
    ("ich möchte mich für eine Stelle im Notdienst bewerben", "bewerbung"),
]


@pytest.mark.parametrize(("text", "task"), LOOKALIKES)
def test_settled_or_harmless_stays_ordinary(engine: LocalEngine, text: str, task: str) -> None:
    result = engine.classify_sync(text)
    assert result.task == task, result.reason


def test_standing_water_in_a_room_stays_a_flood(engine: LocalEngine) -> None:
    """Mopped or shut off, a room the water still stands in is a flood."""
    text = "der Keller steht unter Wasser, ich habe den Haupthahn zugedreht und schon etwas aufgewischt"
    assert engine.classify_sync(text).task == "notfall"


def test_a_burst_today_shut_off_stays_an_emergency(engine: LocalEngine) -> None:
    """Only a burst of a previous day, shut off since, is over."""
    assert engine.classify_sync("ein Rohr ist geplatzt, ich habe das Wasser abgestellt").task == "notfall"
    assert (
        engine.classify_sync("gestern ist ein Rohr geplatzt, das Wasser ist abgestellt, es läuft aber immer noch").task
        == "notfall"
    )


def test_a_flashing_lamp_or_a_crackling_radiator_is_no_fire(engine: LocalEngine) -> None:
    assert engine.classify_sync("am Brenner blitzt die rote Lampe").task == "stoerung"
    assert engine.classify_sync("der Heizkörper knistert beim Aufheizen").task != "notfall"
