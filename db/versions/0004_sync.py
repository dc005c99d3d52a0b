"""Sync: identity, trust, vouchers, chain-head attestations, acks, peers, bundle log,
quarantine, clock flags, parked bundles (all local tables; see docs/sync.md).

Revision ID: 0004_sync
Revises: 0003_shifts
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_sync"
down_revision = "0003_shifts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sync_identity",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("storage", sa.String(16), nullable=False),
        sa.Column("created_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name="pk_sync_identity"),
    )
    op.create_table(
        "sync_trust",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("code", sa.String(16), nullable=False),
        sa.Column("public_key", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("may_vouch", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("vouched_by", sa.String(36), nullable=False),
        sa.Column("added_by", sa.String(64), nullable=False),
        sa.Column("added_ms", sa.Integer(), nullable=False),
        sa.Column("revoked_by", sa.String(64), nullable=False),
        sa.Column("revoked_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name="pk_sync_trust"),
    )
    op.create_table(
        "sync_voucher",
        sa.Column("issuer_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.Column("issued_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("issuer_id", "station_id", name="pk_sync_voucher"),
    )
    op.create_table(
        "sync_attestation",
        sa.Column("replica_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("key_id", sa.String(32), nullable=False),
        sa.Column("signature", sa.String(128), nullable=False),
        sa.PrimaryKeyConstraint("replica_id", name="pk_sync_attestation"),
    )
    op.create_table(
        "sync_peer_ack",
        sa.Column("peer_id", sa.String(36), nullable=False),
        sa.Column("replica_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("peer_id", "replica_id", name="pk_sync_peer_ack"),
    )
    op.create_table(
        "sync_peer",
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("last_import_ms", sa.Integer(), nullable=False),
        sa.Column("last_import_bundle", sa.String(36), nullable=False),
        sa.Column("last_export_ms", sa.Integer(), nullable=False),
        sa.Column("last_export_bundle", sa.String(36), nullable=False),
        sa.Column("last_export_path", sa.Text(), nullable=False),
        sa.Column("ack_replica", sa.String(36), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name="pk_sync_peer"),
    )
    op.create_table(
        "sync_bundle_log",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("sender_id", sa.String(36), nullable=False),
        sa.Column("created_ms", sa.Integer(), nullable=False),
        sa.Column("imported_ms", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("new_count", sa.Integer(), nullable=False),
        sa.Column("duplicate_count", sa.Integer(), nullable=False),
        sa.Column("quarantined_count", sa.Integer(), nullable=False),
        sa.Column("report", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name="pk_sync_bundle_log"),
    )
    op.create_table(
        "sync_quarantine",
        sa.Column("hash", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(24), nullable=False),
        sa.Column("existing_op_id", sa.String(36), nullable=False),
        sa.Column("existing_hash", sa.String(64), nullable=False),
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("found_ms", sa.Integer(), nullable=False),
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("replica_id", sa.String(36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hlc", sa.String(80), nullable=False),
        sa.Column("author", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("hash", name="pk_sync_quarantine"),
    )
    op.create_index("ix_sync_quarantine_replica_id", "sync_quarantine", ["replica_id", "seq"])
    op.create_table(
        "sync_clock_flag",
        sa.Column("op_id", sa.String(36), nullable=False),
        sa.Column("station_id", sa.String(36), nullable=False),
        sa.Column("ahead_ms", sa.Integer(), nullable=False),
        sa.Column("flagged_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("op_id", name="pk_sync_clock_flag"),
    )
    op.create_table(
        "sync_parked",
        sa.Column("bundle_id", sa.String(36), nullable=False),
        sa.Column("sender_id", sa.String(36), nullable=False),
        sa.Column("file_path", sa.Text(), nullable=False),
        sa.Column("original_name", sa.Text(), nullable=False),
        sa.Column("needs", sa.String(64), nullable=False),
        sa.Column("parked_ms", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bundle_id", name="pk_sync_parked"),
    )


def downgrade() -> None:
    op.drop_index("ix_sync_quarantine_replica_id", "sync_quarantine")
    for name in (
        "sync_parked", "sync_clock_flag", "sync_quarantine", "sync_bundle_log", "sync_peer",
        "sync_peer_ack", "sync_attestation", "sync_voucher", "sync_trust", "sync_identity",
    ):
        op.drop_table(name)
