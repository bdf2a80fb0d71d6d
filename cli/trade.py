"""``zentrale trade connect`` and ``zentrale trade status``."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from zentrale.cli import Subparsers, command_group
from zentrale.cli.config import load_installation
from zentrale.errors import CliError

DEFAULT_WAIT_SECONDS = 600
POLL_SECONDS = 1.0


def register(sub: Subparsers) -> None:
    group = command_group(sub, "trade", "trade software (Handwerkersoftware): connect, status, sync")

    connect = group.add_parser(
        "connect",
        help="connect a business to its trade software (OAuth): print the login URL and wait for the callback",
        description=(
            "Prints the authorization URL and the admin page link (/admin/trade: owners and admins log in with "
            "their staff account there). Open the URL, log in as the technical user "
            "(e.g. PETRA); the running server (`zentrale serve`) receives the callback. This command waits "
            "until the tokens are stored, then prints the connected user, firm, tenant and granted scopes. "
            "Exit 0 when connected with all required rights, 1 otherwise."
        ),
    )
    connect.add_argument("--config", type=Path, default=None, help="YAML file or directory (default: $ZENTRALE_CONFIG)")
    connect.add_argument("--business", required=True, help="business id")
    connect.add_argument("--timeout", type=float, default=DEFAULT_WAIT_SECONDS, help="seconds to wait (default 600)")
    connect.set_defaults(func=cmd_connect)

    status = group.add_parser(
        "status",
        help="show each business's trade connection (connected / reauth_required / disconnected)",
        description="Exit 1 if any business needs to be connected again.",
    )
    status.add_argument("--config", type=Path, default=None, help="YAML file or directory (default: $ZENTRALE_CONFIG)")
    status.add_argument("--business", default=None, help="only this business")
    status.set_defaults(func=cmd_status)


def _business(installation: Any, business_id: str) -> Any:
    try:
        business = installation.business(business_id)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    if business.integrations is None or business.integrations.trade_system is None:
        raise CliError(f"business {business_id!r} has no integrations.trade_system in its configuration")
    return business


async def _ready(db: Any) -> None:
    """The database answers and its schema is current, else a one-line error (no traceback)."""
    from zentrale.store.migrate import current_revision, head_revision

    await db.ping()
    revision = await current_revision(db)
    if revision != head_revision():
        raise CliError(
            f"the database {db.safe_url} is at schema {revision or '(empty)'}, not {head_revision()}: "
            "run `zentrale db upgrade` first"
        )


def _print_info(info: Any, *, file: Any = None) -> None:
    from zentrale.integrations.trade.connect import rights_de

    out = file or sys.stdout
    print(f"  user:    {info.user or '-'}", file=out)
    print(f"  firm:    {info.firm or '-'}", file=out)
    print(f"  tenant:  {info.tenant or '-'}", file=out)
    scopes = ", ".join(f"{s} ({r})" for s, r in zip(sorted(info.scopes), rights_de(info.scopes), strict=False)) or "-"
    print(f"  scopes:  {scopes}", file=out)
    for note in info.missing_rights:
        print(f"  missing: {note}", file=out)


def cmd_connect(args: argparse.Namespace) -> int:
    installation = load_installation(args)
    business = _business(installation, args.business)
    return asyncio.run(_connect(args, business))


async def _connect(args: argparse.Namespace, business: Any) -> int:
    from zentrale.integrations.trade import connect
    from zentrale.integrations.trade.oauth import default_redirect_uri
    from zentrale.store.db import Database
    from zentrale.store.repositories import trade_connections as repo
    from zentrale.store.secrets import SecretBox, SecretError
    from zentrale.web.admin.trade import ADMIN_PATH

    settings = args.settings
    try:
        box = SecretBox.from_settings(settings)
    except SecretError as exc:
        raise CliError(str(exc)) from None
    db = Database(settings.database_url)
    try:
        await _ready(db)
        redirect_uri = default_redirect_uri(business, settings.public_url)
        url = await connect.start_authorization(db, box, business, redirect_uri=redirect_uri)
        state = dict(parse_qsl(urlsplit(url).query))["state"]
        base = redirect_uri.split(f"{ADMIN_PATH}/callback")[0]
        print(f"Open this URL and log in as the technical user of {business.integrations.trade_system.firm_code}:")
        print(f"  {url}")
        print(f"Admin page (status, connect button, audit log; log in as the business's owner or admin): {base}{ADMIN_PATH}")
        print(f"  the server must be running to receive the callback at {redirect_uri}")
        print(f"Waiting up to {int(args.timeout)} s for the callback ...", flush=True)
        deadline = time.monotonic() + args.timeout
        while True:
            async with db.read() as session:
                pending = await repo.get_authorization(session, box, state)
            if pending is not None and pending.completed_at is not None:
                break
            if pending is not None and pending.expires_at <= datetime.now(UTC):
                print("error: the login was not completed in time (the flow expired); run the command again", file=sys.stderr)
                return 1
            if time.monotonic() > deadline:
                print(
                    f"error: no callback within the timeout; is `zentrale serve` running and reachable at {redirect_uri}?",
                    file=sys.stderr,
                )
                return 1
            await asyncio.sleep(POLL_SECONDS)
        # The callback consumed the flow; wait briefly for its outcome (tokens stored or an error).
        for _ in range(int(30 / POLL_SECONDS)):
            async with db.read() as session:
                pending = await repo.get_authorization(session, box, state)
            info = await connect.connection_status(db, business.id)
            if pending is not None and pending.error:
                print(f"error: {pending.error}", file=sys.stderr)
                return 1
            if (
                info.status.value == "connected"
                and info.connected_at is not None
                and pending is not None
                and info.connected_at >= pending.created_at
            ):
                print(f"Connected: {business.id}")
                _print_info(info)
                return 1 if info.missing_rights else 0
            await asyncio.sleep(POLL_SECONDS)
        print("error: the callback arrived but no tokens were stored", file=sys.stderr)
        return 1
    finally:
        await db.dispose()


def cmd_status(args: argparse.Namespace) -> int:
    installation = load_installation(args)
    if args.business:
        businesses = [_business(installation, args.business)]
    else:
        businesses = [
            b for b in installation.businesses if b.integrations is not None and b.integrations.trade_system is not None
        ]
    return asyncio.run(_status(args, businesses))


async def _status(args: argparse.Namespace, businesses: list[Any]) -> int:
    from zentrale.integrations.trade import connect
    from zentrale.store.db import Database

    db = Database(args.settings.database_url)
    needs_reauth = False
    try:
        await _ready(db)
        if not businesses:
            print("no business has a trade system configured")
        for business in businesses:
            info = await connect.connection_status(db, business.id)
            line = f"{business.id}: {info.status.value} ({info.status_de})"
            if info.status.value == "reauth_required":
                needs_reauth = True
                line += f" - {info.last_error or 'connect again'}"
            print(line)
            if info.status.value == "connected":
                _print_info(info)
                if info.connected_at:
                    print(f"  since:   {info.connected_at.isoformat(timespec='seconds')}")
            elif info.status.value == "disconnected" and info.last_error:
                print(f"  last error: {info.last_error}")
    finally:
        await db.dispose()
    return 1 if needs_reauth else 0
