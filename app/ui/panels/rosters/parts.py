"""What the parts of the rosters panel (`unit_tree`, `members`, `actions`) may use of the panel
they are mixed into (`panel.RostersPanel` builds these widgets and defines these methods), and
the date helper they share.

The parts translate their strings with `QCoreApplication.translate("RostersPanel", ...)`, the
context `self.tr(...)` gives inside `RostersPanel`, so the committed translations still apply.

The typing is only for the type checker: at run time the parts are plain classes and the panel's
own attributes and methods are found on the panel itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
)

from app.services.rosters import phones, units
from app.ui.panel_api import LoadWhenShown, Panel, SessionContext
from app.ui.panels.rosters.board import StatusBoard

if TYPE_CHECKING:
    _Base = Panel
else:
    _Base = object


class RostersParts(_Base):
    if TYPE_CHECKING:
        nodes: dict[str, units.UnitNode]
        items: dict[str, QTreeWidgetItem]
        member_ids: list[str]
        board: StatusBoard | None
        last_dialog: Any
        townships: list[str]
        tabs: QTabWidget
        township: QComboBox
        summary: QLabel
        tree: QTreeWidget
        members: QTableWidget
        detail: QLabel
        directory: QTableWidget
        days: QSpinBox
        stale: QTableWidget
        stale_rows: list[phones.StaleNumber]
        loader: LoadWhenShown
        _actions: list[QAction]

        def refresh(self) -> None: ...
        def current_unit(self) -> units.UnitNode | None: ...
        def current_person(self) -> str: ...
        def change_status(self) -> Any: ...


def _day(ms: int | None, ctx: SessionContext) -> str:
    from app.clock import ms_to_datetime

    if ms is None:
        return ""
    return ms_to_datetime(ms).astimezone(ctx.station.zone).strftime("%Y-%m-%d")
