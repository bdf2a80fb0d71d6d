"""Danger told without the usual words, and their harmless look-alikes: a misheard smell word at a gas
appliance, a warning detector that will not stop, water that runs on after the main valve is shut,
four bar with banging pipes, the signs of a chimney fire (roaring, glowing, sparks, a hot wall); and a
fire put out and declared safe, a burst already patched, bursts counted in the past, a new stove's
burn-in smell, a service with the gas smell denied, a detector looked at during the sweep's visit.
Sentences of our own, written for these rules (the dev set tests/data/intents_dev_blind9.tsv was not).
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.local import LocalEngine, dismissed_dangers
from zentrale.bot.intents.openai_engine import classification_rules_de

EMERGENCIES_DE = [
    # a smell word misheard by speech recognition, at a gas appliance or next to gas
    "im flur neben dem gasherd ist so ein seltsamer geruh",
    "es riecht hier nach gass in der küche",
    "die gastherme hat so einen merkwürdigen geruc",
    # a warning detector that will not stop
    "der co warner neben dem kessel hört gar nicht auf zu piepsen",
    "seit zehn minuten hört der rauchmelder im heizraum nicht auf zu piepen",
    # the shut-off does not hold
    "wir haben das hauptventil zugemacht und trotzdem rinnt es weiter aus der decke",
    "absperrhahn ist zu aber das wasser läuft weiterhin",
    # four bar and banging or rising
    "das manometer steht auf vier und in den leitungen kracht es",
    "der heizungsdruck ist auf vier bar gestiegen und es hämmert in den rohren",
]

EMERGENCIES_AT = [
    # the signs of a chimney fire
    "im schornstein dröhnt es so laut wie ein zug und es riecht komisch",
    "die mauer beim kamin ist glühend heiß",
    "oben aus dem rauchfang fliegen funken und es faucht da drin",
    "im schlot donnert es seit ein paar minuten",
]

NOT_EMERGENCIES = [
    # (engine, sentence, task)
    ("de", "bitte einen termin für die jährliche wartung der therme gasgeruch haben wir keinen ist nur routine", "termin"),
    (
        "de",
        "letzte nacht ist bei uns ein wasserrohr geplatzt der notdienst hat es provisorisch repariert jetzt soll die ganze leitung neu gemacht werden",
        "sanitaer",
    ),
    (
        "de",
        "im altbau hatten wir schon mehrmals einen rohrbruch wir wollen die wasserleitungen komplett austauschen lassen",
        "sanitaer",
    ),
    (
        "de",
        "gestern abend war die feuerwehr wegen gasgeruch bei uns die haben alles durchgemessen und die therme abgedreht seitdem haben wir keine heizung",
        "stoerung",
    ),
    (
        "de",
        "beim ersten heizen im herbst riecht es an den heizkörpern ein wenig nach verbranntem staub soll das so sein",
        "stoerung",
    ),
    (
        "at",
        "vorgestern hatten wir einen kaminbrand die feuerwehr hat alles abgelöscht jetzt soll der rauchfang überprüft werden",
        "ueberpruefung",
    ),
    (
        "at",
        "unser neuer kachelofen hat beim ersten einheizen nach verbrannter farbe gerochen der muss noch abgenommen werden",
        "ueberpruefung",
    ),
    (
        "at",
        "wann kommen sie heuer zum kehren und könnten sie beim kehren auch den rauchmelder anschauen der piept weil die batterie leer ist",
        "kehrtermin",
    ),
]


@pytest.mark.parametrize("text", EMERGENCIES_DE)
def test_dangers_without_the_usual_words_are_emergencies_de(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == de.emergency_task_id, text


@pytest.mark.parametrize("text", EMERGENCIES_AT)
def test_chimney_fire_signs_are_emergencies_at(at: LocalEngine, text: str) -> None:
    assert at.classify_sync(text).task == at.emergency_task_id, text


@pytest.mark.parametrize(("engine_name", "text", "task"), NOT_EMERGENCIES)
def test_look_alikes_get_the_task_a_person_would_file(request, engine_name: str, text: str, task: str) -> None:
    engine: LocalEngine = request.getfixturevalue(engine_name)
    assert engine.classify_sync(text).task == task, text


@pytest.mark.parametrize(
    "text",
    [
        # still live after the repair, the count or the brigade
        "wir hatten schon zweimal einen rohrbruch und jetzt läuft wieder wasser aus der wand",
        "die feuerwehr war wegen dem kaminbrand da aber jetzt kommen wieder funken aus dem rauchfang",
        "der rohrbruch wurde geflickt aber jetzt spritzt es aus der leitung",
        # a stove, not the flue: the hot wall next to the chimney itself still counts
        "die wand hinter dem rauchfang wird immer heißer",
    ],
)
def test_dangers_told_as_live_again_stay_emergencies(de: LocalEngine, text: str) -> None:
    assert de.classify_sync(text).task == de.emergency_task_id, text


def test_no_chimney_fire_from_look_alike_words(at: LocalEngine, de: LocalEngine) -> None:
    # a one-letter neighbour of a sign word, a stove that glows as it should, no flue
    assert (
        at.classify_sync("wir grillen am wochenende im garten und vorher sollte der rauchfang gekehrt werden").task
        == "kehrtermin"
    )
    assert at.classify_sync("unser kaminofen glüht schön wir möchten ihn abnehmen lassen").task != at.emergency_task_id
    # "frostsicher" is no frost, a reading of four bar alone no overpressure
    assert de.classify_sync("die außenleitung im garten bitte frostsicher machen").task != de.emergency_task_id
    assert de.classify_sync("das display der heizung zeigt vier bar an").task != de.emergency_task_id


def test_dismissed_dangers_name_the_danger_put_out_or_patched() -> None:
    assert "emergency_smoke" in dismissed_dangers("letzte woche hatten wir einen kaminbrand die feuerwehr hat alles gelöscht")
    assert "emergency_flood" in dismissed_dangers("das rohr ist geplatzt und der notdienst hat es geflickt")


def test_the_llm_prompt_has_the_same_rules() -> None:
    rules = classification_rules_de([], "notfall")
    for words in ("Düsenjet", "Haupthahns trotzdem", "4 bar", "geflickt", "leerer Batterie", "Feuerwehr"):
        assert words in rules, words
