"""Secrets at rest: Fernet encryption with key rotation.

Keys come newest first (``ZENTRALE_SECRET_KEY`` comma separated, or the local key file written by
``zentrale secrets init``). The newest key encrypts; every key decrypts. To rotate: add a new key
in front (``zentrale secrets add-key``), run ``zentrale secrets rotate`` so every stored value is
re-encrypted with it, and only then drop the old key.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from sqlalchemy import select, update

from zentrale.logs import get_logger
from zentrale.store.models import Base

if TYPE_CHECKING:
    from zentrale.settings import Settings
    from zentrale.store.db import Database

log = get_logger(__name__)

ROTATE_BATCH_SIZE = 200


class SecretError(Exception):
    """A secret cannot be encrypted or decrypted with the configured keys. Never carries plaintext."""


def key_fingerprint(key: str) -> str:
    """A short, non-secret name for a key (first 8 hex digits of its SHA-256)."""
    return hashlib.sha256(key.encode("ascii", "replace")).hexdigest()[:8]


def generate_key() -> str:
    return Fernet.generate_key().decode("ascii")


def _write_private_file(path: Path, content: str) -> None:
    """Create ``path`` with mode 0600; fails with ``FileExistsError`` if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(content)
    os.chmod(path, 0o600)  # in case the umask or an existing ACL widened it


def read_key_file(path: Path) -> list[str]:
    """The keys of a key file, newest first (one per line; commas and ``#`` comments allowed)."""
    lines = path.read_text(encoding="utf-8").replace(",", "\n").splitlines()
    return [k.strip() for k in lines if k.strip() and not k.strip().startswith("#")]


def create_key_file(path: Path) -> str:
    """Create a local key file with one new Fernet key (mode 0600) and return the key.

    Refuses to overwrite: replacing a key file makes every secret encrypted with it unreadable.
    """
    path = Path(path)
    key = generate_key()
    try:
        _write_private_file(path, key + "\n")
    except FileExistsError:
        raise SecretError(
            f"{path} already exists; refusing to overwrite a key file (the secrets it encrypted would be lost). "
            "Use `zentrale secrets add-key` to add a newer key."
        ) from None
    except OSError as exc:
        raise SecretError(f"cannot create the key file {path}: {exc.strerror or exc}") from None
    return key


def add_key_to_file(path: Path) -> tuple[str, list[str]]:
    """Put a new key in front of the keys in ``path`` (older keys stay, for decryption).

    Returns ``(new key, older keys)``. The file is replaced atomically and stays mode 0600.
    """
    path = Path(path)
    if not path.exists():
        raise SecretError(f"{path} does not exist: run `zentrale secrets init` first")
    old = read_key_file(path)
    SecretBox(old)  # refuse to build on a damaged file
    key = generate_key()
    tmp = path.with_name(path.name + ".new")
    tmp.unlink(missing_ok=True)
    try:
        _write_private_file(tmp, "\n".join([key, *old]) + "\n")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SecretError(f"cannot update the key file {path}: {exc.strerror or exc}") from None
    return key, old


class SecretBox:
    """Encrypts with the first key, decrypts with any (``cryptography.fernet.MultiFernet``)."""

    def __init__(self, keys: list[str]) -> None:
        if not keys:
            raise SecretError("no secret key configured: set ZENTRALE_SECRET_KEY or run `zentrale secrets init`")
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.strip().encode("ascii")))
            except (ValueError, UnicodeEncodeError):
                raise SecretError(
                    f"secret key #{position} of {len(keys)} is not a valid Fernet key "
                    "(expected 32 url-safe base64-encoded bytes, as made by `zentrale secrets init`)"
                ) from None
        self._fernet = MultiFernet(fernets)
        self.fingerprints = [key_fingerprint(k.strip()) for k in keys]

    @classmethod
    def from_settings(cls, settings: Settings) -> SecretBox:
        return cls(settings.secret_keys())

    def _describe(self) -> str:
        return f"{len(self.fingerprints)} key(s), newest {self.fingerprints[0]}"

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError, AttributeError):
            raise SecretError(
                f"cannot decrypt a stored secret with the configured key set ({self._describe()}): "
                "it was encrypted with a key that is no longer configured, or the value is damaged"
            ) from None

    def rotate(self, token: str) -> str:
        """Re-encrypt ``token`` with the newest key (it must decrypt with one of the keys)."""
        try:
            return self._fernet.rotate(token.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError, AttributeError):
            raise SecretError(
                f"cannot re-encrypt a stored secret: it does not decrypt with the configured key set ({self._describe()})"
            ) from None


async def rotate_secrets(db: Database, box: SecretBox, *, batch_size: int = ROTATE_BATCH_SIZE) -> int:
    """Re-encrypt every encrypted column (``info={"encrypted": True}``) with the newest key.

    Walks each table by primary key in batches, one transaction per batch, so a failure keeps
    every batch done so far (still readable: old keys stay configured) and never drops a row.
    Returns the number of rows re-encrypted.
    """
    rotated = 0
    for table in Base.metadata.sorted_tables:
        columns = [c for c in table.columns if c.info.get("encrypted")]
        if not columns:
            continue
        (pk,) = table.primary_key.columns
        last = None
        table_rows = 0
        while True:
            async with db.transaction() as session:
                query = select(pk, *columns).order_by(pk).limit(batch_size)
                if last is not None:
                    query = query.where(pk > last)
                rows = (await session.execute(query)).all()
                for row in rows:
                    values = {c.name: box.rotate(row._mapping[c.name]) for c in columns if row._mapping[c.name] is not None}
                    if values:
                        await session.execute(update(table).where(pk == row._mapping[pk.name]).values(**values))
                        table_rows += 1
            if len(rows) < batch_size:
                break
            last = rows[-1]._mapping[pk.name]
        rotated += table_rows
        log.info("secrets_rotated", table=table.name, rows=table_rows)
    return rotated
