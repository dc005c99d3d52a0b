"""What the parts of the duty log panel (`actions`, `output`, `status`) may use of the panel
they are mixed into (`panel.DutyLogPanel` builds these widgets and defines these methods).

Only for the type checker: at run time the parts are plain classes and the panel's own
attributes and methods are found on the panel itself."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import QDialog, QLabel, QTableView, QToolButton

from app.services.duty_log import EntryRow
from app.ui.panel_api import Panel
from app.ui.panels.duty_log import export
from app.ui.panels.duty_log.entry_form import EntryForm
from app.ui.panels.duty_log.filter_bar import FilterBar
from app.ui.panels.duty_log.model import EntryTableModel

if TYPE_CHECKING:
    _Base = Panel
else:
    _Base = object


class DutyLogParts(_Base):
    if TYPE_CHECKING:
        zone: ZoneInfo
        names: dict[str, str]
        townships: list[str]
        leaders: list[str]
        export_thread: export.ExportThread | None
        entry_form: EntryForm | None
        last_dialog: QDialog | None
        _shifts: Any
        model: EntryTableModel
        _counting: bool
        _counts_dirty: bool
        open_count: int
        overdue_count: int
        filter_bar: FilterBar
        table: QTableView
        shift_label: QLabel
        count_label: QLabel
        message_label: QLabel
        open_button: QToolButton
        overdue_button: QToolButton

        def _now(self) -> datetime: ...
        def _show_message(self, text: str) -> None: ...
        def _warn(self, text: str) -> None: ...
        def _show_detail(self, entry_id: str) -> None: ...
        def _update_actions(self) -> None: ...
        def refresh(self) -> None: ...
        def select_row(self, row: int) -> None: ...
        def selected_entry(self) -> EntryRow | None: ...
        def current_detail_entry(self) -> EntryRow | None: ...
        def show_status(self, status: str | None) -> None: ...
        def toggle_open_items(self) -> None: ...
        def go_to_number(self) -> None: ...
        def export_dialog(self) -> None: ...
        def print_dialog(self) -> None: ...
