"""The incidents dock (突发事件): the incident list, the selected incident's detail, its reporting
obligations with a live countdown (overdue red), the timeline and the statistics view.

Everything is computed from times when shown (and again every 30 s), so a deadline that passed
while the PC was off is red the moment the panel opens. Clicking a timeline point selects its
record in its own panel through the bus (`select_requested`); a range selected on the timeline
filters the duty log (`period_requested`). The panel selects an incident on `select_requested`
of kind "incident".
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction, QBrush, QColor, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import station
from app.services.incidents import incidents, levels, obligations, reports
from app.services.incidents.records import IncidentDetail, IncidentRow
from app.storage.changes import Changes
from app.ui.panel_api import Panel, PanelSpec, RecordRef, SessionContext
from app.ui.panels.incidents import dialogs
from app.ui.panels.incidents.stats_view import StatsView
from app.ui.panels.incidents.timeline import TimelineWidget

TICK_MS = 30_000
RED = QColor("#c00000")
LIST_LIMIT = 500


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class IncidentsPanel(Panel):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("incidentsPanel")
        self.zone = ctx.station.zone
        self.rows: list[IncidentRow] = []
        self.detail: IncidentDetail | None = None
        self._focused = ""

        self.open_only = QCheckBox(self.tr("Open only"))
        self.open_only.setObjectName("incidentOpenOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.drills = QCheckBox(self.tr("Show drills"))
        self.drills.setObjectName("incidentShowDrills")
        self.drills.setChecked(True)
        self.drills.toggled.connect(lambda _on: self.refresh())
        self.list = QTableWidget(0, 5)
        self.list.setObjectName("incidentList")
        self.list.setHorizontalHeaderLabels([self.tr("No."), self.tr("Occurred"), self.tr("Incident"),
                                             self.tr("Level"), self.tr("Next report")])
        self.list.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setStretchLastSection(True)
        self.list.currentCellChanged.connect(lambda row, _c, _r, _cc: self._show(row))

        self.info = QTextBrowser()
        self.info.setObjectName("incidentDetail")
        self.obligations = QTableWidget(0, 5)
        self.obligations.setObjectName("incidentObligations")
        self.obligations.setHorizontalHeaderLabels([self.tr("Report"), self.tr("Due"), self.tr("Countdown"),
                                                    self.tr("Status"), self.tr("Rule")])
        self.obligations.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.obligations.verticalHeader().hide()
        self.obligations.horizontalHeader().setStretchLastSection(True)
        self.obligations.cellDoubleClicked.connect(lambda _r, _c: self.record_report())
        self.timeline = TimelineWidget(ctx.db, self.zone, ctx.db.wall, self)
        self.timeline.set_language("zh" if ctx.language == "zh_CN" else "en")
        self.timeline.picked.connect(self._picked)
        self.timeline.period_selected.connect(self._period)
        self.stats = StatsView(ctx, self)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("incidentTabs")
        self.tabs.addTab(self.info, self.tr("Detail"))
        self.tabs.addTab(self.obligations, self.tr("Reports due"))
        self.tabs.addTab(self._timeline_page(), self.tr("Timeline"))
        self.tabs.addTab(self.stats, self.tr("Statistics"))
        self.tabs.currentChanged.connect(self._tab_changed)

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        filters.addWidget(self.open_only)
        filters.addWidget(self.drills)
        filters.addStretch(1)
        lv.addLayout(filters)
        lv.addWidget(self.list)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.tabs)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)

        self._build_actions()
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.casualties_action, self.report_action, self.quake_action,
                       self.link_action, self.close_action, self.pdf_action):
            self.toolbar.addAction(action)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.splitter, 1)

        self.due_label = QLabel()
        self.due_label.setObjectName("incidentDueStatus")
        self.due_label.setTextFormat(Qt.TextFormat.PlainText)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        ctx.bus.select_requested.connect(self._select_requested)
        self.townships = station.townships(ctx.db)
        self.refresh()
        QTimer.singleShot(0, self._initial_window)

    # -- layout parts --------------------------------------------------------------------------

    def _initial_window(self) -> None:
        if self.detail is not None:
            self.focus_timeline(self.detail)
        else:
            self.timeline.show_last(7)

    def focus_timeline(self, d: IncidentDetail) -> None:
        """The timeline around an incident: from its occurrence to its last report (at least a day)."""
        inc = d.incident
        last = max([inc.occurred_ms + 86_400_000, *(r.sent_ms for r in d.reports)])
        self.timeline.focus(inc.occurred_ms, last)

    def resizeEvent(self, event: Any) -> None:
        """Side by side when wide, list above the tabs when narrow (a dock at 1366×768)."""
        super().resizeEvent(event)
        wanted = Qt.Orientation.Horizontal if self.width() >= 1100 else Qt.Orientation.Vertical
        if self.splitter.orientation() != wanted:
            self.splitter.setOrientation(wanted)

    def _timeline_page(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.setContentsMargins(0, 0, 0, 0)
        bar = QHBoxLayout()
        self.range_box = QComboBox()
        self.range_box.setObjectName("incidentTimelineRange")
        for days, label in ((1, self.tr("Day")), (7, self.tr("Week")), (31, self.tr("Month")), (366, self.tr("Year")),
                            (3660, self.tr("10 years"))):
            self.range_box.addItem(label, days)
        self.range_box.setCurrentIndex(1)
        self.range_box.activated.connect(lambda _i: self.timeline.show_last(float(self.range_box.currentData())))
        self.only_this = QCheckBox(self.tr("This incident only"))
        self.only_this.setObjectName("incidentTimelineOnlyThis")
        self.only_this.toggled.connect(self._only_this)
        self.select_range = QPushButton(self.tr("Select period"))
        self.select_range.setObjectName("incidentTimelineSelect")
        self.select_range.setCheckable(True)
        self.select_range.setToolTip(self.tr("Drag over the timeline to filter the duty log to that period"))
        self.select_range.toggled.connect(self.timeline.set_selecting)
        self.png_button = QPushButton(self.tr("PNG…"))
        self.png_button.clicked.connect(lambda: self.export_timeline("png"))
        self.pdf_button = QPushButton(self.tr("PDF…"))
        self.pdf_button.clicked.connect(lambda: self.export_timeline("pdf"))
        self.timeline_count = QLabel()
        self.timeline.loaded.connect(lambda n: self.timeline_count.setText(self.tr("%1 points").replace("%1", str(n))))
        for w in (QLabel(self.tr("Show")), self.range_box, self.only_this, self.select_range):
            bar.addWidget(w)
        bar.addStretch(1)
        for w2 in (self.timeline_count, self.png_button, self.pdf_button):
            bar.addWidget(w2)
        v.addLayout(bar)
        v.addWidget(self.timeline, 1)
        return page

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
        self.new_action = a("incidentNew", self.tr("&New incident…"), self.new_incident, "Ctrl+Shift+I")
        self.casualties_action = a("incidentCasualties", self.tr("&Casualties…"), self.record_casualties, "Ctrl+Shift+C")
        self.report_action = a("incidentReport", self.tr("&Report sent…"), self.record_report, "Ctrl+Shift+R")
        self.quake_action = a("incidentQuake", self.tr("&Earthquake parameters…"), self.record_quake)
        self.link_action = a("incidentLink", self.tr("&Link entry…"), self.link_entry)
        self.close_action = a("incidentClose", self.tr("Clo&se incident"), self.close_incident)
        self.pdf_action = a("incidentPdf", self.tr("&Print report…"), self.print_report)
        self.refresh_action = a("incidentRefresh", self.tr("Re&fresh"), self.refresh, "F5")

    def menu_actions(self) -> list[QAction]:
        sep = QAction(self)
        sep.setSeparator(True)
        return [self.new_action, self.casualties_action, self.report_action, self.quake_action, self.link_action,
                self.close_action, sep, self.pdf_action, self.refresh_action]

    def status_widgets(self) -> list[QWidget]:
        return [self.due_label]

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
            self.due_label.setText(self.tr("Reports due: none"))
            self.due_label.setStyleSheet("")
            return
        first = real[0]
        overdue = sum(1 for o in real if o.status == "overdue")
        text = self.tr("Reports due %1 · next: %2 %3").replace("%1", str(len(real))).replace(
            "%2", first.label).replace("%3", obligations.countdown(first.due_ms, now))
        if overdue:
            text += self.tr(" · overdue %1").replace("%1", str(overdue))
        self.due_label.setText(text)
        self.due_label.setStyleSheet("color: #c00000; font-weight: bold;" if overdue else "color: #1f5f99;")

    def _is_drill(self, incident_id: str) -> bool:
        found = next((r for r in self.rows if r.id == incident_id), None)
        return bool(found and found.exercise)

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
        tr = {"level": self.tr("Level"), "status": self.tr("Status"), "occurred": self.tr("Occurred"),
              "received": self.tr("Received"), "place": self.tr("Place"),
              "paper": self.tr("Entered from paper form No. %1"), "formal": self.tr("formal"),
              "automatic": self.tr("automatic"), "quake": self.tr("Earthquake parameters"),
              "casualties": self.tr("Casualties and losses"), "dead": self.tr("Dead"), "missing": self.tr("Missing"),
              "injured": self.tr("Injured"), "evacuated": self.tr("Evacuated"), "houses": self.tr("Houses damaged"),
              "entries": self.tr("Duty-log entries"), "teams": self.tr("Teams and supplies"),
              "reports": self.tr("Reports sent")}
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
            parts.extend(f"<p>{t(r.sent_ms)[5:16]} {_html(r.stage)} → {_html(r.sent_to)} {_html(r.doc_no)}</p>"
                         for r in d.reports)
        self.info.setHtml("".join(parts))
        self._render_obligations()

    def _render_obligations(self) -> None:
        d = self.detail
        if d is None:
            return
        now = self.ctx.db.wall()
        status = {"due": self.tr("due"), "met": self.tr("met"), "overdue": self.tr("overdue")}
        self.obligations.setRowCount(len(d.obligations))
        for r, o in enumerate(d.obligations):
            due = datetime.fromtimestamp(o.due_ms / 1000, self.zone).strftime("%m-%d %H:%M")
            count = "" if o.status == "met" else obligations.countdown(o.due_ms, now)
            state = status[o.status] + (self.tr(" (late)") if o.late else "")
            cells = [f"{o.label} → {o.to}", due, count, state, f"{o.rule_id}: {o.citation}"]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c == 4:
                    item.setToolTip(o.citation + ("\n" + o.note if o.note else ""))
                if o.status == "overdue" or (c == 3 and o.late):
                    item.setForeground(QBrush(RED))
                self.obligations.setItem(r, c, item)
        self.obligations.resizeColumnsToContents()

    def tick(self) -> None:
        """Countdowns move with the clock: re-evaluate from times."""
        self.refresh()

    def on_changes(self, changes: Changes) -> None:
        if "incident" in changes or "incident_rule" in changes:
            self.refresh()
            self.timeline.reload()
        elif "duty_entry" in changes and self.tabs.currentIndex() == 2:
            self.timeline.reload()

    def _tab_changed(self, index: int) -> None:
        if index == 3:
            self.stats.refresh()
        if index == 2:
            self.timeline.reload()

    def _only_this(self, on: bool) -> None:
        self.timeline.set_incident(self.detail.incident.id if on and self.detail else None)
        if on and self.detail:
            inc = self.detail.incident
            self.timeline.show_window(inc.occurred_ms - 3_600_000, max(self.ctx.db.wall(), inc.occurred_ms + 86_400_000))

    # -- the bus ---------------------------------------------------------------------------------------

    def _picked(self, ref: dict[str, Any]) -> None:
        self.ctx.bus.select_requested.emit(RecordRef(str(ref["panel"]), str(ref["kind"]), str(ref["key"])))

    def _period(self, start_ms: int, end_ms: int) -> None:
        self.ctx.bus.period_requested.emit(int(start_ms), int(end_ms))

    def _select_requested(self, ref: RecordRef) -> None:
        if ref.panel != "incidents" or ref.kind != "incident":
            return
        self.select_incident(ref.key)

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

    # -- writing -----------------------------------------------------------------------------------------

    def _run(self, dialog: dialogs.ServiceDialog) -> dialogs.ServiceDialog:
        dialog.publish = self.ctx.bus.publish
        dialog.setModal(True)
        dialog.open()
        return dialog

    def _need(self) -> IncidentDetail | None:
        if self.detail is None:
            self.ctx.bus.status_message.emit(self.tr("Select an incident first."))
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
        answer = QMessageBox.question(self, self.tr("Close incident"),
                                      self.tr("Close incident %1? Nothing more can be added to it.")
                                      .replace("%1", d.incident.no))
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.ctx.bus.publish(incidents.close(self.ctx.db, self.ctx.actor, d.incident.id))
        except UserError as error:
            QMessageBox.warning(self, self.tr("Close incident"), error.message)
            return False
        return True

    def print_report(self) -> None:
        d = self._need()
        if d is None:
            return
        owed = obligations.open_ones(d.obligations)
        stage = owed[0].stage if owed and owed[0].stage in ("first", "followup", "final") else "followup"
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Print incident report"),
                                               f"{d.incident.no}-{stage}.pdf", "PDF (*.pdf)")
        if path:
            self.write_report(stage, path)

    def write_report(self, stage: str, path: str) -> int:
        from app.reports import incident_report

        assert self.detail is not None
        return incident_report.write(self.ctx.db, self.detail.incident.id, stage, path, lang=self.ctx.language)

    def export_timeline(self, kind: str) -> None:
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Export timeline"), f"timeline.{kind}",
                                               "PNG (*.png)" if kind == "png" else "PDF (*.pdf)")
        if not path:
            return
        if kind == "png":
            self.timeline.export_png(path)
        else:
            self.timeline.export_pdf(path, self.tr("Incident timeline"))
        self.ctx.bus.status_message.emit(self.tr("Saved %1").replace("%1", Path(path).name))


def _title() -> str:
    return QCoreApplication.translate("IncidentsPanel", "Incidents")


def _create(ctx: SessionContext) -> Panel:
    return IncidentsPanel(ctx)


SPEC = PanelSpec(panel_id="incidents", title=_title, create=_create, area=Qt.DockWidgetArea.RightDockWidgetArea,
                 order=40, menu_title=lambda: QCoreApplication.translate("IncidentsPanel", "&Incidents"))
