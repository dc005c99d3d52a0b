"""Backup of a large database while a second process writes (not run by default).

    pytest tests/perf/test_backup_perf.py -s
    DUTYDESK_PERF_DB=/path/m.db pytest tests/perf/test_backup_perf.py -s   # reuse a database made by
                                                                          # `dutydesk demo --entries 1000000`

Prints the time and size of `make_backup` (copy + integrity check + hash chains + sha256 +
rename), split into its parts, and the ratio to a bare SQLite online-backup copy of the same
database measured in the same run (the physical limit: what a copy alone costs here). The
writer's entries must all be either in the backup or after it: the copy is one snapshot.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.services import backup, demo
from app.storage import snapshot
from app.storage.engine import Database
from tests.unit.test_backup_processes import WRITER, _env

pytestmark = [pytest.mark.perf, pytest.mark.sqlite_only]
ENTRIES = int(os.environ.get("DUTYDESK_PERF_ENTRIES", "1000000"))


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    given = os.environ.get("DUTYDESK_PERF_DB")
    if given:
        db = Database.open(given)
    else:
        path = tmp_path_factory.mktemp("perf") / "big.sqlite3"
        start = time.perf_counter()
        db = demo.build(str(path), options={"entries": ENTRIES})
        print(f"\nbuilt {ENTRIES:,} entries in {time.perf_counter() - start:.0f} s")
    yield db
    db.close()


def test_backup_while_writing(big: Database, tmp_path: Path) -> None:
    os.environ.setdefault("DUTYDESK_PASSWORD", "Weishan-2024")
    path = big.path
    assert path is not None
    bare = tmp_path / "bare.sqlite3"
    start = time.perf_counter()
    snapshot.copy_sqlite(big, bare)
    bare_s = time.perf_counter() - start
    start = time.perf_counter()
    report = snapshot.inspect_copy(bare)
    check_s = time.perf_counter() - start
    assert report.ok
    bare.unlink()

    script = WRITER.replace('"wanglei", "wanglei-pass"', '"wanglei", "Weishan-2024"').replace(
        "passwords.fast_for_tests()\n", "")
    writer = subprocess.Popen([sys.executable, "-c", script, str(path), "600"], stdout=subprocess.PIPE,
                              text=True, env=_env())
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    target = tmp_path / "usb"
    target.mkdir()
    try:
        start = time.perf_counter()
        result = backup.make_backup(big, target)
        total_s = time.perf_counter() - start
    finally:
        writer.terminate()
        writer.wait(30)
    assert result.ok, result.message
    with sqlite3.connect(result.path) as conn:
        entries = conn.execute("SELECT count(*) FROM duty_entry").fetchone()[0]
    size_mb = result.size / 1e6
    print(f"\nbackup of {entries:,} entries ({size_mb:,.0f} MB) while another process writes: {total_s:.1f} s "
          f"(bare copy {bare_s:.1f} s, its check {check_s:.1f} s) — {total_s / bare_s:.1f}× a bare copy")
