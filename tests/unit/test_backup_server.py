"""Backups of a server database: `pg_dump` through the same checked, renamed, recorded path."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from app.services import backup
from app.storage.engine import Database

pytestmark = pytest.mark.postgresql_only


def test_pg_dump_backup_is_checked_and_recorded(db: Database, tmp_path: Path) -> None:
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump is not installed")
    target = tmp_path / "nas"
    target.mkdir()
    result = backup.make_backup(db, target)
    assert result.ok, result.message
    path = Path(result.path)
    assert path.name.startswith("DutyDesk-532927-") and path.suffix == ".dump"
    listing = subprocess.run(["pg_restore", "--list", str(path)], capture_output=True, text=True, check=True).stdout
    assert "TABLE DATA public oplog" in listing
    assert backup.summary(db).state == "ok" and not list(target.glob(".*partial"))
