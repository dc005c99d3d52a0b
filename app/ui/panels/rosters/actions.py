"""What the rosters panel does: its menu (every action with its shortcut) and the work behind
each — unit status (S then 1–4), the call list, the status board, new unit / member, a member
leaving, phone verification and flags, .xlsx import and export. Each change goes through
`app.services.rosters`, is published on the bus and comes back to the panel in `on_changes`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.errors import UserError
from app.services.rosters import people, phones, xlsx
from app.services.rosters.common import EDITORS, STATUS_SETTERS
from app.ui import file_dialogs
from app.ui.panels.rosters.board import StatusBoard, status_text
from app.ui.panels.rosters.calllist_dialog import CallListDialog
from app.ui.panels.rosters.dialogs import ImportDialog, MemberDialog, StatusPopup, UnitDialog
from app.ui.panels.rosters.parts import RostersParts


class RosterActions(RostersParts):
    """The panel's menu actions and what they do."""

    # -- menu --------------------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[[], Any], shortcut: str | None, name: str) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        self._actions.append(action)
        return action

    def _build_actions(self) -> None:
        self._action(QCoreApplication.translate("RostersPanel", "Change unit status… (S, 1–4)"),
                     self.change_status, None, "rosterStatus")
        self._action(QCoreApplication.translate("RostersPanel", "Call list…"),
                     self.show_calllist, "Ctrl+Shift+L", "rosterCallList")
        self._action(QCoreApplication.translate("RostersPanel", "Status board"),
                     self.show_board, "Ctrl+B", "rosterBoard")
        self._action(QCoreApplication.translate("RostersPanel", "New unit…"),
                     self.new_unit, None, "rosterNewUnit")
        self._action(QCoreApplication.translate("RostersPanel", "New member…"),
                     self.new_member, None, "rosterNewMember")
        self._action(QCoreApplication.translate("RostersPanel", "Mark member left…"),
                     self.leave_member, None, "rosterLeave")
        self._action(QCoreApplication.translate("RostersPanel", "Member's numbers verified now"),
                     self.verify_member, None, "rosterVerifyMember")
        self._action(QCoreApplication.translate("RostersPanel", "Flag a number of the member…"),
                     self.flag_number, None, "rosterFlagNumber")
        self._action(QCoreApplication.translate("RostersPanel", "Verify selected numbers now"),
                     self.verify_selected, "Ctrl+Shift+V", "rosterVerify")
        self._action(QCoreApplication.translate("RostersPanel", "Import from .xlsx…"),
                     self.import_dialog, None, "rosterImport")
        self._action(QCoreApplication.translate("RostersPanel", "Export to .xlsx…"),
                     self.export_dialog, None, "rosterExport")
        self._action(QCoreApplication.translate("RostersPanel", "Refresh"),
                     self.refresh, "F5", "rosterRefresh")

    def menu_actions(self) -> list[QAction]:
        return list(self._actions)

    # -- doing -------------------------------------------------------------------------------------

    def _require(self, roles: tuple[str, ...]) -> bool:
        try:
            self.ctx.actor.require(*roles)
        except UserError as error:
            self._warn(error.message)
            return False
        return True

    def _warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("RostersPanel", "Rosters"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("rosterWarning")
        box.open()
        self.last_dialog = box

    def _publish_when_done(self, dialog: Any, done: Callable[[Any], None] | None = None) -> Any:
        def finished(result: int) -> None:
            if result and dialog.changes:
                self.ctx.bus.publish(dialog.changes)
                if done is not None:
                    done(dialog)
        dialog.finished.connect(finished)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def change_status(self) -> StatusPopup | None:
        node = self.current_unit()
        if node is None or not self._require(STATUS_SETTERS):
            return None
        popup = StatusPopup(self.ctx.db, self.ctx.actor, node, self)

        def done(d: StatusPopup) -> None:
            self.ctx.bus.status_message.emit(QCoreApplication.translate("RostersPanel", "%1: %2")
                                             .replace("%1", node.name).replace("%2", status_text(d.chosen)))
        return self._publish_when_done(popup, done)

    def show_calllist(self) -> CallListDialog:
        node = self.current_unit()
        town = self.township.currentData() or ""
        dialog = CallListDialog(self.ctx, self.townships, [node.id] if node and not town else [], town, self)
        dialog.finished.connect(lambda _r: self.ctx.bus.publish(dialog.changes))
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def show_board(self) -> StatusBoard:
        if self.board is None:
            self.board = StatusBoard(self.ctx.db)
        self.board.refresh()
        self.board.show()
        self.board.raise_()
        return self.board

    def new_unit(self) -> UnitDialog | None:
        if not self._require(EDITORS):
            return None
        return self._publish_when_done(UnitDialog(self.ctx.db, self.ctx.actor, self.townships, self.current_unit(),
                                                  self))

    def new_member(self) -> MemberDialog | None:
        if not self._require(EDITORS):
            return None
        return self._publish_when_done(MemberDialog(self.ctx.db, self.ctx.actor, self.current_unit(), self))

    def leave_member(self) -> bool:
        person = self.current_person()
        if not person or not self._require(EDITORS):
            return False
        try:
            changes = people.leave(self.ctx.db, self.ctx.actor, person)
        except UserError as error:
            self._warn(error.message)
            return False
        self.ctx.bus.publish(changes)
        return True

    def verify_member(self) -> int:
        """Verified-now for every callable number of the selected member (after calling them)."""
        person = self.current_person()
        if not person or not self._require(STATUS_SETTERS):
            return 0
        ids = [p["id"] for p in people.person_detail(self.ctx.db, person)["phones"] if p["callable"]]
        try:
            changes = phones.verify_ids(self.ctx.db, self.ctx.actor, ids)
        except UserError as error:
            self._warn(error.message)
            return 0
        self.ctx.bus.publish(changes)
        return len(ids)

    def flag_number(self, choice: tuple[str, str] | None = None) -> bool:
        """Mark one of the member's numbers invalid / do-not-call (or clear the flag)."""
        person = self.current_person()
        if not person or not self._require(STATUS_SETTERS):
            return False
        listed = people.person_detail(self.ctx.db, person)["phones"]
        if not listed:
            return False
        options = {
            QCoreApplication.translate("RostersPanel", "%1: invalid").replace("%1", p["number"]):
                (p["id"], "invalid", not p["invalid"])
            for p in listed
        } | {
            QCoreApplication.translate("RostersPanel", "%1: do not call").replace("%1", p["number"]):
                (p["id"], "do_not_call", not p["do_not_call"])
            for p in listed
        }
        if choice is None:
            picked, ok = QInputDialog.getItem(self, QCoreApplication.translate("RostersPanel", "Flag a number"),
                                              QCoreApplication.translate("RostersPanel", "Toggle which flag?"),
                                              list(options), 0, False)
            if not ok:
                return False
        else:
            picked = next(k for k, v in options.items() if (v[0], v[1]) == choice)
        phone_id, field, value = options[picked]
        try:
            changes = phones.edit_phone(self.ctx.db, self.ctx.actor, person, phone_id, field, value)
        except UserError as error:
            self._warn(error.message)
            return False
        self.ctx.bus.publish(changes)
        return True

    def verify_selected(self) -> int:
        rows = sorted({i.row() for i in self.stale.selectionModel().selectedRows()})
        ids = [self.stale_rows[r].phone_id for r in rows if r < len(self.stale_rows)]
        if not ids or not self._require(STATUS_SETTERS):
            return 0
        try:
            changes = phones.verify_ids(self.ctx.db, self.ctx.actor, ids)
        except UserError as error:
            self._warn(error.message)
            return 0
        self.ctx.bus.publish(changes)
        return len(ids)

    def import_dialog(self) -> None:
        path = file_dialogs.open_file(self, QCoreApplication.translate("RostersPanel", "Import roster"), "",
                                      "Excel (*.xlsx)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> ImportDialog | None:
        if not self._require(EDITORS):
            return None
        return self._publish_when_done(ImportDialog(self.ctx.db, self.ctx.actor, path, self))

    def export_dialog(self) -> None:
        path = file_dialogs.save_file(self, QCoreApplication.translate("RostersPanel", "Export roster"), "花名册.xlsx",
                                      "Excel (*.xlsx)")
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> int:
        node = self.current_unit()
        town = self.township.currentData() or ""
        try:
            count = xlsx.export(self.ctx.db, path, unit_ids=[node.id] if node and not town else None, township=town)
        except UserError as error:
            self._warn(error.message)
            return 0
        self.ctx.bus.status_message.emit(QCoreApplication.translate("RostersPanel", "Exported %1 people to %2")
                                         .replace("%1", str(count)).replace("%2", str(path)))
        return count
