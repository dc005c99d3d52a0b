"""Restore: the drill (a station dies, comes back from its backup and its peers' bundles, loses
nothing any peer had), a new replica id, and bad backups refused with nothing changed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.cli import main
from app.services import accounts, backup, station
from app.storage.engine import Database
from tests.conftest import FakeWall
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    connect_all,
    dump,
    make_station,
    op_ids,
    receive,
    send,
)

pytestmark = pytest.mark.sqlite_only  # restores an embedded database file


def work(s: Station, tag: str, n: int = 2) -> None:
    for i in range(n):
        accounts.add_account(s.db, s.admin, f"{tag}{i}", "operator-pass", ["operator"])
        station.set_setting(s.db, s.admin, f"duty.note.{tag}", f"{tag}-{i}")


def test_the_restore_drill(tmp_path: Path) -> None:
    a = make_station(tmp_path / "county", "巍山县应急管理局", "532927", FakeWall(), "county_admin")
    b = make_station(tmp_path / "wuyin", "五印乡", "532927105", FakeWall(), "wy_admin")
    connect_all([a, b])
    usb, disk2 = tmp_path / "usb", tmp_path / "disk2"
    disk2.mkdir()
    work(a, "a_before")
    receive(b, send(a, b, usb))
    receive(a, send(b, a, usb))
    made = backup.make_backup(a.db, disk2)
    assert made.ok
    work(a, "a_after_backup")  # recorded after the backup …
    receive(b, send(a, b, usb))  # … but the township has it
    work(b, "b_later")
    old_replica, old_ops = a.db.replica_id, op_ids(a.db)
    a.db.close()
    (a.folder / "station.sqlite3").unlink()  # the PC dies
    for suffix in ("-wal", "-shm"):
        Path(str(a.folder / "station.sqlite3") + suffix).unlink(missing_ok=True)

    new_path = tmp_path / "new-pc" / "station.sqlite3"
    new_path.parent.mkdir()
    result = backup.restore(made.path, str(new_path), expect_station="532927")
    assert result.old_replica == old_replica and result.new_replica != old_replica
    a.db = Database.open(str(new_path), wall=a.db.wall)
    assert a.db.replica_id == result.new_replica
    assert accounts.get_account(a.db, "a_after_backup0") is None  # not in the backup
    check_ok(a.db)

    receive(b, send(a, b, usb))  # the restored station tells the township what it has
    receive(a, send(b, a, usb))  # and gets back what it lacks
    assert accounts.get_account(a.db, "a_after_backup0") is not None
    assert old_ops <= op_ids(a.db) and op_ids(b.db) <= op_ids(a.db)
    work(a, "a_restored", 1)  # the restored station works on, as a new replica
    receive(b, send(a, b, usb))
    assert op_ids(a.db) == op_ids(b.db) and dump(a.db) == dump(b.db)
    with a.db.read() as conn:
        pairs = conn.exec_driver_sql("SELECT count(*), count(DISTINCT replica_id || ':' || seq) FROM oplog").one()
    assert pairs[0] == pairs[1]
    check_ok(a.db)
    check_ok(b.db)
    a.db.close()
    b.db.close()


@pytest.fixture
def made(db: Database, tmp_path: Path) -> Path:
    target = tmp_path / "b"
    target.mkdir()
    return Path(backup.make_backup(db, target).path)


def _refused(args: list[str], capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err
    return err


def test_cli_restore_and_what_it_refuses(made: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new = tmp_path / "restored.sqlite3"
    assert main(["restore", str(made), "--db", str(new), "--station", "532927"]) == 0
    assert "新副本编号" in capsys.readouterr().out and new.exists()
    assert not list(tmp_path.glob(".*partial"))
    before = new.stat().st_mtime_ns
    _refused(["restore", str(made), "--db", str(new)], capsys, "已存在")
    assert new.stat().st_mtime_ns == before
    other = tmp_path / "other.sqlite3"
    _refused(["restore", str(made), "--db", str(other), "--station", "532927105"], capsys, "另一个站点")
    _refused(["restore", str(tmp_path / "nope.sqlite3"), "--db", str(other)], capsys, "不存在")
    text = tmp_path / "notes.sqlite3"
    text.write_text("这不是数据库" * 200, encoding="utf-8")
    _refused(["restore", str(text), "--db", str(other)], capsys, "不是 DutyDesk")
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(made.read_bytes()[: made.stat().st_size // 2])
    _refused(["restore", str(truncated), "--db", str(other)], capsys)
    flipped = tmp_path / "flipped.sqlite3"
    data = bytearray(made.read_bytes())
    with sqlite3.connect(made) as conn:
        page = conn.execute("PRAGMA page_size").fetchone()[0]
    for offset in range(page * 2, len(data), page):  # every page's first byte (b-tree page type)
        data[offset] ^= 0x5A
    flipped.write_bytes(bytes(data))
    _refused(["restore", str(flipped), "--db", str(other)], capsys, "损坏")
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(made.read_bytes())
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    _refused(["restore", str(newer), "--db", str(other)], capsys, "更新版本")
    assert not other.exists() and not list(tmp_path.glob(".*partial"))
    _refused(["restore", str(made), "--db", "postgresql+psycopg://x@localhost/y"], capsys, "pg_restore")


def test_a_tampered_log_in_the_backup_is_refused(made: Path, tmp_path: Path) -> None:
    with sqlite3.connect(made) as conn:
        for name in [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")]:
            conn.execute(f"DROP TRIGGER {name}")
        conn.execute("UPDATE oplog SET author = 'mallory' WHERE seq = 2")
    with pytest.raises(Exception) as info:
        backup.restore(made, str(tmp_path / "x.sqlite3"))
    assert getattr(info.value, "code", "") == "restore.damaged"
    assert not (tmp_path / "x.sqlite3").exists()
