"""Backups: consistent checked copies under their final name only when complete, rotation,
clear failures that change nothing else, settings, the handover sheet's line."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from app.cli import main
from app.services import backup, duty_log
from app.services.accounts import Actor
from app.storage import snapshot
from app.storage.engine import Database
from tests.conftest import ADMIN_PASSWORD, FakeWall, make_account

pytestmark = pytest.mark.sqlite_only  # file copies of the embedded database (a server uses pg_dump)


def _entries(db: Database, admin: Actor, n: int) -> None:
    who = make_account(db, admin, "wanglei", "operator") if n else admin
    for i in range(n):
        duty_log.add_entry(db, who, duty_log.EntryInput(summary=f"五印乡来电 {i}"))


def _oplog(db: Database) -> list[tuple[object, ...]]:
    with db.read() as conn:
        return [tuple(r) for r in conn.exec_driver_sql("SELECT op_id, hash FROM oplog ORDER BY local_seq")]


def test_backup_is_checked_named_and_recorded(db: Database, admin: Actor, tmp_path: Path) -> None:
    _entries(db, admin, 3)
    target = tmp_path / "usb"
    target.mkdir()
    result = backup.make_backup(db, target)
    assert result.ok, result.message
    path = Path(result.path)
    # station code and the station's (Beijing) time: the fake wall is 2024-04-19 00:00 UTC = 08:00
    assert path.name == "DutyDesk-532927-20240419-080000.sqlite3"
    assert path.parent == target and not list(target.glob(".*partial"))
    assert not Path(str(path) + "-wal").exists()
    report = snapshot.inspect_copy(path)
    assert report.ok and report.station_id == db.station_id and report.own_seq == result.seq > 0
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT count(*) FROM duty_entry").fetchone()[0] == 3
    runs = backup.history(db)
    assert runs[0].status == "ok" and runs[0].path == str(path) and runs[0].sha256 == result.sha256
    assert backup.summary(db).state == "ok" and str(path) in backup.summary(db).text
    assert backup.verify_files(db) == []


def test_same_disk_is_warned(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "same"
    target.mkdir()
    result = backup.make_backup(db, target)
    assert result.ok and "同一块磁盘" in result.warning


def test_missing_target_fails_clearly_and_is_recorded(db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    before = _oplog(db)
    code = main(["--db", str(db.path), "backup", "--to", str(tmp_path / "no-such-usb")])
    err = capsys.readouterr().err.strip()
    assert code == 2 and len(err.splitlines()) == 1 and "不存在" in err and "no-such-usb" in err
    assert _oplog(db) == before
    assert backup.summary(db).state == "failed"
    assert not (tmp_path / "no-such-usb").exists()


def test_full_disk_leaves_nothing_half_written(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "full"
    target.mkdir()

    def full(_db: Database, dest: Path) -> None:
        dest.write_bytes(b"SQLite format 3\x00" + b"\x00" * 1000)  # a torn first part, then ENOSPC
        raise snapshot.CopyFailed("full", "database or disk is full")

    monkeypatch.setattr(snapshot, "copy_sqlite", full)
    result = backup.make_backup(db, target)
    assert not result.ok and result.code == "backup.full" and "已满" in result.message
    assert list(target.iterdir()) == []
    assert backup.summary(db).state == "failed" and "已满" in backup.summary(db).text


def test_a_damaged_copy_is_not_kept(db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "t"
    target.mkdir()
    real = snapshot.copy_sqlite

    def damaging(database: Database, dest: Path) -> None:
        real(database, dest)
        with sqlite3.connect(dest) as conn:
            conn.execute("DROP TRIGGER IF EXISTS oplog_no_update")
            conn.execute("UPDATE oplog SET payload = '{}' WHERE seq = 1")
    monkeypatch.setattr(snapshot, "copy_sqlite", damaging)
    result = backup.make_backup(db, target)
    assert not result.ok and result.code == "backup.verify_failed"
    assert list(target.iterdir()) == []


def test_rotation_keeps_days_and_months(tmp_path: Path) -> None:
    start = datetime(2024, 1, 1, 8, 0)
    for day in range(120):
        for hour in (0, 6):
            when = start + timedelta(days=day, hours=hour)
            (tmp_path / f"DutyDesk-532927-{when:%Y%m%d-%H%M%S}.sqlite3").write_bytes(b"x")
    (tmp_path / "DutyDesk-999999-20240101-080000.sqlite3").write_bytes(b"other station")
    (tmp_path / "notes.txt").write_text("mine")
    removed = backup.rotate(tmp_path, "532927", keep_daily=14, keep_monthly=3)
    kept = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("DutyDesk-532927"))
    days = {name[16:24] for name in kept}
    # the newest day's two, one for each of the 13 days before, the newest of 2 older months
    assert len(kept) == 2 + 13 + 2 and len(days) == 16
    assert all(name.endswith("-140000.sqlite3") for name in kept if name[16:24] != max(days))
    assert (tmp_path / "notes.txt").exists() and (tmp_path / "DutyDesk-999999-20240101-080000.sqlite3").exists()
    assert len(removed) == 240 - 17


def test_settings_are_validated_and_automatic_backups_run(db: Database, admin: Actor, tmp_path: Path) -> None:
    usb, nas = tmp_path / "usb", tmp_path / "nas"
    nas.mkdir()
    with pytest.raises(Exception) as info:
        backup.save(db, admin, every_hours=-1)
    assert "every_hours" in str(info.value)
    backup.save(db, admin, targets=[str(usb), str(nas)], every_hours=6, keep_daily=7)
    settings = backup.load(db)
    assert settings.targets == [str(usb), str(nas)] and settings.every_hours == 6 and settings.keep_daily == 7
    assert backup.due(db)
    results = backup.run_configured(db, trigger="timer")
    assert [r.ok for r in results] == [False, True]  # the USB stick is not plugged in: said, not skipped
    assert not backup.due(db)
    wall = db.wall
    assert isinstance(wall, FakeWall)
    wall.advance(6 * 3600 + 1)
    assert backup.due(db)
    assert backup.summary(db).state == "failed"  # the latest attempt includes the missing stick


def test_cli_backup_list_and_settings(db: Database, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "b"
    target.mkdir()
    assert main(["--db", str(db.path), "backup", "--to", str(target), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"ok": true' in out
    monkeypatch.setenv("DUTYDESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["--db", str(db.path), "backup", "--settings", "--target", str(target), "--every-hours", "4",
                 "--as", "admin"]) == 0
    assert "每 4 小时" in capsys.readouterr().out
    assert main(["--db", str(db.path), "backup"]) == 0  # the configured folder
    assert main(["--db", str(db.path), "backup", "--list"]) == 0
    listing = capsys.readouterr().out
    assert listing.count(" ok ") == 2 and "最近备份" in listing


def test_handover_sheet_shows_the_last_backup(db: Database, tmp_path: Path) -> None:
    from app.services import handover

    specs = {s.code: s for s in handover.section_specs()}
    assert "backup" in specs
    target = tmp_path / "t"
    target.mkdir()
    backup.make_backup(db, target)
    backup.make_backup(db, tmp_path / "gone")
    shift_end = datetime.now(UTC) + timedelta(days=3650)

    class Ctx:
        pass

    ctx = Ctx()
    ctx.db = db  # type: ignore[attr-defined]
    ctx.end = shift_end  # type: ignore[attr-defined]
    section = specs["backup"].build(ctx)  # type: ignore[arg-type]
    assert section is not None
    cells = [row[0] for row in section.rows]
    assert cells[0][1]["zh"] == "成功，已校验" and str(target) in cells[0][2]
    assert cells[1][1]["zh"] == "失败" and "gone" in cells[1][2]


def test_verify_files_sees_a_changed_or_missing_backup(db: Database, tmp_path: Path) -> None:
    target = tmp_path / "t"
    target.mkdir()
    path = Path(backup.make_backup(db, target).path)
    with path.open("r+b") as handle:
        handle.seek(200)
        handle.write(b"\xff")
    assert [code for _run, code in backup.verify_files(db)] == ["backup.file_changed"]
    os.remove(path)
    assert [code for _run, code in backup.verify_files(db)] == ["backup.file_missing"]


def test_check_names_the_last_verified_backup(db: Database, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(db.path), "check"]) == 0
    assert "最近备份: 尚无备份" in capsys.readouterr().out
    target = tmp_path / "t"
    target.mkdir()
    path = backup.make_backup(db, target).path
    assert main(["--db", str(db.path), "check"]) == 0
    assert f"最近备份: 04-19 08:00，{path}（已校验）" in capsys.readouterr().out
    os.remove(path)
    main(["--db", str(db.path), "check"])
    assert "备份文件已不在原处" in capsys.readouterr().out


def test_cli_handover_is_followed_by_a_backup(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("DUTYDESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["--db", path, "init", "--station-name", "巍山县应急管理局", "--station-code", "532927",
                 "--admin", "admin"]) == 0
    for user in ("zhanght", "lixy"):
        monkeypatch.setenv("DUTYDESK_NEW_PASSWORD", f"{user}-pass")
        assert main(["--db", path, "account", "add", user, "--as", "admin", "--role", "shift_lead",
                     "--role", "operator"]) == 0
    usb, missing = tmp_path / "usb", tmp_path / "unplugged"
    usb.mkdir()
    assert main(["--db", path, "backup", "--settings", "--target", str(usb), "--target", str(missing),
                 "--as", "admin"]) == 0
    monkeypatch.setenv("DUTYDESK_PASSWORD", "zhanght-pass")
    assert main(["--db", path, "shift", "open", "--as", "zhanght"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("DUTYDESK_PASSWORD_TO", "lixy-pass")
    assert main(["--db", path, "shift", "handover", "--as", "zhanght", "--to", "lixy"]) == 0
    err = capsys.readouterr().err
    assert "unplugged" in err and "不存在" in err  # the handover stands; the failed backup is said
    assert len(list(usb.glob("DutyDesk-532927-*.sqlite3"))) == 1
