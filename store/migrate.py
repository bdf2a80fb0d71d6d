"""Run the Alembic migrations programmatically on the async engine.

``await upgrade(db)`` is what ``zentrale db upgrade`` and the server start-up use. The migrations
run on the sync facade of one async connection (``conn.run_sync``), inside one transaction: on
SQLite and PostgreSQL the DDL is transactional, so a failed upgrade leaves the previous schema.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from zentrale.errors import CliError
from zentrale.store.db import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package ships migrations
        raise RuntimeError(f"no migrations found in {MIGRATIONS_DIR}")
    return head


async def upgrade(db: Database, revision: str = "head") -> str | None:
    """Upgrade the schema to ``revision``; returns the revision reached."""
    await db.ping()
    async with db.write_engine.begin() as conn:
        await conn.run_sync(lambda sync_conn: command.upgrade(alembic_config(sync_conn), revision))
    return await current_revision(db)


async def current_revision(db: Database) -> str | None:
    """The revision the database is at, ``None`` if it was never migrated."""
    await db.ping()
    async with db.engine.connect() as conn:
        return await conn.run_sync(lambda sync_conn: MigrationContext.configure(sync_conn).get_current_revision())


async def check_schema(database_url: str, *, migrate: bool) -> str:
    """Open the store at ``database_url``, optionally migrate it, and return its revision; a
    schema that is not at head is a :class:`CliError` telling the operator what to run."""
    db = Database(database_url)
    try:
        return await ensure_schema(db, migrate=migrate)
    finally:
        await db.dispose()


async def ensure_schema(db: Database, *, migrate: bool) -> str:
    """The same check on a store that is already open (the worker keeps using it afterwards)."""
    await db.ping()
    if migrate:
        await upgrade(db)
    revision = await current_revision(db)
    if revision != head_revision():
        raise CliError(
            f"database schema is at {revision or 'nothing'}, this version needs {head_revision()}: run `zentrale db upgrade`"
        )
    return revision
