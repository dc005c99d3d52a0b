"""A live clock in the station's time zone (北京时间 for Asia/Shanghai), ticking every second."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

from app import formatting

Now = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class StationClock(QLabel):
    """'北京时间 2024年4月19日 05:54:10' — the date and time where the station is."""

    def __init__(self, zone: ZoneInfo, parent: QWidget | None = None, *, now: Now = utc_now,
                 weekday: bool = False, with_zone: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("stationClock")
        self._zone = zone
        self._now = now
        self._weekday = weekday
        self._with_zone = with_zone
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.refresh()

    def set_zone(self, zone: ZoneInfo) -> None:
        self._zone = zone
        self.refresh()

    def zone_name(self) -> str:
        if self._zone.key == "Asia/Shanghai":
            return self.tr("Beijing time")
        return self._zone.key

    def text_for(self, moment: datetime) -> str:
        date = formatting.date(moment, self._zone, weekday=self._weekday)
        clock = formatting.time(moment, self._zone)
        body = f"{date} {clock}"
        return f"{self.zone_name()} {body}" if self._with_zone else body

    def refresh(self) -> None:
        self.setText(self.text_for(self._now()))
