"""Single duty-log entries: rows, numbers (gap-free per station and year, qualified by the
station code for other stations' entries), details with their history.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import (
    Connection,
    func,
    select,
)

from app import messages
from app.clock import Hlc, ms_to_datetime
from app.errors import ValidationError
from app.services.duty_log.types import (
    AMENDABLE,
    Action,
    Activity,
    Amendment,
    EntryDetail,
    EntryRow,
    Instruction,
    Notification,
    dt,
    format_value,
    label,
)
from app.services.station import now, station_codes, zone
from app.storage import canonical
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.duty_log import DutyActivity, DutyEntry
from app.storage.models.fields import FieldEdit
from app.storage.models.oplog import Operation
from app.storage.models.station import Station, Township

ENTRY = table(DutyEntry)
ACTIVITY = table(DutyActivity)
EDITS = table(FieldEdit)
OPLOG = table(Operation)
STATION = table(Station)
TOWNSHIP = table(Township)

NUMBER_RE = re.compile(r"^\s*(?:(\d{4})\s*[-/年]\s*)?0*(\d{1,6})\s*号?\s*$")
QUALIFIED_RE = re.compile(r"^\s*(\S+?)\s*-\s*(\d{4}\s*[-/年].*)$")

TIME_COLUMNS = {"received_ms", "occurred_ms", "due_ms"}


def row_to_entry(row: Any) -> EntryRow:
    m = row._mapping if hasattr(row, "_mapping") else row
    return EntryRow(
        id=m["entry_id"],
        no=f"{m['year']}-{m['number']:04d}",
        direction=m["direction"],
        channel=m["channel"],
        category=m["category"],
        received_at=ms_to_datetime(m["received_ms"]),
        occurred_at=dt(m["occurred_ms"]),
        recorded_at=Hlc.decode(m["recorded_hlc"]).as_datetime(),
        source_unit=m["source_unit"],
        source_person=m["source_person"],
        phone=m["phone"],
        township=m["township"],
        location=m["location"],
        summary=m["summary"],
        instruction=m["instruction"],
        action=m["action"],
        due_at=dt(m["due_ms"]),
        significant=bool(m["significant"]),
        status=m["status"],
        voided=bool(m["void_reason"]),
        void_reason=m["void_reason"],
        author=m["author"],
        amended=frozenset(m["amended"].split()),
        station_id=m["station_id"],
    )


def other_station_codes(db: Database) -> list[str]:
    """Codes of the other stations that have entries here (how their numbers are qualified)."""
    ids: list[str] = []
    with db.read() as conn:
        codes = station_codes(conn)
        # one index seek per station (a DISTINCT would walk the whole index)
        while True:
            stmt = select(func.min(ENTRY.c.station_id))
            if ids:
                stmt = stmt.where(ENTRY.c.station_id > ids[-1])
            found = conn.execute(stmt).scalar()
            if found is None:
                break
            ids.append(found)
    return sorted(codes.get(i, i[:8]) for i in ids if i != db.station_id)


def mark(conn: Connection, home: str, rows: list[EntryRow]) -> list[EntryRow]:
    """The rows with their station's code, entries of other stations marked foreign (their
    `display_no` then carries the code)."""
    if not rows:
        return rows
    codes = station_codes(conn)
    return [replace(r, station_code=codes.get(r.station_id, r.station_id[:8]), foreign=r.station_id != home)
            for r in rows]


# -- single entries ----------------------------------------------------------------------------


def _stations_of(conn: Connection, code: str) -> list[str]:
    """Ids of the stations a code names (code, name or the start of the id, case ignored)."""
    low = code.strip().lower()
    ids = {r.station_id for r in conn.execute(select(STATION.c.station_id, STATION.c.code, STATION.c.name))
           if low in (r.code.lower(), r.name.lower())}
    if not ids and len(low) >= 4:
        ids = {sid for sid in conn.execute(select(ENTRY.c.station_id).distinct()).scalars()
               if sid.lower().startswith(low)}
    return sorted(ids)


def _numbered(conn: Connection, stations: Sequence[str] | None, year: int, number: int) -> list[Any]:
    stmt = select(ENTRY).where(ENTRY.c.year == year, ENTRY.c.number == number)
    if stations is not None:
        stmt = stmt.where(ENTRY.c.station_id.in_(list(stations)))
    return list(conn.execute(stmt.order_by(ENTRY.c.station_id, ENTRY.c.recorded_hlc, ENTRY.c.entry_id)).all())


def find_by_number(db: Database, number: str) -> EntryRow | None:
    """The entry with this number: '2024-0137' (or '137' for this year) is this station's
    entry, else the only other station's entry with it; '<station code>-2024-0137' is that
    station's. Several other stations with the number and none here: ValidationError
    naming the qualified numbers."""
    code: str | None = None
    match = NUMBER_RE.match(number)
    if match is None:
        qualified = QUALIFIED_RE.match(number)
        if qualified is None:
            return None
        code = qualified.group(1)
        match = NUMBER_RE.match(qualified.group(2))
        if match is None:
            return None
    year = int(match.group(1)) if match.group(1) else now(db).astimezone(zone(db)).year
    wanted = int(match.group(2))
    with db.read() as conn:
        if code is not None:
            stations = _stations_of(conn, code)
            if not stations:
                return None
            rows = _numbered(conn, stations, year, wanted)
        else:
            rows = _numbered(conn, [db.station_id], year, wanted) or _numbered(conn, None, year, wanted)
        found = mark(conn, db.station_id, [row_to_entry(r) for r in rows])
    if len({r.station_id for r in found}) > 1:
        raise ValidationError("duty.ambiguous_number", field="entry", ref=number.strip(),
                              choices="、".join(r.display_no for r in found))
    return found[0] if found else None


def same_number(db: Database, entry: EntryRow) -> list[str]:
    """Display numbers of other stations' entries carrying the same plain number."""
    year, number = (int(x) for x in entry.no.split("-"))
    with db.read() as conn:
        rows = mark(conn, db.station_id, [row_to_entry(r) for r in _numbered(conn, None, year, number)])
    return [r.display_no for r in rows if r.station_id != entry.station_id]


def get_row(conn: Connection, entry_id: str, home: str | None = None) -> EntryRow | None:
    row = conn.execute(select(ENTRY).where(ENTRY.c.entry_id == entry_id)).first()
    if row is None:
        return None
    entry = row_to_entry(row)
    return mark(conn, home, [entry])[0] if home is not None else entry


def resolve(db: Database, ref: str) -> EntryRow:
    found = find_by_number(db, ref)
    if found is None:
        with db.read() as conn:
            found = get_row(conn, ref.strip(), db.station_id)
    if found is None:
        raise ValidationError("duty.unknown_entry", field="entry", ref=ref)
    return found


def _value(column: str, raw: Any) -> Any:
    if column in TIME_COLUMNS:
        return dt(raw)
    return raw


def originals(conn: Connection, ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The values each entry was first recorded with (from its add operation)."""
    from app.storage.projections.duty_log import COLUMNS

    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(OPLOG.c.op_id, OPLOG.c.payload).where(OPLOG.c.op_id.in_(ids[start:start + 500]))
        ).all()
        for r in rows:
            data = canonical.loads(r.payload)
            found[r.op_id] = {name: _value(col, data.get(col)) for name, col in COLUMNS.items()}
            found[r.op_id]["significant"] = bool(data.get("significant", False))
    return found


def details(db: Database, ids: Sequence[str]) -> list[EntryDetail]:
    """Full details of several entries (in the order given; unknown ids are left out)."""
    from app.storage.projections.duty_log import COLUMNS, ENTITY

    ids = list(ids)
    out: list[EntryDetail] = []
    with db.read() as conn:
        rows: dict[str, EntryRow] = {}
        acts: dict[str, list[Any]] = {}
        edits: dict[str, list[Any]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            for r in conn.execute(select(ENTRY).where(ENTRY.c.entry_id.in_(chunk))):
                rows[r.entry_id] = row_to_entry(r)
            for r in conn.execute(
                select(ACTIVITY).where(ACTIVITY.c.entry_id.in_(chunk)).order_by(ACTIVITY.c.hlc, ACTIVITY.c.op_id)
            ):
                acts.setdefault(r.entry_id, []).append(r)
            for r in conn.execute(
                select(EDITS)
                .where(EDITS.c.entity == ENTITY, EDITS.c.entity_key.in_(chunk), EDITS.c.field.in_(AMENDABLE))
                .order_by(EDITS.c.hlc, EDITS.c.op_id)
            ):
                edits.setdefault(r.entity_key, []).append(r)
        first = originals(conn, [i for i in ids if i in rows])
        rows = {r.id: r for r in mark(conn, db.station_id, list(rows.values()))}
    for entry_id in ids:
        entry = rows.get(entry_id)
        if entry is None:
            continue
        original = first.get(entry_id, {})
        reasons = {a.op_id: a.text for a in acts.get(entry_id, []) if a.kind == "amend"}
        history: list[Amendment] = []
        last: dict[str, Any] = dict(original)
        for e in edits.get(entry_id, []):
            new = _value(COLUMNS[e.field], canonical.loads(e.value))
            if e.field == "significant":
                new = bool(new)
            history.append(Amendment(e.field, last.get(e.field), new, e.author,
                                     Hlc.decode(e.hlc).as_datetime(), reasons.get(e.op_id, "")))
            last[e.field] = new
        out.append(_detail(entry, acts.get(entry_id, []), history, original))
    return out


def _detail(entry: EntryRow, acts: list[Any], history: list[Amendment], original: dict[str, Any]) -> EntryDetail:
    instructions: list[Instruction] = []
    actions: list[Action] = []
    notifications: list[Notification] = []
    activity = [Activity("add", entry.author, entry.recorded_at, messages.text("duty.activity.add", no=entry.display_no))]
    amendments = iter(history)
    for a in acts:
        at = Hlc.decode(a.hlc).as_datetime()
        if a.kind == "instruct":
            via = getattr(a, "channel", "") or ""
            instructions.append(Instruction(a.text, a.leader, a.author, at, via))
            line = (messages.text("duty.activity.instruct_relayed", leader=a.leader, recorder=a.author, text=a.text)
                    if via else messages.text("duty.activity.instruct", leader=a.leader, text=a.text))
        elif a.kind == "act":
            actions.append(Action(a.text, a.author, at))
            line = messages.text("duty.activity.act", text=a.text)
        elif a.kind == "notify":
            when = ms_to_datetime(a.at_ms) if a.at_ms is not None else at
            notifications.append(Notification(a.whom, a.channel, when, a.author, at))
            line = messages.text("duty.activity.notify", whom=a.whom, channel=label(a.channel),
                                 at=format_value("at", when))
        elif a.kind == "amend":
            amendment = next((h for h in amendments if h.at == at and h.field == a.field), None)
            old = format_value(a.field, amendment.old) if amendment else ""
            new = format_value(a.field, amendment.new) if amendment else ""
            line = messages.text("duty.activity.amend", field=label(a.field), old=old, new=new)
            if a.text:
                line += messages.text("duty.activity.reason", reason=a.text)
        elif a.kind == "void":
            line = messages.text("duty.activity.void", reason=a.text)
        else:
            line = messages.text(f"duty.activity.{a.kind}")
        activity.append(Activity(a.kind, a.author, at, line))
    return EntryDetail(entry, instructions, actions, notifications, history, activity, original)


def get_entry(db: Database, entry_id: str) -> EntryDetail:
    found = details(db, [entry_id])
    if not found:
        raise ValidationError("duty.unknown_entry", field="entry", ref=entry_id)
    return found[0]
