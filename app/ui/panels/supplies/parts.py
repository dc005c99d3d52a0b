"""What the parts of the supplies panel (`stock_view`, `item_detail`, `actions`, `output`) may
use of the panel they are mixed into (`panel.SuppliesPanel` builds these widgets and defines
these methods).

`SuppliesParts` is only for the type checker: at run time the parts are plain classes and the
panel's own attributes and methods are found on the panel itself. The parts' strings keep the panel's
translation context: `QCoreApplication.translate("SuppliesPanel", ...)`, a literal, so that
pyside6-lupdate finds them under the same context as the panel's own `self.tr(...)`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QSplitter, QTableView, QTabWidget

from app.services.supplies import balances
from app.services.supplies.common import Depot
from app.storage.changes import Changes
from app.ui.panel_api import LoadWhenShown, Panel
from app.ui.panels.supplies.dialogs import MovementDialog
from app.ui.panels.supplies.models import CardModel, DictModel, StockModel
from app.ui.panels.supplies.plot import StockPlot

PANEL_ID = "supplies"

if TYPE_CHECKING:
    _Base = Panel
else:
    _Base = object


class SuppliesParts(_Base):
    if TYPE_CHECKING:
        zone: ZoneInfo
        last_dir: Path
        depot: QComboBox
        search: QLineEdit
        below: QCheckBox
        expiring: QComboBox
        exception_label: QLabel
        stock_model: StockModel
        stock: QTableView
        card_model: CardModel
        card: QTableView
        lots_model: DictModel
        lots: QTableView
        serial_model: DictModel
        serials: QTableView
        plot: StockPlot
        exc_model: DictModel
        exc: QTableView
        tabs: QTabWidget
        split: QSplitter
        _split_sized: bool
        loader: LoadWhenShown
        depots: list[Depot]
        exceptions: list[dict[str, Any]]
        last_dialog: MovementDialog
        move_actions: dict[str, QAction]
        reverse_action: QAction
        voucher_no_action: QAction
        print_action: QAction
        count_action: QAction
        import_action: QAction
        export_action: QAction
        find_action: QAction
        refresh_action: QAction

        def _time(self, ms: int) -> str: ...
        def show_status(self, text: str) -> None: ...
        def publish(self, changes: Changes) -> None: ...
        def refresh(self) -> None: ...
        def show_item(self) -> None: ...
        def selected_row(self) -> balances.StockRow | None: ...
        def selected_move(self) -> Any: ...
        def print_voucher(self, no: str | None = None) -> None: ...
        def print_count_sheet(self, no: str) -> None: ...
        def import_xlsx(self) -> None: ...
        def export_xlsx(self) -> None: ...
