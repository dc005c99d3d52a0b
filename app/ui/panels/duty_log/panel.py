"""The duty log dock (值班日志): filter bar, lazily fetched table, detail pane, and every action
on entries (quick entry, amend, instruction, action, notification, close/reopen, void, export,
print), each reachable from the panel's menu with a shortcut. Every change goes through
`app.services.duty_log`, is published on the bus and refreshes the panel in `on_changes`.

The panel is assembled from parts: `actions` (the menu and every action on entries), `output`
(export, print), `status` (counts and the shift on duty); this module builds the widgets and reads."""

from __future__ import annotations

import importlib
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import accounts, duty_log, roles, station
from app.services.duty_log import EntryRow
from app.storage.changes import Changes
from app.ui import pyside_guard
from app.ui.panel_api import Panel, PanelSpec, RecordRef, SessionContext
from app.ui.panels.duty_log import export
from app.ui.panels.duty_log.actions import EntryActions
from app.ui.panels.duty_log.around import around
from app.ui.panels.duty_log.bus_links import BusLinks
from app.ui.panels.duty_log.cells import COLUMN_INDEX, COLUMNS
from app.ui.panels.duty_log.columns import SummaryKeeper
from app.ui.panels.duty_log.delegates import HighlightDelegate
from app.ui.panels.duty_log.detail_view import DetailView
from app.ui.panels.duty_log.entry_form import EntryForm
from app.ui.panels.duty_log.filter_bar import FilterBar
from app.ui.panels.duty_log.model import AMENDED_ROLE, EntryTableModel
from app.ui.panels.duty_log.output import OutputActions
from app.ui.panels.duty_log.status import StatusLine

pyside_guard.keep_singletons_alive()  # see pyside_guard: scrolling the log must never crash the program

TICK_MS = 60_000
"""How often 'overdue' and the current shift are re-evaluated without any change."""
COLUMN_WIDTHS = {"no": 90, "received_at": 120, "direction": 60, "channel": 60, "category": 80,
                 "source": 150, "township": 70, "summary": 380, "status": 60, "author": 60}


def _shifts_module() -> Any:
    """`app.services.shifts` when it offers `current_shift(db)`; None otherwise."""
    try:
        module = importlib.import_module("app.services.shifts")
    except Exception:
        return None
    return module if callable(getattr(module, "current_shift", None)) else None


class DutyLogPanel(EntryActions, OutputActions, StatusLine, Panel):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.setObjectName("dutyLogPanel")
        self.zone = ctx.station.zone
        self.names: dict[str, str] = {}
        self.townships: list[str] = []
        self.leaders: list[str] = []
        self.export_thread: export.ExportThread | None = None
        self.entry_form: EntryForm | None = None
        self.last_dialog: QDialog | None = None
        self._shifts = _shifts_module()

        self.model = EntryTableModel(ctx.db, self.zone, self, asynchronous=True)
        self.model.load_failed.connect(self._show_message)
        self.model.count_ready.connect(self._update_count_label)
        self._counting = False
        self._counts_dirty = False
        self.open_count = self.overdue_count = -1
        self.filter_bar = FilterBar(self.zone, self._now, self)
        self.filter_bar.changed.connect(self.apply_filter)
        self.bus_links = BusLinks(self)  # issue 13: timeline selection and period, 关联事件…

        self.table = QTableView()
        self.table.setObjectName("dutyLogTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vheader = self.table.verticalHeader()
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 8)
        vheader.hide()
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        self._fit_columns()
        self.summary_keeper = SummaryKeeper(self.table, COLUMN_INDEX["summary"],
                                            frozenset({COLUMN_INDEX["no"], COLUMN_INDEX["received_at"]}))  # columns.py
        header.setSortIndicator(COLUMN_INDEX["received_at"], Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        # Qt's own (C++) painting unless there is something to highlight: a Python delegate
        # costs a tenth of a millisecond per cell
        self.plain_delegate = self.table.itemDelegate()
        self.delegate = HighlightDelegate(lambda: self.model.terms, AMENDED_ROLE, self.table)
        self.model.refreshed.connect(self._choose_delegate)
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.table.doubleClicked.connect(lambda _index: self.amend())
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

        self.detail = DetailView()
        self.detail.record_clicked.connect(lambda panel, kind, key: ctx.bus.select_requested.emit(
            RecordRef(panel, kind, key)))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("dutyLogSplitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 360])

        self.shift_label = QLabel()
        self.shift_label.setObjectName("dutyLogShift")
        self.shift_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label = QLabel()
        self.count_label.setObjectName("dutyLogCount")
        self.message_label = QLabel()
        self.message_label.setObjectName("dutyLogMessage")
        self.message_label.setStyleSheet("color: #1f5f99;")

        self._build_actions()
        self.table.addAction(self.bus_links.action)
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("dutyLogToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in (self.new_action, self.amend_action, self.instruction_action, self.act_action,
                       self.notify_action, self.close_action, self.reopen_action, self.void_action):
            self.toolbar.addAction(action)
        self.toolbar.addSeparator()
        for action in (self.open_items_action, self.export_action, self.print_action):
            self.toolbar.addAction(action)

        info = QHBoxLayout()
        info.addWidget(self.shift_label, 1)
        info.addWidget(self.message_label)
        info.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.bus_links.chip)
        layout.addWidget(self.splitter, 1)
        layout.addLayout(info)

        self.open_button = QToolButton()
        self.open_button.setObjectName("dutyLogOpenCount")
        self.open_button.setAutoRaise(True)
        self.open_button.setToolTip(self.tr("Open duty log entries — click to show them"))
        self.open_button.clicked.connect(lambda: self.show_status("open"))
        self.overdue_button = QToolButton()
        self.overdue_button.setObjectName("dutyLogOverdueCount")
        self.overdue_button.setAutoRaise(True)
        self.overdue_button.setToolTip(self.tr("Open entries past their follow-up time — click to show them"))
        self.overdue_button.clicked.connect(lambda: self.show_status("overdue"))
        self.open_button.setText(self.tr("Open %1").replace("%1", "…"))
        self.overdue_button.setText(self.tr("Overdue %1").replace("%1", "…"))

        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

        self._load_reference()
        self.refresh_counts()
        self.refresh_shift()
        self._update_count_label()
        if self.model.total:
            self.select_row(0)  # the newest entry, its detail beside it
        self._update_actions()

    def _fit_columns(self) -> None:
        """Widths that show every label of the choice columns and the header in full, in the
        current language (English labels are much wider than Chinese ones)."""
        metrics = self.table.fontMetrics()
        bold = self.table.horizontalHeader().fontMetrics()
        texts: dict[str, list[str]] = {
            "direction": [duty_log.label(c, duty_log.DIRECTIONS) for c in duty_log.DIRECTIONS],
            "channel": [duty_log.label(c, duty_log.CHANNELS) for c in duty_log.CHANNELS],
            "category": [duty_log.label(c, duty_log.CATEGORIES) for c in duty_log.CATEGORIES],
            "status": [f"⚠ {duty_log.label(c, duty_log.STATUSES)}" for c in duty_log.STATUSES],
            "no": ["★ 2024-0000 ✎", *(f"★ {code}-2024-0000 ✎" for code in duty_log.other_station_codes(self.ctx.db))],
            "received_at": ["2024-04-19 05:54 ✎"],
        }
        for i, column in enumerate(COLUMNS):
            width = COLUMN_WIDTHS.get(column.name, 80)
            header = str(self.model.headerData(i, Qt.Orientation.Horizontal))
            width = max(width, bold.horizontalAdvance(header) + 28)
            for text in texts.get(column.name, []):
                width = max(width, metrics.horizontalAdvance(text) + 16)
            self.table.setColumnWidth(i, width if column.name == "summary" else min(width, 240))

    def status_widgets(self) -> list[QWidget]:
        # the window inserts each at the front: this order reads "Open N  ⚠ Overdue M"
        return [self.overdue_button, self.open_button]

    def _load_reference(self) -> None:
        try:
            people = accounts.list_accounts(self.ctx.db)
            self.townships = station.townships(self.ctx.db)
        except UserError as error:
            self._show_message(error.message)
            return
        self.names = {p.username: p.display_name or p.username for p in people}
        self.leaders = [p.display_name or p.username for p in people
                        if roles.LEADER in p.roles and not p.disabled]
        self.model.set_names(self.names)
        self.filter_bar.set_townships(self.townships)
        self.filter_bar.set_authors(sorted(self.names.items()))

    def _now(self) -> datetime:
        return duty_log.now(self.ctx.db)

    def menu_actions(self) -> list[QAction]:
        actions = super().menu_actions()
        actions.insert(actions.index(self.void_action) + 1, self.bus_links.action)  # issue 13: 关联事件…
        return actions

    # -- reading -------------------------------------------------------------------------------------

    def apply_filter(self) -> None:
        selected = self.selected_entry()
        self.model.set_filter(self.bus_links.narrow(self.filter_bar.current_filter()))
        self.open_items_action.setChecked(self.filter_bar.status_code() == "open")
        self._after_reload(selected.id if selected else None, 0)

    def refresh(self) -> None:
        """Read everything again (F5; after changes made elsewhere)."""
        selected = self.selected_entry()
        row = self.table.currentIndex().row()
        scroll = self.table.verticalScrollBar().value()
        self.model.now = self._now()
        if not self.model.reload_rows():
            self.model.refresh()
            self.table.verticalScrollBar().setValue(scroll)
        self._after_reload(selected.id if selected else None, max(row, 0))
        self.refresh_counts()

    def _after_reload(self, entry_id: str | None, near: int) -> None:
        self._update_count_label()
        if entry_id is not None:
            row = self.model.find_row(entry_id, near)
            if row >= 0:
                self.select_row(row)
                return
        if self.model.total > 0:
            self.select_row(0)  # the newest match: the detail pane follows the search
        else:
            self.table.selectionModel().clearCurrentIndex()
            self._current_changed(QModelIndex(), QModelIndex())

    def _choose_delegate(self) -> None:
        wanted = self.delegate if self.model.terms else self.plain_delegate
        if self.table.itemDelegate() is not wanted:
            self.table.setItemDelegate(wanted)

    def select_row(self, row: int) -> None:
        """Make `row` current and selected, scrolling vertically only (the column stays the
        one the user was in, else the leftmost one on screen)."""
        current = self.table.currentIndex()
        column = current.column() if current.isValid() else max(self.table.columnAt(0), 0)
        index = self.model.index(row, column)
        hbar = self.table.horizontalScrollBar()
        keep = hbar.value()
        same_row = current.isValid() and current.row() == row
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        hbar.setValue(keep)  # follow the row, not the column
        if same_row:  # currentRowChanged did not fire: show the (possibly changed) entry again
            self._current_changed(index, QModelIndex())

    def selected_entry(self) -> EntryRow | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        entry = self.model.entry_at(index.row())
        if entry is not None:
            return entry
        return None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        entry = self.model.entry_at(current.row()) if current.isValid() else None
        if entry is None:
            self.detail.show_empty()
        else:
            self._show_detail(entry.id)
        self._update_actions()

    def _show_detail(self, entry_id: str) -> None:
        try:
            detail = duty_log.get_entry(self.ctx.db, entry_id)
        except UserError as error:
            self.detail.show_empty()
            self._show_message(error.message)
            return
        self.detail.show_detail(detail, self.zone, self.model.now, self.names, self.model.terms,
                                around(self.ctx.db, detail.entry))

    def current_detail_entry(self) -> EntryRow | None:
        """The entry the detail pane shows (the selection, or one opened with Go to number)."""
        return self.detail.detail.entry if self.detail.detail is not None else self.selected_entry()

    def _update_actions(self) -> None:
        entry = self.current_detail_entry()
        has = entry is not None and not entry.voided
        for action in (self.amend_action, self.instruction_action, self.act_action, self.notify_action,
                       self.void_action):
            action.setEnabled(has)
        self.close_action.setEnabled(has and entry is not None and entry.status != "closed")
        self.reopen_action.setEnabled(has and entry is not None and entry.status == "closed")

    def on_changes(self, changes: Changes) -> None:
        if "account" in changes:
            self._load_reference()
        if any(name.startswith("shift") for name in changes.tables):
            self.refresh_shift()
        if "duty_entry" in changes or "duty_activity" in changes:
            self.refresh()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(text)
        self.ctx.bus.status_message.emit(text)

    # -- filters -------------------------------------------------------------------------------------

    def show_status(self, status: str | None) -> None:
        self.filter_bar.set_status(status)

    def toggle_open_items(self) -> None:
        on = self.filter_bar.status_code() != "open"
        self.show_status("open" if on else None)

    def go_to_number(self) -> None:
        text, ok = QInputDialog.getText(self, self.tr("Go to entry"), self.tr("Entry number (e.g. 2024-0137):"))
        if ok and text.strip():
            self.open_number(text.strip())

    def open_number(self, number: str) -> bool:
        try:
            entry = duty_log.resolve(self.ctx.db, number)
        except UserError as error:
            self._show_message(error.message)
            return False
        row = self.model.find_row(entry.id, self.table.currentIndex().row())
        if row >= 0:
            self.select_row(row)
        else:
            self.table.clearSelection()
            self._show_detail(entry.id)
            self._update_actions()
        return True


def _title() -> str:
    return QCoreApplication.translate("DutyLogPanel", "Duty log")


def _create(ctx: SessionContext) -> Panel:
    return DutyLogPanel(ctx)


SPEC = PanelSpec(
    panel_id="duty_log",
    title=_title,
    create=_create,
    area=Qt.DockWidgetArea.BottomDockWidgetArea,
    order=10,
    menu_title=_title,
)
