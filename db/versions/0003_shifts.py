"""Shifts, rota and handover sheets.

Revision ID: 0003_shifts
Revises: 0002_duty_log
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_shifts"
down_revision = "0002_duty_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shift",
        sa.Column("shift_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("slot_key", sa.String(16), nullable=False),
        sa.Column("planned_start_ms", sa.BigInteger(), nullable=False),
        sa.Column("planned_end_ms", sa.BigInteger(), nullable=False),
        sa.Column("start_ms", sa.BigInteger(), nullable=False),
        sa.Column("end_ms", sa.BigInteger(), nullable=True),
        sa.Column("leader", sa.String(32), nullable=False),
        sa.Column("lead", sa.String(32), nullable=False),
        sa.Column("operators", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("opened_by", sa.String(32), nullable=False),
        sa.Column("opened_hlc", sa.String(80), nullable=False),
        sa.Column("opened_via", sa.String(16), nullable=False),
        sa.Column("prev_shift_id", sa.String(36), nullable=False),
        sa.Column("next_shift_id", sa.String(36), nullable=False),
        sa.Column("outgoing", sa.String(32), nullable=False),
        sa.Column("incoming", sa.String(32), nullable=False),
        sa.Column("sheet_no", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("shift_id", name="pk_shift"),
    )
    op.create_index("ix_shift_station_start", "shift", ["station_id", "start_ms"])
    op.create_index("ix_shift_station_state", "shift", ["station_id", "state"])
    op.create_table(
        "handover_sheet",
        sa.Column("shift_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("sheet_no", sa.String(20), nullable=False),
        sa.Column("handover_ms", sa.BigInteger(), nullable=False),
        sa.Column("outgoing", sa.String(32), nullable=False),
        sa.Column("incoming", sa.String(32), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("equipment", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("shift_id", name="pk_handover_sheet"),
    )
    op.create_index("ix_handover_sheet_sheet_no", "handover_sheet", ["station_id", "sheet_no"])
    op.create_table(
        "shift_confirmation",
        sa.Column("shift_id", sa.String(36), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("username", sa.String(32), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("shift_id", "role", name="pk_shift_confirmation"),
    )
    op.create_table(
        "rota_slot",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("slot_key", sa.String(16), nullable=False),
        sa.Column("day", sa.String(10), nullable=False),
        sa.Column("start_ms", sa.BigInteger(), nullable=False),
        sa.Column("end_ms", sa.BigInteger(), nullable=False),
        sa.Column("leader", sa.String(32), nullable=False),
        sa.Column("lead", sa.String(32), nullable=False),
        sa.Column("operators", sa.Text(), nullable=False),
        sa.Column("updated_hlc", sa.String(80), nullable=False),
        sa.Column("updated_by", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "slot_key", name="pk_rota_slot"),
    )
    op.create_index("ix_rota_slot_start_ms", "rota_slot", ["station_id", "start_ms"])
    op.create_table(
        "rota_change",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("slot_key", sa.String(16), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("author", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_rota_change"),
    )
    op.create_index("ix_rota_change_slot_key", "rota_change", ["station_id", "slot_key", "hlc"])
    op.create_table(
        "rota_swap",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("slot_key", sa.String(16), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("out_user", sa.String(32), nullable=False),
        sa.Column("in_user", sa.String(32), nullable=False),
        sa.Column("asked_by", sa.String(32), nullable=False),
        sa.Column("approved_by", sa.String(32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("author", sa.String(32), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_rota_swap"),
    )
    op.create_index("ix_rota_swap_slot_key", "rota_swap", ["station_id", "slot_key"])


def downgrade() -> None:
    op.drop_index("ix_rota_swap_slot_key", "rota_swap")
    op.drop_table("rota_swap")
    op.drop_index("ix_rota_change_slot_key", "rota_change")
    op.drop_table("rota_change")
    op.drop_index("ix_rota_slot_start_ms", "rota_slot")
    op.drop_table("rota_slot")
    op.drop_table("shift_confirmation")
    op.drop_index("ix_handover_sheet_sheet_no", "handover_sheet")
    op.drop_table("handover_sheet")
    op.drop_index("ix_shift_station_state", "shift")
    op.drop_index("ix_shift_station_start", "shift")
    op.drop_table("shift")
