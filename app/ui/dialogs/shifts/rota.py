"""Shift → Duty rota (值班表): the month view; plan a slot (pick, or drag a person from the list
onto a day), record a swap, print, export.

One row per shift slot of the month: date, weekday, shift, leader on duty, shift lead,
operators and remarks (warnings: no leader, too few people; swaps with who asked and who
approved). Rows with warnings are tinted. Planning needs a leader, a shift lead or an admin;
double-booking is refused with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QByteArray, QCoreApplication, QMimeData, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.clock import ms_to_datetime
from app.errors import UserError
from app.reports import rota_sheet, xlsx
from app.services import accounts, roles
from app.services.accounts import AccountInfo
from app.services.shifts import Composition, rota
from app.services.shifts.rota import RotaRow
from app.ui import file_dialogs
from app.ui.dialogs.shifts.slot_edit import SlotDialog, SwapDialog
from app.ui.panel_api import SessionContext
from app.ui.screen_fit import fit_to_screen

WARN = QColor("#fff2cc")
PERSON_MIME = "application/x-dutydesk-username"


class PeopleList(QListWidget):
    """The station's people, dragged onto a day of the rota to put them on that shift."""

    def __init__(self, people: list[AccountInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotaPeople")
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        for info in people:
            if {roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER} & set(info.roles):
                item = QListWidgetItem(f"{info.display_name}（{roles.labels(list(info.roles))}）")
                item.setData(Qt.ItemDataRole.UserRole, info.username)
                self.addItem(item)

    def mimeData(self, items: Sequence[QListWidgetItem]) -> QMimeData:
        data = QMimeData()
        if items:
            data.setData(PERSON_MIME, QByteArray(str(items[0].data(Qt.ItemDataRole.UserRole)).encode()))
        return data

    def mimeTypes(self) -> list[str]:
        return [PERSON_MIME]


class RotaTable(QTableWidget):
    """The month's table; a person dropped on a row is put on that shift."""

    person_dropped = Signal(int, str)

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None) -> None:
        super().__init__(rows, columns, parent)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(PERSON_MIME):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(PERSON_MIME) and self.rowAt(event.position().toPoint().y()) >= 0:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        row = self.rowAt(event.position().toPoint().y())
        if not event.mimeData().hasFormat(PERSON_MIME) or row < 0:
            event.ignore()
            return
        username = bytes(event.mimeData().data(PERSON_MIME).data()).decode()
        event.acceptProposedAction()
        self.person_dropped.emit(row, username)



class RotaDialog(QDialog):
    COLUMNS = ("date", "weekday", "shift", "leader", "lead", "operators", "remarks")

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None, *, month: tuple[int, int] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotaDialog")
        self.setWindowTitle(self.tr("Duty rota"))
        self.ctx = ctx
        self.lang = "zh_CN" if messages.language() == "zh_CN" else "en"
        today = ms_to_datetime(ctx.db.wall()).astimezone(ctx.station.zone).date()
        self.year, self.month = month or (today.year, today.month)
        self.rows: list[RotaRow] = []
        self.can_plan = bool(set(rota.PLANNERS) & ctx.actor.roles)

        self.title = QLabel()
        self.title.setObjectName("rotaMonth")
        self.title.setStyleSheet("font-size:15pt;font-weight:bold")
        prev_b = QPushButton(self.tr("◀ &Previous"))
        prev_b.setObjectName("rotaPrev")
        next_b = QPushButton(self.tr("&Next ▶"))
        next_b.setObjectName("rotaNext")
        prev_b.clicked.connect(lambda: self.shift_month(-1))
        next_b.clicked.connect(lambda: self.shift_month(1))
        top = QHBoxLayout()
        top.addWidget(prev_b)
        top.addWidget(self.title, 1, Qt.AlignmentFlag.AlignCenter)
        top.addWidget(next_b)

        self.table = RotaTable(0, len(self.COLUMNS))
        self.table.setObjectName("rotaTable")
        self.table.setHorizontalHeaderLabels([self.tr("Date"), self.tr("Day"), self.tr("Shift"), self.tr("Leader on duty"),
                                              self.tr("Shift lead"), self.tr("Operators"), self.tr("Remarks")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_slot())
        self.summary = QLabel()
        self.summary.setObjectName("rotaSummary")

        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("&Plan shift…"))
        self.edit_button.setObjectName("rotaEdit")
        self.swap_button = QPushButton(self.tr("&Swap…"))
        self.swap_button.setObjectName("rotaSwap")
        pdf_button = QPushButton(self.tr("Print to P&DF…"))
        pdf_button.setObjectName("rotaPdf")
        xlsx_button = QPushButton(self.tr("Export to E&xcel…"))
        xlsx_button.setObjectName("rotaXlsx")
        close = QPushButton(self.tr("Close"))
        self.edit_button.clicked.connect(self.edit_slot)
        self.swap_button.clicked.connect(self.swap_slot)
        pdf_button.clicked.connect(lambda: self.export("pdf"))
        xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        close.clicked.connect(self.reject)
        for b in (self.edit_button, self.swap_button):
            b.setEnabled(self.can_plan)
            if not self.can_plan:
                b.setToolTip(self.tr("Planning the rota needs a leader on duty, a shift lead or an administrator."))
        for b in (self.edit_button, self.swap_button, pdf_button, xlsx_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.people = PeopleList(accounts.list_accounts(ctx.db, include_disabled=False))
        self.people.setEnabled(self.can_plan)
        self.people.setMaximumWidth(220)
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Drag a person onto a day:")))
        side.addWidget(self.people, 1)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(side)
        self.table.person_dropped.connect(self.drop_person)
        layout.addLayout(middle, 1)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        fit_to_screen(self, 1100, 760)
        ctx.bus.changes_applied.connect(self._on_changes)
        self.reload()

    def _on_changes(self, changes: object) -> None:
        if any(t in changes for t in ("rota_slot", "account", "setting")):  # type: ignore[operator]
            self.reload()

    def shift_month(self, step: int) -> None:
        index = self.year * 12 + self.month - 1 + step
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self.reload()

    def data(self) -> dict[str, object]:
        info = self.ctx.station
        return rota.to_data(rota.month(self.ctx.db, self.year, self.month), info.name, info.timezone)

    def reload(self) -> None:
        month = rota.month(self.ctx.db, self.year, self.month)
        self.rows = month.rows
        self.title.setText(rota_sheet.month_label(f"{self.year:04d}-{self.month:02d}", self.lang))
        current = self.table.currentRow()
        self.table.setRowCount(0)
        starts = len(month.pattern.split(","))
        sep = "、" if self.lang == "zh_CN" else ", "
        data = rota.to_data(month, self.ctx.station.name, self.ctx.station.timezone)
        for r, (row, slot) in enumerate(zip(self.rows, data["slots"], strict=True)):
            self.table.insertRow(r)
            remarks = list(row.warnings) + [rota_sheet.swap_text(s, self.lang) for s in slot["swaps"]]
            values = (rota_sheet.day_label(row.slot.day, self.lang), rota_sheet.weekday_label(slot["weekday"], self.lang),
                      rota_sheet.slot_label(row.slot.key, starts, self.lang), row.leader.name if row.leader else "",
                      row.lead.name if row.lead else "", sep.join(p.name for p in row.operators),
                      ("；" if self.lang == "zh_CN" else "; ").join(remarks))
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                if row.warnings:
                    item.setBackground(QBrush(WARN))
                if date.fromisoformat(row.slot.day).isoweekday() >= 6 and c < 2:
                    item.setForeground(QBrush(QColor("#a00000")))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        if 0 <= current < self.table.rowCount():
            self.table.selectRow(current)
        planned = sum(1 for r in self.rows if r.planned)
        self.summary.setText(self.tr("%1 of %2 shifts planned; %3 with warnings.")
                             .replace("%1", str(planned)).replace("%2", str(len(self.rows)))
                             .replace("%3", str(month.warning_count)))

    def drop_person(self, row: int, username: str) -> bool:
        """Put `username` on the shift of `row`: as leader (a leader on duty), else as shift lead
        when the shift has none (a shift lead), else as an operator."""
        if not self.can_plan or not 0 <= row < len(self.rows):
            return False
        info = accounts.get_account(self.ctx.db, username)
        if info is None:
            return False
        target = self.rows[row]
        comp = target.composition
        if roles.LEADER in info.roles and not ({roles.OPERATOR, roles.SHIFT_LEAD} & set(info.roles)):
            comp = Composition(username, comp.lead, comp.operators)
        else:
            comp = comp.with_member(info)
        if comp == target.composition:
            return False  # already on it
        try:
            changes = rota.assign(self.ctx.db, self.ctx.actor, target.slot.key, comp)
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("ShiftsRota", "Duty rota"), error.message)
            return False
        self.ctx.bus.publish(changes)
        self.table.selectRow(row)
        return True

    def selected(self) -> RotaRow | None:
        row = self.table.currentRow()
        return self.rows[row] if 0 <= row < len(self.rows) else None

    def edit_slot(self) -> None:
        row = self.selected()
        if row is None or not self.can_plan:
            return
        SlotDialog(self.ctx, row, self).exec()

    def swap_slot(self) -> None:
        row = self.selected()
        if row is None or not self.can_plan:
            return
        SwapDialog(self.ctx, row, self).exec()

    def export(self, kind: str, path: str | None = None) -> str | None:
        month = f"{self.year:04d}-{self.month:02d}"
        if path is None:
            base = f"值班表-{month}" if self.lang == "zh_CN" else f"rota-{month}"
            if kind == "pdf":
                path = file_dialogs.save_file(self, self.tr("Print the rota to PDF"), base + ".pdf",
                                              self.tr("PDF files (*.pdf)"), suffix="pdf")
            else:
                path = file_dialogs.save_file(self, self.tr("Export the rota"), base + ".xlsx",
                                              self.tr("Excel workbooks (*.xlsx)"), suffix="xlsx")
            if not path:
                return None
        data = self.data()
        try:
            if kind == "pdf":
                rota_sheet.render(data, path, self.lang)
            else:
                xlsx.write_rota(data, path, self.lang)
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("ShiftsRota", "Duty rota"), error.message)
            return None
        self.ctx.bus.status_message.emit(self.tr("Saved %1").replace("%1", path))
        return path
