"""The incidents panel's actions: the menu and toolbar actions with their shortcuts, and what they
do — a new incident, casualties, a report sent, earthquake parameters, linking a duty-log entry,
closing an incident, printing its report — plus exporting the timeline (PNG / PDF).

Part of `IncidentsPanel` (see app/ui/panels/incidents/panel.py and parts.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from app.errors import UserError
from app.services.incidents import incidents, obligations
from app.services.incidents.records import IncidentDetail
from app.ui import file_dialogs
from app.ui.panels.incidents import dialogs
from app.ui.panels.incidents.parts import IncidentsParts


class IncidentActions(IncidentsParts):
    """Part of `IncidentsPanel` (see its module)."""

    # -- set-up --------------------------------------------------------------------------------

    def _action(self, name: str, text: str, slot: Any, shortcut: str | None = None) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._action
        self.new_action = a("incidentNew", QCoreApplication.translate("IncidentsPanel", "&New incident…"),
                            self.new_incident, "Ctrl+Shift+I")
        self.casualties_action = a("incidentCasualties", QCoreApplication.translate("IncidentsPanel", "&Casualties…"),
                                   self.record_casualties, "Ctrl+Shift+C")
        self.report_action = a("incidentReport", QCoreApplication.translate("IncidentsPanel", "&Report sent…"),
                               self.record_report, "Ctrl+Shift+R")
        self.quake_action = a("incidentQuake", QCoreApplication.translate("IncidentsPanel", "&Earthquake parameters…"),
                              self.record_quake)
        self.link_action = a("incidentLink", QCoreApplication.translate("IncidentsPanel", "&Link entry…"),
                             self.link_entry)
        self.close_action = a("incidentClose", QCoreApplication.translate("IncidentsPanel", "Clo&se incident"),
                              self.close_incident)
        self.pdf_action = a("incidentPdf", QCoreApplication.translate("IncidentsPanel", "&Print report…"),
                            self.print_report, "Ctrl+P")
        self.refresh_action = a("incidentRefresh", QCoreApplication.translate("IncidentsPanel", "Re&fresh"),
                                self.refresh, "F5")

    def menu_actions(self) -> list[QAction]:
        sep = QAction(self)
        sep.setSeparator(True)
        return [self.new_action, self.casualties_action, self.report_action, self.quake_action, self.link_action,
                self.close_action, sep, self.pdf_action, self.refresh_action]

    # -- writing -----------------------------------------------------------------------------------------

    def _run(self, dialog: dialogs.ServiceDialog) -> dialogs.ServiceDialog:
        dialog.publish = self.ctx.bus.publish
        dialog.setModal(True)
        dialog.open()
        return dialog

    def _need(self) -> IncidentDetail | None:
        if self.detail is None:
            self.ctx.bus.status_message.emit(QCoreApplication.translate("IncidentsPanel", "Select an incident first."))
        return self.detail

    def new_incident(self) -> dialogs.ServiceDialog:
        return self._run(dialogs.NewIncidentDialog(self.ctx, self.townships, self))

    def record_casualties(self) -> dialogs.ServiceDialog | None:
        d = self._need()
        return self._run(dialogs.CasualtiesDialog(self.ctx, d.incident.id, d.current, self)) if d else None

    def record_report(self) -> dialogs.ServiceDialog | None:
        d = self._need()
        if d is None:
            return None
        owed = obligations.open_ones(d.obligations)
        stage = owed[0].stage if owed else "followup"
        to = owed[0].to if owed else ""
        return self._run(dialogs.ReportDialog(self.ctx, d.incident.id, stage, to, self))

    def record_quake(self) -> dialogs.ServiceDialog | None:
        d = self._need()
        return self._run(dialogs.QuakeDialog(self.ctx, d.incident.id, self)) if d else None

    def link_entry(self) -> dialogs.ServiceDialog | None:
        d = self._need()
        return self._run(dialogs.LinkEntryDialog(self.ctx, d.incident.id, self)) if d else None

    def close_incident(self) -> bool:
        d = self._need()
        if d is None:
            return False
        answer = QMessageBox.question(self, QCoreApplication.translate("IncidentsPanel", "Close incident"),
                                      QCoreApplication.translate("IncidentsPanel",
                                                                 "Close incident %1? Nothing more can be added to it.")
                                      .replace("%1", d.incident.no))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.ctx.bus.publish(incidents.close(self.ctx.db, self.ctx.actor, d.incident.id))
        except UserError as error:
            QMessageBox.warning(self, QCoreApplication.translate("IncidentsPanel", "Close incident"), error.message)
            return False
        return True

    def print_report(self) -> None:
        d = self._need()
        if d is None:
            return
        owed = obligations.open_ones(d.obligations)
        stage = owed[0].stage if owed and owed[0].stage in ("first", "followup", "final") else "followup"
        path = file_dialogs.save_file(self, QCoreApplication.translate("IncidentsPanel", "Print incident report"),
                                      f"{d.incident.no}-{stage}.pdf", "PDF (*.pdf)")
        if path:
            self.write_report(stage, path)

    def write_report(self, stage: str, path: str) -> int:
        from app.reports import incident_report

        assert self.detail is not None
        return incident_report.write(self.ctx.db, self.detail.incident.id, stage, path, lang=self.ctx.language)

    def export_timeline(self, kind: str) -> None:
        path = file_dialogs.save_file(self, QCoreApplication.translate("IncidentsPanel", "Export timeline"),
                                      f"timeline.{kind}", "PNG (*.png)" if kind == "png" else "PDF (*.pdf)")
        if not path:
            return
        if kind == "png":
            self.timeline.export_png(path)
        else:
            self.timeline.export_pdf(path, QCoreApplication.translate("IncidentsPanel", "Incident timeline"))
        self.ctx.bus.status_message.emit(
            QCoreApplication.translate("IncidentsPanel", "Saved %1").replace("%1", Path(path).name))
