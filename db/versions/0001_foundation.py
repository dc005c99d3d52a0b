"""Foundation: operation log, local state, station, settings, accounts, field edits, townships.

Revision ID: 0001_foundation
Revises:
Create Date: 2026-11-29
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0001_foundation"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "oplog",
        sa.Column("local_seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("replica_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("local_seq", name="pk_oplog"),
        sa.UniqueConstraint("op_id", name="uq_oplog_op_id"),
        sa.UniqueConstraint("replica_id", "seq", name="uq_oplog_replica_id_seq"),
    )
    op.create_index("ix_oplog_hlc", "oplog", ["hlc"])
    op.create_index("ix_oplog_kind", "oplog", ["kind"])
    op.create_table(
        "local_state",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_local_state"),
    )
    op.create_table(
        "replica_head",
        sa.Column("replica_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("replica_id", name="pk_replica_head"),
    )
    op.create_table(
        "station",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("created_hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name="pk_station"),
    )
    op.create_table(
        "setting",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "key", name="pk_setting"),
    )
    op.create_table(
        "account",
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("display_name", sa.String(60), nullable=False),
        sa.Column("phone", sa.String(32), nullable=False),
        sa.Column("roles", sa.String(120), nullable=False),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("created_hlc", sa.String(80), nullable=False),
        sa.Column("created_by", sa.String(32), nullable=False),
        sa.Column("updated_hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("username", name="pk_account"),
    )
    op.create_table(
        "signin_throttle",
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("failed_count", sa.Integer(), nullable=False),
        sa.Column("last_failed_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("username", name="pk_signin_throttle"),
    )
    op.create_table(
        "field_edit",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("entity", sa.String(64), nullable=False),
        sa.Column("entity_key", sa.String(120), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("base_hlc", sa.String(80), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("op_id", "field", name="pk_field_edit"),
    )
    op.create_index("ix_field_edit_target", "field_edit", ["entity", "entity_key", "field", "hlc"])
    township = op.create_table(
        "township",
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("code", name="pk_township"),
        sa.UniqueConstraint("name", name="uq_township_name"),
    )
    reference = Path(__file__).resolve().parent.parent / "reference" / "townships.json"
    op.bulk_insert(township, json.loads(reference.read_text(encoding="utf-8")))


def downgrade() -> None:
    for table in ("township", "field_edit", "signin_throttle", "account", "setting", "station", "replica_head", "local_state"):
        op.drop_table(table)
    op.drop_index("ix_oplog_kind", "oplog")
    op.drop_index("ix_oplog_hlc", "oplog")
    op.drop_table("oplog")
