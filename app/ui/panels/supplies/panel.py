"""The supply ledger dock (物资台账): stock view per depot / all depots with below-minimum,
negative and near-expiry rows standing out; item detail (stock card with running balance,
lots, serial units and custody, stock over time with the minimum line, exceptions); movement
dialogs with shortcuts; vouchers and count sheets printed as PDFs; .xlsx import and export.
Every change goes through app.services.supplies and is published on the bus.

This module builds the panel's widgets; its parts are mixed in: `stock_view` (the stock table),
`item_detail` (the selected item's stock card, lots, serials, plot), `actions` (menu, shortcuts,
movement dialogs, stock-take) and `output` (PDFs, Excel import and export)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.clock import ms_to_datetime
from app.services.supplies.common import depots
from app.storage.changes import Changes
from app.ui.panel_api import LoadWhenShown, Panel, PanelSpec, SessionContext
from app.ui.panels.supplies.actions import SHORTCUTS, SupplyActions
from app.ui.panels.supplies.item_detail import ItemDetail
from app.ui.panels.supplies.models import CardModel, DictModel, StockModel
from app.ui.panels.supplies.output import SupplyOutput
from app.ui.panels.supplies.parts import PANEL_ID
from app.ui.panels.supplies.plot import StockPlot
from app.ui.panels.supplies.stock_view import StockView

__all__ = ["PANEL_ID", "SHORTCUTS", "SPEC", "SuppliesPanel"]


class SuppliesPanel(SupplyActions, SupplyOutput, StockView, ItemDetail, Panel):
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

    # -- changes -------------------------------------------------------------------------------------

    def on_changes(self, changes: Changes) -> None:
        if any(t.startswith("stock_") for t in changes.tables):
            if "stock_depot" in changes:
                self._fill_depots()
            if not (self.loader.seen and self.isVisible()):
                self.loader.stale = True  # behind another tab: reload when seen
                return
            self.loader.run()
            self.show_item()


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
