"""Dangers in words the engine did not know, and look-alikes that are none, in sentences of our own:
a sulphur smell is the odorant of natural gas; a detector that rings (DE "läutet", "klingelt", CH
"lüütet") is an alarm. A detector tested that sounds as it should, dust burning off at the season's
first heating, two dangers denied together ("Rauch oder Gasgeruch ist keiner"), frost outside while
the heating runs, and a burst pipe with the main valve shut and nothing wet any more are none. Live
dangers next to the same words stay emergencies.
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine

DE_EMERGENCY = [
    "im Heizungskeller stinkt es so komisch nach Schwefel",
    "bei der Gastherme riecht es schweflig, ganz eklig",
    "der Rauchmelder im Schlafzimmer klingelt und hört nicht auf",
    "der Kohlenmonoxidwarner läutet seit ein paar Minuten",
    # tested, but it keeps sounding or somebody feels ill
    "ich hab den CO-Melder getestet und seitdem piept er dauernd",
    "der Gasmelder piept, ich wollte ihn nur testen, aber mir ist jetzt schwindlig",
    # burnt smell without dust, a denial that is no denial
    "es riecht verbrannt aus der Therme und es qualmt",
    "es kommt Rauch und Gasgeruch ist auch da",
    # frost and a heating that does not run
    "draußen sind minus zehn Grad und die Heizung läuft seit Mittag nicht mehr",
    "draußen Frost und die Heizung läuft noch nicht wieder",
    # a burst pipe the main valve does not stop
    "Rohrbruch im Keller, den Haupthahn krieg ich nicht zu",
    "wir haben einen Rohrbruch, der Haupthahn ist zu, aber es läuft immer noch Wasser raus",
]

CH_EMERGENCY = [
    "grüezi de rauchmelder i de chuchi lüütet",
    "es schmöckt im chäller nach schwefel bi de heizig",
]


@pytest.mark.parametrize("text", DE_EMERGENCY)
def test_live_dangers_stay_emergencies(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall", de.classify_sync(text).reason
    assert de.danger_task(text) == "notfall"


@pytest.mark.parametrize("text", CH_EMERGENCY)
def test_swiss_dangers_are_emergencies(ch: LocalEngine, text: str) -> None:
    assert ch.classify_sync(text).task == "notfall", ch.classify_sync(text).reason


DE_NO_EMERGENCY = [
    # a detector tested, working as it should
    ("wir haben den Rauchmelder getestet, er piept ganz normal, bitte rufen Sie mich zurück", "rueckruf"),
    ("beim Probealarm hat der Gasmelder gepiept wie er soll, ich hätte aber gern einen Rückruf", "rueckruf"),
    # dust burning off at the first heating of the season
    ("heute zum ersten Mal geheizt und jetzt riecht es nach verbranntem Staub, ist das normal", "stoerung"),
    # two dangers denied together
    ("die Therme zeigt einen Fehler an, Qualm oder Gasgeruch ist keiner", "stoerung"),
    # frost outside, but the heating runs
    ("draußen ist es frostig, die Heizung läuft noch, nur die Dusche bleibt kalt", "stoerung"),
    # a burst pipe shut off and dry
    ("gestern hatten wir einen Rohrbruch in der Küche, der Haupthahn ist zu und nichts mehr nass", "sanitaer"),
    ("ein Wasserschaden im Keller, den Haupthahn haben wir zu, es läuft nichts mehr nach", "sanitaer"),
    # rings, but it is a callback wish
    ("ich möchte einen Rauchmelder kaufen, bitte läutet mich zurück", "rueckruf"),
    # water heater that smells of sulphur: bacteria, no gas
    ("das Warmwasser aus dem Boiler riecht nach Schwefel", None),
]


@pytest.mark.parametrize(("text", "task"), DE_NO_EMERGENCY)
def test_look_alikes_are_no_emergencies(de: LocalEngine, text: str, task: str | None) -> None:
    got = de.classify_sync(text)
    assert got.task != "notfall", got.reason
    assert de.danger_task(text) is None
    if task is not None:
        assert got.task == task, got.reason


def test_a_broken_heating_said_colloquially_is_a_fault(de: LocalEngine) -> None:
    for text in ("die Therme ist im Eimer", "unsere Heizung ist hinüber"):
        assert de.classify_sync(text).task == "stoerung", text


def test_a_swiss_flooded_cellar_is_an_emergency(ch: LocalEngine) -> None:
    got = ch.classify_sync("d garage isch under wasser und es stoht scho bis zu de chnöchel")
    assert got.task == "notfall", got.reason


def test_a_number_given_is_no_callback_wish(de: LocalEngine) -> None:
    got = de.classify_sync("Moment, die Nummer hab ich hier, null vier null eins zwei drei vier fünf")
    assert got.task != "rueckruf", got.reason
    assert de.classify_sync("rufen Sie mich bitte zurück unter null vier null eins zwei drei").task == "rueckruf"


@pytest.mark.parametrize(
    "text",
    [
        "beim Probealarm war alles normal, aber jetzt schlägt der Gasmelder richtig an",
        "die Heizung läuft noch, aber es wird nicht warm, und draußen hat es minus fünfzehn Grad",
        # a danger named, then another one denied: no "oder" pair
        "aus der Therme kommt Rauch, Gasgeruch ist keiner",
        "die Therme raucht, Gasgeruch ist keiner da",
    ],
)
def test_a_test_or_a_running_heating_does_not_hide_a_live_danger(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == "notfall", de.classify_sync(text).reason
