"""Panels behind another tab load when first seen, not before the window's first paint; a change
while unseen is loaded when the tab is raised; a record selected from elsewhere loads at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDockWidget

from app.storage.changes import Changes
from app.ui.main_window import MainWindow
from app.ui.panel_api import RecordRef


def loader_of(window: MainWindow, panel_id: str) -> Any:
    panel = next(p.panel for p in window.panels() if p.spec.panel_id == panel_id)
    return panel.loader  # type: ignore[attr-defined]


def test_tabs_behind_load_when_raised(qtbot: Any, make_window: Callable[..., MainWindow], zh_ui: None) -> None:
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    supplies, rosters = loader_of(window, "supplies"), loader_of(window, "rosters")
    assert window.findChild(QDockWidget, "duty_log").visibleRegion().isEmpty() is False
    assert supplies.loads == 0 and rosters.loads == 0 and supplies.stale
    window.findChild(QDockWidget, "supplies").raise_()
    qtbot.waitUntil(lambda: supplies.loads == 1)
    assert rosters.loads == 0
    changes = Changes()
    changes.touch("stock_item")
    window.bus.changes_applied.emit(changes)  # seen: reloads now
    assert supplies.loads == 2
    window.findChild(QDockWidget, "duty_log").raise_()
    qtbot.waitUntil(lambda: not supplies.seen)
    window.bus.changes_applied.emit(changes)  # unseen: only marked
    assert supplies.loads == 2 and supplies.stale
    window.findChild(QDockWidget, "supplies").raise_()
    qtbot.waitUntil(lambda: supplies.loads == 3)
    window.findChild(QDockWidget, "duty_log").raise_()
    window.bus.select_requested.emit(RecordRef("rosters", "unit", "no-such-unit"))
    assert rosters.loads == 1  # loaded before it looks for the record
