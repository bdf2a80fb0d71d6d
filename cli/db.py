"""``zentrale db ...`` and ``zentrale secrets ...``: schema migrations and secrets at rest."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from zentrale.cli import Subparsers
from zentrale.errors import CliError

KEY_FILE_WARNING = (
    "WARNING: {path} holds the key that encrypts the stored secrets (trade-software tokens, passwords).\n"
    "  It is meant for local use. Back it up: without it the encrypted secrets are lost.\n"
    "  Keep it out of git and out of backups of the code. In production set ZENTRALE_SECRET_KEY instead."
)


def register(sub: Subparsers) -> None:
    db = sub.add_parser("db", help="database schema: upgrade, show the current revision")
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    upgrade = db_sub.add_parser("upgrade", help="migrate the database to the newest schema (or --revision)")
    upgrade.add_argument("--revision", default="head", help="target revision (default: head)")
    upgrade.set_defaults(func=_db_upgrade)
    current = db_sub.add_parser("current", help="print the schema revision of the database")
    current.set_defaults(func=_db_current)

    secrets = sub.add_parser("secrets", help="keys for secrets at rest: init, add-key, rotate")
    secrets_sub = secrets.add_subparsers(dest="secrets_command", metavar="ACTION", required=True)
    init = secrets_sub.add_parser("init", help="create a local key file (refuses to overwrite)")
    init.add_argument("--file", type=Path, default=None, help="key file (default: $ZENTRALE_SECRET_KEY_FILE or var/secret.key)")
    init.set_defaults(func=_secrets_init)
    add_key = secrets_sub.add_parser("add-key", help="put a new key in front of the local key file; old keys stay for decryption")
    add_key.add_argument(
        "--file", type=Path, default=None, help="key file (default: $ZENTRALE_SECRET_KEY_FILE or var/secret.key)"
    )
    add_key.set_defaults(func=_secrets_add_key)
    rotate = secrets_sub.add_parser("rotate", help="re-encrypt every stored secret with the newest key")
    rotate.set_defaults(func=_secrets_rotate)


def _key_file(args: argparse.Namespace) -> Path:
    path = args.file or args.settings.secret_key_file or args.settings.var_dir / "secret.key"
    return Path(path)


async def _with_db(args: argparse.Namespace, work):  # type: ignore[no-untyped-def]
    from zentrale.store.db import Database

    db = Database(args.settings.database_url)
    try:
        await db.ping()
        return await work(db)
    finally:
        await db.dispose()


def _db_upgrade(args: argparse.Namespace) -> int:
    from zentrale.store import migrate

    revision = asyncio.run(_with_db(args, lambda db: migrate.upgrade(db, args.revision)))
    print(f"database at revision {revision or 'base'} (head {migrate.head_revision()})")
    return 0


def _db_current(args: argparse.Namespace) -> int:
    from zentrale.store import migrate

    revision = asyncio.run(_with_db(args, migrate.current_revision))
    head = migrate.head_revision()
    if revision is None:
        print(f"database not migrated yet (head {head}): run `zentrale db upgrade`")
    elif revision == head:
        print(f"{revision} (head)")
    else:
        print(f"{revision} (head is {head}: run `zentrale db upgrade`)")
    return 0


def _secrets_init(args: argparse.Namespace) -> int:
    from zentrale.store.secrets import SecretError, create_key_file, key_fingerprint

    path = _key_file(args)
    try:
        key = create_key_file(path)
    except SecretError as exc:
        raise CliError(str(exc)) from None
    print(f"created {path} (mode 0600) with key {key_fingerprint(key)}")
    print(KEY_FILE_WARNING.format(path=path))
    return 0


def _secrets_add_key(args: argparse.Namespace) -> int:
    from zentrale.store.secrets import SecretError, add_key_to_file, key_fingerprint

    path = _key_file(args)
    try:
        key, old = add_key_to_file(path)
    except SecretError as exc:
        raise CliError(f"{path}: {exc}" if str(path) not in str(exc) else str(exc)) from None
    print(f"added key {key_fingerprint(key)} in front of {len(old)} older key(s) in {path}")
    print("now run `zentrale secrets rotate` to re-encrypt the stored secrets with it")
    if args.settings.secret_key:
        print("note: ZENTRALE_SECRET_KEY is set and takes precedence over the key file")
    return 0


def _secrets_rotate(args: argparse.Namespace) -> int:
    from zentrale.store.secrets import SecretBox, SecretError, key_fingerprint, rotate_secrets

    keys = args.settings.secret_keys()
    try:
        box = SecretBox(keys)
        count = asyncio.run(_with_db(args, lambda db: rotate_secrets(db, box)))
    except SecretError as exc:
        raise CliError(str(exc)) from None
    print(f"re-encrypted {count} row(s) with the newest key {key_fingerprint(keys[0])}")
    return 0
