"""Dates, times and numbers as the user's language writes them (CLI, PDFs; the GUI too).

zh_CN: 2024年4月19日 05:54:10; en: 19 Apr 2024 05:54:10. Times are stored in UTC and shown in
the station's zone (default Asia/Shanghai).
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from app import messages

DEFAULT_ZONE = ZoneInfo("Asia/Shanghai")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def local(value: datetime, zone: ZoneInfo | None = None) -> datetime:
    return value.astimezone(zone or DEFAULT_ZONE)


def date(value: datetime, zone: ZoneInfo | None = None, *, weekday: bool = False) -> str:
    v = local(value, zone)
    if messages.language() == "zh_CN":
        text = f"{v.year}年{v.month}月{v.day}日"
        return text + (f" 星期{_WEEKDAYS_ZH[v.weekday()]}" if weekday else "")
    text = f"{v.day} {_MONTHS[v.month - 1]} {v.year}"
    return (f"{_WEEKDAYS_EN[v.weekday()]} " + text) if weekday else text


def time(value: datetime, zone: ZoneInfo | None = None, *, seconds: bool = True) -> str:
    return local(value, zone).strftime("%H:%M:%S" if seconds else "%H:%M")


def datetime_text(value: datetime | None, zone: ZoneInfo | None = None, *, seconds: bool = True) -> str:
    """'2024年4月19日 05:54:10' / '19 Apr 2024 05:54:10'; '' for None."""
    if value is None:
        return ""
    return f"{date(value, zone)} {time(value, zone, seconds=seconds)}"


def short_datetime(value: datetime | None, zone: ZoneInfo | None = None) -> str:
    """Compact form for tables: '04-19 05:54' (same in both languages)."""
    if value is None:
        return ""
    return local(value, zone).strftime("%m-%d %H:%M")


def number(value: int | float) -> str:
    """Thousands separators both languages read: 1,020."""
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"
