"""The supply ledger dock (物资台账): stock view per depot / all depots with below-minimum,
negative and near-expiry rows standing out; item detail (stock card with running balance,
lots, serial units and custody, stock over time with the minimum line, exceptions); movement
dialogs with shortcuts; vouchers and count sheets printed as PDFs; .xlsx import and export.
Every change goes through app.services.supplies and is published on the bus."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from app import messages
from app.clock import ms_to_datetime
from app.errors import UserError
from app.reports import supplies_print, supplies_xlsx
from app.services import roles
from app.services.supplies import (
    balances,
    counts,
    custody,
    exceptions,
    move_refs,
    movements,
    vouchers,
    xlsx_import,
)
from app.services.supplies.common import depots, items, townships
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.accounts import Account
from app.ui import file_dialogs
from app.ui.panel_api import LoadWhenShown, Panel, PanelSpec, RecordRef, SessionContext
from app.ui.panels.supplies.counts_dialog import CountDialog
from app.ui.panels.supplies.dialogs import MovementDialog, ReasonDialog
from app.ui.panels.supplies.models import CardModel, DictModel, StockModel
from app.ui.panels.supplies.plot import StockPlot

PANEL_ID = "supplies"
SHORTCUTS = {"receive": "Ctrl+Alt+R", "issue": "Ctrl+Alt+I", "transfer": "Ctrl+Alt+T", "receive_transfer": "Ctrl+Alt+J",
             "return": "Ctrl+Alt+B", "writeoff": "Ctrl+Alt+W", "adjust": "Ctrl+Alt+A"}


class SuppliesPanel(Panel):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("suppliesPanel")
        self.zone = ctx.station.zone
        self.last_dir = Path.home()
        # filter bar
        self.depot = QComboBox()
        self.depot.setObjectName("suppliesDepot")
        self.search = QLineEdit()
        self.search.setObjectName("suppliesSearch")
        self.search.setPlaceholderText(self.tr("Search code, name, pinyin initials (e.g. csj)"))
        self.search.setClearButtonEnabled(True)
        self.below = QCheckBox(self.tr("Below minimum"))
        self.expiring = QComboBox()
        self.expiring.addItem(self.tr("Any expiry"), None)
        for days in (30, 60, 90):
            self.expiring.addItem(self.tr("Expiring in %1 days").replace("%1", str(days)), days)
        self.exception_label = QLabel()
        self.exception_label.setObjectName("suppliesExceptionCount")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Depot")))
        bar.addWidget(self.depot, 1)
        bar.addWidget(self.below)
        bar.addWidget(self.expiring)
        bar.addWidget(self.exception_label)
        bar2 = QHBoxLayout()
        bar2.addWidget(self.search, 1)
        # stock view
        self.stock_model = StockModel(self._date, self.ctx.db.wall)
        self.stock = QTableView()
        self.stock.setObjectName("suppliesStockTable")
        self.stock.setModel(self.stock_model)
        self._table_defaults(self.stock)
        # detail
        self.card_model = CardModel(self._time)
        self.card = QTableView()
        self.card.setObjectName("suppliesCardTable")
        self.card.setModel(self.card_model)
        self._table_defaults(self.card)
        self.lots_model = DictModel([(lambda: self.tr("Lot"), "lot"), (lambda: self.tr("Depot"), "depot"),
                                     (lambda: self.tr("On hand"), "on_hand"), (lambda: self.tr("Produced"), "produced"),
                                     (lambda: self.tr("Expires"), "expires"), (lambda: self.tr("Source"), "source"),
                                     (lambda: self.tr("Maker"), "maker")])
        self.lots = QTableView()
        self.lots.setModel(self.lots_model)
        self._table_defaults(self.lots)
        self.serial_model = DictModel([(lambda: self.tr("Serial"), "serial"), (lambda: self.tr("Status"), "status"),
                                       (lambda: self.tr("Holder / depot"), "where"), (lambda: self.tr("Since"), "since")],
                                      warn=lambda r: bool(r.get("conflict")))
        self.serials = QTableView()
        self.serials.setObjectName("suppliesSerialTable")
        self.serials.setModel(self.serial_model)
        self._table_defaults(self.serials)
        self.plot = StockPlot()
        self.exc_model = DictModel([(lambda: self.tr("Exception"), "text")])
        self.exc = QTableView()
        self.exc.setObjectName("suppliesExceptionTable")
        self.exc.setModel(self.exc_model)
        self._table_defaults(self.exc)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("suppliesTabs")
        self.tabs.addTab(self.card, self.tr("Stock card"))
        self.tabs.addTab(self.plot, self.tr("Over time"))
        self.tabs.addTab(self.lots, self.tr("Lots"))
        self.tabs.addTab(self.serials, self.tr("Serial units"))
        self.tabs.addTab(self.exc, self.tr("Exceptions"))
        split = self.split = QSplitter(Qt.Orientation.Vertical)
        self._split_sized = False
        split.addWidget(self.stock)
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addLayout(bar2)
        layout.addWidget(split, 1)
        self._build_actions()
        self._fill_depots()
        self.depot.currentIndexChanged.connect(lambda _i: self.refresh())
        self.search.textChanged.connect(lambda _t: self.refresh())
        self.below.toggled.connect(lambda _b: self.refresh())
        self.expiring.currentIndexChanged.connect(lambda _i: self.refresh())
        self.stock.selectionModel().currentRowChanged.connect(self._row_changed)
        self.stock.doubleClicked.connect(lambda _i: self.tabs.setCurrentWidget(self.card))
        ctx.bus.select_requested.connect(self._select_requested)
        self.loader = LoadWhenShown(self, self.refresh, defer=ctx.defer_hidden_loads)

    def sizeHint(self) -> QSize:
        return QSize(760, 560)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Stock view beside the detail in a wide dock, above it in a tall one."""
        size = event.size()
        wide = size.width() > 1.25 * size.height()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if orientation != self.split.orientation() or not self._split_sized:
            self.split.setOrientation(orientation)
            total = size.width() if wide else size.height()
            self.split.setSizes([int(total * 0.55), int(total * 0.45)])
            self._split_sized = True
        super().resizeEvent(event)

    # -- helpers ---------------------------------------------------------------------------------

    def _table_defaults(self, view: QTableView) -> None:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.verticalHeader().setVisible(False)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.horizontalHeader().setStretchLastSection(True)

    def _date(self, ms: int | None) -> str:
        return "" if ms is None else ms_to_datetime(ms).astimezone(self.zone).strftime("%Y-%m-%d")

    def _time(self, ms: int) -> str:
        return ms_to_datetime(ms).astimezone(self.zone).strftime("%Y-%m-%d %H:%M")

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
        labels = {"receive": self.tr("&Receipt (入库)…"), "issue": self.tr("&Issue (出库)…"),
                  "transfer": self.tr("&Transfer out (调出)…"), "receive_transfer": self.tr("Transfer &in (调入)…"),
                  "return": self.tr("Re&turn (退库)…"), "writeoff": self.tr("&Write-off (报废)…"),
                  "adjust": self.tr("&Adjustment (调整)…")}
        self.move_actions = {k: a(f"supplies_{k}", labels[k], self._opener(k), SHORTCUTS[k]) for k in labels}
        self.reverse_action = a("suppliesReverse", self.tr("Re&verse selected movement (冲销)…"), self.reverse,
                                "Ctrl+Alt+X", self.tr("Reverse the movement selected on the stock card; it stays, struck through"))
        self.voucher_no_action = a("suppliesVoucherNo", self.tr("Record &voucher no. of an emergency issue…"),
                                   self.record_voucher)
        self.print_action = a("suppliesPrintVoucher", self.tr("&Print voucher of selected movement…"), self.print_voucher,
                              "Ctrl+Alt+P")
        self.count_action = a("suppliesCount", self.tr("Stock-&take (盘点)…"), self.count, "Ctrl+Alt+C")
        self.import_action = a("suppliesImport", self.tr("Import Excel &ledger…"), self.import_xlsx)
        self.export_action = a("suppliesExport", self.tr("&Export view to Excel…"), self.export_xlsx, "Ctrl+Alt+E")
        self.find_action = a("suppliesFind", self.tr("&Find item"), self.search.setFocus, "Ctrl+Alt+F")
        self.refresh_action = a("suppliesRefresh", self.tr("Re&fresh"), self.refresh)
        self._update_actions()

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
                action.setToolTip(self.tr("Needs the storekeeper role (物资管理员)"))

    def _fill_depots(self) -> None:
        current = self.depot.currentData()
        self.depot.blockSignals(True)
        self.depot.clear()
        self.depot.addItem(self.tr("All depots"), None)
        with self.ctx.db.read() as conn:
            self.depots = depots(conn)
        for d in self.depots:
            self.depot.addItem(d.label, d.depot_id)
        at = self.depot.findData(current)
        self.depot.setCurrentIndex(max(at, 0))
        self.depot.blockSignals(False)

    def show_status(self, text: str) -> None:
        self.ctx.bus.status_message.emit(text)

    def publish(self, changes: Changes) -> None:
        self.ctx.bus.publish(changes)

    # -- views ---------------------------------------------------------------------------------------

    def refresh(self) -> None:
        selected = self.selected_row()
        key = (selected.depot_id, selected.item) if selected else None
        depot = self.depot.currentData()
        rows = balances.stock_view(self.ctx.db, depot=depot, below_min=self.below.isChecked(),
                                   expiring_days=self.expiring.currentData(), search=self.search.text())
        self.stock_model.set_rows(rows)
        self.stock.resizeColumnsToContents()
        found = self.exceptions = exceptions.exceptions(self.ctx.db)
        self.exc_model.set_rows(found)
        self.exception_label.setText(self.tr("⚠ %1 exceptions").replace("%1", str(len(found))) if found else "")
        self.tabs.setTabText(4, self.tr("Exceptions (%1)").replace("%1", str(len(found))))
        if key is not None:
            for i, r in enumerate(rows):
                if (r.depot_id, r.item) == key:
                    self.stock.selectRow(i)
                    return
        if rows and self.stock.currentIndex().row() < 0:
            self.stock.selectRow(0)

    def selected_row(self) -> balances.StockRow | None:
        index = self.stock.currentIndex()
        if not index.isValid() or index.row() >= len(self.stock_model.rows):
            return None
        return self.stock_model.rows[index.row()]

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.show_item()

    def show_item(self) -> None:
        row = self.selected_row()
        if row is None:
            for m in (self.card_model, self.lots_model, self.serial_model):
                m.set_rows([])
            return
        depot = self.depot.currentData()
        db = self.ctx.db
        self.card_model.set_rows(balances.stock_card(db, row.item, depot))
        self.card.resizeColumnsToContents()
        if self.card_model.rows:
            self.card.scrollToBottom()
        self.lots_model.set_rows(balances.lots_of(db, row.item))
        with db.read() as conn:
            states = custody.all_states(conn, row.item)
        names = {d.depot_id: d.name for d in self.depots}
        self.serial_model.set_rows([{
            "serial": s.serial, "status": s.status_label, "conflict": s.status == "conflict" or bool(s.conflicts),
            "where": " / ".join(h.name for h in s.holders) if s.holders else names.get(s.depot_id, ""),
            "since": self._time(s.since_ms) if s.since_ms else ""} for s in states])
        steps, minimum = balances.series(db, row.item, depot)
        where = self.depot.currentText()
        self.plot.show_series(f"{row.name}（{where}）", steps, minimum, db.wall(),
                              int(datetime.now(self.zone).utcoffset().total_seconds()))  # type: ignore[union-attr]

    def on_changes(self, changes: Changes) -> None:
        if any(t.startswith("stock_") for t in changes.tables):
            if "stock_depot" in changes:
                self._fill_depots()
            if not (self.loader.seen and self.isVisible()):
                self.loader.stale = True  # behind another tab: reload when seen
                return
            self.loader.run()
            self.show_item()

    def _select_requested(self, ref: RecordRef) -> None:
        if ref.panel != PANEL_ID:
            return
        self.loader.ensure()
        from app.storage.projections.supplies import MOVE

        with self.ctx.db.read() as conn:
            row = conn.execute(select(MOVE.c.item, MOVE.c.depot_id).where(MOVE.c.move_id == ref.key)).first()
        if row is None:
            return
        self.depot.setCurrentIndex(0)
        self.search.clear()
        self.below.setChecked(False)
        self.expiring.setCurrentIndex(0)
        for i, r in enumerate(self.stock_model.rows):
            if r.item == row.item and r.depot_id == row.depot_id:
                self.stock.selectRow(i)
                break
        for i, c in enumerate(self.card_model.rows):
            if c.move_id == ref.key:
                self.tabs.setCurrentWidget(self.card)
                self.card.selectRow(i)
                break

    # -- actions -------------------------------------------------------------------------------------

    def _leaders(self) -> list[tuple[str, str]]:
        acc = table(Account)
        with self.ctx.db.read() as conn:
            rows = conn.execute(select(acc.c.username, acc.c.display_name, acc.c.roles)
                                .where(acc.c.disabled.is_(False)).order_by(acc.c.username)).all()
        return [(r.username, r.display_name or r.username) for r in rows if roles.LEADER in r.roles.split()]

    def _places(self) -> list[str]:
        with self.ctx.db.read() as conn:
            towns = townships(conn)
        return towns + [f"{t}/" for t in towns] + ["team:", "incident:", "person:", "unit:"]

    def _transfers(self) -> list[tuple[str, str]]:
        own = {d.depot_id for d in self.depots if self.ctx.db.station_id in (d.station_id, d.stock_owner)}
        names = {d.depot_id: d.name for d in self.depots}
        return [(t.move_id, f"{t.no}  {names.get(t.from_depot, '')} → {names.get(t.to_depot, '')}  {t.item} ×{t.left}")
                for t in move_refs.open_transfers(self.ctx.db, own)]

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
            text = self.tr("Recorded %1").replace("%1", result.no)
            if result.warning:
                QMessageBox.warning(self, self.tr("Supplies"), result.warning)
            self.show_status(text)
            if dialog.print_after:
                self.print_voucher(result.no)
        return dialog

    def selected_move(self) -> Any:
        index = self.card.currentIndex()
        if not index.isValid() or index.row() >= len(self.card_model.rows):
            return None
        return self.card_model.rows[index.row()]

    def reverse(self) -> None:
        line = self.selected_move()
        if line is None:
            self.show_status(self.tr("Select a movement on the stock card first"))
            return
        dialog = ReasonDialog(self.tr("Reverse %1").replace("%1", line.no),
                              self.tr("Reason of the reversal (the original stays, struck through):"),
                              lambda reason: movements.reverse(self.ctx.db, self.ctx.actor, line.no, reason=reason), self)
        self.last_dialog = dialog  # type: ignore[assignment]
        if dialog.exec() and dialog.value is not None:
            self.publish(dialog.value.changes)
            self.show_status(self.tr("Recorded %1").replace("%1", dialog.value.no))

    def record_voucher(self) -> None:
        line = self.selected_move()
        if line is None or line.type != "issue":
            self.show_status(self.tr("Select an issue on the stock card first"))
            return
        dialog = ReasonDialog(self.tr("Voucher of %1").replace("%1", line.no), self.tr("Voucher number:"),
                              lambda v: movements.record_voucher(self.ctx.db, self.ctx.actor, line.no, v), self)
        self.last_dialog = dialog  # type: ignore[assignment]
        if dialog.exec() and dialog.value is not None:
            self.publish(dialog.value)

    def _save_path(self, title: str, name: str, pattern: str) -> Path | None:
        path = file_dialogs.save_file(self, title, str(self.last_dir / name), pattern)
        if not path:
            return None
        self.last_dir = Path(path).parent
        return Path(path)

    def print_voucher(self, no: str | None = None) -> None:
        if no is None:
            line = self.selected_move()
            if line is None:
                self.show_status(self.tr("Select a movement on the stock card first"))
                return
            no = line.no
        path = self._save_path(self.tr("Save voucher as PDF"), f"{no}.pdf", "PDF (*.pdf)")
        if path is None:
            return
        try:
            supplies_print.render_voucher(vouchers.voucher_data(self.ctx.db, no), path, messages.language())
        except UserError as error:
            QMessageBox.warning(self, self.tr("Supplies"), error.message)
            return
        self.show_status(self.tr("Voucher saved: %1").replace("%1", str(path)))

    def print_count_sheet(self, no: str) -> None:
        path = self._save_path(self.tr("Save count sheet as PDF"), f"{no}.pdf", "PDF (*.pdf)")
        if path is None:
            return
        supplies_print.render_count_sheet(vouchers.count_sheet_data(self.ctx.db, counts.info(self.ctx.db, no)), path,
                                          messages.language())
        self.show_status(self.tr("Count sheet saved: %1").replace("%1", str(path)))

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
            QMessageBox.warning(self, self.tr("Supplies"), error.message)
            return
        dialog = CountDialog(self.ctx.db, self.ctx.actor, no, self.publish, self.print_count_sheet, self)
        self.last_dialog = dialog  # type: ignore[assignment]
        dialog.exec()

    def import_xlsx(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Import Excel ledger"), str(self.last_dir),
                                               "Excel (*.xlsx)")
        if not path:
            return
        try:
            plan = xlsx_import.read(self.ctx.db, Path(path))
        except UserError as error:
            QMessageBox.warning(self, self.tr("Import Excel ledger"), error.message)
            return
        preview = "\n".join(plan.describe(committed=False)[-30:])
        if plan.errors:
            QMessageBox.warning(self, self.tr("Import Excel ledger"), "\n".join(plan.errors[:30]))
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Import Excel ledger"), preview,
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setInformativeText(self.tr("Import these rows?"))
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            xlsx_import.commit(self.ctx.db, self.ctx.actor, plan)
        except UserError as error:
            QMessageBox.warning(self, self.tr("Import Excel ledger"), error.message)
            return
        self.publish(Changes(tables={"stock_line": {"*"}, "stock_item": {"*"}}))

    def export_xlsx(self) -> None:
        view = self.stock if self.stock.hasFocus() or not self.tabs.currentWidget().hasFocus() else self.tabs.currentWidget()
        model = view.model() if isinstance(view, QTableView) else self.stock_model
        headers, rows = model.row_values()  # type: ignore[attr-defined]
        path = self._save_path(self.tr("Export view to Excel"), f"{self.tr('Stock')}.xlsx", "Excel (*.xlsx)")
        if path is None:
            return
        marked = self.stock_model.marked() if model is self.stock_model else []
        try:
            supplies_xlsx.write_table(path, self.depot.currentText(), headers, rows, marked)
        except UserError as error:
            QMessageBox.warning(self, self.tr("Supplies"), error.message)
            return
        self.show_status(self.tr("Exported: %1").replace("%1", str(path)))


def _title() -> str:
    return QCoreApplication.translate("SuppliesPanel", "Supplies")


def _create(ctx: SessionContext) -> Panel:
    return SuppliesPanel(ctx)


SPEC = PanelSpec(
    panel_id=PANEL_ID,
    title=_title,
    create=_create,
    area=Qt.DockWidgetArea.RightDockWidgetArea,
    order=20,
    menu_title=_title,
)
