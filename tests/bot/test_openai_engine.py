"""OpenAIEngine.classify against the fake OpenAI-compatible server."""

from __future__ import annotations

import time

import pytest
from structlog.testing import capture_logs

from zentrale.bot.intents.base import MAX_TEXT_CHARS, ContextTurn, DialogueContext
from zentrale.bot.intents.openai_engine import OpenAIEngine

CALLER_TEXT = "hallo hier ist erika mustermann meine therme zeigt f achtundzwanzig und die wohnung ist kalt"


@pytest.fixture
async def engine(fake_openai, tasks, fallback):
    engine = OpenAIEngine(
        tasks,
        model=fake_openai.model,
        api_key=fake_openai.api_key,
        base_url=fake_openai.base_url,
        fallback=fallback,
        business_id="heizung-mueller",
        business_name="Heizung Müller GmbH",
    )
    yield engine
    await engine.aclose()


async def test_request_carries_model_strict_schema_and_task_enum(engine, fake_openai, tasks):
    await engine.classify(CALLER_TEXT)

    assert fake_openai.problems == []
    [request] = fake_openai.requests
    assert request.body["model"] == "fake-model"
    assert request.headers["Authorization"] == "Bearer sk-test"
    response_format = request.body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema["properties"]["task"]["enum"] == [t.id for t in tasks] + ["unsure"]
    assert schema["additionalProperties"] is False
    # Issue 11: the model names a danger first and marks topic changes, next to the task.
    assert sorted(schema["required"]) == ["confidence", "danger", "task", "topic_change"]
    assert "none" in schema["properties"]["danger"]["enum"]
    system = request.messages[0]
    assert system["role"] == "system"
    for task in tasks:
        assert f"{task.id}: {task.name}" in system["content"]
    assert "Meine Heizung ist ausgefallen." in system["content"]  # examples are listed
    assert request.messages[-1] == {"role": "user", "content": CALLER_TEXT}


async def test_good_answer_is_the_models_classification(engine, fake_openai, fallback):
    fake_openai.answers["call_reason"] = {"task": "notfall", "confidence": 0.97}

    result = await engine.classify("es riecht nach gas im keller")

    assert (result.task, result.engine) == ("notfall", "openai")
    assert result.confidence == pytest.approx(0.97)
    assert result.ms > 0


async def test_model_saying_unsure_means_no_task(engine, fake_openai):
    fake_openai.answers["call_reason"] = {"task": "unsure", "confidence": 0.2}

    result = await engine.classify("ähm ja also")

    assert result.task is None
    assert result.engine == "openai"


async def test_dialogue_context_goes_as_prior_messages(engine, fake_openai):
    context = DialogueContext(
        turns=(
            ContextTurn("bot", "Worum geht es bei Ihrem Anruf?"),
            ContextTurn("caller", "wegen der heizung"),
        ),
        current_task="stoerung",
    )

    await engine.classify("die ist seit gestern aus", context)

    [request] = fake_openai.requests
    roles = [(m["role"], m["content"]) for m in request.messages[1:]]
    assert roles == [
        ("assistant", "Worum geht es bei Ihrem Anruf?"),
        ("user", "wegen der heizung"),
        ("user", "die ist seit gestern aus"),
    ]
    assert '"stoerung"' in request.messages[0]["content"]


async def test_a_slow_model_is_cut_off_at_the_budget(engine, fake_openai, fallback):
    fake_openai.mode = "slow"
    fake_openai.delay_seconds = 10

    started = time.perf_counter()
    with capture_logs() as logs:
        result = await engine.classify(CALLER_TEXT)
    elapsed = time.perf_counter() - started

    # Cut off long before the model's 10 s; how close to the budget: benchmarks/llm_budget.py.
    assert engine.budget_seconds <= elapsed < 5  # it did wait for the model first
    assert (result.task, result.engine) == ("rueckruf", "local")
    assert result.reason.startswith("fallback: timeout after 1.50 s")
    assert result.ms == pytest.approx(elapsed * 1000, rel=0.05)
    assert any(entry["event"] == "llm_fallback" and "timeout" in entry["reason"] for entry in logs)


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("error500", "HTTP 500"),
        ("error429", "HTTP 429"),
        ("refusal", "refusal"),
        ("invalid_json", "invalid JSON"),
        ("drop", "connection error"),
    ],
)
async def test_bad_answers_fall_back_and_log_without_caller_text(engine, fake_openai, fallback, mode, reason):
    fake_openai.mode = mode

    with capture_logs() as logs:
        result = await engine.classify(CALLER_TEXT)

    assert (result.task, result.engine) == ("rueckruf", "local")
    assert result.reason.startswith(f"fallback: {reason}")
    assert fallback.calls == ["classify"]
    [warning] = [entry for entry in logs if entry["event"] == "llm_fallback"]
    assert warning["log_level"] == "warning"
    assert warning["reason"] == reason
    assert warning["business"] == "heizung-mueller"
    everything_logged = repr(logs)
    assert "mustermann" not in everything_logged
    assert "therme" not in everything_logged


async def test_a_task_id_outside_the_business_is_unsure_and_logged_without_caller_text(engine, fake_openai, fallback):
    fake_openai.mode = "unknown_task"

    with capture_logs() as logs:
        result = await engine.classify(CALLER_TEXT)

    # The rule: not one of the task ids -> "unsure", so the bot asks again.
    assert (result.task, result.engine) == (None, "openai")
    assert result.reason == "model: unknown task id"
    [warning] = [entry for entry in logs if entry["event"] == "llm_unknown_task"]
    assert warning["log_level"] == "warning"
    above_debug = repr([entry for entry in logs if entry["log_level"] != "debug"])
    assert "pizza" not in above_debug
    assert "mustermann" not in repr(logs) and "therme" not in repr(logs)


async def test_schema_violation_falls_back(engine, fake_openai):
    fake_openai.answers["call_reason"] = {"task": "stoerung", "confidence": "sehr hoch"}

    result = await engine.classify(CALLER_TEXT)

    assert result.engine == "local"
    assert result.reason.startswith("fallback: schema violation")


async def test_empty_text_is_unsure_without_asking_the_model(engine, fake_openai):
    for text in ("", "   \n\t"):
        result = await engine.classify(text)
        assert result.task is None
    assert fake_openai.requests == []


async def test_very_long_text_is_truncated_not_fatal(engine, fake_openai):
    text = "meine heizung ist kaputt " * 400  # 10,000 characters

    result = await engine.classify(text)

    assert result.engine == "openai"
    assert len(fake_openai.requests[0].messages[-1]["content"]) == MAX_TEXT_CHARS


async def test_single_task_business_still_works(fake_openai, fallback, tasks):
    fake_openai.task_ids = ["rueckruf"]
    fake_openai.answers["call_reason"] = {"task": "rueckruf", "confidence": 0.8}
    async with OpenAIEngine(
        tasks[:1], model=fake_openai.model, api_key=fake_openai.api_key, base_url=fake_openai.base_url, fallback=fallback
    ) as engine:
        result = await engine.classify("bitte rufen sie mich zurück")

    assert fake_openai.problems == []
    assert (result.task, result.engine) == ("rueckruf", "openai")
    assert fake_openai.requests[0].schema["properties"]["task"]["enum"] == ["rueckruf", "unsure"]


async def test_wrong_key_is_rejected_by_the_server_and_falls_back(fake_openai, fallback, tasks):
    async with OpenAIEngine(
        tasks, model=fake_openai.model, api_key="sk-wrong", base_url=fake_openai.base_url, fallback=fallback
    ) as engine:
        result = await engine.classify(CALLER_TEXT)

    assert result.engine == "local"
    assert result.reason.startswith("fallback: HTTP 400")


async def test_unreachable_server_falls_back_quickly(fallback, tasks):
    async with OpenAIEngine(tasks, model="m", api_key="k", base_url="http://127.0.0.1:9/v1", fallback=fallback) as engine:
        started = time.perf_counter()
        result = await engine.classify(CALLER_TEXT)

    assert result.engine == "local"
    assert result.reason.startswith("fallback: connection error")
    assert time.perf_counter() - started < engine.budget_seconds


# --------------------------------------------------------------------------- issue 11


async def test_prompt_carries_the_rules_for_emergencies_estimates_invoices_and_topic_changes(engine, fake_openai):
    await engine.classify("zu teuer wir sagen ab")

    assert fake_openai.problems == []
    system = fake_openai.requests[0].messages[0]["content"]
    assert 'Die Notfall-Aufgabe dieses Betriebs hat die Kennung "notfall"' in system
    for rule in ("Überdruckventil", "es riecht nicht nach Gas", "Voranschlag Nummer", "zu viel berechnet", "Wärmepumpe"):
        assert rule in system, rule
    assert "eigentlich geht es um die Rechnung" in system


async def test_a_danger_named_by_the_model_decides_over_its_task(engine, fake_openai):
    fake_openai.answers["call_reason"] = {"danger": "gas", "task": "stoerung", "topic_change": False, "confidence": 0.6}

    result = await engine.classify("die therme ist aus und es riecht nach gas")

    assert (result.task, result.engine) == ("notfall", "openai")
    assert result.confidence >= 0.9
    assert "danger=gas" in result.reason


async def test_the_local_rules_catch_a_danger_the_model_missed(fake_openai, tasks):
    from zentrale.bot.intents.local import LocalEngine

    fake_openai.answers["call_reason"] = {"danger": "none", "task": "stoerung", "topic_change": False, "confidence": 0.8}
    engine = OpenAIEngine(
        tasks, model=fake_openai.model, api_key=fake_openai.api_key, base_url=fake_openai.base_url, fallback=LocalEngine(tasks)
    )
    try:
        missed = await engine.classify("die heizung ist kalt und im keller riecht es nach gas")
        denied = await engine.classify("es riecht nicht nach gas aber die heizung ist kalt")
    finally:
        await engine.aclose()

    assert (missed.task, missed.engine) == ("notfall", "openai")
    assert missed.confidence >= 0.9
    assert denied.task == "stoerung"  # a denied smell stays what the model said


async def test_a_topic_change_is_taken_with_good_confidence(engine, fake_openai):
    fake_openai.answers["call_reason"] = {"danger": "none", "task": "rechnung", "topic_change": True, "confidence": 0.55}
    context = DialogueContext(
        turns=[ContextTurn("caller", "meine heizung ist kalt"), ContextTurn("bot", "Wie ist Ihr Name?")],
        current_task="stoerung",
    )

    result = await engine.classify("nein warten sie eigentlich geht es um die rechnung", context)

    assert result.task == "rechnung"
    assert result.confidence >= 0.85


async def test_an_unknown_danger_kind_is_a_schema_violation_and_falls_back(engine, fake_openai, fallback):
    fake_openai.answers["call_reason"] = {"danger": "aliens", "task": "stoerung", "topic_change": False, "confidence": 0.9}

    result = await engine.classify("irgendwas")

    assert result.engine == fallback.name
    assert "danger" in result.reason


async def test_the_model_is_told_every_kind_of_emergency_and_the_false_ones(engine, fake_openai):
    await engine.classify("der melder piept und mir ist schwindlig")

    assert fake_openai.problems == []
    [request] = fake_openai.requests
    system = request.messages[0]["content"]
    schema = request.body["response_format"]["json_schema"]["schema"]
    danger = schema["properties"]["danger"]
    # Each danger the local engine overrides for has a kind the model can name ...
    assert {"gas", "water", "smoke_co", "overpressure", "frost"} <= set(danger["enum"])
    for words in ("faulen Eiern", "nicht abstellen", "Rauchmelder", "bläst ab", "Frost", "Minusgrade"):
        assert words in danger["description"], words
        assert words in system, words
    # ... the dialogue, not the model, gives the advice for the main valve or the gas ...
    assert "Haupthahn schließen" in system and "sagt der Dialog" in system
    # ... and the words that only sound dangerous are named as no emergency.
    for false_alarm in ("Nachname", "Rauchfangkehrer", "Gasrechnung", "Gastherme warten", "Rauchmelder montieren"):
        assert false_alarm in system, false_alarm
    assert "abgestellt und trocken" in system


async def test_the_model_is_told_the_estimate_invoice_and_new_heating_lines(engine, fake_openai):
    await engine.classify("was würde denn so eine wärmepumpe ungefähr kosten")

    system = fake_openai.requests[0].messages[0]["content"]
    task_description = fake_openai.requests[0].body["response_format"]["json_schema"]["schema"]["properties"]["task"]
    assert "was eine Wärmepumpe ungefähr kostet" in system  # -> new heating, not a quote
    assert "Stundensatz" in system and "Stundensatz" in task_description["description"]
    assert "Rechnung höher als der Kostenvoranschlag" in system
    assert "rufen Sie mich zurück wegen meiner Rechnung" in system
    assert "schicken Sie jemanden" in system  # a fault is no booking
    assert "Vorstellungsgespräch verschieben" in system


async def test_frost_named_by_the_model_goes_to_the_emergency_task(engine, fake_openai):
    fake_openai.answers["call_reason"] = {"danger": "frost", "task": "stoerung", "topic_change": False, "confidence": 0.7}

    result = await engine.classify("minus zwölf draußen und die heizung ist komplett aus")

    assert (result.task, result.engine) == ("notfall", "openai")
    assert "danger=frost" in result.reason


async def test_the_local_net_catches_frost_and_running_water_but_not_a_surname(fake_openai, tasks):
    from zentrale.bot.intents.local import LocalEngine

    fake_openai.answers["call_reason"] = {"danger": "none", "task": "stoerung", "topic_change": False, "confidence": 0.8}
    engine = OpenAIEngine(
        tasks, model=fake_openai.model, api_key=fake_openai.api_key, base_url=fake_openai.base_url, fallback=LocalEngine(tasks)
    )
    try:
        frost = await engine.classify("wir haben minus acht und die heizung geht gar nicht mehr")
        water = await engine.classify("ich krieg das wasser nicht abgestellt es läuft aus der wand")
        surname = await engine.classify("mein name ist rauch die heizung ist kalt")
        shut_off = await engine.classify("das rohr hat getropft ich hab den haupthahn zugedreht jetzt ist es trocken")
    finally:
        await engine.aclose()

    assert frost.task == "notfall" and water.task == "notfall"
    assert surname.task == "stoerung" and shut_off.task == "stoerung"  # what the model said stays
