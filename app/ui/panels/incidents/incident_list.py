"""The incidents panel's incident list: the "open only" / "show drills" filters, the table of
incidents with each one's next report and countdown (overdue red), re-read on `refresh()`, the
"reports due" status-bar line, and selecting an incident by id.

Part of `IncidentsPanel` (see app/ui/panels/incidents/panel.py and parts.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QTableWidget, QTableWidgetItem

from app.services.incidents import incidents, obligations, reports
from app.ui.panels.incidents.parts import IncidentsParts

RED = QColor("#c00000")
LIST_LIMIT = 500


class IncidentList(IncidentsParts):
    """Part of `IncidentsPanel` (see its module)."""

    def _build_list(self) -> None:
        self.open_only = QCheckBox(QCoreApplication.translate("IncidentsPanel", "Open only"))
        self.open_only.setObjectName("incidentOpenOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.drills = QCheckBox(QCoreApplication.translate("IncidentsPanel", "Show drills"))
        self.drills.setObjectName("incidentShowDrills")
        self.drills.setChecked(True)
        self.drills.toggled.connect(lambda _on: self.refresh())
        self.list = QTableWidget(0, 5)
        self.list.setObjectName("incidentList")
        self.list.setHorizontalHeaderLabels([QCoreApplication.translate("IncidentsPanel", "No."),
                                             QCoreApplication.translate("IncidentsPanel", "Occurred"),
                                             QCoreApplication.translate("IncidentsPanel", "Incident"),
                                             QCoreApplication.translate("IncidentsPanel", "Level"),
                                             QCoreApplication.translate("IncidentsPanel", "Next report")])
        self.list.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.currentCellChanged.connect(lambda row, _c, _r, _cc: self._show(row))

    # -- reading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.detail.incident.id if self.detail else None
        self.rows = incidents.listing(self.ctx.db, open_only=self.open_only.isChecked(),
                                      include_exercises=self.drills.isChecked(), limit=LIST_LIMIT)
        owed = reports.due(self.ctx.db)
        soonest: dict[str, Any] = {}
        for o in owed:
            soonest.setdefault(o.incident_id, o)
        now = self.ctx.db.wall()
        self.list.blockSignals(True)
        self.list.setRowCount(len(self.rows))
        for r, inc in enumerate(self.rows):
            due_one = soonest.get(inc.id)
            cells = [inc.no, datetime.fromtimestamp(inc.occurred_ms / 1000, self.zone).strftime("%Y-%m-%d %H:%M"),
                     inc.title, inc.level_name, f"{due_one.label} {obligations.countdown(due_one.due_ms, now)}" if due_one else ""]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if due_one is not None and due_one.status == "overdue":
                    item.setForeground(QBrush(RED))
                self.list.setItem(r, c, item)
        self.list.resizeColumnsToContents()
        self.list.blockSignals(False)
        self._update_status(owed, now)
        row = next((n for n, inc in enumerate(self.rows) if inc.id == current), 0 if self.rows else -1)
        if row >= 0:
            self.list.setCurrentCell(row, 0)
            self._show(row)
        else:
            self.detail = None
            self.info.setHtml("")
            self.obligations.setRowCount(0)

    def _update_status(self, owed: list[Any], now: int) -> None:
        real = [o for o in owed if not self._is_drill(o.incident_id)]
        if not real:
            self.due_label.setText(QCoreApplication.translate("IncidentsPanel", "Reports due: none"))
            self.due_label.setStyleSheet("")
            return
        first = real[0]
        overdue = sum(1 for o in real if o.status == "overdue")
        text = QCoreApplication.translate("IncidentsPanel", "Reports due %1 · next: %2 %3").replace(
            "%1", str(len(real))).replace("%2", first.label).replace("%3", obligations.countdown(first.due_ms, now))
        if overdue:
            text += QCoreApplication.translate("IncidentsPanel", " · overdue %1").replace("%1", str(overdue))
        self.due_label.setText(text)
        self.due_label.setStyleSheet("color: #c00000; font-weight: bold;" if overdue else "color: #1f5f99;")

    def _is_drill(self, incident_id: str) -> bool:
        found = next((r for r in self.rows if r.id == incident_id), None)
        return bool(found and found.exercise)

    def select_incident(self, incident_id: str) -> bool:
        row = next((n for n, inc in enumerate(self.rows) if inc.id == incident_id), -1)
        if row < 0 and self.open_only.isChecked():
            self.open_only.setChecked(False)  # refreshes
            row = next((n for n, inc in enumerate(self.rows) if inc.id == incident_id), -1)
        if row < 0:
            return False
        self.list.setCurrentCell(row, 0)
        self._show(row)
        self.tabs.setCurrentIndex(0)
        return True
