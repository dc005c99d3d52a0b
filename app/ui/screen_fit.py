"""Windows that fit the screen they open on (a 1366×768 office laptop leaves ~1366×728).

`fit_to_screen(widget, w, h)` gives a dialog its preferred size, or what the available screen
area allows, and centres it there; the dialog's layout must then cope (scroll areas, splitters).
`fits(widget)` is what the screen-fit tests assert for every dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

MARGIN = 0.94
"""Share of the available area a dialog may take (window frames and the taskbar need the rest)."""


def available(widget: QWidget | None = None) -> QRect:
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def limit(widget: QWidget | None = None) -> tuple[int, int]:
    area = available(widget)
    return int(area.width() * MARGIN), int(area.height() * MARGIN)


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to (width, height) or the most the screen allows; never below the minimum size hint."""
    max_w, max_h = limit(widget)
    widget.resize(min(width, max_w), min(height, max_h))


def fits(widget: QWidget) -> bool:
    """True when the window's size and its minimum size fit the available screen area."""
    area = available(widget)
    size, minimum = widget.size(), widget.minimumSizeHint()
    return (size.width() <= area.width() and size.height() <= area.height()
            and minimum.width() <= area.width() and minimum.height() <= area.height())
