"""When the database stops answering (the PostgreSQL server is down, the network cable is out, the
shared folder vanished), the window says so once — a red label in the status bar, with the
reason — instead of a message box per panel timer. It asks the database again every few seconds;
when it answers, the label goes and every panel reloads.

Panels need do nothing: a `DatabaseError` that escapes a slot (a countdown tick, a refresh)
reaches the program's exception hook (app/ui/application.py), which hands it here.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow
from sqlalchemy import text

from app.errors import DatabaseError, UserError
from app.storage import live
from app.storage.engine import Database
from app.ui.panel_api import ChangeBus

log = logging.getLogger(__name__)
PROBE_MS = 5000


class DatabaseTrouble(QObject):
    """One per main window."""

    def __init__(self, window: QMainWindow, db: Database, bus: ChangeBus) -> None:
        super().__init__(window)
        self.window = window
        self.db = db
        self.bus = bus
        self.reason = ""
        self.reports = 0
        self.label = QLabel()
        self.label.setObjectName("databaseTrouble")
        self.label.setStyleSheet("QLabel { color: white; background: #b00020; padding: 1px 6px; }")
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(self)
        self.timer.setInterval(PROBE_MS)
        self.timer.timeout.connect(self.probe)

    @property
    def troubled(self) -> bool:
        return bool(self.reason)

    def report(self, error: DatabaseError) -> None:
        """A refresh failed because the database did not answer: say it (once), keep asking."""
        self.reports += 1
        reason = error.message if isinstance(error, UserError) else str(error)
        if reason != self.reason:
            log.warning("database unreachable: %s", reason)
        self.reason = reason
        self.label.setText(QCoreApplication.translate(
            "DatabaseTrouble", "Database not answering — retrying every %n s", "", PROBE_MS // 1000))
        self.label.setToolTip(reason)
        self.label.show()
        self.window.statusBar().showMessage(reason, PROBE_MS)
        if not self.timer.isActive():
            self.timer.start()

    def probe(self) -> None:
        try:
            with self.db.read() as conn:
                conn.execute(text("SELECT 1"))
        except DatabaseError as error:
            self.reason = error.message
            self.label.setToolTip(self.reason)
            return
        self.timer.stop()
        self.reason = ""
        self.label.hide()
        log.warning("database answering again")
        self.window.statusBar().showMessage(QCoreApplication.translate(
            "DatabaseTrouble", "The database answers again; the panels were reloaded."), 8000)
        self.bus.changes_applied.emit(live.reload_everything())

    def stop(self) -> None:
        self.timer.stop()
