"""The duty log dock (值班日志): filter bar, lazily fetched table, detail pane, and every action
on entries (quick entry, amend, instruction, action, notification, close/reopen, void, export,
print), each reachable from the panel's menu with a shortcut. Every change goes through
`app.services.duty_log`, is published on the bus and refreshes the panel in `on_changes`."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QSplitter,
    QTableView,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.errors import UserError
from app.services import accounts, duty_log, roles, station
from app.services.duty_log import EntryRow
from app.storage.changes import Changes
from app.ui import pyside_guard
from app.ui.panel_api import Panel, PanelSpec, SessionContext
from app.ui.panels.duty_log import export, print_view, worker
from app.ui.panels.duty_log.bus_links import BusLinks
from app.ui.panels.duty_log.delegates import HighlightDelegate
from app.ui.panels.duty_log.detail_view import DetailView
from app.ui.panels.duty_log.dialogs import (
    ActionDialog,
    AmendDialog,
    InstructionDialog,
    NotificationDialog,
    ServiceDialog,
    VoidDialog,
)
from app.ui.panels.duty_log.entry_form import EntryForm
from app.ui.panels.duty_log.filter_bar import FilterBar
from app.ui.panels.duty_log.model import AMENDED_ROLE, COLUMN_INDEX, COLUMNS, EntryTableModel

pyside_guard.keep_none_alive()  # see pyside_guard: scrolling the log must never crash the program

TICK_MS = 60_000
"""How often 'overdue' and the current shift are re-evaluated without any change."""
WRITERS = (roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER)
INSTRUCTORS = (roles.LEADER, roles.SHIFT_LEAD)
VOIDERS = (roles.SHIFT_LEAD, roles.LEADER)
COLUMN_WIDTHS = {"no": 90, "received_at": 120, "direction": 60, "channel": 60, "category": 80,
                 "source": 150, "township": 70, "summary": 380, "status": 60, "author": 60}


def _shifts_module() -> Any:
    """`app.services.shifts` when it offers `current_shift(db)`; None otherwise."""
    try:
        module = importlib.import_module("app.services.shifts")
    except Exception:
        return None
    return module if callable(getattr(module, "current_shift", None)) else None


class DutyLogPanel(Panel):
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
        header.setStretchLastSection(True)
        self._fit_columns()
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

    # -- set-up --------------------------------------------------------------------------------------

    def _make_action(self, name: str, text: str, slot: Callable[[], Any], shortcut: str | None = None,
                     *, window_wide: bool = False, tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut if window_wide
                                      else Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if tip:
            action.setToolTip(tip)
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        a = self._make_action
        self.new_action = a("dutyLogNew", self.tr("&New entry…"), self.new_entry, "Ctrl+N", window_wide=True,
                            tip=self.tr("Record a call, fax, message or report (Ctrl+N)"))
        self.find_action = a("dutyLogFind", self.tr("&Find…"), self.filter_bar.focus_search, "Ctrl+F")
        self.goto_action = a("dutyLogGoTo", self.tr("&Go to number…"), self.go_to_number, "Ctrl+G")
        self.amend_action = a("dutyLogAmend", self.tr("&Amend field…"), self.amend, "Ctrl+E",
                              tip=self.tr("Correct a field; the old value stays, struck through"))
        self.instruction_action = a("dutyLogInstruction", self.tr("Leader's &instruction…"), self.add_instruction,
                                    "Ctrl+I")
        self.act_action = a("dutyLogAct", self.tr("Action &taken…"), self.add_action, "Ctrl+T")
        self.notify_action = a("dutyLogNotify", self.tr("&Notification…"), self.add_notification, "Ctrl+Shift+N")
        self.close_action = a("dutyLogClose", self.tr("&Close entry"), self.close_entry, "Ctrl+D")
        self.reopen_action = a("dutyLogReopen", self.tr("&Reopen entry"), self.reopen_entry, "Ctrl+Shift+D")
        self.void_action = a("dutyLogVoid", self.tr("&Void entry…"), self.void_entry,
                             tip=self.tr("Void a wrong entry with a reason (it stays, struck through)"))
        self.open_items_action = a("dutyLogOpenItems", self.tr("&Open items only"), self.toggle_open_items,
                                   "Ctrl+Shift+O", window_wide=True)
        self.open_items_action.setCheckable(True)
        self.overdue_action = a("dutyLogOverdueItems", self.tr("O&verdue items only"), lambda: self.show_status("overdue"))
        self.clear_action = a("dutyLogClearFilters", self.tr("C&lear filters"), self.filter_bar.reset,
                              "Ctrl+Shift+L")
        self.refresh_action = a("dutyLogRefresh", self.tr("Re&fresh"), self.refresh, "F5")
        self.export_action = a("dutyLogExport", self.tr("&Export view to Excel…"), self.export_dialog,
                               "Ctrl+Shift+E")
        self.print_action = a("dutyLogPrint", self.tr("&Print view…"), self.print_dialog, "Ctrl+P")
        self.link_incident_action = a("dutyLogLinkIncident", self.tr("Link to &incident…"),
                                      lambda: self.bus_links.link_to_incident())
        self.table.addActions([self.amend_action, self.instruction_action, self.act_action, self.notify_action,
                               self.close_action, self.reopen_action, self.void_action, self.link_incident_action])

    def menu_actions(self) -> list[QAction]:
        separator = [QAction(self), QAction(self), QAction(self)]
        for s in separator:
            s.setSeparator(True)
        return [self.new_action, self.find_action, self.goto_action, separator[0],
                self.amend_action, self.instruction_action, self.act_action, self.notify_action,
                self.close_action, self.reopen_action, self.void_action, self.link_incident_action, separator[1],
                self.open_items_action, self.overdue_action, self.clear_action, self.refresh_action, separator[2],
                self.export_action, self.print_action]

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
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.table.scrollTo(index)
        hbar.setValue(keep)  # follow the row, not the column
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
        self.detail.show_detail(detail, self.zone, self.model.now, self.names, self.model.terms)

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

    def _update_count_label(self) -> None:
        total = self.model.total
        if not self.model.exact:
            text = self.tr("Counting… (%1 shown so far)").replace("%1", f"{total:,}")
        elif self.filter_bar.is_filtered():
            text = self.tr("%1 matching entries").replace("%1", f"{total:,}")
        else:
            text = self.tr("%1 entries").replace("%1", f"{total:,}")
        self.count_label.setText(text)

    def refresh_counts(self) -> None:
        """Count open and overdue entries on a worker thread (half a second on a million
        entries); the status-bar buttons update when the answer comes."""
        if self._counting:
            self._counts_dirty = True
            return
        self._counting = True
        db, now = self.ctx.db, self.model.now
        worker.start(lambda: (duty_log.open_count(db), duty_log.overdue_count(db, now)), None,
                     self._counts_done, self._counts_failed)

    def _counts_done(self, _tag: object, result: object) -> None:
        self._counting = False
        if self._counts_dirty:
            self._counts_dirty = False
            self.refresh_counts()
            return
        assert isinstance(result, tuple)
        open_n, overdue_n = result
        self.open_count, self.overdue_count = open_n, overdue_n
        self.open_button.setText(self.tr("Open %1").replace("%1", f"{open_n:,}"))
        if overdue_n:
            self.overdue_button.setText(self.tr("⚠ Overdue %1").replace("%1", f"{overdue_n:,}"))
            self.overdue_button.setStyleSheet("color: #a3160b; font-weight: bold;")
        else:
            self.overdue_button.setText(self.tr("Overdue %1").replace("%1", "0"))
            self.overdue_button.setStyleSheet("")

    def _counts_failed(self, _tag: object, message: str) -> None:
        self._counting = False
        self._show_message(message)

    def refresh_shift(self) -> None:
        if self._shifts is None:
            self.shift_label.hide()
            return
        try:
            shift = self._shifts.current_shift(self.ctx.db)
        except Exception:  # an optional extra: never let it break the log
            shift = None
        if shift is None:
            self.shift_label.setText("")
            self.shift_label.hide()
            return
        text = self.tr("Shift %1 (%2): %3").replace("%1", shift.period_text(self.zone)) \
            .replace("%2", shift.state_text()).replace("%3", shift.people_text())
        self.shift_label.setText(text)
        self.shift_label.setToolTip(text)
        self.shift_label.show()

    def tick(self) -> None:
        """Every minute: entries may have become overdue, a shift may have ended."""
        self.model.set_now(self._now())
        self.refresh_counts()
        self.refresh_shift()

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

    # -- recording -----------------------------------------------------------------------------------

    def _require(self, *any_of: str) -> bool:
        try:
            self.ctx.actor.require(*any_of)
        except UserError as error:
            self._warn(error.message)
            return False
        return True

    def _warn(self, text: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Duty log"), text, QMessageBox.StandardButton.Ok, self)
        box.setObjectName("dutyLogWarning")
        box.open()
        self.last_dialog = box

    def new_entry(self) -> EntryForm | None:
        if not self._require(*WRITERS):
            return None
        if self.entry_form is not None and self.entry_form.isVisible():
            self.entry_form.raise_()
            self.entry_form.activateWindow()
            return self.entry_form
        form = EntryForm(self.ctx.db, self.ctx.actor, self.zone, self.townships, self)
        form.accepted.connect(lambda f=form: self._entry_saved(f))
        form.finished.connect(lambda _r: setattr(self, "entry_form", None))
        self.entry_form = form
        form.open()
        form.direction.setFocus(Qt.FocusReason.OtherFocusReason)
        return form

    def _entry_saved(self, form: EntryForm) -> None:
        if form.changes is not None:
            self.ctx.bus.publish(form.changes)
        if form.saved is not None:
            row = self.model.find_row(form.saved.id, 0)
            if row >= 0:
                self.select_row(row)
            else:
                self._show_detail(form.saved.id)
            self._show_message(self.tr("Saved as %1").replace("%1", form.saved.display_no))

    def _run_dialog(self, dialog: ServiceDialog, done: str) -> ServiceDialog:
        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and dialog.changes is not None:
                self.ctx.bus.publish(dialog.changes)
                self._show_message(done.replace("%1", dialog.entry.display_no))
        dialog.finished.connect(finished)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def _target(self) -> EntryRow | None:
        entry = self.current_detail_entry()
        if entry is None:
            self._show_message(self.tr("Select an entry first."))
        return entry

    def amend(self, field: str | None = None) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*WRITERS):
            return None
        dialog = AmendDialog(self.ctx.db, self.ctx.actor, entry, self.zone, self.townships, field, self)
        return self._run_dialog(dialog, self.tr("%1 amended"))

    def add_instruction(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*INSTRUCTORS):
            return None
        dialog = InstructionDialog(self.ctx.db, self.ctx.actor, entry, self.leaders, self)
        return self._run_dialog(dialog, self.tr("Instruction recorded for %1"))

    def add_action(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*WRITERS):
            return None
        return self._run_dialog(ActionDialog(self.ctx.db, self.ctx.actor, entry, self),
                                self.tr("Action recorded for %1"))

    def add_notification(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*WRITERS):
            return None
        return self._run_dialog(NotificationDialog(self.ctx.db, self.ctx.actor, entry, self.zone, self),
                                self.tr("Notification recorded for %1"))

    def void_entry(self) -> ServiceDialog | None:
        entry = self._target()
        if entry is None or not self._require(*VOIDERS):
            return None
        return self._run_dialog(VoidDialog(self.ctx.db, self.ctx.actor, entry, self), self.tr("%1 voided"))

    def _call(self, call: Callable[..., Changes], *args: Any) -> bool:
        try:
            changes = call(self.ctx.db, self.ctx.actor, *args)
        except UserError as error:
            self._warn(error.message)
            return False
        self.ctx.bus.publish(changes)
        return True

    def close_entry(self) -> bool:
        entry = self._target()
        if entry is None:
            return False
        if self._call(duty_log.close_entry, entry.id):
            self._show_message(self.tr("%1 closed").replace("%1", entry.display_no))
            return True
        return False

    def reopen_entry(self) -> bool:
        entry = self._target()
        if entry is None:
            return False
        if self._call(duty_log.reopen_entry, entry.id):
            self._show_message(self.tr("%1 reopened").replace("%1", entry.display_no))
            return True
        return False

    # -- export and print ----------------------------------------------------------------------------

    def _export_job(self, path: Path) -> export.ExportJob:
        return export.ExportJob(db=self.ctx.db, filter=self.model.effective_filter(), sort_key=self.model.sort_key,
                                descending=self.model.descending, path=path, zone=self.zone, names=self.names,
                                now=self.model.now)

    def export_dialog(self) -> None:
        name = self.tr("duty-log-%1.xlsx").replace("%1", self._now().astimezone(self.zone).strftime("%Y%m%d-%H%M"))
        path, _filter = QFileDialog.getSaveFileName(self, self.tr("Export duty log"), name,
                                                    self.tr("Excel workbook (*.xlsx)"))
        if path:
            if not path.lower().endswith(".xlsx"):
                path += ".xlsx"
            self.export_to(Path(path))

    def export_to(self, path: Path) -> export.ExportThread | None:
        """Write the current view to `path`: at once when small, else on a worker thread with a
        cancellable progress dialog (returns the thread then)."""
        job = self._export_job(path)
        total = self.model.total
        if self.model.exact and total <= export.BACKGROUND_OVER:
            try:
                count = export.write_xlsx(job)
            except UserError as error:
                self._warn(error.message)
                return None
            self._exported(str(path), count)
            return None
        thread = export.ExportThread(job, messages.language(), self)
        progress = QProgressDialog(self.tr("Exporting %1 entries…").replace("%1", f"{total:,}"),
                                   self.tr("Cancel"), 0, total, self)
        progress.setObjectName("dutyLogExportProgress")
        progress.setWindowTitle(self.tr("Export duty log"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        def advance(done: int, all_: int) -> None:
            progress.setMaximum(all_)
            progress.setValue(done)

        thread.progressed.connect(advance)
        progress.canceled.connect(thread.cancel)
        thread.succeeded.connect(self._exported)
        thread.failed.connect(self._warn)
        thread.cancelled_.connect(lambda: self._show_message(self.tr("Export cancelled; no file written.")))
        thread.finished.connect(progress.reset)
        thread.finished.connect(progress.deleteLater)
        thread.finished.connect(lambda: setattr(self, "export_thread", None))
        self.export_thread = thread
        thread.start()
        return thread

    def _exported(self, path: str, count: int) -> None:
        self._show_message(self.tr("%1 entries exported to %2").replace("%1", f"{count:,}").replace("%2", path))

    def print_job(self) -> print_view.PrintJob:
        return print_view.PrintJob(db=self.ctx.db, filter=self.model.effective_filter(), sort_key=self.model.sort_key,
                                   descending=self.model.descending, zone=self.zone, names=self.names,
                                   now=self.model.now, station=self.ctx.station.name,
                                   printed_by=self.ctx.actor.display_name, description=self.describe_filter())

    def print_dialog(self) -> None:
        dialog = print_view.preview(self.print_job(), self)
        self.last_dialog = dialog
        dialog.exec()

    def describe_filter(self) -> str:
        bar = self.filter_bar
        parts = []
        for combo in (bar.period, bar.status, bar.category, bar.direction, bar.channel, bar.township, bar.author):
            if combo.currentIndex() > 0:
                parts.append(combo.currentText())
        if bar.period.currentData() == "custom":
            parts.append(f"{bar.since.date().toString('yyyy-MM-dd')} – {bar.until.date().toString('yyyy-MM-dd')}")
        if bar.significant.isChecked():
            parts.append(bar.significant.text())
        if bar.hide_voided.isChecked():
            parts.append(bar.hide_voided.text())
        if bar.search.text().strip():
            parts.append(self.tr("search “%1”").replace("%1", bar.search.text().strip()))
        if not parts:
            return self.tr("All entries")
        return self.tr("Filter: %1").replace("%1", "; ".join(parts))


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
