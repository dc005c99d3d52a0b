"""Server databases (issue 10): millisecond timestamps as 64-bit integers everywhere.

SQLite's INTEGER is 64-bit already; PostgreSQL's INTEGER is 32-bit, so these columns (written
as sa.Integer by earlier revisions) could not hold a time in ms there.

Revision ID: 0006_server
Revises: 0010_backup
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_server"
down_revision = "0010_backup"
branch_labels = None
depends_on = None

MS_COLUMNS = {
    "signin_throttle": ("last_failed_ms",),
    "sync_identity": ("created_ms",),
    "sync_trust": ("added_ms", "revoked_ms"),
    "sync_voucher": ("issued_ms",),
    "sync_peer": ("last_import_ms", "last_export_ms"),
    "sync_bundle_log": ("created_ms", "imported_ms"),
    "sync_quarantine": ("found_ms",),
    "sync_clock_flag": ("ahead_ms", "flagged_ms"),
    "sync_parked": ("parked_ms",),
}


def _alter(to: sa.types.TypeEngine, from_: sa.types.TypeEngine) -> None:
    for table, columns in MS_COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.alter_column(column, type_=to, existing_type=from_, existing_nullable=False)


def upgrade() -> None:
    _alter(sa.BigInteger(), sa.Integer())


def downgrade() -> None:
    _alter(sa.Integer(), sa.BigInteger())
