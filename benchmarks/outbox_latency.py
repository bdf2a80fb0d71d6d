"""Outbox delivery latency: from the commit of an activity to the activity in the trade software.

    .venv/bin/python benchmarks/outbox_latency.py [--activities 300] [--rate 20] [--database-url URL]

Starts the trade-API simulator (healthy: no faults) and zentrale's server app with its in-server
outbox worker (default concurrency) on a fresh, migrated database (a temporary SQLite file unless
--database-url), connects the business through the real OAuth flow, then records activities one
by one at a steady rate, each in its own transaction as a finished call does. For each it takes
the wall-clock time right after the commit and the simulator's own ``created_at`` of the
activity with that ``external_ref`` (the moment it became visible there). Prints p50/p95/p99/max
of that latency and, as a reference from the same run, the bare HTTP round trip of one
``POST /api/v1/activities`` with the same token. Target: p95 <= 1 s.

Both servers run in this one process and event loop (as small installations run them side by
side on one machine); the figures include the worker's wake-up, its claim transaction, the
HTTP call and the recording of the result only up to the simulator's insert.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import aiohttp
from aiohttp import web

from zentrale.config import BusinessConfig
from zentrale.config.loader import Installation
from zentrale.integrations import handlers
from zentrale.integrations.trade.connect import connect_with_password
from zentrale.integrations.trade.delivery import record_activity
from zentrale.integrations.trade.simulator.app import (
    SIMULATOR_STATE,
    ClientSpec,
    SimulatorOptions,
    UserSpec,
    create_simulator_app,
)
from zentrale.logs import configure_logging
from zentrale.server import create_app
from zentrale.settings import Settings
from zentrale.store.db import Database
from zentrale.store.migrate import upgrade
from zentrale.store.repositories import trade_connections
from zentrale.store.repositories.activities import ActivityDraft
from zentrale.store.repositories.businesses import sync_business
from zentrale.store.secrets import SecretBox, generate_key

TARGET_P95_S = 1.0
CLIENT_ID, CLIENT_SECRET = "zentrale-bench", "bench-secret"
REDIRECT_URI = "http://127.0.0.1:8080/admin/trade/callback"
USER, PASSWORD, FIRM = "PETRA", "petra-bench", "MUELLER"


def business(base_url: str) -> BusinessConfig:
    return BusinessConfig.model_validate(
        {
            "version": 1,
            "business": {
                "id": "heizung-mueller",
                "name": "Heizung Müller GmbH",
                "region": "DE",
                "phone_numbers": ["+4930555010"],
            },
            "staff": [{"id": "km", "name": "Klaus Müller", "mobile": "+491715550101", "trade_user": "KM"}],
            "tasks": [{"id": "rueckruf", "name": "Rückrufwunsch", "description": "Der Anrufer möchte zurückgerufen werden."}],
            "integrations": {
                "trade_system": {
                    "kind": "simulator",
                    "base_url": base_url,
                    "firm_code": FIRM,
                    "client_id": CLIENT_ID,
                    "client_secret": CLIENT_SECRET,
                    "redirect_uri": REDIRECT_URI,
                }
            },
        }
    )


def stats(seconds: list[float]) -> dict[str, float]:
    ms = sorted(s * 1000 for s in seconds)
    q = statistics.quantiles(ms, n=100, method="inclusive")
    return {"p50": q[49], "p95": q[94], "p99": q[98], "max": ms[-1]}


def parse_ts(value: str) -> float:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


async def start(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=0.5)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def run(args: argparse.Namespace) -> int:
    options = SimulatorOptions(
        seed=1,
        addresses=300,
        clients=[ClientSpec(CLIENT_ID, CLIENT_SECRET, (REDIRECT_URI,))],
        users=[UserSpec(USER, PASSWORD, FIRM)],
    )
    sim_app = create_simulator_app(options)
    sim_runner, sim_url = await start(sim_app)
    state = sim_app[SIMULATOR_STATE]
    config = business(sim_url)
    key = generate_key()
    box = SecretBox([key])
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'outbox.db'}"
        db = Database(url)
        server_runner = None
        try:
            await upgrade(db)
            async with db.transaction() as session:
                await sync_business(session, config)
            async with aiohttp.ClientSession() as http:
                await connect_with_password(db, box, config, http, username=USER, password=PASSWORD, redirect_uri=REDIRECT_URI)
                async with db.read() as session:
                    token = (await trade_connections.get_connection(session, box, config.id)).tokens.access_token  # type: ignore[union-attr]

                # Reference: the bare HTTP round trip of one POST /activities.
                round_trips: list[float] = []
                for i in range(args.activities):
                    body = {"type": "Rückrufwunsch", "subject": f"Referenz {i}", "text": "x", "external_ref": f"ref-{i}"}
                    t0 = time.perf_counter()
                    async with http.post(
                        f"{sim_url}/api/v1/activities", json=body, headers={"Authorization": f"Bearer {token}"}
                    ) as response:
                        await response.read()
                        assert response.status == 201, response.status
                    round_trips.append(time.perf_counter() - t0)
                reference_count = len(state.activities)

                settings = Settings(var_dir=Path(tmp), database_url=url, secret_key=key)
                app = create_app(settings, Installation(businesses=[config]), database=db, extensions=(handlers.install,))
                server_runner, _ = await start(app)

                committed: dict[str, float] = {}
                interval = 1.0 / args.rate
                next_at = time.perf_counter()
                for i in range(args.activities):
                    next_at += interval
                    async with db.transaction() as session:
                        activity = await record_activity(
                            session,
                            config,
                            ActivityDraft(type="Rückrufwunsch", subject=f"Rückruf {i}", text="Bitte zurückrufen."),
                        )
                    committed[activity.id] = time.time()
                    await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
                deadline = time.perf_counter() + 30
                while len(state.activities) < reference_count + args.activities and time.perf_counter() < deadline:
                    await asyncio.sleep(0.05)
        finally:
            if server_runner is not None:
                await server_runner.cleanup()
            await db.dispose()
            await sim_runner.cleanup()

    visible = {a["external_ref"]: parse_ts(a["created_at"]) for a in state.activities if a["external_ref"] in committed}
    latencies = [visible[ref] - t for ref, t in committed.items() if ref in visible]
    delivery, reference = stats(latencies), stats(round_trips)
    print(f"database: {'SQLite (temporary file)' if not args.database_url else Database(url).safe_url}")
    print(f"activities recorded: {len(committed)} at {args.rate:g}/s; visible in the simulator: {len(visible)}")
    print("                                   p50 ms   p95 ms   p99 ms   max ms")
    for name, s in (("commit -> visible in simulator", delivery), ("POST /activities (reference)", reference)):
        print(f"{name:<32} {s['p50']:8.1f} {s['p95']:8.1f} {s['p99']:8.1f} {s['max']:8.1f}")
    ok = len(visible) == len(committed) and delivery["p95"] <= TARGET_P95_S * 1000
    print(f"target p95 <= {TARGET_P95_S:g} s and nothing missing: {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--activities", type=int, default=300, help="activities to record (default 300)")
    parser.add_argument("--rate", type=float, default=20.0, help="activities per second (default 20)")
    parser.add_argument("--database-url", default=None, help="database URL (default: a temporary SQLite file)")
    args = parser.parse_args(argv)
    if args.activities < 2 or args.rate <= 0:
        parser.error("--activities must be at least 2 and --rate positive")
    configure_logging("console", "WARNING")
    return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
