"""Shared database fixtures.

``database_url`` / ``database`` are parametrized over ``sqlite`` and ``postgresql`` and migrated to
head. SQLite: a fresh file per test. PostgreSQL: one fresh database per test run (random name,
created through asyncpg from ``ZENTRALE_TEST_POSTGRES_URL``, dropped at the end), migrated once;
every test starts from empty tables (TRUNCATE).

If PostgreSQL cannot be reached, its tests skip with the reason - except when ``CI=true``: then
they fail, so CI never passes by silently skipping half the store tests.
"""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

DEFAULT_TEST_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _default_logging() -> None:
    """Every test starts with the server's default logging (INFO): a test that ran the CLI with
    ZENTRALE_LOG_LEVEL=ERROR must not silence the log assertions of the next one."""
    from zentrale.logs import configure_logging

    configure_logging("console", "INFO")


def _run_async(factory: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion in a fresh event loop on a helper thread.

    For sync fixtures and sync tests (e.g. CLI tests that call ``asyncio.run`` themselves): it
    never touches the event loop pytest-asyncio manages on the main thread.
    """

    async def runner() -> T:
        return await factory()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, runner()).result()


def _asyncpg_params(url: str) -> dict[str, Any]:
    from sqlalchemy import make_url

    parsed = make_url(url)
    return {
        "user": parsed.username,
        "password": parsed.password,
        "host": parsed.host or "127.0.0.1",
        "port": parsed.port or 5432,
        "database": parsed.database or "postgres",
    }


async def _migrate(url: str) -> None:
    from zentrale.store.db import Database
    from zentrale.store.migrate import upgrade

    db = Database(url)
    try:
        await upgrade(db)
    finally:
        await db.dispose()


async def _truncate_all(url: str) -> None:
    from sqlalchemy import text

    from zentrale.store.db import Database
    from zentrale.store.models import Base

    db = Database(url)
    try:
        tables = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
        async with db.transaction() as session:
            await session.execute(text(f"TRUNCATE TABLE {tables} RESTART IDENTITY CASCADE"))
    finally:
        await db.dispose()


@pytest.fixture
def run_async() -> Callable[[Callable[[], Awaitable[T]]], T]:
    """Run ``factory()`` to completion on a helper thread (for sync tests, e.g. CLI tests)."""
    return _run_async


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a fresh, migrated PostgreSQL database for this test run."""
    import asyncpg
    from sqlalchemy import make_url

    server_url = os.environ.get("ZENTRALE_TEST_POSTGRES_URL", DEFAULT_TEST_POSTGRES_URL)
    params = _asyncpg_params(server_url)
    name = f"zentrale_test_{secrets.token_hex(4)}"

    async def create() -> None:
        conn = await asyncpg.connect(timeout=5, **params)
        try:
            await conn.execute(f'CREATE DATABASE "{name}"')
        finally:
            await conn.close()

    try:
        _run_async(create)
    except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
        reason = f"PostgreSQL at {make_url(server_url).render_as_string(hide_password=True)} unavailable: {exc}"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: PostgreSQL tests must run)", pytrace=False)
        pytest.skip(reason)

    url = make_url(server_url).set(database=name).render_as_string(hide_password=False)
    try:
        _run_async(lambda: _migrate(url))
        yield url
    finally:

        async def drop() -> None:
            conn = await asyncpg.connect(timeout=5, **params)
            try:
                await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await conn.close()

        _run_async(drop)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database migrated to head with empty tables, on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'db' / 'zentrale.db'}"
        _run_async(lambda: _migrate(url))
        return url
    url = request.getfixturevalue("postgres_url")
    _run_async(lambda: _truncate_all(url))
    return url


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Any]:
    """A :class:`zentrale.store.db.Database` on the migrated ``database_url``."""
    from zentrale.store.db import Database

    db = Database(database_url)
    try:
        yield db
    finally:
        await db.dispose()
