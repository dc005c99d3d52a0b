"""The status bar keeps to its width (a 1366 px laptop, English labels): when its permanent
widgets do not all fit, the ones whose content is shown elsewhere give way first — the station
(in the title bar and the overview), the account (in the title bar), the clock (in the overview)
— each with a priority (`status_priority`, lower gives way first). What remains too wide is cut
with "…", its whole text in the tooltip, never clipped mid-character.

Widgets hidden by someone else (the lock screen hides the panels' counters) are left alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QStatusBar, QWidget

PRIORITY = "status_priority"  # int property; widgets without it never give way
SPACING = 6
RESERVE = 48  # the size grip and some room for a temporary message


def give_way(widget: QWidget, priority: int) -> None:
    """Mark a permanent status widget as one that may be hidden when room is short."""
    widget.setProperty(PRIORITY, priority)


class StatusFit(QObject):
    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.bar = bar
        self.dropped: list[QWidget] = []
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.setInterval(0)
        self._pending.timeout.connect(self.fit)
        bar.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.bar and event.type() in (QEvent.Type.Resize, QEvent.Type.LayoutRequest,
                                                     QEvent.Type.ChildAdded):
            self._pending.start()
        return False

    def widgets(self) -> list[QWidget]:
        return [w for w in self.bar.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                if w.isWindow() is False and w.objectName() != "qt_statusbar_sizegrip"
                and (not w.isHidden() or w in self.dropped) and w.metaObject().className() != "QSizeGrip"
                and w.parentWidget() is self.bar]

    def needed(self, widgets: list[QWidget]) -> int:
        return sum(_natural_width(w) + SPACING for w in widgets)

    def fit(self) -> None:
        if not self.bar.isVisible():
            return
        room = self.bar.width() - RESERVE
        shown = [w for w in self.widgets() if w not in self.dropped]
        # take back what fits again, the most important first
        for widget in sorted(self.dropped, key=_priority, reverse=True):
            if self.needed(shown) + _natural_width(widget) + SPACING <= room:
                self.dropped.remove(widget)
                widget.show()
                shown.append(widget)
        optional = sorted((w for w in shown if w.property(PRIORITY) is not None), key=_priority)
        while self.needed(shown) > room and optional:
            widget = optional.pop(0)
            widget.hide()
            self.dropped.append(widget)
            shown.remove(widget)


def _priority(widget: QWidget) -> int:
    value = widget.property(PRIORITY)
    return int(value) if value is not None else 1_000_000


def _natural_width(widget: QWidget) -> int:
    return widget.sizeHint().width()
