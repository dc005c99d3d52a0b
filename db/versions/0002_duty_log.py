"""Duty log: entries, amendments, notifications, search index.

Revision ID: 0002_duty_log
Revises: 0001_foundation
Create Date: 2026-11-29
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0002_duty_log"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
