"""The duty log panel's actions on entries: the menu and shortcuts, recording, amending,
instructions, actions taken, notifications, closing, reopening, voiding."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
)

from app.errors import UserError
from app.services import duty_log, roles
from app.services.duty_log import EntryRow
from app.storage.changes import Changes
from app.ui.panels.duty_log.dialogs import (
    ActionDialog,
    AmendDialog,
    InstructionDialog,
    NotificationDialog,
    ServiceDialog,
    VoidDialog,
)
from app.ui.panels.duty_log.entry_form import EntryForm
from app.ui.panels.duty_log.parts import DutyLogParts

WRITERS = (roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER)
INSTRUCTORS = (roles.LEADER, roles.SHIFT_LEAD)
VOIDERS = (roles.SHIFT_LEAD, roles.LEADER)


class EntryActions(DutyLogParts):
    """Part of `DutyLogPanel` (see its module)."""

    # -- set-up --------------------------------------------------------------------------------------

    def _make_action(self, name: str, text: str, slot: Callable[[], Any], shortcut: str | None = None,
                     *, window_wide: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut if window_wide
                                      else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._make_action
        self.new_action = a("dutyLogNew", QCoreApplication.translate("DutyLogPanel", "&New entry…"), self.new_entry, "Ctrl+N", window_wide=True,
                            tip=QCoreApplication.translate("DutyLogPanel", "Record a call, fax, message or report (Ctrl+N)"))
        self.find_action = a("dutyLogFind", QCoreApplication.translate("DutyLogPanel", "&Find…"), self.filter_bar.focus_search, "Ctrl+F")
        self.goto_action = a("dutyLogGoTo", QCoreApplication.translate("DutyLogPanel", "&Go to number…"), self.go_to_number, "Ctrl+G")
        self.amend_action = a("dutyLogAmend", QCoreApplication.translate("DutyLogPanel", "&Amend field…"), self.amend, "Ctrl+E",
                              tip=QCoreApplication.translate("DutyLogPanel", "Correct a field; the old value stays, struck through"))
        self.instruction_action = a("dutyLogInstruction", QCoreApplication.translate("DutyLogPanel", "Leader's &instruction…"), self.add_instruction,
                                    "Ctrl+I")
        self.act_action = a("dutyLogAct", QCoreApplication.translate("DutyLogPanel", "Action &taken…"), self.add_action, "Ctrl+T")
        self.notify_action = a("dutyLogNotify", QCoreApplication.translate("DutyLogPanel", "&Notification…"), self.add_notification, "Ctrl+Shift+N")
        self.close_action = a("dutyLogClose", QCoreApplication.translate("DutyLogPanel", "&Close entry"), self.close_entry, "Ctrl+D")
        self.reopen_action = a("dutyLogReopen", QCoreApplication.translate("DutyLogPanel", "&Reopen entry"), self.reopen_entry, "Ctrl+Shift+D")
        self.void_action = a("dutyLogVoid", QCoreApplication.translate("DutyLogPanel", "&Void entry…"), self.void_entry,
                             tip=QCoreApplication.translate("DutyLogPanel", "Void a wrong entry with a reason (it stays, struck through)"))
        self.open_items_action = a("dutyLogOpenItems", QCoreApplication.translate("DutyLogPanel", "&Open items only"), self.toggle_open_items,
                                   "Ctrl+Shift+O", window_wide=True)
        self.open_items_action.setCheckable(True)
        self.overdue_action = a("dutyLogOverdueItems", QCoreApplication.translate("DutyLogPanel", "O&verdue items only"), lambda: self.show_status("overdue"))
        self.clear_action = a("dutyLogClearFilters", QCoreApplication.translate("DutyLogPanel", "C&lear filters"), self.filter_bar.reset,
                              "Ctrl+Shift+L")
        self.refresh_action = a("dutyLogRefresh", QCoreApplication.translate("DutyLogPanel", "Re&fresh"), self.refresh, "F5")
        self.export_action = a("dutyLogExport", QCoreApplication.translate("DutyLogPanel", "&Export view to Excel…"), self.export_dialog,
                               "Ctrl+Shift+E")
        self.print_action = a("dutyLogPrint", QCoreApplication.translate("DutyLogPanel", "&Print view…"), self.print_dialog, "Ctrl+P")
        self.table.addActions([self.amend_action, self.instruction_action, self.act_action, self.notify_action,
                               self.close_action, self.reopen_action, self.void_action])

    def menu_actions(self) -> list[QAction]:
        separator = [QAction(self), QAction(self), QAction(self)]
        for s in separator:
            s.setSeparator(True)
        return [self.new_action, self.find_action, self.goto_action, separator[0],
                self.amend_action, self.instruction_action, self.act_action, self.notify_action,
                self.close_action, self.reopen_action, self.void_action, separator[1],
                self.open_items_action, self.overdue_action, self.clear_action, self.refresh_action, separator[2],
                self.export_action, self.print_action]


    # -- recording -----------------------------------------------------------------------------------

    def _require(self, *any_of: str) -> bool:
        try:
            self.ctx.actor.require(*any_of)
        except UserError as error:
            self._warn(error.message)
            return False
        return True

    def _warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("DutyLogPanel", "Duty log"), text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("dutyLogWarning")
        box.open()
        self.last_dialog = box

    def new_entry(self) -> EntryForm | None:
        if not self._require(*WRITERS):
            return None
        if self.entry_form is not None and self.entry_form.isVisible():
            self.entry_form.raise_()
            self.entry_form.activateWindow()
            return self.entry_form
        form = EntryForm(self.ctx.db, self.ctx.actor, self.zone, self.townships, self)
        form.accepted.connect(lambda f=form: self._entry_saved(f))
        form.finished.connect(lambda _r: setattr(self, "entry_form", None))
        self.entry_form = form
        form.open()
        form.direction.setFocus(Qt.FocusReason.OtherFocusReason)
        return form

    def _entry_saved(self, form: EntryForm) -> None:
        if form.changes is not None:
            self.ctx.bus.publish(form.changes)
        if form.saved is not None:
            row = self.model.find_row(form.saved.id, 0)
            if row >= 0:
                self.select_row(row)
            else:
                self._show_detail(form.saved.id)
            self._show_message(QCoreApplication.translate("DutyLogPanel", "Saved as %1").replace("%1", form.saved.display_no))

    def _run_dialog(self, dialog: ServiceDialog, done: str) -> ServiceDialog:
        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.changes is not None:
                self.ctx.bus.publish(dialog.changes)
                self._show_message(done.replace("%1", dialog.entry.display_no))
        dialog.finished.connect(finished)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _target(self) -> EntryRow | None:
        entry = self.current_detail_entry()
        if entry is None:
            self._show_message(QCoreApplication.translate("DutyLogPanel", "Select an entry first."))
        return entry

    def amend(self, field: str | None = None) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*WRITERS):
            return None
        dialog = AmendDialog(self.ctx.db, self.ctx.actor, entry, self.zone, self.townships, field, self)
        return self._run_dialog(dialog, QCoreApplication.translate("DutyLogPanel", "%1 amended"))

    def add_instruction(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*WRITERS):  # an operator writes down one given by phone
            return None
        dialog = InstructionDialog(self.ctx.db, self.ctx.actor, entry, self.leaders, self)
        return self._run_dialog(dialog, QCoreApplication.translate("DutyLogPanel", "Instruction recorded for %1"))

    def add_action(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*WRITERS):
            return None
        return self._run_dialog(ActionDialog(self.ctx.db, self.ctx.actor, entry, self),
                                QCoreApplication.translate("DutyLogPanel", "Action recorded for %1"))

    def add_notification(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*WRITERS):
            return None
        return self._run_dialog(NotificationDialog(self.ctx.db, self.ctx.actor, entry, self.zone, self),
                                QCoreApplication.translate("DutyLogPanel", "Notification recorded for %1"))

    def void_entry(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*VOIDERS):
            return None
        return self._run_dialog(VoidDialog(self.ctx.db, self.ctx.actor, entry, self), QCoreApplication.translate("DutyLogPanel", "%1 voided"))

    def _call(self, call: Callable[..., Changes], *args: Any) -> bool:
        try:
            changes = call(self.ctx.db, self.ctx.actor, *args)
        except UserError as error:
            self._warn(error.message)
            return False
        self.ctx.bus.publish(changes)
        return True

    def close_entry(self) -> bool:
        entry = self._target()
        if entry is None:
            return False
        if self._call(duty_log.close_entry, entry.id):
            self._show_message(QCoreApplication.translate("DutyLogPanel", "%1 closed").replace("%1", entry.display_no))
            return True
        return False

    def reopen_entry(self) -> bool:
        entry = self._target()
        if entry is None:
            return False
        if self._call(duty_log.reopen_entry, entry.id):
            self._show_message(QCoreApplication.translate("DutyLogPanel", "%1 reopened").replace("%1", entry.display_no))
            return True
        return False
