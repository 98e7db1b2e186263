"""Editions as snapshots: the whole policy frozen when an edition is made.  The newest edition that
exists when a database is upgraded (or created) is frozen from its data then, by the application.

Revision ID: 0004_edition_snapshot
Revises: 0003_progress
Create Date: 2026-12-02 04:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_edition_snapshot"
down_revision: str | None = "0003_progress"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "edition_snapshot",
        sa.Column("edition_id", sa.String(length=36), nullable=False),
        sa.Column("format_version", sa.Integer(), nullable=False),
        sa.Column("schema_revision", sa.String(length=32), nullable=False),
        sa.Column("records", sa.LargeBinary(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("frozen_at", sa.DateTime(), nullable=False),
        sa.Column("frozen_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["edition_id"],
            ["edition.id"],
            name=op.f("fk_edition_snapshot_edition_id_edition"),
            ondelete="CASCADE",  # only undoing an edition's creation deletes it
        ),
        sa.PrimaryKeyConstraint("edition_id", name=op.f("pk_edition_snapshot")),
    )


def downgrade() -> None:
    op.drop_table("edition_snapshot")
