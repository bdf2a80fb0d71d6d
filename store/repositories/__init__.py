"""Repositories: small modules of async functions ``(session, business_id, ...)``.

They never commit: the caller opened the transaction (``Database.transaction()``) and owns it.
Every query is filtered by ``business_id`` so one business never sees another's rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession


def insert_ignoring_conflicts(session: AsyncSession, model: Any, values: dict[str, Any], conflict_columns: list[str]) -> Any:
    """``INSERT ... ON CONFLICT (cols) DO NOTHING`` for the session's database (SQLite or PostgreSQL)."""
    # A Session, or a Connection (the one-hop functions of ``Database.run_write``).
    dialect = (session.dialect if hasattr(session, "dialect") else session.get_bind().dialect).name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model).values(**values).on_conflict_do_nothing(index_elements=conflict_columns)
