"""Repositories: the only modules that build SQL. Small modules of functions
``(session, business_id, ...)`` (async, ORM or Core) or ``(conn, ...)`` (a sync ``Connection``
inside ``Database.run_read`` / ``run_write``, for the one-hop writes of the hot path).

They never commit: the caller opened the transaction (``Database.transaction()`` / ``run_write``)
and owns it. Every query is filtered by ``business_id`` so one business never sees another's rows
(the call's own statements find it by its unique CallSid or id).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session


def insert_ignoring_conflicts(
    session: AsyncSession | Session | Connection, model: Any, values: dict[str, Any], conflict_columns: list[str]
) -> Any:
    """``INSERT ... ON CONFLICT (cols) DO NOTHING`` for the session's database (SQLite or PostgreSQL)."""
    # A Session, or a Connection (the one-hop functions of ``Database.run_write``).
    dialect = (session.get_bind() if isinstance(session, AsyncSession | Session) else session).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict_columns)
