"""Initial schema: the policy, its roadmap, organisation and glossary, and record history.

Times are stored as naive UTC DateTime columns.

Revision ID: 0001_initial
Revises: (none)
Create Date: 2026-11-24 12:52:35.871791
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "body",
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "kind IN ('headquarters', 'officer', 'committee', 'secretariat', 'promoters', 'lead_sections', 'project_team', 'working_group')",
            name=op.f("ck_body_kind_known"),
        ),
        sa.CheckConstraint("status IN ('設置済', '想定')", name=op.f("ck_body_status_known")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_body_name_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body")),
        sa.UniqueConstraint("name", name=op.f("uq_body_name")),
    )
    op.create_table(
        "edition",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=50), nullable=False),
        sa.Column("action", sa.String(length=10), nullable=False),
        sa.Column("issued_year", sa.Integer(), nullable=False),
        sa.Column("issued_month", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("action IN ('策定', '改訂')", name=op.f("ck_edition_action_known")),
        sa.CheckConstraint("issued_month BETWEEN 1 AND 12", name=op.f("ck_edition_issued_month_range")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_edition_number_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_edition")),
        sa.UniqueConstraint("number", name=op.f("uq_edition_number")),
    )
    op.create_table(
        "glossary_term",
        sa.Column("term", sa.String(length=200), nullable=False),
        sa.Column("reading", sa.String(length=300), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("length(trim(term)) > 0", name=op.f("ck_glossary_term_term_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_glossary_term")),
        sa.UniqueConstraint("term", name=op.f("uq_glossary_term_term")),
    )
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_meta")),
    )
    op.create_table(
        "policy",
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("vision", sa.Text(), nullable=False),
        sa.Column("vision_text", sa.Text(), nullable=False),
        sa.Column("plan_first_year", sa.Integer(), nullable=False),
        sa.Column("plan_last_year", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("plan_first_year <= plan_last_year", name=op.f("ck_policy_plan_period_order")),
        sa.CheckConstraint("plan_first_year BETWEEN 1989 AND 2200", name=op.f("ck_policy_plan_first_year_range")),
        sa.CheckConstraint("plan_last_year - plan_first_year < 50", name=op.f("ck_policy_plan_period_length")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy")),
    )
    op.create_table(
        "policy_area",
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("length(trim(title)) > 0", name=op.f("ck_policy_area_title_not_blank")),
        sa.CheckConstraint("number >= 1", name=op.f("ck_policy_area_number_positive")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_area")),
        sa.UniqueConstraint("number", name=op.f("uq_policy_area_number")),
    )
    op.create_table(
        "record_revision",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=50), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_record_revision")),
    )
    with op.batch_alter_table("record_revision", schema=None) as batch_op:
        batch_op.create_index("ix_record_revision_record", ["record_id", "revision"], unique=False)

    op.create_table(
        "section",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=2), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("kind IN ('部', '課')", name=op.f("ck_section_kind_known")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_section_name_not_blank")),
        sa.CheckConstraint("parent_id IS NULL OR parent_id <> id", name=op.f("ck_section_not_own_parent")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["section.id"], name=op.f("fk_section_parent_id_section"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_section")),
        sa.UniqueConstraint("name", name=op.f("uq_section_name")),
    )
    op.create_table(
        "viewpoint",
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_viewpoint")),
        sa.UniqueConstraint("name", name=op.f("uq_viewpoint_name")),
    )
    op.create_table(
        "body_member",
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("section_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_body_member_body_id_body"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["section_id"], ["section.id"], name=op.f("fk_body_member_section_id_section"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_member")),
        sa.UniqueConstraint("body_id", "section_id", name="uq_body_member_body_section"),
    )
    with op.batch_alter_table("body_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_member_section_id"), ["section_id"], unique=False)

    op.create_table(
        "duty",
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_duty_body_id_body"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty")),
    )
    with op.batch_alter_table("duty", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_duty_body_id"), ["body_id"], unique=False)

    op.create_table(
        "initiative",
        sa.Column("area_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("lead_section_id", sa.String(length=36), nullable=True),
        sa.Column("inferred", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_initiative_name_not_blank")),
        sa.ForeignKeyConstraint(
            ["area_id"], ["policy_area.id"], name=op.f("fk_initiative_area_id_policy_area"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["lead_section_id"], ["section.id"], name=op.f("fk_initiative_lead_section_id_section"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_initiative")),
        sa.UniqueConstraint("area_id", "name", name="uq_initiative_area_name"),
    )
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.create_index("ix_initiative_area_position", ["area_id", "position"], unique=False)
        batch_op.create_index(batch_op.f("ix_initiative_lead_section_id"), ["lead_section_id"], unique=False)

    op.create_table(
        "role",
        sa.Column("body_id", sa.String(length=36), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("post", sa.String(length=200), nullable=False),
        sa.Column("section_id", sa.String(length=36), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["body.id"], name=op.f("fk_role_body_id_body"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["section_id"], ["section.id"], name=op.f("fk_role_section_id_section"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role")),
    )
    with op.batch_alter_table("role", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_role_body_id"), ["body_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_role_section_id"), ["section_id"], unique=False)

    op.create_table(
        "roadmap_cell",
        sa.Column("initiative_id", sa.String(length=36), nullable=False),
        sa.Column("fiscal_year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("phase", sa.String(length=100), nullable=True),
        sa.Column("inferred", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("revision", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.CheckConstraint(
            "(kind = 'phase' AND phase IS NOT NULL AND length(trim(phase)) > 0) OR (kind = 'shaded' AND phase IS NULL)",
            name=op.f("ck_roadmap_cell_kind_matches_phase"),
        ),
        sa.CheckConstraint("fiscal_year BETWEEN 1989 AND 2200", name=op.f("ck_roadmap_cell_fiscal_year_range")),
        sa.ForeignKeyConstraint(
            ["initiative_id"],
            ["initiative.id"],
            name=op.f("fk_roadmap_cell_initiative_id_initiative"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_roadmap_cell")),
        sa.UniqueConstraint("initiative_id", "fiscal_year", name="uq_roadmap_cell_initiative_year"),
    )


def downgrade() -> None:
    op.drop_table("roadmap_cell")
    with op.batch_alter_table("role", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_role_section_id"))
        batch_op.drop_index(batch_op.f("ix_role_body_id"))

    op.drop_table("role")
    with op.batch_alter_table("initiative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_initiative_lead_section_id"))
        batch_op.drop_index("ix_initiative_area_position")

    op.drop_table("initiative")
    with op.batch_alter_table("duty", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_duty_body_id"))

    op.drop_table("duty")
    with op.batch_alter_table("body_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_member_section_id"))

    op.drop_table("body_member")
    op.drop_table("viewpoint")
    op.drop_table("section")
    with op.batch_alter_table("record_revision", schema=None) as batch_op:
        batch_op.drop_index("ix_record_revision_record")

    op.drop_table("record_revision")
    op.drop_table("policy_area")
    op.drop_table("policy")
    op.drop_table("meta")
    op.drop_table("glossary_term")
    op.drop_table("edition")
    op.drop_table("body")
