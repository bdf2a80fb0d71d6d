"""phone calls: webhook responses kept per turn, last event and finalization of a call

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("calls") as batch:
        batch.add_column(sa.Column("last_event_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("finalized_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE calls SET last_event_at = started_at")
    with op.batch_alter_table("calls") as batch:
        batch.alter_column("last_event_at", existing_type=sa.DateTime(timezone=True), nullable=False)
        batch.create_index(batch.f("ix_calls_last_event_at"), ["last_event_at"], unique=False)
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("response", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.drop_column("response")
    with op.batch_alter_table("calls") as batch:
        batch.drop_index(batch.f("ix_calls_last_event_at"))
        batch.drop_column("finalized_at")
        batch.drop_column("last_event_at")
