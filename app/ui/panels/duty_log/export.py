"""Export the current view of the duty log (its filter and sort order) to an .xlsx workbook.

The rows are read page by page and written with openpyxl's write-only workbook, so memory
stays flat on a huge log; the work runs on a worker thread with progress and can be
cancelled (the partly written file is removed). Voided rows are struck through; amended
fields carry their history (old value → new value, who, when) in the last column.
"""

from __future__ import annotations

import contextlib
import os
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from PySide6.QtCore import QCoreApplication, QThread, Signal

from app import messages
from app.errors import UserError
from app.services import duty_log
from app.services.duty_log import EntryFilter, EntryRow
from app.storage.engine import Database

PAGE = 1000
BACKGROUND_OVER = 2000
"""Views with more rows than this are exported on a worker thread with a progress dialog."""

COLUMNS: tuple[str, ...] = (
    "no", "status", "significant", "direction", "channel", "category", "received_at", "occurred_at",
    "recorded_at", "source_unit", "source_person", "phone", "township", "location", "summary",
    "instruction", "action", "due_at", "author",
)
WIDTHS = {"notified": 30, "summary": 60, "instruction": 40, "action": 40, "location": 20, "source_unit": 22,
          "received_at": 19, "occurred_at": 19, "recorded_at": 19, "due_at": 19, "history": 60}
TIME_FORMAT = "yyyy-mm-dd hh:mm:ss"



@dataclass
class ExportJob:
    db: Database
    filter: EntryFilter
    sort_key: str
    descending: bool
    path: Path
    zone: ZoneInfo
    names: dict[str, str]
    now: datetime
    title: str = ""


class Cancelled(Exception):
    pass


def _naive_local(value: datetime | None, zone: ZoneInfo) -> datetime | None:
    return None if value is None else value.astimezone(zone).replace(tzinfo=None)


def _headers() -> list[str]:
    heads = [duty_log.label(c, duty_log.FIELD_LABELS) for c in COLUMNS]
    return [*heads, QCoreApplication.translate("DutyLogExport", "Notified"),
            QCoreApplication.translate("DutyLogExport", "Voided (reason)"), QCoreApplication.translate("DutyLogExport", "Amendments")]


def _notified_text(job: ExportJob, notes: list[Any]) -> str:
    """已通知: whom, how and when, one per line (as the detail pane lists them)."""
    return "\n".join(f"{n.whom}（{duty_log.format_value('channel', n.channel)}，"
                     f"{n.at.astimezone(job.zone).strftime('%Y-%m-%d %H:%M')}）" for n in notes)


def _history_text(job: ExportJob, entry: EntryRow) -> str:
    detail = duty_log.get_entry(job.db, entry.id)
    lines = []
    for a in detail.history:
        old = duty_log.format_value(a.field, a.old) if a.old not in (None, "") else "—"
        new = duty_log.format_value(a.field, a.new) if a.new not in (None, "") else "—"
        when = a.at.astimezone(job.zone).strftime("%Y-%m-%d %H:%M:%S")
        who = job.names.get(a.author, a.author)
        label = duty_log.label(a.field, duty_log.FIELD_LABELS)
        lines.append(f"{label}: {old} → {new} ({who}, {when})")
    return "\n".join(lines)


def _row(ws: Worksheet, job: ExportJob, entry: EntryRow, fonts: dict[str, Font],
         notes: list[Any] | None = None) -> list[WriteOnlyCell]:
    values: list[Any] = []
    for column in COLUMNS:
        if column == "status":
            values.append(duty_log.label(entry.display_status(job.now), duty_log.STATUSES))
        elif column in ("direction", "channel", "category"):
            values.append(duty_log.format_value(column, getattr(entry, column)))
        elif column == "significant":
            values.append("★" if entry.significant else "")
        elif column == "no":
            values.append(entry.display_no)
        elif column == "author":
            values.append(job.names.get(entry.author, entry.author))
        else:
            value = getattr(entry, column)
            values.append(_naive_local(value, job.zone) if isinstance(value, datetime) or value is None else value)
    values.append(_notified_text(job, notes or []))
    values.append(entry.void_reason if entry.voided else "")
    values.append(_history_text(job, entry) if entry.amended else "")
    cells = []
    overdue = entry.overdue(job.now)
    for column, value in zip([*COLUMNS, "notified", "voided", "history"], values, strict=True):
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, datetime):
            cell.number_format = TIME_FORMAT
        if entry.voided:
            cell.font = fonts["voided"]
        elif column in entry.amended:
            cell.font = fonts["amended"]
        if overdue and column == "status":
            cell.font = fonts["overdue"]
        if column in ("summary", "instruction", "action", "notified", "history"):
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        cells.append(cell)
    return cells


def write_xlsx(job: ExportJob, progress: Any = None, cancelled: threading.Event | None = None) -> int:
    """Write the view to `job.path`; `progress(done, total)` is called after every page.
    Returns the number of rows written. UserError when the file cannot be written."""
    total = duty_log.count(job.db, job.filter)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(QCoreApplication.translate("DutyLogExport", "Duty log"))
    headers = [*COLUMNS, "notified", "voided", "history"]
    for i, name in enumerate(headers):
        letter = get_column_letter(i + 1)
        ws.column_dimensions[letter].width = WIDTHS.get(name, 12)
    ws.freeze_panes = "B2"
    fonts = {
        "voided": Font(strike=True, color="FF8A8A8A"),
        "amended": Font(italic=True, color="FF9A5B00"),
        "overdue": Font(bold=True, color="FFA3160B"),
        "head": Font(bold=True),
    }
    head_fill = PatternFill("solid", fgColor="FFE8EEF6")
    head_cells = []
    for text in _headers():
        cell = WriteOnlyCell(ws, value=text)
        cell.font = fonts["head"]
        cell.fill = head_fill
        head_cells.append(cell)
    ws.append(head_cells)
    written = 0
    offset = 0
    while offset < total:
        if cancelled is not None and cancelled.is_set():
            raise Cancelled
        rows = duty_log.page(job.db, job.filter, offset=offset, limit=PAGE, sort_key=job.sort_key,
                             descending=job.descending)
        if not rows:
            break
        notified = {d.entry.id: d.notifications for d in duty_log.details(job.db, [r.id for r in rows])}
        for entry in rows:
            ws.append(_row(ws, job, entry, fonts, notified.get(entry.id)))
        written += len(rows)
        offset += PAGE
        if progress is not None:
            progress(written, total)
    try:
        job.path.parent.mkdir(parents=True, exist_ok=True)
        wb.save(str(job.path))
    except OSError as error:
        raise UserError("file.cannot_write", path=str(job.path), detail=error.strerror or str(error)) from error
    return written


class ExportThread(QThread):
    """Runs `write_xlsx` off the GUI thread."""

    progressed = Signal(int, int)
    succeeded = Signal(str, int)
    failed = Signal(str)
    cancelled_ = Signal()

    def __init__(self, job: ExportJob, language: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.job = job
        self.language = language
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            count = write_xlsx(self.job, lambda done, total: self.progressed.emit(done, total), self._cancel)
        except Cancelled:
            with contextlib.suppress(OSError):
                os.remove(self.job.path)
            self.cancelled_.emit()
            return
        except UserError as error:
            self.failed.emit(error.message)
            return
        except Exception as error:  # a bug: say so rather than die silently in a thread
            self.failed.emit(messages.text("file.cannot_write", path=str(self.job.path), detail=str(error)))
            return
        self.succeeded.emit(str(self.job.path), count)
