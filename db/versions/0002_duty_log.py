"""Duty log: entries and their activity.

The full-text search index is a local cache created by app/storage/duty_search.py on first use
(FTS5 virtual tables are not models and are rebuilt from the entries when missing).

Revision ID: 0002_duty_log
Revises: 0001_foundation
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_duty_log"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "duty_entry",
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("direction", sa.String(8), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("received_ms", sa.BigInteger(), nullable=False),
        sa.Column("occurred_ms", sa.BigInteger(), nullable=True),
        sa.Column("recorded_hlc", sa.String(80), nullable=False),
        sa.Column("source_unit", sa.String(120), nullable=False),
        sa.Column("source_person", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("township", sa.String(40), nullable=False),
        sa.Column("location", sa.String(200), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("instruction", sa.Text(), nullable=False),
        sa.Column("instruction_hlc", sa.String(80), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("action_hlc", sa.String(80), nullable=False),
        sa.Column("due_ms", sa.BigInteger(), nullable=True),
        sa.Column("significant", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("amended", sa.String(400), nullable=False),
        sa.PrimaryKeyConstraint("entry_id", name="pk_duty_entry"),
    )
    op.create_index("ix_duty_entry_received", "duty_entry", ["received_ms", "entry_id"])
    op.create_index("ix_duty_entry_no", "duty_entry", ["station_id", "year", "number", "entry_id"])
    op.create_index("ix_duty_entry_recorded", "duty_entry", ["recorded_hlc"])
    op.create_index("ix_duty_entry_category", "duty_entry", ["category", "received_ms", "entry_id"])
    op.create_index("ix_duty_entry_township", "duty_entry", ["township", "received_ms", "entry_id"])
    op.create_index("ix_duty_entry_author", "duty_entry", ["author", "received_ms", "entry_id"])
    op.create_index("ix_duty_entry_status", "duty_entry", ["status", "void_reason", "due_ms"])
    op.create_table(
        "duty_activity",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("field", sa.String(32), nullable=False),
        sa.Column("leader", sa.String(60), nullable=False),
        sa.Column("whom", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("op_id", name="pk_duty_activity"),
    )
    op.create_index("ix_duty_activity_entry", "duty_activity", ["entry_id", "hlc"])


def downgrade() -> None:
    for name in ("duty_fts", "duty_fts_doc", "duty_fts_version"):
        op.execute(f"DROP TABLE IF EXISTS {name}")
    op.drop_index("ix_duty_activity_entry", "duty_activity")
    op.drop_table("duty_activity")
    for index in ("status", "author", "township", "category", "recorded", "no", "received"):
        op.drop_index(f"ix_duty_entry_{index}", "duty_entry")
    op.drop_table("duty_entry")
