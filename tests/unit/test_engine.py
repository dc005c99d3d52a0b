"""Opening databases: bad files, newer schema, read-only, locked, copied or restored files."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from app.errors import DatabaseError
from app.services import accounts, station
from app.storage import migrate
from app.storage.engine import Database, resolve_url
from tests.conftest import ADMIN_PASSWORD, FakeWall


@pytest.mark.sqlite_only
def test_pragmas(db: Database) -> None:
    with db.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


@pytest.mark.sqlite_only
def test_url_resolution(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_url(str(tmp_path / "a.db")) == "sqlite:///" + str(tmp_path / "a.db")
    monkeypatch.setenv("DUTYDESK_DB", str(tmp_path / "env.db"))
    assert resolve_url(None).endswith("env.db")
    monkeypatch.delenv("DUTYDESK_DB")
    monkeypatch.setenv("DUTYDESK_DATA_DIR", str(tmp_path / "data"))
    assert resolve_url(None).endswith("data/dutydesk.sqlite3")


@pytest.mark.sqlite_only
def test_missing_database_is_not_created_implicitly(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError) as err:
        Database.open(str(tmp_path / "none.db"))
    assert err.value.code == "db.not_initialised"
    assert not (tmp_path / "none.db").exists()


def test_not_a_database(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("值班记录 " * 2000, encoding="utf-8")
    before = bad.read_bytes()
    with pytest.raises(DatabaseError) as err:
        Database.open(str(bad))
    assert err.value.code == "db.not_a_database"
    assert bad.read_bytes() == before


@pytest.mark.sqlite_only
def test_corrupt_database(db_path: Path, db: Database) -> None:
    db.close()
    data = bytearray(db_path.read_bytes())
    for i in range(4096, min(len(data), 12000)):
        data[i] = 0xFF
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    with pytest.raises(DatabaseError):
        Database.open(str(db_path))


def test_newer_schema_is_refused(db_path: Path, db: Database) -> None:
    with db.transaction() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    db.close()
    with pytest.raises(DatabaseError) as err:
        Database.open(str(db_path))
    assert err.value.code == "db.newer_schema" and "9999_future" in err.value.message


def test_old_revision_is_upgraded_to_head(tmp_path: Path) -> None:
    from app.storage.engine import make_engine
    from tests import engines

    url = engines.fresh_url(empty=True) if engines.on_postgresql() else "sqlite:///" + str(tmp_path / "old.db")
    engine = make_engine(url)
    with engine.connect() as conn:
        migrate.upgrade(conn, "0001_foundation")
        conn.commit()
        assert migrate.current_revision(conn) == "0001_foundation"
    engine.dispose()
    db = Database.open(url)
    try:
        assert db.schema_revision == migrate.head_revision()
    finally:
        db.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file(db_path: Path, db: Database) -> None:  # pragma: no cover - CI runs as root
    db.close()
    db_path.chmod(0o444)
    ro = Database.open(str(db_path))
    with pytest.raises(DatabaseError):
        accounts.authenticate(ro, "admin", "wrong")


@pytest.mark.sqlite_only
def test_locked_database_gives_a_clear_message(db_path: Path, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    import app.storage.engine as engine_module

    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 100)
    other = Database.open(str(db_path))
    other.engine.dispose()
    raw = sqlite3.connect(str(db_path))
    raw.execute("BEGIN IMMEDIATE")
    try:
        locked = Database.open(str(db_path))
        with pytest.raises(DatabaseError) as err, locked.write() as w:
            w.record("station.setting", {"key": "a", "value": "b"}, "admin")
        assert err.value.code == "db.locked"
        locked.close()
    finally:
        raw.rollback()
        raw.close()


@pytest.mark.sqlite_only
def test_copied_database_gets_a_new_replica(db_path: Path, db: Database, tmp_path: Path) -> None:
    original = db.replica_id
    db.close()
    copy = tmp_path / "copy.sqlite3"
    shutil.copy(db_path, copy)
    copied = Database.open(str(copy))
    assert copied.replica_id != original and copied.warnings
    with copied.write() as w:
        op = w.record("station.setting", {"key": "a", "value": "b"}, "admin")
    assert op.seq == 1
    copied.close()
    again = Database.open(str(db_path))
    assert again.replica_id == original and not again.warnings
    again.close()


@pytest.mark.sqlite_only
def test_restored_backup_never_reuses_a_seq(db_path: Path, db: Database, tmp_path: Path, wall: FakeWall) -> None:
    backup = tmp_path / "backup.sqlite3"
    db.close()
    shutil.copy(db_path, backup)
    live = Database.open(str(db_path), wall=wall)
    with live.write() as w:
        used = w.record("station.setting", {"key": "a", "value": "1"}, "admin")
    replica = live.replica_id
    live.close()
    shutil.copy(backup, db_path)  # restore the older copy over the live file
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    restored = Database.open(str(db_path), wall=wall)
    try:
        assert restored.replica_id != replica
        with restored.write() as w:
            op = w.record("station.setting", {"key": "a", "value": "2"}, "admin")
        assert (op.replica_id, op.seq) != (used.replica_id, used.seq)
        accounts.authenticate(restored, "admin", ADMIN_PASSWORD)
    finally:
        restored.close()


def test_init_twice_is_refused(db: Database) -> None:
    with pytest.raises(DatabaseError):
        station.initialize(db, name="x", code="123456", admin="root", password="password-1")
