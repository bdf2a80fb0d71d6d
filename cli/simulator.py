"""``zentrale simulator``: run the trade-software simulator as a standalone server.

The defaults match ``config/examples/heizung-mueller.yaml`` (client ``zentrale-demo`` /
``demo-secret``, firm ``MUELLER``, redirect URI ``http://127.0.0.1:8080/admin/trade/callback``).
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from zentrale.cli import Subparsers

if TYPE_CHECKING:
    from zentrale.integrations.trade.simulator.state import SimulatorOptions

DEFAULT_PORT = 8700
DEFAULT_PASSWORD = "petra-demo"


def _rate(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1, got {text}")
    return value


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative, got {text}")
    return value


def register(sub: Subparsers) -> None:
    from zentrale.integrations.trade.port import SCOPE_RIGHTS_DE

    help_text = "run the trade-software simulator (the trade API contract with seeded addresses and fault knobs)"
    p = sub.add_parser("simulator", help=help_text, description=help_text)
    p.add_argument("--host", default="127.0.0.1", help="interface to listen on (default: 127.0.0.1)")
    p.add_argument("--port", type=_non_negative_int, default=DEFAULT_PORT, help=f"port (default: {DEFAULT_PORT})")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated data (default: 1)")
    p.add_argument(
        "--addresses", type=_non_negative_int, default=10_000, help="number of addresses in the address master (default: 10000)"
    )
    p.add_argument("--client-id", default="zentrale-demo", help="OAuth client id (default: zentrale-demo)")
    p.add_argument("--client-secret", default="demo-secret", help="OAuth client secret (default: demo-secret)")
    p.add_argument(
        "--redirect-uri",
        action="append",
        metavar="URI",
        help="registered redirect URI, exact match; repeatable (default: http://127.0.0.1:8080/admin/trade/callback)",
    )
    p.add_argument("--user", default="PETRA", help="technical user (default: PETRA)")
    p.add_argument("--password", default=DEFAULT_PASSWORD, help=f"its password (default: {DEFAULT_PASSWORD})")
    p.add_argument("--firm", default="MUELLER", help="firm code (Firmenkürzel) of the user (default: MUELLER)")
    p.add_argument("--tenant", default=None, help="tenant code (Mandantenkürzel), for multi-tenant installations")
    p.add_argument(
        "--scopes",
        nargs="+",
        choices=sorted(SCOPE_RIGHTS_DE),
        metavar="SCOPE",
        help=f"rights of the technical user (default: all: {' '.join(SCOPE_RIGHTS_DE)})",
    )
    p.add_argument(
        "--access-token-ttl", type=_non_negative_int, default=3600, help="access token lifetime in seconds (default: 3600)"
    )
    p.add_argument(
        "--expires-in",
        choices=("alternate", "int", "string", "random"),
        default="alternate",
        help="how expires_in is sent: number, string, alternating or random by seed (default: alternate)",
    )
    p.add_argument(
        "--honour-idempotency-key",
        action="store_true",
        help="answer a repeated Idempotency-Key with the first activity (default: ignore it, as servers may)",
    )
    p.add_argument("--error-rate", type=_rate, default=0.0, help="share of API requests answered with 5xx")
    p.add_argument(
        "--commit-then-timeout-rate", type=_rate, default=0.0, help="share of API writes applied and then left without an answer"
    )
    p.add_argument(
        "--commit-then-timeout-mode",
        choices=("close", "delay"),
        default="close",
        help="close the connection (default) or answer after --timeout-delay seconds",
    )
    p.add_argument("--timeout-delay", type=float, default=30.0, help="delay for --commit-then-timeout-mode delay")
    p.add_argument("--reset-rate", type=_rate, default=0.0, help="share of API requests whose connection is reset")
    p.add_argument("--rate-limit-rate", type=_rate, default=0.0, help="share of API requests answered with 429 and Retry-After")
    p.add_argument("--retry-after", type=_non_negative_int, default=1, help="Retry-After seconds of a 429 (default: 1)")
    p.add_argument("--latency-ms", type=_non_negative_int, default=0, help="latency added to every API request")
    p.set_defaults(func=run)


def build_options(args: argparse.Namespace) -> SimulatorOptions:
    from zentrale.errors import CliError
    from zentrale.integrations.trade.simulator.state import (
        ALL_SCOPES,
        DEMO_REDIRECT_URI,
        ClientSpec,
        Faults,
        SimulatorOptions,
        UserSpec,
    )

    try:
        faults = Faults(
            error_rate=args.error_rate,
            commit_then_timeout_rate=args.commit_then_timeout_rate,
            reset_rate=args.reset_rate,
            rate_limit_rate=args.rate_limit_rate,
            latency_ms=args.latency_ms,
            retry_after_s=args.retry_after,
            commit_then_timeout_mode=args.commit_then_timeout_mode,
            timeout_delay_s=args.timeout_delay,
        )
    except ValueError as exc:
        raise CliError(str(exc), exit_code=2) from None
    if not args.user.strip() or not args.firm.strip():
        raise CliError("--user and --firm must not be empty", exit_code=2)
    return SimulatorOptions(
        seed=args.seed,
        addresses=args.addresses,
        clients=[ClientSpec(args.client_id, args.client_secret, tuple(args.redirect_uri or [DEMO_REDIRECT_URI]))],
        users=[UserSpec(args.user, args.password, args.firm, args.tenant or None, tuple(args.scopes or ALL_SCOPES))],
        access_token_ttl=args.access_token_ttl,
        expires_in_style=args.expires_in,
        honour_idempotency_key=args.honour_idempotency_key,
        faults=faults,
    )


def run(args: argparse.Namespace) -> int:
    import asyncio
    import time

    from aiohttp import web

    from zentrale.errors import CliError
    from zentrale.integrations.trade.simulator.app import create_simulator_app

    options = build_options(args)
    started = time.perf_counter()
    app = create_simulator_app(options)
    seconds = time.perf_counter() - started
    client, user = options.clients[0], options.users[0]
    url = f"http://{args.host}:{args.port}"

    def announce(_running: str) -> None:
        # run_app calls its ``print`` once the port is listening: the banner says "läuft" only then
        # (from on_startup it came before the socket was bound, and a client reading it was refused).
        print(f"Simulator der Handwerkersoftware läuft: {url}", flush=True)
        print(f"  client_id:      {client.client_id}", flush=True)
        print(f"  client_secret:  {client.client_secret}", flush=True)
        print(f"  redirect_uri:   {' '.join(client.redirect_uris)}", flush=True)
        print(f"  Benutzer:       {user.username}", flush=True)
        print(f"  Passwort:       {user.password}", flush=True)
        print(f"  Firma:          {user.firm}" + (f"  Mandant: {user.tenant}" if user.tenant else ""), flush=True)
        print(f"  Rechte:         {' '.join(user.scopes)}", flush=True)
        print(f"  Adressen:       {options.addresses} (seed {options.seed}, erzeugt in {seconds:.1f} s)", flush=True)
        print(f"  Zustand:        {url}/_sim/state   Fehler-Regler: {url}/_sim/faults", flush=True)
        print("Beenden mit Strg+C.", flush=True)

    try:
        web.run_app(app, host=args.host, port=args.port, print=announce, access_log=None, shutdown_timeout=1)
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    except asyncio.CancelledError:  # pragma: no cover - interrupted during start-up
        return 130
    return 0
