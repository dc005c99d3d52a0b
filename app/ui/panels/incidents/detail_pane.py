"""The incidents panel's detail of the selected incident: the "Detail" page (levels, times, place,
earthquake parameters, casualties, linked duty-log entries, teams, reports sent) and the
"Reports due" page, its reporting obligations with their due times and countdowns (overdue red).

Part of `IncidentsPanel` (see app/ui/panels/incidents/panel.py and parts.py)."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QTextBrowser

from app.errors import UserError
from app.services.incidents import incidents, levels, obligations, reports, rules
from app.ui.panels.incidents.incident_list import RED
from app.ui.panels.incidents.parts import IncidentsParts


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class DetailPane(IncidentsParts):
    """Part of `IncidentsPanel` (see its module)."""

    def _build_detail(self) -> None:
        self.info = QTextBrowser()
        self.info.setObjectName("incidentDetail")
        self.obligations = QTableWidget(0, 5)
        self.obligations.setObjectName("incidentObligations")
        self.obligations.setHorizontalHeaderLabels([QCoreApplication.translate("IncidentsPanel", "Report"),
                                                    QCoreApplication.translate("IncidentsPanel", "Due"),
                                                    QCoreApplication.translate("IncidentsPanel", "Countdown"),
                                                    QCoreApplication.translate("IncidentsPanel", "Status"),
                                                    QCoreApplication.translate("IncidentsPanel", "Rule")])
        self.obligations.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.obligations.verticalHeader().hide()
        self.obligations.horizontalHeader().setStretchLastSection(True)
        self.obligations.cellDoubleClicked.connect(lambda _r, _c: self.record_report())

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        try:
            self.detail = reports.detail(self.ctx.db, self.rows[row].id)
        except UserError as error:
            self.ctx.bus.status_message.emit(error.message)
            return
        self._render()
        if self.only_this.isChecked():
            self.timeline.set_incident(self.detail.incident.id)
        if self.detail.incident.id != self._focused:  # not on every refresh: the user's zoom stays
            self._focused = self.detail.incident.id
            self.focus_timeline(self.detail)

    def _render(self) -> None:
        d = self.detail
        if d is None:
            return
        inc = d.incident
        tr = {"level": QCoreApplication.translate("IncidentsPanel", "Level"),
              "status": QCoreApplication.translate("IncidentsPanel", "Status"),
              "occurred": QCoreApplication.translate("IncidentsPanel", "Occurred"),
              "received": QCoreApplication.translate("IncidentsPanel", "Received"),
              "place": QCoreApplication.translate("IncidentsPanel", "Place"),
              "paper": QCoreApplication.translate("IncidentsPanel", "Entered from paper form No. %1"),
              "formal": QCoreApplication.translate("IncidentsPanel", "formal"),
              "automatic": QCoreApplication.translate("IncidentsPanel", "automatic"),
              "quake": QCoreApplication.translate("IncidentsPanel", "Earthquake parameters"),
              "casualties": QCoreApplication.translate("IncidentsPanel", "Casualties and losses"),
              "dead": QCoreApplication.translate("IncidentsPanel", "Dead"),
              "missing": QCoreApplication.translate("IncidentsPanel", "Missing"),
              "injured": QCoreApplication.translate("IncidentsPanel", "Injured"),
              "evacuated": QCoreApplication.translate("IncidentsPanel", "Evacuated"),
              "houses": QCoreApplication.translate("IncidentsPanel", "Houses damaged"),
              "entries": QCoreApplication.translate("IncidentsPanel", "Duty-log entries"),
              "teams": QCoreApplication.translate("IncidentsPanel", "Teams and supplies"),
              "reports": QCoreApplication.translate("IncidentsPanel", "Reports sent")}
        t = (lambda ms: datetime.fromtimestamp(ms / 1000, self.zone).strftime("%Y-%m-%d %H:%M:%S"))  # noqa: E731
        parts = [f"<h3>{_html(inc.no)} {_html(inc.title)}</h3>",
                 f"<p><b>{tr['level']}</b> {_html(inc.level_name)}　<b>{tr['status']}</b> "
                 f"{_html(incidents.status_label(inc.status))}<br><b>{tr['occurred']}</b> {t(inc.occurred_ms)}　"
                 f"<b>{tr['received']}</b> {t(inc.received_ms)}<br><b>{tr['place']}</b> "
                 f"{_html(inc.township + inc.village + inc.place)}"
                 + (f"　{inc.lat:.2f}°N {inc.lon:.2f}°E" if inc.lat is not None and inc.lon is not None else "") + "</p>",
                 f"<p>{_html(inc.summary)}</p>"]
        if inc.paper_form:
            parts.append(f"<p><i>{tr['paper'].replace('%1', _html(inc.paper_form))}</i></p>")
        if d.level_too_low:
            from app import messages

            parts.append("<p style='color:#c00000'><b>⚠ " + _html(messages.text(
                "incident.level_warning", implied=levels.label(d.implied_level or ""), citation=levels.CITATION,
                recorded=levels.label(inc.level))) + "</b></p>")
        if d.quake is not None:
            q = d.quake
            rows = "".join(f"<tr><td>{'✔' if h is q else ''}</td><td>M{h.magnitude}</td><td>{h.depth_km} km</td>"
                           f"<td>{h.lat:.2f}°N {h.lon:.2f}°E</td><td>{tr['formal'] if h.formal else tr['automatic']}"
                           f"</td><td>{_html(h.source)}</td></tr>" for h in d.quakes)
            parts.append(f"<h4>{tr['quake']}</h4><table cellspacing=4>{rows}</table>")
        if d.casualties:
            rows = "".join(
                f"<tr{' style=font-weight:bold' if c is d.current else ''}><td>{t(c.at_ms)}</td><td>{c.dead}</td>"
                f"<td>{c.missing}</td><td>{c.injured}</td><td>{c.evacuated}</td><td>{c.houses}</td>"
                f"<td>{_html(c.reason)}</td></tr>" for c in d.casualties)
            parts.append(f"<h4>{tr['casualties']}</h4><table cellspacing=4><tr><th></th>"
                         f"<th>{tr['dead']}</th><th>{tr['missing']}</th><th>{tr['injured']}</th>"
                         f"<th>{tr['evacuated']}</th><th>{tr['houses']}</th><th></th></tr>{rows}</table>")
        parts.append(f"<h4>{tr['entries']} ({len(d.entries)})</h4>")
        parts.extend(f"<p>[{_html(e.display_no)}] {t(int(e.received_at.timestamp() * 1000))[5:16]} "
                     f"{_html(e.summary[:120])}</p>" for e in d.entries)
        if d.related:
            parts.append(f"<h4>{tr['teams']}</h4>")
            parts.extend(f"<p>{t(int(e['ms']))[5:16]} {_html(str(e.get('label', '')))}</p>" for e in d.related)
        if d.reports:
            parts.append(f"<h4>{tr['reports']}</h4>")
            parts.extend(f"<p>{t(r.sent_ms)[5:16]} {_html(rules.stage_label(r.stage))} → {_html(r.sent_to)} {_html(r.doc_no)}</p>"
                         for r in d.reports)
        self.info.setHtml("".join(parts))
        self._render_obligations()

    def _render_obligations(self) -> None:
        d = self.detail
        if d is None:
            return
        now = self.ctx.db.wall()
        status = {"due": QCoreApplication.translate("IncidentsPanel", "due"),
                  "met": QCoreApplication.translate("IncidentsPanel", "met"),
                  "overdue": QCoreApplication.translate("IncidentsPanel", "overdue")}
        self.obligations.setRowCount(len(d.obligations))
        for r, o in enumerate(d.obligations):
            due = datetime.fromtimestamp(o.due_ms / 1000, self.zone).strftime("%m-%d %H:%M")
            count = "" if o.status == "met" else obligations.countdown(o.due_ms, now)
            state = status[o.status] + (QCoreApplication.translate("IncidentsPanel", " (late)") if o.late else "")
            cells = [f"{o.label} → {o.to}", due, count, state, o.citation]  # the rule's code in the tooltip
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setToolTip(f"{o.rule_id}: {o.citation}" + ("\n" + o.note if o.note else ""))
                if o.status == "overdue" or (c == 3 and o.late):
                    item.setForeground(QBrush(RED))
                self.obligations.setItem(r, c, item)
        self.obligations.resizeColumnsToContents()
