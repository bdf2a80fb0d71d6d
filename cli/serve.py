"""``zentrale serve`` and ``zentrale demo``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from zentrale.cli import Subparsers
from zentrale.cli.config import load_installation
from zentrale.config import EXAMPLES_DIR
from zentrale.errors import CliError
from zentrale.settings import Settings

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080


def register(sub: Subparsers) -> None:
    serve = sub.add_parser("serve", help="run the HTTP server (Twilio webhooks, pages, health)")
    _add_server_options(serve)
    serve.set_defaults(func=cmd_serve)

    demo = sub.add_parser(
        "demo",
        help="the quick start: local key, migrated SQLite store, server with the example configuration",
        description=(
            "Creates a local secret key file if none is set, migrates the database, starts the "
            "trade-software simulator and the server with the example configuration, connects "
            "heizung-mueller to the simulator, plays a demo call and shows the activity it left in "
            "the trade software, then serves until interrupted (Ctrl-C)."
        ),
    )
    _add_server_options(demo, config_default=EXAMPLES_DIR)
    demo.add_argument("--once", action="store_true", help="stop after the demo call (exit 1 if anything failed)")
    demo.add_argument(
        "--trade-port",
        type=int,
        default=8700,
        help="port of the built-in trade-software simulator (default 8700; not started when ZENTRALE_TRADE_URL is set)",
    )
    demo.set_defaults(func=cmd_demo)


def _add_server_options(parser: argparse.ArgumentParser, config_default: Path | None = None) -> None:
    parser.add_argument(
        "--config",
        type=Path,
        default=config_default,
        help="YAML file or directory of business configurations (default: $ZENTRALE_CONFIG"
        + (f" or {config_default}" if config_default else "")
        + ")",
    )
    parser.add_argument("--host", default=DEFAULT_HOST, help=f"interface to listen on (default {DEFAULT_HOST})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})")


def cmd_serve(args: argparse.Namespace) -> int:
    from aiohttp import web

    from zentrale.server import create_app
    from zentrale.store.migrate import check_schema

    settings: Settings = args.settings
    installation = load_installation(args)
    asyncio.run(check_schema(settings.database_url, migrate=False))
    banner = f"zentrale serving {len(installation.businesses)} business(es) on http://{args.host}:{args.port}/"
    try:
        # run_app calls ``print`` once the port is listening: the line is true when it appears.
        web.run_app(
            create_app(settings, installation),
            host=args.host,
            port=args.port,
            access_log=None,
            print=lambda _running: print(banner, flush=True),
        )
    except OSError as exc:
        raise CliError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    return 0


def _ensure_local_key(settings: Settings) -> None:
    from zentrale.store.secrets import create_key_file

    if settings.secret_key or (settings.secret_key_file and settings.secret_key_file.exists()):
        return
    assert settings.secret_key_file is not None
    create_key_file(settings.secret_key_file)
    print(
        f"WARNING: created a local secret key in {settings.secret_key_file}. It encrypts tokens and "
        "secrets at rest: back it up, keep it out of git, and set ZENTRALE_SECRET_KEY in production.",
        file=sys.stderr,
    )


def cmd_demo(args: argparse.Namespace) -> int:
    from zentrale.demo import prepare_environment, run_demo

    settings: Settings = args.settings
    starts_simulator = prepare_environment(args)
    installation = load_installation(args)
    _ensure_local_key(settings)
    settings.secret_keys()  # the key must be readable before anything is stored with it
    return asyncio.run(run_demo(args, settings, installation, starts_simulator))
