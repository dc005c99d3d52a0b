"""Table models of the supply panel: the stock view, the stock card, lots, serial units.
Rows come from app.services.supplies (plain data); rows that need attention are coloured."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.supplies.balances import DAY_MS, CardLine, StockRow

BELOW = QColor("#fde2e1")
NEGATIVE = QColor("#f8b4b0")
EXPIRING = QColor("#fff2cc")
STRUCK = QColor("#808080")
Index = QModelIndex | QPersistentModelIndex



class TableModel(QAbstractTableModel):
    """A read-only table of rows with (header, getter) columns."""

    def __init__(self, columns: Sequence[tuple[Callable[[], str], Callable[[Any], Any]]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][0]()
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.UserRole:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            value = self.columns[index.column()][1](row)
            if isinstance(value, int):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return self.style(row, index.column(), role)

    def style(self, row: Any, column: int, role: int) -> Any:
        return None

    def row_values(self) -> tuple[list[str], list[list[Any]]]:
        """Headers and cell values (for the .xlsx export of what is shown)."""
        return [c[0]() for c in self.columns], [[c[1](r) for c in self.columns] for r in self.rows]


class StockModel(TableModel):
    def __init__(self, date_text: Callable[[int | None], str], now: Callable[[], int], warn_days: int = 30) -> None:
        super().__init__([
            (lambda: QCoreApplication.translate("SuppliesModel", "Item"), lambda r: r.name),
            (lambda: QCoreApplication.translate("SuppliesModel", "On hand"), lambda r: r.on_hand),
            (lambda: QCoreApplication.translate("SuppliesModel", "Minimum"), lambda r: r.minimum or ""),
            (lambda: QCoreApplication.translate("SuppliesModel", "In transit"), lambda r: r.in_transit or ""),
            (lambda: QCoreApplication.translate("SuppliesModel", "Nearest expiry"), lambda r: date_text(r.nearest_expiry_ms)),
            (lambda: QCoreApplication.translate("SuppliesModel", "Depot"), lambda r: r.depot_name),
            (lambda: QCoreApplication.translate("SuppliesModel", "Unit"), lambda r: r.unit),
            (lambda: QCoreApplication.translate("SuppliesModel", "Specification"), lambda r: r.spec),
            (lambda: QCoreApplication.translate("SuppliesModel", "Code"), lambda r: r.item),
            (lambda: QCoreApplication.translate("SuppliesModel", "Category"), lambda r: r.category),
        ])
        self.now = now
        self.warn_days = warn_days

    def expiring(self, row: StockRow) -> bool:
        return row.nearest_expiry_ms is not None and row.nearest_expiry_ms <= self.now() + self.warn_days * DAY_MS

    def marked(self) -> list[int]:
        return [i for i, r in enumerate(self.rows) if r.below_min or r.on_hand < 0 or self.expiring(r)]

    def style(self, row: StockRow, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.on_hand < 0:
                return QBrush(NEGATIVE)
            if row.below_min:
                return QBrush(BELOW)
            if self.expiring(row):
                return QBrush(EXPIRING)
        if role == Qt.ItemDataRole.FontRole and column == 1 and (row.below_min or row.on_hand < 0):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            notes = []
            if row.on_hand < 0:
                notes.append(QCoreApplication.translate("SuppliesModel", "Negative balance: an adjustment is needed"))
            if row.below_min:
                notes.append(QCoreApplication.translate("SuppliesModel", "Below the minimum stock"))
            if self.expiring(row):
                notes.append(QCoreApplication.translate("SuppliesModel", "A lot expires soon"))
            return "\n".join(notes) or None
        return None


class CardModel(TableModel):
    def __init__(self, time_text: Callable[[int], str]) -> None:
        super().__init__([
            (lambda: QCoreApplication.translate("SuppliesModel", "Date"), lambda c: time_text(c.occurred_ms)), (lambda: QCoreApplication.translate("SuppliesModel", "No."), lambda c: c.no),
            (lambda: QCoreApplication.translate("SuppliesModel", "Movement"), lambda c: c.type_label), (lambda: QCoreApplication.translate("SuppliesModel", "Depot"), lambda c: c.depot),
            (lambda: QCoreApplication.translate("SuppliesModel", "Lot"), lambda c: c.lot), (lambda: QCoreApplication.translate("SuppliesModel", "Quantity"), lambda c: c.qty),
            (lambda: QCoreApplication.translate("SuppliesModel", "Balance"), lambda c: c.balance), (lambda: QCoreApplication.translate("SuppliesModel", "Counterpart"), lambda c: c.counterpart),
            (lambda: QCoreApplication.translate("SuppliesModel", "By"), lambda c: c.author),
        ])

    def style(self, row: CardLine, column: int, role: int) -> Any:
        if row.reversed and role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setStrikeOut(True)
            return font
        if row.reversed and role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(STRUCK)
        if role == Qt.ItemDataRole.ForegroundRole and column == 6 and row.balance < 0:
            return QBrush(QColor("#b00020"))
        return None


class DictModel(TableModel):
    """Rows that are dicts (lots, serial units, exceptions)."""

    def __init__(self, columns: Sequence[tuple[Callable[[], str], str]], warn: Callable[[dict[str, Any]], bool]
                 | None = None) -> None:
        getters: list[tuple[Callable[[], str], Callable[[Any], Any]]] = [(h, _getter(k)) for h, k in columns]
        super().__init__(getters)
        self.warn = warn

    def style(self, row: dict[str, Any], column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.BackgroundRole and self.warn is not None and self.warn(row):
            return QBrush(BELOW)
        return None


def _getter(key: str) -> Callable[[Any], Any]:
    return lambda row: row.get(key, "")
