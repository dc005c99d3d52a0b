"""The supplies panel's files: vouchers and count sheets printed as PDFs, an Excel ledger
imported (previewed first), the current view exported to Excel."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QTableView

from app import messages
from app.errors import UserError
from app.reports import supplies_print, supplies_xlsx
from app.services.supplies import counts, vouchers, xlsx_import
from app.storage.changes import Changes
from app.ui import file_dialogs
from app.ui.panels.supplies.parts import SuppliesParts


class SupplyOutput(SuppliesParts):
    """Part of `SuppliesPanel` (see its module)."""

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
                self.show_status(QCoreApplication.translate("SuppliesPanel", "Select a movement on the stock card first"))
                return
            no = line.no
        path = self._save_path(QCoreApplication.translate("SuppliesPanel", "Save voucher as PDF"), f"{no}.pdf",
                               "PDF (*.pdf)")
        if path is None:
            return
        try:
            supplies_print.render_voucher(vouchers.voucher_data(self.ctx.db, no), path, messages.language())
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("SuppliesPanel", "Supplies"), error.message)
            return
        self.show_status(QCoreApplication.translate("SuppliesPanel", "Voucher saved: %1").replace("%1", str(path)))

    def print_count_sheet(self, no: str) -> None:
        path = self._save_path(QCoreApplication.translate("SuppliesPanel", "Save count sheet as PDF"), f"{no}.pdf",
                               "PDF (*.pdf)")
        if path is None:
            return
        supplies_print.render_count_sheet(vouchers.count_sheet_data(self.ctx.db, counts.info(self.ctx.db, no)), path,
                                          messages.language())
        self.show_status(QCoreApplication.translate("SuppliesPanel", "Count sheet saved: %1").replace("%1", str(path)))

    def import_xlsx(self) -> None:
        path = file_dialogs.open_file(self, QCoreApplication.translate("SuppliesPanel", "Import Excel ledger"),
                                      str(self.last_dir), "Excel (*.xlsx)")
        if not path:
            return
        try:
            plan = xlsx_import.read(self.ctx.db, Path(path))
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("SuppliesPanel", "Import Excel ledger"), error.message)
            return
        preview = "\n".join(plan.describe(committed=False)[-30:])
        if plan.errors:
            QMessageBox.warning(self, QCoreApplication.translate("SuppliesPanel", "Import Excel ledger"),
                                "\n".join(plan.errors[:30]))
            return
        box = QMessageBox(QMessageBox.Icon.Question, QCoreApplication.translate("SuppliesPanel", "Import Excel ledger"),
                          preview, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setInformativeText(QCoreApplication.translate("SuppliesPanel", "Import these rows?"))
        if box.exec() != QMessageBox.StandardButton.Yes:
            return
        try:
            xlsx_import.commit(self.ctx.db, self.ctx.actor, plan)
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("SuppliesPanel", "Import Excel ledger"), error.message)
            return
        self.publish(Changes(tables={"stock_line": {"*"}, "stock_item": {"*"}}))

    def export_xlsx(self) -> None:
        view = self.stock if self.stock.hasFocus() or not self.tabs.currentWidget().hasFocus() else self.tabs.currentWidget()
        model = view.model() if isinstance(view, QTableView) else self.stock_model
        headers, rows = model.row_values()  # type: ignore[attr-defined]
        name = f"{QCoreApplication.translate('SuppliesPanel', 'Stock')}.xlsx"
        path = self._save_path(QCoreApplication.translate("SuppliesPanel", "Export view to Excel"), name,
                               "Excel (*.xlsx)")
        if path is None:
            return
        marked = self.stock_model.marked() if model is self.stock_model else []
        try:
            supplies_xlsx.write_table(path, self.depot.currentText(), headers, rows, marked)
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("SuppliesPanel", "Supplies"), error.message)
            return
        self.show_status(QCoreApplication.translate("SuppliesPanel", "Exported: %1").replace("%1", str(path)))
