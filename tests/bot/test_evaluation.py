"""Case files and the evaluation report the eval-intents command prints."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from zentrale.bot.intents.base import Classification
from zentrale.bot.intents.evaluation import CaseFileError, evaluate, evaluate_async, format_report, load_cases


def write(tmp_path, text: str, name: str = "cases.tsv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cases_are_read_with_comments_blank_lines_and_unsure(tmp_path):
    path = write(tmp_path, "# header\n\nstoerung\tDie Heizung ist kalt\nunsure\thallo\n-\tmoment\nrechnung\t Mahnung  \n")
    cases = load_cases(path, known_tasks={"stoerung", "rechnung"})
    assert [(c.task, c.text, c.line) for c in cases] == [
        ("stoerung", "Die Heizung ist kalt", 3),
        (None, "hallo", 4),
        (None, "moment", 5),
        ("rechnung", "Mahnung", 6),
    ]


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("stoerung\tok\nstoerung Heizung kalt\n", 2, "no tab"),
        ("# c\n\nstoerung\t   \n", 3, "empty"),
        ("stoerung\tok\n\tHeizung\n", 2, "task id"),
        ("stoerung\tok\nrechnung\tok\ngasleck\tes riecht\n", 3, "unknown task id 'gasleck'"),
    ],
)
def test_malformed_lines_are_reported_with_their_line_number(tmp_path, content, line, words):
    path = write(tmp_path, content)
    with pytest.raises(CaseFileError) as info:
        load_cases(path, known_tasks=["stoerung", "rechnung"])
    assert info.value.line == line
    assert words in str(info.value)
    assert f"cases.tsv:{line}:" in str(info.value)


def test_unknown_ids_pass_when_no_known_ids_are_given(tmp_path):
    assert load_cases(write(tmp_path, "irgendwas\ttext\n"))[0].task == "irgendwas"


def test_missing_empty_and_binary_files_are_clear_errors(tmp_path):
    with pytest.raises(CaseFileError, match="cannot read"):
        load_cases(tmp_path / "nope.tsv")
    with pytest.raises(CaseFileError, match="no cases"):
        load_cases(write(tmp_path, "# only a comment\n"))
    path = tmp_path / "bin.tsv"
    path.write_bytes(b"stoerung\tok\nrechnung\t\xff\xfe\n")
    with pytest.raises(CaseFileError) as info:
        load_cases(path)
    assert info.value.line == 2


@dataclass
class Scripted:
    """An engine that answers from a fixed table (to check the arithmetic of the report)."""

    answers: dict[str, str | None]
    name: str = "scripted"

    def classify_sync(self, text, context=None):
        return Classification(task=self.answers[text], confidence=1.0, engine=self.name, ms=0.0)

    async def classify(self, text, context=None):
        return self.classify_sync(text, context)


def _cases(tmp_path):
    return load_cases(write(tmp_path, "a\tx1\na\tx2\na\tx3\nb\ty1\nb\ty2\nunsure\tz1\n"))


ANSWERS = {"x1": "a", "x2": "a", "x3": "b", "y1": "b", "y2": None, "z1": "a"}


def test_report_counts_accuracy_precision_recall_and_confusion(tmp_path):
    report = evaluate(Scripted(ANSWERS), _cases(tmp_path))
    assert (report.total, report.correct) == (6, 3)
    assert report.accuracy == pytest.approx(0.5)
    assert report.labels == ["a", "b", "unsure"]
    assert report.per_task["a"].precision == pytest.approx(2 / 3)  # x1, x2 right; z1 wrong
    assert report.per_task["a"].recall == pytest.approx(2 / 3)
    assert report.per_task["b"].precision == pytest.approx(1 / 2)
    assert report.per_task["b"].recall == pytest.approx(1 / 2)
    assert report.per_task["unsure"].support == 1
    assert report.confusion["a"] == {"a": 2, "b": 1, "unsure": 0}
    assert report.confusion["b"] == {"a": 0, "b": 1, "unsure": 1}
    assert report.confusion["unsure"] == {"a": 1, "b": 0, "unsure": 0}
    assert report.p50_ms >= 0.0 and report.p99_ms >= report.p50_ms
    assert [case.text for case, _ in report.errors] == ["x3", "y2", "z1"]


async def test_async_engines_are_measured_the_same_way(tmp_path):
    class AsyncOnly:
        name = "async"

        async def classify(self, text, context=None):
            return Classification(task=ANSWERS[text], confidence=1.0, engine="async", ms=0.0)

    report = await evaluate_async(AsyncOnly(), _cases(tmp_path))
    assert report.correct == 3 and report.engine == "async"


def test_evaluate_drives_an_async_only_engine_outside_a_loop(tmp_path):
    class AsyncOnly:
        name = "async"

        async def classify(self, text, context=None):
            return Classification(task=ANSWERS[text], confidence=1.0, engine="async", ms=0.0)

    assert evaluate(AsyncOnly(), _cases(tmp_path)).correct == 3


def test_format_report_shows_the_figures(tmp_path):
    text = format_report(evaluate(Scripted(ANSWERS), _cases(tmp_path)), show_errors=5)
    assert "accuracy: 50.0%" in text
    assert "p50" in text and "p99" in text
    assert "confusion" in text
    lines = text.splitlines()
    row_a = next(line for line in lines if line.startswith("a ") and "%" not in line)
    assert row_a.split()[1:] == ["2", "1", "0"]
    assert "line 3: expected a, got b: x3" in text
