"""Emergencies told without the danger's name, in sentences of our own (not the dev sets'):

- something that beeps, the detector left unnamed, and a person who feels ill (a headache said
  as "der Kopf tut weh", "komisch im Kopf", CH "Chopfweh"): carbon monoxide;
- a smell that is no drain's and a person who feels ill: exhaust or carbon monoxide;
- a smell likened to a stove left on unlit ("wie wenn der Herd an ist und nicht brennt"): gas;
- the Berlin "Jeruch" for a smell; a hiss at the meter box in the hall: gas;
- water running on though the caller shut everything off, or not getting less: a pipe out of sight;
- the boiler's exhaust pipe come loose with a smell or something coming out: exhaust gas;
- a Swiss "Chemi" that hums and bangs, sparks flying: a chimney fire.
Look-alikes stay what they were: a tap that runs on though turned off, a smell from the drain with
nausea, a water pipe of the boiler that came loose and drips; a water event named as the time
after which a bill or a visit is wanted ("nach der Überschwemmung") is over, unless told as going on.
"""

from __future__ import annotations

import pytest

from zentrale.bot.dangers import co_signs, emergency_kind
from zentrale.bot.intents.local import LocalEngine
from zentrale.bot.intents.normalize import fold

UNNAMED_EMERGENCIES = [
    ("im flur piepst dieses runde teil an der decke in einer tour und mein mann hat kopfschmerzen", "co"),
    ("oben an der decke im schlafzimmer piept was und meiner tochter ist ganz komisch im kopf", "co"),
    ("bi üs piipst es im gang und de chopf tuet mer weh", "co"),
    ("aus dem schacht in der küche kommt so ein scharfer gestank und mir tut der kopf weh", None),
    ("in der speisekammer riecht es ein wenig als ob jemand den gasherd aufgedreht hätte und er brennt nicht", "gas"),
    ("es schmöckt im ganze huus wie bi me herd wo nöd brennt", "gas"),
    ("im keller ist so'n jeruch nach faulen eiern", "gas"),
    ("im stiegenhaus zischt es hinter dem zählerkasten", "gas"),
    ("im abstellraum läuft wasser aus dem boden und es wird nicht weniger", "water"),
    ("hinter dem schrank läuft wasser raus obwohl ich alles abgedreht habe", "water"),
    ("das abgasrohr von unserem kessel hat sich gelöst und es stinkt im heizraum", None),
    ("im keller ist das rohr oben an der gastherme runtergefallen und da kommt was raus", None),
    ("üse chemi brummt wie verruckt und es chlöpft drin", "smoke"),
]


@pytest.mark.parametrize(("text", "kind"), UNNAMED_EMERGENCIES)
def test_unnamed_emergencies(de: LocalEngine, text: str, kind: str | None) -> None:
    assert de.classify_sync(text).task == "notfall"
    if kind is not None:
        assert emergency_kind(fold(text)) == kind


@pytest.mark.parametrize(
    "text",
    [
        "in der diele piept so ein kastl und mir ist schwindlig",
        "bi mir piipst öppis und d chind händ chopfweh",
    ],
)
def test_beeping_and_a_headache_are_co_signs(text: str) -> None:
    assert co_signs(fold(text))


LOOK_ALIKES = [
    ("der wasserhahn in der küche läuft obwohl ich ihn zugedreht habe", "sanitaer"),
    ("aus dem abfluss in der dusche stinkt es nach kanal und mir wird richtig übel davon", "sanitaer"),
    ("an der therme ist ein wasserrohr abgerutscht und jetzt tropft es", None),
]


@pytest.mark.parametrize(("text", "task"), LOOK_ALIKES)
def test_look_alikes_stay(de: LocalEngine, text: str, task: str | None) -> None:
    found = de.classify_sync(text).task
    assert found != "notfall"
    if task is not None:
        assert found == task


# ---- a water event named as the time after which something else is wanted is over

AFTER_THE_EVENT = [
    ("ich bräuchte eine kopie der rechnung für das trocknen nach der überschwemmung", "rechnung"),
    ("wann kommt ihr monteur nach dem wasserschaden nochmal zum nachschauen", "termin"),
]


@pytest.mark.parametrize(("text", "task"), AFTER_THE_EVENT)
def test_after_the_event_is_over(de: LocalEngine, text: str, task: str) -> None:
    assert de.classify_sync(text).task == task


@pytest.mark.parametrize(
    "text",
    [
        "nach dem rohrbruch läuft immer noch wasser aus der wand",
        "nach dem rohrbruch gestern steht jetzt der keller unter wasser",
    ],
)
def test_after_the_event_still_going_stays(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall"
