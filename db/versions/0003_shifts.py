"""Shifts, rota and handover sheets.

Revision ID: 0003_shifts
Revises: 0002_duty_log
Create Date: 2026-11-29
"""

import sqlalchemy as sa  # noqa: F401
from alembic import op  # noqa: F401

revision = "0003_shifts"
down_revision = "0002_duty_log"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
