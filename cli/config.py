"""``zentrale config check|show``: validate business configuration files and print the effective result."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zentrale.cli import Subparsers
from zentrale.errors import CliError

if TYPE_CHECKING:
    from zentrale.config import BusinessConfig, Installation

MASK = "********"
SECRET_KEYS = frozenset({"client_secret", "api_key"})


def register(sub: Subparsers) -> None:
    parser = sub.add_parser(
        "config",
        help="check and show business configuration files (YAML)",
        description="Check and show the YAML business configuration (one file per business, or a directory of them).",
    )
    commands = parser.add_subparsers(dest="config_command", metavar="SUBCOMMAND", required=True)

    check = commands.add_parser(
        "check",
        help="validate configuration files; print every problem with file:line",
        description="Validate a configuration file or directory. Prints 'OK: N businesses, M tasks' "
        "and exits 0, or prints every problem as FILE:LINE: key.path: message and exits 1.",
    )
    _add_path(check)
    check.set_defaults(func=_check)

    show = commands.add_parser(
        "show",
        help="print the effective configuration (defaults filled in, secrets masked) as YAML",
        description="Print the effective configuration as YAML: defaults filled in, ${VAR} replaced, "
        "secrets (client_secret, api_key) masked.",
    )
    _add_path(show)
    show.add_argument("--business", metavar="ID", help="show only the business with this id")
    show.set_defaults(func=_show)


def _add_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path",
        nargs="?",
        metavar="PATH",
        help="a YAML file or a directory of *.yaml files (default: $ZENTRALE_CONFIG)",
    )


def _path(args: argparse.Namespace) -> Path:
    if args.path:
        return Path(args.path)
    configured = getattr(args.settings, "config_path", None)
    if configured is None:
        raise CliError("no configuration given: pass PATH or set ZENTRALE_CONFIG")
    return Path(configured)


def _load(args: argparse.Namespace) -> Installation | None:
    from zentrale.config.loader import ConfigError, load_config

    try:
        return load_config(_path(args))
    except ConfigError as exc:
        for issue in exc.issues:
            print(issue)
        count = len(exc.issues)
        print(f"{count} problem{'s' if count != 1 else ''} found", file=sys.stderr)
        return None


def _check(args: argparse.Namespace) -> int:
    installation = _load(args)
    if installation is None:
        return 1
    businesses = len(installation.businesses)
    tasks = installation.task_count
    print(f"OK: {businesses} business{'es' if businesses != 1 else ''}, {tasks} task{'s' if tasks != 1 else ''}")
    for warning in config_warnings(installation):
        print(warning, file=sys.stderr)
    return 0


def config_warnings(installation: Installation) -> list[str]:
    """Problems that do not make a configuration invalid but that a business should fix: one line each,
    ``FILE: warning: …``."""
    warnings = []
    for config in installation.businesses:
        if config.emergency_task() is None:
            warnings.append(
                f"{installation.source(config.id)}: warning: business {config.id!r} has no emergency task "
                "(none with 'priority: urgent' and none named or described as Notfall, Notdienst, Rohrbruch, "
                "Gasgeruch …): gas smell, burst pipes and other emergencies are filed without one"
            )
    return warnings


def _show(args: argparse.Namespace) -> int:
    import yaml

    installation = _load(args)
    if installation is None:
        return 1
    if args.business:
        try:
            businesses = [installation.business(args.business)]
        except KeyError as exc:
            raise CliError(str(exc.args[0])) from None
    else:
        businesses = installation.businesses
    documents = []
    for config in businesses:
        data = effective_dict(config)
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
        documents.append(f"# {installation.source(config.id)}\n{text}")
    print("---\n".join(documents), end="")
    return 0


def effective_dict(config: BusinessConfig) -> dict[str, Any]:
    """The effective configuration as plain data: defaults and default actions filled in, secrets masked."""
    data = config.model_dump(mode="json", exclude_none=True)
    for task, raw in zip(config.tasks, data["tasks"], strict=False):
        raw["actions"] = [a.model_dump(mode="json", exclude_none=True) for a in task.effective_actions(config)]
    masked: dict[str, Any] = _mask(data)
    return masked


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (MASK if k in SECRET_KEYS and v is not None else _mask(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return value


def load_installation(args: argparse.Namespace) -> Installation:
    """The installation for a command with ``--config`` (or ``$ZENTRALE_CONFIG``): every issue
    printed as ``FILE:LINE: key.path: message`` and a one-line ``CliError`` — never half-loaded."""
    from zentrale.config import ConfigError, load_config

    path = args.config or args.settings.config_path
    if path is None:
        raise CliError("no configuration: pass --config PATH or set ZENTRALE_CONFIG")
    try:
        return load_config(path)
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        raise CliError(f"configuration {path} has {len(exc.issues)} error(s)") from None
