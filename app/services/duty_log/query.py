"""Reading the duty log: filters, lazy paging, details with history, search, completers.

Used through app.services.duty_log (the API). Paging stays fast on a 1,000,000-entry log:
the indexed sort keys walk an index; a text query walks the search index, whose document ids
are in received order, so the newest matches come first without sorting; a page far down the
list is read from the other end of the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from typing import Any

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

from app.errors import ValidationError
from app.services.duty_log.lookup import mark, row_to_entry
from app.services.duty_log.types import (
    EntryFilter,
    EntryRow,
    ms,
)
from app.services.station import now
from app.storage import duty_search, duty_search_pg
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


def _like_search(query: str) -> ColumnElement[bool]:
    """Without FTS5 or the PostgreSQL token index: every term in one of the searched columns."""
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


def _base(db: Database, conn: Connection, flt: EntryFilter, fts: bool) -> tuple[Select[Any], Any]:
    """The filtered select of entries; the docid column when it walks the search index (FTS5,
    or on PostgreSQL the token index: app/storage/duty_search_pg.py, same matches), else None."""
    where = _conditions(conn, db, flt)
    expr = duty_search.match_expression(flt.text) if flt.text.strip() else None
    if flt.text.strip() and expr is None:
        return select(ENTRY).where(text("0")), None
    if expr is None:
        return select(ENTRY).where(*where), None
    on_pg = not fts and conn.dialect.name == "postgresql"
    if not fts and not on_pg:
        return select(ENTRY).where(_like_search(flt.text), *where), None
    if on_pg:
        stmt, docid = duty_search_pg.walk(flt.text)
    else:
        docid = FTS.c.rowid
        stmt = select(ENTRY).select_from(
            FTS.join(DOC, DOC.c.docid == FTS.c.rowid).join(ENTRY, ENTRY.c.entry_id == DOC.c.entry_id)
        ).where(text("duty_fts MATCH :q").bindparams(q=expr))
    if flt.since is not None:
        where.append(docid >= ms(flt.since) * duty_search.SLOTS)  # type: ignore[operator]
    if flt.until is not None:
        where.append(docid < ms(flt.until) * duty_search.SLOTS)  # type: ignore[operator]
    return stmt.where(*where), docid


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
        if flt.text.strip() and not fts and conn.dialect.name == "postgresql" and not _conditions(conn, db, flt):
            found = duty_search_pg.docids(flt.text)  # the token index alone: no join
            if found is None:
                return 0
            return int(conn.execute(select(func.count()).select_from(found.subquery())).scalar_one())
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


def _order(sort_key: str, descending: bool, walk: Any, sorted_here: bool = False) -> list[Any]:
    """ORDER BY terms (`walk`: the search index's docid column, or None); `sorted_here` (SQLite
    only) keeps the planner from walking a sort index when the filter itself picks out few rows."""
    if walk is not None:
        return [walk.desc() if descending else walk.asc()]
    names = [*SORT_COLUMNS.get(sort_key, ("received_ms",)), "entry_id"]
    if sorted_here:
        cols: list[Any] = [literal_column(f"+duty_entry.{name}") for name in names]
        return [col.desc() if descending else col.asc() for col in cols]
    cols = [ENTRY.c[name] for name in names[:-1]]
    cols.append(ENTRY.c.entry_id)
    return [col.desc() if descending else col.asc() for col in cols]


def _statement(db: Database, conn: Connection, flt: EntryFilter, sort_key: str,
               fts: bool) -> tuple[Select[Any], Any, bool]:
    """The select of the filtered entries, the docid column when it walks the search index in
    received order (else None), and whether it must be sorted here (see `_order`)."""
    stmt, walk = _base(db, conn, flt, fts)
    selective = flt.status in ("open", "overdue")  # few rows: start from them, not the index
    if sort_key != "received_at" or selective:
        walk = None
    expr = duty_search.match_expression(flt.text)
    sorted_here = False
    if walk is None and fts and expr is not None:
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
