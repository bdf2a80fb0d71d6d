"""``zentrale trade sync`` (address master → local phone index) and ``zentrale lookup`` (who is calling)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from zentrale.cli import Subparsers, command_group
from zentrale.cli.config import load_installation
from zentrale.errors import CliError

if TYPE_CHECKING:
    from zentrale.config import BusinessConfig
    from zentrale.integrations.trade.lookup import CallerMatch
    from zentrale.integrations.trade.sync import SyncResult
    from zentrale.store.db import Database


def register(sub: Subparsers) -> None:
    group = command_group(sub, "trade", "trade software (Handwerkersoftware): connect, status, sync")
    sync = group.add_parser(
        "sync",
        help="sync the address master of a business into the local phone index (with progress)",
        description=(
            "Pages through the trade software's address master and stores every address and its phone "
            "numbers (normalised to E.164) for caller recognition. Incremental by default (changes since the "
            "last sync, deletions included); a full sync the first time, with --full, or to finish an "
            "interrupted full sync, which resumes where it stopped. Progress goes to stderr, the summary to stdout."
        ),
    )
    sync.add_argument("--config", type=Path, default=None, help="YAML file or directory (default: $ZENTRALE_CONFIG)")
    sync.add_argument("--business", required=True, help="business id")
    sync.add_argument("--full", action="store_true", help="page through all addresses and mark vanished ones deleted")
    sync.set_defaults(func=cmd_sync)

    lookup = sub.add_parser(
        "lookup",
        help="which contacts a caller's number belongs to (JSON)",
        description=(
            "Looks a phone number up in the business's synced address master, as the phone assistant does "
            "for a caller. Prints a JSON list of matches (address code, name, the stored spelling that "
            "matched, kind); [] when none. National numbers are read in the business's region."
        ),
    )
    lookup.add_argument("--config", type=Path, default=None, help="YAML file or directory (default: $ZENTRALE_CONFIG)")
    lookup.add_argument("--business", required=True, help="business id")
    lookup.add_argument("number", help='the caller\'s number, e.g. +4930123456 or "030 123456"')
    lookup.set_defaults(func=cmd_lookup)


def _load_business(args: argparse.Namespace, *, needs_trade: bool) -> BusinessConfig:
    installation = load_installation(args)
    try:
        business = installation.business(args.business)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    if needs_trade and business.integrations.trade_system is None:
        raise CliError(f"business {args.business!r} has no integrations.trade_system in its configuration")
    return business


async def _ready(db: Database) -> None:
    from zentrale.store.migrate import current_revision, head_revision

    await db.ping()
    revision = await current_revision(db)
    if revision != head_revision():
        raise CliError(
            f"the database {db.safe_url} is at schema {revision or '(empty)'}, not {head_revision()}: run `zentrale db upgrade` first"
        )


class ProgressLine:
    """Progress of a sync on a stream: one rewritten line on a terminal, a plain line every few
    seconds otherwise (log files, CI). The API gives no total, so it counts pages and addresses."""

    def __init__(self, stream: TextIO, *, every_seconds: float = 2.0) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.every = every_seconds
        self.last_plain = float("-inf")
        self.started = time.monotonic()
        self.written = False

    def __call__(self, result: SyncResult) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = result.addresses / elapsed
        text = f"{result.pages:,} pages · {result.addresses:,} addresses · {result.deleted:,} deleted · {rate:,.0f}/s · {elapsed:,.1f} s"
        if self.tty:
            spinner = "|/-\\"[result.pages % 4]
            self.stream.write(f"\r{spinner} {text}\x1b[K")
            self.stream.flush()
            self.written = True
        elif time.monotonic() - self.last_plain >= self.every:
            self.last_plain = time.monotonic()
            print(f"sync: {text}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.tty and self.written:
            self.stream.write("\n")
            self.stream.flush()


def cmd_sync(args: argparse.Namespace) -> int:
    business = _load_business(args, needs_trade=True)
    return asyncio.run(_sync(args, business))


async def _sync(args: argparse.Namespace, business: BusinessConfig) -> int:
    import aiohttp

    from zentrale.integrations.trade.connect import connection_status
    from zentrale.integrations.trade.kwp.client import open_port
    from zentrale.integrations.trade.port import PermanentError, ReauthRequired, TemporarilyUnavailable
    from zentrale.integrations.trade.sync import SyncBusy, sync_addresses
    from zentrale.store.db import Database
    from zentrale.store.models import ConnectionStatus
    from zentrale.store.repositories.businesses import sync_business
    from zentrale.store.secrets import SecretBox, SecretError

    try:
        box = SecretBox.from_settings(args.settings)
    except SecretError as exc:
        raise CliError(str(exc)) from None
    db = Database(args.settings.database_url)
    progress = ProgressLine(sys.stderr)
    try:
        await _ready(db)
        async with db.transaction() as session:
            await sync_business(session, business)
        info = await connection_status(db, business.id)
        if info.status != ConnectionStatus.CONNECTED:
            raise CliError(
                f"business {business.id!r} is not connected to its trade software ({info.status.value}): "
                f"run `zentrale trade connect --business {business.id}` first"
            )
        timeout = aiohttp.ClientTimeout(total=60, connect=5)
        async with aiohttp.ClientSession(timeout=timeout) as http:
            port = open_port(db, box, business, http)
            try:
                result = await sync_addresses(db, port, business, full=True if args.full else None, progress=progress)
            except SyncBusy as exc:
                raise CliError(f"{exc}; try again later") from None
            except ReauthRequired:
                raise CliError(
                    f"the trade software no longer accepts the stored grant: run `zentrale trade connect --business {business.id}`"
                ) from None
            except TemporarilyUnavailable as exc:
                raise CliError(
                    f"the trade software is unavailable ({exc}); the next sync continues where this one stopped"
                ) from None
            except PermanentError as exc:
                raise CliError(f"the trade software refused the sync: {exc}") from None
            finally:
                progress.close()
    finally:
        await db.dispose()
    kind = "full" if result.full else "incremental"
    if result.resumed:
        kind += " (resumed)"
    rate = result.addresses / result.seconds if result.seconds > 0 else 0.0
    print(
        f"{kind} sync of {business.id}: {result.pages:,} pages, {result.addresses:,} addresses stored, "
        f"{result.deleted:,} deleted, {result.phones:,} phone index entries in {result.seconds:.1f} s ({rate:,.0f} addresses/s)"
    )
    return 0


def cmd_lookup(args: argparse.Namespace) -> int:
    from zentrale.config.phones import caller_e164, is_withheld

    business = _load_business(args, needs_trade=False)
    region = business.business.region
    if is_withheld(args.number):
        print("note: the number is withheld or unknown; such callers never match a contact", file=sys.stderr)
        print("[]")
        return 0
    if caller_e164(args.number, region) is None:
        raise CliError(f"{args.number!r} is not a valid phone number (national numbers are read in {region})")
    matches = asyncio.run(_lookup(args, business))
    print(json.dumps([m.as_json() for m in matches], ensure_ascii=False, indent=2 if matches else None))
    return 0


async def _lookup(args: argparse.Namespace, business: BusinessConfig) -> list[CallerMatch]:
    from zentrale.integrations.trade.lookup import lookup_caller
    from zentrale.store.db import Database

    db = Database(args.settings.database_url)
    try:
        await _ready(db)
        async with db.single_read() as session:
            return await lookup_caller(session, business.id, args.number, region=business.business.region)
    finally:
        await db.dispose()
