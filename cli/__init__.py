"""The ``zentrale`` command. Each area contributes its subcommands through ``register(subparsers)``.

A subcommand handler takes the parsed ``argparse.Namespace`` and returns the exit code.
Heavy imports happen inside handlers so that ``zentrale --help`` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import TypeAlias

from zentrale import __version__
from zentrale.errors import CliError
from zentrale.logs import configure_logging
from zentrale.settings import Settings, SettingsError

# Modules that provide ``register(subparsers)``; order = order in --help.
COMMAND_MODULES = (
    "zentrale.cli.serve",
    "zentrale.cli.call",
    "zentrale.cli.staff",
    "zentrale.cli.config",
    "zentrale.cli.db",
    "zentrale.cli.bot",
    "zentrale.cli.trade",
    "zentrale.cli.sync",
    "zentrale.cli.simulator",
    "zentrale.cli.worker",
    "zentrale.cli.eval_calls",
)  # each a module of this package


# What ``register(sub)`` receives (a string: the class is not subscriptable at run time).
Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def command_group(sub: Subparsers, name: str, help: str) -> Subparsers:
    """The subparsers of the command group ``name`` (e.g. ``trade``), created on first use, so
    that several modules can add commands to one group."""
    parser = sub.choices.get(name)
    if parser is None:
        parser = sub.add_parser(name, help=help, description=help)
        group = parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
        parser.set_defaults(_group=group)
        return group
    group = parser.get_default("_group")
    assert isinstance(group, argparse._SubParsersAction)
    return group


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zentrale",
        description="AI telephone receptionist for trade businesses: server, configuration and maintenance commands.",
    )
    parser.add_argument("--version", action="version", version=f"zentrale {__version__}")
    parser.add_argument(
        "--log-format",
        choices=("console", "json"),
        default=None,
        help="log output format (default: $ZENTRALE_LOG_FORMAT or console)",
    )
    parser.add_argument("--log-level", default=None, help="log level (default: $ZENTRALE_LOG_LEVEL or INFO)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env(log_format=args.log_format, log_level=args.log_level)
        configure_logging(settings.log_format, settings.log_level)
        args.settings = settings
        return int(args.func(args) or 0)
    except (CliError, SettingsError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
