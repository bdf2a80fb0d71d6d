"""Accuracy and latency of the local intent engine on labelled caller sentences.

    .venv/bin/python benchmarks/intent_accuracy.py [--config PATH] [--business ID] [--cases PATH]

Defaults: the German example business (config/examples/heizung-mueller.yaml) and its held-out
set (benchmarks/data/heizung_mueller_heldout.tsv). Prints the engine's load time, accuracy,
per-task precision/recall, the confusion matrix, the emergency recall (share of the cases labelled
with the business's emergency task that the engine put there) and p50/p99 milliseconds per
utterance, and, as
a reference measured in the same run on the same cases, a naive baseline that only looks for the
tasks' configured ``keywords`` (and names) in the folded text.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from zentrale.bot.intents.base import Classification, TaskLike
from zentrale.bot.intents.evaluation import CaseFileError, evaluate, format_report, load_cases
from zentrale.bot.intents.factory import build_local_engine
from zentrale.bot.intents.local import find_emergency_task
from zentrale.bot.intents.normalize import fold
from zentrale.config import EXAMPLES_DIR, ConfigError, load_config
from zentrale.logs import configure_logging

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CONFIG = EXAMPLES_DIR / "heizung-mueller.yaml"
DEFAULT_CASES = ROOT / "benchmarks" / "data" / "heizung_mueller_heldout.tsv"
TARGET_ACCURACY = 0.95
TARGET_EMERGENCY_RECALL = 1.0
TARGET_P99_MS = 5.0


class KeywordBaseline:
    """Naive reference: the task whose keywords (or name) occur most often as substrings wins."""

    name = "keyword-baseline"

    def __init__(self, tasks: Sequence[TaskLike]) -> None:
        self.tasks = [(t.id, [fold(k) for k in (*t.keywords, t.name) if k.strip()]) for t in tasks]

    def classify_sync(self, text: str, context: object = None) -> Classification:
        started = time.perf_counter()
        folded = fold(text or "")
        best, best_hits = None, 0
        for task_id, keywords in self.tasks:
            hits = sum(1 for k in keywords if k in folded)
            if hits > best_hits:
                best, best_hits = task_id, hits
        return Classification(best, 1.0 if best else 0.0, self.name, (time.perf_counter() - started) * 1000.0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", type=Path, default=DEFAULT_CONFIG, help="business config YAML (or directory)")
    parser.add_argument("--business", help="business id (needed when the config has several)")
    parser.add_argument("--cases", type=Path, default=DEFAULT_CASES, help="task_id<TAB>text file")
    parser.add_argument("--errors", type=int, default=0, help="also list the first N misclassified cases")
    args = parser.parse_args(argv)
    configure_logging("console", "WARNING")  # the figures, not the debug chatter

    try:
        installation = load_config(args.config)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.business:
        business = installation.business(args.business)
    elif len(installation.businesses) == 1:
        business = installation.businesses[0]
    else:
        ids = ", ".join(b.id for b in installation.businesses)
        print(f"error: the config has several businesses, choose one with --business ({ids})", file=sys.stderr)
        return 1
    try:
        cases = load_cases(args.cases, [t.id for t in business.tasks])
    except CaseFileError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1

    started = time.perf_counter()
    engine = build_local_engine(business)  # as the bot builds it: thresholds, region, time zone, staff names
    load_ms = (time.perf_counter() - started) * 1000.0
    engine.classify_sync("warm-up")  # first call pays for lazy imports, not for classification

    report = evaluate(engine, cases)
    baseline = evaluate(KeywordBaseline(business.tasks), cases)

    print(f"business: {business.id}  tasks: {len(business.tasks)}  cases: {args.cases}")
    print(f"local engine load time: {load_ms:.1f} ms  threshold: {engine.threshold}")
    print()
    print(format_report(report, show_errors=args.errors))
    print()
    print("reference (same cases, same run):")
    print(f"  {baseline.engine}: accuracy {baseline.accuracy:.1%}  p50 {baseline.p50_ms:.3f} ms  p99 {baseline.p99_ms:.3f} ms")
    print(f"  local:            accuracy {report.accuracy:.1%}  p50 {report.p50_ms:.3f} ms  p99 {report.p99_ms:.3f} ms")
    # Emergency recall from the expected labels: of the cases that belong in the emergency task,
    # how many did the engine put there (a missed gas smell is the costliest error).
    emergency = find_emergency_task(business.tasks)
    recall: float | None = None
    if emergency is not None and emergency.id in report.confusion:
        row = report.confusion[emergency.id]
        expected = sum(row.values())
        if expected:
            recall = row[emergency.id] / expected
            missed = expected - row[emergency.id]
            false_alarms = sum(
                report.confusion[other].get(emergency.id, 0) for other in report.confusion if other != emergency.id
            )
            print(
                f"emergency recall ({emergency.id}): {recall:.1%}  ({row[emergency.id]}/{expected}, missed {missed}, "
                f"false alarms {false_alarms})"
            )
    if recall is None:
        print("emergency recall: n/a (no emergency task or no emergency cases)")
    ok = (
        report.accuracy >= TARGET_ACCURACY
        and report.p99_ms <= TARGET_P99_MS
        and (recall is None or recall >= TARGET_EMERGENCY_RECALL)
    )
    print(
        f"targets: accuracy >= {TARGET_ACCURACY:.0%}, emergency recall >= {TARGET_EMERGENCY_RECALL:.0%}, "
        f"p99 <= {TARGET_P99_MS:.0f} ms: " + ("met" if ok else "NOT met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
