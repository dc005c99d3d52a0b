"""Backups: one row per backup attempt and target (a local table).

Revision ID: 0010_backup
Revises: 0004_sync
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_backup"
down_revision = "0004_sync"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "backup_run",
        sa.Column("run_id", sa.String(36), nullable=False),
        sa.Column("started_ms", sa.BigInteger(), nullable=False),
        sa.Column("finished_ms", sa.BigInteger(), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("trigger", sa.String(16), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name="pk_backup_run"),
    )
    op.create_index("ix_backup_run_finished_ms", "backup_run", ["finished_ms"])


def downgrade() -> None:
    op.drop_index("ix_backup_run_finished_ms", table_name="backup_run")
    op.drop_table("backup_run")
