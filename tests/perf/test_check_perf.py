"""Benchmark of `dutydesk check` on a large database (not run by default).

    DUTYDESK_PERF_DB=/tmp/perf1m.sqlite3 pytest tests/perf/test_check_perf.py -s
    DUTYDESK_PERF_ENTRIES=250000 pytest tests/perf/test_check_perf.py -s   # builds a smaller demo

Runs `dutydesk check --json` in its own process (its peak RSS is its own) on a copy-free
database, prints the total, each check's seconds and the peak RSS, and the ratio to a baseline
measured in the same run: one raw sqlite3 pass reading every operation's payload (the least any
check that replays the log must do). Target: ≤ 120 s on 1,000,000 entries.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.perf
ENTRIES = int(os.environ.get("DUTYDESK_PERF_ENTRIES", "1000000"))
TARGET_S = 120.0
ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, sys, time
from app.cli import main
start = time.perf_counter()
code = main(["--db", sys.argv[1], "check", "--json"])
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
print(json.dumps({"code": code, "wall": time.perf_counter() - start, "rss_mb": int(hwm.split()[1]) / 1024}),
      file=sys.stderr)
"""


def _database(tmp_path: Path) -> Path:
    given = os.environ.get("DUTYDESK_PERF_DB")
    if given:
        return Path(given)
    path = tmp_path / "check.sqlite3"
    subprocess.run([sys.executable, "-m", "app.cli", "--db", str(path), "demo", "--entries", str(ENTRIES)],
                   check=True, cwd=ROOT, capture_output=True)
    return path


def _raw_pass(path: Path) -> float:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    start = time.perf_counter()
    total = 0
    for (payload,) in con.execute("SELECT payload FROM oplog ORDER BY hlc"):
        total += len(payload)
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def test_check_on_a_large_database(tmp_path: Path) -> None:
    path = _database(tmp_path)
    raw = _raw_pass(path)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, cwd=ROOT,
                          timeout=3600, env=dict(os.environ))
    stats = json.loads(proc.stderr.strip().splitlines()[-1])
    report = json.loads(proc.stdout)
    print(f"\ncheck on {path} ({path.stat().st_size / 1e6:,.0f} MB): {stats['wall']:.1f} s, "
          f"peak RSS {stats['rss_mb']:.0f} MB, exit {stats['code']}")
    for c in report["checks"]:
        print(f"  {c['seconds']:7.2f} s  {c['name']}: {c['summary']}")
    print(f"raw pass over every payload: {raw:.2f} s; check / raw = {stats['wall'] / raw:.1f}x; "
          f"target ≤ {TARGET_S:.0f} s: {'met' if stats['wall'] <= TARGET_S else 'NOT met'}")
    assert stats["code"] == 0 and report["ok"]
