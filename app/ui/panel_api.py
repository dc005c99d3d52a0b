"""The contract between the main window and the dock panels.

A panel lives in `app/ui/panels/<name>/panel.py` and exposes `SPEC = PanelSpec(...)`. The main
window discovers the specs, creates each panel with the `SessionContext` once someone has
signed in, wraps it in a QDockWidget (object name = `spec.panel_id`, so saved layouts restore),
adds its toggle to View, its `menu_actions()` to the menu its spec names, and calls
`on_changes()` whenever any service call anywhere in the program changed data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QStatusBar, QWidget

from app.services.accounts import Actor
from app.services.station import StationInfo
from app.storage.changes import Changes
from app.storage.engine import Database


@dataclass(frozen=True)
class RecordRef:
    """A record some panel shows: `panel` is the owning panel's `panel_id` (e.g. "duty_log"),
    `kind` what the record is within it (e.g. "entry", "incident", "unit", "movement"), `key` its id."""

    panel: str
    kind: str
    key: str


class ChangeBus(QObject):
    """One per window: every service result that changed data is broadcast here.

    Panels never import each other; they talk through the bus: `select_requested(RecordRef)`
    asks the panel that owns the record to show and select it (the window raises its dock);
    `period_requested(start_ms, end_ms)` asks panels that list records by time (the duty log)
    to filter to that period (UTC ms; `end_ms` exclusive).
    """

    changes_applied = Signal(object)  # Changes
    status_message = Signal(str)  # a short message for the status bar
    select_requested = Signal(object)  # RecordRef
    period_requested = Signal(object, object)  # start_ms, end_ms (ints; Python ints may exceed 32 bits)

    def publish(self, changes: Changes) -> None:
        if changes:
            self.changes_applied.emit(changes)


@dataclass
class SessionContext:
    """What a panel may use: the database, who is signed in, the station, the bus."""

    db: Database
    actor: Actor
    station: StationInfo
    bus: ChangeBus
    language: str = "zh_CN"
    defer_hidden_loads: bool = False
    """Set by the main window: a panel behind another tab loads when first shown (LoadWhenShown)."""


class LoadWhenShown(QObject):
    """A panel's load that waits while the panel is not seen (a tab behind another at start):
    the window's first paint costs only what is seen. A change while unseen marks it stale; the
    next time it is seen it loads. `ensure()` loads now (a record selected from another panel).

    Seen: in a dock, the dock's `visibilityChanged(True)` (Qt keeps tabs behind the current one
    "visible" but out of view, so Show events say nothing); elsewhere, the widget's Show event."""

    def __init__(self, widget: QWidget, load: Callable[[], None], *, defer: bool) -> None:
        super().__init__(widget)
        self.widget = widget
        self._load = load
        self.stale = False
        self.seen = not defer
        self.loads = 0
        self._dock: QDockWidget | None = None
        widget.installEventFilter(self)
        if defer:
            self.stale = True
        else:
            self.run()

    def run(self) -> None:
        self.stale = False
        self.loads += 1
        self._load()

    def request(self) -> None:
        """Something changed: load now if seen, else when next seen."""
        if self.seen and self.widget.isVisible():
            self.run()
        else:
            self.stale = True

    def ensure(self) -> None:
        if self.stale:
            self.run()

    def _seen(self, visible: bool) -> None:
        self.seen = visible
        if visible and self.stale:
            self.run()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget:
            if event.type() == QEvent.Type.ParentChange:
                dock = self.widget.parentWidget()
                if isinstance(dock, QDockWidget) and dock is not self._dock:
                    self._dock = dock
                    dock.visibilityChanged.connect(self._seen)
            elif event.type() == QEvent.Type.Show and self._dock is None:
                self._seen(True)
            elif event.type() == QEvent.Type.Hide and self._dock is None:
                self.seen = False
        return False


class Panel(QWidget):
    """Base class of a dock panel's main widget."""

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        ctx.bus.changes_applied.connect(self.on_changes)

    def on_changes(self, changes: Changes) -> None:  # pragma: no cover - overridden
        """Refresh what `changes` touched (cheaply: check `"table" in changes`)."""

    def menu_actions(self) -> list[QAction]:
        """Actions for the panel's menu (with shortcuts); every action reachable from a menu."""
        return []

    def status_widgets(self) -> list[QWidget]:
        """Permanent widgets for the status bar (e.g. a live count of open items)."""
        return []


@dataclass(frozen=True)
class PanelSpec:
    panel_id: str
    """Stable object name (saved layouts use it), e.g. 'duty_log'."""
    title: Callable[[], str]
    """Translated title, called after the translator is installed."""
    create: Callable[[SessionContext], Panel]
    area: Qt.DockWidgetArea = Qt.DockWidgetArea.LeftDockWidgetArea
    order: int = 100
    menu_title: Callable[[], str] | None = None
    """Title of the top-level menu for `menu_actions()` (None: the Edit menu)."""


class WindowApi(Protocol):
    """What `install(window)` in an `app/ui/dialogs/<area>/` module may use (app/ui/main_window.py).

    `ctx` is the same object for the window's life; `ctx.actor` changes at sign-out / sign-in
    (the window then emits `session_changed(actor)`).
    """

    ctx: SessionContext
    bus: ChangeBus

    def menu(self, name: str) -> QMenu:
        """"file", "edit", "view", "tools" or "help"."""
        ...

    def add_menu(self, title: str) -> QMenu:
        """A top-level menu before Help (the same one again for the same title)."""
        ...

    def run_service(self, call: Callable[..., Any], *args: Any, parent: QWidget | None = None,
                    **kwargs: Any) -> Any:
        """Call a service; publish its Changes on the bus; show a UserError (then return None)."""
        ...

    def statusBar(self) -> QStatusBar: ...
