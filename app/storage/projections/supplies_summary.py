"""`stock_summary`: per real depot × item, the figures of the stock view (issue 11's ≤ 100 ms view).

On hand, in transit, the minimum and the nearest expiry are *recomputed* from `stock_line`,
`stock_minimum` and `stock_lot` whenever the projectors change those rows for a depot × item —
never incremented, so the row is a function of the lines whatever the order operations arrive
in, and a rebuild from the log gives the same table (`check` compares it like every projection).
One computation serves every scope: a pair (a movement), a depot (a depot arriving after its
movements), an item (a lot label), everything (the migration that adds the table).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select

from app.storage.models import table
from app.storage.models.supplies import StockLine, StockLot, StockMinimum, StockSummary

SUMMARY = table(StockSummary)
_LINE = table(StockLine)
_LOT = table(StockLot)
_MINIMUM = table(StockMinimum)
TRANSIT = "@transit"
VIRTUAL_PREFIX = "@"
"""Virtual locations (`@supplier`, `@transit`, …) start with '@'; real depots are operation ids."""


def newest_minimums() -> Any:
    """(depot_id, item, qty) of the newest minimum setting per depot × item (a subquery)."""
    m = _MINIMUM
    newest = select(m.c.depot_id, m.c.item, func.max(m.c.hlc).label("hlc")).group_by(m.c.depot_id, m.c.item).subquery()
    return select(m.c.depot_id, m.c.item, m.c.qty).join(
        newest, (newest.c.depot_id == m.c.depot_id) & (newest.c.item == m.c.item) & (newest.c.hlc == m.c.hlc)).subquery()


def _compute(conn: Connection, depot: str | None, item: str | None) -> list[dict[str, Any]]:
    """The summary rows of one scope (None = any depot / any item)."""
    line = _LINE
    lots = select(line.c.depot_id, line.c.item, line.c.lot, func.sum(line.c.qty))
    if depot is not None:
        lots = lots.where(line.c.depot_id == depot)
    else:
        lots = lots.where(line.c.depot_id.not_like(VIRTUAL_PREFIX + "%"))
    transit = select(line.c.for_depot, line.c.item, func.sum(line.c.qty)).where(line.c.depot_id == TRANSIT)
    if depot is not None:
        transit = transit.where(line.c.for_depot == depot)
    mins = newest_minimums()
    minimum = select(mins.c.depot_id, mins.c.item, mins.c.qty)
    expiry = select(_LOT.c.item, _LOT.c.lot, _LOT.c.expires_ms).where(_LOT.c.expires_ms.is_not(None))
    if depot is not None:
        minimum = minimum.where(mins.c.depot_id == depot)
    if item is not None:
        lots = lots.where(line.c.item == item)
        transit = transit.where(line.c.item == item)
        minimum = minimum.where(mins.c.item == item)
        expiry = expiry.where(_LOT.c.item == item)
    rows: dict[tuple[str, str], dict[str, Any]] = {}

    def row(key: tuple[str, str]) -> dict[str, Any]:
        found = rows.get(key)
        if found is None:
            found = rows[key] = {"depot_id": key[0], "item": key[1], "on_hand": 0, "minimum": 0, "in_transit": 0,
                                 "nearest_expiry_ms": None}
        return found

    stocked: dict[tuple[str, str], list[str]] = {}
    for d, i, lot, q in conn.execute(lots.group_by(line.c.depot_id, line.c.item, line.c.lot)).tuples():
        row((d, i))["on_hand"] += int(q)
        if int(q) > 0:
            stocked.setdefault((i, lot), []).append(d)
    for d, i, q in conn.execute(transit.group_by(line.c.for_depot, line.c.item)).tuples():
        if int(q):
            row((d, i))["in_transit"] = int(q)
    for d, i, q in conn.execute(minimum).tuples():
        if int(q) > 0:
            row((d, i))["minimum"] = int(q)
    if stocked:
        for i, lot, expires in conn.execute(expiry).tuples():
            for d in stocked.get((i, lot), ()):
                r = rows[(d, i)]
                if r["nearest_expiry_ms"] is None or expires < r["nearest_expiry_ms"]:
                    r["nearest_expiry_ms"] = int(expires)
    return list(rows.values())


def _replace(conn: Connection, depot: str | None, item: str | None) -> None:
    where = []
    if depot is not None:
        where.append(SUMMARY.c.depot_id == depot)
    if item is not None:
        where.append(SUMMARY.c.item == item)
    conn.execute(delete(SUMMARY).where(and_(*where)) if where else delete(SUMMARY))
    rows = _compute(conn, depot, item)
    if rows:
        conn.execute(insert(SUMMARY), rows)


def refresh_lines(conn: Connection, lines: Iterable[dict[str, Any]]) -> None:
    """After lines were written: recompute the depot × item pairs they touch."""
    pairs: set[tuple[str, str]] = set()
    for line in lines:
        depot = str(line["depot_id"])
        if depot == TRANSIT and line.get("for_depot"):
            pairs.add((str(line["for_depot"]), str(line["item"])))
        elif not depot.startswith(VIRTUAL_PREFIX):
            pairs.add((depot, str(line["item"])))
    for depot, item in sorted(pairs):
        _replace(conn, depot, item)


def refresh_pair(conn: Connection, depot: str, item: str) -> None:
    _replace(conn, depot, item)


def refresh_depot(conn: Connection, depot: str) -> None:
    """A depot's lines, transit or minimums changed wholesale (its arrival removed foreign rows)."""
    _replace(conn, depot, None)


def refresh_item(conn: Connection, item: str) -> None:
    """An item's lot labels changed: nearest expiries in every depot."""
    _replace(conn, None, item)


def refresh_all(conn: Connection) -> None:
    """The whole table from the lines (the migration that adds it; bulk-built benchmarks)."""
    _replace(conn, None, None)
