"""Seals: a station's signature over its replica's chain head (docs/sync.md, "Seals").

An unkeyed sha256 chain proves nothing to someone who can recompute it. So the station signs
the head of its own replica's chain — replica, seq, hash, time — with its Ed25519 station key
(the private half never lives in the database) and records the signature as an operation of
kind `seal`, appended to the same chain right after the head it seals:

    payload = {"replica": R, "seq": N, "hash": H (hex sha256 of op N), "time_ms": T,
               "key_id": K, "reason": "export" | "handover" | "interval" | "manual",
               "ref": op id it belongs to (the handover) or "", "signature": base64 Ed25519}

and `"trust": D`, the sha256 of this station's trust and voucher tables as they stand
(`trust_digest`, which also covers bundle-log rows from before revision 0005, which have no
signed manifest): those tables are this station's own decisions, sealed the same way. The
signature covers the canonical JSON of
    {"format": "dutydesk-seal", "version": 1, "station": S, "replica": R, "seq": N,
     "hash": H, "time_ms": T, "key_id": K, "trust": D}
Seals travel in bundles like any operation, so peers verify them with the station's trusted
public key. `dutydesk check` verifies every seal it holds (own: `sync_identity`; peers:
`sync_trust`), proves the operation at (R, N) still has hash H, and lists the operations after
the last verified seal as "not yet sealed". Someone who rewrites operations and recomputes the
chain cannot make the seals agree without the key. The handover sheet prints its seal as
`#N · H[:12]` (and the replica's first 8 characters): `dutydesk check --seal N:HASH` proves the
paper matches the record.

This module verifies only (public keys); signing is in app/sync/seals.py.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import Connection, select

from app.storage import canonical
from app.storage.models import table
from app.storage.models.oplog import Operation
from app.storage.models.sync import SyncBundleLog, SyncIdentity, SyncTrust, SyncVoucher
from app.storage.ops import HASHED_FIELDS, Op

KIND = "seal"
FORMAT = "dutydesk-seal"
VERSION = 1
SHORT = 12
OPLOG = table(Operation)
IDENTITY = table(SyncIdentity)
TRUST = table(SyncTrust)


def body(station: str, replica: str, seq: int, hash_: str, time_ms: int, key_id: str, trust: str) -> bytes:
    return canonical.dumps({"format": FORMAT, "version": VERSION, "station": station, "replica": replica,
                            "seq": seq, "hash": hash_, "time_ms": time_ms, "key_id": key_id,
                            "trust": trust}).encode("utf-8")


VOUCHER = table(SyncVoucher)
BUNDLES = table(SyncBundleLog)


def trust_digest(conn: Connection) -> str:
    """sha256 of this station's trust decisions and vouchers as they stand (every column):
    sealed with the chain head, so a row edited or added by hand no longer matches."""
    rows = {
        "trust": [[str(v) for v in r] for r in conn.execute(select(TRUST).order_by(TRUST.c.station_id))],
        "voucher": [[str(v) for v in r] for r in conn.execute(
            select(VOUCHER).order_by(VOUCHER.c.issuer_id, VOUCHER.c.station_id))],
        # bundle log rows from before revision 0005 carry no signed manifest: sealed instead
        "legacy_bundles": [str(r.bundle_id) for r in conn.execute(
            select(BUNDLES.c.bundle_id).where(BUNDLES.c.manifest == "").order_by(BUNDLES.c.bundle_id))],
    }
    return hashlib.sha256(canonical.dumps(rows).encode("utf-8")).hexdigest()


def verify_signature(public_b64: str, data: bytes, signature_b64: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_b64, validate=True))
        key.verify(base64.b64decode(signature_b64, validate=True), data)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


@dataclass
class Seal:
    op_id: str
    station_id: str
    replica_id: str
    seq: int
    hash: str
    time_ms: int
    key_id: str
    reason: str
    ref: str
    signature: str
    at_seq: int
    trust: str
    """The seq of the seal operation itself."""

    @property
    def short(self) -> str:
        return f"#{self.seq} · {self.hash[:SHORT]}"

    @property
    def token(self) -> str:
        """What the paper carries and `check --seal` accepts."""
        return f"{self.replica_id[:8]}:{self.seq}:{self.hash[:SHORT]}"

    def to_json(self) -> dict[str, Any]:
        return {"replica": self.replica_id, "seq": self.seq, "hash": self.hash, "time_ms": self.time_ms,
                "key_id": self.key_id, "reason": self.reason, "ref": self.ref, "token": self.token}


def parse(op: Op) -> Seal | None:
    """The seal an operation carries, or None when its payload is not a well-formed seal."""
    try:
        d = op.data
        seal = Seal(op.op_id, op.station_id, str(d["replica"]), d["seq"], str(d["hash"]), d["time_ms"],
                    str(d["key_id"]), str(d.get("reason", "")), str(d.get("ref", "")), str(d["signature"]), op.seq,
                    str(d.get("trust", "")))
    except (KeyError, TypeError, ValueError, AttributeError):
        return None
    if type(seal.seq) is not int or type(seal.time_ms) is not int or seal.replica_id != op.replica_id:
        return None
    return seal


def public_keys(conn: Connection) -> dict[tuple[str, str], str]:
    """(station, key id) -> public key (base64) of this station and every trusted one."""
    found: dict[tuple[str, str], str] = {}
    for r in conn.execute(select(IDENTITY.c.station_id, IDENTITY.c.key_id, IDENTITY.c.public_key)):
        found[(r.station_id, r.key_id)] = r.public_key
    for r in conn.execute(select(TRUST.c.station_id, TRUST.c.key_id, TRUST.c.public_key, TRUST.c.status)):
        if r.status == "trusted":
            found.setdefault((r.station_id, r.key_id), r.public_key)
    return found


def signature_ok(seal: Seal, keys: dict[tuple[str, str], str]) -> bool | None:
    """True / False, or None when the signing key is not known here (an earlier key, a station
    not trusted here)."""
    public = keys.get((seal.station_id, seal.key_id))
    if public is None:
        return None
    data = body(seal.station_id, seal.replica_id, seal.seq, seal.hash, seal.time_ms, seal.key_id, seal.trust)
    return verify_signature(public, data, seal.signature)


def iter_seals(conn: Connection, replica_id: str | None = None) -> list[tuple[Op, Seal | None]]:
    cols = [OPLOG.c[n] for n in (*HASHED_FIELDS, "hash")]
    stmt = select(*cols).where(OPLOG.c.kind == KIND)
    if replica_id is not None:
        stmt = stmt.where(OPLOG.c.replica_id == replica_id)
    ops = [Op.from_row(r) for r in conn.execute(stmt.order_by(OPLOG.c.replica_id, OPLOG.c.seq))]
    return [(op, parse(op)) for op in ops]


def hash_at(conn: Connection, replica_id: str, seq: int) -> str | None:
    return conn.execute(
        select(OPLOG.c.hash).where(OPLOG.c.replica_id == replica_id, OPLOG.c.seq == seq)
    ).scalar()


def last_own(conn: Connection, replica_id: str) -> Seal | None:
    row = conn.execute(
        select(*[OPLOG.c[n] for n in (*HASHED_FIELDS, "hash")])
        .where(OPLOG.c.replica_id == replica_id, OPLOG.c.kind == KIND)
        .order_by(OPLOG.c.seq.desc()).limit(1)
    ).first()
    return parse(Op.from_row(row)) if row else None


def for_ref(conn: Connection, ref: str) -> Seal | None:
    """The seal recorded for an operation (a handover), if any."""
    for _op, seal in iter_seals_of_reason(conn, "handover"):
        if seal is not None and seal.ref == ref:
            return seal
    return None


def iter_seals_of_reason(conn: Connection, reason: str) -> list[tuple[Op, Seal | None]]:
    return [(op, s) for op, s in iter_seals(conn) if s is not None and s.reason == reason]
