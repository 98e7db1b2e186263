"""The progress cycle (進捗管理): the 評価 scale, each initiative's yearly evaluations, its indicators
and their yearly actuals.  The default scale (A–D) is added by the application after the upgrade.

Revision ID: 0003_progress
Revises: 0002_import_log
Create Date: 2026-12-02 00:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_progress"
down_revision: str | None = "0002_import_log"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "evaluation_grade",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("length(trim(code)) > 0", name=op.f("ck_evaluation_grade_code_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation_grade")),
        sa.UniqueConstraint("code", name=op.f("uq_evaluation_grade_code")),
    )
    op.create_table(
        "evaluation",
        sa.Column("initiative_id", sa.String(length=36), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("grade_id", sa.String(length=36), nullable=True),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("issues", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("fiscal_year BETWEEN 1989 AND 2200", name=op.f("ck_evaluation_fiscal_year_range")),
        sa.ForeignKeyConstraint(
            ["grade_id"],
            ["evaluation_grade.id"],
            name=op.f("fk_evaluation_grade_id_evaluation_grade"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_evaluation_initiative_id_initiative"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evaluation")),
        sa.UniqueConstraint("initiative_id", "fiscal_year", name="uq_evaluation_initiative_year"),
    )
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evaluation_grade_id"), ["grade_id"], unique=False)

    op.create_table(
        "indicator",
        sa.Column("initiative_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("unit", sa.String(length=50), nullable=False),
        sa.Column("base_value", sa.Float(), nullable=True),
        sa.Column("base_year", sa.Integer(), nullable=True),
        sa.Column("target_value", sa.Float(), nullable=True),
        sa.Column("target_year", sa.Integer(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_indicator_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["initiative_id"], ["initiative.id"], name=op.f("fk_indicator_initiative_id_initiative"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator")),
        sa.UniqueConstraint("initiative_id", "name", name="uq_indicator_initiative_name"),
    )
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicator_initiative_id"), ["initiative_id"], unique=False)

    op.create_table(
        "indicator_actual",
        sa.Column("indicator_id", sa.String(length=36), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("fiscal_year BETWEEN 1989 AND 2200", name=op.f("ck_indicator_actual_fiscal_year_range")),
        sa.ForeignKeyConstraint(
            ["indicator_id"],
            ["indicator.id"],
            name=op.f("fk_indicator_actual_indicator_id_indicator"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_indicator_actual")),
        sa.UniqueConstraint("indicator_id", "fiscal_year", name="uq_indicator_actual_indicator_year"),
    )


def downgrade() -> None:
    op.drop_table("indicator_actual")
    with op.batch_alter_table("indicator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicator_initiative_id"))

    op.drop_table("indicator")
    with op.batch_alter_table("evaluation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_grade_id"))

    op.drop_table("evaluation")
    op.drop_table("evaluation_grade")
