"""Checking a bundle (no writes): safe unpacking, manifest, sender trust and signature, schema,
each origin's signed chain head (`verify_header`), then every part hash and count and every
operation's hash and chain link (`OpChecker`, fed by the importer as it applies, or by `verify`
for a whole check without writing; docs/sync.md, "Import")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from app.clock import Hlc
from app.errors import UserError
from app.storage import sync_store
from app.storage.migrate import alembic_config
from app.storage.ops import GENESIS, Op, op_hash
from app.sync import keys, texts, trust
from app.sync.bundle import VERSION, BundleProblem, BundleReader, attestation_body

texts.register()

Progress = Callable[[int, int], bool]
"""Called with (operations done, total); return False to cancel (before commit)."""


class Cancelled(UserError):
    def __init__(self) -> None:
        super().__init__("sync.cancelled")


class Parked(Exception):
    def __init__(self, needs: str) -> None:
        super().__init__(needs)
        self.needs = needs


@dataclass
class Verified:
    manifest: dict[str, Any]
    sender_id: str
    sender_name: str
    replicas: dict[str, dict[str, Any]]
    """replica_id -> manifest entry, for replicas whose origin is trusted here."""
    skipped: dict[str, tuple[str, int]]
    """replica_id -> (station name, count) of replicas from untrusted / revoked origins."""
    vouchers: list[dict[str, Any]]
    total: int
    manifest_raw: str = ""
    """The manifest exactly as signed, and its signature (kept in the bundle log for `check`)."""
    signature: str = ""


# -- checking ----------------------------------------------------------------------------------

def bundle_problem(error: BundleProblem, name: str) -> UserError:
    code = {"bad_file": "sync.bad_file", "damaged": "sync.damaged", "unsafe": "sync.unsafe",
            "too_big": "sync.too_big"}[error.kind]
    return UserError(code, name=name, detail=error.detail)


def _damaged(name: str, detail: str) -> UserError:
    return UserError("sync.damaged", name=name, detail=detail)


def known_revision(revision: str) -> bool:
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:
        return False


def _check_shape(m: dict[str, Any], name: str) -> None:
    def need(cond: bool, what: str) -> None:
        if not cond:
            raise _damaged(name, f"manifest {what}")

    need(isinstance(m.get("bundle_id"), str) and 0 < len(m["bundle_id"]) <= 36, "bundle_id")
    need(isinstance(m.get("created_ms"), int), "created_ms")
    sender = m.get("sender")
    need(isinstance(sender, dict) and all(isinstance(sender.get(k), str)
                                          for k in ("station_id", "replica_id", "name", "code", "key_id")),
         "sender")
    need(isinstance(m.get("replicas"), list), "replicas")
    for entry in m["replicas"]:
        need(isinstance(entry, dict), "replica")
        need(all(isinstance(entry.get(k), str) for k in ("replica_id", "station_id")), "replica ids")
        need(all(type(entry.get(k)) is int for k in ("first", "last", "count")), "replica range")
        need(1 <= entry["first"] <= entry["last"] and entry["count"] == entry["last"] - entry["first"] + 1,
             "replica range")
        att = entry.get("attestation")
        need(isinstance(att, dict) and type(att.get("seq")) is int and isinstance(att.get("hash"), str)
             and isinstance(att.get("signature"), str) and isinstance(att.get("key_id"), str), "attestation")
    need(len({e["replica_id"] for e in m["replicas"]}) == len(m["replicas"]), "replica listed twice")
    vv = m.get("version_vector")
    need(isinstance(vv, dict) and all(isinstance(k, str) and type(v) is int for k, v in vv.items()), "version vector")
    parts = m.get("parts")
    if not isinstance(parts, list):
        raise _damaged(name, "manifest parts")
    need(all(
        isinstance(p, dict) and isinstance(p.get("name"), str) and isinstance(p.get("sha256"), str)
        and type(p.get("count")) is int for p in parts), "parts")
    need(type(m.get("total_ops")) is int and m["total_ops"] == sum(p["count"] for p in parts), "counts")
    need(m["total_ops"] == sum(e["count"] for e in m["replicas"]), "counts")
    need(isinstance(m.get("vouchers", []), list), "vouchers")


class OpChecker:
    """The per-operation checks of a bundle (hash, station, chain link, time, chain head), fed
    one operation at a time, in bundle order, then `finish()` (counts, replica ranges)."""

    def __init__(self, manifest: dict[str, Any], name: str, sender_id: str, replicas: dict[str, dict[str, Any]],
                 skipped: dict[str, tuple[str, int]]) -> None:
        self.name, self.sender_id, self.replicas, self.skipped = name, sender_id, replicas, skipped
        self.total: int = manifest["total_ops"]
        self.entries = {e["replica_id"]: e for e in manifest["replicas"]}
        self.expect: dict[str, tuple[int, str]] = {}
        self.seen_ids: set[str] = set()
        self.done = 0

    def _forged(self, entry: dict[str, Any], replica_id: str, detail: str) -> UserError:
        if entry["station_id"] == self.sender_id:
            return _damaged(self.name, detail)
        station_name = self.replicas.get(replica_id, {}).get("station_name") or self.skipped.get(
            replica_id, ("?", 0))[0]
        return UserError("sync.forged_origin", station=station_name)

    def check(self, op: Op, prechecked: bool = False) -> None:
        """`prechecked`: the checks of the operation alone (its own hash, its time) were made
        already, and passed (app/sync/prepare.py)."""
        self.done += 1
        if op.op_id in self.seen_ids:
            raise _damaged(self.name, "operation listed twice")
        self.seen_ids.add(op.op_id)
        entry = self.entries.get(op.replica_id)
        if entry is None:
            raise _damaged(self.name, "operation of an unlisted replica")
        if not prechecked and op_hash(op) != op.hash:
            raise self._forged(entry, op.replica_id, "operation hash")
        if op.station_id != entry["station_id"]:
            raise self._forged(entry, op.replica_id, "operation station")
        seq, prev = self.expect.get(op.replica_id, (entry["first"], ""))
        if op.seq != seq or (prev and op.prev_hash != prev) or (seq == 1 and op.prev_hash != GENESIS):
            raise self._forged(entry, op.replica_id, "operation chain")
        if not prechecked:
            try:
                Hlc.decode(op.hlc)
            except ValueError as error:
                raise self._forged(entry, op.replica_id, "operation time") from error
        if op.seq == entry["last"] and op.hash != entry["attestation"]["hash"]:
            raise self._forged(entry, op.replica_id, "chain head")
        self.expect[op.replica_id] = (op.seq + 1, op.hash)

    def finish(self) -> None:
        if self.done != self.total:
            raise _damaged(self.name, "operation count")
        for replica_id, entry in self.entries.items():
            if self.expect.get(replica_id, (0, ""))[0] != entry["last"] + 1:
                raise _damaged(self.name, "replica range")


def verify_header(conn: Connection, reader: BundleReader, name: str, *,
                  own_station: str) -> tuple[Verified, OpChecker]:
    """Everything but the operations: manifest, sender trust and signature, schema, each origin's
    signed chain head. The operations then go through the returned checker (no writes here;
    raises UserError or Parked)."""
    try:
        m = reader.manifest()
        version = m.get("version")
        min_reader = m.get("min_reader_revision")
        if type(version) is not int or not isinstance(min_reader, str):
            raise _damaged(name, "manifest version")
        if version > VERSION or not known_revision(min_reader):
            raise Parked(min_reader if not known_revision(min_reader) else f"format {version}")
        _check_shape(m, name)
        sender = m["sender"]
        sender_id = sender["station_id"]
        vouchers = [v for v in m.get("vouchers", []) if isinstance(v, dict)]
        names = sync_store.station_names(conn)

        def key_for(station_id: str) -> trust.Verdict:
            if station_id == own_station:
                ident = sync_store.get_identity(conn, own_station)
                if ident is None:
                    return trust.Verdict(False, "unknown")
                return trust.Verdict(True, trust.TRUSTED, ident["public_key"], names.get(station_id, ""))
            return trust.resolve(conn, station_id, vouchers)

        verdict = key_for(sender_id)
        label = verdict.name or sender["name"] or sender_id[:8]
        if verdict.status == trust.REVOKED:
            raise UserError("sync.revoked", station=label)
        if not verdict.ok:
            fp = sender.get("fingerprint") if isinstance(sender.get("fingerprint"), str) else "?"
            raise UserError("sync.untrusted", station=f"{sender['name']}（{sender['code']}）", fingerprint=fp)
        if not keys.verify(verdict.public_key, reader.manifest_raw(), reader.signature()):
            raise UserError("sync.bad_signature", name=name, station=label)

        replicas: dict[str, dict[str, Any]] = {}
        skipped: dict[str, tuple[str, int]] = {}
        origin_keys: dict[str, trust.Verdict] = {sender_id: verdict}
        for entry in m["replicas"]:
            station_id = entry["station_id"]
            if station_id not in origin_keys:
                origin_keys[station_id] = key_for(station_id)
            origin = origin_keys[station_id]
            origin_name = origin.name or names.get(station_id, station_id[:8])
            if not origin.ok:
                skipped[entry["replica_id"]] = (origin_name, entry["count"])
                continue
            att = entry["attestation"]
            body = attestation_body(entry["replica_id"], station_id, att["seq"], att["hash"])
            if att["seq"] != entry["last"] or not keys.verify(origin.public_key, body, att["signature"]):
                raise UserError("sync.forged_origin", station=origin_name)
            replicas[entry["replica_id"]] = {**entry, "station_name": origin_name}
        verified = Verified(m, sender_id, label, replicas, skipped, vouchers, m["total_ops"],
                            reader.manifest_raw().decode("utf-8", errors="replace"), reader.signature())
        return verified, OpChecker(m, name, sender_id, replicas, skipped)
    except BundleProblem as error:
        raise bundle_problem(error, name) from error


def verify(conn: Connection, reader: BundleReader, name: str, *, own_station: str,
           progress: Progress | None = None) -> Verified:
    """Everything that can be checked without writing. Raises UserError (or Parked)."""
    verified, checker = verify_header(conn, reader, name, own_station=own_station)
    try:
        for part in verified.manifest["parts"]:
            for op in reader.iter_part(part):
                checker.check(op)
                if progress is not None and checker.done % 1000 == 0 and not progress(checker.done, verified.total):
                    raise Cancelled()
        checker.finish()
    except BundleProblem as error:
        raise bundle_problem(error, name) from error
    return verified
