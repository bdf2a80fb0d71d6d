"""Classes of emergency wording (and their near misses) the local engine must tell apart, in sentences of
our own (not the dev sets'): flames out of place at the heat source, poisoning signs near it, a hiss with
a stink, hot water spraying from a broken valve, a heating out at minus degrees with a frail person;
dangers denied at the clause's end, a danger someone came for told as the past, a burst hose shut off.
"""

from __future__ import annotations

import pytest

from zentrale.bot.intents.factory import build_local_engine
from zentrale.bot.intents.local import LocalEngine
from zentrale.bot.intents.normalize import tokenize
from zentrale.config import EXAMPLES_DIR, load_config


@pytest.fixture(scope="module")
def engine(de: LocalEngine) -> LocalEngine:
    return de  # the heating firm's local engine (conftest.py)


EMERGENCIES = [
    "da kommen flamen aus der therme raus",
    "aus der Therme schlagen Flammen raus",
    "beim Brenner kommt eine Stichflamme raus",
    "da kommt Feuer aus dem Kessel",
    "die Flamme am Gasbrenner ist ganz gelb und alles ist voller Ruß",
    "aus der Ölheizung züngeln Flammen heraus",
    "grüezi bi üs chömed flamme us em brenner use",
    "im Heizraum riecht es so komisch und mir ist ganz schwindlig",
    "seit ich im Heizungskeller war ist mir ganz benebelt und ich hab Kopfweh",
    "bei der Therme riecht es seltsam und mir wird schwarz vor Augen",
    "am Gaszähler zischt es und es riecht irgendwie ganz komisch im ganzen Flur",
    "es faucht am Gashahn",
    "das Thermostatventil ist abgebrochen und es spritzt Wasser überall",
    "der Heizkörperhahn ist abgerissen und das Wasser schießt raus",
    "die Heizung ist aus und draußen hat es -12 Grad, mein Vater ist dement und bettlägerig",
    "Heizung komplett ausgefallen bei minus acht, wir haben ein Neugeborenes zu Hause",
    "die therme ist aus und es ist minus zehn draussen",
    "es riecht nach Gas, es ist keiner zuhause der helfen kann",
    "es riecht nach Gas, ist das nicht gefährlich",
    "es riecht nach Gas ich weiss nicht was ich tun soll",
    "ihr Monteur war gestern wegen Gasgeruch da und jetzt riecht es wieder nach Gas",
    "ich habe wegen dem Gasgeruch angerufen und es ist noch keiner gekommen",
    "der Schlauch von der Waschmaschine ist geplatzt und das Wasser läuft und läuft",
    "Rohrbruch im Keller, ich habe das Wasser abgestellt aber alles steht unter Wasser",
    "Rohrbruch in der Küche, Haupthahn ist zu",
    "bei minus neun Grad ist die Heizung ausgefallen und meine Oma ist 90",
    "grüezi d heizig isch us und dusse hets minus zwölf grad",
    "da brennt was im Heizraum, überall Flammen",
    "aus dem Kaminofen schlagen Flammen ins Zimmer",
    "das heiße Wasser spritzt aus dem Ventil am Heizkörper",
    "es riecht im Heizraum nach Gas, haben Sie jemanden",
    "ihr Kollege war wegen dem Rohrbruch da, aber es läuft schon wieder Wasser aus der Wand",
    "wegen dem Gasgeruch hab ich schon angerufen und es war noch keiner da",
    "ich hatte wegen dem Gasgeruch schon angerufen es kommt keiner",
    "wir hatten wegen dem Gasgeruch schon die Feuerwehr gerufen, die sagt wir sollen den Notdienst rufen",
    "wir waren weg, Rohrbruch im Keller, kommen Sie",
    "wegen dem Gasgeruch waren wir draußen, der Monteur soll kommen",
    "wir waren wegen dem Gasgeruch draußen und haben auf Sie gewartet",
    "bei da Therme kumman Flammen aussa",
    "aus dem Kachelofen schlagen Flammen ins Wohnzimmer",
    "es zischt beim Zähler im Keller und stinkt fürchterlich",
    "aus dem Heizkörper spritzt heißes Wasser",
    "das Ventil vom Heizkörper ist abgebrochen jetzt läuft das Wasser raus",
    "Heizung kaputt, minus 5 draußen und ein Baby im Haus",
    "mei Oma is 92 und d Heizung geht nimma und es is eiskalt",
    "mir ist übel und der CO Melder blinkt",
    "im Heizungsraum riecht es süßlich und ich hab Kopfschmerzen",
    "aus dem Brenner kommt eine riesige Flamme raus",
]

NEAR_MISSES = [
    "können Sie für die Therme jemanden raus schicken, sie geht nicht",
    "die Therme zeigt keine Flamme an und geht nicht",
    "die Flamme geht immer wieder aus an der Therme",
    "die Zündflamme von der Gastherme geht nicht an",
    "Gasgeruch gibt es keinen, aber die Therme zeigt F28",
    "nach Gas riecht es nicht, die Heizung bleibt aber kalt",
    "Gas riechen wir keins, die Therme geht nur nicht an",
    "riechen tu ich nichts, aber der Kessel macht keinen Mucks",
    "ihr Techniker war letzte Woche wegen dem Gasgeruch da und wollte zurückrufen",
    "ich hab eine Frage zur Rechnung vom Einsatz wegen dem Gasgeruch",
    "d rechnig für de iisatz wäge em wasserrohrbruch isch z hoch",
    "der Schlauch vom Geschirrspüler ist gerissen, ich habe den Hahn zugedreht",
    "die Heizung ist aus, es ist aber nicht kalt draußen",
    "die Flamme im Brenner flackert ab und zu",
    "das heisse Wasser wird nicht richtig heiss",
    "der Heizkreislauf verliert ständig Druck",
    "die Pumpe dreht sich nicht mehr, alles kalt",
    "der Brenner hat eine gelbe Flamme, sollte die nicht blau sein",
    "wir wollen einen Kaminofen wo man das Feuer schön sieht",
    "die Therme geht aus und ich hab sie neu gestartet",
    "Heizung aus, bitte um Rückruf, Fehler F22",
    "ich hätte gern einen Wartungstermin für die Therme, mein Vater ist 80 und bettlägerig",
    "unsere Heizung ist ausgefallen, meine Mutter ist pflegebedürftig, es ist aber mild draußen",
    "das heiße Wasser kommt nur lauwarm",
    "wir hatten wegen dem Rohrbruch einen Einsatz, die Rechnung ist falsch",
    "Ihr Kollege war wegen dem Wasserrohrbruch bei uns und wollte mich zurückrufen",
    "die Flamme schlägt nicht an",
    "die Therme zeigt F28, kein Gasgeruch, bitte schicken Sie jemanden",
    "grüezi de monteur wo wäge em gasgruch da gsi isch sött mi zrugg rüefe",
    "von Gasgeruch keine Spur, aber die Heizung bleibt kalt",
    "nach Gas stinkts ned, aber die Therme zeigt Störung",
    "Ihr Techniker war am Montag wegen dem Gasgeruch da, wann kommt die Rechnung",
    "die Heizung heizt mir schlecht im Schlafzimmer",
    "mein Kopf tut weh wenn ich an die Rechnung denke",
    "wir möchten einen Kaminofen mit schöner Flamme",
    "der Brenner zündet, die Flamme geht aber gleich wieder aus",
    "beim Brenner schlägt die Flamme nicht an",
    "die Flamme in der Therme ist ganz klein und geht aus",
    "bei der Gastherme kommt keine Flamme raus",
    "der Brenner zündet, man sieht die Flamme kurz und dann ist sie wieder weg",
    "die Flamme vom Brenner flackert und geht raus",
    "der Kessel geht aus sobald die Flamme da ist",
]


@pytest.mark.parametrize("text", EMERGENCIES)
def test_danger_reaches_the_emergency_task(engine, text):
    assert engine.classify_sync(text).task == "notfall"


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_near_miss_is_no_emergency(engine, text):
    result = engine.classify_sync(text)
    assert result.task != "notfall", result.reason


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        ("aus dem Kachelofen schlagen Flammen raus", True),
        ("im Rauchfang lodert es, Flammen oben raus", True),
        ("beim Holzofen kommt Feuer aus der Tür raus", True),
        ("ich brauch einen Kehrtermin für den Kachelofen, das Feuer brennt schlecht", False),
        ("ich brauche den Befund für den neuen Kamin mit Sichtfenster für die Flammen", False),
    ],
)
def test_flames_for_the_chimney_sweep(text, emergency):
    built = build_local_engine(load_config(EXAMPLES_DIR / "rauchfangkehrer-huber.yaml").businesses[0])
    assert (built.classify_sync(text).task == built.emergency_task_id) is emergency


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("draußen -9 °C", ["draussen", "minus", "9", "c"]),
        ("(−12 Grad)", ["minus", "12", "grad"]),
        ("F-28", ["f", "28"]),
        ("8-10 Uhr", ["8", "10", "uhr"]),
        ("CO-Melder", ["co", "melder"]),
    ],
)
def test_a_minus_sign_before_a_number_is_spoken_minus(text, tokens):
    assert tokenize(text) == tokens
