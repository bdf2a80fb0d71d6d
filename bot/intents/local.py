"""The local intent engine: a German call-reason classifier that runs offline in microseconds.

How it works (no model file, no network, pure Python):

1. A hand-written trade-domain lexicon (``data/lexicon_de.yaml``) groups words and phrases of
   DE/AT/CH phone speech into concepts (heating device, fault, gas smell, callback, invoice ...).
2. At load time each task of the business is described by features taken from its own name,
   keywords, description and examples: word stems plus the lexicon concepts they hit. A task
   is thereby linked to the concepts it talks about, so "Therme tropft" reaches the task whose
   description says "Heizung ... funktioniert nicht richtig" even though neither word is in it.
3. An utterance is analysed the same way (folding, fillers off, stemming, compound splitting,
   phrases, fuzzy matching of misspelt domain words) and scored against every task: the sum of
   shared features, each weighted by how specific it is among this business's tasks (a feature
   every task has counts little). Hits of safety concepts (gas smell, burst pipe, smoke) add a
   bonus to the tasks linked to them, so danger wins over an ordinary fault.
   The business's emergency task (:func:`find_emergency_task`: the urgent one, else the one about
   emergencies) is linked to every danger, and an undenied gas smell, burst pipe/flooding,
   smoke/CO alarm, boiler blowing off or oil leak (``EMERGENCY_CONCEPTS``) always lands there.
   A danger denied in the same phrase ("es riecht nicht nach Gas", "kein Gasgeruch") is dropped
   together with its words; so is running water the caller has shut off since ("abgestellt,
   alles trocken"). Frost outside plus a failing heating is a danger too ("minus acht, Heizung aus"),
   so are signs at the heating: a bang at the boiler, a hiss at a gas part, a stink through the home,
   flames out of the boiler or yellow ones with a stink. A danger denied at the clause's end
   ("Gasgeruch haben wir keinen") is dropped; so is one a technician came for, told as the past
   ("der Monteur, der wegen dem Gasgeruch da war, wollte sich melden"), unless it is back.
   A bare plea for immediate help ("Hilfe, kommen Sie schnell") reaches the emergency task by score.
   A name ("Frau Rauch", "mein Name ist Brand") is no word of the call at all.
   The reason beats the wish how to be helped: next to a fault, a bill or a quote, the words of
   callback, persons and dates count half; next to a named quote or bill the job it is about counts less.
4. The confidence combines the strength of the best score and its margin over the runner-up;
   below the threshold the answer is ``None`` ("unsure") and the bot asks again.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from zentrale.bot.intents.base import (
    MAX_TEXT_CHARS,
    Classification,
    ContextTurn,
    DialogueContext,
    Slots,
    Summary,
    TaskLike,
)
from zentrale.bot.intents.normalize import (
    FILLER_WORDS,
    NEGATORS,
    STOPWORDS,
    CompoundSplitter,
    stem,
    tokenize,
)
from zentrale.config.schema import emergency_task_among
from zentrale.config.vocabulary import SLOT_NAMES

DEFAULT_THRESHOLD = 0.35

# Weights of the scoring (tuned on tests/data/intents_dev*.tsv, never on held-out data).
_SOURCE_WEIGHTS = {"name": 2.0, "keywords": 2.0, "description": 1.0, "examples": 1.0}
_CONCEPT_WEIGHT = 1.0  # a concept feature, times the concept's own weight
_STEM_WEIGHT = 0.45  # a plain word stem
_SAFETY_BONUS = 2.5  # per safety concept hit shared with the task ...
_SAFETY_BOOST = 0.5  # ... and this share of the task's score on top
_STRENGTH_SCALE = 1.2  # score at which the strength part of the confidence is ~0.57
_EMERGENCY_ORDINARY_CONCEPTS = 0.5  # weight of non-danger concepts in the emergency task's profile
_NO_DANGER_DAMPING = 0.7  # the emergency task's score when no danger and no urgency was heard
_DISMISSED_DAMPING = 0.3  # ... when only a danger dismissed or a detector without an alarm was heard
_DANGER_CONFIDENCE = 0.9  # confidence of the emergency task when a danger concept was heard
_SETTLED_MIN_CONFIDENCE = 0.6  # least confidence of a task next to a danger told as over and seen to
# Confidence of the reason named after the first one was dropped ("eigentlich geht es um …") when it
# names a reason of its own (a fault, a bill, a maintenance): the caller said plainly what it is about.
_RETRACTED_CONFIDENCE = 0.75
# Reasons only the office can answer (an application); when no task is for them, the callback task is.
_OFFICE_REASONS = frozenset({"application"})
# A reason no task of the business is for, given to the callback task: sure enough to take, not more.
_NO_TASK_CONFIDENCE = 0.5
_PHRASE_WINDOW = 6  # largest distance between two words of a phrase
_NEGATION_DISTANCE = 3  # "nicht"/"kein" in a phrase stands at most this far from another of its words
_PHRASE_NEGATIONS = frozenset({"nicht", "nimmer", "kein", "keine", "keinen", "nix", "nichts"})
_MAX_TOKENS = 400  # an utterance longer than this is cut (MAX_TEXT_CHARS keeps turns shorter anyway)

# Marks a lexicon word that must occur in exactly this form ("es =brennt": not "Brenner").
_EXACT = "="

# Function words that bind to the next word of a phrase: in "unter Wasser", "nach Gas", "von der
# Decke" the next phrase word follows within _BOUND_DISTANCE tokens ("unter der Spüle ... Wasser" is
# no flooding). At the end of a phrase ("Rauch aus") they are free.
_BOUND_WORDS = frozenset(
    "unter von vom durch aus nach in im ins an am auf ueber mit bei beim zum zur der die das den dem des".split()
)
_BOUND_DISTANCE = 2
# Separable verb particles that end a phrase ("nehmen wir an", "sagen ab", "rufen Sie mich an"): in a
# main clause the particle follows its verb, so an "an" before the verb belongs elsewhere ("was gibt es
# an Förderung, wenn wir eine Wärmepumpe nehmen" accepts no offer). Not for danger phrases.
_TRAILING_PARTICLES = frozenset({"an", "ab", "zu", "zurueck"})

# Words after which a caller gives a name ("Frau Rauch", "mein Name ist Brand", "hier spricht
# Feuer"): that word is a name, no danger and no reason. A possessive before "Frau"/"Herr" makes it
# a person of the household ("meine Frau riecht Gas"), whose next word is not skipped.
_NAME_MARKERS = frozenset({"frau", "herr", "herrn", "familie", "heisse", "spricht"})
_NAME_MARKER_PAIRS = frozenset({("name", "ist"), ("name", "lautet"), ("namens", "ist")})
# A caller introducing themselves: the words that follow are their own name (or firm).
# The greeting a call opens with, before the caller's name ("servus Schwaiger aus …", "moin Brinkmann …").
_GREETING_WORDS = frozenset(
    "ja jo hallo halo servus moin moinsen gruess gruessi gruezi gruezi gott griass griassdi di eich euch hoi sali salu "
    "guten gueten tag morgen abend tach nabend n na aeh aehm aeeh aehh aehem also".split()
)
_INTRODUCTIONS = frozenset({("hier", "ist"), ("hier", "spricht"), ("ich", "bin"), ("ich", "heisse"), ("name", "ist")})
# "ich weiss nicht, worum es geht" denies nothing that goes: a question word opens a clause too.
_CLAUSE_BREAKS = frozenset(
    {"aber", "sondern", "weil", "dass", "obwohl", "denn", "doch", "trotzdem", "worum", "warum", "wieso", "weshalb", "ob"}
)
_CLAUSE_STARTS = frozenset({"ich", "und", "von", "vom", "wegen", "mein", "meine", "aus", "wir"})
_POSSESSIVES = frozenset({"mein", "meine", "meiner", "meinem", "seine", "seiner", "unsere", "unserer", "ihre", "deine"})

# Concepts that say how the caller wants to be helped (call back, a person, a date), not why. When
# a reason is named too ("rufen Sie mich wegen der Rechnung zurück", "die Heizung geht nicht,
# wann haben Sie einen Termin"), the reason decides and these count this much.
_HOW_CONCEPTS = frozenset({"callback", "person", "appointment", "time_expression"})
_REASON_CONCEPTS = frozenset(
    {
        "fault",
        "leak",
        "sanitary",
        "invoice",
        "estimate",
        "price",
        "application",
        "new_heating",
        "certificate",
        "approval",
        "measurement",
    }
)
_STRONG_RETRACTION_CONCEPTS = _REASON_CONCEPTS | {"maintenance", "chimney"}
_PAPER_CONCEPTS = ("invoice", "estimate", "price")
_HOW_DAMPING = 0.5
_CONSULT_STEMS = ("berat", "beraat", "beroat", "raten", "empfehl", "empfiehl")
_SUBJECT_DAMPING = 0.3
# The words of paying or listing that may be about a quote (``_OFFER_STEMS``) as well as a bill.
_OFFER_PAYMENT_WORDS = frozenset(
    {
        "raten",
        "rate",
        "ratenzahlung",
        "ratenweise",
        "teilzahlung",
        "zahlen",
        "bezahlen",
        "zahle",
        "zaale",
        "zahlung",
        "posten",
        "positionen",
        "position",
        "mehrwertsteuer",
        "mwst",
        "skonto",
        "betrag",
        "aufgefuehrt",
        "drin",
    }
)
# A subsidy asked about, and an offer that has already come ("bekommen", "geschickt", "erhalten").
_SUBSIDY_STEMS = ("foerder", "gefoerder", "zuschuss", "zuschuess", "bafa", "kfw", "heizungstauschbonus", "bonus")
_RECEIVED_STEMS = (
    "bekommen",
    "erhalten",
    "geschickt",
    "zugeschickt",
    "gekriegt",
    "kriegt",
    "zugesandt",
    "gesendet",
    "vorliegen",
    "liegt",
)
_CURRENT_PROBLEMS = frozenset({"fault", "leak"})
# What a quote or a bill is about (the job), not the call's reason when one is named.
_SUBJECT_CONCEPTS = frozenset(
    {"sanitary", "new_heating", "heating_technology", "heating_device", "hot_water", "leak", "fault", "maintenance"}
)

# "eine Frage zum Kehren / zur Wartung / wegen der Heizung": what a question is about.
_QUESTION_WORDS = frozenset({"frage", "fragen", "frag", "froge", "frog", "frogn", "frooge"})
_QUESTION_TOPICS = frozenset({"chimney", "maintenance", "heating_device", "heat_source", "hot_water", "heating_technology"})
_QUESTION_SPAN = 4
_INQUIRY_WORDS = frozenset({"erkundigen", "informieren", "wissen", "nachfragen", "erfahren"})
_HOW_TO = frozenset({("wie", "ich"), ("wie", "man"), ("wie", "wir"), ("wie", "mer")})
_HOW_TO_SPAN = 7


def _how_to_asked(tokens: Sequence[str]) -> set[int]:
    """Positions after "ich möchte mich erkundigen, wie ich …": what the caller wants to learn to do."""
    for i, t in enumerate(tokens):
        if t not in _INQUIRY_WORDS:
            continue
        for k in range(i + 1, min(i + 4, len(tokens) - 1)):
            if (tokens[k], tokens[k + 1]) in _HOW_TO:
                return set(range(k + 2, min(k + 2 + _HOW_TO_SPAN, len(tokens))))
    return set()


# Asking for a paper: "brauche", "Kopie", "ausstellen", "schicken Sie mir".
_PAPER_WANTED = ("brauch", "benoetig", "kopie", "ausstell", "schick", "zuschick", "bekommen", "kriegen", "krieg")

# A person named by what they did: "den Monteur, der bei uns die Wartung gemacht hat".
_STAFF_WORDS = frozenset(
    "chef chefin monteur monteurin techniker technikerin geselle gesellen meister kollege kollegin mitarbeiter herr herrn frau".split()
)
_RELATIVE = frozenset({"der", "die", "den", "welcher", "welche"})
_CLAUSE_END = frozenset({"hat", "hatte", "war", "ist", "gewesen"})
_RELATIVE_SPAN = 10
_NEXT_CLAUSE = frozenset({"und", "aber", "weil", "jetzt", "doch", "ich", "wir", "es", "seitdem", "nun"})
# Wanting to speak to somebody: "ich hätte gern den Herrn Wagner gesprochen", "ist die Frau Kurz da".
_WANT_TO_SPEAK = frozenset(
    "sprechen gesprochen reden geredet verbinden verbunden erreichen durchstellen schwaetzen gschwaetzt rede redet".split()
)


def _person_described(tokens: Sequence[str]) -> set[int]:
    span: set[int] = set()
    for i, t in enumerate(tokens[:-2]):
        if t not in _STAFF_WORDS:
            continue
        # the pronoun right after the person, or after the verb ("den Monteur sprechen, der …")
        rel = next((j for j in (i + 1, i + 2) if j < len(tokens) and tokens[j] in _RELATIVE), None)
        if rel is None:
            continue
        if tokens[rel + 1 : rel + 2] and tokens[rel + 1] in _CLAUSE_END:
            # Spoken verb-second: "der war letzte Woche wegen dem Heizkörper bei uns", up to the next clause.
            stop = next(
                (j for j in range(rel + 2, min(len(tokens), rel + 2 + _RELATIVE_SPAN)) if tokens[j] in _NEXT_CLAUSE),
                min(len(tokens), rel + 2 + _RELATIVE_SPAN),
            )
            span.update(range(rel + 2, stop))
            continue
        end = next((j for j in range(rel + 1, min(len(tokens), rel + 1 + _RELATIVE_SPAN)) if tokens[j] in _CLAUSE_END), None)
        if end is not None:
            span.update(range(rel + 1, end))
    return span


# A callback promised and still owed: someone said they would call ("hat gesagt", "wollte", AT "hot
# gsogt", CH "hät gseit"), or the caller is still waiting, or nobody called ("hat er aber nicht").
_PROMISED = frozenset("gesagt gsagt gsogt gseit gsait versprochen wollte wollt wollten sollte sollten warte woart".split())
_NOBODY = frozenset({"nie", "niemand", "keiner", "koaner", "koana", "nichts", "nix"})


_SHOULD = frozenset({"soll", "soell", "sollte", "solle", "soett", "sett", "muesse", "muss"})
_I = frozenset({"ich", "i", "mi", "mich"})
_ASKED_SPAN = 6


def _asked_to_call_back(spans: Sequence[tuple[int, int]], tokens: Sequence[str]) -> bool:
    """ "Frau Frei hat gesagt, ich soll zurückrufen", CH "ich söll zruggrüefe": the caller returns a call as
    asked (someone said so before)."""
    if not _PROMISED.intersection(tokens):
        return False
    for st, _e in spans:
        should = [k for k in range(max(0, st - _ASKED_SPAN), st) if tokens[k] in _SHOULD]
        if should and _I.intersection(tokens[max(0, should[0] - 2) : should[0] + 2]):
            return True
    return False


_OWED_SPAN = 10
# A missed call ("verpasster Anruf", CH "e verpasste Aaruef") and the words that guess what it was about
# ("vielleicht wegen der Offerte oder wegen dem Service").
_MISSED = ("verpass", "verpasst")
_GUESS_WORDS = frozenset(
    "vielleicht vilicht villicht viellicht vlt evtl eventuell wahrscheinlich vermutlich wohl oder ob womoeglich".split()
)


def _callback_owed(tokens: Sequence[str], spans: Sequence[tuple[int, int]] = ()) -> bool:
    """A callback promised and not made ("er wollte sich melden, hat er aber nicht", "hat gesagt, er ruft
    zurück, und nichts"): the promise or its failure told near the callback word. "Das hat der Monteur
    letztes Jahr schon gesagt" about a job, the callback number given later, is none."""
    near: set[int] = set()
    for st, en in spans:
        near.update(range(max(0, st - _OWED_SPAN), min(len(tokens), en + 1 + _OWED_SPAN)))
    if not spans:
        near = set(range(len(tokens)))
    if any(tokens[i] in _PROMISED or tokens[i] in _NOBODY for i in near):
        return True
    return any(t == "aber" and tokens[i + 1 : i + 2] == ["nicht"] for i, t in enumerate(tokens) if i in near)


# Papers and sweeps' jobs a bill lists: its subject when the bill is named.
_BILLED_PAPERS = frozenset({"certificate", "chimney", "approval", "measurement"})

# What can give off carbon monoxide or warn of it, for the symptoms of poisoning.
_CO_SOURCES = frozenset({"detector", "heating_device", "chimney", "emergency_smoke", "emergency_gas", "boiler_room"})

# Largest distance from a detector to its sound ("der Gasmelder im Keller hat gerade losgelegt").
_ALARM_DISTANCE = 5
# Danger nouns that can stand second in a pair denied together ("Rauch oder Gasgeruch ist keiner").
_DANGER_NOUN_STEMS = ("gas", "rauch", "qualm", "abgas", "brand", "geruch", "gruch", "erdgas")
_DANGER_NOUN_PARTS = ("gas", "rauch", "qualm", "brand", "geruch", "gruch")
_CALLED_BACK = frozenset({"mich", "mir", "mi", "uns", "zurueck", "zrugg", "zrug", "zruck"})
_SHOWS = frozenset(
    {"zeigt", "zeigen", "zeigte", "fehler", "fehlercode", "code", "meldung", "blinkt", "anzeige", "display", "steht", "zeigts"}
)
_CO_ALARM_DISTANCE = 6  # "piepst wie verrückt, da steht c o drauf"

# A heating pressure this high (bar) is far above the safety valve's 3 bar: the boiler blows off.
_PRESSURE_DANGER_BAR = 5
_RUNNING = frozenset({"laeuft", "lauft", "rinnt", "sprudelt", "spritzt", "fliesst", "chunnt", "kommt"})
# Signs that a pressure of four bar is more than a reading: the pipes bang or hammer, it keeps rising,
# the valve blows off ("die Rohre hämmern und der Druck steht auf vier bar").
_PRESSURE_SIGN_STEMS = (
    "knall",
    "haemmer",
    "haemmr",
    "gehaemmert",
    "kracht",
    "gekracht",
    "steigt",
    "blaest",
    "abblas",
    "schiesst",
)


_FLUE_WORDS = ("rauchfang", "kamin", "schornstein", "schlot", "kaemi", "chemi", "abgasanlage")
_NOT_FLUE = ("ofen", "kehr", "feger", "fegr")
_FLUE_PIPES = ("ofenrohr", "rauchrohr")


def _flue(token: str) -> bool:
    """The chimney itself ("Rauchfang", "Kaminschacht") or the pipe into it ("Ofenrohr", "Rauchrohr"), not a
    stove or the sweep ("Kaminofen", "Kaminkehrer")."""
    if token.startswith(_FLUE_PIPES):
        return True
    return any(w in token for w in _FLUE_WORDS) and not any(w in token for w in _NOT_FLUE)


# What burns off harmlessly: dust on a radiator heated for the first time ("nach verbranntem Staub"),
# the paint or protective oil of a new stove or boiler at its first firing ("beim ersten Einheizen riecht
# der neue Ofen nach verbranntem Lack").
_DUST = frozenset({"staub", "staubs"})
_COATINGS = ("lack", "farbe", "schutzlack", "schutzoel", "oel")
_FIRST_FIRING = ("erste", "erstmal", "erstmals", "neu", "einbrenn", "eingebrannt", "normal")


def _burns_off(k: int, tokens: Sequence[str]) -> bool:
    """The burnt word at ``k`` is of dust, or of a new stove's coating at its first firing."""
    after = tokens[k + 1 : k + 4]
    if _DUST.intersection(after):
        return True
    return any(t.startswith(_COATINGS) for t in after) and any(t.startswith(_FIRST_FIRING) for t in tokens)


def _pressure_signs(tokens: Sequence[str]) -> bool:
    return any(t.startswith(_PRESSURE_SIGN_STEMS) for t in tokens)


# "ich hab das Wasser abgedreht, aber es läuft trotzdem weiter": a shut-off told as done.
_SHUT_DONE = ("abgedreh", "zugedreh", "abgestell", "abgesperr", "zugemach")
_SHUT_VALVES = ("haupthahn", "hauptwasserhahn", "absperrhahn", "hauptventil", "absperrventil", "hauptabsperr", "haupthaan")
_DESPITE_SHUT_OFF = frozenset({"trotzdem", "weiter", "weiterhin", "trotzdaem", "glich", "gleichwohl", "immer", "noch"})
# Water that still runs or stands ("läuft immer noch", "steht weiter"): no past burst.
_STILL_RUNNING = frozenset({"immer", "weiter", "trotzdem", "steht", "laeuft", "rinnt", "kommt"})
_MONEY_UNITS = frozenset({"prozent", "euro", "cent", "franken", "rappen", "skonto", "rabatt", "punkte"})
_PRESSURE_WORDS = frozenset({"druck", "manometer", "heizungsdruck", "anlagendruck", "systemdruck", "kesseldruck"})
_PRESSURE_STATE = frozenset(
    "ist steht zeigt liegt auf bei an der die das dem heizung therme kessel anlage manometer schon jetzt "
    "mittlerweile inzwischen bereits ploetzlich gerade fast ueber knapp".split()
)
_NOT_PRESSURE_UNITS = frozenset(
    "mal tage tagen wochen minuten stunden uhr grad jahre jahren euro prozent monate monaten liter heizkoerper "
    "zimmer stueck personen leute wohnungen stock".split()
)
# A smell and the word of what it is of, at most this many words apart, make a danger.
_SMELL_DISTANCE = 10
_SMELL_OF = {"gas_word": "emergency_gas", "smoke_word": "emergency_smoke"}
_LIKENED = frozenset({"wie", "als", "wia", "wi"})  # "riecht wie wenn …", "als ob …"
_STOVES = frozenset({"herd", "herds", "herdes", "gasherd", "gasherds", "kochherd", "gaskocher", "gasherdes"})
_SMELL_OF_MARKERS = frozenset({"nach", "wie", "noch", "na", "noa", "vo"})  # "nach Gas", Bavarian "noch Gas"

# A bang next to the heat source, a hiss next to a gas part or a smell, a stink through the home from
# the heating: at most this many words apart.
_SIGN_DISTANCE = 8
_SPARK_DISTANCE = 6
_CRACKLE_STEMS = ("knister", "britzel", "bruzzel", "brutzel")
# "Die Gaspreise sind explodiert", "die Rechnung ist explodiert": money that rose, no explosion.
_MONEY_STEMS = ("preis", "kosten", "rechnung", "betrag", "miete", "nebenkosten", "abschlag", "tarif", "verbrauch")
_EXPLOSION_STEMS = ("explodi", "explosion", "verpuff", "luft")
# A plea for immediate help names someone to come or help: "Hilfe, kommen Sie schnell". "So schnell
# wie möglich" alone and "wann können Sie kommen" (a date wish) are none.
_PLEA_WORDS = frozenset("hilfe helfen helft kommen komm kommt schicken schickt chomed chomet chommed notfall notfaell".split())
# Other reasons of a call: next to them a plea is urgency of that reason, not an emergency of its own.
_PLEA_BLOCKERS = _REASON_CONCEPTS | frozenset(
    {"maintenance", "callback", "heating_technology", "chimney", "hot_water", "appointment_named"}
)
_RADIATOR_VALVE_STEMS = ("heizkoerper", "heizkorper", "thermostat", "radiator")

# Stems of documents that are a bill (not an estimate).
# Bills of a utility or a landlord ("Angst wegen der Wasserrechnung"): no invoice of the business.
_UTILITY_BILLS = (
    "wasserrechnung",
    "stromrechnung",
    "gasrechnung",
    "wasserabrechnung",
    "stromabrechnung",
    "gasabrechnung",
    "nebenkostenabrechnung",
    "betriebskostenabrechnung",
    "abwasserrechnung",
    "energierechnung",
    "wasserrechnig",
    "stromrechnig",
    "gasrechnig",
)
# (With the final or partial bill: "die Endabrechnung liegt über dem Voranschlag".)
_BILL_STEMS = (
    "rechnung",
    "rechnig",
    "raechnig",
    "rachnig",  # the stem of CH "Rächnig"
    "mahnung",
    "zahlungserinnerung",
    "erlagschein",
    "honorarnot",
    "zahlschein",
    "faktura",
    "endabrechnung",
    "schlussrechnung",
    "schlussabrechnung",
    "teilrechnung",
    "abrechnung",
    "endrechnung",
    "schlussrechnig",
)

# "Die Nummer, von der ich anrufe", "meine Handynummer": the caller names their own number (an
# answer to the question for it), no wish to be called back.
_NUMBER_WORDS = frozenset({"nummer", "telefonnummer", "handynummer", "rufnummer", "festnetznummer", "natelnummer"})
_OWN_NUMBER_BEFORE = frozenset({"meine", "meiner", "meinem", "diese", "dieser", "dieselbe", "gleiche", "gleichen", "selbe"})


def _own_number(tokens: Sequence[str]) -> bool:
    for i, token in enumerate(tokens):
        if (
            token in _NUMBER_WORDS
            and (
                _OWN_NUMBER_BEFORE.intersection(tokens[max(0, i - 2) : i])
                or any(t == "anrufe" and "ich" in tokens[max(0, k - 2) : k] for k, t in enumerate(tokens[i + 1 : i + 6], i + 1))
                # "die Nummer, warten Sie, null drei null …": the number itself follows, an answer.
                or sum(t.isdigit() or t in _DIGIT_WORDS for t in tokens[i + 1 : i + 16]) >= _DIGITS_GIVEN
            )
        ):
            return True
    return False


_DIGIT_WORDS = frozenset("null eins zwei drei vier fuenf sechs sieben acht neun zwo nuel sibe nuen".split())
_DIGITS_GIVEN = 5


# "Ich rufe an wegen …", "ich ruf wegen … an": the caller's own call, no wish to be called back.
_OWN_CALL = frozenset({"rufe", "ruf", "anrufe"})  # "die Nummer, von der ich anrufe" too

_AFFIRM = frozenset(
    {
        "ja",
        "genau",
        "richtig",
        "stimmt",
        "jawohl",
        "korrekt",
        "exakt",
        "passt",
        "jep",
        "jo",
        "jup",
        "yes",
        "sicher",
        "freilich",
        "eh",
    }
)
_DENY = frozenset({"nein", "nee", "noe", "falsch", "anderes", "sondern"})


# --------------------------------------------------------------------------- lexicon


@dataclass(frozen=True)
class Concept:
    id: str
    weight: float = 1.0
    safety: bool = False
    negatable: bool = False


@dataclass(frozen=True)
class _Phrase:
    concept: str
    stems: tuple[str, ...]
    negation: str | None = None  # "nicht"/"kein": must stand right next to one of the other words
    bound: tuple[int, ...] = ()  # indexes of function words that the next phrase word must follow closely
    particle: bool = False  # ends in a separable verb particle, which follows its verb ("nehmen es an")


@dataclass
class Lexicon:
    """The trade-domain concepts, indexed for matching."""

    concepts: dict[str, Concept]
    word_concepts: dict[str, frozenset[str]]  # stem -> concept ids
    phrases_by_stem: dict[str, tuple[_Phrase, ...]]  # first stem -> phrases
    words: frozenset[str]  # folded single words (for compound splitting and fuzzy matching)

    @classmethod
    def from_mapping(cls, data: dict[str, Any]) -> Lexicon:
        concepts: dict[str, Concept] = {}
        word_concepts: dict[str, set[str]] = defaultdict(set)
        phrases: dict[str, list[_Phrase]] = defaultdict(list)
        words: set[str] = set()
        for cid, spec in (data.get("concepts") or {}).items():
            concepts[cid] = Concept(
                id=cid,
                weight=float(spec.get("weight", 1.0)),
                safety=bool(spec.get("safety", False)),
                negatable=bool(spec.get("negatable", False)),
            )
            for term in spec.get("terms") or ():
                tokens = tokenize(str(term))
                if not tokens:
                    continue
                # "=brennt": this very form, not its stem (which "Brenner" shares).
                exact = {t for w in str(term).split() if w.startswith(_EXACT) for t in tokenize(w)}
                keys = [_EXACT + t if t in exact else stem(t) for t in tokens]
                if len(tokens) == 1:
                    word_concepts[keys[0]].add(cid)
                    words.add(tokens[0])
                else:
                    stems = tuple(dict.fromkeys(keys))
                    if len(stems) < len(set(tokens)):
                        # Two different words with one stem ("CO-Warner warnt") cannot be told apart
                        # in a sentence: such a phrase would match either word alone.
                        continue
                    # A negation binds closely: "nicht bekommen" must not span two clauses.
                    negation = next((stem(t) for t in tokens if t in _PHRASE_NEGATIONS), None)
                    bound = tuple(i for i, s in enumerate(stems[:-1]) if s in _BOUND_WORDS)
                    particle = tokens[-1] in _TRAILING_PARTICLES and not concepts[cid].safety
                    phrase = _Phrase(cid, stems, negation, bound, particle)
                    if phrase not in phrases[stems[0]]:
                        phrases[stems[0]].append(phrase)
                    words.update(t for t in tokens if t not in STOPWORDS)
        for part in data.get("parts") or ():
            words.update(tokenize(str(part)))
        return cls(
            concepts=concepts,
            word_concepts={k: frozenset(v) for k, v in word_concepts.items()},
            phrases_by_stem={k: tuple(v) for k, v in phrases.items()},
            words=frozenset(words),
        )


def _with_staff(lexicon: Lexicon, staff_names: Iterable[str]) -> Lexicon:
    """The lexicon with the business's staff names as persons: "kann ich bitte die Sabine haben"
    asks for a person like "den Chef" does. A name that is a word the lexicon knows (a surname
    "Kessel", "Brand") or a function word keeps its meaning."""
    extra: set[str] = set()
    for name in staff_names:
        for token in tokenize(name):
            if len(token) < 3 or not token.isalpha() or token in STOPWORDS or token in FILLER_WORDS:
                continue
            # A month abbreviation ("Jan") gives way; any other known word keeps its meaning.
            if lexicon.word_concepts.get(stem(token), frozenset()) <= _STAFF_MAY_SHADOW and token not in lexicon.words:
                extra.add(token)
    if not extra:
        return lexicon
    word_concepts = dict(lexicon.word_concepts)
    for token in extra:
        word_concepts[stem(token)] = word_concepts.get(stem(token), frozenset()) | {_STAFF_CONCEPT}
    return replace(lexicon, word_concepts=word_concepts, words=lexicon.words | extra)


_STAFF_CONCEPT = "person"
_STAFF_MAY_SHADOW = frozenset({"time_expression"})


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The packaged German trade lexicon (read once per process)."""
    text = resources.files("zentrale.bot.intents").joinpath("data/lexicon_de.yaml").read_text(encoding="utf-8")
    return Lexicon.from_mapping(yaml.safe_load(text))


# --------------------------------------------------------------------------- analysis


@dataclass
class Analysis:
    """Features of one text: ``w:<stem>`` and ``c:<concept>`` with counts."""

    features: dict[str, float] = field(default_factory=dict)
    concepts: set[str] = field(default_factory=set)
    tokens: list[str] = field(default_factory=list)
    scale: dict[str, float] = field(default_factory=dict)  # features that count less (how, not why)
    calm: bool = False  # the caller said it is no emergency ("nicht eilig", "kein Notfall")
    # dangers heard but dismissed: denied, explained away, over, or only what is bought or billed
    dismissed: set[str] = field(default_factory=set)
    # of them, those told as over and seen to (a bill or a job for it, a visit for it, the utility or the
    # fire brigade came): the dialogue's own safety rules follow these (``settled_dangers``)
    settled: set[str] = field(default_factory=set)


_LEAD_ENDS = ("leitung", "leiter", "leiterin", "leitig")
_LEAD_HEADS = (
    "geschaefts",
    "betriebs",
    "bau",
    "projekt",
    "filial",
    "abteilungs",
    "bereichs",
    "niederlassungs",
    "objekt",
    "werks",
    "schul",
    "heim",
    "kanzlei",
    "buero",
    "team",
    "gruppen",
    "verkaufs",
    "einsatz",
)


# What ends a firm's name: its trade or legal form ("Reisinger Bau", "Huber Haustechnik GmbH").
_FIRM_ENDS = frozenset(
    "bau hochbau tiefbau holzbau bautraeger haustechnik gebaeudetechnik elektro immobilien hausverwaltung verwaltung "
    "gmbh ag kg og co gesmbh sohn soehne partner".split()
)
_TOWN_PREPOSITIONS = frozenset({"aus", "in", "von", "vo", "nach", "bei", "us", "z", "zu", "richtung"})


class _Analyzer:
    def __init__(self, lexicon: Lexicon, extra_words: Iterable[str]) -> None:
        self.lexicon = lexicon
        vocabulary = set(lexicon.words)
        vocabulary.update(w for w in extra_words if w not in STOPWORDS and w not in FILLER_WORDS and len(w) >= 3)
        self.splitter = CompoundSplitter(vocabulary)
        self.known_stems = set(lexicon.word_concepts) | {stem(w) for w in vocabulary}
        # Deletion index for one-typo matches of longer domain words (speech-recognition slips).
        self._deletes: dict[str, str] = {}
        for word in sorted(vocabulary):
            if len(word) < 6:
                continue
            self._deletes.setdefault(word, word)
            for i in range(len(word)):
                self._deletes.setdefault(word[:i] + word[i + 1 :], word)
        self._token_cache: dict[str, tuple[str, ...]] = {}
        # Whether the price of a heating technology is interest in a new heating (set by the engine:
        # only when the business has a task for it).
        self.price_means_new_heating = True

    def _items(self, token: str) -> tuple[str, ...]:
        """Stems a token stands for: its own stem plus those of its compound parts."""
        cached = self._token_cache.get(token)
        if cached is not None:
            return cached
        own = stem(token)
        # Swiss German "-ig" for "-ung" (Rechnig, Heizig, Leitig) and "ch" for "k" (Chessel, Entchalkig).
        if own not in self.known_stems and len(token) >= 5:
            for variant in _swiss_variants(token):
                if variant in self.splitter.vocabulary:
                    own = stem(variant)
                    break
        items = [own]
        # "die Geschäftsleitung", "der Bauleiter": who leads, no pipe (Leitung) in it.
        if token.endswith(_LEAD_ENDS) and token.startswith(_LEAD_HEADS):
            items.append("leit")
        elif len(token) >= 6 and token.isalpha() and _number(token) is None:
            # A number word has no parts: "neunzehn" (a house number) is nothing "neu".
            items.extend(stem(p) for p in self.splitter.split(token))
            if len(items) == 1 and own not in self.known_stems:
                fixed = self._fuzzy(token)
                if fixed:
                    items.append(stem(fixed))
                    items.extend(stem(p) for p in self.splitter.split(fixed))
        result = tuple(dict.fromkeys(items))
        if len(self._token_cache) < 200_000:
            self._token_cache[token] = result
        return result

    def _fuzzy(self, token: str) -> str | None:
        hit = self._deletes.get(token)
        # a word misheard keeps its first letter: "rostig" is no "frostig"
        if hit and hit[0] == token[0]:
            return hit
        for i in range(len(token)):
            variant = token[:i] + token[i + 1 :]
            hit = self._deletes.get(variant)
            if hit and hit[0] == token[0]:
                return hit
        return None

    @staticmethod
    def _phrase_at(phrase: _Phrase, positions: dict[str, list[int]], tokens: Sequence[str] = ()) -> tuple[int, int, int] | None:
        """Where the phrase's words occur close together: (first word, leftmost, rightmost)."""
        found = [positions.get(s) for s in phrase.stems]
        if any(not p for p in found):
            return None
        for anchor in found[0]:  # type: ignore[union-attr]
            near = [[q for q in p if abs(q - anchor) <= _PHRASE_WINDOW] for p in found]  # type: ignore[union-attr]
            if phrase.particle:
                near[-1] = [q for q in near[-1] if q > anchor]
            if any(not p for p in near):
                continue
            if phrase.negation is not None:
                neg = near[phrase.stems.index(phrase.negation)]
                rest = [q for s, p in zip(phrase.stems, near, strict=True) if s != phrase.negation for q in p]
                # Within one clause: "bekommen, bin aber nicht daheim" denies nothing that was received.
                if not any(
                    abs(n - q) <= _NEGATION_DISTANCE and not _CLAUSE_BREAKS.intersection(tokens[min(n, q) + 1 : max(n, q)])
                    for n in neg
                    for q in rest
                ):
                    continue
            closest = [min(p, key=lambda q: abs(q - anchor)) for p in near]
            if phrase.bound and not all(0 < closest[i + 1] - closest[i] <= _BOUND_DISTANCE for i in phrase.bound):
                continue
            return anchor, min(closest), max(closest)
        return None

    @staticmethod
    def _safety_negated(start: int, end: int, tokens: Sequence[str]) -> bool:
        """ "es riecht nicht nach Gas", "kein Gasgeruch": a negator inside the phrase or right before it.

        Deliberately narrow (danger is never dropped lightly): "nicht"/"nimmer" must stand inside
        the matched words or directly before or after them, "kein(e/en)" at most two words before
        ("keinen starken Gasgeruch"). "Ich weiß nicht, es riecht nach Gas" stays an emergency.
        """
        for n in range(max(0, start - 2), min(end + 1, len(tokens))):
            token = tokens[n]
            if token in _PHRASE_NEGATIONS and token not in ("nix", "nichts") and n >= start - 1 and not _weakened(n, tokens):
                return True
            if token in NEGATORS and token.startswith("kein"):
                return True
        # A verb-final phrase denied right after it: "der Gasmelder piepst nicht" (not "… nicht nur",
        # "… nicht stark"), or a danger asked back and denied: "Gasgeruch? Nein, haben wir keinen".
        after = tokens[end + 1 : end + 3]
        if bool(after) and after[0] in _DENIED_AFTER and not _weakened(end + 1, tokens):
            return True
        # "jetzt piepst er nicht mehr", CH "piepst er nüme": the subject between
        if (
            len(after) == 2
            and after[0] in ("er", "es", "sie", "si", "s")
            and after[1] in _DENIED_AFTER
            and not _weakened(end + 2, tokens)
        ):
            return True
        # AT/CH "in der Therme brennt ka Flamme mehr", "d'Heizig brennt kei Flamme": the flame is out.
        if bool(after) and tokens[end] in _BURN_FORMS and after[0] in _NO_FLAME_DIALECT:
            return True
        return _denied_after(end, tokens)

    def _without_introduced(self, tokens: list[str]) -> list[str]:
        """Tokens without the name a caller introduces themselves with ("hier ist Sabine Wolf",
        "ich bin die Sabine", "hier spricht die Hausverwaltung Berger"): words the lexicon does not
        know, or knows only as a staff name, right after the introduction. A staff member's first
        name there is the caller's own, not a wish to speak to that person; a known word ends the
        name ("hier ist Wasser überall" keeps its water)."""
        names: set[int] = set()
        for i in range(len(tokens) - 2):
            # AT/Bavarian "da is die Maria Pichler", "do is da Huber": the article marks a person.
            spoken_here = (
                tokens[i] in ("da", "do")
                and tokens[i + 1] in ("is", "ist")
                and i + 3 < len(tokens)
                and tokens[i + 2] in ("die", "der", "da")
            )
            if (tokens[i], tokens[i + 1]) not in _INTRODUCTIONS and not spoken_here:
                continue
            j = i + 2
            if j < len(tokens) and tokens[j] in ("die", "der", "das", "da"):
                j += 1
            # "hier ist die Firma Stahlbau Kerner": the firm's name follows
            if j < len(tokens) and tokens[j] in ("firma", "fa"):
                j += 1
            for k in range(j, min(j + 3, len(tokens))):
                token = tokens[k]
                known = self.lexicon.word_concepts.get(stem(token), frozenset()) - {_STAFF_CONCEPT}
                # "ich bin dreiundneunzig": an age, no name.
                # "ich bin Rauchfangkehrergeselle": a trade, no name.
                if (
                    token in STOPWORDS
                    or token in _CLAUSE_STARTS
                    or known
                    or token.isdigit()
                    or _number(token) is not None
                    or _trade_title(token)
                ):
                    break
                names.add(k)
        names |= self._greeted_name_and_place(tokens)
        names |= self._spa_towns(tokens)
        names |= self._firm_names(tokens)
        if not names:
            return tokens
        return [t for i, t in enumerate(tokens) if i not in names]

    def _firm_names(self, tokens: Sequence[str]) -> set[int]:
        """A firm's name after "Firma" ("von der Firma Reisinger Bau", "Firma Kägi Haustechnik AG"): a
        name unknown to the lexicon and the trade or legal form that ends it, no building job wished."""
        found: set[int] = set()
        for i in range(len(tokens) - 1):
            if tokens[i] not in ("firma", "fa", "firme") or not self._unknown(tokens[i + 1]):
                continue
            found.add(i + 1)
            for k in range(i + 2, min(i + 4, len(tokens))):
                if tokens[k] not in _FIRM_ENDS:
                    break
                found.add(k)
        return found

    def _unknown(self, token: str) -> bool:
        """A word the lexicon does not know (a name), no function word or number."""
        known = self.lexicon.word_concepts.get(stem(token), frozenset()) - {_STAFF_CONCEPT}
        return not (token in STOPWORDS or token in _CLAUSE_STARTS or known or token.isdigit() or _number(token) is not None)

    def _spa_towns(self, tokens: Sequence[str]) -> set[int]:
        """A town named "Bad …" ("aus Bad Nauheim", "in Bad Ischl", CH "vo Bad Ragaz"): a place, no
        bathroom."""
        found: set[int] = set()
        for i in range(len(tokens) - 2):
            if tokens[i] not in _TOWN_PREPOSITIONS or tokens[i + 1] != "bad":
                continue
            town = tokens[i + 2]
            known = self.lexicon.word_concepts.get(stem(town), frozenset()) - {_STAFF_CONCEPT}
            if town in STOPWORDS or town in _CLAUSE_STARTS or known or town.isdigit() or _number(town) is not None:
                continue
            found.update((i + 1, i + 2))
        return found

    def _greeted_name_and_place(self, tokens: Sequence[str]) -> set[int]:
        """The name and the town a call opens with ("servus Schwaiger aus Wiener Neustadt", "moin
        Brinkmann hier aus Gütersloh", CH "grüezi Iten vo Thalwil"): first (after a greeting) up to two words
        the lexicon does not know, "aus" (CH "vo"), and up to two more it does not know. Read as words of
        the call they are misheard ones ("Schwaiger" is no "schwanger", "Wiener" no "Winter")."""
        i = 0
        while i < len(tokens) and i < 5 and tokens[i] in _GREETING_WORDS:
            i += 1  # (most greetings are fillers, already left out)

        def unknown(token: str) -> bool:
            known = self.lexicon.word_concepts.get(stem(token), frozenset()) - {_STAFF_CONCEPT}
            return not (token in STOPWORDS or token in _CLAUSE_STARTS or known or token.isdigit() or _number(token) is not None)

        name = [k for k in range(i, min(i + 2, len(tokens))) if unknown(tokens[k])]
        if not name or name[0] != i or (len(name) == 2 and name[1] != i + 1):
            return set()
        j = name[-1] + 1
        if j < len(tokens) and tokens[j] == "hier":
            j += 1
        if j >= len(tokens) or tokens[j] not in ("aus", "vo", "von", "us"):
            return set()
        place = []
        for k in range(j + 1, min(j + 3, len(tokens))):
            if not unknown(tokens[k]):
                break
            place.append(k)
        # something must follow: "hallo, Müller aus Berlin" and nothing else is a name to take as it is
        if not place or place[-1] + 1 >= len(tokens):
            return set()
        return {*name, *place}

    @staticmethod
    def _without_names(tokens: list[str]) -> list[str]:
        """Tokens without the word that a caller gives as a name ("Frau Rauch", "mein Name ist Brand")."""
        names: set[int] = set()
        for i in range(1, len(tokens)):
            before = tokens[i - 1]
            if before in _NAME_MARKERS:
                if before in ("frau", "herr", "herrn", "familie") and i >= 2 and tokens[i - 2] in _POSSESSIVES:
                    continue
                # "ich heisse Brand", not "das heisse Wasser schiesst raus".
                if before == "heisse" and (i < 2 or tokens[i - 2] not in ("ich", "wir")):
                    continue
            elif not (i >= 2 and (tokens[i - 2], before) in _NAME_MARKER_PAIRS):
                continue
            if tokens[i] not in STOPWORDS and tokens[i] not in NEGATORS and not tokens[i].isdigit():
                names.add(i)
        # "Hier ist Rauch, ich ...": a name when a new clause follows ("hier ist Wasser überall" is none).
        for i in range(2, len(tokens)):
            clause_follows = i + 1 == len(tokens) or tokens[i + 1] in _CLAUSE_STARTS
            if tokens[i - 2 : i] == ["hier", "ist"] and tokens[i] not in STOPWORDS and clause_follows:
                names.add(i)
        # "Hier Rauch, ich …" and "Feuer hier, ich …": a name at the start, a new clause following.
        if len(tokens) >= 3 and tokens[2] in _CLAUSE_STARTS:
            if tokens[0] == "hier" and tokens[1] not in STOPWORDS:
                names.add(1)
            elif tokens[1] == "hier" and tokens[0] not in STOPWORDS:
                names.add(0)
        # "Rauch ist mein Name".
        for i in range(len(tokens) - 3):
            if tokens[i + 1 : i + 4] == ["ist", "mein", "name"] and tokens[i] not in STOPWORDS:
                names.add(i)
        # "Feuer mein Name": the name said first (not "bitte zurückrufen, mein Name ist Huber": the name follows).
        for i in range(len(tokens) - 2):
            if tokens[i + 3 : i + 4] in (["ist"], ["is"], ["isch"], ["lautet"]):
                continue
            if tokens[i + 1 : i + 3] == ["mein", "name"] and (i == 0 or tokens[i - 1] in STOPWORDS):
                names.add(i)
        if not names:
            return tokens
        return [t for i, t in enumerate(tokens) if i not in names]

    @staticmethod
    def _poisoning_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
        """Dizziness, nausea or headache and a detector, a heating device or a chimney in the same
        call: possible carbon monoxide ("der CO-Melder blinkt und mir ist schwindlig"). So too next to
        something that beeps, the detector left unnamed ("so ein Ding an der Decke piept und mir ist
        komisch im Kopf"), or next to a smell that is no drain's ("aus der Lüftung kommt ein stechender
        Geruch und der Kopf tut weh")."""
        symptoms = [(start, end, neg) for start, end, cid, neg in hits if cid == "symptom"]
        if not symptoms:
            return []
        sewer = any(cid == "sanitary" and not _room_only((start, end), tokens) for start, end, cid, _neg in hits)
        sources = [
            (start, end)
            for start, end, cid, _neg in hits
            if cid in _CO_SOURCES or cid == "alarm_sound" or (cid == "smell" and not sewer)
        ]
        if not sources:
            return []
        start, end, negated = symptoms[0]  # "nicht ansprechbar" is negated on purpose
        return [(start, end, "emergency_smoke", negated)]

    @staticmethod
    def _alarm_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
        """A detector and its sound close together is an alarm ("der Gasmelder hat losgelegt",
        "es piept der CO-Warner"); denied like any danger ("der Melder piept nicht")."""
        detectors = [
            (start, end) for start, end, cid, _neg in hits if cid == "detector" and not _melden_verb_only(tokens[start : end + 1])
        ]
        # "ein Fehlalarm", "falscher Alarm": the word says there was none.
        sounds = [
            (start, end)
            for start, end, cid, _neg in hits
            if cid == "alarm_sound"
            and tokens[start] not in _FALSE_ALARM_WORDS
            and not (start and tokens[start - 1] in _FALSE_ADJECTIVES)
            # "läutet mich zurück", CH "lüütet mir aa": a callback wish, no detector ringing.
            and not _CALLED_BACK.intersection(tokens[end + 1 : end + 3])
        ]
        found: list[tuple[int, int, str, bool]] = []
        # A box that beeps with "CO" on it ("des Kastl piepst, da steht c o drauf"): a CO alarm.
        for i in (i for i, t in enumerate(tokens) if t == "co"):
            near = [sp for sp in sounds if abs(sp[0] - i) <= _CO_ALARM_DISTANCE]
            if near:
                found.append((min(i, near[0][0]), max(i, near[0][1]), "detector_alarm_smoke", False))
                break
        for d_start, d_end in detectors:
            for a_start, a_end in sounds:
                # "der Melder an der Therme hört gar nicht mehr auf zu piepen": the sound farther on.
                reach = _ALARM_DISTANCE + (4 if tokens[max(0, a_start - 2) : a_start] == ["auf", "zu"] else 0)
                if 0 < a_start - d_end <= reach or 0 < d_start - a_end <= 2:
                    found.append((min(d_start, a_start), max(d_end, a_end), "detector_alarm_smoke", False))
                    break
        return found

    @staticmethod
    def _smell_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
        """A smell and what it is of: "riecht es im Keller auch ein bisschen nach Gas" (the words far
        apart) is a gas smell, "es stinkt so nach Abgasen" an exhaust one, "Gas riach i" too; denied
        like any danger. "Von Gas auf Wärmepumpe, weil es im Keller so riecht" is none: the thing
        smelt is named with "nach"/"wie" after the smell, or right before it."""
        smells = [(start, end) for start, end, cid, _neg in hits if cid == "smell"]
        if not smells:
            return []
        found: list[tuple[int, int, str, bool]] = []
        # "es riecht verkokelt", "riecht so brenzlig", "brenzlig riecht's": a smell of something burning
        # or charring, said with an adjective (not of dust burning off a radiator: "verbranntem Staub").
        for k, token in enumerate(tokens):
            # ("verbrannt, so nach Staub vo de Radiatore": the dust named a few words on.)
            if not token.startswith(_BURNT_STEMS) or _burns_off(k, tokens):
                continue
            smelt = [sp for sp in smells if 0 < k - sp[1] <= _BURNT_DISTANCE or 0 < sp[0] - k <= 2]
            if smelt:
                found.append((min(smelt[0][0], k), max(smelt[0][1], k), "emergency_smoke", False))
                break
        # A smell likened to a stove left on unlit ("riecht wie wenn der Herd aufgedreht ist und der ist
        # aus", CH "schmöckts wie bim Herd wenn er nöd aazündet isch"): gas, the word itself unsaid.
        for s_start, s_end in smells:
            for k in range(s_end + 1, min(len(tokens), s_end + 1 + _SMELL_DISTANCE)):
                if tokens[k] not in _LIKENED:
                    continue
                stove = next((j for j in range(k + 1, min(len(tokens), k + 7)) if tokens[j] in _STOVES), None)
                if stove is not None and not _NO_FLAME.intersection(tokens[max(0, s_start - 1) : k]):
                    # Negated on purpose: "nicht angezündet" after the stove is what makes it gas.
                    found.append((s_start, stove, "emergency_gas", True))
                    break
            else:
                continue
            break
        for start, end, cid, _neg in hits:
            danger = _SMELL_OF.get(cid)
            if danger is None:
                continue
            # "nach verbranntem Staub": dust burning off a radiator heated for the first time.
            if cid == "smoke_word" and _burns_off(end, tokens):
                continue
            after = start >= 1 and _SMELL_OF_MARKERS.intersection(tokens[max(0, start - 2) : start])
            for s_start, s_end in smells:
                if (after and 0 < start - s_end <= _SMELL_DISTANCE) or 0 < s_start - end <= 2:
                    found.append((min(s_start, start), max(s_end, end), danger, False))
                    break
        return found

    @staticmethod
    def _sign_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
        """Danger signs at the heating: a bang at the boiler or in the boiler room ("es hat im Heizraum
        gerumst"; in radiators or pipes it is heating-up noise), a hiss at a gas part or with a smell
        ("es zischt am Gaszähler", "zischt im Keller und riecht komisch") or at the boiler (it blows
        off; at a radiator valve it is a fault), a smell at a gas part, a strong stink or one through
        the whole home from the heat source ("das ganze Haus stinkt seit die Heizung an ist")."""
        by_concept: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for start, end, cid, _neg in hits:
            by_concept[cid].append((start, end))
        if not by_concept.keys() & {"bang", "hiss", "smell", "boil", "flame", "chimney_fire_sign", "spark_sign"}:
            return []

        def near(spans: Sequence[tuple[int, int]], at: tuple[int, int], distance: int = _SIGN_DISTANCE) -> list[tuple[int, int]]:
            return [sp for sp in spans if sp[0] - at[1] <= distance and at[0] - sp[1] <= distance]

        found: list[tuple[int, int, str, bool]] = []
        for at in by_concept.get("bang", ()):
            sources = near(by_concept.get("heat_source", ()), at)
            if sources and not near(by_concept.get("noise_place", ()), at, 4):
                lo = min(at[0], *(sp[0] for sp in sources))
                found.append((lo, max(at[1], *(sp[1] for sp in sources)), "emergency_smoke", False))
                break
        # A boiler that hisses or boils because it is limed up ("muss entkalkt werden", "verkalkt"): a
        # service job, it does not blow off.
        limed = any(("kalk" in t or "chalch" in t or "chalk" in t) for t in tokens)
        for at in by_concept.get("hiss", ()):
            signs = near(by_concept.get("gas_part", ()), at) or near(by_concept.get("smell", ()), at, _HISS_SMELL_DISTANCE)
            if signs:
                found.append((min(at[0], signs[0][0]), max(at[1], signs[0][1]), "emergency_gas", False))
                break
            # At the boiler or in the boiler room (not at a radiator, not a little): it blows off.
            sources = near(by_concept.get("heat_source", ()), at)
            if sources and not near(by_concept.get("noise_place", ()), at) and "minor" not in by_concept and not limed:
                found.append((min(at[0], sources[0][0]), max(at[1], sources[0][1]), "emergency_pressure", False))
                break
        # Flames where none belong: out of the boiler, big, or yellow with a stink or soot ("da sind
        # Flammen unten rausgekommen", "Stichflamme aus der Therme", "gelbe Flammen am Brenner, und es
        # stinkt"). "Keine Flamme", "die Flamme geht aus" are faults.
        for at in by_concept.get("flame", ()):
            if _NO_FLAME.intersection(tokens[max(0, at[0] - 2) : at[0]]) or tokens[at[1] + 1 : at[1] + 2] in (
                ["nicht"],
                ["nimmer"],
            ):
                continue
            sources = (
                near(by_concept.get("heat_source", ()), at, _SMELL_DISTANCE)
                or near(by_concept.get("heating_device", ()), at, _SMELL_DISTANCE)
                or near(by_concept.get("chimney", ()), at, _SMELL_DISTANCE)
            )
            out = near(by_concept.get("flame_out", ()), at, 5) or _out_of(at[1], tokens)
            # A fire made in a stove ("Feuer machen") that smells is no flame out of place.
            flame_word = tokens[at[0]].startswith(("flamm", "stichflamm"))
            smell = flame_word and (
                near(by_concept.get("smell", ()), at, _SMELL_DISTANCE) or near(by_concept.get("soot", ()), at, _SMELL_DISTANCE)
            )
            if sources and (out or smell):
                found.append((min(at[0], sources[0][0]), max(at[1], sources[0][1]), "emergency_smoke", False))
                break
        # A chimney that roars like a jet, glows or sparks, or a hot wall around it: a chimney fire
        # ("im Schornstein dröhnt es und die Mauer ist ganz heiß"). The flue itself, not a stove or the sweep.
        flues = [sp for sp in by_concept.get("chimney", ()) if _flue(tokens[sp[0]])]
        for at in by_concept.get("chimney_fire_sign", ()):
            if "minor" in by_concept or _NO_FLAME.intersection(tokens[max(0, at[0] - 2) : at[0]]):
                continue
            sources = near(flues, at, _SMELL_DISTANCE)
            if sources:
                found.append((min(at[0], sources[0][0]), max(at[1], sources[0][1]), "emergency_smoke", False))
                break
        # Sparks or a crackle in the electrics ("es knistert im Schaltkasten vom Brenner und es blitzt da
        # drin"), or sparks at the heat source itself: a fire danger. A lamp that flashes is a display,
        # a radiator that crackles is heating up (only electrics make a crackle a danger).
        for at in by_concept.get("spark_sign", ()):
            if _NO_FLAME.intersection(tokens[max(0, at[0] - 2) : at[0]]) or _lamp_near(at[0], tokens):
                continue
            sources = near(by_concept.get("electric_part", ()), at, _SPARK_DISTANCE)
            if not sources and not tokens[at[0]].startswith(_CRACKLE_STEMS):
                sources = near(by_concept.get("heat_source", ()), at, _SPARK_DISTANCE)
            if sources:
                found.append((min(at[0], sources[0][0]), max(at[1], sources[0][1]), "emergency_smoke", False))
                break
        # Boiling at the boiler ("der Kessel kocht richtig"): it overheats and blows off.
        for at in by_concept.get("boil", ()):
            if {"kein", "keine", "nicht", "nimmer", "nix", "nichts"} & set(tokens[at[1] + 1 : at[1] + 3]):
                continue  # "die Heizung kocht kein Warmwasser mehr"
            sources = near(by_concept.get("heat_source", ()), at, 4)
            if sources and not near(by_concept.get("noise_place", ()), at, 4) and "minor" not in by_concept and not limed:
                found.append((min(at[0], sources[0][0]), max(at[1], sources[0][1]), "emergency_pressure", False))
                break
        # A smell at a gas part ("am Gaszähler riecht es komisch", "die Gasleitung stinkt"): gas.
        for at in by_concept.get("smell", ()):
            parts = near(by_concept.get("gas_part", ()), at, _SMELL_DISTANCE)
            # Not when denied ("am Gaszähler riecht es nicht") or the smell is of something else
            # ("der Gasherd riecht nach Plastik").
            around = tokens[max(0, at[0] - 1) : at[1] + 3]
            if parts and not _SMELL_DENIED & set(around) and not _denied_after(at[1], tokens):
                found.append((min(at[0], parts[0][0]), max(at[1], parts[0][1]), "emergency_gas", False))
                break
        # "im Bad riecht es so beissend, seit die Therme an ist": a bathroom named as the place where
        # the boiler hangs is no plumbing source of the smell (a drain or a toilet would be).
        plumbing = [sp for sp in by_concept.get("sanitary", ()) if not _room_only(sp, tokens)]
        if not plumbing and "minor" not in by_concept:
            for at in by_concept.get("smell", ()):
                sources = near(by_concept.get("heat_source", ()), at, _SMELL_DISTANCE)
                strong = near(by_concept.get("whole_home", ()), at, _SMELL_DISTANCE) or near(
                    by_concept.get("smell_strong", ()), at, 3
                )
                if sources and strong:
                    found.append((at[0], at[1], "emergency_smoke", False))
                    break
        return found

    @staticmethod
    def _number_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
        """Hits that need a number: "minus acht (Grad)" is frost, "(Druck) auf fünf bar" too high a pressure."""
        hits: list[tuple[int, int, str, bool]] = []
        for i, token in enumerate(tokens):
            # "die Therme zeigt F28", "Fehler e zwei": a fault code on the display.
            if _SHOWS.intersection(tokens[max(0, i - 3) : i]) and (
                (token[:1] in ("f", "e") and token[1:].isdigit() and len(token) <= 4)
                or (token in ("f", "e") and i + 1 < len(tokens) and _number(tokens[i + 1]) is not None)
            ):
                hits.append((i, i, "fault", False))
            # "das Wasser läuft und läuft": running water that does not stop.
            if (
                token in _RUNNING
                and tokens[i + 1 : i + 3] == ["und", token]
                and ("wasser" in tokens[max(0, i - 3) : i] or "wasser" in tokens[i + 3 : i + 5])
            ):
                hits.append((i, i + 2, "emergency_water", False))
            # "den Haupthahn zugedreht, aber es läuft trotzdem weiter": the shut-off does not hold.
            if (
                token in _RUNNING
                and _DESPITE_SHUT_OFF.intersection(tokens[i + 1 : i + 4])
                and any(t.startswith(_SHUT_VALVES) or t.endswith(_SHUT_VALVES) or t.startswith(_SHUT_DONE) for t in tokens)
            ):
                hits.append((i, i + 1, "emergency_water", False))
            if token == "minus" and i + 1 < len(tokens) and _number(tokens[i + 1]) is not None:
                # "minus drei Prozent Skonto" is a discount, not a temperature.
                if not _MONEY_UNITS.intersection(tokens[i + 2 : i + 4]):
                    hits.append((i, i + 1, "frost", False))
            elif token == "bar" and i:
                # "vier komma fünf bar": the whole bar before the decimal comma.
                at = i - 3 if i >= 3 and tokens[i - 2] == "komma" else i - 1
                value = _number(tokens[at])
                above = value == _PRESSURE_DANGER_BAR - 1 and (
                    (at >= 1 and tokens[at - 1] in ("ueber", "mehr")) or _pressure_signs(tokens)
                )
                if value is not None and (_PRESSURE_DANGER_BAR <= value <= 20 or above):
                    hits.append((i - 1, i, "emergency_pressure", False))
            elif token in _PRESSURE_WORDS and "bar" not in tokens[i + 1 : i + 6]:
                # "das Manometer steht auf sechs": a pressure value without "bar".
                for at in range(i + 1, min(i + 7, len(tokens))):
                    value = _number(tokens[at]) if tokens[at].isalnum() else None
                    if value is None:
                        if tokens[at] in _PRESSURE_STATE:
                            continue
                        break  # only "steht (schon) auf", "ist bei", "zeigt" lead to the value
                    unit = tokens[at + 1] if at + 1 < len(tokens) else ""
                    high = _PRESSURE_DANGER_BAR <= value <= 20 or (value == _PRESSURE_DANGER_BAR - 1 and _pressure_signs(tokens))
                    if unit not in _NOT_PRESSURE_UNITS and high:
                        hits.append((i, at, "emergency_pressure", False))
                    break
        return hits

    def analyze(self, text: str, *, utterance: bool = True, set_aside: frozenset[str] = frozenset()) -> Analysis:
        """Features of ``text``; ``utterance=False`` for a task's own texts (all their words count fully).
        ``set_aside``: concepts not heard (a reason the caller dropped, named again only as a source)."""
        lex = self.lexicon
        tokens = [t for t in tokenize(text[:MAX_TEXT_CHARS]) if t not in FILLER_WORDS][:_MAX_TOKENS]
        tokens = _without_since(self._without_introduced(self._without_names(_joined_letters(tokens))))
        analysis = Analysis(tokens=tokens)
        positions: dict[str, list[int]] = defaultdict(list)
        hits: list[tuple[int, int, str, bool]] = []  # (first word, last word, concept, phrase has its own negation)
        features = analysis.features
        contributions: list[list[tuple[str, float]]] = []  # word features per token (undone when negated)
        own_number = _own_number(tokens)
        for i, token in enumerate(tokens):
            items = self._items(token)
            positions[_EXACT + token].append(i)
            hits.extend((i, i, cid, False) for cid in lex.word_concepts.get(_EXACT + token, ()))
            own_concepts = lex.word_concepts.get(items[0], ())
            for k, s in enumerate(items):
                # Parts of a compound the lexicon knows as a whole ("waermepumpe") do not build
                # phrases ("warm" + "wasser"); parts of unknown compounds do ("gasleitung").
                if k == 0 or not own_concepts:
                    positions[s].append(i)
                for cid in lex.word_concepts.get(s, ()):
                    # Nor do they raise danger: "Abgasmessung" is no exhaust smell.
                    if k and own_concepts and lex.concepts[cid].safety:
                        continue
                    # Nor a reason when the whole word names none: an "Ofenrohr" is the stove's flue, no
                    # water pipe (a "Wasserdruck" keeps the fault its "Druck" names).
                    if k and own_concepts and cid in _REASON_CONCEPTS and not own_concepts & _REASON_CONCEPTS:
                        continue
                    # A "Gästezimmer" or "Kinderzimmer" is a room, no guest toilet: only a bathroom's
                    # parts make a plumbing job of a room.
                    if k and cid == "sanitary" and token.endswith(_ROOM_HEADS) and not token.startswith(_WET_ROOMS):
                        continue
                    # A "Wasserrechnung" or "Stromrechnung" is the utility's bill, none of the business.
                    if k and cid == "invoice" and token.startswith(_UTILITY_BILLS):
                        continue
                    # A "Kaltwasserleitung" carries cold water; nothing stays cold that should be warm.
                    if k and cid == "fault" and token.startswith("kaltwasser"):
                        continue
                    # Nor a wish how to be helped: a "Rauchmelder" is no "melden".
                    if k and own_concepts and cid in _HOW_CONCEPTS and not own_concepts & _HOW_CONCEPTS:
                        continue
                    if cid == "callback" and token in _OWN_CALL and "ich" in tokens[max(0, i - 2) : i]:
                        continue
                    # "der CO Melder piept": the detector, no wish to be called ("melden")
                    if cid == "callback" and _detector_word(token):
                        continue
                    if cid == "callback" and token in _NUMBER_WORDS and own_number:
                        continue
                    hits.append((i, i, cid, False))
            own: list[tuple[str, float]] = []
            if token not in STOPWORDS and not token.isdigit():
                # The token's own stem counts fully, compound parts half.
                for k, s in enumerate(items):
                    key = "w:" + s
                    value = 1.0 if k == 0 else 0.5
                    features[key] = features.get(key, 0.0) + value
                    own.append((key, value))
            contributions.append(own)
        hits.extend(self._number_hits(tokens))
        # Words that speech recognition split apart ("wasser rohr bruch"): try joined forms.
        for i in range(len(tokens) - 1):
            for j in (i + 2, i + 3):
                if j > len(tokens):
                    break
                # Function words are never parts of a split word: "und ich" is not "undicht".
                if any(t in STOPWORDS for t in tokens[i:j]):
                    continue
                joined = "".join(tokens[i:j])
                for cid in lex.word_concepts.get(stem(joined), ()):
                    hits.append((i, j - 1, cid, False))
        # Phrases: all words within a small window, any order.
        for s, plist in lex.phrases_by_stem.items():
            first = positions.get(s)
            if not first:
                continue
            for phrase in plist:
                at = self._phrase_at(phrase, positions, tokens)
                if at is not None:
                    hits.append((at[1], at[2], phrase.concept, phrase.negation is not None))
        # "eine Störung melden … geht aus": the verb shares its stem with the "Melder", but makes
        # no alarm phrase ("Melder geht los") with the words after it.
        hits[:] = [
            hit
            for hit in hits
            if not (hit[1] > hit[0] and hit[2] in _DETECTOR_CONCEPTS and _melden_verb_only(tokens[hit[0] : hit[1] + 1]))
        ]
        hits.extend(_off_hits(hits, tokens))
        hits.extend(_service_verb_hits(hits, tokens))
        hits.extend(_chimney_looked_at(hits, tokens))
        hits.extend(_flue_damage_hits(tokens))
        job_search = _job_search_hits(tokens)
        hits.extend(job_search)
        charge_asked = _charge_asked_hits(tokens)
        hits.extend(charge_asked)
        fault_heard = any(c == "fault" and not n for _s, _e, c, n in hits)
        hits.extend(_check_hits(hits, tokens))
        hits.extend(_sewer_smell_hits(hits, tokens))
        hits.extend(_uncontrolled_water_hits(tokens))
        hits.extend(_collapse_hits(tokens))
        hits.extend(_oil_leak_hits(tokens))
        hits.extend(_rushing_water_hits(hits, tokens))
        hits.extend(_water_at_door_hits(tokens))
        hits.extend(_gas_whistle_hits(tokens))
        hits.extend(self._alarm_hits(hits, tokens))
        hits.extend(self._smell_hits(hits, tokens))
        hits.extend(self._poisoning_hits(hits, tokens))
        hits.extend(_flue_pipe_off_hits(hits, tokens))
        hits.extend(self._sign_hits(hits, tokens))
        # "kein Notfall": a negator cancels a negatable concept right after it.
        negated = {i for i, t in enumerate(tokens) if t in NEGATORS or t == "nicht"}
        paired = _paired_danger_nouns(text)
        kept: set[str] = set()
        settled: set[str] = set()
        dropped: dict[str, list[tuple[int, int]]] = defaultdict(list)
        kept_spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
        bill = any(t.startswith(_BILL_STEMS) for t in tokens)
        offer_named = any(t.startswith(_OFFER_STEMS) for t in tokens)
        in_fixture = _water_in_fixture(tokens)
        device_at = {i for s0, e0, c0, _n in hits if c0 in ("heating_device", "heat_source") for i in range(s0, e0 + 1)}
        subsidy_papers: list[tuple[int, int, int]] = []  # (subsidy's first word, last word, the paper's word)
        for start, end, cid, own_negation in hits:
            if cid in set_aside:
                continue
            concept = lex.concepts[cid]
            if concept.negatable and any(start - k in negated for k in (1, 2, 3)):  # "kein Notfall", "nicht eilig"
                if cid == "emergency_general":
                    analysis.calm = True
                continue
            # "ich krieg den Haupthahn nicht zu": a shut-off denied inside its own words.
            if cid == "water_stopped" and end > start and _CANNOT.intersection(tokens[start : end + 1]):
                continue
            # "ich habe schon alle Hähne zugedreht": every tap shut is no supply shut off, the water
            # that runs on comes from elsewhere.
            if cid == "water_stopped" and _TAPS.intersection(tokens[max(0, start - 3) : start]):
                continue
            # "ein Praktikum im Kundendienst und Notdienst": the department where to work, no visit wanted.
            if cid in ("maintenance", "emergency_general") and _department(start, end, tokens, hits):
                continue
            # "was raten Sie uns", "wozu würden Sie raten": advice asked, no instalments of a bill.
            if (
                cid == "invoice"
                and start == end
                and tokens[start] == "raten"
                and (
                    tokens[start + 1 : start + 2] in (["sie"], ["ihr"], ["uns"], ["mir"], ["du"])
                    or tokens[start - 1 : start] in (["was"], ["wozu"], ["sie"], ["ihr"], ["uns"], ["mir"], ["dazu"], ["davon"])
                )
            ):
                continue
            # "aus und wieder an gemacht, hilft nix": what helped or did not, no plea for help.
            if cid == "emergency_general" and start == end and tokens[start] in _HELPED:
                continue
            # "worum es geht", CH "worums gaht": what a call is about, no device that does not work.
            if cid == "fault" and _ABOUT_WHAT.intersection(tokens[start : end + 1] + tokens[max(0, start - 1) : start]):
                continue
            # "es eilt nicht", CH "es pressiert nöd": the urgency denied right after its verb.
            # ("es eilt noch nicht", "pressiert aber nöd": a word between)
            denial = end + 2 if tokens[end + 1 : end + 2] in (["noch"], ["aber"], ["ja"], ["eh"], ["jetzt"]) else end + 1
            if (
                cid == "emergency_general"
                and start == end
                and tokens[start] in _HURRY_VERBS
                and tokens[denial : denial + 1]
                and tokens[denial] in _NOT_WORDS
                and tokens[denial + 1 : denial + 2] not in (["nur"], ["mehr"])
            ):
                analysis.calm = True
                continue
            if (
                concept.safety
                and not own_negation
                and (self._safety_negated(start, end, tokens) or _denied_as_pair(end, tokens, paired))
            ):
                dropped[cid].append((start, end))
                continue
            # Over and seen to ("die Rechnung für den Einsatz, wo der Rohrbruch gsi isch", "der Monteur
            # war wegen dem Gasgeruch da", "gestern Gasgeruch, die Stadtwerke waren da und haben
            # abgesperrt"), or the service named ("was kostet der Notdienst"): settled, which the
            # dialogue's own safety rules follow too (``settled_dangers``).
            if (concept.safety or cid == "emergency_general") and (
                (bill and (_job_subject(start, tokens) or _told_as_past(start, end, tokens)))
                or _past_visit(start, end, tokens)
                or _settled_past(start, end, tokens)
                or _paper_for(start, end, tokens)
                or (cid == "emergency_general" and _service_named(start, end, tokens, bill))
            ):
                dropped[cid].append((start, end))
                settled.add(cid)
                continue
            if (concept.safety or cid == "emergency_general") and (
                _not_now(cid, start, end, tokens)
                or _long_past(start, end, tokens)
                or (cid in _EVENT_CONCEPTS and _after_the_event(start, end, tokens))
                or _names_a_detector(start, end, tokens)
                or (cid == "emergency_gas" and _water_smells_of_eggs(start, end, tokens))
                or _figurative_explosion(start, end, tokens)
                # "einen alten Öl Kessel im Keller": the oil names the boiler, none runs out.
                or (cid == "emergency_oil" and _oil_names_a_device(start, end, tokens))
                # "der Abfluss der Dusche ist verstopft, das Wasser steht drin": a blocked drain.
                or (
                    cid == "emergency_flood"
                    and in_fixture
                    and _standing_water(start, end, tokens)
                    and _stays_in_fixture(start, end, tokens)
                )
                or (
                    cid == "emergency_water"
                    and (
                        _drains_off(start, end, tokens) or _supply_named(start, end, tokens) or _cistern_runs(start, end, tokens)
                    )
                )
                or (cid == "emergency_smoke" and _burnt_dust(start, end, tokens))
                or (cid == "emergency_water" and _heating_sounds_like(start, end, tokens))
                or (cid == "emergency_smoke" and _embers_inside(start, end, tokens))
                or (cid == "emergency_smoke" and _lamp_lit(start, end, tokens))
                or (cid == "emergency_smoke" and _puff_at_lighting(start, end, tokens))
                or (cid == "emergency_water" and _spray_at_outlet(start, end, tokens))
                or _battery_chirp(cid, start, end, tokens)
                or _detector_tested(cid, start, end, tokens)
                or (cid in ("emergency_smoke", "emergency_gas") and _harmless_source(start, end, tokens))
                or _explained_away(start, end, tokens)
                or _names_a_false_alarm(start, end, tokens)
                or (cid == "emergency_flood" and _voll_as_very(start, end, tokens))
                or (cid == "emergency_pressure" and _limed_noise(start, end, tokens))
                or (cid == "emergency_flood" and _blocked_drain(start, end, tokens))
                or _protected_against(start, tokens)
                or (cid == "emergency_pressure" and _only_steam(start, end, tokens))
                or _after_event(cid, start, end, tokens)
                or _prevented(cid, start, end, tokens)
            ):
                dropped[cid].append((start, end))
                continue
            # "den Brenner einstellen lassen": a device adjusted, nobody hired.
            if cid == "application" and _adjusts_a_device(start, end, tokens, device_at):
                continue
            # "der Monteur hat Knall auf Fall abgesagt": suddenly, no bang.
            if start == end and tokens[start] == "knall" and tuple(tokens[start + 1 : start + 3]) in _SUDDENLY_TAILS:
                continue
            # "ein Termin zum Entlüften": bleeding the radiators is the job booked, no fault heard.
            # "… bevor es kalt wird": the cold is still to come, no heating that stays cold.
            if (
                cid == "fault"
                and start == end
                and tokens[start] in ("kalt", "kaelter", "chalt", "chaelter")
                and {"bevor", "ehe"}.intersection(tokens[max(0, start - 3) : start])
            ):
                dropped[cid].append((start, end))
                continue
            if cid == "fault" and tokens[start].startswith("entlueft") and start and tokens[start - 1] in _PURPOSE:
                dropped[cid].append((start, end))
                continue
            # "im Keller ist Wasser und der Strom ist weg": what is gone is the power, not the water.
            if cid == "resolved" and _GONE_OTHERWISE.intersection(tokens[start : end + 1]):
                continue
            # "das Wasser läuft nicht (mehr richtig) ab": a blocked drain, no appliance that stopped
            # running; nor has the water been shut off.
            if cid in ("fault", "water_stopped") and _drains_off(start, end, tokens):
                dropped[cid].append((start, end))
                continue
            # "das war ja der alte Kessel, jetzt haben wir eine Viessmann": the old device told as
            # the past names what was replaced, no wish for a new one.
            if cid == "new_heating" and any(t.startswith("alt") for t in tokens[start : end + 1]) and _replaced(start, tokens):
                dropped[cid].append((start, end))
                continue
            # "die Wärmepumpe haben wir vor zwei Jahren bei Ihnen einbauen lassen, jetzt sollte sie gewartet
            # werden": the device's past, no new one wished.
            if cid == "new_heating" and _installed_back_then(start, end, tokens):
                dropped[cid].append((start, end))
                continue
            # "wegen der Unterlagen für die Förderung": a paper wanted, the subsidy only what it is for.
            if cid == "new_heating":
                paper = _subsidy_paper(start, end, tokens)
                if paper is not None:
                    subsidy_papers.append((start, end, paper))
            # "aus der Steckdose kommt ein Brummen", "aus der Deckenleuchte kommt ein Summen": a hum, no water.
            # "der Druck steht auf null komma fünf, mein Mann hat immer Wasser nachgefüllt": the gauge stands
            # at a value, no water stands in the house.
            if cid == "emergency_flood" and (_gauge_reading(start, end, tokens) or _display_says(start, end, tokens)):
                dropped[cid].append((start, end))
                continue
            if cid == "emergency_water" and _hum_only(start, end, tokens):
                continue
            # "es riecht nach Heizöl nach dem Tanken": the usual smell after a delivery; a pool or running
            # oil keeps the danger.
            if cid == "emergency_oil" and _delivery_smell(start, end, tokens):
                dropped[cid].append((start, end))
                continue
            # "die Heizung ist kalt, und der Kundendienst war erst vor einer Woche zur Wartung da": the
            # service told as a past visit is the story, the fault now the reason.
            if cid == "maintenance" and fault_heard and _service_past(start, end, tokens):
                continue
            # "der Staat zahlt bis zu siebzig Prozent", "zahlt das die KfW": a subsidy, no bill of ours.
            # "was verrechnet ihr für die Anfahrt": a price asked, no bill.
            # "wir haben Ihr Angebot bekommen, können wir das in Raten zahlen": how an offer would be paid,
            # or what it lists, is a question about the offer while no bill is named.
            if cid == "invoice" and offer_named and not bill and _offer_payment_words(start, end, tokens):
                dropped[cid].append((start, end))
                continue
            if cid == "invoice" and (
                _public_payer(start, end, tokens) or any(a <= start and end <= b for a, b, _c, _n in charge_asked)
            ):
                dropped[cid].append((start, end))
                continue
            # "beim neuen Zubau", "eine neue Telefonnummer": something else is new, no heating.
            # "ich bin Heizungsbauer und suche was Neues": a new post, no new heating.
            if cid == "new_heating" and (
                _new_of_other(start, end, tokens) or any(i <= start and end <= k for i, k, _c, _n in job_search)
            ):
                dropped[cid].append((start, end))
                continue
            # "der CO-Melder ist abgelaufen": a device expired, no quote.
            if cid == "estimate" and _expired_other(start, end, tokens):
                dropped[cid].append((start, end))
                continue
            # "was für eine Heizung würden Sie empfehlen": advice asked, no price.
            if (
                cid == "price"
                and any(t.startswith(_ADVICE_STEMS) for t in tokens)
                and not any(t.startswith(_PRICE_STEMS) for t in tokens)
            ):
                continue
            # "ich habe sie neu gestartet": "neu" is "once more" here, no new heating.
            if (
                cid == "new_heating"
                and start == end
                and tokens[start] in ("neu", "nei")
                and tokens[start + 1 : start + 2]
                and tokens[start + 1].startswith(_RESTART_STEMS)
            ):
                dropped[cid].append((start, end))
                continue
            kept.add(cid)
            kept_spans[cid].append((start, end))
        # A leak already shut off or dry again ("Wasser abgestellt, alles trocken") is past: water
        # that was running is no emergency any more (a burst pipe or a flooded room still is). The
        # state told last holds: "zugedreht, aber es läuft immer noch aus der Decke" is running water.
        if (
            "water_stopped" in kept
            and "emergency_water" in kept
            and "emergency_flood" not in kept
            and max(e for _s, e in kept_spans["water_stopped"]) > max(s for s, _e in kept_spans["emergency_water"])
        ):
            kept.discard("emergency_water")
            dropped["emergency_water"].extend(kept_spans.pop("emergency_water"))
        # A water damage shut off and dry since ("ein Wasserschaden unter der Spüle, ich hab den Haupthahn
        # zugedreht, jetzt ist alles trocken") is plumbing to repair, no emergency any more.
        if (
            "water_stopped" in kept
            and "water_damage" in kept
            and not kept & EMERGENCY_CONCEPTS
            and max(e for _s, e in kept_spans["water_stopped"]) > max(s for s, _e in kept_spans["water_damage"])
        ):
            kept.discard("water_damage")
            dropped["water_damage"].extend(kept_spans.pop("water_damage"))
        # A burst hose of an appliance, its water shut off since, or a burst pipe shut off and mopped up
        # ("der Waschmaschinenschlauch ist geplatzt, ich hab das Wasser abgestellt und alles aufgewischt"):
        # nothing runs any more, the repair is plumbing. A flooded room ("steht unter Wasser") still is one.
        if (
            "water_stopped" in kept
            and "emergency_flood" in kept
            and max(e for _s, e in kept_spans["water_stopped"]) > max(s for s, _e in kept_spans["emergency_flood"])
            and all(_burst_only(s, e, tokens) for s, e in kept_spans["emergency_flood"])
            and (
                any(t.startswith(_MOPPED) for t in tokens)
                or any(_APPLIANCE_HOSE in t or t.startswith(_APPLIANCES) for t in tokens)
                or _NOTHING_WET in zip(tokens, tokens[1:], tokens[2:], strict=False)
            )
            and not any(t in _STILL_RUNNING and not _NO_MORE.intersection(tokens[k + 1 : k + 3]) for k, t in enumerate(tokens))
        ):
            for cid in ("emergency_flood", "emergency_water"):
                if cid in kept:
                    kept.discard(cid)
                    dropped[cid].extend(kept_spans.pop(cid))
        # A room flooded and mopped up since, its water shut off ("die Waschmaschine hat den Keller unter
        # Wasser gesetzt, ich habe den Hahn zugedreht, der Boden ist aufgewischt"), or a burst pipe of a
        # previous day shut off since ("gestern ist ein Rohr geplatzt, das Wasser ist abgestellt"): over,
        # the repair is plumbing. Water that still stands ("steht unter Wasser") or runs stays a flood.
        if "water_stopped" in kept and "emergency_flood" in kept and "emergency_water" not in kept:
            last_flood = max(e for _s, e in kept_spans["emergency_flood"])
            stopped_after = max(e for _s, e in kept_spans["water_stopped"]) > max(s for s, _e in kept_spans["emergency_flood"])
            standing = any(t.startswith("steh") for s0, e0 in kept_spans["emergency_flood"] for t in tokens[s0 : e0 + 1])
            mopped = any(t.startswith(_MOPPED) for t in tokens[last_flood + 1 :])
            earlier_day = _EARLIER_DAY.intersection(tokens[: min(s for s, _e in kept_spans["emergency_flood"])]) and all(
                _burst_only(s0, e0, tokens) for s0, e0 in kept_spans["emergency_flood"]
            )
            still = any(t in _STILL_RUNNING and not _NO_MORE.intersection(tokens[k + 1 : k + 3]) for k, t in enumerate(tokens))
            if stopped_after and not standing and (mopped or earlier_day) and not still:
                kept.discard("emergency_flood")
                dropped["emergency_flood"].extend(kept_spans.pop("emergency_flood"))
        # A danger said to be over since ("… war wegen dem Gasgeruch da, es ist alles wieder gut",
        # "der Keller war überschwemmt, jetzt ist das Wasser weg"): the state told last holds.
        if "resolved" in kept:
            over = max(e for _s, e in kept_spans["resolved"])
            for cid in [c for c in kept if c in EMERGENCY_CONCEPTS or c == "emergency_general"]:
                if max(e for _s, e in kept_spans[cid]) < over:
                    kept.discard(cid)
                    dropped[cid].extend(kept_spans.pop(cid))
        # A fault told as repaired, then the visit asked about ("… hat es in der Therme geknallt, Ihr
        # Monteur hat es repariert, wann kommt er zur Nachkontrolle"): the follow-up visit is the
        # reason, unless it broke again since.
        if "fault" in kept and "appointment" in kept:
            fixed = [
                k
                for k, t in enumerate(tokens)
                if t.startswith(_REPAIRED_STEMS) and _REPAIR_HELPERS.intersection(tokens[max(0, k - 4) : k])
            ]
            if (
                fixed
                and all(e <= fixed[-1] for _s, e in kept_spans["fault"])
                and not _BACK_AGAIN.intersection(tokens[fixed[-1] + 1 :])
                and not kept & EMERGENCY_CONCEPTS
            ):
                kept.discard("fault")
                dropped["fault"].extend(kept_spans.pop("fault"))
        # A detector's beep set aside (a test, a low battery) is no beeping boiler either.
        alarms = [sp for cid in ("detector_alarm_smoke", "detector_alarm_gas") if cid not in kept for sp in dropped.get(cid, ())]
        if "fault" in kept and alarms and all(any(a <= s0 and e0 <= b for a, b in alarms) for s0, e0 in kept_spans["fault"]):
            kept.discard("fault")
            dropped["fault"].extend(kept_spans.pop("fault"))
        # Water that only drips a little ("lässt sich nicht ganz zudrehen und tropft") is a leak.
        if "minor" in kept and "leak" in kept and "emergency_water" in kept and "emergency_flood" not in kept:
            kept.discard("emergency_water")
            dropped["emergency_water"].extend(kept_spans.pop("emergency_water"))
        # A tap that drips and will not close properly ("der Wasserhahn tropft, man kriegt ihn nicht mehr
        # richtig zu"): a leak to repair, no water running out. Running water, a main valve or the ceiling
        # keep the danger.
        if (
            "leak" in kept
            and "emergency_water" in kept
            and "emergency_flood" not in kept
            and _drip_only(kept_spans["leak"], kept_spans["emergency_water"], tokens)
        ):
            kept.discard("emergency_water")
            dropped["emergency_water"].extend(kept_spans.pop("emergency_water"))
        # A valve that hisses or whistles is the boiler blowing off, unless it is a radiator or
        # thermostat valve or hisses only a little ("das Ventil zischt ein bisschen").
        if "valve_noise" in kept and "minor" not in kept and not any(t.startswith(_RADIATOR_VALVE_STEMS) for t in tokens):
            kept.add("emergency_pressure")
            kept_spans["emergency_pressure"].extend(kept_spans["valve_noise"])
        elif "valve_noise" in kept and "fault" not in kept:
            # A valve that hisses only a little is still a fault to look at.
            kept.add("fault")
            kept_spans["fault"].extend(kept_spans["valve_noise"])
        # A heating that smells a little or of no danger ("die Heizkörper stinken beim ersten Einschalten
        # ein bisschen nach verbranntem Staub") is a fault to look at; "es riecht nach Brand" is not.
        if (
            utterance
            and "smell" in kept
            and ("minor" in kept or any(t.startswith(_HARMLESS_SMELLS) for t in tokens))
            and not kept & (EMERGENCY_CONCEPTS | _REASON_CONCEPTS | {"maintenance", "appointment"})
            and (
                any(
                    abs(ss - hs) <= _SMELL_DEVICE_DISTANCE
                    for ss, _se in kept_spans["smell"]
                    for cid in ("heating_device", "noise_place", "heat_source")
                    for hs, _he in kept_spans.get(cid, ())
                )
                # "erstes Mal geheizt, jetzt riecht es nach verbranntem Staub": dust burning off at the
                # season's first heating, the heating named anywhere in the sentence.
                or (any(t.startswith(("staub", "stoeb")) for t in tokens) and any(t.startswith(_HEATED_STEMS) for t in tokens))
            )
        ):
            kept.add("fault")
            kept_spans["fault"].extend(kept_spans["smell"])
        # A plea for immediate help and no other reason ("Hilfe, kommen Sie schnell", "bitte schicken
        # Sie sofort jemanden, es ist ein Notfall"): the emergency task, not the appointment.
        if (
            "emergency_general" in kept
            and not analysis.calm
            and not kept & _PLEA_BLOCKERS
            and _PLEA_WORDS.intersection(tokens)
            and not any(t.startswith("termin") or t == "wann" for t in tokens)
        ):
            kept.add("emergency_plea")
            kept_spans["emergency_plea"].extend(kept_spans["emergency_general"])
        # Water out of the boiler or the heating ("bei der Therme kommt ein bisserl Wasser unten raus")
        # is a fault of the heating, not a plumbing job.
        if (
            utterance
            and "leak" in kept
            and "heat_source" in kept
            and "fault" not in kept
            and not kept & {"sanitary", "invoice", "estimate"}
        ):
            kept.add("fault")
            kept_spans["fault"].extend(kept_spans["leak"])
        # Frost outside and a heating that fails: pipes freeze, the house cools out. So does a
        # winter-cold flat with a baby or a very old person in it.
        frail = "vulnerable" in kept or _very_old(tokens)
        if frail and {"fault", "heating_device", "cold_strong"} <= kept and not analysis.calm:
            kept.add("frost")
            kept_spans["frost"].extend(kept_spans["cold_strong"])
        # "Frostig draußen, aber die Heizung läuft noch, nur das Warmwasser geht nicht": the house stays
        # warm, the fault is elsewhere.
        if "frost" in kept and "fault" in kept and _heating_runs(tokens) and not kept & EMERGENCY_CONCEPTS:
            kept.discard("frost")
            dropped["frost"].extend(kept_spans.pop("frost"))
        # "seit dem Frost brummt die Wärmepumpe, im Display steht E209": a noise or a code in the cold is a
        # fault to look at; a heating that is out or cold in the frost is the emergency.
        if (
            "frost" in kept
            and "fault" in kept
            and not kept & EMERGENCY_CONCEPTS
            and "vulnerable" not in kept
            and all(
                _symptom_only(s0, e0, tokens) or any(f0 <= s0 and e0 <= f1 for f0, f1 in kept_spans["frost"])
                for s0, e0 in kept_spans["fault"]
            )
            and not _heating_out(tokens)
        ):
            kept.discard("frost")
            dropped["frost"].extend(kept_spans.pop("frost"))
        if "frost" in kept and "fault" in kept and not analysis.calm:
            kept.add("emergency_frost")
            kept_spans["emergency_frost"].extend(kept_spans["frost"])
        # "Was kostet eine Wärmepumpe": a price next to a heating technology is interest in a new
        # heating, unless a quote, a bill or another job (maintenance, the bathroom) is named.
        # A business without a task for new heatings quotes the change like any other job.
        # "Kostet das etwas, wenn ich den Termin so kurzfristig absage?": the fee of moving or cancelling
        # a date is a question about that date, no quote.
        if "price" in kept and not kept & {"estimate", "invoice"} and any(t.startswith(_CANCEL_STEMS) for t in tokens):
            kept.discard("price")
        if (
            self.price_means_new_heating
            and "price" in kept
            and "heating_technology" in kept
            and not kept & {"estimate", "invoice", "maintenance", "sanitary"}
        ):
            kept.discard("price")
        # A subsidy named only as what a paper is for ("die Unterlagen für die Förderung") is a topic.
        subsidy_topic = "new_heating" in kept and all(
            any(s0 == a and e0 == b for a, b, _p in subsidy_papers) for s0, e0 in kept_spans["new_heating"]
        )
        analysis.dismissed.update(cid for cid in dropped if cid not in kept and cid in EMERGENCY_CONCEPTS)
        analysis.settled.update(cid for cid in settled if cid not in kept and cid in EMERGENCY_CONCEPTS)
        for cid in kept:
            analysis.concepts.add(cid)
            features["c:" + cid] = features.get("c:" + cid, 0.0) + len(kept_spans[cid])
        # "Die Rechnung ist höher als der Kostenvoranschlag": the bill is the subject, the estimate
        # only the yardstick. A named bill (Rechnung, Mahnung, Erlagschein) next to an estimate word
        # makes it an invoice question; an estimate alone ("Voranschlag Nummer ...") stays one.
        # "… die Wartung ausmachen, und nebenbei noch eine Kopie der Rechnung": what is asked by the way
        # counts less than the main reason, and a bill named by the way makes no offer a bill question.
        aside = _aside_span(tokens)
        if aside and utterance:
            outside = {cid for cid, spans in kept_spans.items() if any(st not in aside for st, _e in spans)}
            for cid in analysis.concepts - outside:
                analysis.scale["c:" + cid] = analysis.scale.get("c:" + cid, 1.0) * _SUBJECT_DAMPING
            main_keys = {key for i, own in enumerate(contributions) if i not in aside for key, _v in own}
            for key in {key for i in aside if i < len(contributions) for key, _v in contributions[i]} - main_keys:
                analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        if "invoice" in analysis.concepts and any(
            s.startswith(_BILL_STEMS) and any(i not in aside for i in at) for s, at in positions.items()
        ):
            for cid in ("estimate", "price"):
                analysis.concepts.discard(cid)
                features.pop("c:" + cid, None)
        # A quote or a bill named as such is the reason; the job it is for only its subject
        # ("ein Angebot für die Badsanierung", "die Rechnung für die Reparatur"). So is the price
        # of a job ("was würde eine neue Dusche kosten"), but not next to a fault or leak the
        # caller has now: "die Heizung geht nicht, was kostet die Reparatur" is the fault.
        if utterance and analysis.concepts & {"estimate", "invoice", "price"}:
            subjects = analysis.concepts & _SUBJECT_CONCEPTS
            # A named bill is about what it lists: "auf der Rechnung steht ein Befund, den ich nie
            # bestellt habe" asks about the bill, not for a finding.
            if bill and "invoice" in analysis.concepts:
                subjects |= analysis.concepts & _BILLED_PAPERS
            # "eine Frage zu Ihrer Rechnung, die ist angekommen, alles gut, aber seit der Monteur da war geht
            # die Therme nicht mehr an": the bill said to be fine, the fault told after it is the reason.
            turn = _bill_fine_then(kept_spans.get("invoice", ()), tokens)
            if turn is not None and any(st > turn for st, _e in kept_spans.get("fault", ())):
                later = {cid for cid in subjects if all(st > turn for st, _e in kept_spans[cid])}
                subjects -= later
                bill_words = {i for st, en in kept_spans["invoice"] for i in range(st, en + 1)}
                damped_bill = {"c:invoice"}
                damped_bill.update(key for i in bill_words if i < len(contributions) for key, _value in contributions[i])
                for key in damped_bill & features.keys():
                    analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
            if not analysis.concepts & {"estimate", "invoice"}:
                # A plumbing problem the caller has now ("die Klospülung läuft dauernd nach") is one too.
                current = subjects & _CURRENT_PROBLEMS or ("sanitary" in subjects and _plumbing_problem(tokens))
                subjects = set() if current else subjects
                # "Die Klospülung läuft dauernd nach, und was kostet eigentlich ein neues Bad?": the
                # problem the caller has now is the reason, the price a question on the side.
                # So is a fault ("was würde das kosten, wenn jemand nach der Therme guckt, die geht ständig aus").
                # ("was kostet der Notdienst, wenn nachts die Heizung ausfällt": a fault supposed, none now.)
                fault_now = any(
                    not _IF_WORDS.intersection(tokens[max(0, st - 4) : st])
                    for cid in analysis.concepts & _CURRENT_PROBLEMS
                    for st, _e in kept_spans[cid]
                )
                if "price" in analysis.concepts and (
                    fault_now or ("sanitary" in analysis.concepts and _plumbing_problem(tokens))
                ):
                    analysis.scale["c:price"] = analysis.scale.get("c:price", 1.0) * _HOW_DAMPING
            # "Was kostet bei Ihnen ein Service für die Gasheizung, ich würde gern einen ausmachen": the
            # booking wished is the reason, its price a question on the side.
            if (
                "price" in analysis.concepts
                and not analysis.concepts & {"estimate", "invoice"}
                and {"maintenance", "appointment"} <= analysis.concepts
            ):
                subjects.discard("maintenance")
                analysis.scale["c:price"] = analysis.scale.get("c:price", 1.0) * _HOW_DAMPING
            # "… überlegen eine Wärmepumpe, können Sie uns beraten und ein Angebot machen", "ein Angebot
            # brauchen wir noch nicht, erst mal eine Beratung zur Wärmepumpe": advice on a new heating is the
            # reason, the quote one step of it.
            # So is a change of heating weighed up with its subsidy ("wir überlegen, von der Ölheizung auf eine
            # Wärmepumpe zu gehen, machen Sie uns ein Angebot, und wie ist das mit der Förderung"), while the
            # offer is still wished: one received ("das Angebot, das Sie geschickt haben") stays the reason.
            if (
                "invoice" not in analysis.concepts
                and {"new_heating", "heating_technology"} <= analysis.concepts
                and (
                    any(t.startswith(_CONSULT_STEMS) for t in tokens) or (_subsidy_asked(tokens) and not _offer_received(tokens))
                )
            ):
                subjects -= {"new_heating", "heating_technology", "heating_device"}
                for key in ("c:estimate", "c:price"):
                    analysis.scale[key] = analysis.scale.get(key, 1.0) * _HOW_DAMPING
            subject = {i for cid in subjects for start, end in kept_spans[cid] for i in range(start, end + 1)}
            damped = {"c:" + cid for cid in subjects}
            damped.update(key for i in subject for key, _value in contributions[i])
            for key in damped & features.keys():
                analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        # A new heating or fireplace that must be approved ("die neue Pelletsheizung braucht noch
        # das Okay vom Rauchfangkehrer") is about the inspection: the heating is only its subject.
        if utterance and "approval" in analysis.concepts:
            for cid in analysis.concepts & {"new_heating", "heating_technology"}:
                key = "c:" + cid
                analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        # "Wir haben einen Holz-Pizzaofen, und der Rauchfang gehört gekehrt": a sweep wished, the stove only
        # what the flue serves (an approval, measurement or paper named stays what is wished).
        if (
            utterance
            and "chimney" in analysis.concepts
            and not analysis.concepts & {"approval", "measurement", "certificate", "invoice", "estimate", "price"}
            and _sweep_wished(tokens)
        ):
            stoves = analysis.concepts & {"heating_device", "heat_source", "new_heating"}
            stove_at = {i for cid in stoves for st, en in kept_spans[cid] for i in range(st, en + 1)}
            stove_at.update(i for i, t in enumerate(tokens) if "ofen" in t)
            # The sweeping is the date wished.
            if "appointment" not in analysis.concepts:
                analysis.concepts.add("appointment")
                features["c:appointment"] = features.get("c:appointment", 0.0) + 1.0
                kept_spans["appointment"].extend((k, k) for k, t in enumerate(tokens) if t.startswith("kehr"))
            damped = {"c:" + cid for cid in stoves}
            damped.update(key for i in stove_at for key, _value in contributions[i])
            for key in damped & features.keys():
                analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        # "Unsere Wärmepumpe sollte mal gewartet werden": the device to be serviced, no new heating wished
        # (no new one, price, quote or bill named).
        if (
            utterance
            and {"maintenance", "heating_technology"} <= analysis.concepts
            and not analysis.concepts & ({"new_heating", "price", "estimate", "invoice", "application"} | _CURRENT_PROBLEMS)
        ):
            device_words = {i for st, en in kept_spans["heating_technology"] for i in range(st, en + 1)}
            damped = {"c:heating_technology"}
            damped.update(key for i in device_words if i < len(contributions) for key, _value in contributions[i])
            for key in damped & features.keys():
                analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        # A paper wanted about a measurement ("i brauch a Kopie vom Messprotokoll von der letzten
        # Abgasmessung für die Förderstelle") is the paper: the measurement is only what it records.
        if utterance and {"certificate", "measurement"} <= analysis.concepts and any(t.startswith(_PAPER_WANTED) for t in tokens):
            key = "c:measurement"
            analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        # "Läuten Sie mich bitte an, ich hätte eine Frage zum Kehren": a callback wish with a question
        # about a topic (no fault, bill or quote: those are reasons and win) is the callback; the topic
        # is only what the question is about.
        # So is a question how to do something oneself ("rufen Sie mich zurück, ich möchte mich
        # erkundigen, wie ich die Wasserleitungen im Gartenhaus frostsicher mache"): advice, no job.
        # So is a question about the plumbing ("Bitte um Rückruf, ich hab eine Frage zum Frostschutz für
        # die Außenleitung"), when the plumbing is named only in the question.
        asked = {j for i, t in enumerate(tokens) if t in _QUESTION_WORDS for j in range(i + 1, i + 1 + _QUESTION_SPAN)}
        plumbing_question = {j for i, t in enumerate(tokens) if t in _QUESTION_WORDS for j in range(i + 1, i + 1 + _HOW_TO_SPAN)}
        plumbing_question.update(_how_to_asked(tokens))
        plumbing_asked = "sanitary" in kept and all(st in plumbing_question for st, _e in kept_spans["sanitary"])
        if plumbing_asked:
            asked |= plumbing_question
        # "Er hat gesagt, er ruft mich wegen der Reparatur zurück, hat er aber nicht": a fault or job
        # named only as what the promised callback was to be about is its topic, not a reason of its own.
        owed_about: set[str] = set()
        if "callback" in analysis.concepts and _callback_owed(tokens, kept_spans["callback"]):
            # (a new part or heating the callback was to be about too: "er meldet sich wegen dem neuen
            # Ausdehnungsgefäß, und nun hab ich nichts mehr gehört")
            owed_about = {
                cid
                for cid in analysis.concepts & (_CURRENT_PROBLEMS | {"sanitary", "new_heating"})
                if all(_CAUSE_LINKS.intersection(tokens[max(0, st - 3) : st]) for st, _e in kept_spans[cid])
            }
            asked.update(i for cid in owed_about for st, en in kept_spans[cid] for i in range(st, en + 1))
        # "Ich hätte gern den Herrn Wagner gesprochen, der war letzte Woche wegen dem Heizkörper im Bad bei
        # uns": a person wanted, the job named only to say who; a problem the caller has now outside that
        # description ("…, jetzt tropft es wieder") stays the reason.
        if "callback" in analysis.concepts and _WANT_TO_SPEAK.intersection(tokens):
            described = _person_described(tokens)
            who = {
                cid
                for cid in analysis.concepts & (_CURRENT_PROBLEMS | {"sanitary"})
                if described and all(st in described for st, _e in kept_spans[cid])
            }
            owed_about |= who
            asked.update(i for cid in who for st, en in kept_spans[cid] for i in range(st, en + 1))
        # "Frau Berger soll mich wegen der Unterlagen für die Förderung zurückrufen": the callback wished
        # is the reason, the subsidy the paper is for only its topic (no new heating wished).
        if "callback" in analysis.concepts and subsidy_topic:
            owed_about.add("new_heating")
            asked.update(i for st, en in kept_spans["new_heating"] for i in range(st, en + 1))
        # "Ich hab einen verpassten Anruf von Ihnen, vielleicht wegen der Offerte oder wegen dem Service":
        # a missed call returned, the reasons only guessed at are what it may have been about.
        if "callback" in analysis.concepts and any(t.startswith(_MISSED) for t in tokens):
            guessed = {
                cid
                for cid in analysis.concepts & (_REASON_CONCEPTS | _QUESTION_TOPICS | {"appointment"})
                if all(_GUESS_WORDS.intersection(tokens[max(0, st - 4) : st]) for st, _e in kept_spans[cid])
            }
            owed_about |= guessed & _REASON_CONCEPTS
            asked.update(i for cid in guessed for st, en in kept_spans[cid] for i in range(max(0, st - 3), en + 1))
            if guessed:
                damped = {"c:" + cid for cid in guessed}
                damped.update(
                    key
                    for cid in guessed
                    for st, en in kept_spans[cid]
                    for i in range(st, en + 1)
                    if i < len(contributions)
                    for key, _value in contributions[i]
                )
                for key in damped & features.keys():
                    analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        # "Frau Frei hat gesagt, ich soll wegen dem Termin zurückrufen": a call returned as asked, the date
        # named only as what it is about (no date moved or cancelled).
        returned: set[str] = set()
        if (
            "appointment" in kept_spans
            and "callback" in kept_spans
            and _asked_to_call_back(kept_spans["callback"], tokens)
            and all(_CAUSE_LINKS.intersection(tokens[max(0, st - 3) : st]) for st, _e in kept_spans["appointment"])
            and not any(t.startswith(_DATE_CHANGE_STEMS) and not t.startswith("termin") for t in tokens)
        ):
            returned.add("appointment")
        if (
            utterance
            and "callback" in analysis.concepts
            and not analysis.concepts
            & (EMERGENCY_CONCEPTS | (_REASON_CONCEPTS - ({"sanitary"} if plumbing_asked else set()) - owed_about))
            and not (
                analysis.concepts & {"appointment"} and not returned and any(t.startswith(_DATE_CHANGE_STEMS) for t in tokens)
            )
        ):
            # "den Monteur sprechen, der letzte Woche die Wartung gemacht hat": the job says who.
            asked.update(_person_described(tokens))
            if _callback_owed(tokens, kept_spans["callback"]):
                # "Der Geselle hat gesagt, er ruft mich wegen dem Ofenrohr zurück, hat er aber nicht":
                # the callback that never came is the reason, the topic only what it was to be about.
                asked.update(
                    i for cid in analysis.concepts & _QUESTION_TOPICS for st, en in kept_spans[cid] for i in range(st, en + 1)
                )
            if returned:
                asked.update(i for st, en in kept_spans["appointment"] for i in range(st, en + 1))
            topics = {
                cid
                for cid in analysis.concepts
                & (_QUESTION_TOPICS | ({"sanitary"} if plumbing_asked else set()) | owed_about | returned)
                if any(st in asked for st, _e in kept_spans[cid])
            }
            damped = {"c:" + cid for cid in topics}
            damped.update(key for i in asked if i < len(contributions) for key, _value in contributions[i])
            if topics:
                for key in damped & features.keys():
                    analysis.scale[key] = analysis.scale.get(key, 1.0) * _SUBJECT_DAMPING
        # The reason decides over the wish how to be helped (a reason named only by the way does not).
        reasons = {
            cid
            for cid in analysis.concepts & (_REASON_CONCEPTS - owed_about)
            if cid not in kept_spans or not aside or any(st not in aside for st, _e in kept_spans[cid])
        }
        if utterance and reasons:
            how = {
                i for cid in analysis.concepts & _HOW_CONCEPTS for start, end in kept_spans[cid] for i in range(start, end + 1)
            }
            damped = {"c:" + cid for cid in analysis.concepts & _HOW_CONCEPTS}
            damped.update(key for i in how for key, _value in contributions[i])
            for key in damped & features.keys():
                analysis.scale[key] = analysis.scale.get(key, 1.0) * _HOW_DAMPING
        # A denied danger ("es riecht nicht nach Gas") must not reach the emergency task through
        # its plain words either: the words of the denied phrase are taken back.
        undone: set[int] = set()
        for cid, denied in dropped.items():
            if cid in kept:
                continue
            for start, end in denied:
                undone.update(range(start, end + 1))
        for i in undone:
            for key, value in contributions[i]:
                left = features.get(key, 0.0) - value
                if left > 1e-9:
                    features[key] = left
                else:
                    features.pop(key, None)
        return analysis


# "Gasgeruch haben wir keinen, sie geht einfach nicht an", "Gas riechen tun wir nichts", CH "Gasgruch
# hämmer kei": the danger named first and denied at the clause's end, after a verb or pronoun or two.
# "… riecht es aber überhaupt nicht": the particles "aber", "überhaupt", "gar" stand inside the clause.
_DENIAL_LEAD = frozenset(
    "haben habe hat hab ham hamma hammer haemmer hend haend hei gibt gibts git ist is isch es wir ich man ma mer "
    "tut tu tun tuts tue tuet konnte koennen kann hier da aber ueberhaupt gar absolut wirklich echt "
    "kommt kam chunnt steigt zieht dringt tritt".split()
)
_DENIAL_KEIN = frozenset({"kein", "keine", "keinen", "keiner", "keines", "keins", "nix", "nichts"})
# "… riechen kann man nirgends": nowhere denies whatever follows.
_NOWHERE = frozenset({"nirgends", "nirgendwo", "nirgendswo", "nirgens", "neamd"})
# What may follow the denying word: the clause ends or a new one starts ("keinen, sie geht nicht an"),
# or a particle of place ("Gasgeruch ist keiner da", "Rauch kommt keiner raus").
_DENIAL_TAIL = frozenset(
    "aber und sondern doch sie er es die der das ich wir nur bloss einfach gemerkt bemerkt festgestellt gerochen mehr "
    "da hier drin dabei vorhanden raus heraus zu gsi gewesen ist is isch".split()
)
# A degree after the negation weakens the danger, it does not deny it: "riecht nach Gas, nicht stark
# aber doch", "nicht mehr so stark", CH "nöd fescht", "nicht nur im Keller".
_DEGREE = frozenset(
    "stark staerker arg sehr viel schlimm extrem heftig fest fescht intensiv penetrant dauernd staendig doll krass "
    "wahnsinnig nur".split()
)
_DEGREE_LEAD = frozenset({"so", "mehr", "ganz", "besonders", "richtig", "allzu", "zu", "arg"})


_PAIR_WORDS = frozenset({"oder", "noch", "bzw", "beziehungsweise"})


def _paired_danger_nouns(text: str) -> frozenset[str]:
    """Danger nouns named second in an "or" pair ("Rauch oder Gasgeruch", "weder Qualm noch Gas")."""
    raw = tokenize(text[:MAX_TEXT_CHARS])
    return frozenset(
        raw[i + 1]
        for i in range(1, len(raw) - 1)
        if raw[i] in _PAIR_WORDS and raw[i - 1].startswith(_DANGER_NOUN_STEMS) and raw[i + 1].startswith(_DANGER_NOUN_STEMS)
    )


def _denied_as_pair(end: int, tokens: Sequence[str], paired: frozenset[str]) -> bool:
    """ "Rauch oder Gasgeruch ist keiner": the first of a pair denied at the end of the pair (not "es kommt
    Rauch, Gasgeruch ist keiner": no "oder" between)."""
    nxt = tokens[end + 1] if end + 1 < len(tokens) else ""
    return nxt in paired and any(p in nxt for p in _DANGER_NOUN_PARTS) and _denied_after(end + 1, tokens)


def _weakened(n: int, tokens: Sequence[str]) -> bool:
    """The negation at ``n`` only lessens: "nicht stark", "nicht mehr so stark", "nicht nur"; or it
    says the thing goes on: "hört nicht (mehr) auf zu piepen", CH "hört nöd uf"."""
    # (the verb may stand further ahead: "hört der Rauchmelder im Heizraum nicht auf zu piepen")
    if any(t.startswith(("hoer", "hor")) for t in tokens[max(0, n - 8) : n]) and {"auf", "uf"} & set(tokens[n + 1 : n + 3]):
        return True
    for t in tokens[n + 1 : n + 4]:
        if t in _DEGREE:
            return True
        if t not in _DEGREE_LEAD:
            return False
    return False


def _denied_after(end: int, tokens: Sequence[str]) -> bool:
    # "Von Gasgeruch keine Spur".
    if tokens[end + 1 : end + 2] and tokens[end + 1] in _DENIAL_KEIN and tokens[end + 2 : end + 3] in (["spur"], ["rede"]):
        return True
    j = end + 1
    while j < len(tokens) and j - end <= 3 and tokens[j] in _DENIAL_LEAD:
        j += 1
    if j >= len(tokens) or j - end > 4:
        return False
    tail = tokens[j + 1] if j + 1 < len(tokens) else ""
    if tokens[j] in _NOWHERE:
        return True
    if tokens[j] in _DENIAL_KEIN:
        # Right after the danger only after its verb: "Rauch kommt keiner raus", "es brennt nichts".
        if j == end + 1 and not (tail in _DENIAL_TAIL and tail != "der" and tail != "die" and tail != "das"):
            return False
        return not tail or tail in _DENIAL_TAIL
    if j == end + 1:
        return False
    # "… riecht man nicht", not "… ist nicht normal" nor "… nicht nur im Keller" nor "… nicht stark".
    # (also Bavarian/Austrian "nimma", Swiss "nüme", "nöd", "nid": "jetzt piepst er nüme")
    return (
        tokens[j] in ("nicht", "nimmer", "nimma", "nueme", "nuemme", "noed", "nid")
        and not _weakened(j, tokens)
        and not {"ist", "is", "isch"} & set(tokens[end + 1 : j])
    )


# A hiss and a smell in one breath ("es zischt aus der Leitung neben dem Zähler, und es riecht so eklig").
_HISS_SMELL_DISTANCE = 12
# A smell denied before or right after it ("riechen tut nichts", "kein Geruch"), or of something named.
_SMELL_DENIED = frozenset({"nicht", "nix", "nichts", "kein", "keine", "keinen", "keiner", "nimmer", "nie", "nach", "wie"})
_NO_FLAME = frozenset({"kein", "keine", "keinen", "nicht", "nimmer", "ohne"})
_DENIED_AFTER = frozenset(
    {"nicht", "nimmer", "nein", "noe", "nee", "ned", "net", "nid", "noed", "nuem", "nuemm", "nuemme", "nimma"}
)
_NO_FLAME_DIALECT = frozenset({"ka", "koa", "koane", "kei", "keis", "kai", "kein", "keine", "keinen"})


def _out_of(end: int, tokens: Sequence[str]) -> bool:
    """ "Flammen kommen aus der Therme" (not "die Flamme geht aus")."""
    for j in range(end + 1, min(end + 5, len(tokens) - 1)):
        if tokens[j] == "aus" and tokens[j + 1] in ("der", "dem", "den", "de", "em", "m"):
            return True
    return False


# "Der Monteur, der gestern wegen dem Gasgeruch bei uns war, wollte sich melden", CH "de Iisatz, wo
# Sie wäge em Gasgruch gmacht händ": a danger someone came for, told as the past, is the background
# of a callback, a bill or a date, unless it is back ("… und jetzt riecht es wieder") or the caller
# is urgent. "Ich habe wegen dem Gasgeruch angerufen, es ist keiner gekommen" stays a danger.
_CAUSE_LINKS = frozenset({"wegen", "waege", "waeg", "wege", "wegn", "wegem"})
# Who came for it, or the job done: "wegen dem Gasgeruch waren wir draussen" is the caller's own past.
_VISITORS = (
    "monteur",
    "techniker",
    "kolleg",
    "mitarbeiter",
    "installateur",
    "servicetechniker",
    "servicemann",
    "handwerker",
    "rauchfangkehrer",
    "kaminfeger",
    "schornsteinfeger",
    "notdienst",
    "feuerwehr",
    "fuerwehr",
    "entstoerdienst",
    "einsatz",
    "isatz",
    "reparatur",
    "besuch",
)
_OWN_PAST = frozenset({"wir", "ich", "mir", "mer"})
_VISIT_PAST = frozenset(
    "war waren gewesen gsi gsii dagewesen gekommen cho vorbeigekommen gemacht gmacht repariert behoben erledigt "
    "hatten hatte gehabt gha kontrolliert gecheckt nachgeschaut angeschaut".split()
)
_VISIT_NOT = frozenset({"nicht", "kein", "keiner", "niemand", "nie", "nimmer", "noch"})
_BACK_AGAIN = frozenset({"wieder", "weiterhin", "erneut", "nachwievor", "schonwieder", "immer"})
_CALLED = frozenset({"angerufen", "gemeldet", "telefoniert", "aagrueft", "agrueft", "angrufen", "angruafen"})
_NOW_DANGER = frozenset({"riecht", "stinkt", "laeuft", "rinnt", "zischt", "brennt", "raucht", "tropft", "qualmt", "piept"})
_URGENT = frozenset({"notdienst", "sofort", "schnell", "dringend", "notfall", "hilfe", "gefahr", "angst", "akut", "gleich"})


def _past_visit(start: int, end: int, tokens: Sequence[str]) -> bool:
    if not _CAUSE_LINKS.intersection(tokens[max(0, start - 3) : start]):
        return False
    # (also the gas utility or the police: "die Stadtwerke waren wegen dem Gasgeruch da")
    if not any(t.startswith(_SETTLERS) for t in tokens):
        return False
    after = tokens[end + 1 : end + 7]
    past = [k for k, t in enumerate(after) if t in _VISIT_PAST]
    before = [i for i in range(max(0, start - 6), start) if tokens[i] in _PAST_TENSE]
    # "Ihr Kollege war wegen dem Rohrbruch bei uns": the past told before the cause.
    if not past and not before:
        return False
    at = end + 1 + past[0] if past else before[-1]
    if _OWN_PAST.intersection(tokens[max(0, at - 1) : at + 2]):
        return False
    # "… es war noch keiner da", "… angerufen, es ist keiner gekommen": still waiting for help.
    if _VISIT_NOT.intersection(after[: past[0] + 4] if past else after[:4]) or _CALLED.intersection(tokens):
        return False
    later = tokens[end + 1 :]
    # ("der Monteur vom Notdienst war wegen …": the service named, no urgency)
    return not (
        _BACK_AGAIN.intersection(later) or _NOW_DANGER.intersection(later) or (_URGENT - {"notdienst"}).intersection(tokens)
    )


def _live_after(end: int, tokens: Sequence[str]) -> bool:
    """A danger back or going on after ``end`` ("… und jetzt riecht es wieder", "es tropft immer
    noch"); a present form with the helper of a perfect after it (AT "brennt hat") is past."""
    later = tokens[end + 1 :]
    if _BACK_AGAIN.intersection(t for k, t in enumerate(later, end + 1) if not (t == "wieder" and _over_again(k, tokens))):
        return True
    # "der Gasgeruch ist aber noch da", "es stinkt noch", "steht noch Wasser": still there (not "ich
    # brauche noch die Rechnung", "noch keiner da")
    for k, t in enumerate(later, end + 1):
        if t != "noch" or _NOT_YET.difference({"noch"}).intersection(tokens[k + 1 : k + 3]):
            continue
        if (
            tokens[k - 1] in _STILL_BEING
            or _NOW_DANGER.intersection(tokens[k - 1 : k])
            or tokens[k + 1 : k + 2] in (["da"], ["immer"])
        ):
            return True
    return any(
        t in _NOW_DANGER and not _PERFECT_HELPERS.intersection(tokens[k + 1 : k + 2]) for k, t in enumerate(later, end + 1)
    )


_STILL_BEING = frozenset(
    {"ist", "is", "isch", "sind", "san", "steht", "stehen", "staht", "hat", "hats", "gibt", "gits", "es", "aber"}
)


# Who is called to a danger and settles it: the gas utility ("die Stadtwerke", "der Gasversorger", "die
# Netze"), the fire brigade, an emergency service ("Entstördienst", CH "Pikett").
_SETTLERS = (
    *_VISITORS,
    "stadtwerk",
    "gasversorg",
    "versorger",
    "energieversorg",
    "gaswerk",
    "werke",
    "netze",
    "netzbetreib",
    "pikett",
    "polizei",
    "gasag",
    "gasnetz",
    "gasmann",
)
# What they did: shut off, sealed, put out, measured, checked, mended (DE/AT/CH forms).
_SETTLED_STEMS = (
    "abgesperrt",
    "abgsperrt",
    "gesperrt",
    "abgestellt",
    "abgstellt",
    "abgedreht",
    "zugedreht",
    "abgeklemmt",
    "plombiert",
    "verplombt",
    "versiegelt",
    "geloescht",
    "abgeloescht",
    "gemessen",
    "gmesse",
    "durchgemessen",
    "geprueft",
    "kontrolliert",
    "repariert",
    "geflickt",
    "behoben",
    "erledigt",
    "gelueftet",
)
# The past of the danger itself: "wir hatten Gasgeruch", "gestern", CH "geschter", "händ … gschmöckt".
_PAST_WORDS = frozenset(
    {"gestern", "geschter", "gescht", "vorgestern", "vorgeschter", "gsi", "gewesen", "gwesen", "gha", "gerochen", "gschmoeckt"}
    | {"gebrannt", "brannte", "gequalmt", "geraucht", "gestunken", "gepiept", "gepiepst"}
)
# Who else mends or shuts off (only with what they did, see _settled_past).
_FIXERS = ("nachbar", "vermieter", "hausmeister", "hausverwaltung", "verwaltung", "klempner", "sanitaer", "schwager")
_YOU_CAME = frozenset({"sie", "ihr", "ihre", "eure", "ihrer"})
_CAME_WORDS = frozenset({"war", "waren", "warn", "wart", "sind", "san", "seid", "isch", "ist", "sin", "send"})
_THEY_HAVE = frozenset({"haben", "hat", "hatten", "hatte", "haend", "hend", "hei", "hed", "het", "haet", "hot", "hom", "hobn"})
_NOT_YET = frozenset({"nicht", "kein", "keiner", "niemand", "nie", "nimmer", "noch"})
# Urgency that is live; "Notdienst" and "Notfall" name the service or what it was ("der Monteur vom
# Notdienst", "wir hatten einen Notfall").
_LIVE_URGENT = frozenset({"sofort", "schnell", "dringend", "hilfe", "gefahr", "angst", "akut", "lebensgefahr"})


def _settled_past(start: int, end: int, tokens: Sequence[str]) -> bool:
    """A danger told as over and seen to by those called to it: the sentence tells the danger in the
    past ("wir hatten gestern Gasgeruch", "gestern war die Stube voll Rauch", CH "mir händ geschter
    Gas gschmöckt") and names who came and settled it ("die Stadtwerke waren da und haben
    abgesperrt", "die Feuerwehr war da", CH "d Stadtwerk isch cho"). Not when nobody has come yet
    ("noch keiner da"), when the danger is back or going on, or with live urgency."""
    before = tokens[max(0, start - 8) : start]
    after = tokens[end + 1 : end + 4]  # ("einen Wasserschaden von oben gehabt")
    past = _PAST_TENSE | _PAST_WORDS
    # (the past may be in the danger's own words: "nach Gas gerochen", CH "nach Gas gschmöckt")
    told = tokens[start : end + 1]
    if not (past.intersection(before) or past.intersection(after) or past.intersection(told)) or _STILL.intersection(before):
        return False
    if _live_after(end, tokens) or _LIVE_URGENT.intersection(tokens) or _CALLED.intersection(tokens):
        return False
    # Who came, or what they did, is told after the danger: a danger told after the visit is new ("die
    # Feuerwehr war da und hat gesperrt, Gasgeruch im ganzen Haus").
    for k, token in enumerate(tokens):
        # "die haben das Gas abgesperrt", CH "die händ d Gasleitig plombiert": somebody else did it
        if token in _THEY_HAVE and tokens[k - 1 : k] in (["die"], ["sie"], ["er"], ["de"], ["d"]):
            done = [i for i in range(k + 1, min(len(tokens), k + 8)) if tokens[i].startswith(_SETTLED_STEMS)]
            if done and done[0] > end:
                return True
        # "Sie waren eh da", CH "ihr sind cho": the firm called came (after the danger)
        if token in _YOU_CAME and k > end:
            came_at = [i for i in range(k + 1, min(len(tokens), k + 3)) if tokens[i] in _CAME_WORDS]
            if came_at and {"da", "do", "dort", "vorbei", "gekommen", "cho", "kumma", "kemma", "dagewesen"}.intersection(
                tokens[came_at[0] : came_at[0] + 4]
            ):
                return True
        # "der Nachbar hat das repariert", "der Vermieter hat den Haupthahn zugedreht": mended or shut off
        if token.startswith(_FIXERS) and k > end and any(t.startswith(_SETTLED_STEMS) for t in tokens[k + 1 : k + 7]):
            return True
        if not token.startswith(_SETTLERS):
            continue
        near = range(k + 1, min(len(tokens), k + 9))
        came = [i for i in near if tokens[i] in _VISIT_PAST or tokens[i].startswith(_SETTLED_STEMS)]
        if came and max(k, came[0]) > end and not _NOT_YET.intersection(tokens[k + 1 : came[0]]):
            return True
    return False


# Colloquial "voll" for "very" ("der Druck fällt voll oft ab, ich muss dauernd Wasser nachfüllen"): no
# room full of water.
_VERY_AFTER_VOLL = frozenset(
    "oft haeufig viel krass nervig schlimm kalt laut komisch schnell doll heftig gut schlecht stark selten lange teuer "
    "warm heiss bloed doof anstrengend eklig".split()
)


def _voll_as_very(start: int, end: int, tokens: Sequence[str]) -> bool:
    return any(
        t == "voll" and tokens[k + 1 : k + 2] and tokens[k + 1] in _VERY_AFTER_VOLL
        for k, t in enumerate(tokens[start : end + 1], start)
    )


# A paper the danger is the cause of ("für die Versicherung wegen dem Kaminbrand", "einen Befund nach
# dem Rohrbruch", "ein Gutachten vom Wasserschaden"): what it was, nothing going on.
_PAPER_STEMS = (
    "befund",
    "bericht",
    "gutachten",
    "versicherung",
    "bestaetigung",
    "protokoll",
    "attest",
    "schadensmeldung",
    "schadenmeldung",
    "nachweis",
    "bescheinigung",
)
_PAPER_LINKS = _CAUSE_LINKS | frozenset({"vom", "von", "nach", "fuer", "zum", "zur"})


def _paper_for(start: int, end: int, tokens: Sequence[str]) -> bool:
    if not _PAPER_LINKS.intersection(tokens[max(0, start - 3) : start]):
        return False
    if not any(t.startswith(_PAPER_STEMS) or t.endswith(_PAPER_STEMS) for t in tokens[max(0, start - 8) : start]):
        return False
    return not (
        _live_after(end, tokens) or _LIVE_URGENT.intersection(tokens) or _STILL.intersection(tokens[max(0, start - 6) : start])
    )


# The emergency service or the fire brigade named as who came, what a bill or a price is for ("der
# Monteur vom Notdienst", "die Rechnung vom Notdienst", "was kostet der Notdienst am Sonntag", "die
# Feuerwehr war da"): no urgency of the call.
_SERVICE_WORDS = ("notdienst", "notfalldienst", "pikett", "feuerwehr", "fuerwehr", "entstoerdienst", "notfall")
_OF_SERVICE = frozenset({"vom", "von", "dem", "des", "ihr", "ihrem", "ihren", "euer", "eurem"})


def _service_named(start: int, end: int, tokens: Sequence[str], bill: bool) -> bool:
    if start != end or not tokens[start].startswith(_SERVICE_WORDS) or _LIVE_URGENT.intersection(tokens):
        return False
    if _live_after(end, tokens):
        return False
    priced = bill or any(t.startswith(_PRICE_STEMS) for t in tokens)
    near = tokens[end + 1 : end + 5]
    came = any(t in _VISIT_PAST for t in near) and not _NOT_YET.intersection(near)
    of_visitor = (
        tokens[start - 1 : start] != []
        and tokens[start - 1] in _OF_SERVICE
        and any(t.startswith(_VISITORS) for t in tokens[max(0, start - 3) : start - 1])
    )
    return priced or came or of_visitor


# "Der CO-Melder ist abgelaufen", "die Garantie ist abgelaufen", "der Wartungsvertrag ist abgelaufen": what
# expired is a device, a battery or a contract, no quote (that "abgelaufen" is of an offer).
_EXPIRED_THINGS = (
    "melder",
    "warner",
    "sensor",
    "batteri",
    "akku",
    "garantie",
    "gewaehrleistung",
    "vertrag",
    "haltbarkeit",
    "lebensdauer",
    "tuev",
    "eich",
    "pickerl",
    "plakette",
    "filter",
    "patrone",
)
_EXPIRED_SPAN = 5


def _expired_other(start: int, end: int, tokens: Sequence[str]) -> bool:
    if start != end or not tokens[start].startswith("abgelaufen"):
        return False
    near = [*tokens[max(0, start - _EXPIRED_SPAN) : start], *tokens[start + 1 : start + 4]]
    return any(any(p in t for p in _EXPIRED_THINGS) for t in near) or any(
        t.startswith(_HEATING_WORDS) for t in tokens[max(0, start - _EXPIRED_SPAN) : start]
    )


# A paper for a subsidy ("die Unterlagen für die Förderung", "eine Bestätigung für die BAFA", "die
# Förderunterlagen", "für den Zuschuss brauch ich noch ein Formular von Ihnen"): paperwork about a
# subsidy, a paper the caller needs; the subsidy is only what it is for (_SUBSIDY_STEMS, above).
_SUBSIDY_PAPERS = (
    "unterlag",
    "formular",
    "nachweis",
    "bestaetigung",
    "bescheinigung",
    "papier",
    "dokument",
    "antrag",
    "erklaerung",
    "beleg",
)
_SUBSIDY_LINKS = frozenset({"fuer", "fuers", "zur", "zum", "wegen", "waege", "wege", "wegn", "vom", "von", "der", "die", "den"})
_SUBSIDY_PAPER_SPAN = 5


def _subsidy_paper(start: int, end: int, tokens: Sequence[str]) -> int | None:
    """Where the paper is named that the subsidy at ``start``..``end`` is for, else ``None``."""
    subsidy = [k for k in range(start, end + 1) if tokens[k].startswith(_SUBSIDY_STEMS)]
    if not subsidy:
        return None
    k = subsidy[0]
    if any(p in tokens[k] for p in _SUBSIDY_PAPERS):
        return k
    if not _SUBSIDY_LINKS.intersection(tokens[max(0, k - 2) : k]):
        return None
    near = [*range(k - 1, max(-1, k - 1 - _SUBSIDY_PAPER_SPAN), -1), *range(k + 1, min(len(tokens), k + 1 + _SUBSIDY_PAPER_SPAN))]
    return next((j for j in near if tokens[j].startswith(_SUBSIDY_PAPERS) or tokens[j].endswith(_SUBSIDY_PAPERS)), None)


# (CH "abseit", "abzsäge": cancels)
_CANCEL_STEMS = (
    "absag",
    "abzusag",
    "absaeg",
    "abgesagt",
    "storn",
    "verschieb",
    "verschob",
    "umleg",
    "abseit",
    "abzsaeg",
    "abgseit",
)
_PLUMBING_PROBLEM_STEMS = ("verstopf", "tropf", "undicht", "leck", "kaputt", "defekt", "rinnt", "laeuft", "lauft")


def _plumbing_problem(tokens: Sequence[str]) -> bool:
    """A fixture that misbehaves now: blocked, dripping, leaking, or a cistern that keeps running."""
    return any(t.startswith(_PLUMBING_PROBLEM_STEMS) for t in tokens)


_ROOM_HEADS = ("zimmer", "zimmern", "zimmers", "stube", "raum", "raeume")
_WET_ROOMS = ("bad", "dusch", "wasch", "wc", "toilett", "nass", "sanitaer")


# "Der Brenner muss eingestellt werden", "die Regelung einstellen lassen": to adjust a device, not to
# hire someone (Einstellung). A device within a few words, or "lassen" right after, tells.
_ADJUST_STEMS = ("einstell", "eingestell", "neueinstell", "nachstell", "nachgestell")
_ADJUST_DISTANCE = 5


def _adjusts_a_device(start: int, end: int, tokens: Sequence[str], device_at: set[int]) -> bool:
    if not any(tokens[i].startswith(_ADJUST_STEMS) for i in range(start, end + 1)):
        return False
    if any(abs(i - start) <= _ADJUST_DISTANCE for i in device_at):
        return True
    return any(t.startswith("lass") for t in tokens[end + 1 : end + 3])


# "Könnten Sie mal die Gastherme warten": the verb "warten" right after a device is servicing it, not
# waiting ("wir warten auf den Monteur" names no device before it).
_SERVICE_VERBS = frozenset({"warten", "wartn", "warte"})


def _service_verb_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    devices = [e for _s, e, cid, _n in hits if cid == "heating_device"]
    for i, t in enumerate(tokens):
        if t in _SERVICE_VERBS and any(0 < i - e <= 3 for e in devices) and "auf" not in tokens[i + 1 : i + 2]:
            return [(i, i, "maintenance", False)]
    return []


# "Dass wer den Rauchfang einmal anschaut, ob alles passt", "den Kamin kontrollieren lassen": a chimney
# to be looked at is an inspection (what the sweep approves), not its sweeping.
_LOOK_STEMS = ("anschau", "anzuschau", "angeschaut", "nachschau", "nachzuschau", "anseh", "anzuseh", "begutacht", "kontrollier")
_LOOK_DISTANCE = 5


_AT_VISIT = frozenset({"beim", "bem", "bim"})


def _at_visit(k: int, tokens: Sequence[str]) -> bool:
    # ("kommt eh nächste Woche zum Kehren": the sweeping visit too)
    to_sweep = k >= 1 and tokens[k - 1] in ("zum", "zur") and tokens[k].startswith("kehr")
    return (k >= 1 and tokens[k - 1] in _AT_VISIT) or (k >= 2 and tokens[k - 2 : k] == ["bei", "der"]) or to_sweep


def _chimney_looked_at(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    # "beim Kehren", "bei der Kehrung": when the thing is to be looked at, not what ("können Sie sich den
    # CO-Melder beim Kehren anschauen" asks for the sweep's visit).
    chimneys = [(s0, e0) for s0, e0, cid, _n in hits if cid == "chimney" and not _at_visit(s0, tokens)]
    if not chimneys:
        return []
    for i, t in enumerate(tokens):
        if t.startswith(_LOOK_STEMS) and any(-_LOOK_DISTANCE <= i - e0 <= _LOOK_DISTANCE for _s0, e0 in chimneys):
            return [(i, i, "approval", False)]
    return []


# Signs of damage in the wall a flue runs through ("an der Wand, wo der Rauchfang drin ist, kommen braune
# Flecken durch", "der Kamin ist feucht und versottet", "Risse im Schornstein"): the chimney is to be
# inspected, no sweeping date wished.
_FLUE_DAMAGE_STEMS = ("fleck", "versott", "verfaerb", "riss", "feucht", "nass", "broeckel", "braun", "schimmel", "durchgeschlag")
_FLUE_DAMAGE_DISTANCE = 8


def _flue_damage_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    damage = [i for i, t in enumerate(tokens) if t.startswith(_FLUE_DAMAGE_STEMS)]
    if not damage:
        return []
    flues = [i for i, t in enumerate(tokens) if _flue(t)]
    for i in damage:
        if any(abs(i - f) <= _FLUE_DAMAGE_DISTANCE for f in flues):
            return [(i, i, "approval", False)]
    return []


# A sweep wished ("der Rauchfang gehört wieder gekehrt", "muss gekehrt werden", "kehren lassen"): the stove
# or boiler named is only what the flue serves ("wir haben einen Holz-Pizzaofen, und der Rauchfang gehört
# gekehrt"), no new fireplace to inspect. ("beim Kehren", "nach dem Kehren", "vom Kehren": when or what
# for, no wish; "eine Frage zum Kehren": a question.)
_SWEEP_NOT_WISHED = frozenset({"beim", "bem", "bim", "nach", "seit", "seitdem", "vom", "von", "letzte", "letzten"})


def _offer_payment_words(start: int, end: int, tokens: Sequence[str]) -> bool:
    """An invoice hit made only of words of paying or listing ("in Raten zahlen", "Posten")."""
    return all(t in _OFFER_PAYMENT_WORDS or t in ("in", "i", "auf") for t in tokens[start : end + 1])


# "Ihr Angebot", "das Angebot", "in eurem Offert": an offer the caller already has.
# (Berlin "dit Angebot", AT "des Angebot", CH "d Offerte"; "zum/vom Angebot")
_OFFER_HELD = frozenset(
    {"ihr", "ihrem", "ihres", "euer", "eurem", "eures", "das", "dem", "des", "dit", "det", "den", "dieses", "diesem"}
    | {"unser", "unserem", "d", "im", "vom", "zum"}
)


def _offer_received(tokens: Sequence[str]) -> bool:
    """An offer that has already come ("bekommen", "geschickt"), or one named as that one ("Ihr Angebot")."""
    if any(t.startswith(_RECEIVED_STEMS) for t in tokens):
        return True
    return any(t.startswith(_OFFER_STEMS) and k and tokens[k - 1] in _OFFER_HELD for k, t in enumerate(tokens))


_IF_WORDS = frozenset({"wenn", "falls", "sollte", "fall", "waer", "waere", "wuerde"})
_GAUGE_WORDS = frozenset({"druck", "wasserdruck", "anlagendruck", "manometer", "zeiger", "anzeige", "nadel", "bar"})


def _gauge_reading(start: int, end: int, tokens: Sequence[str]) -> bool:
    """A "wasser … steht" hit whose "steht" is a gauge's reading ("der Druck steht auf null komma fünf"),
    the water named apart from it ("… hat immer Wasser nachgefüllt")."""
    span = tokens[start : end + 1]
    if len(span) < 4 or "steht" not in span or not any(t.startswith("wass") for t in span):
        return False
    at = start + span.index("steht")
    water = [start + k for k, t in enumerate(span) if t.startswith("wass")]
    if any(abs(w - at) <= 2 for w in water):
        return False
    before = tokens[max(0, at - 6) : at]
    return bool(_GAUGE_WORDS.intersection(before)) and any(t in ("auf", "bei") for t in before)


# What a display, an app or a paper says ("im Display steht was von zu wenig Wasser", "auf der Anzeige
# steht Wassermangel"): a text read off, no water standing in the house.
_DISPLAY_WORDS = frozenset(
    "display displai anzeige bildschirm monitor app handbuch anleitung bedienungsanleitung zettel brief fehlerspeicher".split()
)


def _display_says(start: int, end: int, tokens: Sequence[str]) -> bool:
    span = tokens[start : end + 1]
    if "steht" not in span:
        return False
    at = start + span.index("steht")
    return bool(_DISPLAY_WORDS.intersection(tokens[max(0, at - 3) : at]))


# "nebenbei", CH "nebebi", "übrigens": what follows is asked by the way.
_ASIDE_WORDS = frozenset({"nebenbei", "nebebi", "nebeby", "nebenher", "uebrigens"})


def _aside_span(tokens: Sequence[str]) -> frozenset[int]:
    """The words after an "aside" marker, when a reason came before it ("hauptsächlich die Wartung …
    und nebenbei die Rechnung")."""
    for k, t in enumerate(tokens):
        if t in _ASIDE_WORDS and k >= 3:
            return frozenset(range(k, len(tokens)))
    return frozenset()


def _subsidy_asked(tokens: Sequence[str]) -> bool:
    return any(t.startswith(_SUBSIDY_STEMS) for t in tokens)


def _sweep_wished(tokens: Sequence[str]) -> bool:
    # ("i hätt a Frage zum Kehren": a question about the sweeping, no sweep wished)
    return any(
        t.startswith("kehr")
        and not t.startswith("kehrtermin")
        and not _SWEEP_NOT_WISHED.intersection(tokens[max(0, k - 2) : k])
        and not _QUESTION_WORDS.intersection(tokens[max(0, k - _QUESTION_SPAN) : k])
        for k, t in enumerate(tokens)
    )


# "I suach a Arbeit", CH "ich sueche e Stell", "ich suche Arbeit": looking for work is an application.
_SEARCH_STEMS = ("such", "suach", "suech", "gsuecht")
_WORK_STEMS = ("arbeit", "orbeit", "arbet", "stell", "job", "lehrstell", "anstellung")


# A tradesperson naming themselves ("ich bin Rauchfangkehrergeselle", "i bin Heizungsbauer mit zehn Jahren
# Erfahrung"): the end of the word names the trade. "Bauer" and "Meister" alone may be a name.
_TRADE_TITLE_ENDS = (
    "geselle",
    "gesellin",
    "gesell",
    "lehrling",
    "monteur",
    "monteurin",
    "installateur",
    "installateurin",
    "techniker",
    "technikerin",
    "mechaniker",
    "mechanikerin",
    "mechatroniker",
    "heizungsbauer",
    "kehrer",
    "kehrerin",
    "spengler",
    "klempner",
    "elektriker",
    "facharbeiter",
    "helfer",
)
_SELF = frozenset({"bin", "ich", "i"})
# "suche was Neues", "such wos Anders": a new post, when the caller is a tradesperson.
_SOMETHING_NEW = frozenset({"neues", "neus", "nois", "anderes", "anders", "andere"})


def _trade_title(token: str) -> bool:
    return token.endswith(_TRADE_TITLE_ENDS)


def _job_search_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    """Looking for work ("ich suche ab April eine neue Stelle", CH "ich sueche e Stell"), or a
    tradesperson naming themselves and looking for something new ("ich bin Heizungsbauer … und suche was
    Neues"): an application, never a heating job."""
    tradesperson = any(_trade_title(t) and _SELF.intersection(tokens[max(0, k - 2) : k]) for k, t in enumerate(tokens)) or any(
        t.startswith(("berufserfahrung", "erfahrung")) for t in tokens
    )
    for i, t in enumerate(tokens):
        if t.startswith(_SEARCH_STEMS):
            for k in range(i + 1, min(i + 7, len(tokens))):
                if tokens[k].startswith(_WORK_STEMS) and not tokens[k].startswith("stellen"):
                    return [(i, k, "application", False)]
                if tradesperson and tokens[k] in _SOMETHING_NEW and k <= i + 3:
                    return [(i, k, "application", False)]
    return []


# "Eine Dichtheitsprüfung der Gasleitung", "die Therme durchprüfen": a check of a gas part or a heating
# device is a service job (the check words in compounds the lexicon does not know).
_CHECK_PARTS = ("pruefung", "pruefen", "geprueft", "kontrolle", "durchsicht")


def _check_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    if not any(cid in ("gas_part", "heating_device") for _s, _e, cid, _n in hits):
        return []
    for i, t in enumerate(tokens):
        if any(p in t for p in _CHECK_PARTS) and not t.startswith(("ueberpruef", "abgas")):
            return [(i, i, "maintenance", False)]
    return []


# The boiler's exhaust pipe come loose, with a smell or something coming out ("das Rohr von der Therme
# ist abgerutscht, da kommt was raus, es riecht komisch", "das Abgasrohr hat sich gelöst"): exhaust
# gas in the home. A water pipe of the boiler that came loose and drips is none (no smell, no exhaust pipe).
_EXHAUST_PIPES = ("abgasrohr", "abgasleitung", "abgasschlauch", "rauchrohr", "ofenrohr", "verbindungsstueck", "abgasstutzen")
_PIPES = ("rohr", "leitung", "schlauch", "stutzen")
_COME_OFF = (
    "abgerutscht",
    "abgefallen",
    "rausgerutscht",
    "herausgerutscht",
    "geloest",
    "abgegangen",
    "auseinander",
    "runtergefallen",
    "heruntergefallen",
    "ausgehaengt",
    "abgebrochen",
    "verrutscht",
    "abegheit",
    "abegrutscht",
)
_COME_OFF_SPAN = 7


def _flue_pipe_off_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    sources = [s0 for s0, _e, cid, _n in hits if cid in ("heat_source", "heating_device")]
    smells = [s0 for s0, _e, cid, _n in hits if cid in ("smell", "smoke_word")]
    for i, t in enumerate(tokens):
        exhaust = t.startswith(_EXHAUST_PIPES)
        if not (exhaust or t.startswith(_PIPES)):
            continue
        off = [j for j in range(max(0, i - 2), min(len(tokens), i + 1 + _COME_OFF_SPAN)) if tokens[j].startswith(_COME_OFF)]
        if not off:
            continue
        at_boiler = exhaust or any(0 < s0 - i <= 4 for s0 in sources)
        escaping = bool(smells) or "raus" in tokens or "heraus" in tokens or exhaust
        if at_boiler and escaping and not any(t2.startswith(("tropf", "wasser", "nass")) for t2 in tokens):
            return [(min(i, off[0]), max(i, off[-1]), "emergency_smoke", False)]
    return []


# "Der Gully im Keller stinkt nach Kanal", "aus dem Abfluss riecht es nach Abwasser": a sewer smell is a
# plumbing job (gas or smoke words keep their danger).
_SEWER_STEMS = ("kanal", "abwasser", "gully", "gulli", "abfluss", "ablauf", "siphon", "faekal", "klaer")


def _sewer_smell_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    smells = [s0 for s0, _e, cid, _n in hits if cid == "smell"]
    if not smells:
        return []
    for i, t in enumerate(tokens):
        if any(p in t for p in _SEWER_STEMS) and any(abs(i - s0) <= _SMELL_DISTANCE for s0 in smells):
            return [(i, i, "sanitary", False)]
    return []


# Water the caller cannot stop, said without the usual words: "ich weiß nicht, wo ich das Wasser
# abstellen kann", "ich finde den Haupthahn nicht", CH "ich weiss nöd wo mer s Wasser abstellt", or a
# puddle that keeps growing ("die Pfütze wird immer größer"). "Ich habe das Wasser abgestellt" is none.
_SHUT_OFF_STEMS = ("abstell", "abzustell", "abdreh", "abzudreh", "zudreh", "zuzudreh", "absperr", "abzusperr", "zumach")
_MAIN_VALVES = ("haupthahn", "absperrhahn", "hauptventil", "absperrventil", "haupthaan", "wasserhaupthahn")
_CANNOT = frozenset({"nicht", "nimmer", "kein", "keine", "keinen", "nirgends"})
_NO_NEED = ("muss", "musst", "brauch", "notwendig", "noetig")
_FIND = ("find", "gefunden")
_WATER_SIGNS = ("wasser", "pfuetz", "lache", "nass", "laeuft", "lauft", "rinnt", "spritzt", "chunnt")
_PUDDLES = ("pfuetz", "lache", "wasserlache", "glungg", "gumpe")
_GROWING = frozenset({"groesser", "mehr", "breiter", "hoeher", "tiefer"})
_SHUT_OFF_SPAN = 6
_DESPITE = frozenset({"obwohl", "obwol", "obschon", "trotz", "trotzdem", "obwoll"})


def _uncontrolled_water_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    if not any(t.startswith(_WATER_SIGNS) or "wasser" in t for t in tokens):
        return []
    # A radiator or thermostat valve that will not close is a fault (see _RADIATOR_VALVE_STEMS).
    if any(t.startswith(_RADIATOR_VALVE_STEMS) for t in tokens):
        return []
    for i, t in enumerate(tokens):
        if t.startswith(_SHUT_OFF_STEMS) or (t.startswith(_MAIN_VALVES) and any(w.startswith(_FIND) for w in tokens)):
            before = tokens[max(0, i - _SHUT_OFF_SPAN) : i]
            near = tokens[max(0, i - _SHUT_OFF_SPAN) : i + 4] if t.startswith(_MAIN_VALVES) else before
            if _CANNOT.intersection(near) and not any(w.startswith(_NO_NEED) for w in before):
                # Negated on purpose: the negation is what makes it a danger (no denial check).
                return [(i, i, "emergency_water", True)]
    # Water running on though the caller shut it off, or not getting less ("läuft unter der Wand durch
    # und wird nicht weniger, obwohl ich alles zugedreht hab"): the shut-off did not hold.
    # (A tap or a cistern that runs on is plumbing.)
    running = [i for i, t in enumerate(tokens) if t in _RUNNING]
    if running and not any(t.startswith(_FIXTURE_STEMS) or t.endswith(("hahn", "hahnen")) for t in tokens):
        for i, t in enumerate(tokens):
            shut = [j for j in range(i + 1, min(len(tokens), i + 1 + _SHUT_OFF_SPAN)) if tokens[j].startswith(_SHUT_DONE)]
            despite = t in _DESPITE and shut
            unabated = t == "nicht" and tokens[i - 1 : i] == ["wird"] and tokens[i + 1 : i + 2] == ["weniger"]
            if (despite or unabated) and any(abs(i - r) <= 2 * _SHUT_OFF_SPAN for r in running):
                # Told after the shut-off, so that the shut-off does not count as the state told last.
                at = max([i, *shut])
                return [(at, at, "emergency_water", True)]
    for i, t in enumerate(tokens):
        if not t.startswith(_PUDDLES):
            continue
        after = tokens[i + 1 : i + 7]
        for k, w in enumerate(after):
            if (w == "immer" and after[k + 1 : k + 2] and after[k + 1] in _GROWING) or w.startswith(("waechst", "ausbreit")):
                return [(i, i + 1 + k, "emergency_water", False)]
    return []


# Someone collapsed or unconscious ("ist zusammengebrochen", "reagiert nicht", CH "zämebroche"): next to a
# heating device or a detector a sign of carbon monoxide like dizziness is (see _poisoning_hits).
_COLLAPSE_STEMS = (
    "zusammengebrochen",
    "zusammengeklappt",
    "zusammengesackt",
    "zusammenbruch",
    "kollabiert",
    "zaemebroche",
    "zaemegheit",
    "zammbrochen",
    "zsammbrochen",
    "zsammgebrochen",
    "zammgebrochen",
    "zamgebrochen",
    "zammklappt",
    # fallen over ("ist im Bad umgefallen", CH "umkippt", "umgfalle")
    "umgefallen",
    "umkippt",
    "umgkippt",
    "umgfall",
)
_UNRESPONSIVE = ("ansprechbar",)
# The tokens are normalised: AT/CH "ned", "nid", "nöd" arrive as "nicht", "nimma" as "nimmer".
_NOT_ANY = frozenset({"nicht", "nimmer"})
# Who does not answer when a person collapsed: family or a neighbour (a firm or a fitter that does not
# answer the phone is no one collapsed).
_KIN = frozenset(
    "mann frau vater mutter mueter vatter kind sohn tochter oma opa grosi grossvater grossmutter nachbar nachbarin".split()
)
_FLOOR = frozenset({"boden", "bode"})
# What may follow "redet nicht" of a person collapsed: the clause ends ("er redet nicht mehr und …").
_CLAUSE_GOES_ON = frozenset("mehr meh und aber er sie si es die der das de d atmet ich mir".split())
# Fallen over or lying on the floor is a person's collapse only when a person is named before it
# ("meine Tochter ist umgekippt"; "der Ofen ist umgefallen", "das Rohr liegt am Boden" are none).
_FALLEN = ("umgefallen", "umkippt", "umgkippt", "umgfall")
_PERSON_WORDS = _KIN | frozenset({"er", "sie", "si", "jemand", "person", "mensch", "kollege", "kollegin", "mieter", "mieterin"})


def _collapse_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    for i, t in enumerate(tokens):
        if t.startswith(_COLLAPSE_STEMS) and (not t.startswith(_FALLEN) or _PERSON_WORDS.intersection(tokens[max(0, i - 8) : i])):
            return [(i, i, "symptom", False)]
        if t.startswith(_UNRESPONSIVE) and {"nicht", "kaum", "nimmer"}.intersection(tokens[max(0, i - 1) : i + 2]):
            return [(i, i, "symptom", True)]
        # "er redet nicht (mehr)": nobody says that of a device
        if t in ("redet", "redt", "schwaetzt"):
            at = next((k for k in range(i + 1, min(i + 3, len(tokens))) if tokens[k] in _NOT_ANY), None)
            # not "redet nicht mit mir", "redet nicht Deutsch": the clause ends there
            if at is not None and (at + 1 == len(tokens) or tokens[at + 1] in _CLAUSE_GOES_ON):
                return [(i, at, "symptom", True)]
        # "meine Mutter antwortet nicht mehr"
        if (
            t in ("antwortet", "spricht")
            and _KIN.intersection(tokens[max(0, i - 2) : i])
            and _NOT_ANY.intersection(tokens[i + 1 : i + 3])
        ):
            return [(i, i + 1, "symptom", True)]
        # lying on the floor ("liegt am Boden", CH "lit am Bode")
        if (
            (t.startswith("lieg") or t in ("lit", "liit"))
            and _FLOOR.intersection(tokens[i + 1 : i + 5])
            and _PERSON_WORDS.intersection(tokens[max(0, i - 8) : i])
        ):
            return [(i, i + 1, "symptom", False)]
    return []


# Heating oil leaking from a tank or line, said with a verb of its own or as a pool on the floor ("der
# Öltank im Keller leckt", CH "de Öltank rinnt, es het e grossi Lache am Bode"); an oil device that drips
# ("der Ölbrenner tropft") is water or a fault, no oil.
_OIL_LEAKERS = frozenset({"oel", "heizoel", "oeltank", "oeltanks", "heizoeltank", "oelleitung", "oeltaenk"})
_OIL_LEAKS = ("rinnt", "rinnet", "leckt", "leck", "tropft", "sifft", "suppt", "sickert", "lache", "lachi", "pfuetze", "glungg")
_OIL_LEAK_DISTANCE = 8


def _oil_leak_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    for i, t in enumerate(tokens):
        if t not in _OIL_LEAKERS:
            continue
        if t in _OIL_WORDS and i + 1 < len(tokens) and tokens[i + 1].startswith(_OIL_DEVICES) and tokens[i + 1] != "tank":
            continue  # "der Öl Brenner tropft"
        for k in range(i + 1, min(i + 1 + _OIL_LEAK_DISTANCE, len(tokens))):
            if tokens[k].startswith(_OIL_LEAKS):
                if _NOT_ANY.intersection(tokens[k - 1 : k + 2]) or "kein" in tokens[k - 1 : k] or "keine" in tokens[k - 1 : k]:
                    return []  # "der Öltank leckt nicht", "keine Lache"
                return [(i, k, "emergency_oil", False)]
    return []


# Burning or charring said with an adjective next to a smell ("riecht verkokelt", "brenzlig").
_BURNT_STEMS = (
    "verkokel",
    "angekokel",
    "verkohl",
    "angekohl",
    "kokelig",
    "verschmor",
    "angeschmor",
    "angesengt",
    "versengt",
    "brenzl",
    "verbrann",
    "angebrann",
    "verbrennt",
)
_BURNT_DISTANCE = 4


def _burnt_dust(start: int, end: int, tokens: Sequence[str]) -> bool:
    """ "riecht nach verbranntem Staub": dust burning off a radiator heated for the first time."""
    return any(t.startswith(("staub", "stoeb")) for t in tokens[start : end + 4]) and any(
        t.startswith(_BURNT_STEMS) for t in tokens[start : end + 1]
    )


# "In den Heizkörpern rauscht es wie ein Wasserfall": what the heating sounds like, no water running out.
_SOUND_STEMS = ("rausch", "ruusch", "klingt", "toent", "hoert", "anhoer", "gluckert", "gurgelt", "plaetscher")
_HEATING_STEMS = ("heiz", "therm", "radiator", "kessel")
_OUT_OF = frozenset({"aus", "raus", "heraus", "durch", "von", "vom", "ueber", "unter"})


def _heating_sounds_like(start: int, end: int, tokens: Sequence[str]) -> bool:
    if "wie" not in tokens[max(0, start - 3) : start]:
        return False
    before = tokens[max(0, start - 8) : start]
    if _OUT_OF.intersection(tokens[end + 1 : end + 3]):
        return False  # "rauscht wie ein Wasserfall aus der Wand": water coming out
    return any(t.startswith(_SOUND_STEMS) for t in before) and any(t.startswith(_HEATING_STEMS) for t in tokens)


# A bathroom or laundry named as a place ("im Bad", "ins Badezimmer"), not a fixture.
_WET_ROOM_PLACES = frozenset({"bad", "bades", "badezimmer", "badezimmers", "badzimmer", "gaestebad", "waschkueche", "waschraum"})
_PLACE_BEFORE = frozenset({"im", "in", "ins", "vom", "aus", "beim"})


def _room_only(span: tuple[int, int], tokens: Sequence[str]) -> bool:
    start, end = span
    return start == end and tokens[start] in _WET_ROOM_PLACES and start >= 1 and tokens[start - 1] in _PLACE_BEFORE


# Rushing water heard and water or wetness where it does not belong ("im Keller rauscht es und auf der
# Treppe ist alles nass", "man hört Wasser rauschen hinter der Wand"): a pipe burst out of sight. Not at
# the heating ("die Heizkörper rauschen") nor at a toilet or its cistern ("die Spülung rauscht").
_RUSH_STEMS = ("rausch", "ruusch", "rusch", "plaetscher", "platscher")
_WET_WORDS = frozenset({"nass", "nasse", "nasser", "klatschnass", "pitschnass", "wasser", "pfuetze", "pfuetzen"})
_RUSH_DISTANCE = 12
_RUSH_BLOCKERS = frozenset({"heating_device", "sanitary", "condensate"})


def _rushing_water_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    rushes = [i for i, t in enumerate(tokens) if t.startswith(_RUSH_STEMS)]
    if not rushes:
        return []
    blocked = {
        i for s0, e0, cid, _n in hits if cid in _RUSH_BLOCKERS and not _room_only((s0, e0), tokens) for i in range(s0, e0 + 1)
    }
    for r in rushes:
        if any(abs(b - r) <= _RUSH_DISTANCE for b in blocked):
            continue
        for w in range(max(0, r - _RUSH_DISTANCE), min(len(tokens), r + _RUSH_DISTANCE + 1)):
            if w != r and tokens[w] in _WET_WORDS:
                return [(min(r, w), max(r, w), "emergency_water", False)]
    return []


# Water coming out of or under a door ("bei der Nachbarin kommt Wasser aus der Wohnungstür", "es kommt
# schon unter der Kellertür durch"): a flat or a cellar flooded behind it. Not a shower or an appliance door.
_DOOR_ENDS = ("tuer", "tuere", "tueren", "tuerschwelle")
_NOT_ROOM_DOORS = ("dusch", "klo", "wc", "wasch", "spuel", "geschirr", "kuehl", "ofen", "back", "kessel", "schrank", "auto")
_DOOR_FLOW = frozenset(
    "kommt kommen laeuft lauft rinnt fliesst quillt sickert dringt raus heraus durch drunter drunterdurch".split()
    # CH "lauft under dr Wohnigstür dure", "chunnt under de Türe füre"
    + "chunnt chome lauft dure duere fuere fuera use under unger".split()
)
_DOOR_WATER_SPAN = 12


def _water_at_door_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    for d, t in enumerate(tokens):
        if not t.endswith(_DOOR_ENDS) or t.startswith(_NOT_ROOM_DOORS):
            continue
        if not _DOOR_FLOW.intersection(tokens[max(0, d - 4) : d + 3]):
            continue
        water = [w for w in range(max(0, d - _DOOR_WATER_SPAN), d) if tokens[w] in ("wasser", "nass")]
        if water and not {"unter", "aus", "durch", "vor", "drunter", "under", "unger", "dure"}.isdisjoint(
            tokens[max(0, d - 3) : d + 2]
        ):
            return [(water[-1], d, "emergency_flood", False)]
    return []


# A gas line or meter that whistles ("es pfeift aus der Gasleitung", "am Gaszähler pfeift es"): gas
# escaping. A whistling boiler ("die Gastherme pfeift beim Aufheizen") is a fault.
_WHISTLE_STEMS = ("pfeif", "pfiff", "gepfiff", "pfiift", "pfiiff")
_GAS_LINE_STEMS = (
    "gasleitung",
    "gasleitig",
    "gasrohr",
    "gasuhr",
    "gaszaehler",
    "gaszahler",
    "gashahn",
    "gasanschluss",
    "gasventil",
    "gasschlauch",
    "gasabsperrhahn",
    "gaskugelhahn",
    "gasflasche",
)


def _gas_whistle_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    whistles = [i for i, t in enumerate(tokens) if t.startswith(_WHISTLE_STEMS)]
    if not whistles:
        return []
    for g, t in enumerate(tokens):
        if not t.startswith(_GAS_LINE_STEMS):
            continue
        near = [w for w in whistles if abs(w - g) <= _SIGN_DISTANCE]
        if near:
            return [(min(g, near[0]), max(g, near[0]), "emergency_gas", False)]
    return []


# "Heizung komplett aus", CH "d Heizig isch us": the heat source is off (not "Rauch aus der Heizung").
_OFF_WORDS = frozenset({"aus", "us"})
_LOOKS = frozenset({"sieht", "sehen", "sah", "schaut", "schaun", "schaugt", "gseht", "siehts", "ausschaut"})
_NOT_OFF_AFTER = frozenset({"der", "dem", "den", "de", "em", "m", "die", "das", "einem", "einer"})


_DETECTOR_CONCEPTS = frozenset({"detector", "detector_alarm_smoke", "detector_alarm_gas", "emergency_smoke", "emergency_gas"})
_MELDEN_VERBS = frozenset({"melden", "meldet", "melde", "meldete", "meldeten", "gemeldet"})


def _detector_word(token: str) -> bool:
    """A word for the detector itself: "Melder", "CO-Warner", "CO"."""
    return "melder" in token or token.endswith("warner") or token == "co"


def _melden_verb_only(span: Sequence[str]) -> bool:
    """The words of a detector hit name the verb "melden", no detector (:func:`_detector_word`)."""
    return bool(_MELDEN_VERBS.intersection(span)) and not any(_detector_word(t) for t in span)


def _off_hits(hits: Sequence[tuple[int, int, str, bool]], tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    found: list[tuple[int, int, str, bool]] = []
    for start, _end, cid, _neg in hits:
        if cid != "heat_source":
            continue
        for j in range(start + 1, min(start + 4, len(tokens))):
            if tokens[j] in _OFF_WORDS:
                # "die Therme sieht aus, als ob …": how it looks, not off.
                if tokens[j - 1] in _LOOKS:
                    break
                if j + 1 == len(tokens) or tokens[j + 1] not in _NOT_OFF_AFTER:
                    found.append((start, j, "fault", False))
                break
        else:
            # "die Heizung im Gästezimmer und im Flur ist aus": the rooms between, "ist aus" at the end.
            for j in range(start + 4, min(start + _OFF_FAR, len(tokens))):
                if tokens[j] in _CLAUSE_BREAKS:
                    break
                if tokens[j] in _OFF_WORDS and tokens[j - 1] in _IS_OFF and tokens[j + 1 : j + 2] not in _OFF_NOT_FOLLOWED:
                    found.append((start, j, "fault", False))
                    break
    return found


_OFF_FAR = 10
_IS_OFF = frozenset({"ist", "is", "isch", "sind", "san", "bleibt", "bleiben", "komplett", "ganz", "total", "einfach"})
_OFF_NOT_FOLLOWED = [[w] for w in _NOT_OFF_AFTER]


_RESTART_STEMS = (
    "gestart",
    "start",
    "einschalt",
    "eingeschalt",
    "angemacht",
    "anmach",
    "eingestellt",
    "einstell",
    "befuellt",
    "aufgefuellt",
    "programmiert",
    "gebootet",
    "hochgefahren",
    "resett",
    "gezuend",
    "zuend",
    "angeworfen",
    "angeschalt",
    "anschalt",
    "entriegelt",
    "gstartet",
    "iigschalt",
    "igschalt",
)
# "beim neuen Zubau", "eine neue Telefonnummer", "wir sind neue Kunden", "im neuen Jahr", "wir sind neu
# hier": "neu" says what else is new (a building, a person, a number, the year, the caller), no heating.
_NEW_FORMS = frozenset({"neu", "neue", "neuen", "neuer", "neues", "neuem", "nei", "neie", "neii", "neui"})
_NEW_OTHER_ENDS = (
    "zubau",
    "anbau",
    "haus",
    "hauses",
    "wohnung",
    "gebaeude",
    "dachgeschoss",
    "dachboden",
    "halle",
    "garage",
    "wintergarten",
    "buero",
    "lokal",
    "geschaeft",
    "laden",
    "siedlung",
    "kunde",
    "kunden",
    "kundin",
    "mieter",
    "mieterin",
    "mietern",
    "eigentuemer",
    "besitzer",
    "nachbar",
    "nachbarn",
    "monteur",
    "mitarbeiter",
    "kollege",
    "kollegin",
    "verwalter",
    "verwaltung",
    "hausmeister",
    "nummer",
    "adresse",
    "anschrift",
    "email",
    "mail",
    "mailadresse",
    "konto",
    "bankverbindung",
    "jahr",
    "jahres",
    "termin",
    # "ab April a neue Stelle", "eine neue Arbeit", "einen neuen Job": work, no heating.
    "stelle",
    "stell",
    "arbeit",
    "arbeitsstelle",
    "job",
    "herausforderung",
    "lehrstelle",
    "anstellung",
)
_NEW_DATE_VERBS = ("vorschlag", "ausmach", "vereinbar", "nenn", "geb", "anbiet", "sag", "mach")
# A payer that is no customer: the state, a public fund or the utility pays a share ("der Staat zahlt
# siebzig Prozent", "zahlt das die KfW", AT "zahlt des Land").
_PUBLIC_PAYERS = frozenset(
    {"staat", "bund", "kfw", "bafa", "land", "gemeinde", "kanton", "foerderstelle", "energieversorger", "stadt"}
)
_PAY_STEMS = ("zahl", "bezahl", "uebernimm", "uebernehm", "zuschies")


# What comes out of a socket, a lamp or the ceiling as a sound only (a hum is no water).
_HUM_STEMS = ("brumm", "summ", "surr", "sirr", "piep", "pfeif", "klick", "tick", "geraeusch", "ton", "toen", "brummton")
_WATER_STEMS = (
    "wass",
    "nass",
    "feucht",
    "tropf",
    "rinn",
    "lauf",
    "laeuf",
    "spritz",
    "schiess",
    "fliess",
    "stroem",
    "pfuetz",
    "sifft",
    "suppt",
    "rausch",
)


def _hum_only(start: int, end: int, tokens: Sequence[str]) -> bool:
    if any(t.startswith(_WATER_STEMS) for t in tokens):
        return False
    return any(t.startswith(_HUM_STEMS) for t in tokens[max(0, start - 4) : end + 5])


# The fill of the oil tank ("nach dem Tanken", "seit der Öllieferung", "seit der Tankwagen da war").
_DELIVERY_STEMS = (
    "tanken",
    "getankt",
    "betank",
    "befuell",
    "lieferung",
    "geliefert",
    "oellieferung",
    "tankwagen",
    "nachgefuellt",
)
_OIL_RUNNING = (
    "lauf",
    "laeuf",
    "rinn",
    "tropf",
    "tritt",
    "ausgelaufen",
    "ausgetreten",
    "undicht",
    "leck",
    "pfuetz",
    "lache",
    "sickert",
    "fliess",
    "nass",
    "boden",
    "gully",
    "kanal",
    "schwindel",
    "kopfweh",
    "kopfschmerz",
    "uebel",
    # a strong smell or one through the home stays a danger ("das ganze Haus stinkt nach Heizöl")
    "ganz",
    "stark",
    "extrem",
    "heftig",
    "ueberall",
    "wohnung",
    "unertraeglich",
    "bestialisch",
)


def _delivery_smell(start: int, end: int, tokens: Sequence[str]) -> bool:
    """An oil smell hit (no running word in it) told next to the tank's fill, and no pool or running oil."""
    if any(t.startswith(_OIL_RUNNING) for t in tokens):
        return False
    if not any(
        t.startswith(("riech", "geruch", "stink", "gestank", "mief", "schmoeck")) or t.endswith("geruch")
        for t in tokens[start : end + 1]
    ):
        return False
    return any(t.startswith(_DELIVERY_STEMS) or t.endswith(("lieferung", "geliefert")) for t in tokens)


_SERVICE_PAST = frozenset({"war", "waren", "gewesen", "isch", "hatten", "hatte", "gemacht", "erledigt", "gwesa", "gsi"})
_SERVICE_WISH = frozenset(
    {"soll", "sollte", "moechte", "moechten", "brauche", "brauchen", "wollen", "will", "naechste", "naechsten"}
)


def _service_past(start: int, end: int, tokens: Sequence[str]) -> bool:
    """The maintenance at ``start`` is a visit told as the past ("… war erst vor einer Woche zur Wartung da")."""
    around = tokens[max(0, start - 6) : end + 4]
    return bool(_SERVICE_PAST.intersection(around)) and not _SERVICE_WISH.intersection(tokens)


# "was verrechnet ihr für die Anfahrt", "wie viel berechnen Sie pro Stunde", AT "was verrechnets für":
# the verb with its subject after it asks a price; "zu viel verrechnet" (a participle) is a bill.
_CHARGE_VERBS = ("verrechn", "berechn")
_CHARGE_SUBJECTS = frozenset({"ihr", "sie", "es", "s", "der", "die", "man"})
_CHARGE_QUESTIONS = frozenset({"was", "wos", "wieviel", "viel", "wie"})


def _charge_asked_hits(tokens: Sequence[str]) -> list[tuple[int, int, str, bool]]:
    for k, t in enumerate(tokens):
        if not t.startswith(_CHARGE_VERBS) or not _CHARGE_QUESTIONS.intersection(tokens[max(0, k - 2) : k]):
            continue
        if t.endswith("ts") or (tokens[k + 1 : k + 2] and tokens[k + 1] in _CHARGE_SUBJECTS):
            return [(k, k, "price", False)]
    return []


def _public_payer(start: int, end: int, tokens: Sequence[str]) -> bool:
    if not any(tokens[i].startswith(_PAY_STEMS) for i in range(start, end + 1)):
        return False
    return bool(_PUBLIC_PAYERS.intersection(tokens[max(0, start - 10) : end + 4]))


_NEW_HERE = frozenset({"hier", "da", "zugezogen", "eingezogen", "hergezogen", "zuzogen", "izoge", "zuezoge"})


def _new_of_other(start: int, end: int, tokens: Sequence[str]) -> bool:
    """Every "neu" of the hit (a phrase "neue Heizung" too, said as "neue Wohnung … die Heizung") says
    what else is new; a hit without "neu" is none."""
    new = [k for k in range(start, end + 1) if tokens[k] in _NEW_FORMS]
    return bool(new) and all(_new_other_at(k, tokens) for k in new)


def _new_other_at(k: int, tokens: Sequence[str]) -> bool:
    after = tokens[k + 1 : k + 3]
    if after[:1] and after[0] in _NEW_HERE:
        return True
    # "den Termin absagen … können Sie einen neuen vorschlagen": a new date, the date named before.
    if (
        after[:1]
        and after[0].startswith(_NEW_DATE_VERBS)
        and any(t.startswith("termin") or t.endswith("termin") for t in tokens[max(0, k - 12) : k])
    ):
        return True
    return any(t.endswith(_NEW_OTHER_ENDS) and not t.endswith(("einbau", "heizhaus", "kesselhaus")) for t in after)


_MOPPED = ("aufgewischt", "weggewischt", "aufgeputzt", "aufgesaugt", "trocken", "aufgenommen", "weggeputzt")
_APPLIANCE_HOSE = "schlauch"
_APPLIANCES = ("waschmaschin", "spuelmaschin", "geschirrspuel", "wama", "trockner")
_NOTHING_WET = ("nichts", "mehr", "nass")
_NO_MORE = frozenset({"nichts", "nix", "nicht", "nimmer", "kein", "keins"})


def _burst_only(start: int, end: int, tokens: Sequence[str]) -> bool:
    """A flood hit that is a burst (pipe, hose) and not standing water or a flooded room."""
    return any(("platz" in t or "riss" in t or "bruch" in t or "broch" in t) for t in tokens[start : end + 1])


# Frost that is still to come ("vor dem Frost", "bevor es friert") or pipes that were frozen
# ("war eingefroren", "eingefroren gewesen") are no danger now.
_COLD_CONCEPTS = frozenset({"frost", "emergency_frozen"})
_TAPS = frozenset({"haehne", "wasserhaehne", "armaturen", "hahnen"})
_ABOUT_WHAT = frozenset({"worum", "worums", "worumm", "wogegen", "wovon", "umwas"})
_EARLIER_DAY = frozenset({"gestern", "vorgestern", "gestrigen", "geschter", "gester", "vorgeschter"})
_DEPARTMENT_ENDS = ("dienst", "abteilung")
_WORK_PLACE_LINKS = frozenset({"im", "in", "beim", "fuer", "als", "und"})


def _department(start: int, end: int, tokens: Sequence[str], hits: Sequence[tuple[int, int, str, bool]]) -> bool:
    """ "ein Praktikum im Kundendienst und Notdienst": a department named as the place of work, in a
    call about working there."""
    if start != end or not tokens[start].endswith(_DEPARTMENT_ENDS):
        return False
    if not any(c == "application" for _s, _e, c, _n in hits):
        return False
    return bool(_WORK_PLACE_LINKS.intersection(tokens[max(0, start - 2) : start]))


_BEFORE = frozenset({"bevor", "vor"})
_PAST_AFTER = frozenset({"gewesen", "gwesen", "gsi"})
_PAST_BEFORE = frozenset({"war", "waren"})


# "ein alter Öl Kessel im Keller" (a compound split by speech recognition): the oil names the
# device, it is not on the cellar floor.
_OIL_WORDS = frozenset({"oel", "heizoel"})
_OIL_DEVICES = ("kessel", "tank", "heizung", "brenner", "ofen", "feuerung", "fass", "therme")


def _oil_names_a_device(start: int, end: int, tokens: Sequence[str]) -> bool:
    if "keller" not in tokens[start : end + 1]:
        return False  # only "Öl im Keller" is a place; "Öl Tank undicht" is a leak
    oil = [i for i in range(start, end + 1) if tokens[i] in _OIL_WORDS]
    return bool(oil) and all(i < end and tokens[i + 1].startswith(_OIL_DEVICES) for i in oil)


# Water standing in a shower, tub, basin or toilet whose drain is blocked stays in it; standing
# in a room (cellar, flat, floor) it is a flood.
_FIXTURE_STEMS = ("dusch", "badewanne", "wanne", "waschbecken", "becken", "spuele", "spuelbecken", "toilette", "wc", "klo")
# "die Dusche läuft nicht mehr ab", one word ("dass die Dusche nicht mehr abläuft"): the drain told.
_BLOCKED_STEMS = ("verstopf", "abfluss", "ablauf", "ablaeuft", "abfliesst", "abrinnt")
_ROOM_WORDS = frozenset(
    "keller chaeller wohnung wohnig boden fussboden flur gang zimmer treppenhaus stiegenhaus kueche haus garage".split()
)


def _water_in_fixture(tokens: Sequence[str]) -> bool:
    """A fixture whose drain is blocked: named ("verstopft", "der Abfluss") or told ("die Dusche läuft
    nicht ab")."""
    if not any(t.startswith(_FIXTURE_STEMS) for t in tokens):
        return False
    return any(t.startswith(_BLOCKED_STEMS) for t in tokens) or any(_drains_off(i, i, tokens) for i in range(len(tokens)))


_IN = frozenset({"in", "im", "drin", "drinnen"})
_ADDRESS_ENDS = ("strasse", "str", "gasse", "weg", "platz", "allee", "ring", "damm", "ufer", "kai", "gass")
_ADDRESS_WORDS = frozenset({"nummer", "stock", "stockwerk", "etage", "stiege", "tuer", "top", "links", "rechts", "oben", "unten"})


def _address_room(i: int, tokens: Sequence[str]) -> bool:
    """ "Wohnung in der Greifswalder Straße", "Wohnung im dritten Stock": where the caller lives."""
    return any(t.endswith(_ADDRESS_ENDS) or t in _ADDRESS_WORDS for t in tokens[i + 1 : i + 5])


def _stays_in_fixture(start: int, end: int, tokens: Sequence[str]) -> bool:
    """Standing water said to stand in the fixture ("steht in der Spüle"), or with no room named
    but the address; a room ("steht im Keller", "im ganzen Bad und im Flur", "in der Küche steht
    das Wasser") makes it a flood."""
    after = tokens[end + 1 : end + 4]
    if after[:1] and after[0] in _IN and any(t.startswith(_FIXTURE_STEMS) for t in after[1:]):
        return True
    return not any(t in _ROOM_WORDS and not _address_room(i, tokens) for i, t in enumerate(tokens))


def _standing_water(start: int, end: int, tokens: Sequence[str]) -> bool:
    span = tokens[start : end + 1]
    return any(t.startswith("steh") for t in span) and "wasser" in span


# Water that drains off ("das Wasser läuft kaum noch ab", "rinnt nur langsam ab", "fliesst schlecht
# ab"): a blocked drain told by the separable "ab" of ablaufen, no water running out. The particle
# follows the flow verb within a few words of manner; "ab und zu" is "now and then".
_FLOW_STEMS = ("laeuft", "lauft", "rinnt", "fliesst", "fliest", "gaht", "geht", "lauff")
_DRAIN_MANNER = frozenset(
    "kaum noch nur ganz sehr so total richtig gar nicht nimmer mehr schlecht langsam langsamer ewig kein "
    "einfach halt eben immer ned noed nid net".split()
)


def _drains_off(start: int, end: int, tokens: Sequence[str]) -> bool:
    span = tokens[start : end + 1]
    if not any(t.startswith(_FLOW_STEMS) for t in span):
        return False
    for i in range(end + 1, min(len(tokens), end + 5)):
        token = tokens[i]
        if token == "ab":
            return tokens[i + 1 : i + 2] != ["und"]
        if token not in _DRAIN_MANNER:
            return False
    return False


# Gone, but not the water: the power, the light, the pressure ("Wasser im Keller und der Strom ist weg").
_GONE_OTHERWISE = frozenset({"strom", "licht", "sicherung", "druck", "netz", "empfang", "gas", "heizung", "warmwasser"})


# Water named as a supply to connect, listed with the drain or power ("einen Anschluss, also Wasser
# und Abfluss", "Strom und Wasser in die Garage legen"): a job, no water in the room.
_SUPPLY_PARTNERS = ("abfluss", "abwasser", "ablauf", "strom", "gas", "zuleitung", "heizung", "licht")


_SUPPLY_JOB_STEMS = ("anschl", "angeschl", "verleg", "install", "montier", "brauch", "braeucht", "legen", "ziehen")


def _supply_named(start: int, end: int, tokens: Sequence[str]) -> bool:
    if not any(t.startswith(_SUPPLY_JOB_STEMS) for t in tokens):
        return False
    for i in range(start, end + 1):
        if tokens[i] != "wasser":
            continue
        after = tokens[i + 1 : i + 3]
        before = tokens[max(0, i - 2) : i]
        if after[:1] in (["und"], ["oder"]) and after[1:2] and after[1].startswith(_SUPPLY_PARTNERS):
            return True
        if before[-1:] in (["und"], ["oder"]) and before[:1] and before[0].startswith(_SUPPLY_PARTNERS):
            return True
        if after[:1] and after[0].startswith(("anschluss", "anschluesse", "zuleitung")):
            return True
    return False


# A lamp or light that "brennt" is lit ("die rote Lampe brennt", CH "es rots Lämpli brennt"): a
# fault signal, no fire.
_BURN_FORMS = frozenset({"brennt", "brennen", "brannte", "gebrannt", "brennd", "brennet"})
_LAMP_STEMS = ("lamp", "laemp", "leucht", "licht", "led", "diode", "anzeig", "display", "kontrolll", "signal")
_LAMP_ENDS = ("lampe", "laempchen", "laempli", "lampli", "leuchte", "licht", "lichtli", "liechtli")
_LAMP_DISTANCE = 3
_CLAUSE_VERBS = frozenset({"ist", "is", "isch", "geht", "gaht", "war", "ging", "faellt", "aber"})


def _lamp_lit(start: int, end: int, tokens: Sequence[str]) -> bool:
    """A fire hit whose burning word is a lamp being lit, and nothing else of fire in it."""
    burning = [i for i in range(start, end + 1) if tokens[i] in _BURN_FORMS]
    if not burning:
        return False
    if any(t.startswith(("rauch", "feuer", "flamm", "qualm")) for t in tokens[start : end + 1]):
        return False
    return all(_lamp_near(i, tokens) for i in burning)


def _lamp_near(i: int, tokens: Sequence[str]) -> bool:
    """A lamp just before the burning word, or just after it in the same clause ("brennt die rote
    Lampe", not "es brennt, das Licht ist aus")."""
    for j in range(max(0, i - _LAMP_DISTANCE), min(len(tokens), i + _LAMP_DISTANCE + 1)):
        t = tokens[j]
        if j == i or not (t.startswith(_LAMP_STEMS) or t.endswith(_LAMP_ENDS)):
            continue
        if j < i or not (_CLAUSE_VERBS & set(tokens[i + 1 : j + 2])):
            return True
    return False


# A detector that chirps because its battery runs low ("der Rauchmelder piept, weil die Batterie
# leer ist"): the chirp asks for a new battery, it is no alarm. Still beeping after a new battery is.
_BATTERY_STEMS = ("batteri", "akku")
_BATTERY_LOW = frozenset("leer schwach alle hin lär laer leergegangen wechseln tauschen austauschen wechsle ersetzen".split())
_BATTERY_NEW = frozenset("gewechselt getauscht ausgetauscht neue neuer neu ersetzt trotzdem".split())
_BATTERY_DISTANCE = 10


def _battery_chirp(cid: str, start: int, end: int, tokens: Sequence[str]) -> bool:
    if cid not in ("detector_alarm_smoke", "detector_alarm_gas", "emergency_smoke"):
        return False
    if not any(t.startswith("melder") or t.endswith(("melder", "warner")) for t in tokens[start : end + 1]):
        return False
    lo, hi = max(0, start - _BATTERY_DISTANCE), min(len(tokens), end + 1 + _BATTERY_DISTANCE)
    if _chirp_rhythm(tokens[lo:hi]) and not _KEEPS_SOUNDING.intersection(tokens):
        return True
    for i in range(lo, hi):
        if tokens[i].startswith(_BATTERY_STEMS):
            around = set(tokens[max(0, i - 3) : i + 4])
            # "das ist nur die Batterie", "nur wegen der Batterie", "im Display steht Batterie", "der piept
            # wegen der Batterie" (the battery named as the beep's cause).
            low = around & _BATTERY_LOW or set(tokens[max(0, i - 3) : i]) & (_ONLY | _SHOWS | _CAUSE_LINKS)
            if low and not _still_beeping(around, tokens) and "immer" not in tokens[end + 1 :]:
                return True
    return False


# The chirp of a low battery: one short beep every few minutes or once an hour ("piept alle paar
# Minuten einmal ganz kurz", CH "piepst eimal i de Stund ganz churz"). A beep every few seconds, or
# one that keeps on, is an alarm's rhythm.
_CHIRP_UNITS = frozenset({"minute", "minuten", "minutn", "minuete", "stund", "stunde", "stunden", "stundn", "viertelstunde"})
_CHIRP_EVERY = frozenset(
    {"alle", "jede", "jeder", "jedi", "pro", "einmal", "eimal", "amoi", "oamoi", "ein", "ich", "i", "in", "de"}
)
_CHIRP_ONCE = frozenset({"einmal", "eimal", "amoi", "oamoi", "kurz", "churz", "kurzer", "kurzes", "kurze", "zirpt", "zirpen"})
_ALARM_LOUD = frozenset({"laut", "lautes", "sekunde", "sekunden", "sekundn", "dauerton", "verrueckt", "durchgehend", "pausenlos"})


def _chirp_rhythm(tokens: Sequence[str]) -> bool:
    if _ALARM_LOUD.intersection(tokens) or not _CHIRP_ONCE.intersection(tokens):
        return False
    return any(t in _CHIRP_UNITS and _CHIRP_EVERY.intersection(tokens[max(0, k - 3) : k]) for k, t in enumerate(tokens))


def _still_beeping(around: set[str], tokens: Sequence[str]) -> bool:
    """A new battery in and still beeping; "trotzdem" only when a beep follows it ("trotzdem piept
    er weiter"), not "…, trotzdem würden wir die Therme gern warten lassen"."""
    if around & (_BATTERY_NEW - {"trotzdem"}):
        return True
    return any(
        t == "trotzdem"
        and any(u.startswith(("piep", "gepiep", "alarm")) or u in ("weiter", "immer") for u in tokens[k + 1 : k + 4])
        for k, t in enumerate(tokens)
    )


# A detector tested and sounding as it should ("ich hab den CO-Melder getestet, der piept wie er soll",
# "beim Probealarm ganz normal gepiept, alles in Ordnung"): a test, no alarm. A tested detector that
# keeps sounding, or a smell or symptoms next to it, stays a danger (those are hits of their own).
_TEST_STEMS = ("getestet", "test", "probealarm", "pruefknopf", "prueftaste", "ausprobiert", "probiert", "probehalber")
_WORKS = frozenset({"normal", "ordnung", "funktioniert", "einwandfrei", "tadellos", "korrekt", "passt", "ok", "okay"})
_AS_IT_SHOULD = (("wie", "er", "soll"), ("wie", "es", "soll"), ("wie", "sie", "soll"), ("wie", "er", "sollte"))
_QUIET = frozenset({"ruhig", "ruhe", "still", "stille"})
_SINCE_TEST = frozenset({"jetzt", "nun", "gerade", "grad", "wieder", "seitdem", "seither", "ploetzlich", "nochmal", "erneut"})
_KEEPS_SOUNDING = frozenset({"dauernd", "staendig", "ununterbrochen", "ununterbroche", "aufhoeren", "aufhoert", "immer"})


def _detector_tested(cid: str, start: int, end: int, tokens: Sequence[str]) -> bool:
    if cid not in ("detector_alarm_smoke", "detector_alarm_gas", "emergency_smoke", "emergency_gas"):
        return False
    if not any(_detector_word(t) for t in tokens[start : end + 1]):
        return False
    if not any(t.startswith(_TEST_STEMS) or "probealarm" in t for t in tokens):
        return False
    # "Probealarm war normal, aber jetzt schlägt er richtig an": sounding again since the test.
    if _KEEPS_SOUNDING.intersection(tokens) or _SINCE_TEST.intersection(tokens):
        return False
    # "des war nur der Test", "es ist alles ruhig": only the test, quiet since.
    only_test = any(t.startswith(_TEST_STEMS) and _ONLY.intersection(tokens[max(0, k - 3) : k]) for k, t in enumerate(tokens))
    fine = (
        _WORKS.intersection(tokens)
        or only_test
        or _QUIET.intersection(tokens)
        or any(tuple(tokens[k : k + 3]) in _AS_IT_SHOULD for k in range(len(tokens)))
    )
    return bool(fine)


# A boiler that hisses, boils or rattles while it heats because it is limed up ("der Boiler zischt beim
# Aufheizen, der muss entkalkt werden", CH "entchalcht"): a service job, nothing blows off. Steam, hot
# water spraying or a valve still are a danger.
_LIME_PARTS = ("kalk", "chalch", "chalk")
_BLOW_OFF = ("ventil", "dampf", "spritz", "heiss", "druck", "bar", "tropft", "laeuft", "rinnt")


def _limed_noise(start: int, end: int, tokens: Sequence[str]) -> bool:
    if not any(p in t for t in tokens for p in _LIME_PARTS):
        return False
    return not any(t.startswith(_BLOW_OFF) for t in tokens[start : end + 1])


# Water standing over a blocked floor drain or gully ("der Bodenablauf ist verstopft, da steht das Wasser"):
# it stays because it cannot drain, a plumbing job. Water that rises, comes up or floods the room is not.
_DRAIN_WORDS = ("ablauf", "abfluss", "gully", "bodenablauf", "kanal", "abwasser", "schacht", "siphon")
_RISING = frozenset(
    "steigt steigen immer hoeher hoch drueckt zentimeter knoecheltief knoechelhoch kniehoch ueberall nach kommt".split()
)


_OVERFLOW = ("ueberschwemm", "ueberflut", "ueberlauf", "uebergelauf", "ueberlaeuft", "ueber")


def _blocked_drain(start: int, end: int, tokens: Sequence[str]) -> bool:
    span = tokens[start : end + 1]
    if not _standing_water(start, end, tokens) or "unter" in span:
        return False
    if not any(t.startswith("verstopf") for t in tokens) or not any(p in t for t in tokens for p in _DRAIN_WORDS):
        return False
    # "… und es läuft über": it overflows into the room.
    return not _RISING.intersection(tokens) and not any(t.startswith(_OVERFLOW) for t in tokens)


# A danger named as what a device or a policy protects against ("ein Wassermelder gegen Überschwemmung",
# "Schutz vor Rückstau", "eine Versicherung gegen Rohrbruch"): something to buy, no danger now.
_AGAINST = frozenset({"gegen", "gaege", "gege", "gegn", "vor"})
_PROTECTORS = ("melder", "warner", "schutz", "stopper", "sicherung", "versicherung", "alarm", "sensor", "klappe", "ventil")


def _protected_against(start: int, tokens: Sequence[str]) -> bool:
    before = tokens[max(0, start - 2) : start]
    if not _AGAINST.intersection(before):
        return False
    return any(any(p in t for p in _PROTECTORS) for t in tokens[max(0, start - 5) : start])


# "…, war aber nur Dampf": steam named as the harmless explanation of what was seen, no boiler
# blowing off.
def _only_steam(start: int, end: int, tokens: Sequence[str]) -> bool:
    steam = [i for i in range(start, end + 1) if tokens[i].startswith(("dampf", "wasserdampf"))]
    return bool(steam) and all(
        _ONLY.intersection(tokens[max(0, i - 2) : i]) and _WAS_ANY.intersection(tokens[max(0, i - 4) : i]) for i in steam
    )


# "Der Monteur war nach dem Wasserschaden da, jetzt ist alles trocken", CH "nach em Wasserschade
# verbii cho": water damage, a burst pipe or a fire the caller tells as what came before ("nach dem",
# "seit dem") while the sentence speaks of the past. Back again or still running, it stays a danger.
_EVENT_CONCEPTS = frozenset({"emergency_flood", "emergency_water", "water_damage"})
_AFTER_LINKS = frozenset({("nach", "dem"), ("nach", "der"), ("nach", "em"), ("nach", "m"), ("seit", "dem"), ("seit", "em")})
# Past-tense words ("wir hatten", "es war"), also for _told_as_past.
_PAST_TENSE = frozenset({"hatten", "hatte", "war", "waren", "gab", "gehabt", "gewesen"})
_EVENT_PAST = _VISIT_PAST | _PAST_TENSE | {"verbi", "vorbei"}


def _after_event(cid: str, start: int, end: int, tokens: Sequence[str]) -> bool:
    if start < 1 or not (cid in _EVENT_CONCEPTS or (cid == "emergency_smoke" and _fire_noun(start, end, tokens))):
        return False
    # "nach dem Wasserschaden", CH "nach em Wasserschade" (the "em" is a filler and gone)
    link = (
        2 if (tokens[max(0, start - 2)], tokens[start - 1]) in _AFTER_LINKS else 1 if tokens[start - 1] in ("nach", "seit") else 0
    )
    if not link:
        return False
    # The event as the occasion of a job or a paper ("den Kontrolltermin nach dem Rohrbruch absagen",
    # "die Rechnung für die Reparatur nach dem Wasserrohrbruch"), or a fire named by its noun ("nach dem
    # Kaminbrand wollen wir umsteigen"): past, whatever the tense of the sentence.
    occasion = start - link - 1 >= 0 and any(p in tokens[start - link - 1] for p in _OCCASION_PARTS)
    smelt = start - link - 1 >= 0 and tokens[start - link - 1].startswith(("riech", "stink", "roch"))
    if smelt:
        return False
    if not (_EVENT_PAST.intersection(tokens) or occasion or cid == "emergency_smoke"):
        return False
    later = [t for k, t in enumerate(tokens[end + 1 :], end + 1) if not (t == "wieder" and _over_again(k, tokens))]
    return not (_BACK_AGAIN.intersection(later) or _NOW_DANGER.intersection(later) or _URGENT.intersection(tokens))


# Jobs and papers that follow an event: "der Kontrolltermin nach dem Rohrbruch", "die Reparatur nach dem
# Wasserschaden", "die Trocknung nach der Überschwemmung".
_OCCASION_PARTS = (
    "termin",
    "kontroll",
    "reparatur",
    "rechnung",
    "sanierung",
    "trocknung",
    "einsatz",
    "besuch",
    "gutachten",
    "pruefung",
    "nachschau",
    "instandsetz",
    "arbeiten",
    "befund",
    "bericht",
)
_FIRE_NOUN_ENDS = ("brand", "braende", "braenden")


def _fire_noun(start: int, end: int, tokens: Sequence[str]) -> bool:
    """A fire named by its noun ("Kaminbrand", "Rauchfangbrand"), no fire told as burning now."""
    return start == end and tokens[start].endswith(_FIRE_NOUN_ENDS)


# "damit uns nicht noch mal so ein Rohrbruch passiert", "dass nie wieder ein Wasserschaden kommt": a
# repeat of an event prevented (a quote for new pipes, a detector bought), no event now.
_PURPOSE_LINKS = frozenset({"damit", "dass", "das", "um", "sodass"})
_NEVER = frozenset({"nicht", "nie", "kein", "keine", "keinen", "niemals"})
_AGAIN = frozenset({"wieder", "nochmal", "mal", "mehr", "erneut"})
_PREVENT_SPAN = 8


def _prevented(cid: str, start: int, end: int, tokens: Sequence[str]) -> bool:
    if cid not in _EVENT_CONCEPTS and not (cid == "emergency_smoke" and _fire_noun(start, end, tokens)):
        return False
    if start != end:  # an event named by its noun ("Rohrbruch", "Wasserschaden"), not water told running
        return False
    before = tokens[max(0, start - _PREVENT_SPAN) : start]
    links = [k for k, t in enumerate(before) if t in _PURPOSE_LINKS]
    if not links:
        return False
    clause = before[links[-1] + 1 :]
    return bool(_NEVER.intersection(clause)) and bool(_AGAIN.intersection(clause))


# "alles wieder trocken", "wieder in Ordnung", CH "wieder troche": "wieder" of a state restored.
_RESTORED = frozenset({"trocken", "troche", "trochen", "gut", "ok", "okay", "dicht", "ordnung", "normal", "sauber"})


def _over_again(k: int, tokens: Sequence[str]) -> bool:
    return bool(_RESTORED.intersection(tokens[k + 1 : k + 3]))


# A smell explained as harmless right after it ("es riecht nach Rauch, aber das war eh nur der
# Nachbar mit seinem Griller"): its source is somebody else's fire, nothing at the caller's heating.
_HARMLESS_SOURCES = (
    "nachbar",
    "griller",
    "grill",
    "grillen",
    "grillt",
    "lagerfeuer",
    "gartenfeuer",
    "osterfeuer",
    "sonnwendfeuer",
    "feuerwerk",
    "raeucherstaebchen",
    "kerze",
)
_ONLY = frozenset({"nur", "eh", "bloss", "halt", "lediglich"})
_HARMLESS_DISTANCE = 10


_THAT = frozenset({"das", "des", "dis", "dies", "es", "s"})
_WAS = frozenset({"war", "waren", "ist", "isch", "is", "kam", "kommt"})


def _harmless_source(start: int, end: int, tokens: Sequence[str]) -> bool:
    """ "…, das war eh nur der Nachbar mit seinem Griller": the smell explained, in this order
    (not "…, nur der Nachbar ist da")."""
    for k in range(end + 1, min(end + 1 + _HARMLESS_DISTANCE, len(tokens) - 1)):
        if tokens[k] not in _WAS or not (tokens[k - 1] in _THAT or tokens[k + 1] == "aber"):
            continue
        if _ONLY.intersection(tokens[k + 1 : k + 4]) and any(_harmless_word(t) for t in tokens[k + 1 : k + 9]):
            return True
        # "…, aber das war der Nachbar mit seinem Grill": the source itself is the explanation.
        if any(_harmless_word(t) for t in tokens[k + 1 : k + 4]):
            return True
    return False


def _harmless_word(token: str) -> bool:
    """A harmless source, also inside a compound ("Holzgrill", "Nachbarskamin")."""
    return token.startswith(_HARMLESS_SOURCES) or any(s in token for s in ("grill", "nachbar")) or token == "nebenan"


# A danger the caller thought of and then explains away ("ich dachte erst, es brennt, war aber nur der
# Grill", "mir händ gmeint es schmöckt nach Gas, isch aber nüt gsi", "… der Melder hat angeschlagen,
# das war aber ein Fehlalarm"): a belief before it and a harmless "it was" after it. "Ich dachte, das
# ist der Grill, aber der Rauch kommt aus unserem Heizraum" keeps its danger (nothing explains it after).
_BELIEF = frozenset(
    "dachte dachten dacht gedacht gemeint gmeint meinten meinte glaubte glaubten geglaubt gglaubt vermutet befuerchtet".split()
)
_BELIEF_DISTANCE = 6
_EXPLAIN_DISTANCE = 12
_WAS_PAST = frozenset({"war", "waren", "wars", "gewesen", "gsi", "gwesen"})
_WAS_ANY = _WAS_PAST | frozenset({"ist", "isch", "is"})
_NOTHING = frozenset({"nix", "nichts", "nuet", "nuescht"})
_STILL_TRUE = frozenset({"doch", "wirklich", "tatsaechlich", "echt", "schon", "leider"})
_FALSE_ALARM_WORDS = frozenset({"fehlalarm", "falschalarm", "harmlos", "entwarnung"})
_FALSE_ADJECTIVES = frozenset({"falscher", "falsche", "falsch", "blinder", "blinde"})


def _names_a_false_alarm(start: int, end: int, tokens: Sequence[str]) -> bool:
    """An alarm whose own words say it was none ("der Gaswarner hat angeschlagen, war aber ein Fehlalarm")."""
    span = tokens[start : end + 1]
    if _FALSE_ALARM_WORDS.intersection(span):
        return True
    return any(t == "alarm" and k and span[k - 1] in _FALSE_ADJECTIVES for k, t in enumerate(span))


def _explained_away(start: int, end: int, tokens: Sequence[str]) -> bool:
    believed = any(t in _BELIEF for t in tokens[max(0, start - _BELIEF_DISTANCE) : start])
    for k in range(end + 1, min(end + 1 + _EXPLAIN_DISTANCE, len(tokens))):
        if tokens[k] not in _WAS_ANY:
            continue
        tail = tokens[k + 1 : k + 6]
        if _STILL_TRUE.intersection(tail[:3]):
            return False
        past = tokens[k] in _WAS_PAST or bool(_WAS_PAST.intersection(tail))
        for m, t in enumerate(tail):
            denied = m > 0 and tail[m - 1] in NEGATORS
            if t in _FALSE_ALARM_WORDS and not denied:
                return True
            if t in _FALSE_ADJECTIVES and tail[m + 1 : m + 2] == ["alarm"] and not denied:
                return True
            # "war aber eh nix", not "war nichts zu sehen" nor "ist nichts Neues".
            if t in _NOTHING and (past or believed) and tail[m + 1 : m + 2] not in (["zu"], ["neues"], ["passiert"]):
                return True
        # Believed, then "war aber nur der Dampf": anything "only" explains it.
        if believed and past and _ONLY.intersection(tail[:3]):
            return True
    return False


# A toilet cistern that keeps running ("die Klospülung hört nicht auf zu laufen", "das WC läuft nach"):
# the water stays in the bowl and the angle valve under the cistern stops it, a plumbing job. Water
# out of the wall, on the floor or over the rim still is an emergency.
_CISTERN_STEMS = ("toilettenspuel", "klospuel", "wcspuel", "spuelung", "spuelkasten", "druckspueler", "spuelkaschte")
_CISTERN_WORDS = frozenset(
    {"wc", "klo", "toilette", "spuelung", "spuelkasten", "schuessel", "kloschuessel", "wcschuessel", "toilettenschuessel"}
)
_OUT_OF_BOWL = frozenset(
    "boden ueber ueberall wand decke raus heraus use fliesen flur gang treppe keller wohnung nachbar unten".split()
)
_CISTERN_DISTANCE = 5


def _cistern_runs(start: int, end: int, tokens: Sequence[str]) -> bool:
    near = tokens[max(0, start - _CISTERN_DISTANCE) : end + 1 + _CISTERN_DISTANCE]
    if not any(t in _CISTERN_WORDS or t.startswith(_CISTERN_STEMS) for t in near):
        return False
    return not _OUT_OF_BOWL.intersection(tokens)


# Embers in the stove or the fireplace ("im Kamin ist noch Glut, darf ich die Asche raus tun") are
# what a fire leaves; a glow or sparks out of the chimney top is a chimney fire.
_EMBER_WORDS = frozenset({"glut", "gluet", "gluehen", "glueht"})
_INSIDE = frozenset({"im", "in", "innen", "drin", "drinnen"})
_FIRE_SIGNS = frozenset("oben dach funken flammen rauscht grollt brand brennt russbrand".split())
_OUT_WORDS = frozenset({"aus", "raus", "heraus", "use", "usse"})


def _embers_inside(start: int, end: int, tokens: Sequence[str]) -> bool:
    span = tokens[start : end + 1]
    if not _EMBER_WORDS.intersection(span) or _FIRE_SIGNS.intersection(tokens):
        return False
    # "Glut kommt aus dem Kamin raus" is out of it; "die Asche raus tun" is not.
    if _OUT_WORDS.intersection(span) or any(
        t in _OUT_WORDS and "asche" not in tokens[max(0, k - 3) : k] for k, t in enumerate(tokens)
    ):
        return False
    return "asche" in tokens or bool(_INSIDE.intersection(tokens[max(0, start - 2) : start + 1]))


_REPAIRED_STEMS = ("repariert", "behoben", "gerichtet", "geflickt", "instandgesetzt")
_REPAIR_HELPERS = frozenset({"hat", "haben", "hatte", "hatten", "wurde", "wurden", "ist", "het", "hed", "hot", "hod"})
_ADVICE_STEMS = ("empfehl", "empfiehl", "ratschlag", "beraten", "beratung")
_PRICE_STEMS = ("kost", "preis", "teuer", "zahl", "guenstig", "billig", "chost", "tuer")
_SMELL_DEVICE_DISTANCE = 4
_HEATED_STEMS = ("geheizt", "heiz", "eingeheizt", "angeheizt", "radiator", "therm", "kessel")
_HARMLESS_SMELLS = ("staub", "muffig", "muffel", "modrig", "moder", "lack", "farbe")
_HELPED = frozenset({"hilft", "hilfts", "half", "hulf", "huelft", "hilfd"})
_HURRY_VERBS = frozenset({"eilt", "eilts", "pressiert", "pressierts", "presiert", "draengt", "pressant"})
_SUDDENLY_TAILS = frozenset({("auf", "fall"), ("und", "fall")})
_PURPOSE = frozenset({"zum", "zur", "fuers", "zu", "fuer"})

_NOW_HAVE = (("jetzt", "haben"), ("jetzt", "ist"), ("inzwischen", "haben"), ("mittlerweile", "haben"), ("seitdem", "haben"))


_HEATING_WORDS = ("heizung", "heizig", "therme", "kessel", "heizkoerper", "radiator", "waermepumpe", "brenner")
_RUNS = frozenset({"laeuft", "lauft", "geht", "funktioniert", "heizt", "tut", "gaht", "louft", "lueft"})
_RUNS_NOT = frozenset(
    {"nicht", "nimmer", "nid", "noed", "ned", "net", "nueme", "nuem", "nuemme", "kaum", "schlecht", "aus", "kaputt", "gar"}
    | {"mehr", "halb", "halber", "seit", "sit", "ab", "kalt"}
)
_HOME_COLD = frozenset({"kalt", "eiskalt", "saukalt", "kaelter", "ausgekuehlt", "frieren", "friere", "frier", "chalt", "lauwarm"})
_WATER_OUTLETS = ("dusch", "hahn", "wasserhahn", "boiler", "warmwasser", "brause", "badewanne", "wanne", "lavabo")
# Said to run fine: "läuft noch", "geht normal", "heizt einwandfrei" (not "läuft seit Mittag nicht mehr").
_RUNS_FINE = frozenset({"noch", "normal", "einwandfrei", "tadellos", "problemlos", "gut", "zwar", "no", "nomal"})


# A fault told only by a noise or a code on the display ("brummt", "macht so ein Brummen", "zeigt E209"),
# nothing said to be out or cold.
_NOISE_STEMS = (
    "geraeusch",
    "klopf",
    "gluck",
    "rausch",
    "pfeif",
    "brumm",
    "quietsch",
    "knack",
    "polter",
    "rumpel",
    "summ",
    "surr",
    "zisch",
    "bruemm",
    "chlopf",
)
_CODE_WORDS = frozenset({"fehler", "fehlercode", "stoercode", "fehlermeldung", "stoermeldung", "fehleranzeige", "code"})


# A heating said to be out or cold ("komplett aus", "ist aus", "tot", "kalt", "ausgefallen").
_OUT_WORDS = frozenset("kalt chalt kaelte eiskalt tot ausgefallen ausfall totalausfall kaputt defekt stehengeblieben uus".split())
_OUT_BEFORE = frozenset({"komplett", "ganz", "total", "voellig", "is", "ist", "isch", "einfach", "gar", "wieder"})


def _heating_out(tokens: Sequence[str]) -> bool:
    for k, t in enumerate(tokens):
        if t in _OUT_WORDS:
            return True
        if t == "aus" and k and tokens[k - 1] in _OUT_BEFORE and tokens[k + 1 : k + 2] != ["und"]:
            return True
        if t in ("geht", "gaht", "heizt", "springt", "laeuft", "lauft", "tut") and _NOT_WORDS.union({"nimmer"}).intersection(
            tokens[k + 1 : k + 3]
        ):
            return True
    return False


def _symptom_only(start: int, end: int, tokens: Sequence[str]) -> bool:
    span = tokens[start : end + 1]
    if len(span) != 1:
        return False
    token = span[0]
    if token.startswith(_NOISE_STEMS) or token in _CODE_WORDS:
        return True
    return (token[:1] in ("f", "e") and token[1:].isdigit()) or token in ("f", "e")


_DRIP_STEMS = ("tropf", "tropft", "tropfet")
_TAP_STEMS = ("wasserhahn", "hahn", "armatur", "mischbatterie", "mischer", "batterie", "duschkopf", "brause", "spuelkasten")
_PROPERLY = frozenset({"richtig", "ganz", "fest", "recht", "gscheit", "gescheit"})
_RUNNING_SIGNS = ("laeuft", "lauft", "rinnt", "stroemt", "spritzt", "schiesst", "sprudelt", "plaetscher", "flut", "decke")


def _drip_only(leaks: Sequence[tuple[int, int]], water: Sequence[tuple[int, int]], tokens: Sequence[str]) -> bool:
    """A dripping tap that does not close properly: every leak a drip, every uncontrolled-water hit a
    "(nicht) richtig zu" of that tap, no running water, no main valve."""
    if not all(any(t.startswith(_DRIP_STEMS) for t in tokens[s : e + 1]) for s, e in leaks):
        return False
    if not any(t.startswith(_TAP_STEMS) and not t.startswith(_SHUT_VALVES) for t in tokens):
        return False
    if any(t.startswith(_RUNNING_SIGNS) or t.startswith(_SHUT_VALVES) or t.startswith(_MAIN_VALVES) for t in tokens):
        return False
    for s, e in water:
        span = tokens[s : e + 1]
        if not any(t == "zu" or t.startswith(("zudreh", "zuzudreh", "zumach", "zuzumach")) for t in span):
            return False
        if not _PROPERLY.intersection(tokens[max(0, e - 3) : e + 1]):
            return False
    return True


_INSTALL_STEMS = ("einbau", "eingebau", "install", "montier", "montage", "einsetz", "eingesetz", "ibau", "iibau", "ygebaut")
_AGO_UNITS = ("jahr", "johr", "monat", "woche", "wuche")
_HAVE = frozenset({"haben", "habe", "hab", "hatten", "han", "hend", "haend"})
_LAST_WORDS = frozenset({"letztes", "letzten", "letscht", "letschts", "vorletztes", "vergangenes"})
_INSTALL_DATE_SPAN = 12


def _installed_back_then(start: int, end: int, tokens: Sequence[str]) -> bool:
    """An installation dated in the past ("vor zwei Jahren einbauen lassen", "letztes Jahr eingebaut"),
    not planned ("wir haben vor, eine einbauen zu lassen")."""
    if end != start or not tokens[start].startswith(_INSTALL_STEMS):
        return False
    for k, t in enumerate(tokens):
        if abs(k - start) > _INSTALL_DATE_SPAN:
            continue
        # "vor zwei Jahren" (not "wir haben vor, …")
        ago = (
            t == "vor" and (k == 0 or tokens[k - 1] not in _HAVE) and any(w.startswith(_AGO_UNITS) for w in tokens[k + 1 : k + 4])
        )
        last = t in _LAST_WORDS and tokens[k + 1 : k + 2] != [] and tokens[k + 1].startswith(_AGO_UNITS)
        if ago or last:
            return True
    return False


# A bill said to be in order ("die ist angekommen, alles gut", "die passt", "ist bezahlt") and the turn to
# something else ("aber", "nur", "allerdings").
_FINE_WORDS = frozenset("gut ok okay okey passt ordnung angekommen bezahlt ueberwiesen erledigt stimmt klar richtig guet".split())
_TURN_WORDS = frozenset({"aber", "allerdings", "nur", "jedoch", "doch"})
_FINE_SPAN = 14
_TURN_SPAN = 3


def _bill_fine_then(bills: Sequence[tuple[int, int]], tokens: Sequence[str]) -> int | None:
    """Where the caller turns from a bill said to be fine to something else, else ``None``."""
    if not bills:
        return None
    last = max(e for _s, e in bills)
    fine: int | None = None
    for k in range(last + 1, min(len(tokens), last + 1 + _FINE_SPAN)):
        if tokens[k] in _FINE_WORDS and not _NOT_WORDS.intersection(tokens[max(0, k - 2) : k]):
            fine = k
        elif fine is not None and tokens[k] in _TURN_WORDS and k - fine <= _TURN_SPAN:
            return k
    return None


def _heating_runs(tokens: Sequence[str]) -> bool:
    """The heating said to run ("die Heizung läuft noch", "der Kessel heizt normal"), not denied, and the
    home not said to be cold ("läuft noch, aber es wird nicht warm" is a heating that fails)."""
    # (Cold water is the hot-water fault, not the home: "nur die Dusche bleibt kalt".)
    for k, t in enumerate(tokens):
        if (t in _HOME_COLD or (t == "warm" and k and tokens[k - 1] == "nicht")) and not any(
            u.startswith(_WATER_OUTLETS) or u.endswith("wasser") for u in tokens[max(0, k - 4) : k]
        ):
            return False
    for k, t in enumerate(tokens):
        if not t.startswith(_HEATING_WORDS):
            continue
        for m in range(k + 1, min(k + 3, len(tokens))):
            if (
                tokens[m] in _RUNS
                and tokens[m + 1 : m + 2]
                and tokens[m + 1] in _RUNS_FINE
                and not _RUNS_NOT.intersection(tokens[m + 1 : m + 5])
            ):
                return True
    return False


def _replaced(start: int, tokens: Sequence[str]) -> bool:
    if not _PAST_TENSE.intersection(tokens[max(0, start - 4) : start]):
        return False
    return any((a, b) in _NOW_HAVE for a, b in zip(tokens[start:], tokens[start + 1 :], strict=False))


# A little smoke when the stove is lit ("beim Anheizen kommt a bissl Rauch", "beim Anzünden raucht es
# etwas zurück"): a stove or a chimney that draws badly, a job for the sweep, not a fire. A room full of
# it, thick smoke or burning eyes stays a danger.
_LIGHTING_STEMS = ("anheiz", "einheiz", "anschuer", "einschuer", "anzuend", "anfeuer", "einfeuer", "aafeuer", "aazuend")
_LITTLE = frozenset(
    {"bissl", "bisserl", "bissel", "bisschen", "bitzeli", "bitz", "chli", "wenig", "etwas", "leicht", "kurz", "kurzzeitig"}
)
_MUCH_SMOKE = frozenset(
    {"voll", "voller", "dicht", "dichter", "dicker", "viel", "ganze", "ganzen", "augen", "husten", "schwarz", "schwarzer"}
)


def _puff_at_lighting(start: int, end: int, tokens: Sequence[str]) -> bool:
    near = tokens[max(0, start - 6) : end + 7]
    lighting = any(t.startswith(_LIGHTING_STEMS) for t in near) and bool({"beim", "bim", "wenn", "nach"}.intersection(near))
    return lighting and bool(_LITTLE.intersection(near)) and not _MUCH_SMOKE.intersection(tokens)


# Water spraying at a shower head or a tap's outlet ("die Dichtung am Duschkopf ist kaputt, es spritzt an
# der Seite raus"): it stops with the tap, a plumbing job. Water everywhere, on the floor, out of the wall
# or the ceiling, or a tap that will not close stays a danger.
_OUTLETS = ("duschkopf", "brause", "handbrause", "kopfbrause", "duschbrause", "perlator", "strahlregler", "duschschlauch")
_SPRAY_WORDS = frozenset({"spritzt", "spritzen", "sprueht", "tropft", "spritzts"})
_SPRAY_SPREAD = frozenset(
    {"ueberall", "boden", "decke", "wand", "keller", "wohnung", "abstellen", "abdrehen", "zudrehen", "hoert", "strom"}
    | {"steckdose", "aufhoeren", "stroemt", "schiesst", "sprudelt", "haupthahn"}
)


def _spray_at_outlet(start: int, end: int, tokens: Sequence[str]) -> bool:
    if not _SPRAY_WORDS.intersection(tokens[start : end + 1]):
        return False
    if not any(t.startswith(_OUTLETS) or t.endswith(_OUTLETS) for t in tokens):
        return False
    return not _SPRAY_SPREAD.intersection(tokens)


def _not_now(cid: str, start: int, end: int, tokens: Sequence[str]) -> bool:
    if cid not in _COLD_CONCEPTS:
        return False
    if _BEFORE.intersection(tokens[max(0, start - 2) : start]) or _PAST_AFTER.intersection(tokens[end + 1 : end + 3]):
        return True
    return cid == "emergency_frozen" and start >= 1 and tokens[start - 1] in _PAST_BEFORE


# A danger of long ago ("wir hatten letzte Woche einen Rohrbruch", "der Keller war letztes Jahr
# überschwemmt") is the background of a call, not its emergency, unless the caller says it is back
# or still there ("… und jetzt wieder").
_LAST = frozenset(
    {"letzte", "letztes", "letzten", "letzter", "vorige", "voriges", "vorigen", "vergangene", "vergangenes", "vergangenen"}
    | {"vorletzte", "vorletztes", "vorletzten", "vorletzter", "letscht", "letschte", "letschti", "letschts", "letschtes"}
    | {"vorletscht", "vorletschte", "vorletschti", "voriges", "vorigs", "vorigi"}
)
_PERIODS = frozenset(
    {"woche", "jahr", "monat", "winter", "sommer", "herbst", "fruehling", "fruehjahr", "jaenner", "januar"}
    | {"wuche", "woch", "monet", "johr", "joahr", "winder"}
)
# One word for last year: "im Vorjahr", CH "letschtjohr".
_LAST_YEAR = frozenset({"vorjahr", "vorjahres", "letztjahr", "letschtjohr", "letschtjahr", "vorletztjahr"})
_AGO_PERIODS = frozenset({"wochen", "jahren", "monaten", "jahr", "monat"})
_STILL = frozenset({"jetzt", "nun", "gerade", "wieder", "noch", "immer", "heute", "aktuell", "momentan", "schon"})
_PAST_WINDOW = 6


_IDIOM_FIRES = frozenset({"huette", "hutte", "baum", "luft", "hut", "kittel", "kittl"})


def _figurative_explosion(start: int, end: int, tokens: Sequence[str]) -> bool:
    """ "Die Gaspreise sind explodiert": an explosion word with money just before it. "Bei uns brennt
    grad die Hütte" (or "der Baum", "die Luft"): a figure of speech for a busy day, no fire."""
    if any(t in _BURN_FORMS for t in tokens[start : end + 1]) and _IDIOM_FIRES.intersection(tokens[end + 1 : end + 5]):
        return not _FIRE_SIGNS.difference({"brennt"}).intersection(tokens)
    if not any(t.startswith(_EXPLOSION_STEMS) for t in tokens[start : end + 1]):
        return False
    return any(any(m in t for m in _MONEY_STEMS) for t in tokens[max(0, start - 4) : start])


# "Wir hatten schon zweimal einen Rohrbruch": dangers counted in the past tense, the reason for a renewal.
_TIMES = frozenset({"zweimal", "dreimal", "viermal", "mehrmals", "mehrfach", "oefter", "oefters", "paarmal", "etliche"})
_NOW_AGAIN = frozenset({"jetzt", "jetz", "gerade", "grad", "grade", "heute", "wieder", "schonwieder", "momentan", "aktuell"})


def _counted_past(start: int, end: int, tokens: Sequence[str]) -> bool:
    before = tokens[max(0, start - 5) : start]
    if not (_TIMES.intersection(before) and _PAST_TENSE.intersection(before)):
        return False
    return not (_NOW_AGAIN.intersection(tokens) or _NOW_DANGER.intersection(tokens[end + 1 :]) or _URGENT.intersection(tokens))


# "Nach der Überschwemmung ist die Ölheizung hin, wir planen eine Wärmepumpe", "die Rechnung für die
# Reparatur nach dem Frostschaden", "der Monteur wollte nach dem Rohrbruch nochmal kommen": the event
# named as the time after which something else is wanted is over. Not when told as still going on
# ("nach dem Rohrbruch läuft immer noch Wasser").
_EVENT_CONCEPTS = frozenset({"emergency_water", "emergency_flood", "water_damage", "emergency_frozen", "frost"})
_AFTER_THE = frozenset({"dem", "der", "einem", "einer", "dere", "em"})


def _after_the_event(start: int, end: int, tokens: Sequence[str]) -> bool:
    if not (start >= 2 and tokens[start - 2] == "nach" and tokens[start - 1] in _AFTER_THE):
        return False
    return not _live_after(end, tokens) and not _STILL.intersection(tokens[end + 1 :])


def _long_past(start: int, end: int, tokens: Sequence[str]) -> bool:
    if _counted_past(start, end, tokens):
        return True
    lo, hi = max(0, start - _PAST_WINDOW), min(len(tokens), end + 1 + _PAST_WINDOW)
    for i in range(lo, hi):
        if start <= i <= end:
            continue
        long_ago = (
            (tokens[i] in _LAST and tokens[i + 1 : i + 2] != [] and tokens[i + 1] in _PERIODS)
            or tokens[i] in _LAST_YEAR
            or (tokens[i] == "vor" and any(t in _AGO_PERIODS for t in tokens[i + 1 : i + 4]))
        )
        if not long_ago:
            continue
        between = tokens[min(i, end) + 1 : max(i, start)]
        return not _STILL.intersection(between)
    return False


# "Wir hatten im Januar einen Rohrbruch (…), ich brauche die Rechnung": next to a named bill, a
# danger told in the past tense (_PAST_TENSE) is what the bill is for.
def _told_as_past(start: int, end: int, tokens: Sequence[str]) -> bool:
    before = tokens[max(0, start - 6) : start]
    if _STILL.intersection(before) or _live_after(end, tokens):
        return False
    # "… da war bei uns ja der Wasserrohrbruch", CH "wo de Rohrbruch gsi isch", AT "wie der Kamin brennt hat"
    after = tokens[end + 1 : end + 3]
    return bool(_PAST_TENSE.intersection(before) or _PAST_AFTER.intersection(after) or _PERFECT_HELPERS.intersection(after[:1]))


# The helper of a perfect said after a present form (AT "wie bei uns der Kamin brennt hat"): past.
_PERFECT_HELPERS = frozenset({"hat", "hot", "hod", "het", "haet", "hed"})


# A danger word naming a detector ("einen Kohlenmonoxid-Melder installieren"): the device, no danger.
_DETECTOR_WORDS = frozenset({"melder", "warner", "warnmelder", "meldern", "warngeraet", "sensor"})


def _names_a_detector(start: int, end: int, tokens: Sequence[str]) -> bool:
    return start == end and end + 1 < len(tokens) and tokens[end + 1] in _DETECTOR_WORDS


def _water_smells_of_eggs(start: int, end: int, tokens: Sequence[str]) -> bool:
    """ "Das Warmwasser riecht nach faulen Eiern": bacteria in the water heater, no gas."""
    if not any(t.startswith(("eier", "faul", "schwefel", "schwaefel")) for t in tokens[start : end + 1]):
        return False
    return any(t.endswith("wasser") for t in tokens[max(0, start - 8) : end + 1])


_OLD_AGE = (75, 110)


def _very_old(tokens: Sequence[str]) -> bool:
    """An age of 75 or more: "mein Vater ist 92", "sie ist achtzig Jahre alt"."""
    for i, token in enumerate(tokens):
        value = _number(token) if token.isdigit() or token.endswith(("zig", "ssig", "hundert")) or "und" in token else None
        if value is None or not _OLD_AGE[0] <= value <= _OLD_AGE[1]:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if nxt in ("jahre", "jahr", "jaehrig") or (i and tokens[i - 1] in ("ist", "bin", "wird", "schon", "ueber")):
            return True
    return False


# A bill for a past job names the danger it was for: "die Rechnung für die Reparatur vom Rohrbruch",
# "die Mahnung für den Einsatz wegen dem Gasgeruch". Only where a bill is named.
_JOB_WORDS = (
    "rechnung",
    "rechnig",
    "mahnung",
    "reparatur",
    "einsatz",
    "isatz",
    "notdiensteinsatz",
    "notdiensteinsatzes",
    "behebung",
    "notdienst",
)
_JOB_LINKS = frozenset({"vom", "von", "fuer", "wegen", "waege", "wege", "wegn", "wegem", "beim", "des", "zum"})


def _job_subject(start: int, tokens: Sequence[str]) -> bool:
    """The danger at ``start`` is what a named bill or job was for ("… Reparatur vom Rohrbruch")."""
    before = tokens[max(0, start - 6) : start]
    if not _JOB_LINKS.intersection(tokens[max(0, start - 3) : start]):
        return False
    return any(t.startswith(_JOB_WORDS) or t.endswith(("einsatz", "reparatur")) for t in before)


# "seit zwei Tagen", "seit gestern", "seit letzter Woche": since when, no wish for a date. The words
# are left out, so "die Heizung geht seit zwei Tagen nicht" keeps "geht … nicht" together.
_SINCE_ENDS = frozenset(
    "tagen tag wochen woche stunden stunde monaten monat jahren jahr gestern vorgestern heute fruh frueh morgen abend "
    "wochenende montag dienstag mittwoch donnerstag freitag samstag sonntag weihnachten silvester".split()
)
_SINCE_SPAN = 4  # at most this many words after "seit"


# Carbon monoxide spelt out by speech recognition: "c o", "ce o", "zeh o".
_LETTER_C = frozenset({"c", "ce", "zeh", "tse", "ze"})


def _joined_letters(tokens: list[str]) -> list[str]:
    """Tokens with a spelt-out "c o" joined to "co" ("da steht c o drauf", "der c o melder")."""
    if "o" not in tokens:
        return tokens
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _LETTER_C and i + 1 < len(tokens) and tokens[i + 1] == "o":
            out.append("co")
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def _without_since(tokens: list[str]) -> list[str]:
    """Tokens without a "seit …" time adjunct that ends in a time word within a few words."""
    if "seit" not in tokens:
        return tokens
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "seit":
            end = next((j for j in range(i + 1, min(i + 1 + _SINCE_SPAN, len(tokens))) if tokens[j] in _SINCE_ENDS), None)
            if end is not None:
                i = end + 1
                continue
        kept.append(tokens[i])
        i += 1
    return kept


def _swiss_variants(token: str) -> list[str]:
    """Standard German spellings a Swiss German word may stand for, most likely first."""
    variants: list[str] = []
    if token.endswith("ig"):
        variants.append(token[:-2] + "ung")
    if "ch" in token:
        for i in range(len(token) - 1):
            # "ch" for "k" at a syllable start: Chessel, Chäller, Entchalkig (not the "ch" of "-ich"/"-ach").
            if token.startswith("ch", i) and (i == 0 or token[i - 1] not in "aeiouys") and i + 2 < len(token):
                kay = token[:i] + "k" + token[i + 2 :]
                variants.append(kay)
                if kay.endswith("ig"):
                    variants.append(kay[:-2] + "ung")
    return variants


@lru_cache(maxsize=4096)
def _number(token: str) -> int | None:
    """The value of a digit string or a German number word, else ``None``."""
    if token.isdigit():
        return int(token) if len(token) <= 4 else None
    try:
        from zentrale.bot.numbers_de import parse_cardinal
    except ImportError:  # pragma: no cover - the module ships with the package
        return None
    return parse_cardinal(token)


# A caller who drops the reason named first and gives the real one: "wegen der Rechnung, aber das
# ist nicht so wichtig, eigentlich rufe ich an, weil die Heizung kalt ist". What follows the marker
# is the reason (a danger anywhere in the sentence still wins).
_RETRACTIONS: tuple[tuple[str, ...], ...] = (
    ("nicht", "so", "wichtig"),
    ("nicht", "wichtig"),
    ("ist", "unwichtig"),
    ("deswegen", "rufe", "ich", "nicht"),
    ("deswegen", "ruf", "ich", "nicht"),
    ("darum", "geht", "es", "nicht"),
    ("das", "hat", "zeit"),
    ("vergessen", "sie", "das"),
    ("aber", "ehrlich", "gesagt"),
    ("ist", "nebensache"),
    ("ist", "nebensaechlich"),
    # "ehrlich gesagt, drum ruf ich an: die Heizkörper werden nur noch halb warm": what the call is for follows
    *((why, verb, "ich", "an") for why in ("drum", "darum", "deshalb", "deswegen") for verb in ("ruf", "rufe")),
)
_RETRACTION_MIN_TAIL = 3  # words after the marker, at least
# "eigentlich geht es um …", "es geht eigentlich um …", "eigentlich wollte ich wegen … anrufen", CH
# "äigentli gahts um …", "eigentli rüef ich a wäge …": "actually" next to a verb of why one calls.
_ACTUALLY = frozenset({"eigentlich", "eigentli", "aeigentli", "eigentlig", "eigetli", "eigtlich", "eigentle", "eigentleg"})
_CONCERN_VERBS = frozenset(
    "geht gehts gaht gahts goht gohts gat rufe ruf ruef ruefe rueef rueefe anrufe anruf lueti luete wollte wollt "
    "wott wett woellt moechte moecht moechti will wuerde".split()
)
# "nein, es geht um …", AT "na, es geht um …", CH "nei, es gaht um …": the reason asked back denied.
_NO_WORDS = frozenset({"nein", "nei", "nee", "noe", "na", "naa", "ne"})
_ABOUT = frozenset({"um", "wegen", "wege", "waege", "wegem", "wegn"})
# Words that make a "no" a self-correction: "nein Moment", CH "nei momänt", "nein halt", "nee sorry".
_SELF_CORRECTIONS = frozenset(
    "moment momaent momentle momaentli halt stopp stop sorry pardon quatsch falsch entschuldigung warte wart warten "
    "wartens wartet wartn".split()
)
# "… ist (mir eigentlich) egal", "das Wichtigere ist …", CH "s wichtiger isch …", "isch nöd so wichtig".
_MORE_IMPORTANT = frozenset({"wichtiger", "wichtigere", "wichtigeres", "wichtigste", "wichtigst", "wichtigscht"})
_NOT_WORDS = frozenset({"nicht", "noed", "ned", "nid", "net", "nit"})
_QUESTION_STARTS = frozenset(
    {"wann", "wie", "welche", "welcher", "welches", "welchen", "ob", "was", "wer", "wo", "um", "wieviel"}
)


# What links the verb to the reason: "geht es um", "rufe ich an, weil", "wollte ich wegen", CH "rüef
# ich a wäge". Without it ("eigentlich wollte ich nur fragen, ob …") nothing is set aside.
_WHY_LINKS = frozenset({"um", "wegen", "waege", "wage", "wege", "weil", "wil", "an", "a", "aa", "dass"})
_WHY_LINK_DISTANCE = 3
# "weshalb ich eigentlich anrufe", "warum ich eigentlich anrufe": the reason follows the verb.
_WHY_ASKED = frozenset({"weshalb", "warum", "wieso", "weswegen", "wesweg"})


def _why_follows(k: int, tokens: Sequence[str]) -> bool:
    return bool(_WHY_LINKS.intersection(tokens[k + 1 : k + 1 + _WHY_LINK_DISTANCE]))


_INTENDED = frozenset({"wollte", "wollt", "wollten", "woellt", "wott", "wollat"})
_NOW_WORDS = frozenset({"jetzt", "jetz", "gerade", "grad", "grade", "inzwischen", "mittlerweile", "nun", "heute"})
_INTENDED_SPAN = 10


def _retraction_ends(tokens: Sequence[str]) -> list[int]:
    """Where markers that set the first reason aside end (the index after each marker)."""
    ends: list[int] = []
    for i, token in enumerate(tokens):
        for marker in _RETRACTIONS:
            if tuple(tokens[i : i + len(marker)]) == marker:
                ends.append(i + len(marker))
        if token in _ACTUALLY:
            if _CONCERN_VERBS.intersection(tokens[max(0, i - 2) : i]) and _why_follows(i, tokens):
                ends.append(i + 1)
            after = [k for k in range(i + 1, min(len(tokens), i + 4)) if tokens[k] in _CONCERN_VERBS]
            if after and (_why_follows(after[0], tokens) or _WHY_ASKED.intersection(tokens[max(0, i - 2) : i])):
                # "… weshalb ich eigentlich anrufe: bei mir läuft die Spülung nach"
                ends.append(after[0] + 1)
            # "ich wollte eigentlich wegen der Rechnung anrufen, aber jetzt …": the call planned is
            # overtaken by what happened since; the reason is what follows "aber jetzt".
            if _INTENDED.intersection(tokens[max(0, i - 2) : i + 2]):
                for k in range(i + 1, min(len(tokens) - 1, i + 1 + _INTENDED_SPAN)):
                    if tokens[k] == "aber" and _NOW_WORDS.intersection(tokens[k + 1 : k + 3]):
                        ends.append(k + 1)
                        break
        elif token in _NO_WORDS and tokens[i + 1 : i + 2] and tokens[i + 1] in _SELF_CORRECTIONS:
            # "es geht um eine Rechnung, nein Moment, es ist das Angebot", CH "nei momänt …", "nein halt",
            # "nee sorry": the caller corrects the reason just named; the later one wins.
            ends.append(i + 2)
        elif token == "sondern" and any(
            t in _NOT_WORDS and tokens[k + 1 : k + 2] and tokens[k + 1] in _ABOUT
            for k, t in enumerate(tokens[max(0, i - 8) : i], max(0, i - 8))
        ):
            # "es geht nicht um die Rechnung, sondern um das Angebot", "nicht wegen …, sondern wegen …"
            # (not "die Rechnung, nicht die vom Gasversorger, sondern Ihre": which bill, same reason).
            ends.append(i + 1)
        elif token in _NO_WORDS and i <= 2:
            after = [k for k in range(i + 1, min(len(tokens), i + 3)) if tokens[k] in _CONCERN_VERBS]
            if after and _why_follows(after[0], tokens):
                ends.append(after[0] + 1)
        elif token in ("mein", "meine", "mei", "moan") and i and tokens[i - 1] in ("ich", "i") and _denied_before(i - 1, tokens):
            # "nee, nicht so eine Rechnung von Ihnen, ich mein, ich rechne grad …": the word taken back,
            # what the caller means follows.
            ends.append(i + 1)
        elif (
            token in ("ist", "is", "isch")
            and i
            and tokens[i - 1] in ("das", "des", "es", "dis")
            and _denied_before(i - 1, tokens)
        ):
            # "das ist ja noch gar keine Rechnung, das ist das Angebot": what it is instead.
            ends.append(i + 1)
        elif token in _NEW_CLAUSE and 2 <= i <= _DENIED_OPENING and _denied_before(i, tokens):
            # "also nicht direkt nen Termin, wir haben Ihr Angebot bekommen …": the reason first named
            # denied at the start, a new sentence follows.
            ends.append(i)
        elif token == "egal" and {"ist", "is"}.intersection(tokens[max(0, i - 3) : i]):
            if tokens[i + 1 : i + 2] and tokens[i + 1] not in _QUESTION_STARTS:
                ends.append(i + 1)
        elif token in _MORE_IMPORTANT and tokens[i + 1 : i + 2] in (["ist"], ["is"], ["waere"]):
            ends.append(i + 2)
        elif token == "wichtig" and _NOT_WORDS.intersection(tokens[max(0, i - 3) : i]):
            ends.append(i + 1)
    return ends


_DENIED_NOUN_SPAN = 6
_ARTICLES_AFTER_DENIAL = frozenset(
    "so ne nen eine ein einen einer son sone soner direkt wirklich um wegen die der das den dem d de s".split()
)


_NEW_CLAUSE = frozenset({"wir", "ich", "mir", "i", "es", "mer"})
_DENIED_OPENING = 8
_AFTER_DENIED_NOUN = frozenset({"von", "ihnen", "vo", "ihne", "mehr", "noch", "gar"})


def _denied_before(k: int, tokens: Sequence[str]) -> bool:
    """A word denied right before ``k``: "keine Rechnung", "nicht so ne Rechnung", "nicht direkt einen
    Termin" (a denial, a few articles or fillers, a word, then ``k``)."""
    for j in range(max(0, k - _DENIED_NOUN_SPAN - 1), k - 1):
        if not (tokens[j].startswith("kein") or tokens[j] in _NOT_WORDS):
            continue
        between = tokens[j + 1 : k]
        nouns = [t for t in between if t not in _ARTICLES_AFTER_DENIAL and t not in _AFTER_DENIED_NOUN]
        if len(nouns) != 1 or len(nouns[0]) <= 3 or nouns[0] in STOPWORDS or nouns[0] in _CLAUSE_STARTS:
            continue
        # "nicht" denies a thing only with its article ("nicht so ne Rechnung", "nicht direkt einen
        # Termin"); "geht nicht, aber es ist …" denies a verb.
        if tokens[j].startswith("kein") or _ARTICLES_AFTER_DENIAL.intersection(between[: between.index(nouns[0])]):
            return True
    return False


def _retraction_split(text: str) -> tuple[str, str] | None:
    """The words before and after the last marker that drops what was said before, else ``None``."""
    tokens = tokenize(text)
    ends = _retraction_ends(tokens)
    if not ends:
        return None
    end = max(ends)
    if len(tokens) - end < _RETRACTION_MIN_TAIL:
        return None
    return " ".join(tokens[:end]), " ".join(tokens[end:])


def _after_retraction(text: str) -> str | None:
    """The words after the last marker that drops what was said before, else ``None``."""
    split = _retraction_split(text)
    return split[1] if split is not None else None


# A question what the caller must do around the visit ("muss ich da daheim sein, wenn Sie kommen",
# "sollen wir den Keller freiräumen"): during a call about a matter it is about that matter's visit,
# no new reason, unless the caller names a date change of their own (Termin, verschieben, absagen).
_VISIT_QUESTION_STARTS = frozenset(
    {("muss", "ich"), ("muessen", "wir"), ("soll", "ich"), ("sollen", "wir"), ("brauche", "ich"), ("muss", "man")}
)
_DATE_CHANGE_STEMS = ("termin", "verschieb", "verleg", "absag", "abzusag", "storn", "umleg")


def _visit_question(analysis: Analysis) -> bool:
    tokens = analysis.tokens
    if len(tokens) < 3 or (tokens[0], tokens[1]) not in _VISIT_QUESTION_STARTS:
        return False
    if analysis.concepts & (_REASON_CONCEPTS | EMERGENCY_CONCEPTS):
        return False
    return not any(t.startswith(_DATE_CHANGE_STEMS) for t in tokens)


# A price asked back about the matter at hand ("was kostet das denn", "können Sie mir nicht einfach
# sagen, was das kostet", CH "was chostet das"): no job of its own named, only "das"/"es"/"so was".
_MATTER_WORDS = frozenset({"das", "des", "dat", "es", "s", "sowas", "so", "dafuer", "davon", "dies", "dieses", "ungefaehr"})
_PRICE_QUESTION_MAX_TOKENS = 16


def _price_of_matter(analysis: Analysis) -> bool:
    concepts = analysis.concepts
    if "price" not in concepts or concepts & ((_REASON_CONCEPTS - {"price"}) | _SUBJECT_CONCEPTS | EMERGENCY_CONCEPTS):
        return False
    if concepts & {"heating_technology", "heat_source", "chimney", "hot_water"}:
        return False
    tokens = analysis.tokens
    return len(tokens) <= _PRICE_QUESTION_MAX_TOKENS and bool(_MATTER_WORDS.intersection(tokens))


# "Der Betrag ist 14 800 Franken", "die Summe war 3000 Euro": an amount named with no bill, payment or
# reminder word. About an offer under discussion it is the offer's sum.
_AMOUNT_WORDS = frozenset({"betrag", "summe", "gesamtbetrag", "gesamtsumme", "endbetrag", "endsumme", "totalbetrag"})
_PAYMENT_STEMS = (*_BILL_STEMS, "zahl", "bezahl", "ueberwie", "abbuch", "abgebucht", "mahn", "rate", "gemahnt", "lastschrift")


def _amount_only(analysis: Analysis) -> bool:
    concepts = analysis.concepts
    if "invoice" not in concepts or concepts & ((_REASON_CONCEPTS - {"invoice", "price", "estimate"}) | EMERGENCY_CONCEPTS):
        return False
    tokens = analysis.tokens
    return bool(_AMOUNT_WORDS.intersection(tokens)) and not any(t.startswith(_PAYMENT_STEMS) for t in tokens)


# A charge on a bill: a fee ("Anfahrtspauschale", "Nachtzuschlag"), a sum in money or what is written
# on it ("da stehen 412 Euro drauf"), no offer named.
_OFFER_STEMS = ("angebot", "offert", "voranschlag", "kostenvoranschlag", "kalkulation", "schaetzung", "kv")
_CHARGE_STEMS = ("pauschal", "zuschlag", "euro", "franke", "chf", "drauf", "gebuehr", "posten", "position", "aufschlag")
_CHARGE_PARTS = ("pauschale", "zuschlag", "gebuehr")


def _charge_of_bill(analysis: Analysis) -> bool:
    if analysis.concepts & ((_REASON_CONCEPTS - {"invoice", "price", "estimate"}) | EMERGENCY_CONCEPTS):
        return False
    tokens = analysis.tokens
    if any(t.startswith(_OFFER_STEMS) for t in tokens):
        return False
    return any(t.startswith(_CHARGE_STEMS) or any(p in t for p in _CHARGE_PARTS) for t in tokens)


# --------------------------------------------------------------------------- engine


# Dangers that always belong to the business's emergency task, whatever its text mentions: a
# chimney sweep's "Notfall" that speaks only of fire still gets the burst pipe and the gas smell.
EMERGENCY_CONCEPTS = frozenset(
    {
        "emergency_gas",
        "emergency_water",
        "emergency_flood",
        "emergency_frozen",
        "emergency_frost",
        "emergency_smoke",
        "emergency_pressure",
        "emergency_oil",
        "detector_alarm_gas",
        "detector_alarm_smoke",
    }
)


# What a caller has or wants of their own besides an application ("meine Heizung ist kalt, und ich suche
# eine Lehrstelle"): a task for it decides.
_OWN_MATTERS = (
    _CURRENT_PROBLEMS | EMERGENCY_CONCEPTS | {"invoice", "estimate", "price", "maintenance", "appointment", "new_heating"}
)


@lru_cache(maxsize=1)
def _plain_analyzer() -> _Analyzer:
    return _Analyzer(load_lexicon(), ())


def dismissed_dangers(text: str) -> frozenset[str]:
    """The danger concepts (``EMERGENCY_CONCEPTS``) that ``text`` names only to dismiss them, when no
    danger stays (else none): denied, explained away, over or only bought. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    analysis = _plain_analyzer().analyze(text[:MAX_TEXT_CHARS])
    if analysis.concepts & EMERGENCY_CONCEPTS:
        return frozenset()
    return frozenset(analysis.dismissed)


def settled_dangers(text: str) -> frozenset[str]:
    """Of :func:`dismissed_dangers`, the danger concepts ``text`` tells as over and seen to: what a bill
    or a job was for ("die Rechnung vom Notdiensteinsatz, wo der Rohrbruch war"), what a technician
    came for ("der Monteur war wegen dem Gasgeruch da"), what the utility or the fire brigade came and
    settled ("gestern Gasgeruch, die Stadtwerke waren da und haben abgesperrt"). None when a danger
    stays. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return frozenset()
    analysis = _plain_analyzer().analyze(text[:MAX_TEXT_CHARS])
    if analysis.concepts & EMERGENCY_CONCEPTS:
        return frozenset()
    return frozenset(analysis.settled)


def dismissed_danger(text: str) -> bool:
    """Whether ``text`` names a danger only to dismiss it, and no other danger stays: denied ("nach Gas
    riecht es aber nicht"), explained away ("ich dachte, es brennt, war aber der Grill vom Nachbarn"),
    over ("letzte Woche hatten wir einen Rohrbruch, jetzt ist die Rechnung da") or only bought ("ein
    Wassermelder gegen Überschwemmung"). For rules outside the engine that match danger words on their
    own (the dialogue's safety rules, which still check that the danger they found is the one
    dismissed and told as nothing live: ``dialogue._only_dismissed``). Never raises."""
    return bool(dismissed_dangers(text))


def find_emergency_task(tasks: Sequence[TaskLike]) -> TaskLike | None:
    """The business's emergency task, by the one rule the dialogue and ``zentrale config check``
    use too (:func:`zentrale.config.schema.emergency_task_among`)."""
    return emergency_task_among(tasks)


@dataclass
class _TaskModel:
    id: str
    index: int
    safety_concepts: frozenset[str]


class LocalEngine:
    """Offline German classifier built from one business's tasks. Never raises on bad input."""

    name = "local"

    def __init__(
        self,
        tasks: Sequence[TaskLike],
        *,
        threshold: float | None = None,
        region: str = "DE",
        timezone: str = "Europe/Berlin",
        lexicon: Lexicon | None = None,
        staff_names: Iterable[str] = (),
    ) -> None:
        if not tasks:
            raise ValueError("LocalEngine needs at least one task")
        self.threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
        self.region = region
        self.timezone = timezone  # relative times ("morgen vormittag") are read in the business's zone
        self.tasks = list(tasks)
        self.lexicon = _with_staff(lexicon or load_lexicon(), staff_names)
        task_words: set[str] = set()
        for task in self.tasks:
            for text in self._task_texts(task):
                task_words.update(tokenize(text[1]))
        self._analyzer = _Analyzer(self.lexicon, task_words)
        self._models: list[_TaskModel] = []
        self.emergency_task_id: str | None = None  # where gas, water, smoke and overpressure go
        self._emergency_index: int | None = None
        # feature -> list of (task index, weight already multiplied by specificity and type weight)
        self._postings: dict[str, list[tuple[int, float]]] = {}
        self._build()

    # ---- load time

    @staticmethod
    def _task_texts(task: TaskLike) -> list[tuple[str, str]]:
        texts = [("name", task.name or ""), ("description", task.description or "")]
        texts += [("keywords", str(k)) for k in (getattr(task, "keywords", None) or ())]
        texts += [("examples", str(e)) for e in (getattr(task, "examples", None) or ())]
        return texts

    def _build(self) -> None:
        profiles: list[dict[str, float]] = []
        emergency = find_emergency_task(self.tasks)
        for index, task in enumerate(self.tasks):
            raw: dict[str, float] = defaultdict(float)
            concepts: set[str] = set()
            for source, text in self._task_texts(task):
                analysis = self._analyzer.analyze(text, utterance=False)
                concepts |= analysis.concepts
                weight = _SOURCE_WEIGHTS[source]
                for feature, count in analysis.features.items():
                    raw[feature] += weight * count
            if emergency is not None and task.id == emergency.id:
                # The emergency task is reached through danger (the safety bonus), not through
                # the ordinary words its examples share with faults and plumbing: "das
                # Waschbecken läuft nicht ab" is no emergency because a burst pipe is "Sanitär" too.
                for feature in raw:
                    if feature.startswith("c:") and not self.lexicon.concepts[feature[2:]].safety:
                        raw[feature] *= _EMERGENCY_ORDINARY_CONCEPTS
            profile = {f: (1.0 + math.log(v)) if v >= 1.0 else v for f, v in raw.items()}
            profiles.append(profile)
            safety = frozenset(c for c in concepts if self.lexicon.concepts[c].safety)
            if emergency is not None and task.id == emergency.id:
                # Every danger the lexicon knows; the override (EMERGENCY_CONCEPTS) is narrower.
                safety |= {c.id for c in self.lexicon.concepts.values() if c.safety}
                self.emergency_task_id = task.id
                self._emergency_index = index
            self._models.append(_TaskModel(task.id, index, safety))
        n = len(profiles)
        df: dict[str, int] = defaultdict(int)
        for profile in profiles:
            for feature in profile:
                df[feature] += 1
        norm = math.log(1.0 + n)
        postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        for index, profile in enumerate(profiles):
            for feature, weight in profile.items():
                specificity = math.log(1.0 + n / df[feature]) / norm
                if feature.startswith("c:"):
                    type_weight = _CONCEPT_WEIGHT * self.lexicon.concepts[feature[2:]].weight
                else:
                    type_weight = _STEM_WEIGHT
                postings[feature].append((index, weight * specificity * type_weight))
        self._postings = dict(postings)
        ordinary = [p for m, p in zip(self._models, profiles, strict=True) if m.index != self._emergency_index]
        self._analyzer.price_means_new_heating = any("c:new_heating" in p for p in ordinary)

    # ---- classification

    def _scores(self, analysis: Analysis, factor: float = 1.0, scores: list[float] | None = None) -> list[float]:
        if scores is None:
            scores = [0.0] * len(self._models)
        scale = analysis.scale
        for feature, count in analysis.features.items():
            posting = self._postings.get(feature)
            if not posting:
                continue
            tf = 1.0 if count <= 1 else 1.0 + 0.3 * math.log(count)
            tf *= scale.get(feature, 1.0)
            for index, weight in posting:
                scores[index] += factor * tf * weight
        safety_hits = {c for c in analysis.concepts if self.lexicon.concepts[c].safety}
        if safety_hits:
            for model in self._models:
                shared = len(safety_hits & model.safety_concepts)
                if shared:
                    # Relative (scores grow with richer task texts) plus absolute (sparse texts).
                    scores[model.index] *= 1.0 + _SAFETY_BOOST * shared
                    scores[model.index] += factor * _SAFETY_BONUS * shared
        return scores

    def _damp_emergency_without_danger(self, analysis: Analysis, scores: list[float]) -> None:
        """The emergency task is for danger: without any danger heard (no gas, water, smoke, frost …,
        nor "Notfall"/"dringend") its plain words count less. "Den Rauchfang kehren lassen" shares
        "Rauch" with the emergency task's keywords but is no emergency. A danger told as over and
        seen to ("gestern war die Stube voll Rauch, die Feuerwehr war da") is none: the emergency task's
        words in it count nothing."""
        if self._emergency_index is None or "emergency_general" in analysis.concepts:
            return
        if analysis.settled and not analysis.concepts & EMERGENCY_CONCEPTS:
            scores[self._emergency_index] = 0.0
            return
        if any(self.lexicon.concepts[c].safety for c in analysis.concepts):
            return
        # Only a danger dismissed (denied, explained away, a battery chirp) or a detector named without any
        # alarm ("was kostet ein CO-Melder"): the emergency task's words count even less.
        if analysis.dismissed or "detector" in analysis.concepts:
            scores[self._emergency_index] *= _DISMISSED_DAMPING
            return
        scores[self._emergency_index] *= _NO_DANGER_DAMPING

    def _decide(self, scores: list[float]) -> tuple[int | None, float, float]:
        best = max(range(len(scores)), key=lambda i: (scores[i], -i))
        top = scores[best]
        if top <= 0.0:
            return None, 0.0, 0.0
        second = max((s for i, s in enumerate(scores) if i != best), default=0.0)
        strength = 1.0 - math.exp(-top / _STRENGTH_SCALE)
        margin = (top - max(second, 0.0)) / top
        confidence = strength * (0.5 + 0.5 * margin)
        return best, round(confidence, 4), top

    def classify_sync(self, text: str, context: DialogueContext | None = None) -> Classification:
        """Classify one utterance; ``task=None`` means unsure. Never raises on text input."""
        started = time.perf_counter()
        if not isinstance(text, str):
            text = "" if text is None else str(text)
        text = text[:MAX_TEXT_CHARS]
        analysis = self._analyzer.analyze(text)
        scores = self._scores(analysis)
        self._damp_emergency_without_danger(analysis, scores)
        best, confidence, top = self._decide(scores)
        reason_extra = ""
        if best is None or (analysis.concepts & _OFFICE_REASONS and not analysis.concepts & _OWN_MATTERS):
            unserved, unserved_confidence, unserved_reason = self._no_task_for(analysis)
            if unserved is not None:
                best, confidence, reason_extra = unserved, unserved_confidence, unserved_reason
        danger = analysis.concepts & EMERGENCY_CONCEPTS
        if danger and self._emergency_index is not None:
            # Safety first: gas, a burst pipe, smoke/CO or a boiler blowing off always go to the
            # emergency task, whatever else the caller mentions ("Therme kaputt und es riecht nach Gas").
            if best != self._emergency_index:
                reason_extra = " danger_override"
            best, confidence = self._emergency_index, max(confidence, _DANGER_CONFIDENCE)
        if not danger or self._emergency_index is None:
            split = _retraction_split(text)
            if split is not None:
                best, confidence, reason_extra = self._retracted(split, best, confidence, reason_extra, context)
        if context is not None and (not danger or self._emergency_index is None):
            best, confidence, context_reason = self._with_context(analysis, scores, best, confidence, context)
            reason_extra += context_reason
        task: str | None = None
        # A danger told as over and seen to, and no clear wish besides ("wir hatten am Samstag einen
        # Kaminbrand, die Feuerwehr hat gelöscht"): what the caller wants is still to be asked.
        threshold = max(self.threshold, _SETTLED_MIN_CONFIDENCE) if analysis.settled and not danger else self.threshold
        if best is not None and confidence >= threshold:
            task = self._models[best].id
        concepts = ",".join(sorted(analysis.concepts)) or "-"
        reason = f"concepts={concepts} top={top:.2f}{reason_extra}"
        if best is not None and task is None:
            reason += f" below_threshold({self._models[best].id})"
        ms = (time.perf_counter() - started) * 1000.0
        return Classification(task=task, confidence=confidence, engine=self.name, ms=ms, reason=reason)

    def _retracted(
        self,
        split: tuple[str, str],
        best: int | None,
        confidence: float,
        reason: str,
        context: DialogueContext | None = None,
    ) -> tuple[int | None, float, str]:
        """The reason said after the caller dropped the first one, when it names a reason of its own.

        The dropped reason is what the words before the marker name, else the task the call is about
        so far: "die Rechnung ist eigentlich egal, die Heizung geht nicht" is no bill any more, even
        when the bill comes up again after the marker ("… weil auf der Rechnung steht, dass die
        Messung fällig ist"). The task the call is about so far stays when the words after the marker
        name it best ("eigentlich geht es um die Heizung, die ist kalt" said about the fault). Said
        that plainly, the new reason is a strong signal."""
        head, tail = split
        dropped: int | None = None
        head_analysis = self._analyzer.analyze(head)
        from_head = bool(head_analysis.concepts & _STRONG_RETRACTION_CONCEPTS)
        if from_head:
            head_scores = self._scores(head_analysis)
            self._damp_emergency_without_danger(head_analysis, head_scores)
            dropped = self._decide(head_scores)[0]
        elif context is not None and context.current_task is not None:
            dropped = next((m.index for m in self._models if m.id == context.current_task), None)
        if dropped == self._emergency_index:
            dropped = None
        # A dropped bill or quote named again is where the caller read the real reason ("auf der
        # Rechnung steht, dass die Messung fällig ist"): it makes the job no mere subject of it.
        papers = frozenset(c for c in _PAPER_CONCEPTS if dropped is not None and self._owner_of("c:" + c) == dropped)
        analysis = self._analyzer.analyze(tail, set_aside=papers)
        if not analysis.concepts & (_REASON_CONCEPTS | {"maintenance", "heating_device", "chimney"}):
            return best, confidence, reason
        scores = self._scores(analysis)
        self._damp_emergency_without_danger(analysis, scores)
        if dropped is not None and (from_head or self._decide(scores)[0] != dropped):
            scores[dropped] = 0.0
        best2, confidence2, _ = self._decide(scores)
        if best2 is None or confidence2 < self.threshold:
            return best, confidence, reason
        if best2 == self._emergency_index and best != self._emergency_index:
            # No danger was heard (else no retraction is read): the emergency task's plain words left
            # over after the first reason was dropped are none.
            return best, confidence, reason
        if analysis.concepts & _STRONG_RETRACTION_CONCEPTS:
            confidence2 = max(confidence2, _RETRACTED_CONFIDENCE)
        if best2 == best:
            # The reason said after the marker is no longer the one dropped: say so (the dialogue may
            # take it as a topic change said as such).
            changed = " retracted_first_reason" if dropped is not None and best2 != dropped else ""
            return best, max(confidence, confidence2), reason + changed
        return best2, confidence2, reason + " retracted_first_reason"

    def _no_task_for(self, analysis: Analysis) -> tuple[int | None, float, str]:
        """A reason for the office that none of the business's tasks is for (CH "ich suech e Lehrstell",
        and the firm has no task for applications): somebody must call back, the callback task. A job
        the firm does not do ("das Klo läuft über" at a chimney sweep) is asked again instead."""
        unserved = {c for c in analysis.concepts & _OFFICE_REASONS if not self._postings.get("c:" + c)}
        if not unserved:
            return None, 0.0, ""
        callback = self._owner_of("c:callback")
        if callback is None or callback == self._emergency_index:
            return None, 0.0, ""
        return callback, _NO_TASK_CONFIDENCE, " no_task_for(" + ",".join(sorted(unserved)) + ")"

    def _owner_of(self, feature: str) -> int | None:
        """The task a feature weighs most for."""
        posting = self._postings.get(feature)
        return max(posting, key=lambda p: p[1])[0] if posting else None

    def _with_context(
        self,
        analysis: Analysis,
        scores: list[float],
        best: int | None,
        confidence: float,
        context: DialogueContext,
    ) -> tuple[int | None, float, str]:
        ids = [m.id for m in self._models]
        words = set(analysis.tokens)
        current = context.current_task if context.current_task in ids else None
        if current is not None:
            cur = ids.index(current)
            affirmed = bool(words & _AFFIRM) and not (words & _DENY)
            denied = bool(words & _DENY) and not (words & (_AFFIRM - {"ja"}))
            if affirmed and (best is None or best == cur or confidence < self.threshold):
                return cur, max(confidence, 0.8), " context=affirmed"
            if denied and (best is None or best == cur):
                # "nein" to "Geht es um ...?" is no answer yet; earlier turns must not bring it back.
                return None, 0.0, " context=denied"
            if best is not None and best != cur and _visit_question(analysis):
                # "Muss ich da daheim sein, wenn Sie kommen?": about the visit of the matter at hand.
                return cur, max(confidence, 0.8), " context=visit_question"
            if best is not None and best != cur and _price_of_matter(analysis):
                # "Können Sie mir nicht einfach sagen, was das kostet?": the price of the matter at hand.
                return cur, max(confidence, 0.8), " context=price_of_matter"
            if best is not None and best != cur and cur == self._owner_of("c:estimate") and _amount_only(analysis):
                # "Der Betrag ist 14 800 Franken", said about the offer at hand: the offer's sum, no bill.
                return cur, max(confidence, 0.8), " context=amount_of_offer"
            if (
                best is not None
                and best != cur
                and cur == self._owner_of("c:invoice")
                and best == self._owner_of("c:estimate")
                and _charge_of_bill(analysis)
            ):
                # "Da stehen 412 Euro drauf, die Anfahrtspauschale versteh ich nicht", said about the bill
                # at hand: a charge on it, no offer.
                return cur, max(confidence, 0.8), " context=charge_of_bill"
        if best is None or confidence < self.threshold:
            earlier = [t.text for t in context.turns if t.speaker == "caller" and t.text][-2:]
            if earlier:
                combined = list(scores)
                for text in earlier:
                    self._scores(self._analyzer.analyze(text), factor=0.5, scores=combined)
                best2, confidence2, _ = self._decide(combined)
                if best2 is not None and confidence2 >= self.threshold:
                    return best2, confidence2, " context=earlier_turns"
        return best, confidence, ""

    async def classify(self, text: str, context: DialogueContext | None = None) -> Classification:
        return self.classify_sync(text, context)

    def danger_task(self, text: str) -> str | None:
        """The emergency task's id when ``text`` names a danger (gas, water, smoke/CO, a boiler
        blowing off) that is not denied, else ``None``. Cheap; other engines use it as a net."""
        if self.emergency_task_id is None or not isinstance(text, str):
            return None
        analysis = self._analyzer.analyze(text[:MAX_TEXT_CHARS])
        return self.emergency_task_id if analysis.concepts & EMERGENCY_CONCEPTS else None

    # ---- slots and summaries (rules in the neighbouring modules)

    async def extract_slots(
        self,
        text: str,
        wanted: Sequence[str] = SLOT_NAMES,
        context: DialogueContext | None = None,
        *,
        region: str | None = None,
    ) -> Slots:
        from zentrale.bot.slots import extract_slots_local

        return extract_slots_local(
            (text or "")[:MAX_TEXT_CHARS],
            wanted,
            region=region or self.region,
            now=context.now if context is not None else None,
            timezone=self.timezone,
        )

    async def summarize(
        self, turns: Sequence[ContextTurn], task: TaskLike | None, slots: Slots, *, caller: str | None = None
    ) -> Summary:
        from zentrale.bot.summary import summarize_local

        return summarize_local(turns, task, slots, caller=caller)
