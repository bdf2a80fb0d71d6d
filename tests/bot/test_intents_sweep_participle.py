"""The participle "gekehrt" ("der Rauchfang gehört gekehrt", "muss gekehrt werden") names the sweep's job like
"kehren": its stem alone ("gekehr") missed the sweeping task, urgency then made a chimney to sweep an emergency."""

from __future__ import annotations

from pathlib import Path

import pytest

from zentrale.bot.intents.factory import build_local_engine
from zentrale.bot.intents.local import LocalEngine
from zentrale.config import load_config

HUBER = Path(__file__).resolve().parents[2] / "config" / "examples" / "rauchfangkehrer-huber.yaml"


@pytest.fixture(scope="module")
def sweep() -> LocalEngine:
    engine = build_local_engine(load_config(HUBER).businesses[0])
    assert isinstance(engine, LocalEngine)
    return engine


@pytest.mark.parametrize(
    "text",
    ["der Schornstein muss gekehrt werden", "unser Kamin gehört dringend gekehrt", "bei uns gehört der Rauchfang wieder gekehrt"],
)
def test_a_chimney_to_be_swept_is_the_sweeping_task(sweep: LocalEngine, text: str) -> None:
    result = sweep.classify_sync(text)
    assert result.task == "kehrtermin", result.reason
