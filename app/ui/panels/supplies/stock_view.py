"""The supplies panel's stock view (the table of stock per depot or over all depots): loading it
with the filter bar's choices and the exception count, the selected row, and going to a
movement selected from elsewhere (another panel, a command)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex

from app.services.supplies import balances, exceptions, move_refs
from app.ui.panel_api import RecordRef
from app.ui.panels.supplies.parts import PANEL_ID, SuppliesParts


class StockView(SuppliesParts):
    """Part of `SuppliesPanel` (see its module)."""

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
        self.exception_label.setText(QCoreApplication.translate("SuppliesPanel", "⚠ %1 exceptions").replace("%1", str(len(found)))
                                     if found else "")
        self.tabs.setTabText(4, QCoreApplication.translate("SuppliesPanel", "Exceptions (%1)").replace("%1", str(len(found))))
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

    def _select_requested(self, ref: RecordRef) -> None:
        if ref.panel != PANEL_ID:
            return
        self.loader.ensure()
        place = move_refs.move_place(self.ctx.db, ref.key)
        if place is None:
            return
        self.depot.setCurrentIndex(0)
        self.search.clear()
        self.below.setChecked(False)
        self.expiring.setCurrentIndex(0)
        for i, r in enumerate(self.stock_model.rows):
            if r.item == place.item and r.depot_id == place.depot_id:
                self.stock.selectRow(i)
                break
        for i, c in enumerate(self.card_model.rows):
            if c.move_id == ref.key:
                self.tabs.setCurrentWidget(self.card)
                self.card.selectRow(i)
                break
