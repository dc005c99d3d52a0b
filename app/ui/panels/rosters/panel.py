"""The rosters dock (救援队伍花名册 · 联络通讯录).

Tab "Units": the unit tree (status colour, planned / on duty / deployed, leader and first phone)
and, for the selected unit and everything below it, the member table (phones in call order,
qualifications — expiring in amber, expired in red —, "verify" when a sync conflict touched the
person) with the selected person's detail (equipment held, phone verification). Tab
"Directory": township duty phones, village assistants and information officers, department
liaisons. Tab "Re-verify": numbers not verified for N days with "Verified now".

Keys: S then 1–4 changes the selected unit's status (two keystrokes); Ctrl+Shift+L call list (Ctrl+L locks the screen); Ctrl+B
the wall-screen status board; Ctrl+Shift+V verified-now on the re-verification tab.

The panel is assembled from parts: `unit_tree` (the unit tree), `members` (the member table and
the person's detail), `actions` (the menu and everything it does); this module builds the
widgets, loads the tabs and follows changes and record requests.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services import station
from app.services.rosters import directory, phones, units
from app.storage.changes import Changes
from app.ui.panel_api import LoadWhenShown, Panel, PanelSpec, RecordRef, SessionContext
from app.ui.panels.rosters.actions import RosterActions
from app.ui.panels.rosters.board import StatusBoard
from app.ui.panels.rosters.members import QUAL_COLOURS, MembersPart
from app.ui.panels.rosters.parts import _day
from app.ui.panels.rosters.unit_tree import UnitTree, UnitTreePart

__all__ = ["QUAL_COLOURS", "SPEC", "TABLES", "RostersPanel", "UnitTree"]

TABLES = ("roster_unit", "roster_person", "roster_phone", "roster_qualification", "roster_post",
          "roster_status_event", "field_edit")


class RostersPanel(RosterActions, MembersPart, UnitTreePart, Panel):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("rostersPanel")
        self.nodes: dict[str, units.UnitNode] = {}
        self.items: dict[str, QTreeWidgetItem] = {}
        self.member_ids: list[str] = []
        self.board: StatusBoard | None = None
        self.last_dialog: Any = None
        self.townships = station.townships(ctx.db)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rosterTabs")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        bar = QHBoxLayout()
        self.township = QComboBox()
        self.township.setObjectName("rosterTownship")
        self.township.addItem(self.tr("All townships"), "")
        for t in self.townships:
            self.township.addItem(t, t)
        self.township.currentIndexChanged.connect(self.refresh)
        bar.addWidget(QLabel(self.tr("Township")))
        bar.addWidget(self.township)
        self.summary = QLabel()
        self.summary.setObjectName("rosterSummary")
        bar.addWidget(self.summary, 1)
        for text, slot, name in ((self.tr("Status (S)"), self.change_status, "rosterStatusButton"),
                                 (self.tr("Call list"), self.show_calllist, "rosterCallButton"),
                                 (self.tr("Status board"), self.show_board, "rosterBoardButton")):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self.tree = UnitTree(self)
        self.tree.setObjectName("rosterTree")
        self.tree.setColumnCount(5)
        self.tree.setHeaderLabels([self.tr("Unit"), self.tr("Status"), self.tr("Planned / on duty / deployed"),
                                   self.tr("Leader"), self.tr("Phone")])
        self.tree.setColumnWidth(0, 230)
        self.tree.setColumnWidth(1, 64)
        self.tree.currentItemChanged.connect(self._unit_changed)
        self.members = QTableWidget(0, 6)
        self.members.setObjectName("rosterMembers")
        self.members.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Role"), self.tr("Unit"), self.tr("Status"),
                                                self.tr("Phones (in call order)"), self.tr("Qualifications")])
        self.members.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.members.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.members.verticalHeader().hide()
        self.members.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.members.currentCellChanged.connect(lambda row, *_: self._member_changed(row))
        self.detail = QLabel()
        self.detail.setObjectName("rosterDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        detail_area = QScrollArea()  # the detail never squeezes the member table in a small dock
        detail_area.setWidgetResizable(True)
        detail_area.setWidget(self.detail)
        detail_area.setMinimumHeight(self.fontMetrics().height() * 3)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.members)
        right.addWidget(detail_area)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tree)
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 4)
        self.tabs.addTab(split, self.tr("Units"))

        self.directory = QTableWidget(0, 5)
        self.directory.setObjectName("rosterDirectory")
        self.directory.setHorizontalHeaderLabels([self.tr("Township"), self.tr("Village / department"),
                                                  self.tr("Post"), self.tr("Name"), self.tr("Phones")])
        self.directory.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.directory.verticalHeader().hide()
        self.directory.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tabs.addTab(self.directory, self.tr("Directory"))

        stale_page = QWidget()
        sl = QVBoxLayout(stale_page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Not verified for more than")))
        self.days = QSpinBox()
        self.days.setObjectName("rosterStaleDays")
        self.days.setRange(1, 3650)
        self.days.setValue(phones.DEFAULT_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.valueChanged.connect(self.refresh_stale)
        row.addWidget(self.days)
        row.addStretch(1)
        self.verify_button = QPushButton(self.tr("Verified now"))
        self.verify_button.setObjectName("rosterVerifyNow")
        self.verify_button.clicked.connect(self.verify_selected)
        row.addWidget(self.verify_button)
        sl.addLayout(row)
        self.stale = QTableWidget(0, 5)
        self.stale.setObjectName("rosterStale")
        self.stale.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Unit"), self.tr("Number"),
                                              self.tr("Last verified"), self.tr("Days")])
        self.stale.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.stale.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.stale.verticalHeader().hide()
        self.stale.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        sl.addWidget(self.stale, 1)
        self.stale_rows: list[phones.StaleNumber] = []
        self.tabs.addTab(stale_page, self.tr("Re-verify"))

        self._actions: list[QAction] = []
        self._build_actions()
        ctx.bus.select_requested.connect(self._select_requested)
        self.loader = LoadWhenShown(self, self.refresh, defer=ctx.defer_hidden_loads)

    # -- loading -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        current = self.current_unit()
        with self.ctx.db.read() as conn:
            roots = units.load_tree(conn)
        town = self.township.currentData() or ""
        self.nodes = {n.id: n for n in units.flatten(roots)}
        self.tree.clear()
        self.items = {}
        for root in roots:
            self._add_item(None, root, town)
        self.tree.expandToDepth(0)
        deployed = sum(r.deployed for r in roots)
        on_duty = sum(r.on_duty for r in roots)
        self.summary.setText(self.tr("%1 units · on duty %2 · deployed %3").replace("%1", str(len(self.nodes)))
                             .replace("%2", str(on_duty)).replace("%3", str(deployed)))
        if current is not None and current.id in self.items:
            self.tree.setCurrentItem(self.items[current.id])
        elif (first := self.tree.topLevelItem(0)) is not None:
            self.tree.setCurrentItem(first)
        self.refresh_directory()
        self.refresh_stale()
        if self.board is not None and self.board.isVisible():
            self.board.refresh()

    def refresh_directory(self) -> None:
        rows = directory.list_directory(self.ctx.db, self.township.currentData() or None)
        self.directory.setRowCount(len(rows))
        for n, r in enumerate(rows):
            for col, value in enumerate((r["township"], r["village"] or r["department"], r["role_label"], r["name"],
                                         "  /  ".join(r["phones"]))):
                self.directory.setItem(n, col, QTableWidgetItem(value))

    def refresh_stale(self) -> None:
        self.stale_rows = phones.stale(self.ctx.db, self.days.value())
        self.stale.setRowCount(len(self.stale_rows))
        for n, s in enumerate(self.stale_rows):
            last = _day(s.verified_ms, self.ctx) if s.verified_ms else self.tr("never")
            for col, value in enumerate((s.name, s.unit, s.number, last, str(s.age_days))):
                self.stale.setItem(n, col, QTableWidgetItem(value))
        self.tabs.setTabText(2, self.tr("Re-verify (%1)").replace("%1", str(len(self.stale_rows))))

    def on_changes(self, changes: Changes) -> None:
        if any(t in changes for t in TABLES):
            self.loader.request()  # behind another tab: reload when shown

    def _select_requested(self, ref: RecordRef) -> None:
        if ref.panel != "rosters":
            return
        self.loader.ensure()
        unit_id = ref.key
        if ref.kind == "status_event":
            with self.ctx.db.read() as conn:
                from sqlalchemy import select

                from app.services.rosters.status import EVENT

                unit_id = conn.execute(select(EVENT.c.unit_id).where(EVENT.c.event_id == ref.key)).scalar() or ""
        if unit_id in self.items:
            self.tabs.setCurrentIndex(0)
            self.tree.setCurrentItem(self.items[unit_id])


def _title() -> str:
    return QCoreApplication.translate("RostersPanel", "Rescue units")


def _create(ctx: SessionContext) -> Panel:
    return RostersPanel(ctx)


SPEC = PanelSpec(
    panel_id="rosters",
    title=_title,
    create=_create,
    area=Qt.DockWidgetArea.RightDockWidgetArea,
    order=30,
    menu_title=_title,
)
