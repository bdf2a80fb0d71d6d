"""``zentrale staff invite``: print a one-time link with which a staff member sets a password."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from zentrale.cli import Subparsers, command_group
from zentrale.cli.config import load_installation
from zentrale.errors import CliError


def register(sub: Subparsers) -> None:
    group = command_group(sub, "staff", "staff logins for the inbox")
    invite = group.add_parser(
        "invite",
        help="print a one-time invitation link for a staff member (sets a password, then logs in)",
        description=(
            "Creates an invitation for STAFF_ID (a staff[].id of the business's YAML) and prints the link "
            "{public_url}/inbox/invite/<token>. Only the token's SHA-256 is stored; an older unused link of the "
            "same person stops working. Using it again after a password exists replaces the password. "
            "The audit log of the business records the invitation (person: cli)."
        ),
    )
    invite.add_argument("--config", type=Path, default=None, help="YAML file or directory (default: $ZENTRALE_CONFIG)")
    invite.add_argument("--business", required=True, help="business id")
    invite.add_argument("--staff", required=True, metavar="STAFF_ID", help="staff id from the YAML (staff[].id)")
    invite.add_argument("--expires", default="7d", help="how long the link works: 30m, 12h, 7d (default 7d)")
    invite.set_defaults(func=cmd_invite)


def cmd_invite(args: argparse.Namespace) -> int:
    from zentrale.web import auth

    installation = load_installation(args)
    try:
        business = installation.business(args.business)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    if business.staff_member(args.staff) is None:
        known = ", ".join(s.id for s in business.staff) or "(none)"
        raise CliError(f"unknown staff id {args.staff!r} for business {business.id}; staff ids are: {known}")
    try:
        expires = auth.parse_expiry(args.expires)
    except ValueError as exc:
        raise CliError(f"--expires: {exc}") from None
    token = asyncio.run(_invite(args, business, expires))
    print(auth.invite_link(args.settings.public_url, token))
    return 0


async def _invite(args: argparse.Namespace, business: object, expires: object) -> str:
    from zentrale.cli.trade import _ready
    from zentrale.store.db import Database
    from zentrale.store.models import utcnow
    from zentrale.store.repositories.businesses import sync_business
    from zentrale.web import auth

    db = Database(args.settings.database_url)
    try:
        await _ready(db)
        async with db.transaction() as session:
            await sync_business(session, business)  # the business row the invitation refers to
        return await auth.invite(db, business, args.staff, expires=expires, now=utcnow())  # type: ignore[arg-type]
    finally:
        await db.dispose()
