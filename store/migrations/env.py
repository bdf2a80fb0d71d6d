"""Alembic environment for zentrale.

Normally run through :mod:`zentrale.store.migrate` (``zentrale db upgrade``), which opens an async
connection and hands its sync facade in ``config.attributes["connection"]`` (Alembic cookbook:
"Programmatic API use (connection sharing) with asyncio"). Without a connection (e.g. a developer
running ``alembic`` by hand with a config pointing here) the URL comes from ``ZENTRALE_DATABASE_URL``.
"""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from zentrale.store.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    from zentrale.settings import Settings
    from zentrale.store.db import Database

    db = Database(config.get_main_option("sqlalchemy.url") or Settings.from_env().database_url)
    try:
        async with db.write_engine.begin() as conn:
            await conn.run_sync(run_migrations)
    finally:
        await db.dispose()


if context.is_offline_mode():
    raise SystemExit("zentrale migrations run online only: use `zentrale db upgrade`")

connection = config.attributes.get("connection")
if connection is None:
    asyncio.run(_run_with_own_engine())
else:
    run_migrations(connection)
