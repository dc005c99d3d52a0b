"""The duty log as a Qt table model: a block cache over `duty_log.page()`.

The model knows how many rows the current filter matches (`duty_log.count()`) and loads the
rows a view actually asks for, `block_size` at a time, keeping at most `max_blocks` blocks in
memory (least recently used first out). Scrolling a 1,000,000-entry log to the end therefore
costs one count and the few blocks on screen, never the whole log. Sorting by a column maps
to the service's sort keys and re-queries.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from app.errors import UserError
from app.services import duty_log
from app.services.duty_log import EntryFilter, EntryRow
from app.storage.engine import Database
from app.ui.panels.duty_log import worker
from app.ui.panels.duty_log.cells import (
    COLUMNS,
    OVERDUE_BG,
    EntryCells,
    column_title,
)

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's `EntryRow` (None while its block is not loaded)."""
AMENDED_ROLE = Qt.ItemDataRole.UserRole + 2
"""True when a field shown in this cell has been amended."""
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
"""'open', 'overdue', 'closed' or 'voided'."""
PLAIN_ROLE = Qt.ItemDataRole.UserRole + 4
"""The cell's text without marks (export, print, highlighting tests)."""



_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole)
_ENTRY, _AMENDED, _STATUS, _PLAIN = (int(r) for r in (ENTRY_ROLE, AMENDED_ROLE, STATUS_ROLE, PLAIN_ROLE))
_HANDLED = frozenset((_DISPLAY, _FONT, _FOREGROUND, _BACKGROUND, _TOOLTIP, _ACCESSIBLE, _ENTRY, _AMENDED, _STATUS,
                      _PLAIN))
_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable




class EntryTableModel(EntryCells, QAbstractTableModel):
    """Rows of the duty log for one filter and sort order, fetched in blocks on demand."""

    load_failed = Signal(str)
    """A page or the count could not be read (message in the user's language)."""
    refreshed = Signal()
    count_ready = Signal()
    """The exact number of rows is known (after a count on a worker thread)."""

    def __init__(self, db: Database, zone: ZoneInfo, parent: Any = None, *, block_size: int = 200,
                 max_blocks: int = 40, asynchronous: bool = False) -> None:
        super().__init__(parent)
        self.db = db
        self.zone = zone
        self.block_size = block_size
        self.max_blocks = max_blocks
        self.filter = EntryFilter()
        self.sort_key = "received_at"
        self.descending = True
        self.now = duty_log.now(db)
        self.terms: list[str] = []
        self.names: dict[str, str] = {}
        self._count = 0
        self.asynchronous = asynchronous
        """Count on a worker thread: the first block is shown at once, the rest of the rows
        appear when the count (up to a second on a million entries) is known."""
        self.exact = True
        """Whether `total` is the exact number of matching rows (False while counting)."""
        self._generation = 0
        self._blocks: OrderedDict[int, list[EntryRow]] = OrderedDict()
        self.blocks_fetched = 0
        """How many blocks were read from the database since the model was made (tests, perf)."""
        self._recount()

    # -- what is shown -----------------------------------------------------------------------------

    def set_filter(self, flt: EntryFilter) -> None:
        self.filter = flt
        self.terms = duty_log.search_terms(flt.text) if flt.text.strip() else []
        self.refresh()

    def set_names(self, names: dict[str, str]) -> None:
        """username -> display name, for the author column."""
        self.names = dict(names)

    def set_now(self, now: datetime) -> None:
        """Move the reference time for 'overdue' (the panel does this every minute)."""
        self.now = now
        if self._count:
            first = self.index(0, 0)
            last = self.index(self._count - 1, len(COLUMNS) - 1)
            self.dataChanged.emit(first, last)

    def effective_filter(self) -> EntryFilter:
        return replace(self.filter, now=self.now)

    def refresh(self) -> None:
        """Forget every cached row and count again (after a change or a new filter)."""
        self.beginResetModel()
        self._blocks.clear()
        self._recount()
        self.endResetModel()
        self.refreshed.emit()

    def reload_rows(self) -> bool:
        """Re-read rows in place (keeps selection and scroll position). Synchronous models
        return False when the number of rows changed and a full refresh is needed; an
        asynchronous one recounts on a worker thread and grows or shrinks at the end."""
        if self.asynchronous:
            self._blocks.clear()
            self._generation += 1
            first = self._block(0)
            if len(first) < self.block_size:
                self._count_done(self._generation, len(first))  # all rows in one block: exact now
            else:
                self._start_count()
            if self._count:
                self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))
            self.refreshed.emit()
            return True
        try:
            total = duty_log.count(self.db, self.effective_filter())
        except UserError as error:
            self.load_failed.emit(error.message)
            return True
        if total != self._count:
            return False
        self._blocks.clear()
        if self._count:
            self.dataChanged.emit(self.index(0, 0), self.index(self._count - 1, len(COLUMNS) - 1))
        self.refreshed.emit()
        return True

    def _recount(self) -> None:
        self._generation += 1
        if not self.asynchronous:
            try:
                self._count = duty_log.count(self.db, self.effective_filter())
            except UserError as error:
                self._count = 0
                self.load_failed.emit(error.message)
            self.exact = True
            return
        first = self._block(0)
        self._count = len(first)
        if len(first) < self.block_size:
            self.exact = True  # everything is in the first block: no count needed
            return
        self._start_count()

    def _start_count(self) -> None:
        self._generation += 1
        self.exact = False
        flt = self.effective_filter()
        db = self.db
        worker.start(lambda: duty_log.count(db, flt), self._generation, self._count_done, self._count_failed)

    def _count_done(self, tag: object, total: object) -> None:
        if tag != self._generation or not isinstance(total, int):
            return  # an answer to a question no longer asked
        if total > self._count:
            self.beginInsertRows(QModelIndex(), self._count, total - 1)
            self._count = total
            self.endInsertRows()
        elif total < self._count:
            self.beginRemoveRows(QModelIndex(), total, self._count - 1)
            self._count = total
            self.endRemoveRows()
        self.exact = True
        self.count_ready.emit()

    def _count_failed(self, tag: object, message: str) -> None:
        if tag == self._generation:
            self.exact = True
            self.load_failed.emit(message)
            self.count_ready.emit()

    @property
    def total(self) -> int:
        return self._count

    @property
    def cached_blocks(self) -> int:
        return len(self._blocks)

    # -- rows ---------------------------------------------------------------------------------------

    def _block(self, number: int) -> list[EntryRow]:
        block = self._blocks.get(number)
        if block is not None:
            self._blocks.move_to_end(number)
            return block
        try:
            block = duty_log.page(self.db, self.effective_filter(), offset=number * self.block_size,
                                  limit=self.block_size, sort_key=self.sort_key, descending=self.descending)
        except UserError as error:
            self.load_failed.emit(error.message)
            block = []
        self.blocks_fetched += 1
        self._blocks[number] = block
        while len(self._blocks) > self.max_blocks:
            self._blocks.popitem(last=False)
        return block

    def entry_at(self, row: int) -> EntryRow | None:
        if row < 0 or row >= self._count:
            return None
        block = self._block(row // self.block_size)
        offset = row % self.block_size
        return block[offset] if offset < len(block) else None

    def cached_row_of(self, entry_id: str) -> int:
        """The row of `entry_id` among the rows already loaded; -1 when not loaded."""
        for number, block in self._blocks.items():
            for i, entry in enumerate(block):
                if entry.id == entry_id:
                    return number * self.block_size + i
        return -1

    def find_row(self, entry_id: str, near: int = 0, blocks: int = 3) -> int:
        """The row of `entry_id`, looking in the loaded rows and in `blocks` blocks around
        row `near`; -1 when not found there."""
        row = self.cached_row_of(entry_id)
        if row >= 0:
            return row
        centre = max(0, near) // self.block_size
        for number in range(max(0, centre - blocks), centre + blocks + 1):
            if number * self.block_size >= self._count:
                break
            for i, entry in enumerate(self._block(number)):
                if entry.id == entry_id:
                    return number * self.block_size + i
        return -1

    # -- Qt -----------------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == Qt.ItemDataRole.DisplayRole:
                return column_title(COLUMNS[section])
            if role == Qt.ItemDataRole.ToolTipRole:
                return QCoreApplication.translate("DutyLogModel", "Click to sort by this column")
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        key = COLUMNS[column].sort_key
        descending = order == Qt.SortOrder.DescendingOrder
        if key == self.sort_key and descending == self.descending:
            return
        self.sort_key, self.descending = key, descending
        self.refresh()

    def sort_column(self) -> int:
        for i, column in enumerate(COLUMNS):
            if column.sort_key == self.sort_key:
                return i
        return -1

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        role = int(role)
        if role not in _HANDLED or not index.isValid():
            return None  # cheap: views ask for a dozen roles per cell
        entry = self.entry_at(index.row())
        if entry is None:
            if role == _DISPLAY and index.column() == 0:
                return QCoreApplication.translate("DutyLogModel", "Loading…")
            return None
        column = COLUMNS[index.column()]
        if role == _DISPLAY:
            return self.display_text(entry, column)
        if role == _FONT:
            return self.font(entry, column)
        if role == _FOREGROUND:
            return self.foreground(entry, column)
        if role == _BACKGROUND:
            return QBrush(OVERDUE_BG) if entry.overdue(self.now) else None
        if role == _ENTRY:
            return entry
        if role in (_PLAIN, _ACCESSIBLE):
            return self.plain_text(entry, column)
        if role == _AMENDED:
            return self.is_amended(entry, column)
        if role == _STATUS:
            return entry.display_status(self.now)
        if role == _TOOLTIP:
            return self.tooltip(entry, column)
        return None
