"""The Alembic migrations and the models describe the same schema, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from zentrale.store.db import Database
from zentrale.store.migrate import alembic_config, current_revision, head_revision, upgrade
from zentrale.store.models import Base, encrypted_columns


async def test_models_and_migrations_agree(database: Database) -> None:
    assert await current_revision(database) == head_revision()
    async with database.engine.connect() as conn:
        differences = await conn.run_sync(
            lambda sync_conn: compare_metadata(MigrationContext.configure(sync_conn, opts={"compare_type": True}), Base.metadata)
        )
    assert differences == []


async def test_upgrade_from_empty_and_again_is_a_no_op(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}")
    try:
        assert await current_revision(db) is None
        assert await upgrade(db) == head_revision()
        assert await upgrade(db) == head_revision()
    finally:
        await db.dispose()


def test_encrypted_columns_are_found_by_their_marker() -> None:
    assert encrypted_columns() == {
        "oauth_authorizations": ["code_verifier"],
        "secrets": ["value"],
        "trade_connections": ["access_token", "refresh_token"],
    }


async def test_every_migration_downgrades_and_upgrades_again(database) -> None:
    """An operator rolling back a release gets the previous schema, and forward again."""
    async with database.write_engine.begin() as conn:
        await conn.run_sync(lambda sync_conn: command.downgrade(alembic_config(sync_conn), "0001"))
    assert await current_revision(database) == "0001"
    assert await upgrade(database) == head_revision()
