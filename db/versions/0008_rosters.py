"""Team rosters and the liaison directory (docs/rosters.md): units, status events, people,
memberships, phones, qualifications, directory posts, roll calls.

Revision ID: 0008_rosters
Revises: 0007_supplies
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_rosters"
down_revision = "0007_supplies"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "roster_membership",
        sa.Column("membership_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("from_date", sa.String(length=10), nullable=False),
        sa.Column("hlc", sa.String(length=80), nullable=False),
        sa.Column("author", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("membership_id", name=op.f("pk_roster_membership")),
    )
    op.create_index("ix_roster_membership_person", "roster_membership", ["person_id", "hlc"], unique=False)
    op.create_table(
        "roster_person",
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("id_number", sa.String(length=18), nullable=False),
        sa.Column("gender", sa.String(length=4), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("status", sa.String(length=8), nullable=False),
        sa.Column("left_on", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=80), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("membership_hlc", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_roster_person")),
    )
    op.create_index("ix_roster_person_idno", "roster_person", ["id_number"], unique=False)
    op.create_index("ix_roster_person_name", "roster_person", ["name"], unique=False)
    op.create_index("ix_roster_person_unit", "roster_person", ["unit_id", "status"], unique=False)
    op.create_table(
        "roster_phone",
        sa.Column("phone_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("digits", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=24), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("invalid", sa.Boolean(), nullable=False),
        sa.Column("do_not_call", sa.Boolean(), nullable=False),
        sa.Column("created_hlc", sa.String(length=80), nullable=False),
        sa.Column("verified_ms", sa.BigInteger(), nullable=True),
        sa.Column("verified_by", sa.String(length=32), nullable=False),
        sa.Column("verified_hlc", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("phone_id", name=op.f("pk_roster_phone")),
    )
    op.create_index("ix_roster_phone_digits", "roster_phone", ["digits"], unique=False)
    op.create_index("ix_roster_phone_person", "roster_phone", ["person_id", "rank"], unique=False)
    op.create_table(
        "roster_post",
        sa.Column("post_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=24), nullable=False),
        sa.Column("township", sa.String(length=40), nullable=False),
        sa.Column("village", sa.String(length=60), nullable=False),
        sa.Column("department", sa.String(length=120), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("ended", sa.Boolean(), nullable=False),
        sa.Column("created_hlc", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("post_id", name=op.f("pk_roster_post")),
    )
    op.create_index("ix_roster_post_person", "roster_post", ["person_id"], unique=False)
    op.create_index("ix_roster_post_township", "roster_post", ["township", "village"], unique=False)
    op.create_table(
        "roster_qualification",
        sa.Column("qual_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("qtype", sa.String(length=60), nullable=False),
        sa.Column("awarded", sa.String(length=10), nullable=False),
        sa.Column("validity_months", sa.Integer(), nullable=False),
        sa.Column("expires", sa.String(length=10), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("hlc", sa.String(length=80), nullable=False),
        sa.Column("author", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("qual_id", name=op.f("pk_roster_qualification")),
    )
    op.create_index("ix_roster_qualification_expires", "roster_qualification", ["expires"], unique=False)
    op.create_index("ix_roster_qualification_person", "roster_qualification", ["person_id"], unique=False)
    op.create_table(
        "roster_roll_answer",
        sa.Column("op_id", sa.String(length=36), nullable=False),
        sa.Column("roll_id", sa.String(length=36), nullable=False),
        sa.Column("person_id", sa.String(length=36), nullable=False),
        sa.Column("phone_id", sa.String(length=36), nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("author", sa.String(length=32), nullable=False),
        sa.Column("hlc", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name=op.f("pk_roster_roll_answer")),
    )
    op.create_index(
        "ix_roster_roll_answer_roll", "roster_roll_answer", ["roll_id", "person_id", "hlc"], unique=False
    )
    op.create_table(
        "roster_rollcall",
        sa.Column("roll_id", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("person_ids", sa.Text(), nullable=False),
        sa.Column("started_ms", sa.BigInteger(), nullable=False),
        sa.Column("started_by", sa.String(length=32), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("roll_id", name=op.f("pk_roster_rollcall")),
    )
    op.create_table(
        "roster_status_event",
        sa.Column("event_id", sa.String(length=36), nullable=False),
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("incident_id", sa.String(length=64), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("hlc", sa.String(length=80), nullable=False),
        sa.Column("author", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_roster_status_event")),
    )
    op.create_index("ix_roster_status_event_at", "roster_status_event", ["at_ms"], unique=False)
    op.create_index(
        "ix_roster_status_event_incident", "roster_status_event", ["incident_id", "at_ms"], unique=False
    )
    op.create_index("ix_roster_status_event_unit", "roster_status_event", ["unit_id", "hlc"], unique=False)
    op.create_table(
        "roster_unit",
        sa.Column("unit_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("parent_id", sa.String(length=36), nullable=False),
        sa.Column("township", sa.String(length=40), nullable=False),
        sa.Column("place", sa.String(length=120), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("leader_id", sa.String(length=36), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_hlc", sa.String(length=80), nullable=False),
        sa.Column("created_by", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("status_event_id", sa.String(length=36), nullable=False),
        sa.Column("status_hlc", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("unit_id", name=op.f("pk_roster_unit")),
    )
    op.create_index("ix_roster_unit_parent", "roster_unit", ["parent_id"], unique=False)
    op.create_index("ix_roster_unit_township", "roster_unit", ["township"], unique=False)


def downgrade() -> None:
    for name in (
        "roster_unit",
        "roster_status_event",
        "roster_rollcall",
        "roster_roll_answer",
        "roster_qualification",
        "roster_post",
        "roster_phone",
        "roster_person",
        "roster_membership",
    ):
        op.drop_table(name)
