"""The supplies panel's actions: the menu and shortcuts (enabled for storekeepers), and the
dialogs they open to record movements (入库, 出库, 调出, 调入, 退库, 报废, 调整), reverse one
(冲销), record an emergency issue's voucher number and take stock (盘点)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox

from app.errors import UserError
from app.services import accounts, roles
from app.services.supplies import counts, move_refs, movements
from app.services.supplies.common import items, townships
from app.ui.panels.supplies.counts_dialog import CountDialog
from app.ui.panels.supplies.dialogs import MovementDialog, ReasonDialog
from app.ui.panels.supplies.parts import SuppliesParts

SHORTCUTS = {"receive": "Ctrl+Alt+R", "issue": "Ctrl+Alt+I", "transfer": "Ctrl+Alt+T", "receive_transfer": "Ctrl+Alt+J",
             "return": "Ctrl+Alt+B", "writeoff": "Ctrl+Alt+W", "adjust": "Ctrl+Alt+A"}


class SupplyActions(SuppliesParts):
    """Part of `SuppliesPanel` (see its module)."""

    # -- the menu ------------------------------------------------------------------------------------

    def _make_action(self, name: str, text: str, slot: Callable[[], Any], shortcut: str | None = None,
                     tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._make_action
        labels = {"receive": QCoreApplication.translate("SuppliesPanel", "&Receipt (入库)…"),
                  "issue": QCoreApplication.translate("SuppliesPanel", "&Issue (出库)…"),
                  "transfer": QCoreApplication.translate("SuppliesPanel", "&Transfer out (调出)…"),
                  "receive_transfer": QCoreApplication.translate("SuppliesPanel", "Transfer &in (调入)…"),
                  "return": QCoreApplication.translate("SuppliesPanel", "Re&turn (退库)…"),
                  "writeoff": QCoreApplication.translate("SuppliesPanel", "&Write-off (报废)…"),
                  "adjust": QCoreApplication.translate("SuppliesPanel", "&Adjustment (调整)…")}
        self.move_actions = {k: a(f"supplies_{k}", labels[k], self._opener(k), SHORTCUTS[k]) for k in labels}
        self.reverse_action = a("suppliesReverse",
                                QCoreApplication.translate("SuppliesPanel", "Re&verse selected movement (冲销)…"),
                                self.reverse, "Ctrl+Alt+X",
                                QCoreApplication.translate(
                                    "SuppliesPanel",
                                    "Reverse the movement selected on the stock card; it stays, struck through"))
        self.voucher_no_action = a("suppliesVoucherNo",
                                   QCoreApplication.translate("SuppliesPanel",
                                                              "Record &voucher no. of an emergency issue…"),
                                   self.record_voucher)
        self.print_action = a("suppliesPrintVoucher",
                              QCoreApplication.translate("SuppliesPanel", "&Print voucher of selected movement…"),
                              self.print_voucher, "Ctrl+Alt+P")
        self.count_action = a("suppliesCount", QCoreApplication.translate("SuppliesPanel", "Stock-&take (盘点)…"),
                              self.count, "Ctrl+Alt+C")
        self.import_action = a("suppliesImport", QCoreApplication.translate("SuppliesPanel", "Import Excel &ledger…"),
                               self.import_xlsx)
        self.export_action = a("suppliesExport", QCoreApplication.translate("SuppliesPanel", "&Export view to Excel…"),
                               self.export_xlsx, "Ctrl+Alt+E")
        self.find_action = a("suppliesFind", QCoreApplication.translate("SuppliesPanel", "&Find item"),
                             self.search.setFocus, "Ctrl+Alt+F")
        # the keys every panel answers to, here only while the focus is in this panel (the duty log's
        # own Ctrl+F and Ctrl+P are scoped the same way, so neither is ambiguous)
        for keys, slot in (("Ctrl+F", self.search.setFocus), ("Ctrl+P", self._print_if_enabled)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.refresh_action = a("suppliesRefresh", QCoreApplication.translate("SuppliesPanel", "Re&fresh"),
                                self.refresh)
        self._update_actions()

    def _print_if_enabled(self) -> None:
        if self.print_action.isEnabled():
            self.print_voucher()

    def _opener(self, kind: str) -> Callable[[], Any]:
        return lambda: self.movement(kind)

    def menu_actions(self) -> list[QAction]:
        sep = QAction(self)
        sep.setSeparator(True)
        sep2 = QAction(self)
        sep2.setSeparator(True)
        return [*self.move_actions.values(), sep, self.reverse_action, self.voucher_no_action, self.print_action,
                self.count_action, sep2, self.import_action, self.export_action, self.find_action, self.refresh_action]

    def _update_actions(self) -> None:
        keeper = self.ctx.actor.has(roles.STOREKEEPER)
        for action in (*self.move_actions.values(), self.reverse_action, self.voucher_no_action, self.count_action,
                       self.import_action):
            action.setEnabled(keeper)
            if not keeper:
                action.setToolTip(QCoreApplication.translate("SuppliesPanel", "Needs the storekeeper role (物资管理员)"))

    # -- what the movement dialog offers ---------------------------------------------------------------

    def _leaders(self) -> list[tuple[str, str]]:
        people = accounts.list_accounts(self.ctx.db, include_disabled=False, include_foreign=True)
        return [(p.username, p.display_name or p.username) for p in people if roles.LEADER in p.roles]

    def _places(self) -> list[str]:
        with self.ctx.db.read() as conn:
            towns = townships(conn)
        return towns + [f"{t}/" for t in towns] + ["team:", "incident:", "person:", "unit:"]

    def _transfers(self) -> list[tuple[str, str]]:
        own = {d.depot_id for d in self.depots if self.ctx.db.station_id in (d.station_id, d.stock_owner)}
        names = {d.depot_id: d.name for d in self.depots}
        return [(t.move_id, f"{t.no}  {names.get(t.from_depot, '')} → {names.get(t.to_depot, '')}  {t.item} ×{t.left}")
                for t in move_refs.open_transfers(self.ctx.db, own)]

    # -- recording -----------------------------------------------------------------------------------

    def movement(self, kind: str, preset: dict[str, Any] | None = None) -> MovementDialog | None:
        with self.ctx.db.read() as conn:
            all_items = items(conn)
        row = self.selected_row()
        preset = dict(preset or {})
        if row is not None and kind != "receive_transfer":
            preset.setdefault("item", row.item)
            preset.setdefault("depot", row.depot_id)
        dialog = MovementDialog(kind, self.ctx.db, self.ctx.actor, self.depots, all_items, self._leaders(),
                                self._places(), self, preset=preset,
                                transfers=self._transfers() if kind == "receive_transfer" else None)
        self.last_dialog = dialog
        if dialog.exec() and dialog.result_value is not None:
            result = dialog.result_value
            self.publish(result.changes)
            text = QCoreApplication.translate("SuppliesPanel", "Recorded %1").replace("%1", result.no)
            if result.warning:
                QMessageBox.warning(self, QCoreApplication.translate("SuppliesPanel", "Supplies"), result.warning)
            self.show_status(text)
            if dialog.print_after:
                self.print_voucher(result.no)
        return dialog

    def reverse(self) -> None:
        line = self.selected_move()
        if line is None:
            self.show_status(QCoreApplication.translate("SuppliesPanel", "Select a movement on the stock card first"))
            return
        dialog = ReasonDialog(QCoreApplication.translate("SuppliesPanel", "Reverse %1").replace("%1", line.no),
                              QCoreApplication.translate("SuppliesPanel",
                                                         "Reason of the reversal (the original stays, struck through):"),
                              lambda reason: movements.reverse(self.ctx.db, self.ctx.actor, line.no, reason=reason), self)
        self.last_dialog = dialog  # type: ignore[assignment]
        if dialog.exec() and dialog.value is not None:
            self.publish(dialog.value.changes)
            self.show_status(QCoreApplication.translate("SuppliesPanel", "Recorded %1").replace("%1", dialog.value.no))

    def record_voucher(self) -> None:
        line = self.selected_move()
        if line is None or line.type != "issue":
            self.show_status(QCoreApplication.translate("SuppliesPanel", "Select an issue on the stock card first"))
            return
        dialog = ReasonDialog(QCoreApplication.translate("SuppliesPanel", "Voucher of %1").replace("%1", line.no),
                              QCoreApplication.translate("SuppliesPanel", "Voucher number:"),
                              lambda v: movements.record_voucher(self.ctx.db, self.ctx.actor, line.no, v), self)
        self.last_dialog = dialog  # type: ignore[assignment]
        if dialog.exec() and dialog.value is not None:
            self.publish(dialog.value)

    def count(self) -> None:
        """Open the newest unposted count of the chosen depot, or start one."""
        depot = self.depot.currentData() or next((d.depot_id for d in self.depots
                                                  if d.station_id == self.ctx.db.station_id), None)
        if depot is None:
            return
        open_counts = [c for c in counts.counts(self.ctx.db, depot) if not c.posted]
        try:
            if open_counts:
                no = open_counts[0].no
            else:
                changes, no = counts.start(self.ctx.db, self.ctx.actor, depot)
                self.publish(changes)
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("SuppliesPanel", "Supplies"), error.message)
            return
        dialog = CountDialog(self.ctx.db, self.ctx.actor, no, self.publish, self.print_count_sheet, self)
        self.last_dialog = dialog  # type: ignore[assignment]
        dialog.exec()
