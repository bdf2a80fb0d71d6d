"""A look asked for at the sweep's coming visit ("der Rauchfangkehrer kommt eh zum Kehren, kann er sich das
anschauen") is about the sweeping date, no inspection of the chimney; a look at the chimney itself still is an
inspection."""

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


def test_a_look_at_the_sweeping_visit_is_the_sweeping_date(sweep: LocalEngine) -> None:
    text = "der Rauchfangkehrer kommt eh zum Kehren, kann er sich das anschauen"
    result = sweep.classify_sync(text)
    assert result.task == "kehrtermin", result.reason


def test_a_look_at_the_chimney_is_an_inspection(sweep: LocalEngine) -> None:
    result = sweep.classify_sync("können Sie sich unseren Rauchfang einmal anschauen, da sind Risse drin")
    assert result.task == "ueberpruefung", result.reason
