"""Incidents: headers, casualty series, earthquake parameters, links, reports sent, deadline rules.

Revision ID: 0009_incidents
Revises: 0008_rosters
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_incidents"
down_revision = "0008_rosters"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "incident",
        sa.Column("incident_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("type_code", sa.String(32), nullable=False),
        sa.Column("level", sa.String(4), nullable=False),
        sa.Column("level_basis", sa.Text(), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("exercise", sa.Boolean(), nullable=False),
        sa.Column("township", sa.String(40), nullable=False),
        sa.Column("village", sa.String(60), nullable=False),
        sa.Column("place", sa.String(200), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("occurred_ms", sa.BigInteger(), nullable=False),
        sa.Column("received_ms", sa.BigInteger(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("paper_form", sa.String(40), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("created_hlc", sa.String(80), nullable=False),
        sa.Column("closed_ms", sa.BigInteger(), nullable=True),
        sa.PrimaryKeyConstraint("incident_id", name="pk_incident"),
    )
    op.create_index("ix_incident_no", "incident", ["station_id", "year", "number"])
    op.create_index("ix_incident_status", "incident", ["status", "occurred_ms"])
    op.create_index("ix_incident_type", "incident", ["type_code", "occurred_ms"])
    op.create_index("ix_incident_occurred", "incident", ["occurred_ms", "incident_id"])
    op.create_table(
        "incident_casualty",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("incident_id", sa.String(36), nullable=False),
        sa.Column("at_ms", sa.BigInteger(), nullable=False),
        sa.Column("dead", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("injured", sa.Integer(), nullable=False),
        sa.Column("serious", sa.Integer(), nullable=False),
        sa.Column("evacuated", sa.Integer(), nullable=False),
        sa.Column("houses", sa.Integer(), nullable=False),
        sa.Column("loss_yuan", sa.BigInteger(), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_incident_casualty"),
    )
    op.create_index("ix_incident_casualty_incident", "incident_casualty", ["incident_id", "at_ms", "hlc"])
    op.create_table(
        "incident_quake",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("incident_id", sa.String(36), nullable=False),
        sa.Column("magnitude_tenths", sa.Integer(), nullable=False),
        sa.Column("depth_km", sa.Integer(), nullable=False),
        sa.Column("lat", sa.Float(), nullable=False),
        sa.Column("lon", sa.Float(), nullable=False),
        sa.Column("origin_ms", sa.BigInteger(), nullable=False),
        sa.Column("formal", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(120), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_incident_quake"),
    )
    op.create_index("ix_incident_quake_incident", "incident_quake", ["incident_id", "hlc"])
    op.create_table(
        "incident_link",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("incident_id", sa.String(36), nullable=False),
        sa.Column("entry_id", sa.String(36), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_incident_link"),
    )
    op.create_index("ix_incident_link_incident", "incident_link", ["incident_id", "entry_id"])
    op.create_index("ix_incident_link_entry", "incident_link", ["entry_id"])
    op.create_table(
        "incident_report",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("incident_id", sa.String(36), nullable=False),
        sa.Column("stage", sa.String(12), nullable=False),
        sa.Column("sent_ms", sa.BigInteger(), nullable=False),
        sa.Column("sent_to", sa.String(120), nullable=False),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("doc_no", sa.String(60), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_incident_report"),
    )
    op.create_index("ix_incident_report_incident", "incident_report", ["incident_id", "sent_ms"])
    op.create_index("ix_incident_report_sent", "incident_report", ["sent_ms"])
    op.create_table(
        "incident_rule",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("rule_id", sa.String(64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "rule_id", name="pk_incident_rule"),
    )


def downgrade() -> None:
    op.drop_table("incident_rule")
    op.drop_table("incident_report")
    op.drop_table("incident_link")
    op.drop_table("incident_quake")
    op.drop_table("incident_casualty")
    op.drop_table("incident")
