"""Live refresh with two processes (issue 10): an entry committed by another program reaches
this window's panels (ChangeBus.changes_applied) within 2 s, on SQLite and on PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from app.services import duty_log
from app.services.duty_log import EntryInput
from app.storage import live
from app.storage.changes import Changes
from app.storage.engine import Database
from app.ui.main_window import MainWindow
from tests import engines
from tests.conftest import FakeWall, make_account

OTHER_SEAT = """
import sys
from app.services import accounts, duty_log, passwords
from app.services.duty_log import EntryInput
from app.storage.engine import Database
passwords.fast_for_tests()
db = Database.open(sys.argv[1])
actor = accounts.authenticate(db, "seat2", "seat2-pass")
for line in sys.stdin:
    duty_log.add_entry(db, actor, EntryInput(summary=line.strip()))
    print("committed", flush=True)
"""


def _other_seat(url: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, "-c", OTHER_SEAT, url], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)


def test_an_entry_of_another_seat_reaches_the_open_window(qtbot, make_window: Callable[..., MainWindow],  # type: ignore[no-untyped-def]
                                                          db: Database, db_path: Path, admin, zh_ui: None) -> None:
    make_account(db, admin, "seat2", "operator")
    window = make_window()
    assert window.live_refresh is not None
    seat = _other_seat(engines.url_for(db_path))
    try:
        assert seat.stdin is not None and seat.stdout is not None
        latencies = []
        for n in range(3):
            seen: list[Changes] = []
            window.bus.changes_applied.connect(seen.append)
            qtbot.wait(300)  # the feed is listening
            seat.stdin.write(f"席位2 第{n}条：五印乡来电\n")
            seat.stdin.flush()
            assert seat.stdout.readline().strip() == "committed", seat.stderr.read() if seat.stderr else ""
            start = time.perf_counter()
            qtbot.waitUntil(lambda seen=seen: any("duty_entry" in c for c in seen), timeout=2000)
            latencies.append(time.perf_counter() - start)
            window.bus.changes_applied.disconnect(seen.append)
        assert max(latencies) < 2.0
        assert any("五印乡来电" in r.summary for r in duty_log.page(db, limit=10))
    finally:
        if seat.stdin:
            seat.stdin.close()
        seat.wait(timeout=30)
        window.live_refresh.stop()


def test_own_writes_are_not_announced_back(db: Database, admin, wall: FakeWall) -> None:  # type: ignore[no-untyped-def]
    feed = live.Feed(db.url, db.origin, db.own_ops)
    try:
        assert feed.wait(0.1) is None  # opens, nothing yet
        op = make_account(db, admin, "seat3", "operator")
        wall.advance(60)
        duty_log.add_entry(db, op, EntryInput(summary="本席位自己写的"))
        assert feed.wait(0.6) is None
        other = Database.open(db.url, wall=wall)
        try:
            duty_log.add_entry(other, op, EntryInput(summary="另一个程序写的"))
        finally:
            other.close()
        found = feed.wait(1.5)
        assert found is not None and "duty_entry" in found
    finally:
        feed.close()


def test_a_closed_window_stops_listening(qtbot, make_window: Callable[..., MainWindow],  # type: ignore[no-untyped-def]
                                         db: Database, db_path: Path, admin, zh_ui: None) -> None:
    """A closed window no longer reloads its panels when another seat writes (it did, hidden,
    until it was deleted: each window a session opened kept working for nothing)."""
    make_account(db, admin, "seat2", "operator")
    window = make_window()
    refresher = window.live_refresh
    assert refresher is not None and refresher.timer.isActive()
    window._closing_after_sign_out = True  # no quit question
    window.close()
    assert not refresher.timer.isActive() and refresher.stop_event.is_set()
    seen: list[Changes] = []
    window.bus.changes_applied.connect(seen.append)
    seat = _other_seat(engines.url_for(db_path))
    try:
        assert seat.stdin is not None and seat.stdout is not None
        seat.stdin.write("席位2：关闭后的窗口\n")
        seat.stdin.flush()
        assert seat.stdout.readline().strip() == "committed"
        qtbot.wait(1200)
    finally:
        seat.stdin.close() if seat.stdin else None
        seat.wait(timeout=30)
    assert seen == []
