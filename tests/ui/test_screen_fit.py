"""Screen fit (issue 8, finding 7): at 1366×768 (and 1920×1080) the main window fits, the duty
log gets most of the height, its summary column at least a third of the table's width.

Qt's offscreen screen is 800×800 in the ordinary run; these tests run in a child pytest whose
offscreen screen is configured to each size (QT_QPA_PLATFORM=offscreen:configfile=…). Every
dialog's fit is checked by the GUI robot at 1366×768 (tests/ui/robot)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QTableView

from app.ui.panels.duty_log.cells import COLUMN_INDEX

REPO = Path(__file__).resolve().parents[2]
CHILD = "DUTYDESK_SCREEN_CHILD"


def screen_env(tmp_path: Path, width: int, height: int) -> dict[str, str]:
    config = tmp_path / f"screen-{width}x{height}.json"
    config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": width, "height": height,
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    return dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}", **{CHILD: f"{width}x{height}"})


def run_child(tmp_path: Path, size: tuple[int, int], test: str) -> None:
    """Run `test` of this file in a child pytest whose offscreen screen has `size`."""
    if os.environ.get(CHILD):
        pytest.skip("the child runs the checks")
    child = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"{__file__}::{test}"],
                           env=screen_env(tmp_path, *size), capture_output=True, text=True, timeout=300,
                           cwd=str(REPO))
    assert child.returncode == 0, child.stdout[-4000:] + child.stderr[-2000:]
    assert "1 passed" in child.stdout


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_main_window_fits(tmp_path: Path, size: tuple[int, int]) -> None:
    run_child(tmp_path, size, "test_window_layout_child")


def test_window_layout_child(qtbot, make_window, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    if not os.environ.get(CHILD):
        pytest.skip("run by test_main_window_fits in a child process")
    width, height = (int(v) for v in os.environ[CHILD].split("x"))
    screen = QApplication.primaryScreen()
    assert (screen.geometry().width(), screen.geometry().height()) == (width, height)
    window = make_window()
    window.show()
    window.reset_layout()
    qtbot.wait(100)
    area = screen.availableGeometry()
    assert window.frameGeometry().width() <= area.width() and window.frameGeometry().height() <= area.height()
    dock = window.findChild(QDockWidget, "duty_log")
    assert dock is not None and dock.isVisible()
    overview = window.overview_scroll
    # the log is the work: it gets most of the height; the overview the rest
    assert dock.height() >= 0.6 * (dock.height() + overview.height()), (dock.height(), overview.height())
    table = dock.findChild(QTableView, "dutyLogTable")
    assert table is not None
    summary = table.horizontalColumnWidth(COLUMN_INDEX["summary"]) if hasattr(table, "horizontalColumnWidth") \
        else table.columnWidth(COLUMN_INDEX["summary"])
    assert summary >= table.viewport().width() / 3 - 1, (summary, table.viewport().width())
    # the user can give the overview even less room: the log then takes it
    window.resizeDocks([dock], [int(window.height() * 0.85)], Qt.Orientation.Vertical)
    qtbot.wait(50)
    assert overview.height() <= 0.25 * window.height(), overview.height()


def test_status_bar_fits_in_english(tmp_path: Path) -> None:
    run_child(tmp_path, (1366, 768), "test_status_bar_child")


def test_status_bar_child(qtbot, make_window, en_ui: None, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Every status widget shown gets its whole width; the ones that gave way are also shown
    elsewhere (title bar, overview); the work counters and warnings never give way."""
    if not os.environ.get(CHILD):
        pytest.skip("run by test_status_bar_fits_in_english in a child process")
    from datetime import UTC, datetime

    from PySide6.QtWidgets import QWidget

    from app.services import accounts, demo
    from tests.ui.conftest import context

    db = demo.build(str(tmp_path / "demo.sqlite3"))  # the demo's long labels: reports due, the shift
    actor = accounts.authenticate(db, "zhanght", "Weishan-2024")
    window = make_window(ctx=context(db, actor), now=lambda: datetime.now(UTC))
    assert window.start_maximized  # a first start on a laptop screen takes the whole screen
    window.showMaximized()
    qtbot.wait(300)
    bar = window.statusBar()
    shown = [w for w in bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
             if w.isVisible() and w.metaObject().className() != "QSizeGrip"]
    assert len(shown) >= 5, [w.objectName() for w in shown]
    cut = [(w.objectName() or w.metaObject().className(), w.width(), w.sizeHint().width())
           for w in shown if w.width() < w.sizeHint().width()]
    assert not cut, cut
    given_way = set(window.status_fit.dropped)
    assert given_way <= {window.station_label, window.account_label, window.clock}
    assert window.ctx.station.name in window.windowTitle()
    window.showNormal()
    window.resize(2400, 900)
    qtbot.wait(300)
    assert not window.status_fit.dropped or window.width() < 2400
