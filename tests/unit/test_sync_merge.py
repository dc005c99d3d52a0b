"""Merging: field conflicts identical everywhere, quarantine, clocks far ahead, restored copies."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text as sa_text

from app.clock import Hlc
from app.services import accounts
from app.storage.engine import Database
from app.storage.ops import compute_hash
from app.sync import conflicts, keys
from app.sync.bundle import attestation_body
from tests.unit.stations import COUNTY, NANZHAO, connected, swap
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    dump,
    log_dump,
    manifest_of,
    op_ids,
    ops_lines,
    read_entries,
    receive,
    resign,
    send,
    set_lines,
    write_entries,
)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    with connected(tmp_path, [("a", COUNTY), ("b", NANZHAO)]) as (a, b):
        yield a, b


@pytest.mark.sqlite_only  # the second replica is a file copy of a's database
def test_concurrent_edits_give_the_same_winner_and_conflict_everywhere(pair: tuple[Station, Station],
                                                                        tmp_path: Path) -> None:
    a, b = pair
    usb = tmp_path / "usb"
    accounts.add_account(a.db, a.admin, "wanglei", "wanglei-pass", ["operator"], phone="13908721301")
    swap(a, b, usb)
    b.db.wall.advance(5)  # type: ignore[attr-defined]
    # an account is edited only at its own station: the concurrent editor is a second replica of
    # station a (a copy of its database on another PC), whose edit reaches a through b
    path = a.folder / "station.sqlite3"
    wall = a.db.wall
    a.db.close()
    copy = tmp_path / "a2" / "station.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(path, copy)
    a.db = Database.open(str(path), wall=wall)
    a2 = Station(Database.open(str(copy), wall=wall), a.admin, a.code, copy.parent)
    assert a2.db.replica_id != a.db.replica_id and a2.db.station_id == a.db.station_id
    accounts.update_account(a.db, a.admin, "wanglei", phone="13908720001")
    wall.advance(5)  # type: ignore[attr-defined]
    accounts.update_account(a2.db, a.admin, "wanglei", phone="13908720002")
    receive(b, send(a2, b, usb))
    receive(a, send(a2, None, usb))
    a2.db.close()
    swap(a, b, usb)
    assert dump(a.db) == dump(b.db)
    assert accounts.get_account(a.db, "wanglei").phone == "13908720002"  # type: ignore[union-attr]
    view_a, view_b = conflicts.load(a.db), conflicts.load(b.db)
    assert view_a.fields == view_b.fields and len(view_a.fields) == 1
    c = view_a.fields[0]
    assert (c.winner_value, c.loser_value) == ("13908720002", "13908720001") and c.resolvable
    conflicts.resolve(a.db, a.admin, c, "loser")
    swap(a, b, usb)
    assert conflicts.load(a.db).fields == conflicts.load(b.db).fields == []
    assert accounts.get_account(b.db, "wanglei", a.db.station_id).phone == "13908720001"  # type: ignore[union-attr]
    check_ok(a.db)
    check_ok(b.db)


def _forked_bundle(a: Station, b: Station, usb: Path, tmp_path: Path, *, new_op_id: bool) -> Path:
    """A bundle signed by a whose chain forks from what b already holds (as a restored copy that
    escaped the replica guard would produce)."""
    accounts.add_account(a.db, a.admin, "fork1", "operator-pass", ["operator"])
    accounts.add_account(a.db, a.admin, "fork2", "operator-pass", ["operator"])
    bundle = send(a, None, usb)
    entries = read_entries(bundle)
    manifest = manifest_of(entries)
    lines = ops_lines(entries)
    entry = next(e for e in manifest["replicas"] if e["station_id"] == a.db.station_id)
    mine = [v for v in lines if v[2] == entry["replica_id"]]
    target = next(v for v in mine if '"fork1"' in v[7])
    target[7] = target[7].replace('"fork1"', '"forged"')
    if new_op_id:
        target[0] = "01900000-0000-7000-8000-0000000000aa"
    prev = None
    for v in mine:
        if prev is not None:
            v[8] = prev
        if v[3] >= target[3]:
            v[9] = compute_hash(dict(zip(("op_id", "station_id", "replica_id", "seq", "hlc", "author", "kind",
                                          "payload", "prev_hash"), v[:9], strict=True)))
        prev = v[9]
    set_lines(entries, manifest, lines)
    key = keys.signing_key(a.db)
    entry["attestation"]["hash"] = mine[-1][9]
    entry["attestation"]["signature"] = key.sign(
        attestation_body(entry["replica_id"], a.db.station_id, entry["last"], mine[-1][9]))
    resign(entries, manifest, a)
    return write_entries(tmp_path / f"fork-{new_op_id}.ddsync", entries)


@pytest.mark.parametrize("new_op_id", [False, True])
def test_same_id_or_seq_with_other_content_is_quarantined(pair: tuple[Station, Station], tmp_path: Path,
                                                          new_op_id: bool) -> None:
    a, b = pair
    usb = tmp_path / "usb"
    forked = _forked_bundle(a, b, usb, tmp_path, new_op_id=new_op_id)
    receive(b, send(a, b, usb))  # b gets the real chain first
    before = (dump(b.db), log_dump(b.db))
    report = receive(b, forked)
    # the clash, the op chained to it, and the seal the export appended after them
    assert report.new == 0 and report.quarantined_count == 3
    assert any("隔离" in line for line in report.lines())
    assert (dump(b.db), log_dump(b.db)) == before
    view = conflicts.load(b.db)
    assert {q.reason for q in view.quarantined} == {"seq" if new_op_id else "op_id", "follows"}
    check_ok(b.db)
    assert receive(b, forked).status == "already"


def test_clock_far_ahead_is_flagged_and_does_not_drag_ours(pair: tuple[Station, Station], tmp_path: Path) -> None:
    a, b = pair
    a.db.wall.advance(3 * 3600)  # type: ignore[attr-defined]
    accounts.add_account(a.db, a.admin, "future", "operator-pass", ["operator"])
    report = receive(b, send(a, b, tmp_path / "usb"))
    assert "巍山县应急管理局" in report.clock_ahead
    assert report.clock_ahead["巍山县应急管理局"][1] >= 179
    assert any("超前" in line for line in report.lines())
    op = accounts.add_account(b.db, b.admin, "local", "operator-pass", ["operator"]).ops[0]
    with b.db.read() as conn:
        hlc = conn.execute(sa_text("SELECT hlc FROM oplog WHERE op_id = :op"), {"op": op}).scalar_one()
    assert Hlc.decode(hlc).wall_ms == b.db.wall()
    assert len(conflicts.load(b.db).clock) >= 1
    check_ok(b.db)
    b.db.close()  # and not after a restart either
    b.db = Database.open(str(b.folder / "station.sqlite3"), wall=b.db.wall)
    op = accounts.add_account(b.db, b.admin, "after_restart", "operator-pass", ["operator"]).ops[0]
    with b.db.read() as conn:
        hlc = conn.execute(sa_text("SELECT hlc FROM oplog WHERE op_id = :op"), {"op": op}).scalar_one()
    assert Hlc.decode(hlc).wall_ms == b.db.wall()


@pytest.mark.sqlite_only  # restores a copy of the file
def test_restored_older_copy_gets_a_new_replica_and_keeps_working(pair: tuple[Station, Station],
                                                                   tmp_path: Path) -> None:
    a, b = pair
    usb = tmp_path / "usb"
    path = a.folder / "station.sqlite3"
    a.db.close()
    backup = tmp_path / "backup.sqlite3"
    shutil.copyfile(path, backup)
    a.db = Database.open(str(path), wall=a.db.wall)
    old_replica = a.db.replica_id
    accounts.add_account(a.db, a.admin, "before_restore", "operator-pass", ["operator"])
    receive(b, send(a, b, usb))
    a.db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, path)  # the PC's disk died; yesterday's backup comes back
    a.db.wall.advance(3600)  # type: ignore[attr-defined]
    a.db = Database.open(str(path), wall=a.db.wall)
    assert a.db.replica_id != old_replica and a.db.warnings
    accounts.add_account(a.db, a.admin, "after_restore", "operator-pass", ["operator"])
    report = receive(b, send(a, b, usb))
    assert report.new >= 1 and report.quarantined_count == 0
    receive(a, send(b, a, usb))  # the lost work comes back from b
    assert accounts.get_account(a.db, "before_restore") is not None
    assert dump(a.db) == dump(b.db) and op_ids(a.db) == op_ids(b.db)
    with a.db.read() as conn:
        pairs = conn.exec_driver_sql("SELECT count(*), count(DISTINCT replica_id || ':' || seq) FROM oplog").one()
    assert pairs[0] == pairs[1]
    check_ok(a.db)
    check_ok(b.db)


def test_acknowledgements_follow_the_peers_newest_replica(pair: tuple[Station, Station]) -> None:
    from app.storage import sync_store

    a, _b = pair
    old, new = "018ef3a7-2000-7000-8000-000000000001", "018ef3a8-0000-7000-8000-000000000001"
    with a.db.transaction() as conn:
        sync_store.advance_acks(conn, "peer", {"r1": 10, "r2": 4}, old)
        sync_store.advance_acks(conn, "peer", {"r1": 8}, old)  # same replica: never lowered
        assert sync_store.acks(conn, "peer") == {"r1": 10, "r2": 4}
        sync_store.advance_acks(conn, "peer", {"r1": 6}, new)  # the peer restored a backup: replaced
        assert sync_store.acks(conn, "peer") == {"r1": 6}
        sync_store.advance_acks(conn, "peer", {"r1": 10, "r2": 4}, old)  # a bundle from before the restore
        assert sync_store.acks(conn, "peer") == {"r1": 6}
