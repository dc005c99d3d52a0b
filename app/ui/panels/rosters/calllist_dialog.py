"""The call list window: the ordered people and numbers of a township or of the selected units,
print to A4 PDF, and roll-call mode — Enter records "answered" (with the time) and moves to the
next person, N "no answer", U "unreachable"; every answer is an operation."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clock import ms_to_datetime
from app.errors import UserError
from app.reports import calllist as calllist_pdf
from app.services.rosters import calllist, common
from app.storage.changes import Changes
from app.ui.panel_api import SessionContext

ROLES = {**common.MEMBER_ROLES, **common.POST_ROLES}


class CallTable(QTableWidget):
    """Keys of roll-call mode go to the dialog."""

    def __init__(self, owner: CallListDialog) -> None:
        super().__init__(0, 5)
        self.owner = owner

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.owner.roll_id and self.owner.roll_key(event):
            return
        super().keyPressEvent(event)


class CallListDialog(QDialog):
    def __init__(self, ctx: SessionContext, townships: list[str], unit_ids: list[str], township: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterCallList")
        self.ctx = ctx
        self.unit_ids = unit_ids
        self.roll_id = ""
        self.calls: calllist.CallList | None = None
        self.changes = Changes()
        self.setWindowTitle(self.tr("Call list"))
        self.resize(900, 600)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Township")))
        self.township = QComboBox()
        self.township.setObjectName("callTownship")
        self.township.addItem(self.tr("(selected units)") if unit_ids else "", "")
        for t in townships:
            self.township.addItem(t, t)
        if township:
            self.township.setCurrentIndex(self.township.findData(township))
        self.township.currentIndexChanged.connect(self.reload)
        top.addWidget(self.township)
        top.addStretch(1)
        self.print_button = QPushButton(self.tr("Print PDF…"))
        self.print_button.setObjectName("callPrint")
        self.print_button.clicked.connect(self.print_dialog)
        self.roll_button = QPushButton(self.tr("Start roll call"))
        self.roll_button.setObjectName("callRoll")
        self.roll_button.clicked.connect(self.start_roll)
        top.addWidget(self.print_button)
        top.addWidget(self.roll_button)
        layout.addLayout(top)
        self.hint = QLabel()
        self.hint.setObjectName("callHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.table = CallTable(self)
        self.table.setObjectName("callTable")
        self.table.setHorizontalHeaderLabels([self.tr("Unit / post"), self.tr("Name"), self.tr("Role"),
                                              self.tr("Phones (in call order)"), self.tr("Answered")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        town = self.township.currentData() or ""
        try:
            self.calls = calllist.build(self.ctx.db, township=town, units_=[] if town else self.unit_ids)
        except UserError as error:
            self.calls = None
            self.table.setRowCount(0)
            self.hint.setText(error.message)
            return
        entries = self.calls.entries
        self.table.setRowCount(len(entries))
        for n, e in enumerate(entries):
            phones = "  /  ".join(x["number"] for x in e.numbers) or self.tr("no callable number")
            if e.skipped:
                phones += "  " + self.tr("(%1 skipped: invalid / do not call)").replace("%1", str(e.skipped))
            for col, value in enumerate((e.section, e.name, common.label(e.role, ROLES), phones, "")):
                self.table.setItem(n, col, QTableWidgetItem(value))
        self.hint.setText(self.tr("%1 people. Call the first number, then the next if nobody answers.")
                          .replace("%1", str(len(entries))))
        if entries:
            self.table.selectRow(0)

    def print_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Print call list"), "呼叫名单.pdf", "PDF (*.pdf)")
        if path:
            self.print_to(Path(path))

    def print_to(self, path: Path) -> int:
        if self.calls is None:
            return 0
        try:
            pages = calllist_pdf.write(self.calls.to_json(), path, station=self.ctx.station.name,
                                       zone=self.ctx.station.zone, roles=ROLES)
        except UserError as error:
            self.hint.setText(error.message)
            return 0
        self.hint.setText(self.tr("Written: %1 (%2 pages)").replace("%1", str(path)).replace("%2", str(pages)))
        return pages

    # -- roll call ---------------------------------------------------------------------------------

    def start_roll(self) -> bool:
        if self.calls is None:
            return False
        try:
            self.roll_id, changes = calllist.start_roll(self.ctx.db, self.ctx.actor, self.calls)
        except UserError as error:
            self.hint.setText(error.message)
            return False
        self.changes.merge(changes)
        self.ctx.bus.publish(changes)
        self.roll_button.setEnabled(False)
        self.hint.setText(self.tr("Roll call: Enter = answered, N = no answer, U = unreachable. Each answer is "
                                  "recorded with its time."))
        self.table.setFocus()
        self.table.selectRow(0)
        return True

    def roll_key(self, event: QKeyEvent) -> bool:
        keys = {Qt.Key.Key_Return: "answered", Qt.Key.Key_Enter: "answered", Qt.Key.Key_N: "no_answer",
                Qt.Key.Key_U: "unreachable"}
        outcome = keys.get(Qt.Key(event.key()))
        if outcome is None:
            return False
        self.record(self.table.currentRow(), outcome)
        return True

    def record(self, row: int, outcome: str) -> bool:
        if self.calls is None or not 0 <= row < len(self.calls.entries):
            return False
        entry = self.calls.entries[row]
        if not entry.person_id:
            self.table.selectRow(row + 1)
            return False
        phone = entry.numbers[0]["id"] if entry.numbers else ""
        try:
            changes = calllist.answer(self.ctx.db, self.ctx.actor, self.roll_id, entry.person_id, outcome, phone)
        except UserError as error:
            self.hint.setText(error.message)
            return False
        self.changes.merge(changes)
        self.ctx.bus.publish(changes)
        state = calllist.roll_state(self.ctx.db, self.roll_id).get(entry.person_id, {})
        when = ms_to_datetime(state.get("at_ms", 0)).astimezone(self.ctx.station.zone).strftime("%H:%M:%S")
        word = common.label(outcome, calllist.OUTCOMES)
        item = QTableWidgetItem(f"{word} {when}")
        item.setForeground(Qt.GlobalColor.darkGreen if outcome == "answered" else Qt.GlobalColor.red)
        self.table.setItem(row, 4, item)
        if row + 1 < self.table.rowCount():
            self.table.selectRow(row + 1)
        return True
