"""Shift → Shift settings… (administrators): the station's shift pattern, the minimum number on
duty besides the leader, whether the leader on duty must confirm handovers, and how long before
the end of a shift the reminder comes."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import shifts
from app.ui.panel_api import SessionContext


class ShiftSettingsDialog(QDialog):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftSettingsDialog")
        self.setWindowTitle(self.tr("Shift settings"))
        self.ctx = ctx
        db = ctx.db
        self.pattern = QLineEdit(shifts.pattern_text(shifts.pattern(db)))
        self.pattern.setObjectName("settingsPattern")
        self.pattern.setToolTip(self.tr("Start times of the shifts: 08:30 for one 24-hour shift, "
                                        "08:30,20:30 for a day and a night shift."))
        self.minimum = QSpinBox()
        self.minimum.setObjectName("settingsMinimum")
        self.minimum.setRange(0, 20)
        self.minimum.setValue(shifts.min_operators(db))
        self.leader = QCheckBox(self.tr("The leader on duty must confirm every handover"))
        self.leader.setObjectName("settingsLeaderConfirm")
        self.leader.setChecked(shifts.leader_confirm_required(db))
        self.reminder = QSpinBox()
        self.reminder.setObjectName("settingsReminder")
        self.reminder.setRange(0, 24 * 60)
        self.reminder.setSuffix(self.tr(" min"))
        self.reminder.setValue(shifts.reminder_minutes(db))
        self.error = QLabel()
        self.error.setObjectName("settingsError")
        self.error.setStyleSheet("color:#b00000")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Shift &starts:"), self.pattern)
        form.addRow(self.tr("&Minimum on duty besides the leader:"), self.minimum)
        form.addRow("", self.leader)
        form.addRow(self.tr("&Remind before the end:"), self.reminder)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def save(self) -> None:
        try:
            changes = shifts.configure(self.ctx.db, self.ctx.actor, pattern_value=self.pattern.text(),
                                       minimum=self.minimum.value(), leader_confirm=self.leader.isChecked(),
                                       reminder=self.reminder.value())
        except UserError as error:
            self.error.setText(error.message)
            return
        self.ctx.bus.publish(changes)
        self.accept()
