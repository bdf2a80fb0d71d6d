"""Near misses and unusual emergencies, in sentences of our own, labelled by the rules of
benchmarks/data/README.md. A false emergency wakes the owner at night and forwards the call to his
mobile; a missed one is worse. So both halves are checked:

- danger words in ordinary calls: embers left in a stove ("im Kamin ist noch Glut, darf ich die Asche
  raus tun") are no chimney fire; a running toilet cistern is stopped at its angle valve; condensate
  ("Kondenswasser") is no flood; "brennt ka Flamme mehr" is a flame gone out (a fault); "bei uns brennt
  grad die Hütte" is a busy day; a valve hissing only a little, or a heating that smells of burnt dust,
  is a fault; "Knall auf Fall" is suddenly; a fault told as repaired before a follow-up visit is asked
  about is the visit;
- emergencies said in unusual words: a chimney fire that rumbles ("im Kamin grollt's"), water spraying
  out of a wall, a ceiling bulging and dripping faster, pipes thick with ice.

tests/data/intents_dev_precision.tsv holds the heizung-mueller part (see test_intents_fresh.py); the
Austrian sweep and the Swiss installer are tested here.
"""

from __future__ import annotations

import pytest

AT_ORDINARY = [
    ("im kamin ist noch glut, darf ich die asche raus tun", None),
    ("im Ofen glost's noch a bisserl, kann i die Ofentür zumachen", None),
    ("Grüß Gott, die Abgasmessung is wieder fällig, wann kommen S' vorbei", "abgasmessung"),
    ("Servus, i brauch an Rauchmelder fürs Schlafzimmer, verkaufen Sie so was", None),
    ("die Rechnung für die Nachschau nach dem Kaminbrand vom letzten Winter is no offen", "rechnung"),
    ("der Rauchfang gehört wieder gekehrt, der zieht ned so gut", "kehrtermin"),
    ("in der Therme brennt ka Flamme mehr, die geht immer aus", None),
]

AT_EMERGENCIES = [
    "Grüß Gott, aus unserem Rauchfang kommen oben Funken raus und es rauscht ganz laut",
    "im Kamin grollt's wie a Zug und die Wand is ganz heiß",
    "bei uns glüht der Rauchfang oben, des sieht ma von der Straße",
    "es hat an Kaminbrand bei uns, was soll i tun",
    "der Kachelofen raucht ins Wohnzimmer und ma kriegt kaum Luft",
]

CH_ORDINARY = [
    ("Grüezi, d'Abgasmessig isch fällig, chönd Sie für de Service verbi cho", "service"),
    ("de Boiler tropft es bitzeli", "heizung"),
    ("s WC lauft immer na", None),
    ("d'Heizig brennt nüm, d'Flamme gaht immer wieder us", "heizung"),
    ("de Druck isch uf drü bar", "heizung"),
    ("ich han e Frag zur Rechnig vom Wasserschade vom letschte Jahr", "rechnung"),
    ("mir wänd en CO-Melder für de Heizigsruum, was chostet das", "offerte"),
]

CH_EMERGENCIES = [
    "bi üs schüsst Wasser us de Wand und mir chönd's nöd abstelle",
    "im Heizigsruum isch alles voll Rauch",
    "es schmöckt im ganze Huus nach Gas",
    "d'Decki im Bad tropft immer schneller",
    "d'Heizig isch us, dusse hets minus zwölf und d'Rohr gfrüüred scho",
]


@pytest.mark.parametrize(("text", "task"), AT_ORDINARY)
def test_austrian_ordinary_calls_with_danger_words_are_no_emergency(at, text, task):
    got = at.classify_sync(text).task
    assert got != "notfall", text
    if task is not None:
        assert got == task, text


@pytest.mark.parametrize("text", AT_EMERGENCIES)
def test_austrian_chimney_fires_and_smoke_are_emergencies(at, text):
    assert at.classify_sync(text).task == "notfall", text


@pytest.mark.parametrize(("text", "task"), CH_ORDINARY)
def test_swiss_ordinary_calls_with_danger_words_are_no_emergency(ch, text, task):
    got = ch.classify_sync(text).task
    assert got != "notfall", text
    if task is not None:
        assert got == task, text


@pytest.mark.parametrize("text", CH_EMERGENCIES)
def test_swiss_unusual_emergencies_are_emergencies(ch, text):
    assert ch.classify_sync(text).task == "notfall", text


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("die toilettenspülung hört nicht auf zu laufen", "sanitaer"),
        ("der spülkasten läuft ständig nach", "sanitaer"),
        ("das ventil zischt ein bisschen", "stoerung"),
        ("der monteur hat knall auf fall abgesagt wann kommt er jetzt", "termin"),
        ("ich brauch einen termin zum entlüften bevor es kalt wird", "termin"),
        ("die kaltwasserleitung im keller ist voller kondenswasser", "sanitaer"),
    ],
)
def test_german_near_misses(de, text, task):
    assert de.classify_sync(text).task == task, text


@pytest.mark.parametrize(
    "text",
    [
        "die wasserleitung hört nicht auf zu laufen",
        "das wasser läuft aus der wand und hört nicht auf",
        "die toilette läuft über und das wasser läuft schon in den flur und hört nicht auf",
        "aus dem kamin oben kommt glut raus",
        "im kamin ist glut und es grollt ganz laut",
        "die rohre im keller sind dick mit eis und die heizung ist aus",
    ],
)
def test_german_emergencies_stay(de, text):
    assert de.classify_sync(text).task == "notfall", text
