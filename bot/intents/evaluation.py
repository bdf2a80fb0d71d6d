"""Measure an intent engine on labelled caller sentences.

A case file has one case per line: ``task_id<TAB>text``. Blank lines and lines starting with
``#`` are skipped; ``unsure`` or ``-`` as task id means the engine should answer "unsure".
:func:`evaluate` runs every case through the engine and reports accuracy, per-task
precision/recall, the confusion matrix and latency percentiles.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zentrale.bot.intents.base import IntentEngine

UNSURE = "unsure"
_UNSURE_MARKERS = frozenset({"unsure", "-"})


class CaseFileError(ValueError):
    """A malformed case file; ``line`` is 1-based (0 when the file cannot be read)."""

    def __init__(self, path: str | Path, line: int, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Case:
    task: str | None  # expected task id, None = expected "unsure"
    text: str
    line: int = 0


def load_cases(path: str | Path, known_tasks: Collection[str] | None = None) -> list[Case]:
    """Read ``task_id<TAB>text`` lines. Raises :class:`CaseFileError` with the line number."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise CaseFileError(path, 0, f"cannot read the file ({exc.strerror or exc})") from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CaseFileError(path, line, "not UTF-8 text") from None
    known = set(known_tasks) if known_tasks is not None else None
    cases: list[Case] = []
    for number, row in enumerate(content.splitlines(), start=1):
        if not row.strip() or row.lstrip().startswith("#"):
            continue
        if "\t" not in row:
            raise CaseFileError(path, number, "expected 'task_id<TAB>text' but there is no tab")
        task, text = row.split("\t", 1)
        task, text = task.strip(), text.strip()
        if not task:
            raise CaseFileError(path, number, "the task id before the tab is empty")
        if not text:
            raise CaseFileError(path, number, f"the text after task id '{task}' is empty")
        if task in _UNSURE_MARKERS:
            cases.append(Case(None, text, number))
            continue
        if known is not None and task not in known:
            allowed = ", ".join(sorted(known)) or "(none)"
            raise CaseFileError(path, number, f"unknown task id '{task}' (known: {allowed}; 'unsure' or '-' for no task)")
        cases.append(Case(task, text, number))
    if not cases:
        raise CaseFileError(path, 0, "the file contains no cases")
    return cases


@dataclass(frozen=True)
class TaskStats:
    precision: float
    recall: float
    support: int  # expected cases of this label
    predicted: int  # cases the engine gave this label


@dataclass
class EvalReport:
    engine: str
    total: int
    correct: int
    labels: list[str]  # task ids in first-seen order, then "unsure"
    per_task: dict[str, TaskStats]
    confusion: dict[str, dict[str, int]]  # expected label -> predicted label -> count
    p50_ms: float
    p99_ms: float
    mean_ms: float
    errors: list[tuple[Case, str]] = field(default_factory=list)  # (case, predicted label)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of ``values``; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100.0 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def _label(task: str | None) -> str:
    return task if task is not None else UNSURE


def _report(engine_name: str, cases: Sequence[Case], predictions: Sequence[str | None], times: Sequence[float]) -> EvalReport:
    labels: list[str] = []
    for case in cases:
        if _label(case.task) not in labels and case.task is not None:
            labels.append(case.task)
    for prediction in predictions:
        if prediction is not None and prediction not in labels:
            labels.append(prediction)
    labels.append(UNSURE)
    confusion: dict[str, dict[str, int]] = {a: {b: 0 for b in labels} for a in labels}
    correct = 0
    errors: list[tuple[Case, str]] = []
    for case, prediction in zip(cases, predictions, strict=True):
        expected, got = _label(case.task), _label(prediction)
        confusion[expected][got] += 1
        if expected == got:
            correct += 1
        else:
            errors.append((case, got))
    per_task: dict[str, TaskStats] = {}
    for label in labels:
        tp = confusion[label][label]
        support = sum(confusion[label].values())
        predicted = sum(confusion[other][label] for other in labels)
        per_task[label] = TaskStats(
            precision=tp / predicted if predicted else 0.0,
            recall=tp / support if support else 0.0,
            support=support,
            predicted=predicted,
        )
    return EvalReport(
        engine=engine_name,
        total=len(cases),
        correct=correct,
        labels=labels,
        per_task=per_task,
        confusion=confusion,
        p50_ms=percentile(times, 50),
        p99_ms=percentile(times, 99),
        mean_ms=sum(times) / len(times) if times else 0.0,
        errors=errors,
    )


async def evaluate_async(engine: IntentEngine, cases: Sequence[Case]) -> EvalReport:
    """Like :func:`evaluate`, for use inside a running event loop (any ``IntentEngine``)."""
    predictions: list[str | None] = []
    times: list[float] = []
    for case in cases:
        started = time.perf_counter()
        result = await engine.classify(case.text)
        times.append((time.perf_counter() - started) * 1000.0)
        predictions.append(result.task)
    return _report(getattr(engine, "name", type(engine).__name__), cases, predictions, times)


def evaluate(engine: IntentEngine, cases: Sequence[Case]) -> EvalReport:
    """Classify every case and measure the time around each call.

    Engines with a synchronous ``classify_sync`` (the local engine) are called directly; any
    other ``IntentEngine`` is driven through one event loop. Inside a running loop use
    :func:`evaluate_async`.
    """
    classify_sync = getattr(engine, "classify_sync", None)
    if classify_sync is None:
        return asyncio.run(evaluate_async(engine, cases))
    predictions: list[str | None] = []
    times: list[float] = []
    for case in cases:
        started = time.perf_counter()
        result = classify_sync(case.text)
        times.append((time.perf_counter() - started) * 1000.0)
        predictions.append(result.task)
    return _report(getattr(engine, "name", type(engine).__name__), cases, predictions, times)


def format_report(report: EvalReport, *, show_errors: int = 0) -> str:
    """A readable multi-line report: accuracy, per-task P/R, confusion matrix, latency."""
    lines = [
        f"engine: {report.engine}",
        f"cases: {report.total}  correct: {report.correct}  accuracy: {report.accuracy:.1%}",
        f"latency: p50 {report.p50_ms:.3f} ms  p99 {report.p99_ms:.3f} ms  mean {report.mean_ms:.3f} ms",
        "",
        f"{'task':<16} {'precision':>9} {'recall':>7} {'support':>8} {'predicted':>9}",
    ]
    for label in report.labels:
        stats = report.per_task[label]
        if stats.support == 0 and stats.predicted == 0:
            continue
        lines.append(f"{label:<16} {stats.precision:>9.1%} {stats.recall:>7.1%} {stats.support:>8d} {stats.predicted:>9d}")
    shown = [label for label in report.labels if report.per_task[label].support or report.per_task[label].predicted]
    width = max(6, *(len(label) for label in shown))
    lines += ["", "confusion (rows: expected, columns: predicted)"]
    lines.append(" " * (width + 1) + " ".join(f"{label[:width]:>{width}}" for label in shown))
    for expected in shown:
        row = " ".join(f"{report.confusion[expected][got]:>{width}d}" for got in shown)
        lines.append(f"{expected:<{width}} {row}")
    if show_errors and report.errors:
        lines += ["", f"errors (first {min(show_errors, len(report.errors))} of {len(report.errors)})"]
        for case, got in report.errors[:show_errors]:
            lines.append(f"  line {case.line}: expected {_label(case.task)}, got {got}: {case.text}")
    return "\n".join(lines)
