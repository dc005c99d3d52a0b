"""Reading the duty log: filters, lazy paging, details with history, search, completers.

Used through app.services.duty_log (the API). Paging stays fast on a 1,000,000-entry log:
the indexed sort keys walk an index; a text query walks the search index, whose document ids
are in received order, so the newest matches come first without sorting; a page far down the
list is read from the other end of the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    and_,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy import column as sa_column
from sqlalchemy import table as sa_table

from app import messages
from app.clock import Hlc, ms_to_datetime
from app.errors import ValidationError
from app.services import station
from app.services.duty_types import (
    AMENDABLE,
    Action,
    Activity,
    Amendment,
    Contact,
    EntryDetail,
    EntryFilter,
    EntryRow,
    Instruction,
    Notification,
    dt,
    format_value,
    label,
    ms,
)
from app.storage import canonical, duty_search, duty_search_pg
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
TOWNSHIP = table(Township)
STATION = table(Station)
FTS = sa_table("duty_fts", sa_column("rowid", Integer))
DOC = sa_table("duty_fts_doc", sa_column("docid", Integer), sa_column("entry_id"))
NUMBER_RE = re.compile(r"^\s*(?:(\d{4})\s*[-/年]\s*)?0*(\d{1,6})\s*号?\s*$")
QUALIFIED_RE = re.compile(r"^\s*(\S+?)\s*-\s*(\d{4}\s*[-/年].*)$")
"""'<station code>-2024-0137': an entry of another station."""
COLUMN_OF = {"received_at": "received_ms", "occurred_at": "occurred_ms", "due_at": "due_ms"}
TIME_COLUMNS = {"received_ms", "occurred_ms", "due_ms"}
SORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "received_at": ("received_ms",),
    "no": ("station_id", "year", "number"),
    "recorded_at": ("recorded_hlc",),
    "occurred_at": ("occurred_ms",),
    "due_at": ("due_ms",),
    "category": ("category", "received_ms"),
    "township": ("township", "received_ms"),
    "author": ("author", "received_ms"),
    "channel": ("channel", "received_ms"),
    "direction": ("direction", "received_ms"),
    "source_unit": ("source_unit",),
    "source_person": ("source_person",),
    "summary": ("summary",),
    "status": ("status", "due_ms"),
}
REVERSE_FROM = 20_000
"""Offsets beyond this are read from the other end when that is nearer."""


def zone(db: Database) -> ZoneInfo:
    try:
        return station.info(db).zone
    except Exception:
        return ZoneInfo(station.DEFAULT_TZ)


def now(db: Database) -> datetime:
    return ms_to_datetime(db.wall())


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


def station_codes(conn: Connection) -> dict[str, str]:
    """Station id → code, for the stations whose creation has been synced here."""
    return {r.station_id: r.code or r.station_id[:8] for r in conn.execute(select(STATION.c.station_id, STATION.c.code))}


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
            instructions.append(Instruction(a.text, a.leader, a.author, at))
            line = messages.text("duty.activity.instruct", leader=a.leader, text=a.text)
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


# -- filters and pages ---------------------------------------------------------------------------


def township_name(conn: Connection, value: str) -> str | None:
    value = value.strip()
    row = conn.execute(
        select(TOWNSHIP.c.name).where(or_(TOWNSHIP.c.name == value, TOWNSHIP.c.code == value))
    ).first()
    if row is None and value:
        row = conn.execute(select(TOWNSHIP.c.name).where(TOWNSHIP.c.name.like(value + "%"))).first()
    return str(row.name) if row else None


def _conditions(conn: Connection, db: Database, flt: EntryFilter) -> list[ColumnElement[bool]]:
    c = ENTRY.c
    where: list[ColumnElement[bool]] = []
    if flt.since is not None:
        where.append(c.received_ms >= ms(flt.since))
    if flt.until is not None:
        where.append(c.received_ms < ms(flt.until))
    if flt.categories:
        where.append(c.category.in_(list(flt.categories)))
    if flt.direction:
        where.append(c.direction == flt.direction)
    if flt.channels:
        where.append(c.channel.in_(list(flt.channels)))
    if flt.township:
        where.append(c.township == (township_name(conn, flt.township) or flt.township))
    if flt.significant_only:
        where.append(c.significant.is_(True))
    if flt.author:
        where.append(c.author == flt.author)
    if flt.status in ("open", "overdue"):
        where.append(c.status == "open")
        where.append(c.void_reason == "")
        if flt.status == "overdue":
            where.append(c.due_ms < ms(flt.now or now(db)))
    elif flt.status == "closed":
        # most of a mature log is closed: on SQLite keep the planner off the status index
        # (which would mean sorting a million rows) and walk the sort index instead
        status = literal_column("+duty_entry.status") if conn.dialect.name == "sqlite" else c.status
        where.append(status == "closed")
    elif flt.status == "voided":
        where.append(c.void_reason != "")
    if not flt.include_voided and flt.status != "voided":
        where.append(c.void_reason == "")
    return where


def _like_search(query: str, conn: Connection | None = None) -> ColumnElement[bool]:
    """Without FTS5: on PostgreSQL the token index (app/storage/duty_search_pg.py, same matches
    as FTS5), else every term in one of the searched columns."""
    if conn is not None and conn.dialect.name == "postgresql":
        return ENTRY.c.entry_id.in_(duty_search_pg.matching_ids(query))
    c = ENTRY.c
    cols = (c.summary, c.instruction, c.action, c.source_unit, c.source_person, c.phone, c.township, c.location)
    terms = duty_search.split_terms(query)
    return and_(*(or_(*(col.like(f"%{t}%") for col in cols)) for t in terms))


def _facet_expression(conn: Connection, db: Database, flt: EntryFilter, expr: str) -> str | None:
    """The text query with the filters as facet tokens, when every filter is one the index
    carries (category, direction, channel, township, significant; dates are docid ranges)."""
    rest = replace(flt, since=None, until=None, categories=(), direction=None, channels=(), township=None,
                   significant_only=False)
    if _conditions(conn, db, rest):
        return None
    parts = [expr]
    if flt.categories:
        parts.append(duty_search.any_of(duty_search.facet("category", c) for c in flt.categories))
    if flt.direction:
        parts.append(duty_search.any_of([duty_search.facet("direction", flt.direction)]))
    if flt.channels:
        parts.append(duty_search.any_of(duty_search.facet("channel", c) for c in flt.channels))
    if flt.township:
        name = township_name(conn, flt.township) or flt.township
        parts.append(duty_search.any_of([duty_search.facet("township", name)]))
    if flt.significant_only:
        parts.append(duty_search.any_of([duty_search.facet("significant", "1")]))
    return " AND ".join(parts)


def _selective_ids(expr: str, where: list[ColumnElement[bool]]) -> Select[Any]:
    """Ids of entries meeting selective conditions (open items) that match the query: the
    planner walks those few entries and asks the index about each."""
    return select(ENTRY.c.entry_id).select_from(
        ENTRY.join(DOC, DOC.c.entry_id == ENTRY.c.entry_id).join(FTS, FTS.c.rowid == DOC.c.docid)
    ).where(text("duty_fts MATCH :q").bindparams(q=expr), *where)


def _matching_ids(expr: str) -> Select[Any]:
    return select(DOC.c.entry_id).select_from(FTS.join(DOC, DOC.c.docid == FTS.c.rowid)).where(
        text("duty_fts MATCH :q").bindparams(q=expr)
    )


def _fts_ready(db: Database) -> bool:
    """The search index can be used (made first, in a write transaction, when missing)."""
    with db.read() as conn:
        fts5 = duty_search.available(conn)
        ready = duty_search.present(conn)
    if not fts5:
        if not ready and not db.is_sqlite:
            with db.transaction() as write:  # PostgreSQL: the token index, made once
                duty_search.ensure(write)
        return False
    if ready:
        return True
    with db.transaction() as conn:
        return duty_search.ensure(conn)


def _base(db: Database, conn: Connection, flt: EntryFilter, fts: bool) -> tuple[Select[Any], bool]:
    """The filtered select of entries; True when it walks the search index."""
    where = _conditions(conn, db, flt)
    expr = duty_search.match_expression(flt.text) if flt.text.strip() else None
    if flt.text.strip() and expr is None:
        return select(ENTRY).where(text("0")), False
    if expr is None:
        return select(ENTRY).where(*where), False
    if not fts:
        return select(ENTRY).where(_like_search(flt.text, conn), *where), False
    if flt.since is not None:
        where.append(FTS.c.rowid >= ms(flt.since) * duty_search.SLOTS)  # type: ignore[operator]
    if flt.until is not None:
        where.append(FTS.c.rowid < ms(flt.until) * duty_search.SLOTS)  # type: ignore[operator]
    stmt = (
        select(ENTRY)
        .select_from(FTS.join(DOC, DOC.c.docid == FTS.c.rowid).join(ENTRY, ENTRY.c.entry_id == DOC.c.entry_id))
        .where(text("duty_fts MATCH :q").bindparams(q=expr), *where)
    )
    return stmt, True


_COUNTS: dict[tuple[str, str], tuple[int, int]] = {}
"""(database url, filter) -> (operation-log high-water mark, count): page() far down the list
and the table model ask for the same count again and again while nothing changes."""


def count(db: Database, flt: EntryFilter | None = None) -> int:
    flt = flt or EntryFilter()
    if flt.status == "overdue" and flt.now is None:
        return _count(db, flt)  # changes with the clock, not only with the log
    with db.read() as conn:
        mark = int(conn.exec_driver_sql("SELECT coalesce(max(local_seq), 0) FROM oplog").scalar_one())
    key = (db.url, repr(flt))
    cached = _COUNTS.get(key)
    if cached is not None and cached[0] == mark:
        return cached[1]
    total = _count(db, flt)
    if len(_COUNTS) > 256:
        _COUNTS.clear()
    _COUNTS[key] = (mark, total)
    return total


def _count(db: Database, flt: EntryFilter) -> int:
    fts = bool(flt.text.strip()) and _fts_ready(db)
    with db.read() as conn:
        expr = duty_search.match_expression(flt.text) if fts else None
        if expr is not None:
            where = _conditions(conn, db, flt)
            if not where:
                return duty_search.count_matches(conn, expr)  # the index alone: no join
            faceted = _facet_expression(conn, db, flt, expr)
            if faceted is not None:
                # filters the index knows (facet tokens) and a received-time range (a docid
                # range): counted by the index alone, still no join
                return duty_search.count_matches(
                    conn, faceted,
                    None if flt.since is None else ms(flt.since), None if flt.until is None else ms(flt.until))
            if flt.status in ("open", "overdue"):
                stmt = _selective_ids(expr, where)
            else:
                # the matches once (an IN list), then the other conditions: never one index
                # lookup per candidate row
                stmt = select(ENTRY.c.entry_id).where(ENTRY.c.entry_id.in_(_matching_ids(expr)), *where)
            return int(conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())
        stmt, _ = _base(db, conn, flt, fts)
        return int(conn.execute(select(func.count()).select_from(stmt.subquery())).scalar_one())


def _order(sort_key: str, descending: bool, fts_walk: bool, sorted_here: bool = False) -> list[Any]:
    """ORDER BY terms; `sorted_here` (SQLite only) keeps the planner from walking a sort index
    when the filter itself picks out few rows."""
    if fts_walk:
        return [FTS.c.rowid.desc() if descending else FTS.c.rowid.asc()]
    names = [*SORT_COLUMNS.get(sort_key, ("received_ms",)), "entry_id"]
    if sorted_here:
        cols: list[Any] = [literal_column(f"+duty_entry.{name}") for name in names]
        return [col.desc() if descending else col.asc() for col in cols]
    cols = [ENTRY.c[name] for name in names[:-1]]
    cols.append(ENTRY.c.entry_id)
    return [col.desc() if descending else col.asc() for col in cols]


def _statement(db: Database, conn: Connection, flt: EntryFilter, sort_key: str,
               fts: bool) -> tuple[Select[Any], bool, bool]:
    """The select of the filtered entries, whether it walks the search index in received
    order, and whether it must be sorted here (see `_order`)."""
    stmt, walk = _base(db, conn, flt, fts)
    selective = flt.status in ("open", "overdue")  # few rows: start from them, not the index
    walk = walk and sort_key == "received_at" and not selective
    expr = duty_search.match_expression(flt.text)
    sorted_here = False
    if walk is False and fts and expr is not None:
        sorted_here = selective
        if selective:
            stmt = select(ENTRY).where(
                ENTRY.c.entry_id.in_(_selective_ids(expr, _conditions(conn, db, flt))))
        else:
            stmt = select(ENTRY).where(ENTRY.c.entry_id.in_(_matching_ids(expr)), *_conditions(conn, db, flt))
    return stmt, walk, sorted_here


def page(db: Database, flt: EntryFilter | None = None, offset: int = 0, limit: int = 200,
         sort_key: str = "received_at", descending: bool = True) -> list[EntryRow]:
    flt = flt or EntryFilter()
    if sort_key not in SORT_COLUMNS:
        raise ValidationError("duty.bad_sort", field="sort", key=sort_key)
    offset, limit = max(0, offset), max(0, limit)
    has_text = bool(flt.text.strip())
    if has_text and duty_search.match_expression(flt.text) is None:
        return []
    fts = has_text and _fts_ready(db)
    total = count(db, flt) if offset > REVERSE_FROM else None
    with db.read() as conn:
        stmt, walk, sorted_here = _statement(db, conn, flt, sort_key, fts)
        if total is not None and offset > total // 2:
            back = max(0, total - offset - limit)
            size = min(limit, total - offset)
            if size <= 0:
                return []
            rows = conn.execute(
                stmt.order_by(*_order(sort_key, not descending, walk, sorted_here)).offset(back).limit(size)
            ).all()
            return mark(conn, db.station_id, [row_to_entry(r) for r in reversed(rows)])
        rows = conn.execute(
            stmt.order_by(*_order(sort_key, descending, walk, sorted_here)).offset(offset).limit(limit)
        ).all()
        return mark(conn, db.station_id, [row_to_entry(r) for r in rows])


def iterate(db: Database, flt: EntryFilter | None = None, limit: int = 0, sort_key: str = "received_at",
            descending: bool = True, chunk: int = 1000) -> Iterator[list[EntryRow]]:
    """The filtered entries in order, `chunk` at a time, read by one streaming query (no
    offsets, never all in memory); `limit` 0 means all."""
    flt = flt or EntryFilter()
    if sort_key not in SORT_COLUMNS:
        raise ValidationError("duty.bad_sort", field="sort", key=sort_key)
    has_text = bool(flt.text.strip())
    if has_text and duty_search.match_expression(flt.text) is None:
        return
    fts = has_text and _fts_ready(db)
    with db.read() as conn:
        stmt, walk, sorted_here = _statement(db, conn, flt, sort_key, fts)
        stmt = stmt.order_by(*_order(sort_key, descending, walk, sorted_here))
        if limit > 0:
            stmt = stmt.limit(limit)
        result = conn.execution_options(stream_results=True).execute(stmt)
        try:
            while True:
                rows = result.fetchmany(chunk)
                if not rows:
                    return
                yield mark(conn, db.station_id, [row_to_entry(r) for r in rows])
        finally:
            result.close()


def open_count(db: Database) -> int:
    return count(db, EntryFilter(status="open"))


def overdue_count(db: Database, at: datetime | None = None) -> int:
    return count(db, EntryFilter(status="overdue", now=at))


# -- completers ------------------------------------------------------------------------------------

SUGGEST_FIELDS = ("source_unit", "source_person", "phone", "location")
RECENT = 5000


def _recent(db: Database) -> list[Any]:
    with db.read() as conn:
        return list(conn.execute(
            select(ENTRY.c.source_unit, ENTRY.c.source_person, ENTRY.c.phone, ENTRY.c.location)
            .order_by(ENTRY.c.received_ms.desc(), ENTRY.c.entry_id.desc())
            .limit(RECENT)
        ).all())


def _matches(value: str, prefix: str) -> int:
    """0 for a prefix match, 1 for a match inside, -1 for none."""
    if not prefix:
        return 0
    low, p = value.lower(), prefix.lower()
    return 0 if low.startswith(p) else (1 if p in low else -1)


def suggestions(db: Database, field: str, prefix: str = "", limit: int = 10) -> list[str]:
    if field not in SUGGEST_FIELDS:
        raise ValidationError("duty.bad_suggest_field", field=field, name=field)
    index = SUGGEST_FIELDS.index(field)
    ranked: dict[str, int] = {}
    for row in _recent(db):
        value = row[index]
        if value and value not in ranked:
            rank = _matches(value, prefix.strip())
            if rank >= 0:
                ranked[value] = rank
    ordered = sorted(ranked, key=lambda v: ranked[v])  # stable: most recent first within a rank
    return ordered[:limit]


def contacts(db: Database, prefix: str = "", limit: int = 10) -> list[Contact]:
    seen: dict[Contact, int] = {}
    for row in _recent(db):
        contact = Contact(row.source_unit, row.source_person, row.phone)
        if not (contact.unit or contact.person or contact.phone) or contact in seen:
            continue
        ranks = [r for r in (_matches(v, prefix.strip()) for v in (contact.unit, contact.person, contact.phone) if v)
                 if r >= 0]
        if ranks:
            seen[contact] = min(ranks)
    return sorted(seen, key=lambda c: seen[c])[:limit]
