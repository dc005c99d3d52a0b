"""Date-times shown and typed in the station's zone, whatever the computer's own zone is.

A QDateTime built from an epoch is shown in the computer's zone: on a PC set to UTC, an incident
typed at 06:18 Beijing time became 14:18 and was refused as "later than now". These helpers give
the edit the station's wall-clock reading and read it back in the station's zone.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QDateTime, QTime


def to_qdatetime(value: datetime, zone: ZoneInfo) -> QDateTime:
    local = value.astimezone(zone)
    return QDateTime(QDate(local.year, local.month, local.day), QTime(local.hour, local.minute, local.second))


def from_qdatetime(value: QDateTime, zone: ZoneInfo) -> datetime:
    d, t = value.date(), value.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute(), t.second(), tzinfo=zone)
