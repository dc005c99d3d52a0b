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

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from app import messages
from app.errors import ValidationError
from app.services import roles
from app.services.accounts import Actor
from app.services.duty_query import (
    contacts,
    count,
    details,
    find_by_number,
    get_entry,
    get_row,
    iterate,
    now,
    open_count,
    other_station_codes,
    overdue_count,
    page,
    resolve,
    same_number,
    suggestions,
    township_name,
    zone,
)
from app.services.duty_types import (
    AMENDABLE,
    CATEGORIES,
    CHANNELS,
    DIRECTIONS,
    FIELD_LABELS,
    SORT_KEYS,
    STATUSES,
    Action,
    Activity,
    Amendment,
    Contact,
    EntryDetail,
    EntryFilter,
    EntryInput,
    EntryRow,
    Instruction,
    Notification,
    iso,
    label,
    ms,
    parse_bool,
    parse_choice,
    parse_iso,
    to_aware,
)
from app.services.duty_types import format_value as _format_value
from app.storage import duty_search
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry
from app.storage.projections import fields
from app.storage.projections.duty_log import ENTITY

__all__ = [
    "AMENDABLE", "CATEGORIES", "CHANNELS", "DIRECTIONS", "FIELD_LABELS", "SORT_KEYS", "STATUSES",
    "Action", "Activity", "Amendment", "Contact", "EntryDetail", "EntryFilter", "EntryInput", "EntryRow",
    "Instruction", "Notification", "add_action", "add_entry", "add_instruction", "add_notification", "amend",
    "check_period", "check_query", "close_entry", "contacts", "count", "details", "find_by_number", "format_value",
    "get_entry", "iterate", "label", "now", "open_count", "other_station_codes", "overdue_count", "page",
    "parse_choice", "parse_time", "parse_until", "reindex", "reopen_entry", "resolve", "same_number", "search_terms", "suggestions", "to_json", "verify_index",
    "void_entry", "zone",
]

ENTRY = table(DutyEntry)
WRITERS = (roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER)
INSTRUCTORS = (roles.LEADER, roles.SHIFT_LEAD)
VOIDERS = (roles.SHIFT_LEAD, roles.LEADER)
FUTURE_LIMIT = timedelta(days=1)
OCCURRED_SLACK = timedelta(minutes=10)
"""How far ahead of this workstation's clock an occurred time may be (another clock's skew)."""
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]*[0-9](\s*(转|ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)
MAX_LEN = {"source_unit": 120, "source_person": 60, "phone": 32, "location": 200, "summary": 4000,
           "text": 4000, "leader": 60, "whom": 120, "reason": 1000}

messages.register(
    {
        "duty.summary_required": ("请填写内容摘要。", "The summary is required."),
        "duty.text_required": ("请填写“{name}”。", "“{name}” is required."),
        "duty.too_long": ("“{name}”不能超过 {max} 个字符。", "“{name}” must be at most {max} characters."),
        "duty.received_future": (
            "接报时间 {value} 超过当前时间一天以上，请检查。",
            "The received time {value} is more than a day in the future; please check it.",
        ),
        "duty.bad_limit": ("数量上限 {value} 不正确（0 表示全部）。", "Bad limit {value} (0 means all)."),
        "duty.empty_query": ("请输入要检索的内容（检索词不能为空）。", "Enter something to search for (the query is empty)."),
        "duty.bad_period": ("起始时间 {since} 不早于截止时间 {until}，请检查。",
                            "The start {since} is not before the end {until}; please check the period."),
        "duty.occurred_future": (
            "发生时间 {value} 晚于当前时间，请检查。",
            "The occurred time {value} is in the future; please check it.",
        ),
        "duty.occurred_after_received": (
            "发生时间 {occurred} 晚于接报时间 {received}，请检查。",
            "The occurred time {occurred} is after the received time {received}; please check it.",
        ),
        "duty.notified_future": (
            "通知时间 {value} 超过当前时间一天以上，请检查。",
            "The notification time {value} is more than a day in the future; please check it.",
        ),
        "duty.due_before_received": (
            "跟进时限 {due} 早于接报时间 {received}。",
            "The follow-up due time {due} is before the received time {received}.",
        ),
        "duty.unknown_township": (
            "没有名为“{value}”的乡镇（可选：{choices}）。", "There is no township “{value}” (choose from: {choices})."
        ),
        "duty.unknown_choice": ("“{name}”没有“{value}”这一项（可选：{choices}）。",
                                "“{value}” is not a valid {name} (choose from: {choices})."),
        "duty.bad_phone": ("电话号码“{value}”格式不正确（只能包含数字、空格、-、括号，如 0872-6121001）。",
                           "Malformed phone number “{value}” (digits, spaces, -, brackets only, e.g. 0872-6121001)."),
        "duty.bad_bool": ("“{value}”不是“是/否”。", "“{value}” is not yes/no."),
        "duty.unknown_field": ("没有可更正的字段“{name}”（可更正：{fields}）。",
                               "There is no field “{name}” to amend (fields: {fields})."),
        "duty.unchanged": ("“{name}”的新值与现值相同，未作更正。", "The new value of “{name}” is the same as the current one."),
        "duty.unknown_entry": ("找不到值班记录“{ref}”。", "No duty-log entry “{ref}”."),
        "duty.ambiguous_number": ("编号“{ref}”在多个值守站都有（{choices}），请带上站代码。",
                                  "Several stations have an entry “{ref}” ({choices}); give the station code."),
        "duty.voided": ("值班记录 {no} 已作废，不能再修改。", "Entry {no} has been voided and cannot be changed."),
        "duty.already_voided": ("值班记录 {no} 已作废。", "Entry {no} is already voided."),
        "duty.already_closed": ("值班记录 {no} 已办结。", "Entry {no} is already closed."),
        "duty.not_closed": ("值班记录 {no} 尚未办结，无需重新打开。", "Entry {no} is not closed."),
        "duty.bad_sort": ("不能按“{key}”排序。", "Cannot sort by “{key}”."),
        "duty.bad_suggest_field": ("“{name}”没有输入提示。", "No suggestions for “{name}”."),
        "duty.activity.add": ("登记 {no}", "Recorded {no}"),
        "duty.activity.amend": ("更正“{field}”：{old} → {new}", "Amended “{field}”: {old} → {new}"),
        "duty.activity.reason": ("（原因：{reason}）", " (reason: {reason})"),
        "duty.activity.instruct": ("领导批示（{leader}）：{text}", "Instruction ({leader}): {text}"),
        "duty.activity.act": ("处理情况：{text}", "Action: {text}"),
        "duty.activity.notify": ("已通知 {whom}（{channel}，{at}）", "Notified {whom} ({channel}, {at})"),
        "duty.activity.close": ("办结", "Closed"),
        "duty.activity.reopen": ("重新打开", "Reopened"),
        "duty.activity.void": ("作废：{reason}", "Voided: {reason}"),
    }
)


def format_value(field: str, value: Any) -> str:
    """A field's value as text in the UI language (labels for codes, local times, 是/否)."""
    return _format_value(field, value)


def parse_time(text: str, db: Database | None = None, field: str | None = None) -> datetime:
    """ISO 8601 text → aware datetime (no offset: the station's zone); ValidationError if bad."""
    from zoneinfo import ZoneInfo

    return parse_iso(text, zone(db) if db is not None else ZoneInfo("Asia/Shanghai"), field)


def parse_until(text: str, db: Database | None = None, field: str = "until") -> datetime:
    """The end of a period (exclusive): a date alone ('2024-04-20') means the end of that day
    in the station's zone; a date and time is taken as given."""
    value = parse_time(text, db, field)
    if re.fullmatch(r"\s*\d{4}-\d\d-\d\d\s*", text):
        value = (value.replace(tzinfo=None) + timedelta(days=1)).replace(tzinfo=value.tzinfo)
    return value


def check_period(since: datetime | None, until: datetime | None) -> None:
    """ValidationError when the period ends before it starts."""
    if since is not None and until is not None and since >= until:
        raise ValidationError("duty.bad_period", field="until", since=_format_value("received_at", since),
                              until=_format_value("received_at", until))


def check_query(query: str) -> str:
    """The query stripped; ValidationError when it is empty or blank."""
    if not query.strip():
        raise ValidationError("duty.empty_query", field="query")
    return query.strip()


def search_terms(query: str) -> list[str]:
    """The terms of a full-text query that the UI should highlight (in the order typed)."""
    return duty_search.split_terms(query)


# -- validation --------------------------------------------------------------------------------


def _name(field: str) -> str:
    return label(field, FIELD_LABELS)


def _text(value: object, field: str, *, required: bool = False, limit_key: str | None = None) -> str:
    result = "" if value is None else str(value).strip()
    if required and not result:
        if field == "summary":
            raise ValidationError("duty.summary_required", field=field)
        raise ValidationError("duty.text_required", field=field, name=_name(field))
    limit = MAX_LEN.get(limit_key or field)
    if limit is not None and len(result) > limit:
        raise ValidationError("duty.too_long", field=field, name=_name(field), max=limit)
    return result


def _phone(value: object) -> str:
    phone = _text(value, "phone")
    if phone and (not PHONE_RE.match(phone) or not 3 <= sum(ch.isdigit() for ch in phone) <= 20):
        raise ValidationError("duty.bad_phone", field="phone", value=phone)
    return phone


def _township(conn: Connection, value: object) -> str:
    raw = _text(value, "township")
    if not raw:
        return ""
    name = township_name(conn, raw)
    if name is None:
        from app.storage.models.station import Township

        names = conn.execute(select(table(Township).c.name).order_by(table(Township).c.sort)).scalars()
        raise ValidationError("duty.unknown_township", field="township", value=raw, choices="、".join(names))
    return name


def _time(db: Database, value: object, field: str) -> datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return to_aware(value, zone(db))
    return parse_iso(str(value), zone(db), field)


def _check_received(db: Database, received: datetime) -> None:
    if received - now(db) > FUTURE_LIMIT:
        raise ValidationError("duty.received_future", field="received_at", value=_format_value("received_at", received))


def _check_occurred(db: Database, occurred: datetime | None, received: datetime) -> None:
    """Occurred may be unknown; otherwise not in the future and not after received."""
    if occurred is None:
        return
    if occurred - now(db) > OCCURRED_SLACK:
        raise ValidationError("duty.occurred_future", field="occurred_at", value=_format_value("occurred_at", occurred))
    if occurred > received:
        raise ValidationError("duty.occurred_after_received", field="occurred_at",
                              occurred=_format_value("occurred_at", occurred),
                              received=_format_value("received_at", received))


def _check_due(due: datetime | None, received: datetime) -> None:
    if due is not None and due < received:
        raise ValidationError("duty.due_before_received", field="due_at", due=_format_value("due_at", due),
                              received=_format_value("received_at", received))


def _payload(db: Database, conn: Connection, data: EntryInput) -> dict[str, Any]:
    summary = _text(data.summary, "summary", required=True)
    direction = parse_choice(data.direction or "in", DIRECTIONS, "direction")
    channel = parse_choice(data.channel or "phone", CHANNELS, "channel")
    category = parse_choice(data.category or "routine", CATEGORIES, "category")
    received = _time(db, data.received_at, "received_at") or now(db)
    _check_received(db, received)
    occurred = _time(db, data.occurred_at, "occurred_at")
    _check_occurred(db, occurred, received)
    due = _time(db, data.due_at, "due_at")
    _check_due(due, received)
    return {
        "direction": direction,
        "channel": channel,
        "category": category,
        "received_ms": ms(received),
        "occurred_ms": ms(occurred),
        "source_unit": _text(data.source_unit, "source_unit"),
        "source_person": _text(data.source_person, "source_person"),
        "phone": _phone(data.phone),
        "township": _township(conn, data.township),
        "location": _text(data.location, "location"),
        "summary": summary,
        "due_ms": ms(due),
        "significant": parse_bool(data.significant, "significant"),
    }


def next_number(conn: Connection, station_id: str, year: int) -> int:
    top = conn.execute(
        select(func.max(ENTRY.c.number)).where(ENTRY.c.station_id == station_id, ENTRY.c.year == year)
    ).scalar()
    return int(top or 0) + 1


# -- writing ---------------------------------------------------------------------------------------


def add_entry(db: Database, actor: Actor, data: EntryInput) -> tuple[Changes, EntryRow]:
    """Validate and record a new entry; its number is assigned in the same transaction."""
    actor.require(*WRITERS)
    with db.read() as conn:
        payload = _payload(db, conn, data)
    with db.write() as w:
        year = now(db).astimezone(zone(db)).year
        payload["year"] = year
        payload["number"] = next_number(w.conn, db.station_id, year)
        op = w.record("duty.entry.add", payload, actor.username)
        row = get_row(w.conn, op.op_id, db.station_id)
    assert row is not None
    return w.changes, row


def _open_entry(db: Database, entry_id: str, *, allow_voided: bool = False) -> EntryRow:
    with db.read() as conn:
        row = get_row(conn, entry_id, db.station_id)
    if row is None:
        raise ValidationError("duty.unknown_entry", field="entry", ref=entry_id)
    if row.voided and not allow_voided:
        raise ValidationError("duty.voided", field="entry", no=row.display_no)
    return row


def _coerce(db: Database, row: EntryRow, field: str, value: Any) -> Any:
    """The column value of an amendment (validated against the entry's other fields)."""
    if field in ("direction", "channel", "category"):
        choices = {"direction": DIRECTIONS, "channel": CHANNELS, "category": CATEGORIES}[field]
        return parse_choice(str(value or ""), choices, field)
    if field == "received_at":
        received = _time(db, value, field)
        if received is None:
            raise ValidationError("duty.text_required", field=field, name=_name(field))
        _check_received(db, received)
        if row.occurred_at is not None and row.occurred_at > received:
            raise ValidationError("duty.occurred_after_received", field="received_at",
                                  occurred=_format_value("occurred_at", row.occurred_at),
                                  received=_format_value("received_at", received))
        _check_due(row.due_at, received)
        return ms(received)
    if field == "occurred_at":
        occurred = _time(db, value, field)
        _check_occurred(db, occurred, row.received_at)
        return ms(occurred)
    if field == "due_at":
        due = _time(db, value, field)
        _check_due(due, row.received_at)
        return ms(due)
    if field == "significant":
        return parse_bool(value, field)
    if field == "phone":
        return _phone(value)
    if field == "township":
        with db.read() as conn:
            return _township(conn, value)
    return _text(value, field, required=field == "summary")


def amend(db: Database, actor: Actor, entry_id: str, field: str, value: Any, reason: str = "") -> Changes:
    """Correct one field (name from AMENDABLE). `value` may be the typed value or text (as the
    command line gives it: ISO times, labels or codes, 'yes'/'no')."""
    actor.require(*WRITERS)
    if field not in AMENDABLE:
        raise ValidationError("duty.unknown_field", field="field", name=field, fields=", ".join(AMENDABLE))
    row = _open_entry(db, entry_id)
    new = _coerce(db, row, field, value)
    reason = _text(reason, "reason")
    current = getattr(row, field)
    current_value = ms(current) if isinstance(current, datetime) else current
    if new == current_value:
        raise ValidationError("duty.unchanged", field=field, name=_name(field))
    with db.write() as w:
        base = fields.current_hlc(w.conn, entity=ENTITY, key=row.id, field=field)
        w.record("duty.entry.amend", {"entry": row.id, "field": field, "value": new, "base": base, "reason": reason},
                 actor.username)
    return w.changes


def add_instruction(db: Database, actor: Actor, entry_id: str, text: str, leader: str = "") -> Changes:
    """Record a leader's instruction (领导批示); `leader` defaults to the actor's name."""
    actor.require(*INSTRUCTORS)
    row = _open_entry(db, entry_id)
    body = _text(text, "instruction", required=True, limit_key="text")
    who = _text(leader, "leader") or actor.display_name or actor.username
    with db.write() as w:
        w.record("duty.entry.instruct", {"entry": row.id, "text": body, "leader": who}, actor.username)
    return w.changes


def add_action(db: Database, actor: Actor, entry_id: str, text: str) -> Changes:
    """Record an action taken (处理情况)."""
    actor.require(*WRITERS)
    row = _open_entry(db, entry_id)
    body = _text(text, "action", required=True, limit_key="text")
    with db.write() as w:
        w.record("duty.entry.act", {"entry": row.id, "text": body}, actor.username)
    return w.changes


def add_notification(db: Database, actor: Actor, entry_id: str, whom: str, channel: str = "phone",
                     at: datetime | None = None) -> Changes:
    """Record that `whom` was notified by `channel` at `at` (default now)."""
    actor.require(*WRITERS)
    row = _open_entry(db, entry_id)
    who = _text(whom, "notified", required=True, limit_key="whom")
    code = parse_choice(channel or "phone", CHANNELS, "channel")
    when = _time(db, at, "notified") or now(db)
    if when - now(db) > FUTURE_LIMIT:
        raise ValidationError("duty.notified_future", field="notified", value=_format_value("at", when))
    with db.write() as w:
        w.record("duty.entry.notify", {"entry": row.id, "whom": who, "channel": code, "at_ms": ms(when)},
                 actor.username)
    return w.changes


def _set_state(db: Database, actor: Actor, row: EntryRow, kind: str, column: str, extra: dict[str, Any]) -> Changes:
    with db.write() as w:
        base = fields.current_hlc(w.conn, entity=ENTITY, key=row.id, field=column)
        w.record(kind, {"entry": row.id, "base": base, **extra}, actor.username)
    return w.changes


def close_entry(db: Database, actor: Actor, entry_id: str) -> Changes:
    """Mark an entry closed (已办结)."""
    actor.require(*WRITERS)
    row = _open_entry(db, entry_id)
    if row.status == "closed":
        raise ValidationError("duty.already_closed", field="status", no=row.display_no)
    return _set_state(db, actor, row, "duty.entry.close", "status", {})


def reopen_entry(db: Database, actor: Actor, entry_id: str) -> Changes:
    """Open a closed entry again."""
    actor.require(*WRITERS)
    row = _open_entry(db, entry_id)
    if row.status != "closed":
        raise ValidationError("duty.not_closed", field="status", no=row.display_no)
    return _set_state(db, actor, row, "duty.entry.reopen", "status", {})


def void_entry(db: Database, actor: Actor, entry_id: str, reason: str) -> Changes:
    """Void a wrong entry (shift lead or leader); it stays, struck through, with the reason."""
    actor.require(*VOIDERS)
    row = _open_entry(db, entry_id, allow_voided=True)
    if row.voided:
        raise ValidationError("duty.already_voided", field="entry", no=row.display_no)
    text = _text(reason, "reason", required=True)
    return _set_state(db, actor, row, "duty.entry.void", "void_reason", {"reason": text})


# -- search index -----------------------------------------------------------------------------


def reindex(db: Database) -> int:
    """Rebuild the local full-text index from the entries (returns the number indexed)."""
    with db.transaction() as conn:
        return duty_search.reindex(conn) if duty_search.ensure(conn) else 0


def verify_index(db: Database) -> list[str]:
    """Entry ids whose search document is missing or stale ([] when the index matches)."""
    with db.transaction() as conn:
        return duty_search.verify(conn)


# -- JSON ------------------------------------------------------------------------------------------


def _json_value(value: Any, tz: Any) -> Any:
    if isinstance(value, datetime):
        return iso(value, tz)
    return value


def to_json(detail: EntryDetail, db: Database | None = None) -> dict[str, Any]:
    """The JSON form of an entry (command line `--json`): id, no (the plain number, gap-free
    per station and year), station_code (the recording station), display_no (the number as
    shown: '<station code>-2024-0137' for other stations' entries), foreign, received_at (ISO 8601 with
    the station's offset), recorded_at, summary, status, author, history[{field, old, new,
    author, at}], and every other field."""
    from zoneinfo import ZoneInfo

    tz = zone(db) if db is not None else ZoneInfo("Asia/Shanghai")
    e = detail.entry
    reference = now(db) if db is not None else datetime.now(tz)
    return {
        "id": e.id,
        "no": e.no,
        "station_code": e.station_code,
        "display_no": e.display_no,
        "foreign": e.foreign,
        "direction": e.direction,
        "channel": e.channel,
        "category": e.category,
        "received_at": iso(e.received_at, tz),
        "occurred_at": iso(e.occurred_at, tz),
        "recorded_at": iso(e.recorded_at, tz),
        "source_unit": e.source_unit,
        "source_person": e.source_person,
        "phone": e.phone,
        "township": e.township,
        "location": e.location,
        "summary": e.summary,
        "instruction": e.instruction,
        "action": e.action,
        "due_at": iso(e.due_at, tz),
        "significant": e.significant,
        "status": e.status,
        "overdue": e.overdue(reference),
        "voided": e.voided,
        "void_reason": e.void_reason,
        "author": e.author,
        "amended": sorted(e.amended),
        "instructions": [{"text": i.text, "leader": i.leader, "author": i.author, "at": iso(i.at, tz)}
                         for i in detail.instructions],
        "actions": [{"text": a.text, "author": a.author, "at": iso(a.at, tz)} for a in detail.actions],
        "notifications": [{"whom": n.whom, "channel": n.channel, "at": iso(n.at, tz), "author": n.author,
                           "recorded_at": iso(n.recorded_at, tz)} for n in detail.notifications],
        "history": [{"field": h.field, "old": _json_value(h.old, tz), "new": _json_value(h.new, tz),
                     "author": h.author, "at": iso(h.at, tz), "reason": h.reason} for h in detail.history],
    }
