"""Live refresh in the window: changes other seats (or another program on the same file)
commit reach this window's panels through `ChangeBus.changes_applied` within about a second.

A daemon thread waits on app/storage/live.py's `Feed` (PostgreSQL LISTEN/NOTIFY, SQLite
`PRAGMA data_version`) and queues what arrives; a timer in the GUI thread takes it from the
queue and publishes it on the bus (no Qt object is touched from the thread). Changes naming
every table mean "reload everything" (after a reconnect, or from SQLite). Turned off with
DUTYDESK_LIVE_REFRESH=0.
"""

from __future__ import annotations

import os
import queue
import threading
from typing import Any

from PySide6.QtCore import QObject, QTimer

from app.storage import live
from app.storage.changes import Changes

DRAIN_MS = 150
WAIT_S = 0.5


class LiveRefresh(QObject):
    """One per window; stops with it."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        db = window.ctx.db
        self.feed = live.Feed(db.url, db.origin, db.own_ops)
        self.inbox: queue.SimpleQueue[Changes] = queue.SimpleQueue()
        self.stop_event = threading.Event()
        self.received = 0
        self._worker = threading.Thread(target=self._run, name="dutydesk-live-refresh", daemon=True)
        self.timer = QTimer(self)
        self.timer.setInterval(DRAIN_MS)
        self.timer.timeout.connect(self.drain)
        self.timer.start()
        self.destroyed.connect(self.stop_event.set)
        closed = getattr(window, "closed", None)
        if closed is not None:  # a closed window no longer reloads its panels on others' changes
            closed.connect(self.stop)
        self._worker.start()

    def _run(self) -> None:
        stop = self.stop_event
        try:
            while not stop.is_set():
                found = self.feed.wait(WAIT_S)
                if found and not stop.is_set():
                    self.inbox.put(found)
        finally:
            self.feed.close()

    def drain(self) -> None:
        merged: Changes | None = None
        while True:
            try:
                item = self.inbox.get_nowait()
            except queue.Empty:
                break
            if merged is None:
                merged = Changes()
            merged.merge(item)
        if merged:
            self.received += 1
            self.window.bus.publish(merged)

    def stop(self) -> None:
        self.stop_event.set()
        self.timer.stop()


def attach(window: Any) -> LiveRefresh | None:
    if os.environ.get("DUTYDESK_LIVE_REFRESH", "1") == "0":
        return None
    refresher = LiveRefresh(window)
    window.live_refresh = refresher
    return refresher
