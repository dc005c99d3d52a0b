"""The incidents dock (突发事件): the incident list, the selected incident's detail, its reporting
obligations with a live countdown (overdue red), the timeline and the statistics view.

Everything is computed from times when shown (and again every 30 s), so a deadline that passed
while the PC was off is red the moment the panel opens. Clicking a timeline point selects its
record in its own panel through the bus (`select_requested`); a range selected on the timeline
filters the duty log (`period_requested`). The panel selects an incident on `select_requested`
of kind "incident".

The panel is assembled from parts: `incident_list` (the filters, the list and the "reports due"
status line), `detail_pane` (the selected incident's detail and its reports due) and `actions`
(the menu, the toolbar and what they do); this module builds the layout, the timeline page and
the tabs, follows the clock and the bus.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.services import station
from app.services.incidents.records import IncidentDetail, IncidentRow
from app.storage.changes import Changes
from app.ui.panel_api import Panel, PanelSpec, RecordRef, SessionContext
from app.ui.panels.incidents.actions import IncidentActions
from app.ui.panels.incidents.detail_pane import DetailPane
from app.ui.panels.incidents.incident_list import LIST_LIMIT, RED, IncidentList
from app.ui.panels.incidents.stats_view import StatsView
from app.ui.panels.incidents.timeline import TimelineWidget

__all__ = ["LIST_LIMIT", "RED", "SPEC", "TICK_MS", "IncidentsPanel"]

TICK_MS = 30_000


class IncidentsPanel(IncidentActions, IncidentList, DetailPane, Panel):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("incidentsPanel")
        self.zone = ctx.station.zone
        self.rows: list[IncidentRow] = []
        self.detail: IncidentDetail | None = None
        self._focused = ""

        self._build_list()
        self._build_detail()
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
            # the sizes were the other direction's: the list got a sixth of the width, its
            # incident names cut off; give it two fifths again, as the stretch factors say
            total = self.width() if wanted == Qt.Orientation.Horizontal else self.height()
            self.splitter.setSizes([total * 2 // 5, total - total * 2 // 5])

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

    def status_widgets(self) -> list[QWidget]:
        return [self.due_label]

    # -- the clock and the tabs ---------------------------------------------------------------

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


def _title() -> str:
    return QCoreApplication.translate("IncidentsPanel", "Incidents")


def _create(ctx: SessionContext) -> Panel:
    return IncidentsPanel(ctx)


SPEC = PanelSpec(panel_id="incidents", title=_title, create=_create, area=Qt.DockWidgetArea.RightDockWidgetArea,
                 order=40, menu_title=lambda: QCoreApplication.translate("IncidentsPanel", "&Incidents"))
