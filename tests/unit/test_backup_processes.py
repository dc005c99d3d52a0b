"""Backups against other processes: a writer going on during the backup, and `kill -9` of the
backup itself (no file under a final name unless it is a complete, checked backup)."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from app.services import backup
from app.storage import snapshot
from app.storage.engine import Database

pytestmark = pytest.mark.sqlite_only

WRITER = textwrap.dedent("""
    import sys, time
    from app.services import accounts, duty_log, passwords
    from app.storage.engine import Database
    passwords.fast_for_tests()
    db = Database.open(sys.argv[1])
    who = accounts.authenticate(db, "wanglei", "wanglei-pass")
    print("ready", flush=True)
    end = time.time() + float(sys.argv[2])
    n = 0
    while time.time() < end:
        duty_log.add_entry(db, who, duty_log.EntryInput(summary=f"并发写入 {n}"))
        n += 1
    print(n, flush=True)
""")


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[2])
    return env


def test_backups_while_another_process_writes_are_consistent(db: Database, admin, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import make_account

    make_account(db, admin, "wanglei", "operator")
    target = tmp_path / "t"
    target.mkdir()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db.path), "6"], stdout=subprocess.PIPE,
                              text=True, env=_env())
    assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
    counts = []
    try:
        for _ in range(6):
            result = backup.make_backup(db, target)
            assert result.ok, result.message
            report = snapshot.inspect_copy(Path(result.path))
            assert report.ok, report.problems
            with sqlite3.connect(result.path) as conn:
                entries = conn.execute("SELECT count(*) FROM duty_entry").fetchone()[0]
                numbers = conn.execute("SELECT count(DISTINCT number) FROM duty_entry").fetchone()[0]
            assert entries == numbers
            counts.append(entries)
            time.sleep(0.3)
    finally:
        out, _ = writer.communicate(timeout=60)
    written = int(out.strip().splitlines()[-1])
    assert written > 0 and counts == sorted(counts) and counts[-1] > counts[0]
    final = backup.make_backup(db, target)
    with sqlite3.connect(final.path) as conn:
        assert conn.execute("SELECT count(*) FROM duty_entry").fetchone()[0] == written


def test_kill_9_during_backup_leaves_no_file_under_a_final_name(db: Database, tmp_path: Path) -> None:
    path = db.path
    assert path is not None
    db.close()
    with sqlite3.connect(path) as conn:  # nobody else holds it now: make the copy take a while
        conn.execute("CREATE TABLE ballast (b BLOB)")
        conn.executemany("INSERT INTO ballast VALUES (?)", [(os.urandom(1 << 20),) for _ in range(60)])
    target = tmp_path / "usb"
    target.mkdir()
    rng = random.Random(7)
    killed_mid_way = 0
    for _ in range(6):
        proc = subprocess.Popen([sys.executable, "-m", "app", "--db", str(path), "backup", "--to", str(target)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
        deadline = time.time() + 30
        while time.time() < deadline and not list(target.glob(".*.partial")) and proc.poll() is None:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed_mid_way += 1
        proc.wait()
        for final in target.glob("DutyDesk-*.sqlite3"):
            assert snapshot.inspect_copy(final).ok, final  # complete and checked, or not there at all
    assert killed_mid_way >= 1
    reopened = Database.open(str(path))
    try:
        result = backup.make_backup(reopened, target)
        assert result.ok
        # a kill leaves at most the one temporary file of that backup: no journal beside it
        assert all(p.name.endswith(".partial") for p in target.glob(".*")), list(target.glob(".*"))
    finally:
        reopened.close()
