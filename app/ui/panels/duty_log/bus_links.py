"""The duty log's side of the change bus (issue 13): a record selected elsewhere (the incident
timeline) is selected here; a period selected elsewhere filters the log, shown as a chip that
clears it; "关联事件…" links the shown entry to an incident (app.services.incidents.links)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMessageBox, QToolButton

from app.clock import ms_to_datetime
from app.errors import UserError
from app.services.duty_log import EntryFilter
from app.ui.panel_api import RecordRef

if TYPE_CHECKING:
    from app.ui.panels.duty_log.panel import DutyLogPanel


class BusLinks(QObject):
    def __init__(self, panel: DutyLogPanel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.period: tuple[int, int] | None = None
        self.chip = QToolButton()
        self.chip.setObjectName("dutyLogPeriodChip")
        self.chip.setStyleSheet("QToolButton { background: #dce9f5; border: 1px solid #1f5f99; border-radius: 8px;"
                                " padding: 1px 8px; }")
        self.chip.setToolTip(self.tr("Period chosen on the timeline — click to clear"))
        self.chip.clicked.connect(self.clear)
        self.chip.hide()
        self.action = QAction(QCoreApplication.translate("DutyLogPanel", "Link to &incident…"), panel)
        self.action.setObjectName("dutyLogLinkIncident")
        self.action.triggered.connect(lambda _checked=False: self.link_to_incident())
        panel.ctx.bus.select_requested.connect(self.on_select)
        panel.ctx.bus.period_requested.connect(self.on_period)

    def narrow(self, flt: EntryFilter) -> EntryFilter:
        """The filter bar's filter, limited to the chosen period when there is one."""
        if self.period is None:
            return flt
        start, end = (ms_to_datetime(v) for v in self.period)
        since = max(start, flt.since) if flt.since else start
        until = min(end, flt.until) if flt.until else end
        return replace(flt, since=since, until=until)

    def on_period(self, start_ms: int, end_ms: int) -> None:
        self.period = (int(min(start_ms, end_ms)), int(max(start_ms, end_ms)))
        zone = self.panel.zone

        def fmt(ms: int) -> str:
            return datetime.fromtimestamp(ms / 1000, zone).strftime("%Y-%m-%d %H:%M")

        self.chip.setText(self.tr("Period %1 – %2  ✕").replace("%1", fmt(self.period[0])).replace("%2", fmt(self.period[1])))
        self.chip.show()
        self.panel.apply_filter()

    def clear(self) -> None:
        self.period = None
        self.chip.hide()
        self.panel.apply_filter()

    def on_select(self, ref: RecordRef) -> None:
        if ref.panel == "duty_log" and ref.kind == "entry":
            self.panel.open_number(ref.key)

    def link_to_incident(self) -> bool:
        """"关联事件…": choose an open incident and link the shown entry to it."""
        from app.services.incidents import incidents

        entry = self.panel.current_detail_entry() or self.panel.selected_entry()
        if entry is None:
            return False
        rows = incidents.listing(self.panel.ctx.db, open_only=True, limit=200)
        if not rows:
            QMessageBox.information(self.panel, self.tr("Link to incident"), self.tr("There is no open incident."))
            return False
        labels = [f"{r.no}  {r.title}  {r.summary[:30]}" for r in rows]
        choice, ok = QInputDialog.getItem(self.panel, self.tr("Link to incident"),
                                          self.tr("Link entry %1 to:").replace("%1", entry.display_no), labels, 0, False)
        if not ok:
            return False
        return self.link(rows[labels.index(choice)].id, entry.id)

    def link(self, incident_id: str, entry_id: str) -> bool:
        from app.services.incidents import links

        try:
            changes = links.link(self.panel.ctx.db, self.panel.ctx.actor, incident_id, entry_id)
        except UserError as error:
            QMessageBox.warning(self.panel, self.tr("Link to incident"), error.message)
            return False
        self.panel.ctx.bus.publish(changes)
        return True


__all__ = ["BusLinks"]
