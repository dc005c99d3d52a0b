"""Automatic lock after idle time: an event filter on the QApplication notes every keyboard,
mouse, wheel and touch event; a QTimer looks every few seconds whether the station's idle time
(`dutydesk desktop --idle-lock MIN`, default 15 min, 0 = off) has passed since the last one and
then locks the window exactly as Ctrl+L does.

Only input to DutyDesk's own windows counts (the program cannot see other programs' input).
A modal dialog left open (a half-typed entry) stays as it is — closing it would lose what was
typed — and the window under it is locked; when the dialog closes, the lock screen is there.
The clock is injectable (`clock`, seconds, monotonic) so tests move time without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

INPUT_EVENTS = frozenset({
    QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick, QEvent.Type.MouseMove, QEvent.Type.Wheel, QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate, QEvent.Type.TabletPress, QEvent.Type.TabletMove, QEvent.Type.InputMethod,
    QEvent.Type.ShortcutOverride,
})
CHECK_INTERVAL_MS = 10_000


class IdleLock(QObject):
    """Calls `lock()` once `minutes()` minutes pass without input (while `can_lock()` holds)."""

    def __init__(self, app: QCoreApplication, *, lock: Callable[[], None], can_lock: Callable[[], bool],
                 minutes: Callable[[], int], clock: Callable[[], float] = time.monotonic,
                 interval_ms: int = CHECK_INTERVAL_MS) -> None:
        super().__init__(app)
        self._app = app
        self._lock = lock
        self._can_lock = can_lock
        self._minutes = minutes
        self._clock = clock
        self.last_input = clock()
        self.input_events = 0
        """How many input events were seen (tests and diagnostics)."""
        self.locks = 0
        self.timer = QTimer(self)
        self.timer.setObjectName("idleLockTimer")
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.check)
        app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self.input_events += 1
            self.last_input = self._clock()
        return False  # only watches; every event goes on to its widget

    def idle_seconds(self) -> float:
        return max(0.0, self._clock() - self.last_input)

    def check(self) -> bool:
        """Lock now if the idle time has passed; True when it locked."""
        minutes = self._minutes()
        if minutes <= 0 or not self._can_lock():
            return False
        if self.idle_seconds() < minutes * 60:
            return False
        self._lock()
        self.locks += 1
        self.last_input = self._clock()  # locked: the next lock counts from the unlock's input
        return True

    def stop(self) -> None:
        self.timer.stop()
        self._app.removeEventFilter(self)
