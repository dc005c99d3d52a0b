"""The Shift menu (班次), the status-bar shift widget and the pre-end reminder.

`install(window)` adds: Shift → Open shift…, Hand over… (Ctrl+H), Duty rota…, Reprint
handover sheet…; a permanent status-bar label with the shift on duty and who is on it (red
when the handover is late); and a timer that, before the shift ends (station setting,
default 30 minutes), shows a non-modal reminder listing overdue follow-ups, with a tray or
status-bar notification.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QMessageBox,
    QSystemTrayIcon,
    QVBoxLayout,
    QWidget,
)

from app import formatting, messages
from app.clock import ms_to_datetime
from app.services import duty_log, roles, shifts
from app.services.shifts import ShiftInfo
from app.storage.changes import Changes
from app.ui.panel_api import SessionContext

CHECK_INTERVAL_MS = 60_000
WATCHED = ("shift", "rota_slot", "account", "setting", "handover_sheet")


class ShiftStatus(QLabel):
    """Permanent status-bar widget: the shift on duty and who is on it."""

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftStatus")
        self.ctx = ctx
        self.info: ShiftInfo | None = None
        self.refresh()

    def status_text(self, info: ShiftInfo | None, now: datetime) -> tuple[str, str]:
        """(text, style) for the shift on duty, a planned one, or none — compact enough for the
        status bar at 1280 px; the full names are in the tooltip (`full_text`)."""
        if info is None:
            return self.tr("No shift on duty"), "color:#777"
        zone = self.ctx.station.zone
        start = formatting.short_datetime(info.start, zone)
        parts = [self.tr("Shift %1").replace("%1", start)]
        if info.leader:
            parts.append(self.tr("Leader %1").replace("%1", info.leader.name))
        if info.lead:
            parts.append(self.tr("Lead %1").replace("%1", info.lead.name))
        if info.operators:
            parts.append(self.tr("Operators: %n", "", len(info.operators)))
        text = " · ".join(parts)
        if info.state == shifts.PLANNED:
            return text + " " + self.tr("(planned, not opened)"), "color:#a05000"
        if info.overdue(now):
            return text + " " + self.tr("(handover overdue)"), "color:#b00000;font-weight:bold"
        return text, ""

    def full_text(self, info: ShiftInfo | None) -> str:
        if info is None:
            return self.tr("No shift on duty")
        sep = "、" if messages.language() == "zh_CN" else ", "
        lines = [self.tr("Shift %1").replace("%1", info.period_text(self.ctx.station.zone))]
        if info.leader:
            lines.append(self.tr("Leader %1").replace("%1", info.leader.name))
        if info.lead:
            lines.append(self.tr("Lead %1").replace("%1", info.lead.name))
        if info.operators:
            lines.append(self.tr("Operators %1").replace("%1", sep.join(p.name for p in info.operators)))
        lines.append(self.tr("Current shift (Shift menu: hand over, rota)"))
        return "\n".join(lines)

    def refresh(self) -> None:
        db = self.ctx.db
        self.info = shifts.current_shift(db)
        text, style = self.status_text(self.info, ms_to_datetime(db.wall()))
        self.setText(text)
        self.setStyleSheet(style)
        self.setToolTip(self.full_text(self.info))


class ReminderDialog(QDialog):
    """Non-modal: the shift ends soon — prepare the handover; overdue follow-ups listed."""

    def __init__(self, controller: ShiftsController, info: ShiftInfo, overdue: list[duty_log.EntryRow],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shiftReminder")
        self.setModal(False)
        self.setWindowTitle(self.tr("Prepare the handover"))
        zone = controller.ctx.station.zone
        end = formatting.time(info.planned_end, zone, seconds=False)
        text = QLabel(self.tr("The shift ends at %1. Prepare the handover: check open items and the sheet.")
                      .replace("%1", end))
        text.setWordWrap(True)
        items = QListWidget()
        items.setObjectName("reminderOverdue")
        for e in overdue:
            due = formatting.short_datetime(e.due_at, zone) if e.due_at else ""
            items.addItem(f"{e.no}  {due}  {e.summary}")
        heading = QLabel(self.tr("Overdue follow-ups: %1").replace("%1", str(len(overdue))) if overdue
                         else self.tr("No overdue follow-ups."))
        buttons = QDialogButtonBox()
        go = buttons.addButton(self.tr("&Hand over now…"), QDialogButtonBox.ButtonRole.AcceptRole)
        go.setObjectName("reminderHandover")
        later = buttons.addButton(self.tr("&Later"), QDialogButtonBox.ButtonRole.RejectRole)
        self.controller = controller
        go.clicked.connect(self.hand_over)
        later.clicked.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(heading)
        layout.addWidget(items)
        layout.addWidget(buttons)
        self.resize(520, 320)

    def hand_over(self) -> None:
        self.close()
        self.controller.hand_over()


class ShiftsController(QObject):
    """Owns the Shift menu's actions, the status widget and the reminder timer of one window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.reminded: set[str] = set()
        self.reminder: ReminderDialog | None = None
        menu = window.add_menu(self.tr("&Shift"))
        menu.setObjectName("shiftsMenu")
        self.open_action = self._action(self.tr("&Open shift…"), self.open_shift, "shiftsOpen")
        self.handover_action = self._action(self.tr("&Hand over…"), self.hand_over, "shiftsHandover", "Ctrl+H")
        self.rota_action = self._action(self.tr("Duty &rota…"), self.show_rota, "shiftsRota")
        self.reprint_action = self._action(self.tr("Re&print handover sheet…"), self.reprint, "shiftsReprint")
        self.settings_action = self._action(self.tr("Shift &settings…"), self.settings, "shiftsSettings")
        for action in (self.open_action, self.handover_action):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(self.rota_action)
        menu.addAction(self.reprint_action)
        menu.addSeparator()
        menu.addAction(self.settings_action)
        self.menu = menu
        self.status = ShiftStatus(self.ctx)
        window.statusBar().addPermanentWidget(self.status)
        self.timer = QTimer(self)
        self.timer.setObjectName("shiftReminderTimer")
        self.timer.setInterval(CHECK_INTERVAL_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        window.bus.changes_applied.connect(self.on_changes)
        if hasattr(window, "session_changed"):
            window.session_changed.connect(lambda _actor: self.tick())
        self.update_actions()

    @property
    def ctx(self) -> SessionContext:
        return self.window.ctx

    def _action(self, text: str, slot: Any, name: str, shortcut: str | None = None) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def on_changes(self, changes: Changes) -> None:
        if any(table in changes for table in WATCHED):
            self.status.refresh()
            self.update_actions()

    def update_actions(self) -> None:
        on = shifts.open_shift_info(self.ctx.db)
        self.open_action.setEnabled(on is None)
        self.settings_action.setVisible(self.ctx.actor.has(roles.ADMIN))
        self.handover_action.setEnabled(on is not None)

    def tick(self) -> None:
        self.status.refresh()
        self.update_actions()
        self.check_reminder()

    def check_reminder(self) -> ReminderDialog | None:
        info = shifts.reminder_due(self.ctx.db)
        if info is None or info.shift_id in self.reminded or self.window.is_locked:
            return None
        self.reminded.add(info.shift_id)
        now = ms_to_datetime(self.ctx.db.wall())
        overdue = shifts.own_entries(self.ctx.db, duty_log.page(
            self.ctx.db, duty_log.EntryFilter(status="overdue", now=now), 0, 200, sort_key="due_at", descending=False))
        self.reminder = ReminderDialog(self, info, overdue, self.window)
        self.reminder.show()
        end = formatting.time(info.planned_end, self.ctx.station.zone, seconds=False)
        note = self.tr("The shift ends at %1: prepare the handover.").replace("%1", end)
        self.window.bus.status_message.emit(note)
        if QSystemTrayIcon.isSystemTrayAvailable():
            tray = QSystemTrayIcon(self.window.windowIcon(), self)
            tray.show()
            tray.showMessage(self.tr("DutyDesk"), note, QSystemTrayIcon.MessageIcon.Information, 15_000)
            QTimer.singleShot(20_000, tray.deleteLater)
        return self.reminder

    # -- actions -----------------------------------------------------------------------------------

    def open_shift(self) -> None:
        from app.ui.dialogs.shifts.open import OpenShiftDialog

        OpenShiftDialog(self.ctx, self.window).exec()

    def hand_over(self) -> None:
        from app.ui.dialogs.shifts.handover import open_handover

        dialog = open_handover(self.ctx, self.window)
        if dialog is not None:
            dialog.exec()

    def show_rota(self) -> None:
        from app.ui.dialogs.shifts.rota import RotaDialog

        RotaDialog(self.ctx, self.window).exec()

    def settings(self) -> None:
        from app.ui.dialogs.shifts.settings import ShiftSettingsDialog

        ShiftSettingsDialog(self.ctx, self.window).exec()

    def reprint(self) -> None:
        from app.ui.dialogs.shifts.handover import ReprintDialog

        dialog = ReprintDialog(self.ctx, self.window)
        if not dialog.rows:
            QMessageBox.information(self.window, self.tr("Reprint"), self.tr("No shift has been handed over yet."))
            return
        dialog.exec()


def install(window: Any) -> None:
    window.shifts = ShiftsController(window)
