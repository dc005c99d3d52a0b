"""Supply ledger (物资台账): catalogue, depots, minimums, lots, movements and their lines, serial
events, counts; GB/T 38565-2020 level-1 categories (docs/supplies.md).

Revision ID: 0007_supplies
Revises: 0006_server
Create Date: 2026-12-01
"""

import json
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0007_supplies"
down_revision = "0006_server"
branch_labels = None
depends_on = None

S = sa.String
BIG = sa.BigInteger


def _pk(table: str, *cols: str) -> sa.PrimaryKeyConstraint:
    return sa.PrimaryKeyConstraint(*cols, name=f"pk_{table}")


def upgrade() -> None:
    cat = op.create_table(
        "stock_category",
        sa.Column("code", S(8), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("name", S(60), nullable=False),
        sa.Column("name_en", S(80), nullable=False),
        _pk("stock_category", "code"),
    )
    reference = Path(__file__).resolve().parent.parent / "reference" / "supply_categories.json"
    op.bulk_insert(cat, json.loads(reference.read_text(encoding="utf-8")))
    op.create_table(
        "stock_item",
        sa.Column("code", S(40), nullable=False),
        sa.Column("name", S(120), nullable=False),
        sa.Column("spec", S(200), nullable=False),
        sa.Column("unit", S(16), nullable=False),
        sa.Column("gb_code", S(8), nullable=False),
        sa.Column("tracking", S(8), nullable=False),
        sa.Column("has_expiry", sa.Boolean(), nullable=False),
        sa.Column("nature", S(12), nullable=False),
        sa.Column("initials", S(120), nullable=False),
        sa.Column("created_hlc", S(80), nullable=False),
        _pk("stock_item", "code"),
    )
    op.create_table(
        "stock_depot",
        sa.Column("depot_id", S(36), nullable=False),
        sa.Column("code", S(40), nullable=False),
        sa.Column("name", S(120), nullable=False),
        sa.Column("township", S(40), nullable=False),
        sa.Column("keeper", S(64), nullable=False),
        sa.Column("station_id", S(36), nullable=False),
        sa.Column("stock_owner", S(36), nullable=False),
        sa.Column("created_hlc", S(80), nullable=False),
        _pk("stock_depot", "depot_id"),
    )
    op.create_index("ix_stock_depot_code", "stock_depot", ["code"])
    op.create_table(
        "stock_minimum",
        sa.Column("op_id", S(36), nullable=False),
        sa.Column("depot_id", S(36), nullable=False),
        sa.Column("item", S(40), nullable=False),
        sa.Column("qty", BIG(), nullable=False),
        sa.Column("hlc", S(80), nullable=False),
        sa.Column("station_id", S(36), nullable=False),
        _pk("stock_minimum", "op_id"),
    )
    op.create_index("ix_stock_minimum_key", "stock_minimum", ["depot_id", "item", "hlc"])
    op.create_table(
        "stock_lot",
        sa.Column("item", S(40), nullable=False),
        sa.Column("lot", S(60), nullable=False),
        sa.Column("produced_ms", BIG(), nullable=True),
        sa.Column("expires_ms", BIG(), nullable=True),
        sa.Column("source", S(120), nullable=False),
        sa.Column("maker", S(120), nullable=False),
        sa.Column("origin", S(120), nullable=False),
        sa.Column("hlc", S(80), nullable=False),
        _pk("stock_lot", "item", "lot"),
    )
    op.create_table(
        "stock_move",
        sa.Column("move_id", S(36), nullable=False),
        sa.Column("station_id", S(36), nullable=False),
        sa.Column("prefix", S(4), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("type", S(16), nullable=False),
        sa.Column("depot_id", S(36), nullable=False),
        sa.Column("other_depot", S(36), nullable=False),
        sa.Column("item", S(40), nullable=False),
        sa.Column("lot", S(60), nullable=False),
        sa.Column("qty", BIG(), nullable=False),
        sa.Column("lost", BIG(), nullable=False),
        sa.Column("ref", S(36), nullable=False),
        sa.Column("to_kind", S(12), nullable=False),
        sa.Column("to_id", S(60), nullable=False),
        sa.Column("to_name", S(120), nullable=False),
        sa.Column("incident_id", S(60), nullable=False),
        sa.Column("approver", S(60), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("doc_no", S(60), nullable=False),
        sa.Column("voucher_no", S(60), nullable=False),
        sa.Column("voucher_hlc", S(80), nullable=False),
        sa.Column("emergency", sa.Boolean(), nullable=False),
        sa.Column("serials", sa.Text(), nullable=False),
        sa.Column("occurred_ms", BIG(), nullable=False),
        sa.Column("hlc", S(80), nullable=False),
        sa.Column("author", S(64), nullable=False),
        _pk("stock_move", "move_id"),
    )
    op.create_index("ix_stock_move_no", "stock_move", ["station_id", "prefix", "year", "number"])
    op.create_index("ix_stock_move_occurred", "stock_move", ["occurred_ms", "move_id"])
    op.create_index("ix_stock_move_ref", "stock_move", ["ref"])
    op.create_table(
        "stock_line",
        sa.Column("line_id", S(44), nullable=False),
        sa.Column("move_id", S(36), nullable=False),
        sa.Column("depot_id", S(36), nullable=False),
        sa.Column("item", S(40), nullable=False),
        sa.Column("lot", S(60), nullable=False),
        sa.Column("qty", BIG(), nullable=False),
        sa.Column("for_depot", S(36), nullable=False),
        sa.Column("occurred_ms", BIG(), nullable=False),
        sa.Column("hlc", S(80), nullable=False),
        sa.Column("station_id", S(36), nullable=False),
        _pk("stock_line", "line_id"),
    )
    op.create_index("ix_stock_line_balance", "stock_line", ["depot_id", "item", "lot", "qty"])
    op.create_index("ix_stock_line_item", "stock_line", ["item", "occurred_ms", "hlc"])
    op.create_index("ix_stock_line_move", "stock_line", ["move_id"])
    op.create_table(
        "stock_serial_event",
        sa.Column("op_id", S(36), nullable=False),
        sa.Column("serial", S(60), nullable=False),
        sa.Column("item", S(40), nullable=False),
        sa.Column("event", S(16), nullable=False),
        sa.Column("depot_id", S(36), nullable=False),
        sa.Column("holder_kind", S(12), nullable=False),
        sa.Column("holder_id", S(60), nullable=False),
        sa.Column("holder_name", S(120), nullable=False),
        sa.Column("move_id", S(36), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("occurred_ms", BIG(), nullable=False),
        sa.Column("hlc", S(80), nullable=False),
        sa.Column("author", S(64), nullable=False),
        sa.Column("station_id", S(36), nullable=False),
        _pk("stock_serial_event", "op_id", "serial"),
    )
    op.create_index("ix_stock_serial_event_serial", "stock_serial_event", ["item", "serial", "hlc"])
    op.create_index("ix_stock_serial_event_holder", "stock_serial_event", ["holder_kind", "holder_id"])
    op.create_table(
        "stock_count",
        sa.Column("count_id", S(36), nullable=False),
        sa.Column("station_id", S(36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("depot_id", S(36), nullable=False),
        sa.Column("blind", sa.Boolean(), nullable=False),
        sa.Column("as_of_ms", BIG(), nullable=False),
        sa.Column("hlc", S(80), nullable=False),
        sa.Column("author", S(64), nullable=False),
        sa.Column("posted_move", S(36), nullable=False),
        _pk("stock_count", "count_id"),
    )
    op.create_table(
        "stock_count_line",
        sa.Column("count_id", S(36), nullable=False),
        sa.Column("item", S(40), nullable=False),
        sa.Column("lot", S(60), nullable=False),
        sa.Column("counted", BIG(), nullable=False),
        sa.Column("book_seen", BIG(), nullable=False),
        sa.Column("hlc", S(80), nullable=False),
        sa.Column("author", S(64), nullable=False),
        _pk("stock_count_line", "count_id", "item", "lot"),
    )


def downgrade() -> None:
    for index, table in (("ix_stock_serial_event_holder", "stock_serial_event"),
                         ("ix_stock_serial_event_serial", "stock_serial_event"),
                         ("ix_stock_line_move", "stock_line"), ("ix_stock_line_item", "stock_line"),
                         ("ix_stock_line_balance", "stock_line"), ("ix_stock_move_ref", "stock_move"),
                         ("ix_stock_move_occurred", "stock_move"), ("ix_stock_move_no", "stock_move"),
                         ("ix_stock_minimum_key", "stock_minimum"), ("ix_stock_depot_code", "stock_depot")):
        op.drop_index(index, table_name=table)
    for table in ("stock_count_line", "stock_count", "stock_serial_event", "stock_line", "stock_move", "stock_lot",
                  "stock_minimum", "stock_depot", "stock_item", "stock_category"):
        op.drop_table(table)
