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
