"""The duty log panel's way out: export to a workbook, the print view, the filter described."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QProgressDialog,
)

from app import messages
from app.errors import UserError
from app.ui import file_dialogs
from app.ui.panels.duty_log import export, print_view
from app.ui.panels.duty_log.parts import DutyLogParts


class OutputActions(DutyLogParts):
    """Part of `DutyLogPanel` (see its module)."""

    # -- export and print ----------------------------------------------------------------------------

    def _export_job(self, path: Path) -> export.ExportJob:
        return export.ExportJob(db=self.ctx.db, filter=self.model.effective_filter(), sort_key=self.model.sort_key,
                                descending=self.model.descending, path=path, zone=self.zone, names=self.names,
                                now=self.model.now)

    def export_dialog(self) -> None:
        name = QCoreApplication.translate("DutyLogPanel", "duty-log-%1.xlsx").replace("%1", self._now().astimezone(self.zone).strftime("%Y%m%d-%H%M"))
        path = file_dialogs.save_file(self, QCoreApplication.translate("DutyLogPanel", "Export duty log"), name,
                                      QCoreApplication.translate("DutyLogPanel", "Excel workbook (*.xlsx)"), suffix="xlsx")
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_to(Path(path))

    def export_to(self, path: Path) -> export.ExportThread | None:
        """Write the current view to `path`: at once when small, else on a worker thread with a
        cancellable progress dialog (returns the thread then)."""
        job = self._export_job(path)
        total = self.model.total
        if self.model.exact and total <= export.BACKGROUND_OVER:
            try:
                count = export.write_xlsx(job)
            except UserError as error:
                self._warn(error.message)
                return None
            self._exported(str(path), count)
            return None
        thread = export.ExportThread(job, messages.language(), self)
        progress = QProgressDialog(QCoreApplication.translate("DutyLogPanel", "Exporting %1 entries…").replace("%1", f"{total:,}"),
                                   QCoreApplication.translate("DutyLogPanel", "Cancel"), 0, total, self)
        progress.setObjectName("dutyLogExportProgress")
        progress.setWindowTitle(QCoreApplication.translate("DutyLogPanel", "Export duty log"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        def advance(done: int, all_: int) -> None:
            progress.setMaximum(all_)
            progress.setValue(done)

        thread.progressed.connect(advance)
        progress.canceled.connect(thread.cancel)
        thread.succeeded.connect(self._exported)
        thread.failed.connect(self._warn)
        thread.cancelled_.connect(lambda: self._show_message(QCoreApplication.translate("DutyLogPanel", "Export cancelled; no file written.")))
        thread.finished.connect(progress.reset)
        thread.finished.connect(progress.deleteLater)
        thread.finished.connect(lambda: setattr(self, "export_thread", None))
        self.export_thread = thread
        thread.start()
        return thread

    def _exported(self, path: str, count: int) -> None:
        self._show_message(QCoreApplication.translate("DutyLogPanel", "%1 entries exported to %2").replace("%1", f"{count:,}").replace("%2", path))

    def print_job(self) -> print_view.PrintJob:
        return print_view.PrintJob(db=self.ctx.db, filter=self.model.effective_filter(), sort_key=self.model.sort_key,
                                   descending=self.model.descending, zone=self.zone, names=self.names,
                                   now=self.model.now, station=self.ctx.station.name,
                                   printed_by=self.ctx.actor.display_name, description=self.describe_filter())

    def print_dialog(self) -> None:
        dialog = print_view.preview(self.print_job(), self)
        self.last_dialog = dialog
        dialog.exec()

    def describe_filter(self) -> str:
        bar = self.filter_bar
        parts = []
        for combo in (bar.period, bar.status, bar.category, bar.direction, bar.channel, bar.township, bar.author):
            if combo.currentIndex() > 0:
                parts.append(combo.currentText())
        if bar.period.currentData() == "custom":
            parts.append(f"{bar.since.date().toString('yyyy-MM-dd')} – {bar.until.date().toString('yyyy-MM-dd')}")
        if bar.significant.isChecked():
            parts.append(bar.significant.text())
        if bar.hide_voided.isChecked():
            parts.append(bar.hide_voided.text())
        if bar.search.text().strip():
            parts.append(QCoreApplication.translate("DutyLogPanel", "search “%1”").replace("%1", bar.search.text().strip()))
        if not parts:
            return QCoreApplication.translate("DutyLogPanel", "All entries")
        return QCoreApplication.translate("DutyLogPanel", "Filter: %1").replace("%1", "; ".join(parts))
