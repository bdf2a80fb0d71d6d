"""Intent commands: ``zentrale classify`` and ``zentrale eval-intents``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zentrale.cli import Subparsers

if TYPE_CHECKING:
    from zentrale.bot.intents.base import IntentEngine
    from zentrale.config import BusinessConfig

ENGINE_CHOICES = ("local", "openai", "auto")


def register(sub: Subparsers) -> None:
    classify = sub.add_parser(
        "classify",
        help="classify caller sentences into a business's tasks (one JSON object per line)",
        description=(
            "Classify German caller sentences into the business's tasks. Texts come from the arguments, "
            "or one per line from stdin. Prints one JSON object per text: "
            '{"text", "task" (null = unsure), "confidence", "engine", "ms"}.'
        ),
    )
    _common_options(classify)
    classify.add_argument("texts", nargs="*", metavar="TEXT", help="caller sentences (default: read stdin)")
    classify.set_defaults(func=_classify)

    evaluate = sub.add_parser(
        "eval-intents",
        help="measure an intent engine on a TSV file of task_id<TAB>text cases",
        description=(
            "Run every case of CASES.tsv (one `task_id<TAB>text` per line) through the engine and print accuracy, "
            "per-task precision/recall, the confusion "
            "matrix and p50/p99 milliseconds. Exits 1 on a malformed file, naming the line."
        ),
    )
    _common_options(evaluate)
    evaluate.add_argument("cases", type=Path, metavar="CASES.tsv", help="the test cases")
    evaluate.set_defaults(func=_eval_intents)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", required=True, type=Path, metavar="PATH", help="business YAML file or directory")
    parser.add_argument("--business", metavar="ID", help="business id (may be omitted when the config has exactly one business)")
    parser.add_argument(
        "--engine",
        choices=ENGINE_CHOICES,
        default=None,
        help="intent engine (default: the business's intents.engine)",
    )


def _load_business(args: argparse.Namespace) -> BusinessConfig:
    from zentrale.config import ConfigError, load_config
    from zentrale.errors import CliError

    try:
        installation = load_config(args.config)
    except ConfigError as exc:
        raise CliError(f"invalid configuration:\n{exc}") from None
    businesses = list(installation.businesses)
    ids = [b.id for b in businesses]
    if args.business is None:
        if len(businesses) == 1:
            return businesses[0]
        raise CliError(f"{args.config} configures {len(ids)} businesses; choose one with --business: {', '.join(ids)}")
    for business in businesses:
        if business.id == args.business:
            return business
    raise CliError(f"no business {args.business!r} in {args.config}; known: {', '.join(ids) or '(none)'}")


def _classify(args: argparse.Namespace) -> int:
    import asyncio
    import json

    from zentrale.bot.intents.factory import build_engine

    business = _load_business(args)
    if args.texts:
        texts = list(args.texts)
    else:
        texts = [line.rstrip("\r\n") for line in sys.stdin]
        texts = [text for text in texts if text.strip()]

    async def run() -> None:
        engine = build_engine(business, engine=args.engine)
        try:
            for text in texts:
                result = await engine.classify(text)
                line = {
                    "text": text,
                    "task": result.task,
                    "confidence": round(result.confidence, 3),
                    "engine": result.engine,
                    "ms": round(result.ms, 2),
                }
                print(json.dumps(line, ensure_ascii=False), flush=True)
        finally:
            await _close(engine)

    asyncio.run(run())
    return 0


def _eval_intents(args: argparse.Namespace) -> int:
    import asyncio

    from zentrale.bot.intents.evaluation import CaseFileError, evaluate, evaluate_async, format_report, load_cases
    from zentrale.bot.intents.factory import build_engine
    from zentrale.errors import CliError

    business = _load_business(args)
    try:
        cases = load_cases(args.cases, known_tasks=[task.id for task in business.tasks])
    except CaseFileError as exc:
        # str(exc) is "FILE:LINE: reason" (just "FILE: reason" when the file cannot be read).
        raise CliError(str(exc)) from None

    engine = build_engine(business, engine=args.engine)
    if hasattr(engine, "classify_sync"):
        # The local engine: measured without an event loop in between.
        report = evaluate(engine, cases)
    else:

        async def run() -> Any:
            try:
                return await evaluate_async(engine, cases)
            finally:
                await _close(engine)

        report = asyncio.run(run())
    print(format_report(report))
    return 0


async def _close(engine: IntentEngine) -> None:
    closer = getattr(engine, "aclose", None)
    if closer is not None:
        await closer()
