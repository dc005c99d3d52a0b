"""Sync between stations (docs/sync.md): identity, trust, acknowledgements, quarantine, logs.

All of these are LOCAL tables: they describe what *this* installation knows, trusts and has
received, which differs from station to station by design. The operations themselves live in the
operation log like any other; nothing here is rebuilt from it.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import LOCAL, Base


class SyncIdentity(Base):
    """This station's public signing key (the private half is in the keyring / key file)."""

    __tablename__ = "sync_identity"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "identity"}},)

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key_id: Mapped[str] = mapped_column(String(32))
    public_key: Mapped[str] = mapped_column(String(64))
    """Raw Ed25519 public key, base64."""
    storage: Mapped[str] = mapped_column(String(16))
    """Where the private key is kept: `keyring` or `file` (passphrase-encrypted)."""
    created_ms: Mapped[int] = mapped_column(BigInteger)


class SyncTrust(Base):
    """A station whose bundles this station accepts (or has revoked)."""

    __tablename__ = "sync_trust"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "sealed"}},)

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(32))
    may_vouch: Mapped[bool] = mapped_column(Boolean)
    """A county centre: its vouchers make township stations trusted here too."""
    status: Mapped[str] = mapped_column(String(16))
    """`trusted` or `revoked`."""
    source: Mapped[str] = mapped_column(String(16))
    """`card` (an admin here confirmed the fingerprint) or `voucher`."""
    vouched_by: Mapped[str] = mapped_column(String(36))
    added_by: Mapped[str] = mapped_column(String(64))
    added_ms: Mapped[int] = mapped_column(BigInteger)
    revoked_by: Mapped[str] = mapped_column(String(64))
    revoked_ms: Mapped[int] = mapped_column(BigInteger)


class SyncVoucher(Base):
    """A signed statement of a vouching station: `vouch` for a station card, or `revoke` it."""

    __tablename__ = "sync_voucher"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "sealed"}},)

    issuer_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    """Canonical JSON of the signed statement."""
    signature: Mapped[str] = mapped_column(String(128))
    issued_ms: Mapped[int] = mapped_column(BigInteger)


class SyncAttestation(Base):
    """The newest chain head of a replica signed by its own station (relayed as received)."""

    __tablename__ = "sync_attestation"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "signed"}},)

    replica_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(32))
    signature: Mapped[str] = mapped_column(String(128))


class SyncPeerAck(Base):
    """What a peer confirmed holding (from its own signed manifest): replica -> contiguous seq."""

    __tablename__ = "sync_peer_ack"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "manifests"}},)

    peer_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    replica_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)


class SyncPeer(Base):
    """Last exchange with each peer station."""

    __tablename__ = "sync_peer"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "advisory"}},)

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_import_ms: Mapped[int] = mapped_column(BigInteger)
    last_import_bundle: Mapped[str] = mapped_column(String(36))
    last_export_ms: Mapped[int] = mapped_column(BigInteger)
    last_export_bundle: Mapped[str] = mapped_column(String(36))
    last_export_path: Mapped[str] = mapped_column(Text)
    ack_replica: Mapped[str] = mapped_column(String(36))
    """The peer replica whose signed manifest gave the acknowledgements in `sync_peer_ack`: a
    newer replica (the peer restored a backup) replaces them, an older one is ignored."""


class SyncBundleLog(Base):
    """Every bundle imported here (a second import of the same bundle id is a no-op)."""

    __tablename__ = "sync_bundle_log"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "manifests"}},)

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(36))
    created_ms: Mapped[int] = mapped_column(BigInteger)
    imported_ms: Mapped[int] = mapped_column(BigInteger)
    imported_by: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(Text)
    new_count: Mapped[int] = mapped_column(Integer)
    duplicate_count: Mapped[int] = mapped_column(Integer)
    quarantined_count: Mapped[int] = mapped_column(Integer)
    report: Mapped[str] = mapped_column(Text)
    """Canonical JSON of the import report."""
    manifest: Mapped[str] = mapped_column(Text, default="")
    """The bundle's manifest exactly as signed by its sender ('' for rows from before 0005):
    `check` verifies the signature with the sender's key and the acknowledgements against it."""
    signature: Mapped[str] = mapped_column(String(128), default="")


class SyncQuarantine(Base):
    """An incoming operation kept aside: its op id or (replica, seq) is already taken by other content."""

    __tablename__ = "sync_quarantine"
    __table_args__ = (
        Index("ix_sync_quarantine_replica_id", "replica_id", "seq"),
        {"info": {"role": LOCAL, "verified": "quarantine"}},
    )

    hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    reason: Mapped[str] = mapped_column(String(24))
    """`op_id` (same op id, other content), `seq` (same replica+seq, other content), `follows`."""
    existing_op_id: Mapped[str] = mapped_column(String(36))
    existing_hash: Mapped[str] = mapped_column(String(64))
    bundle_id: Mapped[str] = mapped_column(String(36))
    found_ms: Mapped[int] = mapped_column(BigInteger)
    op_id: Mapped[str] = mapped_column(String(36))
    station_id: Mapped[str] = mapped_column(String(36))
    replica_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))


class SyncClockFlag(Base):
    """An imported operation stamped far ahead of this station's clock when it arrived."""

    __tablename__ = "sync_clock_flag"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "advisory"}},)

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    ahead_ms: Mapped[int] = mapped_column(BigInteger)
    flagged_ms: Mapped[int] = mapped_column(BigInteger)


class SyncParked(Base):
    """A bundle that needs a newer DutyDesk, kept whole until the program is upgraded."""

    __tablename__ = "sync_parked"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "advisory"}},)

    bundle_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sender_id: Mapped[str] = mapped_column(String(36))
    file_path: Mapped[str] = mapped_column(Text)
    original_name: Mapped[str] = mapped_column(Text)
    needs: Mapped[str] = mapped_column(String(64))
    parked_ms: Mapped[int] = mapped_column(BigInteger)
