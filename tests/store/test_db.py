"""The Database handle: transactions, SQLite locking behaviour, one-line connection errors."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select, text

from zentrale.store.db import Database, DatabaseUnavailable
from zentrale.store.models import Business


async def test_ping_answers(database: Database) -> None:
    assert await database.ping() is True


async def test_transaction_commits_and_rolls_back(database: Database) -> None:
    async with database.transaction() as session:
        session.add(Business(id="kept", name="Kept GmbH"))
    with pytest.raises(RuntimeError):
        async with database.transaction() as session:
            session.add(Business(id="lost", name="Lost GmbH"))
            await session.flush()
            raise RuntimeError("boom")
    async with database.read() as session:
        assert list(await session.scalars(select(Business.id))) == ["kept"]


async def test_read_session_commits_nothing(database: Database) -> None:
    async with database.read() as session:
        session.add(Business(id="ghost", name="Ghost"))
        await session.flush()
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Business)) == 0


async def test_concurrent_read_then_write_transactions_both_succeed(database: Database) -> None:
    """Two writers that read first and write after a pause: both commit, no "database is locked"."""
    async with database.transaction() as session:
        session.add(Business(id="counter", name="0"))

    async def increment() -> None:
        async with database.transaction() as session:
            business = await session.get(Business, "counter")
            assert business is not None
            current = int(business.name)
            await asyncio.sleep(0.2)  # the other writer runs meanwhile
            business.name = str(current + 1)
            session.add(Business(id=f"writer-{current}-{id(session)}", name="x"))

    await asyncio.gather(increment(), increment())
    async with database.read() as session:
        assert await session.scalar(select(func.count()).select_from(Business)) == 3
        if database.is_sqlite:  # BEGIN IMMEDIATE serialises SQLite writers: no lost update either
            assert (await session.get(Business, "counter")).name == "2"


async def test_sqlite_connection_settings(tmp_path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'new' / 'folder' / 'z.db'}")
    try:
        assert db.is_sqlite
        async with db.read() as session:
            assert (await session.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
            assert (await session.execute(text("PRAGMA foreign_keys"))).scalar() == 1
            assert (await session.execute(text("PRAGMA busy_timeout"))).scalar() == 5000
            assert (await session.execute(text("PRAGMA synchronous"))).scalar() == 1  # NORMAL
        assert (tmp_path / "new" / "folder" / "z.db").exists()
    finally:
        await db.dispose()


async def test_reader_does_not_block_a_writer(tmp_path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'z.db'}")
    try:
        async with db.transaction() as session:
            await session.execute(text("CREATE TABLE t (x INTEGER)"))
        async with db.read() as reader:
            assert (await reader.execute(text("SELECT count(*) FROM t"))).scalar() == 0
            async with db.transaction() as writer:  # would wait 5 s and fail if the reader held a write lock
                await writer.execute(text("INSERT INTO t VALUES (1)"))
            # the reader keeps its snapshot
            assert (await reader.execute(text("SELECT count(*) FROM t"))).scalar() == 0
    finally:
        await db.dispose()


async def test_unreachable_postgres_is_one_line_with_hidden_password() -> None:
    db = Database("postgresql+asyncpg://postgres:s3cret@127.0.0.1:1/zentrale")
    assert "s3cret" not in str(db.url) and "s3cret" not in repr(db)
    try:
        with pytest.raises(DatabaseUnavailable) as caught:
            await db.ping()
    finally:
        await db.dispose()
    message = str(caught.value)
    assert message == "cannot reach the database postgresql+asyncpg://postgres:***@127.0.0.1:1/zentrale: connection refused"
    assert "\n" not in message


def test_unsupported_url_is_a_clear_error() -> None:
    with pytest.raises(DatabaseUnavailable, match="unsupported database mysql"):
        Database("mysql://root@localhost/zentrale")
    with pytest.raises(DatabaseUnavailable, match="not a valid database URL"):
        Database("not a url")


async def test_single_read_answers_without_holding_a_transaction(database) -> None:
    """The caller-lookup path: one statement, and on SQLite no BEGIN left open that would pin a
    WAL snapshot (and cost a round trip) while the call goes on."""
    from sqlalchemy import text as sql

    async with database.single_read() as session:
        assert (await session.execute(sql("SELECT 41 + 1"))).scalar_one() == 42
        if database.is_sqlite:
            raw = await session.connection()
            dbapi = (await raw.get_raw_connection()).driver_connection
            assert dbapi.in_transaction is False
    async with database.read() as session:
        await session.execute(sql("SELECT 1"))
        if database.is_sqlite:
            raw = await session.connection()
            assert (await raw.get_raw_connection()).driver_connection.in_transaction is True
