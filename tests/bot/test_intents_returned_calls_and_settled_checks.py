"""Task choices at the edges of a callback and of a danger already checked, in sentences of our own: a call
returned as asked ("… hat gesagt, ich soll wegen dem Termin zurückrufen"), a missed call returned ("ich
weiss nicht, worum es geht"), a callback owed about a new part; a gas smell the utility came and checked,
a detector only tested; a sooty yellow flame at a gas boiler; dialect price and cold words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from zentrale.bot.intents.factory import build_local_engine
from zentrale.bot.intents.local import LocalEngine
from zentrale.config import load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def engine(de: LocalEngine) -> LocalEngine:
    return de  # the heating firm's local engine (conftest.py)


@pytest.fixture(scope="module")
def ch() -> LocalEngine:
    business = load_config(ROOT / "benchmarks" / "data" / "haustechnik-meier-ch.yaml").businesses[0]
    engine = build_local_engine(business)
    assert isinstance(engine, LocalEngine)
    return engine


@pytest.mark.parametrize(
    "text",
    [
        "Herr Wagner hat gesagt, ich soll ihn wegen dem Termin zurückrufen",
        "grüezi de herr meier hät gseit ich söll wäg em termin aalüte",
    ],
)
def test_a_call_returned_as_asked_is_a_callback(ch: LocalEngine, text: str) -> None:
    result = ch.classify_sync(text)
    assert result.task == "rueckruf", result.reason


def test_a_date_moved_when_returning_a_call_stays_the_date(ch: LocalEngine) -> None:
    """Only a date named as the topic is set aside; a date to move is the reason."""
    assert ch.classify_sync("Frau Frei hat gesagt ich soll zurückrufen, ich muss den Termin verschieben").task == "service"


def test_a_missed_call_returned_is_a_callback(ch: LocalEngine) -> None:
    """ "verpasst" is no date that does not suit ("passt nicht"), "worum es geht" no device that fails."""
    result = ch.classify_sync("Sie haben mich angerufen und ich habe es verpasst, ich weiss nicht worum es geht")
    assert result.task == "rueckruf", result.reason


def test_a_callback_owed_about_a_new_part_is_a_callback(engine: LocalEngine) -> None:
    text = "der Monteur hat gesagt er meldet sich wegen dem neuen Heizkörper, seitdem habe ich nichts gehört"
    assert engine.classify_sync(text).task == "rueckruf"


@pytest.mark.parametrize(
    ("text", "task"),
    [
        (
            "vorgestern hat es nach Gas gerochen, die Gasag war da und hat alles durchgemessen, ich hätte gern einen Wartungstermin",
            "termin",
        ),
        ("der CO Melder hat gepiepst, das war aber nur der Test, es ist alles ruhig, wann kommt die Wartung", "termin"),
    ],
)
def test_a_danger_checked_or_tested_is_no_emergency(engine: LocalEngine, text: str, task: str) -> None:
    result = engine.classify_sync(text)
    assert result.task == task, result.reason


def test_a_sooty_yellow_flame_at_a_gas_boiler_is_an_emergency(engine: LocalEngine) -> None:
    assert engine.classify_sync("die Flamme in der Gastherme brennt ganz gelb und rußig").task == "notfall"


def test_dialect_price_of_a_job_is_a_quote(engine: LocalEngine) -> None:
    assert engine.classify_sync("was koschtet a neue Dusche mit Einbau").task == "angebot"


def test_cold_still_to_come_is_no_fault(ch: LocalEngine) -> None:
    result = ch.classify_sync("ich möcht de service vo de heizig abmache bevor s chalt wird")
    assert result.task == "service", result.reason
