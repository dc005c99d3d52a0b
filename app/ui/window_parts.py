"""What the parts of the main window (`window_session`, `window_layout`) may use of the window
they are mixed into (`main_window.MainWindow` builds these and defines these methods).

Only for the type checker: at run time the parts are plain classes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QSettings, SignalInstance
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QMenu, QScrollArea, QStackedWidget, QWidget

from app.services.accounts import Actor
from app.ui.dialogs.lock_screen import LockScreen
from app.ui.panel_api import ChangeBus, SessionContext
from app.ui.panel_host import LoadedPanel
from app.ui.widgets.clock import Now, StationClock
from app.ui.widgets.overview import DutyOverview

if TYPE_CHECKING:
    _Base = QMainWindow
else:
    _Base = object


class WindowParts(_Base):
    if TYPE_CHECKING:
        session_changed: SignalInstance
        ctx: SessionContext
        bus: ChangeBus
        settings: QSettings
        _now: Now
        _sign_in: Callable[[Any], Actor | None] | None
        _warnings: list[str]
        _panels: list[LoadedPanel]
        _menus: dict[str, QMenu]
        _default_state: QByteArray
        _locked_state: QByteArray | None
        _signed_in: bool
        _closing_after_sign_out: bool
        _disabled_by_lock: list[QAction]
        _hidden_by_lock: list[QWidget]
        _status_disabled_by_lock: list[QWidget]
        overview: DutyOverview
        lock_screen: LockScreen
        overview_scroll: QScrollArea
        stack: QStackedWidget
        clock: StationClock
        accounts_action: QAction
        full_screen_action: QAction
        station_label: QLabel
        account_label: QLabel

        def _refresh_session_labels(self) -> None: ...
        def docks(self) -> list[QDockWidget]: ...
        def _build_panels(self) -> None: ...
        def _tear_down_panels(self) -> None: ...
        def run_service(self, call: Callable[..., Any], *args: Any, parent: QWidget | None = None,
                        **kwargs: Any) -> Any: ...
        def save_layout(self) -> None: ...
        def restore_layout(self) -> bool: ...
