"""GUI benchmark of the duty log on a 1,000,000-entry database (not run by default).

Build the database once, then run:

    dutydesk --db /tmp/perf1m.sqlite3 demo --force --entries 1000000
    DUTYDESK_PERF_DB=/tmp/perf1m.sqlite3 QT_QPA_PLATFORM=offscreen \\
        pytest tests/perf/test_duty_log_gui_perf.py -s -p no:randomly

It prints, measured in the same run:
- opening the main window on that database and showing the log (first rows painted) vs a bare
  QMainWindow shown the same way (target ≤ 1.5×), and the duty-log dock alone in a QMainWindow;
- the same window on a fresh empty station, and on the plain demo (the same depots, teams,
  incidents and rota with its ordinary 90-entry log): the 1M / plain-demo ratio is the cost of
  the log's size alone (target ≤ 1.3×);
- scrolling: time per jump of the scroll bar over the whole log (median, worst);
- peak RSS after scrolling the log to the end (target ≤ 300 MB).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow

from app.services import accounts, demo, station
from app.storage.engine import Database
from app.ui.panel_api import ChangeBus, SessionContext
from app.ui.panels.duty_log import worker
from app.ui.panels.duty_log.panel import DutyLogPanel

pytestmark = pytest.mark.perf

PERF_DB = Path(os.environ.get("DUTYDESK_PERF_DB", "/tmp/perf1m.sqlite3"))
REPEATS = int(os.environ.get("DUTYDESK_PERF_REPEATS", "7"))
SIZE = (1280, 800)


def _rss_mb() -> float:
    """Peak RSS of this process image. VmHWM, not ru_maxrss: Linux carries ru_maxrss over
    fork + exec, so a child would report its parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _settle(app: QApplication, until: Callable[[], bool] = lambda: True, timeout: float = 30.0) -> None:
    deadline = time.perf_counter() + timeout
    while True:
        app.processEvents()
        if until() or time.perf_counter() > deadline:
            return
        time.sleep(0.001)


def _median(samples: list[float]) -> float:
    return statistics.median(samples)


def _actor(db: Database) -> accounts.Actor:
    for name in ("wanglei", "zhanght", "admin"):
        info = accounts.get_account(db, name)
        if info is not None:
            return info.actor()
    raise AssertionError("no account in the perf database")


def _bare(app: QApplication) -> float:
    started = time.perf_counter()
    window = QMainWindow()
    window.resize(*SIZE)
    window.show()
    _settle(app, window.isVisible)
    window.grab()  # paint once, as the log window is painted below
    elapsed = time.perf_counter() - started
    window.close()
    window.deleteLater()
    _settle(app)
    return elapsed


def _log_table(window: QMainWindow) -> DutyLogPanel | None:
    for dock in window.findChildren(QDockWidget):
        if isinstance(dock.widget(), DutyLogPanel):
            return dock.widget()  # type: ignore[return-value]
    return None


def _main_window(app: QApplication, tmp: Path, path: Path = PERF_DB, rows: bool = True) -> tuple[float, float]:
    """(seconds until the log shows its first rows, seconds until its row count is exact)."""
    from app.ui.main_window import MainWindow

    started = time.perf_counter()
    db = Database.open(str(path))
    ctx = SessionContext(db, _actor(db), station.info(db), ChangeBus())
    window = MainWindow(ctx, settings=QSettings(str(tmp / "layout.ini"), QSettings.Format.IniFormat))
    window.resize(*SIZE)
    window.show()
    panel = _log_table(window)
    assert panel is not None, "the duty log dock is not in the main window"
    _settle(app, lambda: panel.model.rowCount() > 0 or not rows)
    window.grab()
    shown = time.perf_counter() - started
    _settle(app, lambda: panel.model.exact and not panel._counting)
    exact = time.perf_counter() - started
    window.close()
    window.deleteLater()
    worker.wait_all()
    _settle(app)
    # processEvents() does not run deferred deletes: without this every window measured stays
    # alive (hidden) and the next ones pay for it
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    db.close()
    return shown, exact


def _panel_only(app: QApplication) -> float:
    started = time.perf_counter()
    db = Database.open(str(PERF_DB))
    ctx = SessionContext(db, _actor(db), station.info(db), ChangeBus())
    window = QMainWindow()
    panel = DutyLogPanel(ctx)
    dock = QDockWidget("log")
    dock.setWidget(panel)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resize(*SIZE)
    window.show()
    _settle(app, lambda: panel.model.rowCount() > 0)
    window.grab()
    elapsed = time.perf_counter() - started
    window.close()
    window.deleteLater()
    worker.wait_all()
    _settle(app)
    db.close()
    return elapsed


def test_open_and_scroll_a_million_entries(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    if not PERF_DB.exists():
        pytest.skip(f"no benchmark database at {PERF_DB} (build it with `dutydesk demo --entries 1000000`)")
    QCoreApplication.setOrganizationName("DutyDeskPerf")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    empty = tmp_path / "empty.sqlite3"
    with Database.open(str(empty), create=True) as fresh:
        station.initialize(fresh, name="巍山县应急管理局", code="532927", admin="admin", password="admin-pass-1")
    # the same station content (the demo's depots, teams, incidents, rota) with its ordinary
    # 90-entry log: what the window costs when only the log's size differs
    plain = tmp_path / "demo.sqlite3"
    demo.build(str(plain)).close()
    # warm up the file cache and Qt's first-window costs for every side alike
    _bare(app)
    for path in (PERF_DB, plain, empty):
        _main_window(app, tmp_path, path, rows=path != empty)

    bare: list[float] = []
    shown: list[float] = []
    exact: list[float] = []
    on_plain: list[float] = []
    on_empty: list[float] = []
    for _ in range(REPEATS):  # interleaved, so that no side gets a quieter moment of the machine
        bare.append(_bare(app))
        a, b = _main_window(app, tmp_path)
        shown.append(a)
        exact.append(b)
        on_plain.append(_main_window(app, tmp_path, plain)[0])
        on_empty.append(_main_window(app, tmp_path, empty, rows=False)[0])
    panel_only = [_panel_only(app) for _ in range(REPEATS)]

    print()
    print(f"duty log GUI benchmark on {PERF_DB} ({REPEATS} runs each, medians)")
    print(f"  bare QMainWindow shown:                   {_median(bare) * 1000:8.1f} ms")
    print(f"  main window + duty log, first rows shown: {_median(shown) * 1000:8.1f} ms  "
          f"ratio {_median(shown) / _median(bare):6.2f}x  (target <= 1.5x)")
    print(f"  main window + duty log, row count exact:  {_median(exact) * 1000:8.1f} ms  "
          f"ratio {_median(exact) / _median(bare):6.2f}x")
    print(f"  duty log dock alone in a QMainWindow:     {_median(panel_only) * 1000:8.1f} ms  "
          f"ratio {_median(panel_only) / _median(bare):6.2f}x")
    print(f"  main window + duty log on an EMPTY log:   {_median(on_empty) * 1000:8.1f} ms  "
          f"1M-entry / empty ratio {_median(shown) / _median(on_empty):6.2f}x")
    print(f"  main window + duty log, plain demo:       {_median(on_plain) * 1000:8.1f} ms  "
          f"1M-entry / same station with a 90-entry log {_median(shown) / _median(on_plain):6.2f}x  (target <= 1.3x)")

    # scrolling and peak RSS in a fresh process, so the windows above do not count
    result = subprocess.run([sys.executable, __file__, str(PERF_DB)], capture_output=True, text=True,
                            timeout=900, env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, check=False)
    print(result.stdout, end="")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "peak RSS" in result.stdout


def scroll_to_the_end(path: Path) -> None:
    """Open the log alone, jump the scroll bar across it in 200 steps, then to the very end."""
    from app.ui import i18n

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    i18n.setup_font(app)
    db = Database.open(str(path))
    ctx = SessionContext(db, _actor(db), station.info(db), ChangeBus())
    panel = DutyLogPanel(ctx)
    panel.resize(*SIZE)
    panel.show()
    _settle(app, lambda: panel.model.exact and not panel._counting)
    total = panel.model.rowCount()
    bar = panel.table.verticalScrollBar()
    jumps: list[float] = []
    steps = 200
    for i in range(steps + 1):
        started = time.perf_counter()
        bar.setValue(bar.maximum() * i // steps)
        panel.table.viewport().repaint()
        app.processEvents()
        jumps.append(time.perf_counter() - started)
    started = time.perf_counter()
    panel.table.scrollToBottom()
    panel.table.viewport().repaint()
    app.processEvents()
    to_end = time.perf_counter() - started
    last = panel.model.entry_at(total - 1)
    rss = _rss_mb()
    print(f"  rows: {total:,}; blocks read while scrolling: {panel.model.blocks_fetched}; "
          f"blocks kept: {panel.model.cached_blocks}")
    print(f"  scroll-bar jump (fetch + paint): median {_median(jumps) * 1000:6.1f} ms, "
          f"worst {max(jumps) * 1000:6.1f} ms; to the end {to_end * 1000:6.1f} ms")
    print(f"  oldest entry at the end: {last.no if last else '?'}")
    print(f"  peak RSS of a process that opened the log and scrolled it to the end: {rss:6.1f} MB  "
          f"(target <= 300 MB)")
    panel.close()
    worker.wait_all()
    db.close()
    if last is None:
        raise SystemExit(1)


if __name__ == "__main__":
    scroll_to_the_end(Path(sys.argv[1]))
