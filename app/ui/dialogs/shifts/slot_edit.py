"""One slot of the rota: who works it (SlotDialog) and a swap (换班, SwapDialog): who gives the
duty, who takes it, who asked, who approved."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import accounts, roles
from app.services.shifts import rota
from app.services.shifts.rota import RotaRow
from app.ui.dialogs.shifts.open import PeoplePicker
from app.ui.panel_api import SessionContext


class SlotDialog(QDialog):
    """Plan the people of one slot."""

    def __init__(self, ctx: SessionContext, row: RotaRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotaSlotDialog")
        self.setWindowTitle(self.tr("Plan shift %1").replace("%1", row.slot.key.replace("T", " ")))
        self.ctx, self.row = ctx, row
        self.picker = PeoplePicker(accounts.list_accounts(ctx.db, include_disabled=False), row.composition)
        self.error = QLabel()
        self.error.setObjectName("rotaSlotError")
        self.error.setStyleSheet("color:#b00000")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 480)

    def save(self) -> None:
        try:
            changes = rota.assign(self.ctx.db, self.ctx.actor, self.row.slot.key, self.picker.composition())
        except UserError as error:
            self.error.setText(error.message)
            return
        self.ctx.bus.publish(changes)
        self.accept()


class SwapDialog(QDialog):
    """换班: who gives the duty, who takes it, who asked, who approved."""

    def __init__(self, ctx: SessionContext, row: RotaRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotaSwapDialog")
        self.setWindowTitle(self.tr("Swap on %1").replace("%1", row.slot.key.replace("T", " ")))
        self.ctx, self.row = ctx, row
        people = accounts.list_accounts(ctx.db, include_disabled=False)
        self.out = QComboBox()
        self.out.setObjectName("swapOut")
        for role, person in ([("leader", row.leader)] if row.leader else []) + ([("lead", row.lead)] if row.lead else []) \
                + [("operators", p) for p in row.operators]:
            self.out.addItem(f"{person.name}（{self._role(role)}）", f"{role}:{person.username}")
        self.into = QComboBox()
        self.into.setObjectName("swapIn")
        for info in people:
            if {roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER} & set(info.roles):
                self.into.addItem(f"{info.display_name}（{info.username}）", info.username)
        self.asked = QComboBox()
        self.asked.setObjectName("swapAsked")
        self.approved = QComboBox()
        self.approved.setObjectName("swapApproved")
        for info in people:
            self.asked.addItem(info.display_name, info.username)
            if {roles.LEADER, roles.SHIFT_LEAD, roles.ADMIN} & set(info.roles):
                self.approved.addItem(info.display_name, info.username)
        self.approved.setCurrentIndex(max(0, self.approved.findData(ctx.actor.username)))
        self.out.currentIndexChanged.connect(self._asked_default)
        self._asked_default()
        self.reason = QLineEdit()
        self.reason.setObjectName("swapReason")
        self.error = QLabel()
        self.error.setObjectName("rotaSwapError")
        self.error.setStyleSheet("color:#b00000")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Gives the duty:"), self.out)
        form.addRow(self.tr("&Takes the duty:"), self.into)
        form.addRow(self.tr("&Asked by:"), self.asked)
        form.addRow(self.tr("Appro&ved by:"), self.approved)
        form.addRow(self.tr("&Reason:"), self.reason)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _role(self, role: str) -> str:
        return {"leader": self.tr("leader on duty"), "lead": self.tr("shift lead")}.get(role, self.tr("operator"))

    def _asked_default(self) -> None:
        data = str(self.out.currentData() or "")
        if data:
            self.asked.setCurrentIndex(max(0, self.asked.findData(data.split(":", 1)[1])))

    def save(self) -> None:
        data = str(self.out.currentData() or "")
        if not data:
            self.error.setText(self.tr("Nobody is planned on this shift yet."))
            return
        role, out_user = data.split(":", 1)
        try:
            changes = rota.swap(self.ctx.db, self.ctx.actor, self.row.slot.key, role, out_user,
                                str(self.into.currentData() or ""), asked_by=str(self.asked.currentData() or ""),
                                approved_by=str(self.approved.currentData() or ""), reason=self.reason.text())
        except UserError as error:
            self.error.setText(error.message)
            return
        self.ctx.bus.publish(changes)
        self.accept()
