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

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Connection,
    func,
    select,
)

from app.errors import PermissionDenied, ValidationError
from app.services import roles
from app.services.accounts import Actor
from app.services.duty_log.inputs import (
    FUTURE_LIMIT,
    check_due,
    check_occurred,
    check_received,
    clean_phone,
    clean_text,
    clean_township,
    entry_payload,
    field_name,
    read_time,
)
from app.services.duty_log.lookup import get_row
from app.services.duty_log.types import (
    AMENDABLE,
    CATEGORIES,
    CHANNELS,
    DIRECTIONS,
    EntryDetail,
    EntryInput,
    EntryRow,
    iso,
    ms,
    parse_bool,
    parse_choice,
)
from app.services.duty_log.types import format_value as _format_value
from app.services.station import now, zone
from app.storage import duty_search
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry
from app.storage.projections import fields
from app.storage.projections.duty_log import ENTITY

ENTRY = table(DutyEntry)
WRITERS = (roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER)
INSTRUCTORS = (roles.LEADER, roles.SHIFT_LEAD)
RELAY_CHANNELS = ("phone",)
"""How a leader who is not in the duty room gives an instruction an operator writes down."""
VOIDERS = (roles.SHIFT_LEAD, roles.LEADER)


def next_number(conn: Connection, station_id: str, year: int) -> int:
    top = conn.execute(
        select(func.max(ENTRY.c.number)).where(ENTRY.c.station_id == station_id, ENTRY.c.year == year)
    ).scalar()
    return int(top or 0) + 1


# -- writing ---------------------------------------------------------------------------------------


PAPER_NOTE = "补录自纸质表格 No. {no}"


def add_entry(db: Database, actor: Actor, data: EntryInput) -> tuple[Changes, EntryRow]:
    """Validate and record a new entry; its number is assigned in the same transaction."""
    actor.require(*WRITERS)
    paper = clean_text(data.paper_form, "paper_form")
    with db.read() as conn:
        payload = entry_payload(db, conn, data)
    with db.write() as w:
        year = now(db).astimezone(zone(db)).year
        payload["year"] = year
        payload["number"] = next_number(w.conn, db.station_id, year)
        op = w.record("duty.entry.add", payload, actor.username)
        if paper:  # typed in from paper: said on the record, in its history and in print
            w.record("duty.entry.act", {"entry": op.op_id, "text": PAPER_NOTE.format(no=paper)}, actor.username)
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
        received = read_time(db, value, field)
        if received is None:
            raise ValidationError("duty.text_required", field=field, name=field_name(field))
        check_received(db, received)
        if row.occurred_at is not None and row.occurred_at > received:
            raise ValidationError("duty.occurred_after_received", field="received_at",
                                  occurred=_format_value("occurred_at", row.occurred_at),
                                  received=_format_value("received_at", received))
        check_due(row.due_at, received)
        return ms(received)
    if field == "occurred_at":
        occurred = read_time(db, value, field)
        check_occurred(db, occurred, row.received_at)
        return ms(occurred)
    if field == "due_at":
        due = read_time(db, value, field)
        check_due(due, row.received_at)
        return ms(due)
    if field == "significant":
        return parse_bool(value, field)
    if field == "phone":
        return clean_phone(value)
    if field == "township":
        with db.read() as conn:
            return clean_township(conn, value)
    return clean_text(value, field, required=field == "summary")


def amend(db: Database, actor: Actor, entry_id: str, field: str, value: Any, reason: str = "") -> Changes:
    """Correct one field (name from AMENDABLE). `value` may be the typed value or text (as the
    command line gives it: ISO times, labels or codes, 'yes'/'no')."""
    actor.require(*WRITERS)
    if field not in AMENDABLE:
        raise ValidationError("duty.unknown_field", field="field", name=field, fields=", ".join(AMENDABLE))
    row = _open_entry(db, entry_id)
    new = _coerce(db, row, field, value)
    reason = clean_text(reason, "reason")
    current = getattr(row, field)
    current_value = ms(current) if isinstance(current, datetime) else current
    if new == current_value:
        raise ValidationError("duty.unchanged", field=field, name=field_name(field))
    with db.write() as w:
        base = fields.current_hlc(w.conn, entity=ENTITY, key=row.id, field=field)
        w.record("duty.entry.amend", {"entry": row.id, "field": field, "value": new, "base": base, "reason": reason},
                 actor.username)
    return w.changes


def add_instruction(db: Database, actor: Actor, entry_id: str, text: str, leader: str = "",
                    via: str = "") -> Changes:
    """Record a leader's instruction (领导批示); `leader` defaults to the actor's name.

    `via="phone"`: the leader gave it by phone and the actor (an operator may) wrote it down;
    both names are kept — the leader in the payload, the recorder as the operation's author."""
    via = (via or "").strip()
    if via and via not in RELAY_CHANNELS:
        raise ValidationError("duty.instruction_via", field="via", value=via)
    if not any(actor.has(r) for r in INSTRUCTORS):
        actor.require(*WRITERS)
        if not via:
            raise PermissionDenied("duty.instruction_relay_only")
    row = _open_entry(db, entry_id)
    body = clean_text(text, "instruction", required=True, limit_key="text")
    given = clean_text(leader, "leader")
    if via and not given:
        raise ValidationError("duty.instruction_leader_required", field="leader")
    who = given or actor.display_name or actor.username
    payload = {"entry": row.id, "text": body, "leader": who}
    if via:
        payload["via"] = via
    with db.write() as w:
        w.record("duty.entry.instruct", payload, actor.username)
    return w.changes


def add_action(db: Database, actor: Actor, entry_id: str, text: str) -> Changes:
    """Record an action taken (处理情况)."""
    actor.require(*WRITERS)
    row = _open_entry(db, entry_id)
    body = clean_text(text, "action", required=True, limit_key="text")
    with db.write() as w:
        w.record("duty.entry.act", {"entry": row.id, "text": body}, actor.username)
    return w.changes


def add_notification(db: Database, actor: Actor, entry_id: str, whom: str, channel: str = "phone",
                     at: datetime | None = None) -> Changes:
    """Record that `whom` was notified by `channel` at `at` (default now)."""
    actor.require(*WRITERS)
    row = _open_entry(db, entry_id)
    who = clean_text(whom, "notified", required=True, limit_key="whom")
    code = parse_choice(channel or "phone", CHANNELS, "channel")
    when = read_time(db, at, "notified") or now(db)
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
    text = clean_text(reason, "reason", required=True)
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
