"""Exporting a bundle for a peer: what it has not confirmed yet, streamed, signed, re-checked.

The bundle is written under a temporary name in the target folder, flushed and fsync'ed, renamed
to its final name (the folder is fsync'ed too), then opened again and verified exactly as an
importer would. Only then is the export recorded. Memory stays bounded: operations stream from
the database into parts of OPS_PER_PART operations.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from app import __version__, paths
from app.clock import ms_to_datetime
from app.errors import UserError, os_reason
from app.services import station
from app.services.accounts import Actor
from app.storage import sync_store
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.sync import keys, seals, texts, trust, verification
from app.sync.bundle import (
    FORMAT,
    MIN_READER_REVISION,
    SUFFIX,
    VERSION,
    BundleReader,
    BundleWriter,
    attestation_body,
    manifest_bytes,
)
from app.sync.keys import StationKey

texts.register()

Progress = Callable[[int, int], bool]


@dataclass
class ExportResult:
    path: Path
    bundle_id: str
    peer_id: str
    peer_name: str
    count: int
    replicas: int
    size: int
    seconds: float

    def to_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "bundle_id": self.bundle_id, "for_station": self.peer_id,
                "for_name": self.peer_name, "operations": self.count, "replicas": self.replicas,
                "bytes": self.size, "seconds": round(self.seconds, 3)}


class _OutOfChainOrder(Exception):
    pass


@dataclass
class Plan:
    ranges: dict[str, tuple[int, int]]
    entries: dict[str, dict[str, Any]]
    vector: dict[str, int]
    parts: list[dict[str, Any]] = field(default_factory=list)
    writer: Any = None

    @property
    def count(self) -> int:
        return sum(last - first + 1 for first, last in self.ranges.values())


def plan(conn: Connection, own_station: str, key: StationKey | None, peer_id: str, *,
         states: dict[str, sync_store.ReplicaState] | None = None,
         attested: dict[str, dict[str, Any]] | None = None) -> Plan:
    """Which ranges of which replicas go out, each ending at a chain head its station signed.
    (`states` / `attested`: already read, when planning for several peers at once.)"""
    states = sync_store.replica_states(conn) if states is None else states
    acked = sync_store.acks(conn, peer_id) if peer_id else {}
    attested = sync_store.get_attestations(conn) if attested is None else attested
    ranges: dict[str, tuple[int, int]] = {}
    entries: dict[str, dict[str, Any]] = {}
    for replica_id, state in sorted(states.items()):
        if state.station_id == own_station:
            end = state.contiguous
            if end == 0:
                continue
            held = sync_store.op_at(conn, replica_id, end)
            assert held is not None
            att: dict[str, Any] = {"seq": end, "hash": held[1], "key_id": "", "signature": ""}
            if key is not None:  # None: only counting what is pending
                att["key_id"] = key.key_id
                att["signature"] = key.sign(attestation_body(replica_id, own_station, end, held[1]))
            start = 1
        else:
            found = attested.get(replica_id)
            if found is None:
                continue
            end = found["seq"]
            held = sync_store.op_at(conn, replica_id, end)
            if held is None or held[1] != found["hash"]:
                continue
            att = {"seq": end, "hash": found["hash"], "key_id": found["key_id"], "signature": found["signature"]}
            if state.contiguous >= end:
                start = 1
            else:
                runs = [run for run in sync_store.segments(conn, replica_id) if run[0] <= end <= run[1]]
                if not runs:
                    continue
                start = runs[0][0]
        first = max(start, acked.get(replica_id, 0) + 1)
        if first > end:
            continue
        ranges[replica_id] = (first, end)
        entries[replica_id] = {"replica_id": replica_id, "station_id": state.station_id, "first": first,
                               "last": end, "count": end - first + 1, "attestation": att}
    vector = {r: s.contiguous for r, s in sorted(states.items()) if s.contiguous > 0}
    return Plan(ranges, entries, vector)


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write(handle: Any, conn: Connection, the_plan: Plan, by_chain: bool, progress: Progress | None) -> None:
    """Stream the planned operations into parts (each replica's operations in chain order)."""
    writer = BundleWriter(handle)
    counts: dict[str, int] = {}
    last: dict[str, int] = {}
    total = the_plan.count
    try:
        for op in sync_store.iter_ranges(conn, the_plan.ranges, by_chain=by_chain):
            if op.seq != last.get(op.replica_id, the_plan.ranges[op.replica_id][0] - 1) + 1:
                raise _OutOfChainOrder()
            last[op.replica_id] = op.seq
            writer.add(op)
            counts[op.replica_id] = counts.get(op.replica_id, 0) + 1
            if progress is not None and writer.count % 1000 == 0 and not progress(writer.count, total):
                raise UserError("sync.export_cancelled")
        the_plan.parts = writer.close_parts()
        if writer.count != total or any(counts.get(r, 0) != e["count"] for r, e in the_plan.entries.items()):
            raise RuntimeError("export snapshot changed while reading")
    except BaseException:
        writer.abort()
        raise
    the_plan.writer = writer


def bundle_name(code: str, peer_code: str, created_ms: int, bundle_id: str, zone: tzinfo | None = None) -> str:
    """The file name: the station's wall time as people read it (Beijing time, with its offset:
    `20240419-083100+0800`), so the name matches the times the program shows."""
    moment = ms_to_datetime(created_ms)
    if zone is not None:
        moment = moment.astimezone(zone)
    stamp = moment.strftime("%Y%m%d-%H%M%S%z").replace("+0000", "Z")
    return f"dutydesk-{code}-to-{peer_code or 'all'}-{stamp}-{bundle_id[-8:]}{SUFFIX}"


def export_bundle(
    db: Database,
    actor: Actor,
    to_dir: Path,
    *,
    for_station: str | None = None,
    passphrase: str | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write one bundle into `to_dir` for `for_station` (None: everything, for any station)."""
    started = time.perf_counter()
    db.require_station()
    if not to_dir.is_dir():
        raise UserError("sync.no_such_dir", path=str(to_dir))
    try:  # before the key is made on first use: a refused export changes nothing
        paths.probe_writable(to_dir)
    except OSError as error:
        raise UserError("sync.cannot_write", path=str(to_dir), detail=os_reason(error)) from error
    key = keys.signing_key(db, passphrase)
    peer_id = peer_name = peer_code = ""
    if for_station:
        try:
            with db.read() as conn:
                row = trust.find(conn, for_station, known=True)
            peer_id, peer_name, peer_code = row["station_id"], row["name"], row["code"]
        except UserError:
            if len(for_station) != 36 or for_station.count("-") != 4:
                raise
            peer_id, peer_name, peer_code = for_station, for_station[:8], for_station[:8]  # never heard of yet
    seals.seal_if_unsealed(db, key, reason="export")  # the bundle carries the seal of its moment
    info = station.info(db)
    created = db.wall()
    bundle_id = uuid7(created)
    final = to_dir / bundle_name(info.code, peer_code, created, bundle_id, info.zone)
    tmp = to_dir / f".{final.name}.part"
    ok = False
    try:
        with db.read() as conn:
            the_plan = plan(conn, db.station_id, key, peer_id)
            vouchers = trust.outgoing_vouchers(conn)
            total = the_plan.count
            for by_chain in (False, True):
                try:
                    with tmp.open("wb") as handle:
                        _write(handle, conn, the_plan, by_chain, progress)
                        manifest = {
                            "format": FORMAT, "version": VERSION, "bundle_id": bundle_id, "created_ms": created,
                            "app_version": __version__,
                            "sender": {"station_id": db.station_id, "replica_id": db.replica_id, "name": info.name,
                                       "code": info.code, "key_id": key.key_id,
                                       "fingerprint": keys.fingerprint(keys.unb64(key.public_b64))},
                            "for_station": peer_id, "schema_revision": db.schema_revision,
                            "min_reader_revision": MIN_READER_REVISION,
                            "replicas": [the_plan.entries[r] for r in sorted(the_plan.entries)],
                            "version_vector": the_plan.vector, "parts": the_plan.parts, "total_ops": total,
                            "vouchers": vouchers,
                        }
                        the_plan.writer.finish(manifest, key.sign(manifest_bytes(manifest)))
                        handle.flush()
                        os.fsync(handle.fileno())
                    break
                except _OutOfChainOrder:
                    continue  # HLC order disagrees with a chain's order (a stalled clock): write by chain
        os.replace(tmp, final)
        _fsync_dir(to_dir)
        ok = True
    except OSError as error:
        raise UserError("sync.cannot_write", path=str(to_dir), detail=os_reason(error)) from error
    finally:
        if not ok:
            tmp.unlink(missing_ok=True)
    try:
        with BundleReader(final) as reader, db.read() as conn:
            verification.verify(conn, reader, final.name, own_station=db.station_id)
    except (UserError, verification.Parked) as error:
        final.unlink(missing_ok=True)
        raise UserError("sync.export_verify_failed", detail=str(error)) from error
    if peer_id:
        with db.transaction() as conn:
            sync_store.touch_peer(conn, peer_id, last_export_ms=created, last_export_bundle=bundle_id,
                                  last_export_path=str(final))
    return ExportResult(final, bundle_id, peer_id, peer_name, total, len(the_plan.entries), final.stat().st_size,
                        time.perf_counter() - started)
