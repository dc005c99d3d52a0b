"""Shift → Open shift (接班): the first shift of the station, people from the rota.

Only when no shift is on duty: afterwards every shift is opened by the previous one's handover.
The form shows the slot, the rota's people (changeable), and the warnings (no leader, fewer
than the station's minimum besides the leader) before anything is recorded.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clock import ms_to_datetime
from app.errors import UserError
from app.services import accounts, roles, shifts
from app.services.accounts import AccountInfo
from app.services.shifts import Composition
from app.ui.panel_api import SessionContext
from app.ui.screen_fit import fit_to_screen


class PeoplePicker(QWidget):
    """Leader, shift lead (combos) and operators (a checklist) picked from the accounts."""

    def __init__(self, people: list[AccountInfo], comp: Composition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.planned_order = comp.operators
        self.leader = QComboBox()
        self.leader.setObjectName("pickLeader")
        self.lead = QComboBox()
        self.lead.setObjectName("pickLead")
        self.operators = QListWidget()
        self.operators.setObjectName("pickOperators")
        for combo in (self.leader, self.lead):
            combo.addItem(self.tr("(none)"), "")
        for info in people:
            label = f"{info.display_name}（{info.username}）"
            if roles.LEADER in info.roles:
                self.leader.addItem(label, info.username)
            if roles.SHIFT_LEAD in info.roles:
                self.lead.addItem(label, info.username)
            if {roles.OPERATOR, roles.SHIFT_LEAD} & set(info.roles):
                item = QListWidgetItem(label)
                item.setData(Qt.ItemDataRole.UserRole, info.username)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if info.username in comp.operators else Qt.CheckState.Unchecked)
                self.operators.addItem(item)
        self.leader.setCurrentIndex(max(0, self.leader.findData(comp.leader)))
        self.lead.setCurrentIndex(max(0, self.lead.findData(comp.lead)))
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("&Leader on duty:"), self.leader)
        form.addRow(self.tr("Shift l&ead:"), self.lead)
        form.addRow(self.tr("&Operators:"), self.operators)

    def composition(self) -> Composition:
        lead = str(self.lead.currentData() or "")
        ops = []
        for i in range(self.operators.count()):
            item = self.operators.item(i)
            user = str(item.data(Qt.ItemDataRole.UserRole))
            if item.checkState() == Qt.CheckState.Checked and user != lead:
                ops.append(user)
        planned = list(self.planned_order)
        rank = {u: (planned.index(u) if u in planned else len(planned), i) for i, u in enumerate(ops)}
        ops.sort(key=rank.__getitem__)
        return Composition(str(self.leader.currentData() or ""), lead, tuple(ops))


class OpenShiftDialog(QDialog):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("openShiftDialog")
        self.setWindowTitle(self.tr("Open shift"))
        self.ctx = ctx
        self.shift_id = ""
        db = ctx.db
        tz = ctx.station.zone
        slot = shifts.slot_at(shifts.pattern(db), tz, ms_to_datetime(db.wall()))
        planned = shifts.planned_composition(db, slot.key) or Composition()
        self.planned = planned
        people = accounts.list_accounts(db, include_disabled=False)
        self.picker = PeoplePicker(people, planned)
        period = shifts.period_text(slot.start, slot.end, tz)
        header = QLabel(self.tr("Shift %1. You (%2) open it and are on it.").replace("%1", period)
                        .replace("%2", ctx.actor.display_name))
        header.setWordWrap(True)
        self.warnings = QLabel()
        self.warnings.setObjectName("openShiftWarnings")
        self.warnings.setStyleSheet("color:#a05000")
        self.warnings.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("openShiftError")
        self.error.setStyleSheet("color:#b00000")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Open shift"))
        ok.setObjectName("openShiftOk")
        buttons.accepted.connect(self.accept_open)
        buttons.rejected.connect(self.reject)
        self.picker.leader.currentIndexChanged.connect(self.update_warnings)
        self.picker.lead.currentIndexChanged.connect(self.update_warnings)
        self.picker.operators.itemChanged.connect(lambda _i: self.update_warnings())
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(self.picker)
        layout.addWidget(self.warnings)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        on = shifts.open_shift_info(db)
        if on is not None:
            self.error.setText(self.tr("A shift is already on duty (%1); hand it over instead.")
                               .replace("%1", on.period_text(tz)))
            ok.setEnabled(False)
        fit_to_screen(self, 560, 520)
        self.update_warnings()

    def update_warnings(self) -> None:
        comp = self.picker.composition()
        me = accounts.get_account(self.ctx.db, self.ctx.actor.username)
        if me is not None:
            comp = comp.with_member(me)
        found = shifts.warnings(comp, shifts.min_operators(self.ctx.db))
        self.warnings.setText("；".join(found))

    def accept_open(self) -> None:
        comp = self.picker.composition()
        try:
            changes, self.shift_id = shifts.open_shift(self.ctx.db, self.ctx.actor, leader=comp.leader, lead=comp.lead,
                                                       operators=list(comp.operators))
        except UserError as error:
            self.error.setText(error.message)
            return
        self.ctx.bus.publish(changes)
        self.accept()
