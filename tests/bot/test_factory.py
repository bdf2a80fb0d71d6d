"""Engine choice per business: local, openai, auto (and the environment variables)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from zentrale.bot.intents.factory import EngineConfigError, build_engine
from zentrale.bot.intents.local import LocalEngine
from zentrale.bot.intents.openai_engine import PLACEHOLDER_API_KEY, OpenAIEngine
from zentrale.config import load_config
from zentrale.errors import CliError


@pytest.fixture
def business(write_config):
    def make(intents: dict | None = None, **kwargs):
        return load_config(write_config(intents=intents, **kwargs), environ={}).businesses[0]

    return make


@pytest.fixture
async def built():
    """Collect engines built in a test and close their HTTP clients afterwards."""
    engines = []
    yield engines
    for engine in engines:
        if hasattr(engine, "aclose"):
            await engine.aclose()


async def test_local_is_the_offline_engine(business, built):
    engine = build_engine(business({"engine": "local", "openai": {"api_key": "sk-config"}}), environ={})
    built.append(engine)

    assert isinstance(engine, LocalEngine)
    assert engine.name == "local"


async def test_openai_uses_the_configured_key_model_budget_and_a_local_fallback(business, built):
    config = business({"engine": "openai", "budget_seconds": 0.8, "openai": {"model": "gpt-x", "api_key": "sk-config"}})

    engine = build_engine(config, environ={"OPENAI_API_KEY": "sk-env"})
    built.append(engine)

    assert isinstance(engine, OpenAIEngine)
    assert engine.model == "gpt-x"
    assert engine.budget_seconds == 0.8
    assert engine.client.api_key == "sk-config"  # the config wins over the environment
    assert str(engine.client.base_url).startswith("https://api.openai.com/v1")
    assert isinstance(engine.fallback, LocalEngine)
    assert engine.task_ids == [t.id for t in config.tasks]


async def test_openai_takes_key_and_base_url_from_the_environment(business, built):
    engine = build_engine(
        business({"engine": "openai"}),
        environ={"OPENAI_API_KEY": "sk-env", "OPENAI_BASE_URL": "http://llm.internal:8000/v1"},
    )
    built.append(engine)

    assert engine.client.api_key == "sk-env"
    assert str(engine.client.base_url).startswith("http://llm.internal:8000/v1")


async def test_openai_without_key_or_base_url_is_a_clear_error(business):
    with pytest.raises(EngineConfigError) as caught:
        build_engine(business({"engine": "openai"}), environ={})

    assert isinstance(caught.value, CliError)
    message = str(caught.value)
    assert "heizung-mueller" in message
    assert "OPENAI_API_KEY" in message and "OPENAI_BASE_URL" in message


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, LocalEngine),
        ({"OPENAI_API_KEY": "  "}, LocalEngine),
        ({"OPENAI_API_KEY": "sk-env"}, OpenAIEngine),
        ({"OPENAI_BASE_URL": "http://localhost:11434/v1"}, OpenAIEngine),
    ],
)
async def test_auto_uses_the_model_only_when_one_is_configured(business, built, environ, expected):
    engine = build_engine(business({"engine": "auto"}), environ=environ)
    built.append(engine)

    assert type(engine) is expected


async def test_the_engine_argument_overrides_the_config(business, built):
    config = business({"engine": "openai", "openai": {"api_key": "sk-config"}})

    engine = build_engine(config, engine="local", environ={})
    built.append(engine)

    assert isinstance(engine, LocalEngine)


async def test_local_server_without_key_gets_a_placeholder_and_answers(business, fake_openai):
    fake_openai.api_key = PLACEHOLDER_API_KEY
    fake_openai.answers["call_reason"] = {"task": "termin", "confidence": 0.9}
    config = business({"engine": "openai", "openai": {"model": fake_openai.model, "base_url": fake_openai.base_url}})

    engine = build_engine(config, environ={})
    try:
        result = await engine.classify("wann kommt der monteur zur wartung")
    finally:
        await engine.aclose()

    assert fake_openai.problems == []
    assert (result.task, result.engine) == ("termin", "openai")


async def test_the_local_fallback_answers_when_the_configured_model_fails(business, fake_openai):
    fake_openai.mode = "error500"
    config = business(
        {"engine": "auto", "openai": {"model": fake_openai.model, "base_url": fake_openai.base_url, "api_key": "sk-test"}}
    )

    engine = build_engine(config, environ={})
    try:
        result = await engine.classify("es riecht nach gas im keller")
    finally:
        await engine.aclose()

    assert result.engine == "local"
    assert result.reason.startswith("fallback: HTTP 500")


async def test_a_hanging_model_costs_the_configured_budget_and_the_local_engine_answers(business, fake_openai):
    fake_openai.mode = "slow"
    fake_openai.delay_seconds = 10
    config = business(
        {
            "engine": "openai",
            "budget_seconds": 0.4,
            "openai": {"model": fake_openai.model, "base_url": fake_openai.base_url, "api_key": "sk-test"},
        }
    )

    engine = build_engine(config, environ={})
    try:
        started = time.perf_counter()
        result = await engine.classify("bei uns ist ein wasserrohrbruch im keller")
        elapsed = time.perf_counter() - started
    finally:
        await engine.aclose()

    # The caller does not wait for the hanging model (10 s): the budget ends the wait. How close
    # to the budget it ends is measured by benchmarks/llm_budget.py, not by a timed test.
    assert 0.4 <= elapsed < 5
    assert (result.task, result.engine) == ("notfall", "local")
    assert result.reason.startswith("fallback: timeout after 0.40 s")


async def test_local_engine_reads_relative_times_in_the_business_timezone(tmp_path, built):
    """A business far from Berlin (UTC+14) must get "morgen" as ITS tomorrow, not Berlin's."""
    path = tmp_path / "insel.yaml"
    path.write_text(
        "version: 1\n"
        "business: {id: insel, name: Insel-Sanitär, region: DE, timezone: Pacific/Kiritimati}\n"
        "tasks: [{id: rueckruf, name: Rückruf, description: Rückrufwunsch}]\n",
        encoding="utf-8",
    )
    engine = build_engine(load_config(path, environ={}).businesses[0], engine="local", environ={})
    built.append(engine)
    zone = ZoneInfo("Pacific/Kiritimati")

    before = (datetime.now(zone) + timedelta(days=1)).date().isoformat()
    slots = await engine.extract_slots("bitte morgen vormittag", ["preferred_time"])
    after = (datetime.now(zone) + timedelta(days=1)).date().isoformat()

    assert slots.values["preferred_time"].normalized[:10] in {before, after}


def test_the_local_engine_knows_the_staff_by_name():
    """'Kann ich bitte die Sabine haben' asks for a person of the business like 'den Chef' does;
    the bot's engine learns the names from the staff list, not the business's own name."""
    from zentrale.bot.intents.factory import build_local_engine
    from zentrale.config import EXAMPLES_DIR

    config = load_config(EXAMPLES_DIR / "heizung-mueller.yaml", environ={}).businesses[0]
    engine = build_local_engine(config)
    without_staff = LocalEngine(config.tasks, threshold=config.intents.confidence_threshold)

    for text in ("kann ich bitte die sabine haben", "ist der tobias da", "ich hätte gern den jan"):
        assert engine.classify_sync(text).task == "rueckruf", text
        assert without_staff.classify_sync(text).task is None, text
    # A name next to a reason: the reason decides.
    assert engine.classify_sync("der tobias war da und die heizung geht immer noch nicht").task == "stoerung"
    assert engine.classify_sync("die sabine hat mir die rechnung geschickt die ist zu hoch").task == "rechnung"
    # "Müller" is the firm's name too: asking whether this is the firm is no wish for a person.
    assert engine.classify_sync("ist das die firma müller").task is None


def test_a_staff_name_that_is_a_trade_word_keeps_its_meaning():
    from zentrale.config import EXAMPLES_DIR

    config = load_config(EXAMPLES_DIR / "heizung-mueller.yaml", environ={}).businesses[0]
    engine = LocalEngine(config.tasks, threshold=config.intents.confidence_threshold, staff_names=["Peter Kessel", "Eva Brand"])

    assert engine.classify_sync("der kessel ist kaputt").task == "stoerung"
    assert engine.classify_sync("es riecht nach brand im heizraum").task == "notfall"
    assert engine.classify_sync("kann ich bitte die eva haben").task == "rueckruf"


def test_a_caller_introducing_themselves_with_a_staff_first_name_asks_for_nobody():
    """'Hier ist Sabine Wolf' is the caller (Heizung Müller has a Sabine Berger): no callback wish
    for Sabine. The firm a caller speaks for ('die Hausverwaltung Berger') is no wish either; a
    known word right after the introduction keeps its meaning."""
    from zentrale.bot.intents.factory import build_local_engine
    from zentrale.config import EXAMPLES_DIR

    engine = build_local_engine(load_config(EXAMPLES_DIR, environ={}).business("heizung-mueller"))
    for text in ("Guten Tag, hier ist Sabine Wolf.", "Hier ist die Hausverwaltung Berger.", "Ich bin die Sabine Krause."):
        assert engine.classify_sync(text).task != "rueckruf", text
    assert engine.classify_sync("Kann ich bitte die Sabine haben?").task == "rueckruf"
    assert engine.classify_sync("Hier ist Sabine Wolf, meine Heizung ist ausgefallen").task == "stoerung"
