"""editors' corrections for every reader

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 19:20:16.849878
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("context", sa.String(length=200), nullable=False),
        sa.Column("query", sa.String(length=300), nullable=False),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.Column("editor", sa.String(length=300), nullable=False),
        sa.Column("saved", sa.DateTime(), nullable=False),
        sa.Column("undone", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.create_index("ix_correction_key", ["context", "query"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("correction", schema=None) as batch_op:
        batch_op.drop_index("ix_correction_key")

    op.drop_table("correction")
