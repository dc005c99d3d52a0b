"""On hand, in transit, stock cards and the exception list — all derived from movement lines.

On hand of a depot × item × lot is SUM(stock_line.qty) (index ix_stock_line_balance); nothing
stores a balance. Negative balances are shown negative and listed as exceptions until an
adjustment is posted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, and_, func, or_, select

from app import messages
from app.services.supplies.catalogue import minimum_subquery
from app.services.supplies.common import (
    Depot,
    depots,
    display_no,
    find_depot,
    find_item,
    local_date,
    local_time,
    station_codes,
    type_label,
)
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.supplies import StockLot
from app.storage.projections.supplies import DEPOT, ITEM, LINE, MOVE
from app.storage.projections.supplies_summary import SUMMARY

LOT = table(StockLot)
DAY_MS = 86_400_000
OVERDUE_TRANSFER_DAYS = 7


@dataclass(slots=True)
class StockRow:
    depot_id: str
    depot: str
    depot_name: str
    item: str
    name: str
    spec: str
    unit: str
    category: str
    on_hand: int
    minimum: int
    in_transit: int
    nearest_expiry_ms: int | None

    @property
    def below_min(self) -> bool:
        return self.minimum > 0 and self.on_hand < self.minimum


def balances(conn: Connection, depot_ids: list[str], item: str | None = None) -> dict[tuple[str, str, str], int]:
    """(depot, item, lot) → on hand, for real depots."""
    if not depot_ids:
        return {}
    stmt = (select(LINE.c.depot_id, LINE.c.item, LINE.c.lot, func.sum(LINE.c.qty))
            .where(LINE.c.depot_id.in_(depot_ids)).group_by(LINE.c.depot_id, LINE.c.item, LINE.c.lot))
    if item is not None:
        stmt = stmt.where(LINE.c.item == item)
    return {(d, i, lot): int(q) for d, i, lot, q in conn.execute(stmt)}


def on_hand(conn: Connection, depot_id: str, item: str, lot: str | None = None, as_of_ms: int | None = None) -> int:
    stmt = select(func.coalesce(func.sum(LINE.c.qty), 0)).where(LINE.c.depot_id == depot_id, LINE.c.item == item)
    if lot is not None:
        stmt = stmt.where(LINE.c.lot == lot)
    if as_of_ms is not None:
        stmt = stmt.where(LINE.c.occurred_ms <= as_of_ms)
    return int(conn.execute(stmt).scalar() or 0)


def lot_balances(conn: Connection, depot_id: str, item: str) -> list[tuple[str, int, int | None]]:
    """(lot, on hand, expiry ms) of an item in a depot, nearest expiry first."""
    rows = conn.execute(
        select(LINE.c.lot, func.sum(LINE.c.qty).label("q"), LOT.c.expires_ms)
        .select_from(LINE.outerjoin(LOT, and_(LOT.c.item == LINE.c.item, LOT.c.lot == LINE.c.lot)))
        .where(LINE.c.depot_id == depot_id, LINE.c.item == item)
        .group_by(LINE.c.lot, LOT.c.expires_ms)).all()
    out = [(r.lot, int(r.q), r.expires_ms) for r in rows]
    return sorted(out, key=lambda r: (r[2] is None, r[2] or 0, r[0]))


def stock_view(db: Database, *, depot: str | None = None, below_min: bool = False, expiring_days: int | None = None,
               search: str = "") -> list[StockRow]:
    """Rows per depot × item: on hand, minimum, in transit, nearest expiry (of lots with stock).

    Read from `stock_summary` (one row per depot × item, kept by the projectors) joined with the
    catalogue and the depots; the filters are SQL conditions."""
    from app.services.supplies.catalogue import categories

    cats = categories(db)
    s = SUMMARY
    stmt = (select(s.c.depot_id, s.c.item, s.c.on_hand, s.c.minimum, s.c.in_transit, s.c.nearest_expiry_ms)
            .order_by(s.c.depot_id, s.c.item))  # the primary key: a scan in order, no sort
    if below_min:
        stmt = stmt.where(s.c.minimum > 0, s.c.on_hand < s.c.minimum)
    if expiring_days is not None:
        stmt = stmt.where(s.c.nearest_expiry_ms <= db.wall() + expiring_days * DAY_MS)
    items = select(ITEM.c.code, ITEM.c.name, ITEM.c.spec, ITEM.c.unit, ITEM.c.gb_code)
    needle = search.strip().lower()
    if needle:
        items = items.where(or_(func.lower(ITEM.c.code).contains(needle, autoescape=True),
                                func.lower(ITEM.c.name).contains(needle, autoescape=True),
                                ITEM.c.initials.startswith(needle, autoescape=True),
                                func.lower(ITEM.c.spec).contains(needle, autoescape=True)))
    with db.read() as conn:
        known = {d.depot_id: d for d in depots(conn)}
        if depot:
            stmt = stmt.where(s.c.depot_id == find_depot(conn, depot, db.station_id).depot_id)
        category_of: dict[str, str] = {}
        facts: dict[str, tuple[str, str, str, str]] = {}
        for code, name, spec, unit, gb in conn.execute(items).tuples():
            category = category_of.get(gb)
            if category is None:
                category = category_of[gb] = _category(gb, cats)
            facts[code] = (name, spec, unit, category)
        found = conn.execute(stmt).tuples().all()
    rows: list[StockRow] = []
    for dep, item, q, low, transit, nearest in found:
        info = facts.get(item)
        d = known.get(dep)
        if info is None or d is None:
            continue  # filtered out by the search, or a depot not held yet
        rows.append(StockRow(dep, d.code, d.name, item, info[0], info[1], info[2], info[3], q, low, transit, nearest))
    rows.sort(key=attrgetter("depot", "category", "item"))
    return rows


def _category(gb: str, cats: dict[str, tuple[str, str]]) -> str:
    pair = cats.get(gb[:3]) or cats.get(gb[:1])
    if pair is None:
        return "未分类" if messages.language() == "zh_CN" else "Unclassified"
    return pair[0] if messages.language() == "zh_CN" else pair[1]


def row_json(db: Database, row: StockRow) -> dict[str, Any]:
    return {"depot": row.depot, "depot_name": row.depot_name, "item": row.item, "name": row.name, "spec": row.spec,
            "unit": row.unit, "category": row.category, "on_hand": row.on_hand, "minimum": row.minimum,
            "below_min": row.below_min, "in_transit": row.in_transit,
            "nearest_expiry": local_date(db, row.nearest_expiry_ms) or None}


# -- stock card -----------------------------------------------------------------------------------


@dataclass(slots=True)
class CardLine:
    move_id: str
    no: str
    type: str
    type_label: str
    occurred_ms: int
    depot: str
    lot: str
    qty: int
    balance: int
    counterpart: str
    reversed: bool
    author: str
    extra: dict[str, Any] = field(default_factory=dict)


def stock_card(db: Database, item_ref: str, depot: str | None = None, limit: int | None = None) -> list[CardLine]:
    """Every movement of an item (in one depot or all), oldest first, with the running balance."""
    with db.read() as conn:
        item = find_item(conn, item_ref)
        all_depots = {d.depot_id: d for d in depots(conn)}
        ids = [find_depot(conn, depot, db.station_id).depot_id] if depot else list(all_depots)
        codes = station_codes(conn)
        reversed_ids = set(conn.execute(select(MOVE.c.ref).where(MOVE.c.type == "reverse", MOVE.c.item == item.code))
                           .scalars())
        stmt = (select(LINE.c.move_id, LINE.c.depot_id, LINE.c.lot, LINE.c.qty, LINE.c.occurred_ms,
                       MOVE.c.type, MOVE.c.prefix, MOVE.c.year, MOVE.c.number, MOVE.c.station_id, MOVE.c.to_name,
                       MOVE.c.other_depot, MOVE.c.author, MOVE.c.approver, MOVE.c.reason)
                .join(MOVE, MOVE.c.move_id == LINE.c.move_id)
                .where(LINE.c.item == item.code, LINE.c.depot_id.in_(ids))
                .order_by(LINE.c.occurred_ms, LINE.c.hlc, LINE.c.line_id))  # ix_stock_line_card covers it
        rows = conn.execute(stmt).tuples().all()
    balance = 0
    out: list[CardLine] = []
    labels: dict[str, str] = {}
    names = {depot_id: d.name for depot_id, d in all_depots.items()}
    own = db.station_id
    for move_id, depot_id, lot, qty, occurred, kind, prefix, year, number, station_id, to_name, other, author, \
            approver, reason in rows:
        label = labels.get(kind)
        if label is None:
            label = labels[kind] = type_label(kind)
        balance += qty
        counterpart = names.get(other, to_name) if other else to_name
        no = (f"{prefix}-{year}-{number:04d}" if station_id == own
              else display_no(prefix, year, number, station_id, own, codes))
        out.append(CardLine(move_id, no, kind, label, occurred, names.get(depot_id, depot_id[:8]), lot, qty,
                            balance, counterpart, move_id in reversed_ids, author,
                            {"approver": approver, "reason": reason}))
    return out[-limit:] if limit else out


def card_json(db: Database, line: CardLine) -> dict[str, Any]:
    return {"no": line.no, "type": line.type, "type_label": line.type_label, "date": local_time(db, line.occurred_ms),
            "depot": line.depot, "lot": line.lot, "qty": line.qty, "balance": line.balance,
            "counterpart": line.counterpart, "reversed": line.reversed, "author": line.author, **line.extra}


def series(db: Database, item_ref: str, depot: str | None = None) -> tuple[list[tuple[int, int]], int]:
    """(ms, balance) steps of an item over time and the minimum (summed over the depots shown)."""
    card = stock_card(db, item_ref, depot)
    with db.read() as conn:
        item = find_item(conn, item_ref)
        mins = minimum_subquery()
        stmt = select(func.coalesce(func.sum(mins.c.qty), 0)).where(mins.c.item == item.code)
        if depot:
            stmt = stmt.where(mins.c.depot_id == find_depot(conn, depot, db.station_id).depot_id)
        minimum = int(conn.execute(stmt).scalar() or 0)
    return [(c.occurred_ms, c.balance) for c in card], minimum


def lots_of(db: Database, item_ref: str) -> list[dict[str, Any]]:
    """Lots of an item with their label fields and on hand per depot."""
    with db.read() as conn:
        item = find_item(conn, item_ref)
        names = {d.depot_id: d.name for d in depots(conn)}
        labels = {r.lot: r for r in conn.execute(select(LOT).where(LOT.c.item == item.code))}
        sums = conn.execute(select(LINE.c.depot_id, LINE.c.lot, func.sum(LINE.c.qty).label("q"))
                            .where(LINE.c.item == item.code, LINE.c.depot_id.in_(list(names)))
                            .group_by(LINE.c.depot_id, LINE.c.lot)).all()
    out = []
    for r in sums:
        if not r.lot and int(r.q) == 0:
            continue
        lab = labels.get(r.lot)
        out.append({"lot": r.lot, "depot": names.get(r.depot_id, ""), "on_hand": int(r.q),
                    "produced": local_date(db, lab.produced_ms) if lab else "",
                    "expires": local_date(db, lab.expires_ms) if lab else "",
                    "expires_ms": lab.expires_ms if lab else None,
                    "source": lab.source if lab else "", "maker": lab.maker if lab else "",
                    "origin": lab.origin if lab else ""})
    return sorted(out, key=lambda r: (r["expires_ms"] is None, r["expires_ms"] or 0, r["lot"], r["depot"]))


def depot_list(db: Database) -> list[Depot]:
    with db.read() as conn:
        return depots(conn)


def depot_count(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(DEPOT)).scalar() or 0)


def stock_table(db: Database, depot: str | None = None) -> tuple[str, list[str], list[list[Any]], list[int]]:
    """The stock view as a table (title, headers, rows, indexes of rows that stand out) for .xlsx."""
    from app import messages
    from app.services import station

    zh = messages.language() == "zh_CN"
    headers = (["仓库", "类别", "物资编码", "品名", "规格型号", "单位", "结存", "储备定额", "在途", "最近有效期"] if zh else
               ["Depot", "Category", "Code", "Item", "Specification", "Unit", "On hand", "Minimum", "In transit",
                "Nearest expiry"])
    rows = stock_view(db, depot=depot)
    soon = db.wall() + 30 * DAY_MS
    marked = [i for i, r in enumerate(rows) if r.below_min or r.on_hand < 0
              or (r.nearest_expiry_ms is not None and r.nearest_expiry_ms <= soon)]
    title = f"{station.info(db).name} {'库存' if zh else 'Stock'} {local_date(db, db.wall())}"
    return title, headers, [[r.depot_name, r.category, r.item, r.name, r.spec, r.unit, r.on_hand, r.minimum,
                             r.in_transit, local_date(db, r.nearest_expiry_ms)] for r in rows], marked
