"""Secrets at rest: SecretBox, rotation, and the `zentrale secrets` / `zentrale db` commands."""

from __future__ import annotations

import stat
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from zentrale.cli import main
from zentrale.store.db import Database
from zentrale.store.models import Base, Business, Secret, TradeConnection
from zentrale.store.repositories import secrets as secret_repo
from zentrale.store.repositories import trade_connections
from zentrale.store.secrets import SecretBox, SecretError, generate_key, rotate_secrets


def test_secret_box_encrypts_with_the_first_key_and_decrypts_with_any() -> None:
    old, new = generate_key(), generate_key()
    token_old = SecretBox([old]).encrypt("Passwort123")
    both = SecretBox([new, old])
    assert both.decrypt(token_old) == "Passwort123"
    token_new = both.encrypt("Passwort123")
    assert "Passwort123" not in token_new
    assert SecretBox([new]).decrypt(token_new) == "Passwort123"
    with pytest.raises(SecretError) as caught:
        SecretBox([old]).decrypt(token_new)
    assert "Passwort123" not in str(caught.value) and "1 key(s)" in str(caught.value)


def test_secret_box_rejects_a_bad_key_without_echoing_it() -> None:
    with pytest.raises(SecretError, match=r"secret key #2 of 2 is not a valid Fernet key") as caught:
        SecretBox([generate_key(), "not-a-key-but-maybe-a-password"])
    assert "maybe-a-password" not in str(caught.value)
    with pytest.raises(SecretError, match="no secret key"):
        SecretBox([])


async def seed_secrets(db: Database, box: SecretBox, count: int) -> dict[str, str]:
    """``count`` business secrets plus one trade connection with two tokens; returns name -> plaintext."""
    plain = {f"secret-{n}": f"Wert {n} äöü" for n in range(count)}
    async with db.transaction() as session:
        session.add(Business(id="mueller", name="Heizung Müller GmbH"))
        await session.flush()
        for name, value in plain.items():
            await secret_repo.set_secret(session, box, "mueller", name, value)
        version = await trade_connections.configure_connection(
            session, "mueller", kind="kwp", base_url="https://kwp.example", firm_code="MUELLER"
        )
        tokens = trade_connections.TradeTokens("access-token", "refresh-token", datetime(2030, 1, 1, tzinfo=UTC))
        assert await trade_connections.save_tokens(session, box, "mueller", tokens, expected_version=version)
    return plain


async def encrypted_values(db: Database) -> list[str]:
    values: list[str] = []
    async with db.read() as session:
        for table in Base.metadata.sorted_tables:
            for column in (c for c in table.columns if c.info.get("encrypted")):
                values += [v for v in await session.scalars(select(column)) if v is not None]
    return values


async def row_counts(db: Database) -> tuple[int, int]:
    async with db.read() as session:
        return (
            await session.scalar(select(func.count()).select_from(Secret)),
            await session.scalar(select(func.count()).select_from(TradeConnection)),
        )


async def test_rotate_secrets_in_batches_keeps_every_row(database: Database) -> None:
    old, new = generate_key(), generate_key()
    plain = await seed_secrets(database, SecretBox([old]), 7)
    assert await rotate_secrets(database, SecretBox([new, old]), batch_size=2) == 8
    assert await row_counts(database) == (7, 1)
    new_only = SecretBox([new])
    async with database.read() as session:
        for name, value in plain.items():
            assert await secret_repo.get_secret(session, new_only, "mueller", name) == value
        connection = await trade_connections.get_connection(session, new_only, "mueller")
    assert connection.tokens.access_token == "access-token" and connection.tokens.refresh_token == "refresh-token"


async def test_rotation_with_a_missing_key_fails_clearly_and_loses_nothing(database: Database) -> None:
    old = generate_key()
    await seed_secrets(database, SecretBox([old]), 3)
    before = await encrypted_values(database)
    with pytest.raises(SecretError, match="does not decrypt with the configured key set"):
        await rotate_secrets(database, SecretBox([generate_key()]))
    assert sorted(await encrypted_values(database)) == sorted(before)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean ZENTRALE_* environment with the key file in tmp_path; returns the key file path."""
    for name in ("ZENTRALE_SECRET_KEY", "ZENTRALE_CONFIG", "ZENTRALE_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    key_file = tmp_path / "keys" / "secret.key"
    monkeypatch.setenv("ZENTRALE_VAR_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("ZENTRALE_SECRET_KEY_FILE", str(key_file))
    return key_file


def read_keys(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text().splitlines() if line.strip()]


def test_cli_rotate_reencrypts_every_row_with_the_new_key(
    cli_env: Path,
    database_url: str,
    run_async: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ZENTRALE_DATABASE_URL", database_url)
    assert main(["secrets", "init"]) == 0
    (old,) = read_keys(cli_env)

    async def seed() -> dict[str, str]:
        db = Database(database_url)
        try:
            return await seed_secrets(db, SecretBox([old]), 5)
        finally:
            await db.dispose()

    plain = run_async(seed)
    assert main(["secrets", "add-key"]) == 0
    new, still_old = read_keys(cli_env)
    assert still_old == old and new != old
    assert stat.S_IMODE(cli_env.stat().st_mode) == 0o600
    capsys.readouterr()

    assert main(["secrets", "rotate"]) == 0
    assert "re-encrypted 6 row(s)" in capsys.readouterr().out

    async def inspect() -> tuple[list[str], tuple[int, int]]:
        db = Database(database_url)
        try:
            return await encrypted_values(db), await row_counts(db)
        finally:
            await db.dispose()

    values, counts = run_async(inspect)
    assert counts == (5, 1)
    assert len(values) == 7  # 5 secrets + access and refresh token
    old_only, new_only = SecretBox([old]), SecretBox([new])
    for value in values:
        with pytest.raises(SecretError):
            old_only.decrypt(value)
    assert sorted(new_only.decrypt(v) for v in values) == sorted([*plain.values(), "access-token", "refresh-token"])


def test_cli_secrets_init_writes_a_private_key_file_and_refuses_to_overwrite(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["secrets", "init"]) == 0
    out = capsys.readouterr().out
    assert "WARNING" in out and "ZENTRALE_SECRET_KEY" in out and "git" in out and "Back it up" in out
    assert stat.S_IMODE(cli_env.stat().st_mode) == 0o600
    before = cli_env.read_text()
    SecretBox(read_keys(cli_env))  # a valid Fernet key

    assert main(["secrets", "init"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "refusing to overwrite" in err
    assert cli_env.read_text() == before

    other = cli_env.parent / "other.key"
    assert main(["secrets", "init", "--file", str(other)]) == 0
    assert other.exists() and other.read_text() != before


def test_cli_without_any_key_says_what_to_do(cli_env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["secrets", "rotate"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "zentrale secrets init" in err
    assert main(["secrets", "add-key"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "does not exist: run `zentrale secrets init` first" in err
    assert not cli_env.exists()


def test_cli_db_upgrade_against_an_unreachable_database_prints_one_line(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ZENTRALE_DATABASE_URL", "postgresql+asyncpg://postgres:hunter2@127.0.0.1:1/zentrale")
    assert main(["db", "upgrade"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "error: cannot reach the database postgresql+asyncpg://postgres:***@127.0.0.1:1/zentrale: connection refused\n"
    )


def test_cli_db_upgrade_and_current(cli_env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from zentrale.store.migrate import head_revision

    assert main(["db", "current"]) == 0
    assert "not migrated yet" in capsys.readouterr().out
    assert main(["db", "upgrade"]) == 0
    assert f"database at revision {head_revision()}" in capsys.readouterr().out
    assert (tmp_path / "var" / "zentrale.db").exists()
    assert main(["db", "current"]) == 0
    assert capsys.readouterr().out.strip() == f"{head_revision()} (head)"
