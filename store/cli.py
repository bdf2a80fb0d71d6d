"""``zentrale db ...`` and ``zentrale secrets ...``: schema migrations and secrets at rest."""

from __future__ import annotations

import argparse
import asyncio
import os
from pathlib import Path

from zentrale.errors import CliError

KEY_FILE_WARNING = (
    "WARNING: {path} holds the key that encrypts the stored secrets (trade-software tokens, passwords).\n"
    "  It is meant for local use. Back it up: without it the encrypted secrets are lost.\n"
    "  Keep it out of git and out of backups of the code. In production set ZENTRALE_SECRET_KEY instead."
)


def register(sub: argparse._SubParsersAction) -> None:
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
    add_key.add_argument("--file", type=Path, default=None, help="key file (default: $ZENTRALE_SECRET_KEY_FILE or var/secret.key)")
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


def _write_new_file(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    os.chmod(path, 0o600)


def _secrets_init(args: argparse.Namespace) -> int:
    from zentrale.store.secrets import generate_key, key_fingerprint

    path = _key_file(args)
    if path.exists():
        raise CliError(
            f"{path} already exists; refusing to overwrite a key file (the secrets it encrypted would be lost). "
            "Use `zentrale secrets add-key` to add a newer key."
        )
    key = generate_key()
    try:
        _write_new_file(path, key + "\n")
    except FileExistsError:
        raise CliError(f"{path} already exists; refusing to overwrite a key file") from None
    except OSError as exc:
        raise CliError(f"cannot create the key file {path}: {exc.strerror or exc}") from None
    print(f"created {path} (mode 0600) with key {key_fingerprint(key)}")
    print(KEY_FILE_WARNING.format(path=path))
    return 0


def _secrets_add_key(args: argparse.Namespace) -> int:
    from zentrale.store.secrets import SecretBox, SecretError, generate_key, key_fingerprint

    path = _key_file(args)
    if not path.exists():
        raise CliError(f"{path} does not exist: run `zentrale secrets init` first")
    old = [line.strip() for line in path.read_text(encoding="utf-8").replace(",", "\n").splitlines()]
    old = [k for k in old if k and not k.startswith("#")]
    try:
        SecretBox(old)
    except SecretError as exc:
        raise CliError(f"{path}: {exc}") from None
    key = generate_key()
    tmp = path.with_name(path.name + ".new")
    tmp.unlink(missing_ok=True)
    _write_new_file(tmp, "\n".join([key, *old]) + "\n")
    os.replace(tmp, path)
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
