"""``zentrale classify`` and ``zentrale eval-intents`` as an operator runs them."""

from __future__ import annotations

import io
import json

import pytest
import structlog

from zentrale.cli import main


@pytest.fixture(autouse=True)
def _restore_logging(monkeypatch):
    # main() configures structlog for the process; keep that from leaking into other tests.
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    yield
    structlog.reset_defaults()


def _lines(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_classify_prints_one_json_object_per_text(write_config, capsys):
    config = write_config()

    code = main(["classify", "--config", str(config), "--engine", "local", "Es riecht nach Gas im Keller!", ""])

    out = capsys.readouterr().out
    assert code == 0
    first, second = _lines(out)
    assert list(first) == ["text", "task", "confidence", "engine", "ms"]
    assert first["text"] == "Es riecht nach Gas im Keller!"
    assert first["task"] == "notfall"
    assert first["engine"] == "local"
    assert 0 < first["confidence"] <= 1
    assert first["confidence"] == round(first["confidence"], 3)
    assert first["ms"] == round(first["ms"], 2)
    assert second["text"] == "" and second["task"] is None  # empty text: unsure, no crash


def test_classify_reads_stdin_one_text_per_line_and_keeps_umlauts(write_config, capsys, monkeypatch, task_ids):
    config = write_config()
    monkeypatch.setattr("sys.stdin", io.StringIO("meine heizung bleibt kalt\n\nich möchte eine rückruf bitte\n"))

    code = main(["classify", "--config", str(config), "--engine", "local"])

    out = capsys.readouterr().out
    assert code == 0
    results = _lines(out)
    assert [r["text"] for r in results] == ["meine heizung bleibt kalt", "ich möchte eine rückruf bitte"]
    assert "möchte" in out  # not \u00f6 escapes
    assert all(r["task"] in task_ids or r["task"] is None for r in results)


def test_business_may_be_omitted_only_with_a_single_business(write_config, capsys):
    folder = write_config("heizung-mueller", "sanitaer-huber")

    code = main(["classify", "--config", str(folder), "--engine", "local", "hallo"])

    err = capsys.readouterr().err
    assert code == 1
    assert "error:" in err and "--business" in err
    assert "heizung-mueller" in err and "sanitaer-huber" in err

    code = main(["classify", "--config", str(folder), "--business", "sanitaer-huber", "--engine", "local", "hallo"])
    assert code == 0
    assert len(_lines(capsys.readouterr().out)) == 1

    code = main(["classify", "--config", str(folder), "--business", "nobody", "hallo"])
    err = capsys.readouterr().err
    assert code == 1
    assert "nobody" in err and "heizung-mueller" in err


def test_classify_with_the_openai_engine_talks_to_the_configured_server(write_config, capsys, threaded_fake_openai):
    fake = threaded_fake_openai
    fake.answers["call_reason"] = {"task": "rechnung", "confidence": 0.88}
    with fake.running_in_thread() as base_url:
        config = write_config(intents={"openai": {"model": fake.model, "base_url": base_url, "api_key": fake.api_key}})
        code = main(["classify", "--config", str(config), "--engine", "openai", "die rechnung ist zu hoch"])

    [result] = _lines(capsys.readouterr().out)
    assert code == 0
    assert fake.problems == []
    assert result["task"] == "rechnung"
    assert result["engine"] == "openai"
    assert result["confidence"] == 0.88


def test_openai_engine_without_key_is_an_error_not_a_traceback(write_config, capsys):
    config = write_config()

    code = main(["classify", "--config", str(config), "--engine", "openai", "hallo"])

    err = capsys.readouterr().err
    assert code == 1
    [error] = [line for line in err.splitlines() if line.startswith("error:")]
    assert "OPENAI_API_KEY" in error
    assert "Traceback" not in err


def test_invalid_config_prints_file_and_line(tmp_path, capsys):
    config = tmp_path / "kaputt.yaml"
    config.write_text("version: 1\nbusiness:\n  id: heizung-mueller\n  nmae: Tippfehler\ntasks: []\n", encoding="utf-8")

    code = main(["classify", "--config", str(config), "hallo"])

    err = capsys.readouterr().err
    assert code == 1
    assert f"{config}:4" in err


def test_eval_intents_prints_accuracy_and_the_confusion_matrix(write_config, tmp_path, capsys):
    config = write_config()
    cases = tmp_path / "cases.tsv"
    cases.write_text(
        "notfall\tEs riecht nach Gas im Keller\n"
        "stoerung\tmeine heizung ist ausgefallen\n"
        "rechnung\tich habe eine frage zu ihrer rechnung\n",
        encoding="utf-8",
    )

    code = main(["eval-intents", "--config", str(config), "--engine", "local", str(cases)])

    out = capsys.readouterr().out
    assert code == 0
    assert "accuracy" in out.lower()
    for task_id in ("notfall", "stoerung", "rechnung"):
        assert task_id in out


def test_eval_intents_names_the_malformed_line(write_config, tmp_path, capsys):
    config = write_config()
    cases = tmp_path / "cases.tsv"
    cases.write_text("notfall\tEs riecht nach Gas\nstoerung\theizung kalt\nnur text ohne tabulator\n", encoding="utf-8")

    code = main(["eval-intents", "--config", str(config), str(cases)])

    captured = capsys.readouterr()
    assert code == 1
    assert f"{cases}:3:" in captured.err
    assert captured.out == ""


def test_eval_intents_missing_file_is_an_error(write_config, tmp_path, capsys):
    code = main(["eval-intents", "--config", str(write_config()), str(tmp_path / "nope.tsv")])

    assert code == 1
    assert "nope.tsv" in capsys.readouterr().err


def test_eval_intents_with_the_openai_engine(write_config, tmp_path, capsys, threaded_fake_openai):
    fake = threaded_fake_openai
    fake.answers["call_reason"] = {"task": "notfall", "confidence": 0.9}
    cases = tmp_path / "cases.tsv"
    cases.write_text("notfall\tes riecht nach gas\nrechnung\tfrage zur rechnung\n", encoding="utf-8")
    with fake.running_in_thread() as base_url:
        config = write_config(intents={"openai": {"model": fake.model, "base_url": base_url, "api_key": fake.api_key}})
        code = main(["eval-intents", "--config", str(config), "--engine", "openai", str(cases)])

    out = capsys.readouterr().out
    assert code == 0
    assert fake.problems == [] and len(fake.requests) == 2
    assert "engine: openai" in out
    assert "accuracy: 50.0%" in out


def test_eval_intents_rejects_task_ids_the_business_does_not_have(write_config, tmp_path, capsys):
    cases = tmp_path / "cases.tsv"
    cases.write_text("notfall\tes riecht nach gas\npizza\tzwei margherita bitte\n", encoding="utf-8")

    code = main(["eval-intents", "--config", str(write_config()), str(cases)])

    err = capsys.readouterr().err
    assert code == 1
    assert f"{cases}:2:" in err and "pizza" in err
