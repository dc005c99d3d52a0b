"""What a duty-log cell shows: the columns, their titles, the marks and colours, and the text,
tooltip, font and colour of each cell (`EntryCells`, part of `model.EntryTableModel`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication

from app.services import duty_log
from app.services.duty_log import EntryRow

AMENDED_MARK = "✎"
SIGNIFICANT_MARK = "★"
OVERDUE_MARK = "⚠"

OVERDUE_BG = QColor("#fde4e1")
OVERDUE_FG = QColor("#a3160b")
VOIDED_FG = QColor("#8a8a8a")
SIGNIFICANT_FG = QColor("#9a5b00")
CLOSED_FG = QColor("#2e6b30")


@dataclass(frozen=True)
class Column:
    name: str
    sort_key: str
    fields: tuple[str, ...]
    """Entry fields shown in the column (an amendment of any of them marks the cell)."""


COLUMNS: tuple[Column, ...] = (
    Column("no", "no", ("significant",)),
    Column("received_at", "received_at", ("received_at",)),
    Column("direction", "direction", ("direction",)),
    Column("channel", "channel", ("channel",)),
    Column("category", "category", ("category",)),
    Column("source", "source_unit", ("source_unit", "source_person", "phone")),
    Column("township", "township", ("township", "location")),
    Column("summary", "summary", ("summary",)),
    Column("status", "status", ("due_at",)),
    Column("author", "author", ()),
)
COLUMN_INDEX = {c.name: i for i, c in enumerate(COLUMNS)}



def column_title(column: Column) -> str:
    if column.name == "source":
        return QCoreApplication.translate("DutyLogModel", "Source")
    return duty_log.label(column.name, duty_log.FIELD_LABELS)


def time_text(value: datetime | None, zone: ZoneInfo) -> str:
    """'2024-04-19 05:54' in the station's zone; '' for None."""
    return "" if value is None else value.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def status_text(status: str) -> str:
    return duty_log.label(status, duty_log.STATUSES)


class EntryCells:
    """The cell content of `model.EntryTableModel` (its zone, names and 'now' are the model's)."""

    if TYPE_CHECKING:
        zone: ZoneInfo
        names: dict[str, str]
        now: datetime

    def author_name(self, username: str) -> str:
        return self.names.get(username, username)

    def plain_text(self, entry: EntryRow, column: Column) -> str:
        name = column.name
        if name == "no":
            return entry.display_no
        if name == "received_at":
            return time_text(entry.received_at, self.zone)
        if name in ("direction", "channel", "category"):
            choices = {"direction": duty_log.DIRECTIONS, "channel": duty_log.CHANNELS,
                       "category": duty_log.CATEGORIES}[name]
            return duty_log.label(getattr(entry, name), choices)
        if name == "source":
            return " ".join(part for part in (entry.source_unit, entry.source_person) if part)
        if name == "township":
            return " ".join(part for part in (entry.township, entry.location) if part)
        if name == "summary":
            return " ".join(entry.summary.split())
        if name == "status":
            return status_text(entry.display_status(self.now))
        if name == "author":
            return self.author_name(entry.author)
        return ""

    def display_text(self, entry: EntryRow, column: Column) -> str:
        text = self.plain_text(entry, column)
        if column.name == "no" and entry.significant:
            text = f"{SIGNIFICANT_MARK} {text}"
        if column.name == "status":
            shown = entry.display_status(self.now)
            if shown == "overdue":
                text = f"{OVERDUE_MARK} {text}"
        if self.is_amended(entry, column):
            text = f"{text} {AMENDED_MARK}"
        return text

    def is_amended(self, entry: EntryRow, column: Column) -> bool:
        return any(f in entry.amended for f in column.fields)

    def tooltip(self, entry: EntryRow, column: Column) -> str:
        lines: list[str] = []
        if column.name == "summary":
            lines.append(entry.summary)
        elif column.name == "source" and entry.phone:
            lines.append(f"{self.plain_text(entry, column)}  {entry.phone}")
        elif column.name == "no" and entry.significant:
            lines.append(QCoreApplication.translate("DutyLogModel", "Significant entry"))
        elif column.name == "status":
            shown = entry.display_status(self.now)
            if shown == "overdue" and entry.due_at is not None:
                lines.append(QCoreApplication.translate("DutyLogModel", "Overdue: follow-up was due at %1").replace("%1", time_text(entry.due_at, self.zone)))
            elif shown == "open" and entry.due_at is not None:
                lines.append(QCoreApplication.translate("DutyLogModel", "Follow-up due at %1").replace("%1", time_text(entry.due_at, self.zone)))
            elif shown == "voided":
                lines.append(QCoreApplication.translate("DutyLogModel", "Voided: %1").replace("%1", entry.void_reason))
        if self.is_amended(entry, column):
            lines.append(QCoreApplication.translate("DutyLogModel", "%1 Amended — the detail pane shows the old value").replace("%1", AMENDED_MARK))
        return "\n".join(line for line in lines if line)

    def font(self, entry: EntryRow, column: Column) -> QFont | None:
        if not (entry.voided or entry.significant or self.is_amended(entry, column)):
            return None
        font = QFont(QApplication.font())
        if entry.voided:
            font.setStrikeOut(True)
        if entry.significant and column.name == "no":
            font.setBold(True)
        if self.is_amended(entry, column):
            font.setItalic(True)
        return font

    def foreground(self, entry: EntryRow, column: Column) -> QBrush | None:
        if entry.voided:
            return QBrush(VOIDED_FG)
        if entry.overdue(self.now) and column.name in ("status", "no", "received_at"):
            return QBrush(OVERDUE_FG)
        if column.name == "no" and entry.significant:
            return QBrush(SIGNIFICANT_FG)
        if column.name == "status" and entry.status == "closed":
            return QBrush(CLOSED_FG)
        return None
