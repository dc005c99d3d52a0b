"""Python's cyclic garbage collector runs only from a timer at the top of the event loop.

Left automatic, a collection starts at whatever allocation crosses the threshold — for example
inside the application-wide event filter of `idle_lock.py`, which Qt calls for every event while
it is dispatching one. A collected cycle holding a Qt object (a dialog nobody refers to any more)
then deletes that object in the middle of Qt delivering an event to it: a crash (seen under the
GUI robot). With automatic collection off, a 1 s QTimer collects the generations whose counts are
over the usual thresholds, between events, where deleting any widget is safe. (pyqtgraph
recommends the same for the same reason.) Reference counting frees everything else at once.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


def collect_due(thresholds: tuple[int, int, int]) -> bool:
    """Collect the generations whose counts are over the thresholds (what the automatic collector
    would have done by now), here and now; True when it collected."""
    first, second, third = gc.get_count()
    if first <= thresholds[0]:
        return False
    generation = 0
    if second > thresholds[1]:
        generation = 2 if third > thresholds[2] else 1
    gc.collect(generation)
    return True


class GcTimer(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 1000) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.collections = 0
        self.timer = QTimer(self)
        self.timer.setObjectName("gcTimer")
        self.timer.timeout.connect(self.check)
        self.timer.start(interval_ms)

    def check(self) -> None:
        if collect_due(self.thresholds):
            self.collections += 1

    def stop(self) -> None:
        self.timer.stop()
        if self.was_enabled:
            gc.enable()
