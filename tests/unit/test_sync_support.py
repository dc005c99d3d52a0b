"""Helpers for the sync tests: several stations on one machine, cards exchanged, canonical dumps."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import MetaData, select

from app.services import accounts, station
from app.services.accounts import Actor
from app.storage import integrity
from app.storage.engine import Database
from app.storage.models import load_all, projection_tables
from app.sync import card, export, importer, trust

PASSPHRASE = "station-secret-1"


@pytest.fixture(autouse=True)
def _key_passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYDESK_KEY_PASSPHRASE", PASSPHRASE)


@dataclass
class Station:
    db: Database
    admin: Actor
    code: str
    folder: Path

    @property
    def name(self) -> str:
        return station.info(self.db).name


def make_station(folder: Path, name: str, code: str, wall: Any, admin_user: str) -> Station:
    folder.mkdir(parents=True, exist_ok=True)
    db = Database.open(str(folder / "station.sqlite3"), wall=wall, create=True)
    password = f"{admin_user}-pass-1"
    station.initialize(db, name=name, code=code, admin=admin_user, password=password)
    return Station(db, accounts.authenticate(db, admin_user, password), code, folder)


def trust_card(receiver: Station, sender: Station, *, may_vouch: bool = False) -> None:
    path = sender.folder / "card.json"
    c = card.write_card(sender.db, path)
    trust.add_card(receiver.db, receiver.admin, card.read_card(path), c.fingerprint, may_vouch=may_vouch)


def connect_all(stations: list[Station]) -> None:
    for a in stations:
        for b in stations:
            if a is not b:
                trust_card(a, b)


def send(a: Station, b: Station | None, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    peer = b.db.station_id if b is not None else None
    return export.export_bundle(a.db, a.admin, out, for_station=peer).path


def receive(b: Station, path: Path) -> importer.ImportReport:
    return importer.import_file(b.db, b.admin, path)


def dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every projection table, rows sorted: equal dumps mean logically equal data."""
    full = load_all()
    meta = MetaData()
    result: dict[str, list[tuple[Any, ...]]] = {}
    with db.read() as conn:
        for name in projection_tables():
            t = full.tables[name].to_metadata(meta)
            result[name] = sorted(tuple(r) for r in conn.execute(select(t)))
    return result


def op_ids(db: Database) -> set[str]:
    with db.read() as conn:
        return set(conn.exec_driver_sql("SELECT op_id FROM oplog").scalars())


def log_dump(db: Database) -> list[tuple[Any, ...]]:
    with db.read() as conn:
        return sorted(tuple(r) for r in conn.exec_driver_sql(
            "SELECT op_id, station_id, replica_id, seq, hlc, author, kind, payload, prev_hash, hash FROM oplog"))


def check_ok(db: Database) -> None:
    results = integrity.run_all(db)
    assert all(r.ok for r in results), [(r.name, r.problems) for r in results if not r.ok]


# -- tampering helpers ------------------------------------------------------------------------------

import json  # noqa: E402
import zipfile  # noqa: E402

from app.sync import keys  # noqa: E402
from app.sync.bundle import MANIFEST, SIGNATURE, manifest_bytes  # noqa: E402


def read_entries(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_entries(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


def manifest_of(entries: dict[str, bytes]) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(entries[MANIFEST])
    return data


def resign(entries: dict[str, bytes], manifest: dict[str, Any], signer: Station | None) -> None:
    """Put `manifest` back; re-sign it with `signer`'s key (None: keep the old signature)."""
    entries[MANIFEST] = manifest_bytes(manifest)
    if signer is not None:
        key = keys.signing_key(signer.db)
        entries[SIGNATURE] = key.sign(entries[MANIFEST]).encode("ascii")
        manifest["sender"]["key_id"] = key.key_id


def ops_lines(entries: dict[str, bytes], part: str = "ops/000001.jsonl") -> list[list[Any]]:
    return [json.loads(line) for line in entries[part].splitlines()]


def set_lines(entries: dict[str, bytes], manifest: dict[str, Any], lines: list[list[Any]],
              part: str = "ops/000001.jsonl") -> None:
    import hashlib

    data = b"".join(json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode() + b"\n" for v in lines)
    entries[part] = data
    for p in manifest["parts"]:
        if p["name"] == part:
            p["sha256"] = hashlib.sha256(data).hexdigest()
            p["count"] = len(lines)
            p["bytes"] = len(data)
    manifest["total_ops"] = sum(p["count"] for p in manifest["parts"])

