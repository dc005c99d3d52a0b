"""Importing bundles in one pass and one transaction (docs/sync.md, "Import").

Before anything is written (app/sync/verification.py, `verify_header`): safe unpacking,
manifest, sender trust and signature, schema, each origin's signed chain head. Then, in one
transaction (cancellable until commit), each part is read once, its hash and count checked and
every operation's hash and chain link checked (`OpChecker`) before any of its operations is
applied: new operations inserted by op id, duplicates skipped, clashes quarantined, projections
applied; after the last part the totals are checked, acknowledgements advanced from the sender's
own signed version vector, vouchers stored, the bundle logged. Any refusal rolls it all back.
Re-importing a bundle is a no-op that says so (after verifying the copy whole).
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from app import formatting, messages, paths
from app.clock import Hlc, ms_to_datetime
from app.errors import UserError
from app.services.accounts import Actor
from app.storage import authority, canonical, sync_store
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ops import Op
from app.storage.projections import apply, apply_many
from app.storage.projections.fields import conflicts as field_conflicts
from app.sync import texts, trust
from app.sync.bundle import FORMAT, BundleProblem, BundleReader
from app.sync.prepare import PartSource
from app.sync.verification import (
    Cancelled,
    OpChecker,
    Parked,
    Progress,
    Verified,
    bundle_problem,
    verify,
    verify_header,
)

texts.register()

CLOCK_AHEAD_MS = sync_store.CLOCK_AHEAD_MS
BATCH = 20_000
"""Operations applied per savepoint: FTS5 writes its pending terms as a new segment at every
savepoint, so fewer, larger batches mean fewer segments to write and merge."""


def when_text(ms: int) -> str:
    return formatting.datetime_text(ms_to_datetime(ms)) if ms else ""


@dataclass
class Gap:
    station: str
    replica_id: str
    first: int
    last: int


@dataclass
class ImportReport:
    file: str
    bundle_id: str = ""
    sender_id: str = ""
    sender: str = ""
    created_ms: int = 0
    status: str = "imported"
    """`imported`, `nothing_new`, `already`, `own`, `parked`."""
    total: int = 0
    new: int = 0
    duplicate: int = 0
    quarantined: dict[str, int] = field(default_factory=dict)
    skipped_untrusted: dict[str, int] = field(default_factory=dict)
    gaps: list[Gap] = field(default_factory=list)
    clock_ahead: dict[str, tuple[int, int]] = field(default_factory=dict)
    """station name -> (operations flagged, max minutes ahead)."""
    conflicts: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    """station name -> operations its kinds' authority rules refused (kept in the log, applied
    nowhere; `dutydesk sync refused` lists them)."""
    vouched: dict[str, list[str]] = field(default_factory=dict)
    already_on_ms: int = 0
    changes: Changes = field(default_factory=Changes)

    @property
    def quarantined_count(self) -> int:
        return sum(self.quarantined.values())

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("changes")
        data["gaps"] = [asdict(g) for g in self.gaps]
        data["clock_ahead"] = {k: {"count": v[0], "minutes": v[1]} for k, v in self.clock_ahead.items()}
        return data

    def lines(self) -> list[str]:
        name = Path(self.file).name
        if self.status == "already":
            return [messages.text("sync.report_already", name=name, when=when_text(self.already_on_ms))]
        if self.status == "own":
            return [messages.text("sync.report_own", name=name)]
        out: list[str] = []
        if self.status == "nothing_new":
            out.append(messages.text("sync.report_nothing_new", name=name))
        else:
            out.append(messages.text("sync.report_imported", name=name, station=self.sender,
                                     created=when_text(self.created_ms), new=self.new,
                                     duplicate=self.duplicate, quarantined=self.quarantined_count))
        for station, count in self.quarantined.items():
            out.append(messages.text("sync.report_quarantine", station=station, count=count))
        for station, count in self.skipped_untrusted.items():
            out.append(messages.text("sync.report_untrusted_origin", station=station, count=count))
        for gap in self.gaps:
            out.append(messages.text("sync.report_gap", station=gap.station, replica=gap.replica_id[:8],
                                     first=gap.first, last=gap.last))
        for station, (count, minutes) in self.clock_ahead.items():
            out.append(messages.text("sync.report_clock", station=station, count=count, minutes=minutes))
        for station, count in self.refused.items():
            out.append(messages.text("sync.report_refused", station=station, count=count))
        for issuer, names in self.vouched.items():
            out.append(messages.text("sync.report_vouched", issuer=issuer, stations="、".join(names)))
        if self.conflicts:
            out.append(messages.text("sync.report_conflicts", count=self.conflicts))
        return out


# -- applying ----------------------------------------------------------------------------------------


class _Applier:
    def __init__(self, db: Database, conn: Connection, v: Verified, report: ImportReport) -> None:
        self.db, self.conn, self.v, self.report = db, conn, v, report
        self.broken: set[str] = set()
        self.touched: set[str] = set()
        self.flags: list[dict[str, Any]] = []
        self.now = db.wall()
        self.max_hlc = ""
        self.bundle_id = v.manifest["bundle_id"]
        self.refused_before = authority.counts_by_station(conn)

    def _quarantine(self, op: Op, reason: str, existing: tuple[str, str] | None) -> None:
        self.broken.add(op.replica_id)
        sync_store.quarantine(self.conn, op, reason=reason, existing_op_id=existing[0] if existing else "",
                              existing_hash=existing[1] if existing else "", bundle_id=self.bundle_id,
                              found_ms=self.now)
        station = self.v.replicas[op.replica_id]["station_name"]
        self.report.quarantined[station] = self.report.quarantined.get(station, 0) + 1

    def batch(self, ops: list[Op]) -> None:
        by_id = sync_store.existing_by_op_id(self.conn, [op.op_id for op in ops])
        ranges: dict[str, tuple[int, int]] = {}
        for op in ops:
            lo, hi = ranges.get(op.replica_id, (op.seq, op.seq))
            ranges[op.replica_id] = (min(lo, op.seq), max(hi, op.seq))
        by_seq = {r: sync_store.existing_by_seq(self.conn, r, lo - 1, hi + 1) for r, (lo, hi) in ranges.items()}
        fresh: list[Op] = []
        batch_hash: dict[tuple[str, int], str] = {}
        for op in ops:
            held = by_seq[op.replica_id]
            if op.replica_id in self.broken:
                self._quarantine(op, "follows", None)
            elif op.op_id in by_id:
                if by_id[op.op_id] == op.hash:
                    self.report.duplicate += 1
                else:
                    self._quarantine(op, "op_id", (op.op_id, by_id[op.op_id]))
            elif op.seq in held:
                self._quarantine(op, "seq", held[op.seq][:2])
            elif op.replica_id == self.db.replica_id:
                self._quarantine(op, "own", None)
            else:
                before = held.get(op.seq - 1)
                prev_hash = before[1] if before else batch_hash.get((op.replica_id, op.seq - 1))
                after = held.get(op.seq + 1)
                if (prev_hash is not None and prev_hash != op.prev_hash) or (after is not None and after[2] != op.hash):
                    self._quarantine(op, "seq", (before or after or ("", ""))[:2])
                    continue
                fresh.append(op)
                batch_hash[(op.replica_id, op.seq)] = op.hash
                self.touched.add(op.replica_id)
        if not fresh:
            return
        sync_store.insert_foreign(self.conn, fresh)
        try:
            with self.conn.begin_nested():
                apply_many(self.conn, fresh, self.report.changes)
        except Exception as error:  # a projection failed on someone else's data: nothing is kept
            bad, detail = self._culprit(fresh, error)
            raise UserError("sync.apply_failed", op=bad.op_id, kind=bad.kind,
                            detail=f"{type(detail).__name__}: {detail}"[:200]) from error
        self.report.new += len(fresh)
        for op in fresh:
            ahead = op.wall_ms - self.now
            if ahead > CLOCK_AHEAD_MS:
                self.flags.append({"op_id": op.op_id, "station_id": op.station_id, "ahead_ms": ahead,
                                   "flagged_ms": self.now})
                station = self.v.replicas[op.replica_id]["station_name"]
                count, minutes = self.report.clock_ahead.get(station, (0, 0))
                self.report.clock_ahead[station] = (count + 1, max(minutes, ahead // 60000))
            elif op.hlc > self.max_hlc:
                self.max_hlc = op.hlc

    def _culprit(self, ops: list[Op], error: Exception) -> tuple[Op, Exception]:
        """The operation of a failed batch that fails when the batch is applied again one by
        one (the import is abandoned and rolled back anyway)."""
        for op in ops:
            try:
                apply(self.conn, op, Changes())
            except Exception as own:
                return op, own
        return ops[0], error

    def finish(self, actor: Actor, file_name: str) -> None:
        conn, v, m = self.conn, self.v, self.v.manifest
        authority.retry_waiting(conn, self.report.changes)
        names_by_station = {e["station_id"]: e["station_name"] for e in v.replicas.values()}
        for station_id, count in authority.counts_by_station(conn).items():
            added = count - self.refused_before.get(station_id, 0)
            if added > 0:
                name = names_by_station.get(station_id, station_id[:8])
                self.report.refused[name] = self.report.refused.get(name, 0) + added
        sync_store.flag_clock(conn, self.flags)
        sync_store.refresh_heads(conn, self.touched, skip=self.db.replica_id)
        for replica_id, entry in v.replicas.items():
            att = entry["attestation"]
            held = sync_store.op_at(conn, replica_id, att["seq"])
            if held is not None and held[1] == att["hash"]:
                sync_store.put_attestation(conn, {"replica_id": replica_id, "station_id": entry["station_id"],
                                                  "seq": att["seq"], "hash": att["hash"], "key_id": att["key_id"],
                                                  "signature": att["signature"]})
        if v.sender_id != self.db.station_id:
            sync_store.advance_acks(conn, v.sender_id, m["version_vector"], m["sender"]["replica_id"])
            sync_store.touch_peer(conn, v.sender_id, last_import_ms=self.now, last_import_bundle=self.bundle_id)
        names = trust.accept_vouchers(conn, v.vouchers, self.now)
        if names:
            self.report.vouched[v.sender_name] = names
        self.report.gaps = find_gaps(conn, self.touched, {r: e["station_name"] for r, e in v.replicas.items()})
        self.report.conflicts = len(field_conflicts(conn))
        if self.report.new == 0 and not self.report.quarantined and self.report.status == "imported":
            self.report.status = "nothing_new"
        sync_store.log_bundle(conn, {
            "bundle_id": self.bundle_id, "sender_id": v.sender_id, "created_ms": m["created_ms"],
            "imported_ms": self.now, "imported_by": actor.username, "file_name": file_name,
            "new_count": self.report.new, "duplicate_count": self.report.duplicate,
            "quarantined_count": self.report.quarantined_count, "report": canonical.dumps(self.report.to_json()),
            "manifest": v.manifest_raw, "signature": v.signature,
        })


def find_gaps(conn: Connection, replica_ids: Iterable[str], names: dict[str, str]) -> list[Gap]:
    gaps: list[Gap] = []
    wanted = sorted(replica_ids)
    states = sync_store.replica_states(conn, wanted) if wanted else {}
    for replica_id in wanted:
        state = states.get(replica_id)
        if state is None or state.complete:
            continue
        expected = 1
        for first, last in sync_store.segments(conn, replica_id):
            if first > expected:
                gaps.append(Gap(names.get(replica_id, state.station_id[:8]), replica_id, expected, first - 1))
            expected = last + 1
    return gaps


def _park(db: Database, path: Path, reader_manifest: dict[str, Any] | None, needs: str) -> None:
    bundle_id = ""
    sender = ""
    if reader_manifest is not None:
        bundle_id = str(reader_manifest.get("bundle_id", ""))[:36]
        sender_info = reader_manifest.get("sender")
        if isinstance(sender_info, dict):
            sender = str(sender_info.get("station_id", ""))[:36]
    if not bundle_id:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
        bundle_id = digest.hexdigest()[:36]
    folder = paths.state_dir() / "parked"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{bundle_id}.ddsync"
    if path.resolve() != target.resolve():
        shutil.copyfile(path, target)
    with db.transaction() as conn:
        sync_store.park(conn, {"bundle_id": bundle_id, "sender_id": sender, "file_path": str(target),
                               "original_name": path.name, "needs": needs[:64], "parked_ms": db.wall()})


def _apply_checked(applier: _Applier, reader: BundleReader, checker: OpChecker, progress: Progress | None) -> None:
    """Check every operation of a part (raises before anything of a forged part is applied),
    then apply checked operations in batches of up to `BATCH`. When a projection fails on
    someone else's data, the parts not yet read are checked first: a forged bundle is reported as
    forged, not as a crash."""
    parts = list(applier.v.manifest["parts"])
    skipped = applier.v.skipped
    pending: list[Op] = []
    with PartSource(reader, parts, checker.total) as source:

        def checked(index: int) -> list[Op]:
            ops, wrong = source.get(index)
            for position, op in enumerate(ops):
                checker.check(op, prechecked=position not in wrong)
            return ops

        for index in range(len(parts)):
            pending.extend(op for op in checked(index) if op.replica_id not in skipped)
            last = index == len(parts) - 1
            if len(pending) >= BATCH or (last and pending):
                try:
                    applier.batch(pending)
                except UserError:
                    for rest in range(index + 1, len(parts)):
                        checked(rest)
                    checker.finish()
                    raise
                pending = []
            if progress is not None and not progress(checker.done, checker.total):
                raise Cancelled()
    checker.finish()


def import_file(db: Database, actor: Actor, path: Path, progress: Progress | None = None) -> ImportReport:
    """Import one bundle file. Raises UserError (nothing changed) when it is refused."""
    db.require_station()
    name = path.name
    report = ImportReport(file=str(path))
    if not path.is_file():
        raise UserError("sync.no_file", path=str(path))
    try:
        reader = BundleReader(path)
    except BundleProblem as error:
        raise bundle_problem(error, name) from error
    with reader:
        with db.read() as conn:
            try:
                manifest = reader.manifest()
            except BundleProblem as error:
                raise bundle_problem(error, name) from error
            if manifest.get("format") != FORMAT:
                raise UserError("sync.bad_file", name=name, detail="format")
            bundle_id = manifest.get("bundle_id")
            logged = sync_store.bundle_logged(conn, bundle_id) if isinstance(bundle_id, str) else None
            sender = manifest.get("sender")
            own = (isinstance(sender, dict) and sender.get("station_id") == db.station_id
                   and sender.get("replica_id") == db.replica_id)
            checker: OpChecker | None = None
            try:
                if logged is not None or own:
                    # verified even when already imported: a damaged copy is reported as damaged
                    verified = verify(conn, reader, name, own_station=db.station_id, progress=progress)
                else:  # the operations are checked as they are applied (one pass, one transaction)
                    verified, checker = verify_header(conn, reader, name, own_station=db.station_id)
            except Parked as parked:
                conn.rollback()
                if logged is not None:
                    raise UserError("sync.newer", name=name, needs=parked.needs) from parked
                _park(db, path, manifest, parked.needs)
                raise UserError("sync.newer", name=name, needs=parked.needs) from parked
            if logged is not None:
                report.bundle_id, report.sender_id = logged["bundle_id"], logged["sender_id"]
                report.status, report.already_on_ms = "already", logged["imported_ms"]
                return report
            if own:
                # this database's own export; one of another replica of this station (a second
                # PC, a restored copy) is imported like any other
                report.bundle_id, report.sender_id, report.status = str(bundle_id), db.station_id, "own"
                return report
        report.bundle_id, report.sender_id = verified.manifest["bundle_id"], verified.sender_id
        report.sender, report.created_ms, report.total = verified.sender_name, verified.manifest["created_ms"], verified.total
        for station, count in verified.skipped.values():
            report.skipped_untrusted[station] = report.skipped_untrusted.get(station, 0) + count
        try:
            with db.transaction() as conn:
                if sync_store.bundle_logged(conn, report.bundle_id) is not None:
                    report.status = "already"
                    return report
                assert checker is not None
                applier = _Applier(db, conn, verified, report)
                _apply_checked(applier, reader, checker, progress)
                applier.finish(actor, name)
                if progress is not None and not progress(verified.total, verified.total):
                    raise Cancelled()
        except BundleProblem as error:  # a part damaged (hash, count, parse) while applying
            raise bundle_problem(error, name) from error
    if applier.max_hlc:
        db.clock.observe(Hlc.decode(applier.max_hlc), max_ahead_ms=CLOCK_AHEAD_MS)
    if report.vouched:
        from app.sync import seals  # (seals -> keys -> here would be a cycle at import time)

        seals.after_trust_change(db)
    return report


def import_parked(db: Database, actor: Actor, progress: Progress | None = None) -> list[ImportReport]:
    """Try the parked bundles again (after an upgrade); those that still need more stay parked."""
    with db.read() as conn:
        parked = sync_store.list_parked(conn)
    reports = []
    for row in parked:
        path = Path(row["file_path"])
        if not path.exists():
            with db.transaction() as conn:
                sync_store.unpark(conn, row["bundle_id"])
            continue
        try:
            reports.append(import_file(db, actor, path, progress))
        except UserError as error:
            if error.code == "sync.newer":
                continue
            raise
        with db.transaction() as conn:
            sync_store.unpark(conn, row["bundle_id"])
        path.unlink(missing_ok=True)
    return reports
