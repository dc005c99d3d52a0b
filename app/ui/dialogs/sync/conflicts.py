"""Tools → Conflicts…: field edits that lost without being seen, quarantined operations, and
operations from stations whose clock was far ahead. A field conflict is settled by keeping the
current value or taking the other one (a new edit made having seen both)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app import formatting
from app.clock import ms_to_datetime
from app.errors import UserError
from app.storage.changes import Changes
from app.sync import conflicts
from app.ui.panel_api import SessionContext
from app.ui.screen_fit import fit_to_screen


def _when(ms: int) -> str:
    return formatting.datetime_text(ms_to_datetime(ms)) if ms else ""


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(value))


class ConflictsDialog(QDialog):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncConflictsDialog")
        self.setWindowTitle(self.tr("Conflicts"))
        self.ctx = ctx
        self.changes = Changes()
        self.fields = _table([self.tr("Record"), self.tr("Field"), self.tr("Current value"), self.tr("By"),
                              self.tr("Time"), self.tr("Other value"), self.tr("By"), self.tr("Time")],
                             "syncFieldConflicts")
        self.quarantine = _table([self.tr("Station"), self.tr("Replica"), self.tr("No."), self.tr("Kind"),
                                  self.tr("Author"), self.tr("Reason"), self.tr("Found")], "syncQuarantine")
        self.clock = _table([self.tr("Station"), self.tr("Operation"), self.tr("Minutes ahead"), self.tr("Flagged")],
                            "syncClockFlags")
        self.keep_button = QPushButton(self.tr("Keep current value"))
        self.keep_button.setObjectName("syncKeepWinner")
        self.take_button = QPushButton(self.tr("Use the other value"))
        self.take_button.setObjectName("syncTakeLoser")
        self.keep_button.clicked.connect(lambda: self.resolve("winner"))
        self.take_button.clicked.connect(lambda: self.resolve("loser"))
        field_page = QWidget()
        field_layout = QVBoxLayout(field_page)
        field_layout.addWidget(self.fields, 1)
        row = QHBoxLayout()
        row.addWidget(self.keep_button)
        row.addWidget(self.take_button)
        row.addStretch(1)
        field_layout.addLayout(row)
        self.tabs = QTabWidget()
        self.tabs.addTab(field_page, self.tr("Field edits"))
        self.tabs.addTab(self.quarantine, self.tr("Quarantined operations"))
        self.tabs.addTab(self.clock, self.tr("Clock far ahead"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(close)
        fit_to_screen(self, 900, 440)
        self.refresh()

    def refresh(self) -> None:
        self.view = conflicts.load(self.ctx.db)
        names = self.view.station_names
        _fill(self.fields, [
            [f"{conflicts.entity_label(c.entity)} {c.key}", conflicts.field_label(c.entity, c.field),
             conflicts.describe_value(c.winner_value), c.winner_author,
             _when(c.winner_ms), conflicts.describe_value(c.loser_value), c.loser_author, _when(c.loser_ms)]
            for c in self.view.fields
        ])
        reasons = {"op_id": self.tr("same id, other content"), "seq": self.tr("same number, other content"),
                   "follows": self.tr("follows a quarantined operation"), "own": self.tr("claims this computer's own log")}
        _fill(self.quarantine, [
            [names.get(q.station_id, q.station_id[:8]), q.replica_id[:8], str(q.seq), q.kind, q.author,
             reasons.get(q.reason, q.reason), _when(q.found_ms)]
            for q in self.view.quarantined
        ])
        _fill(self.clock, [
            [names.get(f.station_id, f.station_id[:8]), f.op_id[:8], str(f.ahead_minutes), _when(f.flagged_ms)]
            for f in self.view.clock
        ])
        self.tabs.setTabText(0, self.tr("Field edits (%1)").replace("%1", str(len(self.view.fields))))
        self.tabs.setTabText(1, self.tr("Quarantined operations (%1)").replace("%1", str(len(self.view.quarantined))))
        self.tabs.setTabText(2, self.tr("Clock far ahead (%1)").replace("%1", str(len(self.view.clock))))

    def resolve(self, keep: str, row: int | None = None) -> bool:
        if row is None:
            rows = self.fields.selectionModel().selectedRows()
            if not rows:
                return False
            row = rows[0].row()
        try:
            changes = conflicts.resolve(self.ctx.db, self.ctx.actor, self.view.fields[row], keep)
        except UserError as error:
            QMessageBox.warning(self, self.tr("Conflicts"), error.message)
            return False
        self.changes.merge(changes)
        self.ctx.bus.publish(changes)
        self.refresh()
        return True
