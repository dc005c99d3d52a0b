"""Sync status: this station's key, each peer's last exchange and what it has not confirmed yet."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from app.services import keystore
from app.storage import authority, sync_store
from app.storage.engine import Database
from app.storage.projections.fields import conflicts
from app.sync import keys
from app.sync.export import plan


@dataclass(frozen=True)
class PeerStatus:
    station_id: str
    name: str
    code: str
    trust: str
    last_import_ms: int
    last_export_ms: int
    pending: int
    """Operations held here that the peer has not confirmed holding."""


@dataclass
class SyncStatus:
    fingerprint: str
    key_storage: str
    keyring: str
    secure_keyring: bool
    total_ops: int
    peers: list[PeerStatus] = field(default_factory=list)
    conflicts: int = 0
    quarantined: int = 0
    clock_flags: int = 0
    parked: int = 0
    refused: int = 0
    """Operations refused by authority rules (`dutydesk sync refused`)."""
    pending_all: int = 0

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "peers": [asdict(p) for p in self.peers]}


def status(db: Database) -> SyncStatus:
    db.require_station()
    ident = keys.public_identity(db)
    ring = keystore.status()
    with db.read() as conn:
        trusts = {t["station_id"]: t for t in sync_store.list_trust(conn)}
        peers = {p["station_id"]: p for p in sync_store.list_peers(conn)}
        states, attested = sync_store.replica_states(conn), sync_store.get_attestations(conn)
        everything = plan(conn, db.station_id, None, "", states=states, attested=attested).count
        result = SyncStatus(
            fingerprint=ident["fingerprint"] if ident else "",
            key_storage=ident["storage"] if ident else keys.storage_mode(),
            keyring=ring.describe(), secure_keyring=ring.secure, total_ops=sync_store.count_ops(conn),
            conflicts=len(conflicts(conn)), quarantined=len(sync_store.list_quarantine(conn)),
            clock_flags=len(sync_store.list_clock_flags(conn)), parked=len(sync_store.list_parked(conn)),
            refused=sum(authority.counts_by_station(conn).values()),
            pending_all=everything,
        )
        for station_id in sorted(set(trusts) | set(peers)):
            t = trusts.get(station_id, {})
            p = peers.get(station_id, {})
            result.peers.append(PeerStatus(
                station_id, t.get("name", station_id[:8]), t.get("code", ""), t.get("status", ""),
                p.get("last_import_ms", 0), p.get("last_export_ms", 0),
                plan(conn, db.station_id, None, station_id, states=states, attested=attested).count,
            ))
    return result
