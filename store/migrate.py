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
