"""Shift → Hand over (交班): review the sheet, record confirmations, hand over, print / save.

The dialog shows the sheet's content as it will be printed (built from the data, nothing typed
again), the situation-and-reminders field and the equipment tick boxes, and one password
confirmation per person: outgoing, incoming and — where the station requires it or the leader
is present — the leader on duty. Each confirmation is stamped when it is made; the last one is
the official handover time. After the handover the sheet can be previewed and printed
(QPrintPreviewDialog) and saved as PDF (reportlab, the same file `dutydesk handover` writes).
Also: the reprint dialog for any past shift's sheet.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import formatting, messages
from app.clock import ms_to_datetime
from app.errors import UserError
from app.services import accounts, handover, roles, shifts
from app.services.shifts import Confirmation, ShiftInfo
from app.ui.dialogs.shifts.sheet_view import print_preview, save_pdf, sheet_html
from app.ui.panel_api import SessionContext
from app.ui.screen_fit import fit_to_screen


class ConfirmRow(QWidget):
    """One person's password confirmation: who, password, Confirm → stamped time."""

    def __init__(self, ctx: SessionContext, role: str, users: list[accounts.AccountInfo], default: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.role = ctx, role
        self.confirmation: Confirmation | None = None
        self.who = QComboBox()
        self.who.setObjectName(f"{role}User")
        for info in users:
            self.who.addItem(f"{info.display_name}（{info.username}）", info.username)
        if default:
            index = self.who.findData(default)
            self.who.setCurrentIndex(max(0, index))
        self.password = QLineEdit()
        self.password.setObjectName(f"{role}Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.button = QPushButton(self.tr("Confirm"))
        self.button.setObjectName(f"{role}Confirm")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(lambda _checked=False: self.confirm())
        # Enter in the password field confirms this person, nothing more (HandoverDialog.keyPressEvent)
        self.password.returnPressed.connect(self.confirm)
        self.state = QLabel(self.tr("not confirmed"))
        self.state.setObjectName(f"{role}State")
        self.who.currentIndexChanged.connect(self.reset)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.who, 2)
        layout.addWidget(self.password, 2)
        layout.addWidget(self.button)
        layout.addWidget(self.state, 2)

    def username(self) -> str:
        return str(self.who.currentData() or "")

    def reset(self) -> None:
        """Another person chosen: their confirmation is gone, and so is the dialog's readiness."""
        self.confirmation = None
        self.state.setText(self.tr("not confirmed"))
        self.state.setStyleSheet("")
        self.parent_changed()

    def confirm(self) -> None:
        try:
            self.confirmation = shifts.confirm(self.ctx.db, self.username(), self.password.text(), self.role)
        except UserError as error:
            self.confirmation = None
            self.state.setText(error.message)
            self.state.setStyleSheet("color:#b00000")
            self.password.selectAll()
            return
        finally:
            self.password.clear()
        when = formatting.time(self.confirmation.at, self.ctx.station.zone)
        self.state.setText(self.tr("confirmed at %1").replace("%1", when))
        self.state.setStyleSheet("color:#006000;font-weight:bold")
        self.parent_changed()

    def parent_changed(self) -> None:
        dialog = self.window()
        if isinstance(dialog, HandoverDialog):
            dialog.update_buttons()


class HandoverDialog(QDialog):
    """交班: review → confirmations → hand over → print / save."""

    def __init__(self, ctx: SessionContext, shift: ShiftInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        self.setWindowTitle(self.tr("Hand over the shift"))
        self.ctx, self.shift = ctx, shift
        self.lang = "zh_CN" if messages.language() == "zh_CN" else "en"
        self.result_sheet: dict[str, Any] | None = None
        self.changes: Any = None
        db = ctx.db
        tz = ctx.station.zone

        self.summary = QLabel(self.tr("Shift %1 — on duty: %2")
                              .replace("%1", shift.period_text(tz)).replace("%2", shift.people_text()))
        self.summary.setWordWrap(True)
        self.review = QTextBrowser()
        self.review.setObjectName("handoverReview")
        self.refresh_review()

        self.notes = QPlainTextEdit()
        self.notes.setObjectName("handoverNotes")
        self.notes.setPlaceholderText(self.tr("Situation and reminders for the incoming shift"))
        self.equipment: dict[str, QCheckBox] = {}
        equip_box = QGroupBox(self.tr("Equipment working (untick what is out of order)"))
        equip_layout = QHBoxLayout(equip_box)
        labels = {"phone": self.tr("Duty phones"), "fax": self.tr("Fax"), "radio": self.tr("Radio"),
                  "satphone": self.tr("Satellite phone")}
        for code in shifts.EQUIPMENT:
            box = QCheckBox(labels[code])
            box.setObjectName(f"equipment_{code}")
            box.setChecked(True)
            equip_layout.addWidget(box)
            self.equipment[code] = box

        everyone = accounts.list_accounts(db, include_disabled=False)
        on_shift = [a for a in everyone if shift.has_member(a.username)]
        staff = [a for a in everyone if {roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER} & set(a.roles)]
        leaders = [a for a in everyone if roles.LEADER in a.roles]
        slot = shifts.slot_after(db, shift, ms_to_datetime(db.wall()))
        nxt = shifts.planned_composition(db, slot.key)
        default_in = (nxt.lead or (nxt.operators[0] if nxt.operators else "")) if nxt else ""
        me = ctx.actor.username if shift.has_member(ctx.actor.username) else (shift.lead.username if shift.lead else "")
        self.outgoing = ConfirmRow(ctx, shifts.OUTGOING, on_shift, me)
        self.incoming = ConfirmRow(ctx, shifts.INCOMING, staff, default_in)
        self.leader_required = shifts.leader_confirm_required(db)
        self.leader = ConfirmRow(ctx, shifts.LEADER, leaders, shift.leader.username if shift.leader else "")
        confirm_box = QGroupBox(self.tr("Confirmations on this workstation"))
        grid = QGridLayout(confirm_box)
        grid.addWidget(QLabel(self.tr("Outgoing:")), 0, 0)
        grid.addWidget(self.outgoing, 0, 1)
        grid.addWidget(QLabel(self.tr("Incoming:")), 1, 0)
        grid.addWidget(self.incoming, 1, 1)
        grid.addWidget(QLabel(self.tr("Leader on duty (required):") if self.leader_required
                              else self.tr("Leader on duty (optional):")), 2, 0)
        grid.addWidget(self.leader, 2, 1)
        self.message = QLabel()
        self.message.setObjectName("handoverMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b00000")

        self.buttons = QDialogButtonBox()
        self.handover_button = self.buttons.addButton(self.tr("&Hand over"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.handover_button.setObjectName("handoverButton")
        self.preview_button = self.buttons.addButton(self.tr("Print pre&view…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.preview_button.setObjectName("handoverPreview")
        self.pdf_button = self.buttons.addButton(self.tr("Save as &PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.setObjectName("handoverPdf")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        for button in self.buttons.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter never hands over: only a click on 交班 (then a last review)
            button.setDefault(False)
        self.handover_button.clicked.connect(lambda _checked=False: self.hand_over())
        self.preview_button.clicked.connect(lambda _checked=False: self.preview())
        self.pdf_button.clicked.connect(lambda: self.save_pdf())
        self.close_button.clicked.connect(self.reject)

        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel(self.tr("Situation and reminders:")))
        lower_layout.addWidget(self.notes)
        lower_layout.addWidget(equip_box)
        lower_layout.addWidget(confirm_box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.review)
        split.addWidget(lower)
        split.setSizes([420, 300])
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 980, 860)
        self.update_buttons()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter confirms the person whose password field has the focus (ConfirmRow) and moves
        on to the next unconfirmed one; it never presses 交班 or closes the dialog."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            rows = [self.outgoing, self.incoming, self.leader]
            pending = [r for r in rows if r.confirmation is None and r.isEnabled()]
            if pending:
                pending[0].password.setFocus(Qt.FocusReason.TabFocusReason)
            return
        super().keyPressEvent(event)

    def refresh_review(self) -> None:
        self.preview_sheet = handover.build_sheet(self.ctx.db, self.shift)
        self.review.setHtml(sheet_html(self.preview_sheet, self.lang))

    def confirmations(self) -> list[Confirmation]:
        found = [row.confirmation for row in (self.outgoing, self.incoming, self.leader) if row.confirmation]
        return [c for c in found if c is not None]

    def update_buttons(self) -> None:
        done = self.result_sheet is not None
        ready = (self.outgoing.confirmation is not None and self.incoming.confirmation is not None
                 and (self.leader.confirmation is not None or not self.leader_required))
        self.handover_button.setEnabled(ready and not done)
        self.preview_button.setEnabled(True)
        self.pdf_button.setEnabled(True)
        for row in (self.outgoing, self.incoming, self.leader):
            row.setEnabled(not done)
        self.notes.setReadOnly(done)
        for box in self.equipment.values():
            box.setEnabled(not done)

    def current_sheet(self) -> dict[str, Any]:
        return self.result_sheet if self.result_sheet is not None else self.preview_sheet

    def final_review(self) -> bool:
        """The last look before the shift changes hands: who to whom, the leader's confirmation."""
        leader = (self.tr("confirmed by %1").replace("%1", self.leader.who.currentText())
                  if self.leader.confirmation is not None else self.tr("NOT confirmed"))
        text = (self.tr("Hand over shift %1 from %2 to %3?").replace("%1", self.shift.period_text(self.ctx.station.zone))
                .replace("%2", self.outgoing.who.currentText()).replace("%3", self.incoming.who.currentText())
                + "\n" + self.tr("Leader on duty: %1").replace("%1", leader)
                + "\n" + self.tr("The handover sheet is then final."))
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Hand over the shift"), text,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("handoverFinalReview")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("&Hand over"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    def hand_over(self, *, reviewed: bool = False) -> None:
        if not self.handover_button.isEnabled():
            return
        if not reviewed and not self.final_review():
            return
        equipment = {code: box.isChecked() for code, box in self.equipment.items()}
        try:
            result = shifts.hand_over(self.ctx.db, self.shift.shift_id, self.confirmations(),
                                      notes=self.notes.toPlainText(), equipment=equipment)
        except UserError as error:
            self.message.setText(error.message)
            return
        self.changes = result.changes
        self.ctx.bus.publish(result.changes)
        self.result_sheet = shifts.sheet_content(self.ctx.db, self.shift.shift_id)
        assert self.result_sheet is not None
        self.review.setHtml(sheet_html(self.result_sheet, self.lang))
        when = formatting.datetime_text(result.handover_at, self.ctx.station.zone)
        self.message.setStyleSheet("color:#006000;font-weight:bold")
        self.message.setText(self.tr("Handed over at %1 — sheet %2. Print it or save it as PDF.")
                             .replace("%1", when).replace("%2", result.sheet_no))
        self.setWindowTitle(self.tr("Handed over — sheet %1").replace("%1", result.sheet_no))
        self.update_buttons()

    def preview(self) -> None:
        print_preview(self.current_sheet(), self.lang, self)

    def save_pdf(self, path: str | None = None) -> str | None:
        return save_pdf(self.current_sheet(), self.lang, self, path)


class ReprintDialog(QDialog):
    """Shift → Reprint handover sheet: any past shift's sheet, identical to the original."""

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reprintDialog")
        self.setWindowTitle(self.tr("Reprint a handover sheet"))
        self.ctx = ctx
        self.lang = "zh_CN" if messages.language() == "zh_CN" else "en"
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("reprintTable")
        self.table.setHorizontalHeaderLabels([self.tr("Sheet no."), self.tr("Shift"), self.tr("Handed over"),
                                              self.tr("On duty")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.rows = [s for s in shifts.list_shifts(ctx.db, limit=1000) if s.state == shifts.HANDED_OVER]
        tz = ctx.station.zone
        for info in self.rows:
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, text in enumerate((info.sheet_no, info.period_text(tz),
                                        formatting.datetime_text(info.end, tz), info.people_text())):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        if self.rows:
            self.table.selectRow(0)
        self.empty = QLabel(self.tr("No shift has been handed over yet.") if not self.rows else "")
        buttons = QDialogButtonBox()
        self.preview_button = buttons.addButton(self.tr("Print pre&view…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button = buttons.addButton(self.tr("Save as &PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.pdf_button.setObjectName("reprintPdf")
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.preview_button.clicked.connect(lambda: self._with_sheet(lambda s: print_preview(s, self.lang, self)))
        self.pdf_button.clicked.connect(lambda: self._with_sheet(lambda s: save_pdf(s, self.lang, self)))
        self.table.doubleClicked.connect(lambda _i: self._with_sheet(lambda s: print_preview(s, self.lang, self)))
        close.clicked.connect(self.reject)
        for b in (self.preview_button, self.pdf_button):
            b.setEnabled(bool(self.rows))
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        fit_to_screen(self, 900, 520)

    def selected_sheet(self) -> dict[str, Any] | None:
        row = self.table.currentRow()
        if not 0 <= row < len(self.rows):
            return None
        return handover.sheet_for(self.ctx.db, self.rows[row])

    def _with_sheet(self, action: Any) -> None:
        sheet = self.selected_sheet()
        if sheet is not None:
            action(sheet)


def open_handover(ctx: SessionContext, parent: QWidget | None) -> HandoverDialog | None:
    """The handover dialog for the shift on duty (a message when there is none)."""
    info = shifts.open_shift_info(ctx.db)
    if info is None:
        QMessageBox.information(parent, QCoreApplication.translate("ShiftsHandover", "Hand over"),
                                QCoreApplication.translate("ShiftsHandover",
                                                           "No shift is on duty. Open a shift first (Shift → Open shift…)."))
        return None
    return HandoverDialog(ctx, info, parent)
