"""The main window's layout: full screen, the saved layout (geometry + dock state under
LAYOUT_VERSION), dock sizes, resetting the layout."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtWidgets import (
    QApplication,
)

from app.ui.window_parts import WindowParts

LAYOUT_VERSION = 2
SMALL_SCREEN_WIDTH = 1600  # at most this wide (1366, 1440 laptops): the first start is maximized
DEFAULT_SIZE = (1600, 1000)
"""The largest default window; on smaller screens most of the available area (default_size)."""
PANEL_SHARE = 0.72
"""Share of the window height the bottom/top docks (the duty log) get by default."""


class WindowLayout(WindowParts):
    """Part of `MainWindow` (see its module)."""

    # -- layout --------------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    def save_layout(self) -> None:
        state = self._locked_state if self._locked_state is not None else self.saveState(LAYOUT_VERSION)
        self.settings.setValue("layout/version", LAYOUT_VERSION)
        self.settings.setValue("layout/geometry", self.saveGeometry())
        self.settings.setValue("layout/state", state)
        self.settings.sync()

    def restore_layout(self) -> bool:
        """Restore the saved geometry and docks; False (and the default layout) when that fails."""
        s = self.settings
        try:
            version = int(str(s.value("layout/version", 0) or 0))
        except (TypeError, ValueError):
            version = 0
        geometry, state = s.value("layout/geometry"), s.value("layout/state")
        if version != LAYOUT_VERSION or not isinstance(geometry, QByteArray) or not isinstance(state, QByteArray):
            self.reset_layout(forget=False)
            self.start_maximized = self.small_screen()  # a first start on a laptop: the whole screen
            return False
        if not (self.restoreGeometry(geometry) and self.restoreState(state, LAYOUT_VERSION)):
            self.reset_layout(forget=False)
            return False
        return True

    def _size_docks(self) -> None:
        """Panels are the work: by default they get most of the window, the overview the rest."""
        width, height = self.default_size()
        vertical = [d for d in self.docks() if self.dockWidgetArea(d) in
                    (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea)]
        horizontal = [d for d in self.docks() if d not in vertical]
        if vertical:
            self.resizeDocks(vertical, [int(height * PANEL_SHARE)] * len(vertical), Qt.Orientation.Vertical)
        if horizontal:
            self.resizeDocks(horizontal, [int(width * 0.4)] * len(horizontal), Qt.Orientation.Horizontal)

    start_maximized = False

    def small_screen(self) -> bool:
        """A laptop-sized screen (1366×768, 1440×900): the window is best maximized."""
        screen = self.screen() or QApplication.primaryScreen()
        return screen is not None and screen.availableGeometry().width() <= SMALL_SCREEN_WIDTH

    def default_size(self) -> tuple[int, int]:
        """Most of the screen (90 %), at most DEFAULT_SIZE."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        area = screen.availableGeometry()
        return min(DEFAULT_SIZE[0], int(area.width() * 0.9)), min(DEFAULT_SIZE[1], int(area.height() * 0.9))

    def reset_layout(self, *, forget: bool = True) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.full_screen_action.setChecked(False)
        if not self._default_state.isEmpty():
            self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.docks():
            dock.setFloating(False)
            dock.show()
        screen = self.screen() or QApplication.primaryScreen()
        self.resize(*self.default_size())
        if screen is not None:
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())
        self._size_docks()
        if forget:
            for key in ("layout/geometry", "layout/state"):
                self.settings.remove(key)
