"""The import log: every workbook imported, who imported it, and what became of its changes;
and the revisions this terminal has learnt of from imported files.

Revision ID: 0002_import_log
Revises: 0001_initial
Create Date: 2026-11-25 13:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_import_log"
down_revision: str | None = "0001_initial"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "import_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(length=200), nullable=False),
        sa.Column("file_name", sa.String(length=500), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=False),
        sa.Column("origin_user", sa.String(length=200), nullable=False),
        sa.Column("origin_exported_at", sa.DateTime(), nullable=True),
        sa.Column("degraded", sa.Boolean(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_log")),
    )
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_import_log_file_sha256"), ["file_sha256"], unique=False)
    op.create_table(
        "known_revision",
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id", "revision", name=op.f("pk_known_revision")),
    )


def downgrade() -> None:
    op.drop_table("known_revision")
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_log_file_sha256"))
    op.drop_table("import_log")
