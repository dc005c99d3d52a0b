"""All SQL of sync (docs/sync.md): identity, trust, vouchers, attestations, acknowledgements,
peers, bundle log, quarantine, clock flags, parked bundles, and the operation-log queries that
export and import need (version vectors, ranges, bulk insert of foreign operations).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, or_, select, text, update

from app.clock import Hlc
from app.storage.models import table
from app.storage.models.oplog import Operation, ReplicaHead
from app.storage.models.sync import (
    SyncAttestation,
    SyncBundleLog,
    SyncClockFlag,
    SyncIdentity,
    SyncParked,
    SyncPeer,
    SyncPeerAck,
    SyncQuarantine,
    SyncTrust,
    SyncVoucher,
)
from app.storage.ops import HASHED_FIELDS, Op

OPLOG = table(Operation)
HEADS = table(ReplicaHead)
IDENTITY = table(SyncIdentity)
TRUST = table(SyncTrust)
VOUCHER = table(SyncVoucher)
ATTEST = table(SyncAttestation)
ACK = table(SyncPeerAck)
PEER = table(SyncPeer)
BUNDLES = table(SyncBundleLog)
QUARANTINE = table(SyncQuarantine)
CLOCK_FLAG = table(SyncClockFlag)
PARKED = table(SyncParked)
OP_COLUMNS = (*HASHED_FIELDS, "hash")
LOOKUP_BATCH = 500
CLOCK_AHEAD_MS = 10 * 60 * 1000
"""Operations stamped further than this ahead of the receiver's clock are flagged, and ignored
when the receiver's hybrid clock starts (they never drag it forward)."""


def _mapping(row: Any) -> dict[str, Any]:
    return dict(row._mapping)


# -- identity -------------------------------------------------------------------------------


def get_identity(conn: Connection, station_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(IDENTITY).where(IDENTITY.c.station_id == station_id)).first()
    return _mapping(row) if row else None


def put_identity(conn: Connection, *, station_id: str, key_id: str, public_key: str, storage: str,
                 created_ms: int) -> None:
    conn.execute(delete(IDENTITY).where(IDENTITY.c.station_id == station_id))
    conn.execute(insert(IDENTITY).values(station_id=station_id, key_id=key_id, public_key=public_key,
                                         storage=storage, created_ms=created_ms))


# -- trust ------------------------------------------------------------------------------------


def get_trust(conn: Connection, station_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(TRUST).where(TRUST.c.station_id == station_id)).first()
    return _mapping(row) if row else None


def list_trust(conn: Connection) -> list[dict[str, Any]]:
    return [_mapping(r) for r in conn.execute(select(TRUST).order_by(TRUST.c.code, TRUST.c.name))]


def put_trust(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(delete(TRUST).where(TRUST.c.station_id == values["station_id"]))
    conn.execute(insert(TRUST).values(**values))


def set_trust_status(conn: Connection, station_id: str, status: str, by: str, when_ms: int) -> None:
    conn.execute(
        update(TRUST).where(TRUST.c.station_id == station_id).values(status=status, revoked_by=by, revoked_ms=when_ms)
    )


# -- vouchers -----------------------------------------------------------------------------------


def list_vouchers(conn: Connection) -> list[dict[str, Any]]:
    stmt = select(VOUCHER).order_by(VOUCHER.c.issuer_id, VOUCHER.c.station_id)
    return [_mapping(r) for r in conn.execute(stmt)]


def put_voucher(conn: Connection, *, issuer_id: str, station_id: str, body: str, signature: str,
                issued_ms: int) -> bool:
    """Store a voucher unless an equally new or newer one of that issuer for that station exists."""
    where = and_(VOUCHER.c.issuer_id == issuer_id, VOUCHER.c.station_id == station_id)
    current = conn.execute(select(VOUCHER.c.issued_ms).where(where)).scalar()
    if current is not None and current >= issued_ms:
        return False
    conn.execute(delete(VOUCHER).where(where))
    conn.execute(insert(VOUCHER).values(issuer_id=issuer_id, station_id=station_id, body=body,
                                        signature=signature, issued_ms=issued_ms))
    return True


# -- attestations (signed chain heads) -------------------------------------------------------------


def get_attestations(conn: Connection) -> dict[str, dict[str, Any]]:
    return {r.replica_id: _mapping(r) for r in conn.execute(select(ATTEST))}


def put_attestation(conn: Connection, values: dict[str, Any]) -> None:
    """Keep the highest signed head of each replica."""
    current = conn.execute(select(ATTEST.c.seq).where(ATTEST.c.replica_id == values["replica_id"])).scalar()
    if current is not None and current >= values["seq"]:
        return
    conn.execute(delete(ATTEST).where(ATTEST.c.replica_id == values["replica_id"]))
    conn.execute(insert(ATTEST).values(**values))


# -- acknowledgements and peers ----------------------------------------------------------------------


def acks(conn: Connection, peer_id: str) -> dict[str, int]:
    rows = conn.execute(select(ACK.c.replica_id, ACK.c.seq).where(ACK.c.peer_id == peer_id))
    return {r.replica_id: r.seq for r in rows}


def all_acks(conn: Connection) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    for r in conn.execute(select(ACK)):
        found.setdefault(r.peer_id, {})[r.replica_id] = r.seq
    return found


def advance_acks(conn: Connection, peer_id: str, vector: dict[str, int], peer_replica: str) -> None:
    """Take what `peer_id` confirmed holding from its own signed manifest made by `peer_replica`.

    Same replica as before: raise, never lower. A newer replica (uuid7 ids sort by creation: the
    peer restored a backup and lost work) replaces the acknowledgements, so that work is sent
    back to it. An older replica (a bundle from before the restore) changes nothing.
    """
    row = conn.execute(select(PEER.c.ack_replica).where(PEER.c.station_id == peer_id)).first()
    current = row.ack_replica if row else ""
    if current and peer_replica < current:
        return
    if peer_replica != current:
        conn.execute(delete(ACK).where(ACK.c.peer_id == peer_id))
        touch_peer(conn, peer_id, ack_replica=peer_replica)
    known = acks(conn, peer_id)
    for replica_id, seq in vector.items():
        if replica_id not in known:
            conn.execute(insert(ACK).values(peer_id=peer_id, replica_id=replica_id, seq=seq))
        elif seq > known[replica_id]:
            conn.execute(
                update(ACK).where(and_(ACK.c.peer_id == peer_id, ACK.c.replica_id == replica_id)).values(seq=seq)
            )


def list_peers(conn: Connection) -> list[dict[str, Any]]:
    return [_mapping(r) for r in conn.execute(select(PEER).order_by(PEER.c.station_id))]


def touch_peer(conn: Connection, station_id: str, **values: Any) -> None:
    if conn.execute(select(PEER.c.station_id).where(PEER.c.station_id == station_id)).first() is None:
        base = {"station_id": station_id, "last_import_ms": 0, "last_import_bundle": "", "last_export_ms": 0,
                "last_export_bundle": "", "last_export_path": "", "ack_replica": ""}
        conn.execute(insert(PEER).values(**{**base, **values}))
    else:
        conn.execute(update(PEER).where(PEER.c.station_id == station_id).values(**values))


# -- bundle log, quarantine, clock flags, parked ------------------------------------------------------


def bundle_logged(conn: Connection, bundle_id: str) -> dict[str, Any] | None:
    row = conn.execute(select(BUNDLES).where(BUNDLES.c.bundle_id == bundle_id)).first()
    return _mapping(row) if row else None


def log_bundle(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(insert(BUNDLES).values(**values))


def list_bundles(conn: Connection, limit: int = 200) -> list[dict[str, Any]]:
    stmt = select(BUNDLES).order_by(BUNDLES.c.imported_ms.desc()).limit(limit)
    return [_mapping(r) for r in conn.execute(stmt)]


def quarantine(conn: Connection, op: Op, *, reason: str, existing_op_id: str, existing_hash: str,
               bundle_id: str, found_ms: int) -> bool:
    if conn.execute(select(QUARANTINE.c.hash).where(QUARANTINE.c.hash == op.hash)).first():
        return False
    values = {name: getattr(op, name) for name in OP_COLUMNS}
    conn.execute(insert(QUARANTINE).values(**values, reason=reason, existing_op_id=existing_op_id,
                                           existing_hash=existing_hash, bundle_id=bundle_id, found_ms=found_ms))
    return True


def list_quarantine(conn: Connection) -> list[dict[str, Any]]:
    stmt = select(QUARANTINE).order_by(QUARANTINE.c.found_ms, QUARANTINE.c.replica_id, QUARANTINE.c.seq)
    return [_mapping(r) for r in conn.execute(stmt)]


def flag_clock(conn: Connection, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        if conn.execute(select(CLOCK_FLAG.c.op_id).where(CLOCK_FLAG.c.op_id == row["op_id"])).first() is None:
            conn.execute(insert(CLOCK_FLAG).values(**row))


def list_clock_flags(conn: Connection) -> list[dict[str, Any]]:
    return [_mapping(r) for r in conn.execute(select(CLOCK_FLAG).order_by(CLOCK_FLAG.c.flagged_ms))]


def park(conn: Connection, values: dict[str, Any]) -> None:
    conn.execute(delete(PARKED).where(PARKED.c.bundle_id == values["bundle_id"]))
    conn.execute(insert(PARKED).values(**values))


def list_parked(conn: Connection) -> list[dict[str, Any]]:
    return [_mapping(r) for r in conn.execute(select(PARKED).order_by(PARKED.c.parked_ms))]


def unpark(conn: Connection, bundle_id: str) -> None:
    conn.execute(delete(PARKED).where(PARKED.c.bundle_id == bundle_id))


# -- the operation log as sync sees it ------------------------------------------------------------------


@dataclass(frozen=True)
class ReplicaState:
    replica_id: str
    station_id: str
    count: int
    max_seq: int
    contiguous: int
    """Highest seq such that 1..seq are all held (0 when seq 1 is missing)."""

    @property
    def complete(self) -> bool:
        return self.count == self.max_seq


def replica_states(conn: Connection, only: Iterable[str] | None = None) -> dict[str, ReplicaState]:
    """Per replica: count, highest seq, highest seq without a gap (`only`: just these replicas)."""
    stmt = select(OPLOG.c.replica_id, func.min(OPLOG.c.station_id), func.count(), func.max(OPLOG.c.seq)).group_by(
        OPLOG.c.replica_id
    )
    if only is not None:
        stmt = stmt.where(OPLOG.c.replica_id.in_(sorted(only)))
    found: dict[str, ReplicaState] = {}
    for replica_id, station_id, count, max_seq in conn.execute(stmt).tuples():
        contiguous = max_seq if count == max_seq else _first_run_end(conn, replica_id)
        found[replica_id] = ReplicaState(replica_id, station_id, count, max_seq, contiguous)
    return found


def segments(conn: Connection, replica_id: str) -> list[tuple[int, int]]:
    """The runs of consecutive seqs held for a replica, e.g. [(1, 40), (57, 90)]."""
    sql = text(
        "SELECT min(seq), max(seq) FROM (SELECT seq, seq - row_number() OVER (ORDER BY seq) AS g "
        "FROM oplog WHERE replica_id = :replica) AS runs GROUP BY g ORDER BY 1"
    )
    return [(int(a), int(b)) for a, b in conn.execute(sql, {"replica": replica_id}).all()]


def _first_run_end(conn: Connection, replica_id: str) -> int:
    runs = segments(conn, replica_id)
    return runs[0][1] if runs and runs[0][0] == 1 else 0


def op_at(conn: Connection, replica_id: str, seq: int) -> tuple[str, str] | None:
    """(op_id, hash) of a replica's operation at `seq`, if held."""
    row = conn.execute(
        select(OPLOG.c.op_id, OPLOG.c.hash).where(and_(OPLOG.c.replica_id == replica_id, OPLOG.c.seq == seq))
    ).first()
    return (row.op_id, row.hash) if row else None


def iter_ranges(conn: Connection, ranges: dict[str, tuple[int, int]], batch: int = 5000, *,
                by_chain: bool = False) -> Iterator[Op]:
    """Operations of each replica in its inclusive (first, last) seq range, by HLC then op id
    (`by_chain`: by replica, then seq)."""
    if not ranges:
        return
    conds = [
        and_(OPLOG.c.replica_id == replica_id, OPLOG.c.seq >= first, OPLOG.c.seq <= last)
        for replica_id, (first, last) in sorted(ranges.items())
    ]
    cols = [OPLOG.c[name] for name in OP_COLUMNS]
    order = (OPLOG.c.replica_id, OPLOG.c.seq) if by_chain else (OPLOG.c.hlc, OPLOG.c.op_id)
    stmt = select(*cols).where(or_(*conds)).order_by(*order)
    for row in conn.execution_options(stream_results=True, yield_per=batch).execute(stmt):
        yield Op.from_row(row)


def existing_by_op_id(conn: Connection, op_ids: list[str]) -> dict[str, str]:
    """op_id -> hash of the given ids already in the log."""
    found: dict[str, str] = {}
    for start in range(0, len(op_ids), LOOKUP_BATCH):
        chunk = op_ids[start:start + LOOKUP_BATCH]
        if conn.dialect.name == "sqlite":
            sql = f"SELECT op_id, hash FROM oplog WHERE op_id IN ({','.join('?' for _ in chunk)})"
            rows = conn.exec_driver_sql(sql, tuple(chunk)).all()
        else:
            rows = conn.execute(select(OPLOG.c.op_id, OPLOG.c.hash).where(OPLOG.c.op_id.in_(chunk))).all()
        for op_id, hash_ in rows:
            found[op_id] = hash_
    return found


def existing_by_seq(conn: Connection, replica_id: str, first: int, last: int) -> dict[int, tuple[str, str, str]]:
    """seq -> (op_id, hash, prev_hash) of a replica's operations held in [first, last]."""
    stmt = select(OPLOG.c.seq, OPLOG.c.op_id, OPLOG.c.hash, OPLOG.c.prev_hash).where(
        and_(OPLOG.c.replica_id == replica_id, OPLOG.c.seq >= first, OPLOG.c.seq <= last)
    )
    return {seq: (op_id, hash_, prev) for seq, op_id, hash_, prev in conn.execute(stmt).tuples()}


_INSERT_SQL = (
    f"INSERT INTO oplog ({', '.join(OP_COLUMNS)}) VALUES ({', '.join('?' for _ in OP_COLUMNS)})"
)


_OP_ROW = attrgetter(*OP_COLUMNS)


def insert_foreign(conn: Connection, ops: Iterable[Op]) -> int:
    """Append operations received from another station (already verified), in the given order."""
    rows = list(map(_OP_ROW, ops))
    if not rows:
        return 0
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql(_INSERT_SQL, rows)
    else:
        conn.execute(insert(OPLOG), [dict(zip(OP_COLUMNS, row, strict=True)) for row in rows])
    return len(rows)


def refresh_heads(conn: Connection, replica_ids: Iterable[str], *, skip: str = "") -> None:
    """Keep `replica_head` (highest seq held and its hash) for replicas that received operations.

    `skip` is the local replica, whose head only its own writer moves.
    """
    for replica_id in replica_ids:
        if replica_id == skip:
            continue
        row = conn.execute(
            select(OPLOG.c.seq, OPLOG.c.hash, OPLOG.c.station_id)
            .where(OPLOG.c.replica_id == replica_id)
            .order_by(OPLOG.c.seq.desc())
            .limit(1)
        ).first()
        if row is None:
            continue
        conn.execute(delete(HEADS).where(HEADS.c.replica_id == replica_id))
        conn.execute(insert(HEADS).values(replica_id=replica_id, station_id=row.station_id, seq=row.seq, hash=row.hash))


def count_ops(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(OPLOG)).scalar_one())


def clock_floor(conn: Connection, own_station: str, wall_ms: int) -> Hlc | None:
    """Where this station's hybrid clock starts: after every operation of its own, and after every
    other operation not more than CLOCK_AHEAD_MS ahead of the wall clock."""
    limit = f"{wall_ms + CLOCK_AHEAD_MS:015d}~"
    candidates = [
        conn.execute(select(func.max(OPLOG.c.hlc)).where(OPLOG.c.station_id == own_station)).scalar(),
        conn.execute(select(func.max(OPLOG.c.hlc)).where(OPLOG.c.hlc < limit)).scalar(),
    ]
    found = [c for c in candidates if c]
    return Hlc.decode(max(found)) if found else None


def station_names(conn: Connection) -> dict[str, str]:
    """station_id -> name of every station known from the log (and trust), to name them in reports."""
    from app.storage.models.station import Station

    station = table(Station)
    names = {r.station_id: r.name for r in conn.execute(select(TRUST.c.station_id, TRUST.c.name))}
    names.update({r.station_id: r.name for r in conn.execute(select(station.c.station_id, station.c.name))})
    return names


def known_stations(conn: Connection) -> list[dict[str, Any]]:
    """Stations known from the log (station.create operations): id, name, code."""
    from app.storage.models.station import Station

    station = table(Station)
    return [_mapping(r) for r in conn.execute(select(station.c.station_id, station.c.name, station.c.code))]


def own_station_id(conn: Connection) -> str:
    from app.storage.models.oplog import LocalState

    local = table(LocalState)
    value = conn.execute(select(local.c.value).where(local.c.key == "station_id")).scalar()
    return str(value) if value else ""
