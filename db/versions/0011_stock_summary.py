"""The stock view's per depot × item figures as a projection (`stock_summary`), and a covering
index for stock cards (`ix_stock_line_card` replaces `ix_stock_line_item`).

The table is filled from the existing lines by the projection's own computation, so a station
upgraded with stock on hand shows the same view as before. On PostgreSQL, roles that may write
`stock_line` (the seats' application role) get the same rights on the new table.

Revision ID: 0011_stock_summary
Revises: 0005_authority
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_stock_summary"
down_revision = "0005_authority"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stock_summary",
        sa.Column("depot_id", sa.String(36), nullable=False),
        sa.Column("item", sa.String(40), nullable=False),
        sa.Column("on_hand", sa.BigInteger(), nullable=False),
        sa.Column("minimum", sa.BigInteger(), nullable=False),
        sa.Column("in_transit", sa.BigInteger(), nullable=False),
        sa.Column("nearest_expiry_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("depot_id", "item", name="pk_stock_summary"),
        sqlite_with_rowid=False,
    )
    op.drop_index("ix_stock_line_item", table_name="stock_line")
    op.create_index("ix_stock_line_card", "stock_line",
                    ["item", "occurred_ms", "hlc", "line_id", "depot_id", "qty", "lot", "move_id"])
    bind = op.get_bind()
    from app.storage.projections import supplies_summary

    supplies_summary.refresh_all(bind)
    if bind.dialect.name == "postgresql":
        grantees = bind.execute(sa.text(
            "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
            "WHERE table_schema = current_schema() AND table_name = 'stock_line' AND privilege_type = 'UPDATE' "
            "AND grantee <> current_user")).scalars().all()
        for role in grantees:
            name = bind.dialect.identifier_preparer.quote(role)
            op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE stock_summary TO {name}")


def downgrade() -> None:
    op.drop_index("ix_stock_line_card", table_name="stock_line")
    op.create_index("ix_stock_line_item", "stock_line", ["item", "occurred_ms", "hlc"])
    op.drop_table("stock_summary")
