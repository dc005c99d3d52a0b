"""The database stops answering while the window is open: one red label, no box per timer tick;
when it answers again the label goes and the panels reload."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.errors import DatabaseError
from app.storage import live
from app.ui import application
from app.ui.main_window import MainWindow


def boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.mark.qt_no_exception_capture
def test_a_failing_timer_shows_one_label_then_recovers(qtbot: Any, make_window: Callable[..., MainWindow],
                                                       monkeypatch: pytest.MonkeyPatch, zh_ui: None) -> None:
    monkeypatch.setattr(sys, "excepthook", application.report_bug)  # as `dutydesk gui` runs
    window = make_window()
    window.show()
    trouble = window.db_trouble
    assert not trouble.label.isVisible()
    real_read = window.ctx.db.read

    def down() -> Any:
        raise DatabaseError("db.cannot_open", detail="connection refused")

    monkeypatch.setattr(window.ctx.db, "read", down)
    ticks = [p.panel.tick for p in window._panels if hasattr(p.panel, "tick")]
    assert ticks, "no panel has a countdown tick"
    for _ in range(3):  # the panels' timers fire while the database is down
        for tick in ticks:
            QTimer.singleShot(0, tick)
    qtbot.waitUntil(lambda: trouble.reports >= 3)
    qtbot.wait(100)
    assert trouble.label.isVisible() and not boxes()
    assert "重试" in trouble.label.text()
    trouble.probe()  # still down: still shown
    assert trouble.label.isVisible() and trouble.timer.isActive()

    reloads: list[Any] = []
    window.bus.changes_applied.connect(reloads.append)
    monkeypatch.setattr(window.ctx.db, "read", real_read)
    trouble.probe()
    assert not trouble.label.isVisible() and not trouble.timer.isActive()
    assert reloads and live.ALL in reloads[-1]


def test_other_errors_still_reach_the_bug_box(qtbot: Any, make_window: Callable[..., MainWindow],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window()
    window.show()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.objectName()) or 0)
    application.report_bug(RuntimeError, RuntimeError("a bug"), None)
    assert shown == ["bugReport"] and not window.db_trouble.label.isVisible()
