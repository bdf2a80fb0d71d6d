"""What a hanging language model costs a call turn.

Starts the fake OpenAI-compatible server (tests/bot/fake_openai.py) in this process with
answers that take 10 s, runs N turns through ``OpenAIEngine`` with the business's budget
(default 1.5 s) and the local engine as fallback, and prints p50/p99/max turn time against
budget + 50 ms. As a reference, the same run measures the bare local engine per turn.

    .venv/bin/python benchmarks/llm_budget.py [--config config/examples/heizung-mueller.yaml] [--turns 10]

Exits 1 when a turn took longer than budget + 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import statistics
import sys
import time
from pathlib import Path

from aiohttp import web

from zentrale.bot.intents.factory import build_local_engine
from zentrale.bot.intents.openai_engine import OpenAIEngine
from zentrale.config import ConfigError, load_config
from zentrale.logs import configure_logging

ROOT = Path(__file__).resolve().parents[1]
ALLOWED_OVERRUN_MS = 50.0

# Timing sentences only (not the held-out accuracy set): what callers say, ASR style.
SENTENCES = (
    "guten tag meine heizung ist seit heute morgen kalt und die therme zeigt f achtundzwanzig",
    "es riecht im keller nach gas was soll ich machen",
    "ich hätte gern einen termin für die wartung von meinem kessel",
    "können sie mir ein angebot für eine wärmepumpe machen",
    "ich hab eine frage zu ihrer rechnung vom letzten monat",
    "bitte rufen sie mich zurück ich bin unter null eins sieben eins fünf fünf fünf null eins zwo drei erreichbar",
    "der wasserhahn im bad tropft seit einer woche",
    "ich wollte mich für die ausbildung als anlagenmechaniker bewerben",
)


def _load_fake():
    path = ROOT / "tests" / "bot" / "fake_openai.py"
    spec = importlib.util.spec_from_file_location("zentrale_bench_fake_openai", path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the fake server from {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module.FakeOpenAI


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


async def run(config_path: Path, business_id: str | None, turns: int, delay: float, local_rounds: int) -> int:
    try:
        installation = load_config(config_path)
    except ConfigError as exc:
        print(f"invalid configuration:\n{exc}", file=sys.stderr)
        return 2
    business = installation.business(business_id) if business_id else installation.businesses[0]
    budget = business.intents.budget_seconds
    bound_ms = budget * 1000 + ALLOWED_OVERRUN_MS

    fake_class = _load_fake()
    fake = fake_class(task_ids=[t.id for t in business.tasks], mode="slow", delay_seconds=delay)
    runner = web.AppRunner(fake.app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]

    local = build_local_engine(business)
    engine = OpenAIEngine(
        business.tasks,
        model=fake.model,
        api_key=fake.api_key,
        base_url=f"http://{host}:{port}/v1",
        budget_seconds=budget,
        fallback=local,
        region=business.business.region,
        business_id=business.id,
    )
    turn_ms: list[float] = []
    engines: set[str] = set()
    try:
        for i in range(turns):
            started = time.perf_counter()
            result = await engine.classify(SENTENCES[i % len(SENTENCES)])
            turn_ms.append((time.perf_counter() - started) * 1000)
            engines.add(result.engine)
    finally:
        await engine.aclose()
        fake.release()
        await runner.cleanup()

    local_ms: list[float] = []
    for i in range(local_rounds):
        started = time.perf_counter()
        await local.classify(SENTENCES[i % len(SENTENCES)])
        local_ms.append((time.perf_counter() - started) * 1000)

    worst = max(turn_ms)
    verdict = "OK" if worst <= bound_ms else "EXCEEDED"
    print(f"business {business.id}: fake model answers after {delay:.1f} s; budget {budget:.2f} s")
    print(
        f"openai engine, {turns} turns: p50 {statistics.median(turn_ms):.1f} ms  "
        f"p99 {_percentile(turn_ms, 99):.1f} ms  max {worst:.1f} ms  "
        f"(bound {bound_ms:.0f} ms: {verdict}; answered by {', '.join(sorted(engines))})"
    )
    print(
        f"bare local engine, {local_rounds} turns: p50 {statistics.median(local_ms):.3f} ms  "
        f"p99 {_percentile(local_ms, 99):.3f} ms  max {max(local_ms):.3f} ms"
    )
    return 0 if verdict == "OK" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "config" / "examples" / "heizung-mueller.yaml")
    parser.add_argument("--business", default=None)
    parser.add_argument("--turns", type=int, default=10, help="turns through the slow model (each costs the budget)")
    parser.add_argument("--delay", type=float, default=10.0, help="seconds the fake model takes to answer")
    parser.add_argument("--local-rounds", type=int, default=2000, help="turns through the bare local engine")
    args = parser.parse_args(argv)
    configure_logging("console", "ERROR")  # every turn falls back on purpose: print figures, not warnings
    if args.turns < 1 or args.local_rounds < 1:
        parser.error("--turns and --local-rounds must be at least 1")
    return asyncio.run(run(args.config, args.business, args.turns, args.delay, args.local_rounds))


if __name__ == "__main__":
    raise SystemExit(main())
