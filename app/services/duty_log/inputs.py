"""Reading what the user typed into an entry: times in the station's zone, choices, texts,
phone numbers, townships; each bad value is a ValidationError naming its field.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    select,
)

from app import messages
from app.errors import ValidationError
from app.services.duty_log.query import township_name
from app.services.duty_log.types import (
    CATEGORIES,
    CHANNELS,
    DIRECTIONS,
    FIELD_LABELS,
    EntryInput,
    check_range,
    label,
    ms,
    parse_bool,
    parse_choice,
    parse_iso,
    to_aware,
)
from app.services.duty_log.types import format_value as _format_value
from app.services.station import now, zone
from app.storage import duty_search
from app.storage.engine import Database
from app.storage.models import table

FUTURE_LIMIT = timedelta(days=1)
OCCURRED_SLACK = timedelta(minutes=10)
"""How far ahead of this workstation's clock an occurred time may be (another clock's skew)."""
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]*[0-9](\s*(转|ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)
MAX_LEN = {"paper_form": 40, "source_unit": 120, "source_person": 60, "phone": 32, "location": 200, "summary": 4000,
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
        "duty.activity.instruct_relayed": ("领导电话批示（{leader}，{recorder}记录）：{text}",
                                           "Instruction by phone ({leader}, written down by {recorder}): {text}"),
        "duty.instruction_relay_only": (
            "值班员只能记录领导通过电话下达的批示：请勾选“电话传达”并填写批示领导。",
            "An operator can only write down an instruction a leader gave by phone: tick “relayed by phone” "
            "and name the leader.",
        ),
        "duty.instruction_leader_required": ("请填写下达批示的领导。", "Name the leader who gave the instruction."),
        "duty.instruction_via": ("传达方式“{value}”不正确（可用：phone）。", "Unknown way “{value}” (use: phone)."),
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


def field_name(field: str) -> str:
    return label(field, FIELD_LABELS)


def clean_text(value: object, field: str, *, required: bool = False, limit_key: str | None = None) -> str:
    result = "" if value is None else str(value).strip()
    if required and not result:
        if field == "summary":
            raise ValidationError("duty.summary_required", field=field)
        raise ValidationError("duty.text_required", field=field, name=field_name(field))
    limit = MAX_LEN.get(limit_key or field)
    if limit is not None and len(result) > limit:
        raise ValidationError("duty.too_long", field=field, name=field_name(field), max=limit)
    return result


def clean_phone(value: object) -> str:
    phone = clean_text(value, "phone")
    if phone and (not PHONE_RE.match(phone) or not 3 <= sum(ch.isdigit() for ch in phone) <= 20):
        raise ValidationError("duty.bad_phone", field="phone", value=phone)
    return phone


def clean_township(conn: Connection, value: object) -> str:
    raw = clean_text(value, "township")
    if not raw:
        return ""
    name = township_name(conn, raw)
    if name is None:
        from app.storage.models.station import Township

        names = conn.execute(select(table(Township).c.name).order_by(table(Township).c.sort)).scalars()
        raise ValidationError("duty.unknown_township", field="township", value=raw, choices="、".join(names))
    return name


def read_time(db: Database, value: object, field: str) -> datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return check_range(to_aware(value, zone(db)), field)
    return parse_iso(str(value), zone(db), field)


def check_received(db: Database, received: datetime) -> None:
    if received - now(db) > FUTURE_LIMIT:
        raise ValidationError("duty.received_future", field="received_at", value=_format_value("received_at", received))


def check_occurred(db: Database, occurred: datetime | None, received: datetime) -> None:
    """Occurred may be unknown; otherwise not in the future and not after received."""
    if occurred is None:
        return
    if occurred - now(db) > OCCURRED_SLACK:
        raise ValidationError("duty.occurred_future", field="occurred_at", value=_format_value("occurred_at", occurred))
    if occurred > received:
        raise ValidationError("duty.occurred_after_received", field="occurred_at",
                              occurred=_format_value("occurred_at", occurred),
                              received=_format_value("received_at", received))


def check_due(due: datetime | None, received: datetime) -> None:
    if due is not None and due < received:
        raise ValidationError("duty.due_before_received", field="due_at", due=_format_value("due_at", due),
                              received=_format_value("received_at", received))


def entry_payload(db: Database, conn: Connection, data: EntryInput) -> dict[str, Any]:
    summary = clean_text(data.summary, "summary", required=True)
    direction = parse_choice(data.direction or "in", DIRECTIONS, "direction")
    channel = parse_choice(data.channel or "phone", CHANNELS, "channel")
    category = parse_choice(data.category or "routine", CATEGORIES, "category")
    received = read_time(db, data.received_at, "received_at") or now(db)
    check_received(db, received)
    occurred = read_time(db, data.occurred_at, "occurred_at")
    check_occurred(db, occurred, received)
    due = read_time(db, data.due_at, "due_at")
    check_due(due, received)
    return {
        "direction": direction,
        "channel": channel,
        "category": category,
        "received_ms": ms(received),
        "occurred_ms": ms(occurred),
        "source_unit": clean_text(data.source_unit, "source_unit"),
        "source_person": clean_text(data.source_person, "source_person"),
        "phone": clean_phone(data.phone),
        "township": clean_township(conn, data.township),
        "location": clean_text(data.location, "location"),
        "summary": summary,
        "due_ms": ms(due),
        "significant": parse_bool(data.significant, "significant"),
    }
