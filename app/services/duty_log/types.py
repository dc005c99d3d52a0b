"""Duty log vocabulary and data types (re-exported by app.services.duty_log, the API)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from app import formatting, messages
from app.clock import datetime_to_ms, ms_to_datetime
from app.errors import ValidationError

# Choices (codes are stored; labels shown in the current language) ---------------------------

DIRECTIONS: dict[str, tuple[str, str]] = {
    "in": ("来电/来文", "Incoming"),
    "out": ("去电/去文", "Outgoing"),
}
CHANNELS: dict[str, tuple[str, str]] = {
    "phone": ("电话", "Phone"),
    "fax": ("传真", "Fax"),
    "sms": ("短信", "SMS"),
    "satphone": ("卫星电话", "Satellite phone"),
    "radio": ("电台/对讲", "Radio"),
    "im": ("微信/即时通讯", "WeChat / IM"),
    "document": ("公文", "Official document"),
    "walkin": ("来访", "Walk-in"),
    "system": ("系统/自动", "System / automatic"),
}
CATEGORIES: dict[str, tuple[str, str]] = {
    "incident": ("突发事件报告", "Incident report"),
    "warning": ("预警/预报", "Warning / forecast"),
    "notice": ("上级通知", "Superior's notice"),
    "request": ("请示", "Request for instruction"),
    "inspection": ("检查督查", "Inspection / supervision"),
    "drill": ("演练", "Drill"),
    "routine": ("日常事务", "Routine"),
    "other": ("其他", "Other"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "open": ("待办", "Open"),
    "overdue": ("逾期", "Overdue"),
    "closed": ("已办结", "Closed"),
    "voided": ("已作废", "Voided"),
}
AMENDABLE: tuple[str, ...] = (
    "direction", "channel", "category", "received_at", "occurred_at", "source_unit", "source_person",
    "phone", "township", "location", "summary", "due_at", "significant",
)
"""Fields `amend()` accepts (the names of EntryInput / EntryRow attributes)."""
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "no": ("编号", "No."),
    "direction": ("方向", "Direction"),
    "channel": ("方式", "Channel"),
    "category": ("类别", "Category"),
    "received_at": ("接报时间", "Received"),
    "occurred_at": ("发生时间", "Occurred"),
    "recorded_at": ("登记时间", "Recorded"),
    "source_unit": ("来电单位", "Unit"),
    "source_person": ("来电人", "Person"),
    "phone": ("联系电话", "Phone"),
    "township": ("乡镇", "Township"),
    "location": ("地点", "Location"),
    "summary": ("内容摘要", "Summary"),
    "instruction": ("领导批示", "Leader's instruction"),
    "action": ("处理情况", "Action taken"),
    "due_at": ("跟进时限", "Follow-up due"),
    "significant": ("重要", "Significant"),
    "status": ("状态", "Status"),
    "author": ("登记人", "Recorded by"),
    "notified": ("已通知", "Notified"),
    "paper_form": ("纸质表格编号", "Paper form No."),
}
SORT_KEYS: tuple[str, ...] = (
    "received_at", "no", "recorded_at", "occurred_at", "due_at", "category", "channel", "direction",
    "township", "source_unit", "source_person", "summary", "status", "author",
)
"""Columns `page()` can sort by (received_at, no, recorded_at, category, township, author and
due_at use an index; the others sort the filtered rows and are slower on huge logs)."""


def label(code: str, choices: dict[str, tuple[str, str]] | None = None) -> str:
    """The label of a direction/channel/category/status/field code in the UI language.

    Without `choices` the code is looked up in every table above (codes are distinct)."""
    tables = [choices] if choices is not None else [DIRECTIONS, CHANNELS, CATEGORIES, STATUSES, FIELD_LABELS]
    for t in tables:
        if code in t:
            zh, en = t[code]
            return zh if messages.language() == "zh_CN" else en
    return code


def parse_choice(value: str, choices: dict[str, tuple[str, str]], field_name: str) -> str:
    """A code from a code or a Chinese/English label (case-insensitive); ValidationError naming
    `field_name` when unknown."""
    text = value.strip()
    if text in choices:
        return text
    low = text.lower()
    for code, (zh, en) in choices.items():
        names = {zh, en.lower(), *zh.split("/"), *(p.strip().lower() for p in en.split("/"))}
        if text in names or low in names:
            return code
    raise ValidationError(
        "duty.unknown_choice", field=field_name, name=label(field_name, FIELD_LABELS), value=value,
        choices="、".join(f"{zh}（{code}）" for code, (zh, _en) in choices.items())
        if messages.language() == "zh_CN" else ", ".join(f"{en} ({code})" for code, (_zh, en) in choices.items()),
    )


# Data -----------------------------------------------------------------------------------------


@dataclass
class EntryInput:
    """What a person enters for a new entry (the quick-entry form, `dutydesk log add`)."""

    summary: str
    direction: str = "in"
    channel: str = "phone"
    category: str = "routine"
    received_at: datetime | None = None
    """None: now."""
    occurred_at: datetime | None = None
    source_unit: str = ""
    source_person: str = ""
    phone: str = ""
    township: str = ""
    """A township name (南诏镇 … 青华乡) or its code; '' for none."""
    location: str = ""
    due_at: datetime | None = None
    """Follow-up due time; an open entry past it is overdue."""
    significant: bool = False
    paper_form: str = ""
    """The number of the paper form (值班电话记录单) this entry is typed in from, after the PC or
    the power was down: recorded as the entry's first action, "补录自纸质表格 No. …"."""


@dataclass(frozen=True)
class EntryRow:
    """One entry as the table shows it (current values)."""

    id: str
    no: str
    """'2024-0137'."""
    direction: str
    channel: str
    category: str
    received_at: datetime
    occurred_at: datetime | None
    recorded_at: datetime
    source_unit: str
    source_person: str
    phone: str
    township: str
    location: str
    summary: str
    instruction: str
    """The newest leader's instruction ('' when none)."""
    action: str
    """The newest action taken ('' when none)."""
    due_at: datetime | None
    significant: bool
    status: str
    """'open' or 'closed' (see `overdue()`); voided entries keep their status but `voided` is set."""
    voided: bool
    void_reason: str
    author: str
    """Username of the account that recorded it."""
    amended: frozenset[str]
    """Names of the fields that have been amended (the table marks them)."""
    station_id: str = ""
    """The station that recorded the entry (numbers are gap-free per station and year)."""
    station_code: str = ""
    """That station's code (its id's first 8 characters until its creation is synced)."""
    foreign: bool = False
    """Recorded by another station (synced): its number alone is ambiguous here."""

    @property
    def display_no(self) -> str:
        """The number as shown: '2024-0137' for this station's entries,
        '<station code>-2024-0137' for entries of other stations."""
        if self.foreign:
            return f"{self.station_code or self.station_id[:8]}-{self.no}"
        return self.no

    def overdue(self, now: datetime) -> bool:
        """Open, not voided, with a due time before `now`."""
        return (self.status == "open" and not self.voided and self.due_at is not None
                and self.due_at < now)

    def display_status(self, now: datetime) -> str:
        """'voided', 'overdue', 'open' or 'closed'."""
        if self.voided:
            return "voided"
        return "overdue" if self.overdue(now) else self.status


@dataclass(frozen=True)
class Amendment:
    """One correction of a field: `old` is the value it replaced (in HLC order)."""

    field: str
    old: Any
    new: Any
    author: str
    at: datetime
    reason: str = ""


@dataclass(frozen=True)
class Instruction:
    text: str
    leader: str
    """Who gave the instruction (display name); the recorder is `author`."""
    author: str
    at: datetime
    via: str = ""
    """"phone": the leader gave it by phone, `author` wrote it down."""


@dataclass(frozen=True)
class Action:
    text: str
    author: str
    at: datetime


@dataclass(frozen=True)
class Notification:
    whom: str
    channel: str
    at: datetime
    """When they were notified."""
    author: str
    recorded_at: datetime


@dataclass(frozen=True)
class Activity:
    """One operation on the entry, for its history list: kind is add/amend/instruct/act/notify/
    close/reopen/void; text is a one-line description in the UI language."""

    kind: str
    author: str
    at: datetime
    text: str


@dataclass(frozen=True)
class EntryDetail:
    entry: EntryRow
    instructions: list[Instruction]
    actions: list[Action]
    notifications: list[Notification]
    history: list[Amendment]
    """Every amendment, oldest first."""
    activity: list[Activity]
    """Everything that happened to the entry (add, amendments, instructions, …), oldest first."""
    original: dict[str, Any]
    """The values as first recorded (before any amendment)."""


@dataclass
class EntryFilter:
    """What the table shows. Every criterion left at its default matches everything."""

    since: datetime | None = None
    """Received at or after."""
    until: datetime | None = None
    """Received before."""
    categories: Sequence[str] = ()
    direction: str | None = None
    channels: Sequence[str] = ()
    township: str | None = None
    status: str | None = None
    """'open' (includes overdue), 'overdue', 'closed', or None."""
    significant_only: bool = False
    author: str | None = None
    text: str = ""
    """Full-text query: words/characters separated by spaces must all occur."""
    include_voided: bool = True
    now: datetime | None = None
    """Reference time for 'overdue' (None: the database's clock)."""


@dataclass(frozen=True)
class Contact:
    """A recently used unit/person/phone combination (for completers)."""

    unit: str
    person: str
    phone: str




# Values -----------------------------------------------------------------------------------------

TIME_FIELDS = ("received_at", "occurred_at", "due_at", "recorded_at")
CHOICE_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "direction": DIRECTIONS, "channel": CHANNELS, "category": CATEGORIES, "status": STATUSES,
}
_TRUE = {"1", "true", "yes", "y", "on", "是", "重要", "t"}
_FALSE = {"0", "false", "no", "n", "off", "否", "一般", "f", ""}


def to_aware(value: datetime, zone: ZoneInfo) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)


EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
LATEST = datetime(3000, 1, 1, tzinfo=UTC)
"""Times outside [EARLIEST, LATEST) are typing mistakes (0001, 9999-12-31), refused with a clear
message rather than carried into arithmetic that cannot hold them."""


def parse_iso(text: str, zone: ZoneInfo, field_name: str | None = None) -> datetime:
    """ISO 8601 text (offset optional: the station's zone) → aware datetime."""
    raw = text.strip()
    try:
        value = datetime.fromisoformat(raw.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", raw) else raw)
    except ValueError as error:
        raise ValidationError("input.bad_datetime", field=field_name, value=text) from error
    return check_range(to_aware(value, zone), field_name, text)


def check_range(value: datetime, field_name: str | None = None, text: str | None = None) -> datetime:
    """`value` when it lies between 1900 and 2999 (UTC); else a ValidationError naming it."""
    try:
        inside = EARLIEST <= value.astimezone(UTC) < LATEST
    except (OverflowError, ValueError):  # 0001-01-01T00:00+14:00 has no UTC time
        inside = False
    if not inside:
        raise ValidationError("input.datetime_range", field=field_name, value=text if text is not None else str(value))
    return value


def parse_bool(value: object, field_name: str) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValidationError("duty.bad_bool", field=field_name, value=value)


def ms(value: datetime | None) -> int | None:
    return None if value is None else datetime_to_ms(value)


def dt(value: int | None) -> datetime | None:
    return None if value is None else ms_to_datetime(value)


def format_value(field: str, value: Any, zone: ZoneInfo | None = None) -> str:
    """A field's value as text in the UI language (labels for codes, local times, 是/否)."""
    if value is None or value == "":
        return ""
    if field in CHOICE_FIELDS:
        return label(str(value), CHOICE_FIELDS[field])
    if isinstance(value, datetime):
        return formatting.datetime_text(value, zone)
    if isinstance(value, bool) or field == "significant":
        yes = bool(value)
        if messages.language() == "zh_CN":
            return "是" if yes else "否"
        return "yes" if yes else "no"
    return str(value)


def iso(value: datetime | None, zone: ZoneInfo) -> str | None:
    """ISO 8601 with the station's offset: 2024-04-19T05:54:10+08:00."""
    return None if value is None else value.astimezone(zone).isoformat()
