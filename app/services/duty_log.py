"""The 24-hour duty log (值班日志): record, correct, find entries.

Every call, fax, message or report received or sent is one *entry*. Entries are never updated
or deleted in place: adding, amending a field, a leader's instruction (领导批示), an action taken
(处理情况), a notification, closing, reopening and voiding are each their own operation
(`duty.entry.add`, `.amend`, `.instruct`, `.act`, `.notify`, `.close`, `.reopen`, `.void`),
applied by `app/storage/projections/duty_log.py`. The current value of an amended field is the
newest amendment by HLC; every amendment stays visible as history (old value struck through).

Numbers (`2024-0137`) are gap-free per station and year (the year of recording, in the
station's zone), assigned inside the write transaction of the add.

Roles: operators, shift leads and leaders may add, amend, record actions and notifications,
close and reopen. A leader's instruction is recorded by a leader on duty or a shift lead (the
shift lead writes down what the leader said by phone; `leader` names who gave it). Voiding
needs a shift lead or a leader.

Times: the API takes and returns timezone-aware datetimes (UTC inside); naive datetimes and ISO
strings without an offset are read in the station's zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.services.accounts import Actor
from app.storage.changes import Changes
from app.storage.engine import Database

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
    raise NotImplementedError


def parse_choice(value: str, choices: dict[str, tuple[str, str]], field_name: str) -> str:
    """A code from a code or a Chinese/English label (case-insensitive); ValidationError naming
    `field_name` when unknown."""
    raise NotImplementedError


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


# Writing --------------------------------------------------------------------------------------


def add_entry(db: Database, actor: Actor, data: EntryInput) -> tuple[Changes, EntryRow]:
    """Validate and record a new entry; its number is assigned in the same transaction."""
    raise NotImplementedError


def amend(db: Database, actor: Actor, entry_id: str, field: str, value: Any, reason: str = "") -> Changes:
    """Correct one field (name from AMENDABLE). `value` may be the typed value or text (as the
    command line gives it: ISO times, labels or codes, 'yes'/'no')."""
    raise NotImplementedError


def add_instruction(db: Database, actor: Actor, entry_id: str, text: str, leader: str = "") -> Changes:
    """Record a leader's instruction (领导批示); `leader` defaults to the actor's name."""
    raise NotImplementedError


def add_action(db: Database, actor: Actor, entry_id: str, text: str) -> Changes:
    """Record an action taken (处理情况)."""
    raise NotImplementedError


def add_notification(db: Database, actor: Actor, entry_id: str, whom: str, channel: str = "phone",
                     at: datetime | None = None) -> Changes:
    """Record that `whom` was notified by `channel` at `at` (default now)."""
    raise NotImplementedError


def close_entry(db: Database, actor: Actor, entry_id: str) -> Changes:
    raise NotImplementedError


def reopen_entry(db: Database, actor: Actor, entry_id: str) -> Changes:
    raise NotImplementedError


def void_entry(db: Database, actor: Actor, entry_id: str, reason: str) -> Changes:
    """Void a wrong entry (shift lead or leader); it stays, struck through, with the reason."""
    raise NotImplementedError


# Reading --------------------------------------------------------------------------------------


def find_by_number(db: Database, number: str) -> EntryRow | None:
    """The entry numbered '2024-0137' (also '137' for this year) of this station; None if none."""
    raise NotImplementedError


def resolve(db: Database, ref: str) -> EntryRow:
    """An entry by number or id; ValidationError 'duty.unknown_entry' when there is none."""
    raise NotImplementedError


def get_entry(db: Database, entry_id: str) -> EntryDetail:
    """Everything about one entry (ValidationError when unknown)."""
    raise NotImplementedError


def count(db: Database, flt: EntryFilter | None = None) -> int:
    raise NotImplementedError


def page(db: Database, flt: EntryFilter | None = None, offset: int = 0, limit: int = 200,
         sort_key: str = "received_at", descending: bool = True) -> list[EntryRow]:
    """Rows [offset, offset+limit) of the filtered, sorted log (fast on 1,000,000 entries for
    the indexed sort keys; a text query pages in received order by the search index)."""
    raise NotImplementedError


def open_count(db: Database) -> int:
    """Open entries (not closed, not voided)."""
    raise NotImplementedError


def overdue_count(db: Database, now: datetime | None = None) -> int:
    raise NotImplementedError


def suggestions(db: Database, field: str, prefix: str = "", limit: int = 10) -> list[str]:
    """Recently used values of source_unit / source_person / phone / location starting with (or
    containing) `prefix`, most recent first."""
    raise NotImplementedError


def contacts(db: Database, prefix: str = "", limit: int = 10) -> list[Contact]:
    """Recent unit/person/phone combinations matching `prefix` in any of the three."""
    raise NotImplementedError


def search_terms(query: str) -> list[str]:
    """The terms of a full-text query that the UI should highlight (in the order typed)."""
    raise NotImplementedError


def format_value(field: str, value: Any) -> str:
    """A field's value as text in the UI language (labels for codes, local times, 是/否)."""
    raise NotImplementedError


def parse_time(text: str, db: Database | None = None) -> datetime:
    """ISO 8601 text → aware datetime (no offset: the station's zone); ValidationError if bad."""
    raise NotImplementedError


def now(db: Database) -> datetime:
    """The database's wall clock as an aware datetime (UTC)."""
    raise NotImplementedError


def to_json(detail: EntryDetail, db: Database | None = None) -> dict[str, Any]:
    """The JSON form of an entry (command line `--json`): id, no, received_at (ISO 8601 with
    the station's offset), recorded_at, summary, status, author, history[{field, old, new,
    author, at}], and every other field."""
    raise NotImplementedError
