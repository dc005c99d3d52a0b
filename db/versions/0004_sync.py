"""Sync: peers, trust, quarantine, version vectors.

Revision ID: 0004_sync
Revises: 0003_shifts
Create Date: 2026-11-29
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0004_sync"
down_revision = "0003_shifts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
