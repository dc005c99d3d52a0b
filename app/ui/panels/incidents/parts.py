"""What the parts of the incidents panel (`incident_list`, `detail_pane`, `actions`) may use of
the panel they are mixed into (`panel.IncidentsPanel` builds these widgets and defines these
methods).

Only for the type checker: at run time the parts are plain classes and the panel's own
attributes and methods are found on the panel itself. The parts' strings keep the panel's
translation context: `QCoreApplication.translate("IncidentsPanel", ...)`."""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QCheckBox, QLabel, QTableWidget, QTabWidget, QTextBrowser

from app.services.incidents.records import IncidentDetail, IncidentRow
from app.ui.panel_api import Panel
from app.ui.panels.incidents import dialogs
from app.ui.panels.incidents.stats_view import StatsView
from app.ui.panels.incidents.timeline import TimelineWidget

if TYPE_CHECKING:
    _Base = Panel
else:
    _Base = object


class IncidentsParts(_Base):
    if TYPE_CHECKING:
        zone: ZoneInfo
        rows: builtins.list[IncidentRow]
        detail: IncidentDetail | None
        _focused: str
        townships: builtins.list[str]
        open_only: QCheckBox
        drills: QCheckBox
        list: QTableWidget
        info: QTextBrowser
        obligations: QTableWidget
        timeline: TimelineWidget
        stats: StatsView
        tabs: QTabWidget
        only_this: QCheckBox
        due_label: QLabel

        def refresh(self) -> None: ...
        def focus_timeline(self, d: IncidentDetail) -> None: ...
        def _show(self, row: int) -> None: ...
        def record_report(self) -> dialogs.ServiceDialog | None: ...
