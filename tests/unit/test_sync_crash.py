"""`kill -9` during an import: the database is fully before or fully after; importing again completes."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services import accounts
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

pytestmark = pytest.mark.sqlite_only  # kills a process writing a SQLite file, copies files

OPS = 8_000
"""Mostly a kind without projections (fast to apply), plus settings that do touch tables."""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kill -9")


def _import_process(db_path: Path, bundle: Path) -> subprocess.Popen[bytes]:
    code = (
        "import sys\n"
        "from app.services import passwords\n"
        "passwords.fast_for_tests()\n"
        "from app.cli import main\n"
        f"sys.exit(main(['--db', {str(db_path)!r}, 'import', {str(bundle)!r}, '--as', 'nz_admin']))\n"
    )
    env = {**os.environ, "DUTYDESK_PASSWORD": "nz_admin-pass-1"}
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            cwd=str(Path(__file__).resolve().parents[2]))


@pytest.mark.sqlite_only  # copies the database file; on PostgreSQL the server rolls the transaction back
def test_kill_minus_nine_during_import(tmp_path: Path) -> None:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "county_admin")
    b = make_station(tmp_path / "b", "南诏镇", "532927101", FakeWall(), "nz_admin")
    connect_all([a, b])
    with a.db.write() as w:
        w.record_many([("test.bulk", {"n": i, "text": "巍山县应急管理局值班记录"}, "county_admin") for i in range(OPS)])
        w.record_many([("station.setting", {"key": f"bulk.{i}", "value": f"v{i}"}, "county_admin") for i in range(300)])
    accounts.add_account(a.db, a.admin, "wanglei", "wanglei-pass", ["operator"])
    bundle = send(a, b, tmp_path / "usb")
    before_ops = op_ids(b.db)
    b.db.close()
    pristine = tmp_path / "pristine.sqlite3"
    shutil.copyfile(b.folder / "station.sqlite3", pristine)

    # how long a full import takes here, to kill at random points inside it
    full = tmp_path / "full"
    full.mkdir()
    shutil.copyfile(pristine, full / "station.sqlite3")
    started = time.perf_counter()
    proc = _import_process(full / "station.sqlite3", bundle)
    _out, err = proc.communicate(timeout=300)
    duration = time.perf_counter() - started
    assert proc.returncode == 0, err.decode()
    with Database.open(str(full / "station.sqlite3"), wall=FakeWall()) as db:
        after_ops = op_ids(db)
        expected = dump(db)
    assert after_ops > before_ops

    rng = random.Random(9)
    outcomes = set()
    for i in range(4):
        run = tmp_path / f"run{i}"
        run.mkdir()
        path = run / "station.sqlite3"
        shutil.copyfile(pristine, path)
        proc = _import_process(path, bundle)
        time.sleep(rng.uniform(0.15, max(0.3, duration * 0.95)))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        db = Database.open(str(path), wall=FakeWall())
        try:
            held = op_ids(db)
            assert held in (before_ops, after_ops), "half an import survived a kill -9"
            outcomes.add("after" if held == after_ops else "before")
            check_ok(db)
            s = Station(db, accounts.authenticate(db, "nz_admin", "nz_admin-pass-1"), "532927101", run)
            report = receive(s, bundle)
            assert report.status in ("imported", "already")
            assert op_ids(db) == after_ops and dump(db) == expected
        finally:
            db.close()
    assert "before" in outcomes
    a.db.close()
