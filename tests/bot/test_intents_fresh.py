"""The local engine on tests/data/intents_dev_fresh.tsv: new wording of DE/AT/CH callers, written
before the engine was tuned on it (baseline 90.2 %, 53 of 60 emergencies, 8 false emergencies).

Accuracy may not fall below what was reached (99.3 %) minus a small margin; no emergency of any
dev set may be missed, and hardly any ordinary call may be sent to the emergency line.

tests/data/intents_dev_emergency2.tsv is a second set of the same kind, aimed at emergency wording
(115 emergencies, 65 near misses), also written before tuning: baseline 90.0 %, 102 of 115
emergencies, 4 false emergencies; after tuning 98.9 %, all emergencies, none false.

tests/data/intents_dev_emergency3.tsv is a third one (41 emergencies, 44 near misses): a bang or
deflagration at the boiler, hissing at gas parts, a bare plea for immediate help, a stink through the
house from the heating. Baseline 60.0 %, 19 of 41 emergencies, 7 false; after tuning 95.3 %, all
emergencies, none false.

tests/data/intents_dev_emergency4.tsv is a fourth one (80 emergencies, 40 near misses), written under
the labelling rules of benchmarks/data/README.md: rotten-egg smell, Swiss smoke and exhaust words, a
boiling boiler, water growing below and at the ceiling; detectors to install, dangers over since,
bills for a past burst pipe. Baseline 93.3 %, 76 of 80 emergencies, 4 false; after tuning 100 %.

tests/data/intents_dev_emergency5.tsv is a fifth one (90 emergencies, 70 near misses): flames out of or
yellow at the burner, a sweet smell with feeling faint, a hiss with a stink, hot water spraying from a
broken valve, a heating out at minus degrees with a person in need of care; dangers denied at the
clause's end ("Gasgeruch haben wir keinen", "riechen tut nichts"), a past gas smell as the background of
a callback or a (Swiss) bill, a burst hose shut off and mopped up. Baseline 91.2 %, 84 of 90
emergencies, 5 false; after tuning 99.4 %, all emergencies, none false.

tests/data/intents_dev_confusions.tsv (32 lines, no emergencies) holds the hardest confusions between
angebot, neue-heizung, termin, stoerung and rueckruf: a heat pump's price or subsidy against a quote or
an offer received, a fault with a wish for a date, a callback owed, a person wanted by the job they
did. Baseline 93.8 % (30 of 32); after tuning 100 %. The same confusions of the Austrian sweep and the
Swiss installer are tests in tests/bot/test_intents_confusions.py.

tests/data/intents_dev_precision.tsv (92 lines) holds 62 near misses, ordinary calls with danger words
(a gas bill, the Gasableser, an Abgasmessung due, detectors to fit or buy, the bill of last year's water
damage, frost protection, 3 bar, a dripping safety valve, a flame that "brennt nicht mehr", condensate, a
running WC, "bei uns brennt die Hütte"), and 30 emergencies phrased unusually. Baseline 88.0 %, 27 of 30
emergencies, 3 false; after tuning 98.9 % (91 of 92: fitting smoke detectors is taken for a callback),
all emergencies, none false. Austrian and Swiss cases of the same kind: tests/bot/test_intents_precision.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zentrale.bot.intents.evaluation import evaluate, load_cases
from zentrale.bot.intents.factory import build_local_engine
from zentrale.bot.intents.local import LocalEngine
from zentrale.config import EXAMPLES_DIR, load_config

DATA = Path(__file__).parents[1] / "data"
FRESH_SET = DATA / "intents_dev_fresh.tsv"
EMERGENCY_SET = DATA / "intents_dev_emergency2.tsv"
MEASURED_ACCURACY = 284 / 285  # 283 without the staff names ('kann ich bitte die Sabine haben')
EMERGENCY_SET_ACCURACY = 180 / 180
EMERGENCY3_SET = DATA / "intents_dev_emergency3.tsv"
EMERGENCY3_SET_ACCURACY = 85 / 85
EMERGENCY4_SET = DATA / "intents_dev_emergency4.tsv"
EMERGENCY4_SET_ACCURACY = 120 / 120
EMERGENCY5_SET = DATA / "intents_dev_emergency5.tsv"
EMERGENCY5_SET_ACCURACY = 160 / 160
CONFUSIONS_SET = DATA / "intents_dev_confusions.tsv"
CONFUSIONS_SET_ACCURACY = 32 / 32
PRECISION_SET = DATA / "intents_dev_precision.tsv"
PRECISION_SET_ACCURACY = 91 / 92
MARGIN = 0.015


def _engine(config: str) -> LocalEngine:
    """The local engine as the bot builds it (with the staff's names)."""
    engine = build_local_engine(load_config(EXAMPLES_DIR / config).businesses[0])
    assert isinstance(engine, LocalEngine)
    return engine


@pytest.fixture(scope="module")
def mueller_engine() -> LocalEngine:
    return _engine("heizung-mueller.yaml")


@pytest.mark.parametrize(
    ("path", "measured", "at_least", "emergencies"),
    [
        (FRESH_SET, MEASURED_ACCURACY, 250, 0),
        (EMERGENCY_SET, EMERGENCY_SET_ACCURACY, 160, 100),
        (EMERGENCY3_SET, EMERGENCY3_SET_ACCURACY, 80, 40),
        (EMERGENCY4_SET, EMERGENCY4_SET_ACCURACY, 120, 80),
        (EMERGENCY5_SET, EMERGENCY5_SET_ACCURACY, 160, 90),
        (CONFUSIONS_SET, CONFUSIONS_SET_ACCURACY, 32, 0),
        (PRECISION_SET, PRECISION_SET_ACCURACY, 92, 30),
    ],
    ids=["fresh", "emergency2", "emergency3", "emergency4", "emergency5", "confusions", "precision"],
)
def test_each_dev_set_stays_at_its_measured_accuracy(mueller_engine, path, measured, at_least, emergencies):
    cases = load_cases(path, [t.id for t in mueller_engine.tasks])
    report = evaluate(mueller_engine, cases)

    assert report.total >= at_least
    if emergencies:
        assert report.per_task["notfall"].support >= emergencies
    assert report.accuracy >= measured - MARGIN, [(c.text, got) for c, got in report.errors]


@pytest.mark.parametrize(
    ("config", "cases_file"),
    [
        ("heizung-mueller.yaml", "intents_dev_precision.tsv"),
        ("heizung-mueller.yaml", "intents_dev_emergency5.tsv"),
        ("heizung-mueller.yaml", "intents_dev_emergency4.tsv"),
        ("heizung-mueller.yaml", "intents_dev_emergency3.tsv"),
        ("heizung-mueller.yaml", "intents_dev_emergency2.tsv"),
        ("heizung-mueller.yaml", "intents_dev_fresh.tsv"),
        ("heizung-mueller.yaml", "intents_dev.tsv"),
        ("rauchfangkehrer-huber.yaml", "intents_dev_rauchfangkehrer.tsv"),
    ],
)
def test_no_emergency_is_missed_and_hardly_any_call_is_a_false_emergency(config, cases_file):
    engine = _engine(config)
    emergency = engine.emergency_task_id
    assert emergency is not None
    report = evaluate(engine, load_cases(DATA / cases_file, [t.id for t in engine.tasks]))

    missed = [case.text for case, _got in report.errors if case.task == emergency]
    false_alarms = [case.text for case, got in report.errors if got == emergency]
    assert report.per_task[emergency].support >= 10
    assert missed == []
    assert len(false_alarms) <= 1, false_alarms
