"""``zentrale worker``: the outbox worker as its own process (scale-out on PostgreSQL).

The server runs one worker itself; start more of these next to it when one is not enough. They
share the database and never deliver a row twice (leases, ``FOR UPDATE SKIP LOCKED``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import sys
from pathlib import Path

from zentrale.cli import Subparsers
from zentrale.errors import CliError


def register(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "worker",
        help="deliver queued work (trade software, SMS, e-mail) as a separate process",
        description=(
            "Runs the outbox worker: claims due messages (activities and their changes for the trade "
            "software, SMS and e-mail to staff and callers), delivers them with retries and records "
            "the result. Runs until interrupted (Ctrl-C / SIGTERM finish the deliveries in flight "
            "first), or with --once until nothing is due."
        ),
    )
    parser.add_argument(
        "--config", type=Path, default=None, help="YAML file or directory of business configurations (default: $ZENTRALE_CONFIG)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=None, help="deliveries at the same time (default: $ZENTRALE_WORKER_CONCURRENCY or 4)"
    )
    parser.add_argument(
        "--kind",
        action="append",
        default=None,
        metavar="KIND",
        help="deliver only this outbox kind (repeatable; default: every kind, e.g. trade.activity.create, notify.activity)",
    )
    parser.add_argument("--once", action="store_true", help="stop when nothing is due any more and print a summary (JSON)")
    parser.add_argument(
        "--retry-window",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="with --once: also wait for retries that come due within this many seconds (default 0)",
    )
    parser.add_argument(
        "--lease-seconds", type=float, default=60.0, help="how long a claimed message stays reserved (default 60)"
    )
    parser.add_argument("--poll-interval", type=float, default=0.2, help="seconds between looks for new work (default 0.2)")
    parser.add_argument(
        "--backoff-base", type=float, default=1.0, help="first retry delay ceiling in seconds; doubles per attempt (default 1)"
    )
    parser.add_argument("--backoff-cap", type=float, default=300.0, help="longest retry delay in seconds (default 300)")
    parser.add_argument("--timeout", type=float, default=None, help="HTTP timeout per request to the trade software (default 10)")
    parser.set_defaults(func=cmd_worker)


def _check_numbers(args: argparse.Namespace) -> None:
    if args.concurrency is not None and args.concurrency < 1:
        raise CliError("--concurrency must be at least 1")
    for name in ("lease_seconds", "poll_interval", "backoff_base", "backoff_cap"):
        if getattr(args, name) <= 0:
            raise CliError(f"--{name.replace('_', '-')} must be a positive number of seconds")
    if args.retry_window < 0:
        raise CliError("--retry-window must not be negative")
    if args.timeout is not None and args.timeout <= 0:
        raise CliError("--timeout must be a positive number of seconds")
    from zentrale.store.outbox import OutboxKind

    known = {kind.value for kind in OutboxKind}
    for kind in args.kind or ():
        if kind not in known:
            raise CliError(f"--kind {kind!r} is not an outbox kind (one of: {', '.join(sorted(known))})")


def cmd_worker(args: argparse.Namespace) -> int:
    from zentrale.cli.config import load_installation

    _check_numbers(args)
    concurrency = args.concurrency
    if concurrency is None:
        concurrency = args.settings.worker_concurrency or 1  # ZENTRALE_WORKER_CONCURRENCY
    installation = load_installation(args)
    stats = asyncio.run(_run(args, installation, concurrency))
    if args.once:
        print(json.dumps(stats, sort_keys=True), flush=True)
    return 0


async def _run(args: argparse.Namespace, installation: object, concurrency: int) -> dict[str, int]:
    import aiohttp

    from zentrale.integrations.handlers import outbox_handlers
    from zentrale.integrations.trade.delivery import DELIVERY_TIMEOUT_SECONDS
    from zentrale.integrations.worker import Backoff, OutboxWorker
    from zentrale.store.db import Database
    from zentrale.store.migrate import ensure_schema
    from zentrale.store.secrets import SecretBox

    settings = args.settings
    db = Database(settings.database_url)
    try:
        # The schema first, as `zentrale serve` does: an unmigrated store is the first thing to fix.
        await ensure_schema(db, migrate=False)
        box = SecretBox.from_settings(settings)
        timeout = aiohttp.ClientTimeout(total=30, connect=5)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            # The composition root picks the handlers; the worker only runs what it is given.
            handlers = outbox_handlers(
                db, box, installation, http, settings, trade_timeout=args.timeout or DELIVERY_TIMEOUT_SECONDS
            )
            if args.kind:
                handlers = [handler for handler in handlers if handler.kind in args.kind]
            worker = OutboxWorker(
                db,
                handlers=handlers,
                concurrency=concurrency,
                lease_seconds=args.lease_seconds,
                poll_interval=args.poll_interval,
                backoff=Backoff(base=args.backoff_base, cap=args.backoff_cap),
            )
            if args.once:
                stats = await worker.run_until_idle(horizon=args.retry_window)
            else:
                stop = asyncio.Event()
                loop = asyncio.get_running_loop()
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.add_signal_handler(sig, stop.set)
                print(f"zentrale worker {worker.worker_id} delivering (concurrency {concurrency})", file=sys.stderr, flush=True)
                stats = await worker.run_forever(stop)
            return stats.as_dict()
    finally:
        await db.dispose()
