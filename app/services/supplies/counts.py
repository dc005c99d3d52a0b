"""Stock-takes (盘点): count sheets, counted figures, differences, posting.

A count has a cut-off (`as_of`, when it starts). Each counted figure records the book quantity
the counter saw (as of the cut-off); posting records one adjustment movement of counted − seen
per line — never a reset. If a movement dated before the cut-off becomes known later (sync), the
book for that time no longer matches what the counter saw: the count is *outdated — recount*
(listed as an exception), and the balance still includes that movement.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.supplies.balances import on_hand
from app.services.supplies.catalogue import own_depot
from app.services.supplies.common import (
    COUNT,
    WRITERS,
    depot_by_id,
    find_depot,
    find_item,
    local_time,
    next_count_number,
    next_number,
    station_codes,
    year_of,
)
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.projections.supplies import COUNT_LINE, ITEM, LINE, MOVE


@dataclass
class CountLine:
    item: str
    name: str
    spec: str
    unit: str
    lot: str
    book: int
    """Book quantity as of the cut-off, as known now."""
    counted: int | None
    book_seen: int | None

    @property
    def difference(self) -> int | None:
        return None if self.counted is None or self.book_seen is None else self.counted - self.book_seen

    @property
    def outdated(self) -> bool:
        return self.book_seen is not None and self.book_seen != self.book


@dataclass
class CountInfo:
    count_id: str
    no: str
    depot_id: str
    depot: str
    blind: bool
    as_of_ms: int
    author: str
    posted: bool
    posted_no: str
    lines: list[CountLine]

    @property
    def outdated(self) -> bool:
        return any(line.outdated for line in self.lines)


def count_no(row: Any, own: str, codes: dict[str, str]) -> str:
    base = f"PD-{row.year}-{row.number:04d}"
    return base if row.station_id == own else f"{codes.get(row.station_id, row.station_id[:8])}-{base}"


def _find(conn: Connection, ref: str, own: str) -> Any:
    ref = ref.strip()
    row = conn.execute(select(COUNT).where(COUNT.c.count_id == ref)).first()
    if row is not None:
        return row
    parts = ref.upper().split("-")
    try:
        if parts[-3] != "PD":
            raise ValueError
        year, number = int(parts[-2]), int(parts[-1])
    except (IndexError, ValueError):
        raise ValidationError("stock.unknown_count", field="count", ref=ref) from None
    rows = conn.execute(select(COUNT).where(COUNT.c.year == year, COUNT.c.number == number)).all()
    codes = station_codes(conn)
    if len(parts) == 4:
        rows = [r for r in rows if codes.get(r.station_id) == parts[0]]
    else:
        rows = [r for r in rows if r.station_id == own] or rows
    if len(rows) != 1:
        raise ValidationError("stock.unknown_count", field="count", ref=ref)
    return rows[0]


def start(db: Database, actor: Actor, depot: str, *, blind: bool = False) -> tuple[Changes, str]:
    actor.require(*WRITERS)
    with db.write() as w:
        d = find_depot(w.conn, depot, db.station_id)
        own_depot(db, d)
        year = year_of(db, db.wall())
        number = next_count_number(w.conn, db.station_id, year)
        w.record("stock.count.start", {"depot": d.depot_id, "blind": bool(blind), "as_of_ms": db.wall(),
                                       "no": {"year": year, "number": number}}, actor.username)
    return w.changes, f"PD-{year}-{number:04d}"


def _lines(conn: Connection, row: Any) -> list[CountLine]:
    """Every item × lot with book stock or movements in the depot up to the cut-off, plus counted ones."""
    from sqlalchemy import func

    sums = conn.execute(select(LINE.c.item, LINE.c.lot, func.sum(LINE.c.qty).label("q"))
                        .where(LINE.c.depot_id == row.depot_id, LINE.c.occurred_ms <= row.as_of_ms)
                        .group_by(LINE.c.item, LINE.c.lot)).all()
    entered = {(r.item, r.lot): r for r in conn.execute(select(COUNT_LINE).where(COUNT_LINE.c.count_id == row.count_id))}
    keys = {(r.item, r.lot): int(r.q) for r in sums}
    for key in entered:
        keys.setdefault(key, 0)
    catalogue = {r.code: r for r in conn.execute(select(ITEM).where(ITEM.c.code.in_([k[0] for k in keys])))}
    out = []
    for (item, lot), book in sorted(keys.items()):
        e = entered.get((item, lot))
        if e is None and book == 0:
            continue
        info = catalogue.get(item)
        out.append(CountLine(item, info.name if info else item, info.spec if info else "", info.unit if info else "",
                             lot, book, int(e.counted) if e else None, int(e.book_seen) if e else None))
    return out


def info(db: Database, ref: str) -> CountInfo:
    with db.read() as conn:
        row = _find(conn, ref, db.station_id)
        return _info(conn, row, db.station_id)


def _info(conn: Connection, row: Any, own: str) -> CountInfo:
    codes = station_codes(conn)
    d = depot_by_id(conn, row.depot_id)
    posted_no = ""
    if row.posted_move:
        m = conn.execute(select(MOVE).where(MOVE.c.move_id == row.posted_move)).first()
        if m is not None:
            base = f"{m.prefix}-{m.year}-{m.number:04d}"
            posted_no = base if m.station_id == own else f"{codes.get(m.station_id, '')}-{base}"
    return CountInfo(row.count_id, count_no(row, own, codes), row.depot_id, d.name if d else row.depot_id[:8],
                     bool(row.blind), int(row.as_of_ms), row.author, bool(row.posted_move), posted_no,
                     _lines(conn, row))


def counts(db: Database, depot: str | None = None) -> list[CountInfo]:
    with db.read() as conn:
        stmt = select(COUNT).order_by(COUNT.c.as_of_ms.desc())
        if depot:
            stmt = stmt.where(COUNT.c.depot_id == find_depot(conn, depot, db.station_id).depot_id)
        return [_info(conn, r, db.station_id) for r in conn.execute(stmt).all()]


def enter(db: Database, actor: Actor, ref: str, item: str, counted: object, *, lot: str = "") -> Changes:
    """Record a counted figure (again: the newest counts) with the book quantity the counter saw."""
    actor.require(*WRITERS)
    try:
        figure = int(str(counted).strip())
    except ValueError:
        raise ValidationError("stock.bad_count", field="counted", value=counted) from None
    if figure < 0 or figure > 10_000_000:
        raise ValidationError("stock.bad_count", field="counted", value=counted)
    with db.write() as w:
        conn = w.conn
        row = _find(conn, ref, db.station_id)
        no = count_no(row, db.station_id, station_codes(conn))
        if row.posted_move:
            raise ValidationError("stock.count_posted", field="count", no=no)
        d = depot_by_id(conn, row.depot_id)
        if d is not None:
            own_depot(db, d)
        it = find_item(conn, item)
        listed = {(line.item, line.lot) for line in _lines(conn, row)}
        lot_no = lot.strip()
        if not lot_no and it.tracking == "lot":
            lots = [lt for (i, lt) in listed if i == it.code]
            if len(lots) == 1:
                lot_no = lots[0]
        if (it.code, lot_no) not in listed and it.tracking == "lot":
            raise ValidationError("stock.count_not_listed", field="item", no=no, item=it.name, lot=lot_no)
        seen = on_hand(conn, row.depot_id, it.code, lot_no, as_of_ms=row.as_of_ms)
        w.record("stock.count.enter", {"count": row.count_id, "depot": row.depot_id, "item": it.code, "lot": lot_no,
                                       "counted": figure, "book_seen": seen}, actor.username)
    return w.changes


def post(db: Database, actor: Actor, ref: str) -> tuple[Changes, str]:
    """Post the differences as one adjustment movement (counted and seen book per line)."""
    actor.require(*WRITERS)
    with db.write() as w:
        conn = w.conn
        row = _find(conn, ref, db.station_id)
        no = count_no(row, db.station_id, station_codes(conn))
        if row.posted_move:
            raise ValidationError("stock.count_posted", field="count", no=no)
        d = depot_by_id(conn, row.depot_id)
        if d is not None:
            own_depot(db, d)
        entered = conn.execute(select(COUNT_LINE).where(COUNT_LINE.c.count_id == row.count_id)
                               .order_by(COUNT_LINE.c.item, COUNT_LINE.c.lot)).all()
        if not entered:
            raise ValidationError("stock.count_empty", field="count", no=no)
        lines = [{"item": e.item, "lot": e.lot, "counted": int(e.counted), "book_seen": int(e.book_seen)}
                 for e in entered]
        year = year_of(db, db.wall())
        payload = {"depot": row.depot_id, "count": row.count_id, "lines": lines,
                   "occurred_ms": max(db.wall(), int(row.as_of_ms) + 1),
                   "no": {"prefix": "PY", "year": year, "number": next_number(conn, db.station_id, "PY", year)}}
        w.record("stock.move.count", payload, actor.username)
    return w.changes, f"PY-{year}-{payload['no']['number']:04d}"


def count_json(db: Database, c: CountInfo) -> dict[str, Any]:
    return {"no": c.no, "id": c.count_id, "depot": c.depot, "blind": c.blind, "as_of": local_time(db, c.as_of_ms),
            "posted": c.posted, "posted_no": c.posted_no, "outdated": c.outdated,
            "lines": [{"item": line.item, "name": line.name, "lot": line.lot, "book": line.book,
                       "counted": line.counted, "book_seen": line.book_seen, "difference": line.difference,
                       "outdated": line.outdated} for line in c.lines]}
