"""Projections of the supply catalogue and depots (`stock.item.*`, `stock.depot.*`, `stock.min`)
and the authority rules of every `stock.` kind (docs/supplies.md, "Who may write what").

Authority: a depot is created by the station named in it (`station`) or by its stock owner
(`stock_owner`, the county station for a 代储 township depot); both are fixed at creation. Every
operation about a depot (movements, minimums, counts, serial marks, field edits) may be authored
only by one of those two stations, compared with `op.station_id`. When such an operation arrives
before its depot (a relay can carry a township's movement ahead of the county's depot), it is
applied provisionally and the depot's arrival removes whatever its stations did not author — so
the tables end the same in any arrival order, and a rebuild by HLC agrees. Catalogue items are
shared by all stations: any trusted station may add or edit them; edits merge field by field.
"""

from __future__ import annotations

from sqlalchemy import Connection, delete, insert, select, update

from app.storage import authority
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.supplies import (
    StockCount,
    StockCountLine,
    StockDepot,
    StockItem,
    StockLine,
    StockMinimum,
    StockMove,
    StockSerialEvent,
)
from app.storage.ops import Op
from app.storage.projections import fields, projector, supplies_summary

ITEM = table(StockItem)
DEPOT = table(StockDepot)
MINIMUM = table(StockMinimum)
MOVE = table(StockMove)
LINE = table(StockLine)
SERIAL = table(StockSerialEvent)
COUNT = table(StockCount)
COUNT_LINE = table(StockCountLine)
ITEM_ENTITY = "stock_item"
DEPOT_ENTITY = "stock_depot"
ITEM_FIELDS = ("name", "spec", "unit", "gb_code", "tracking", "has_expiry", "nature")
DEPOT_FIELDS = ("name", "keeper", "township")


def initials(name: str) -> str:
    """Pinyin initials of a name (抽水机 → csj), '' when pypinyin is missing."""
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency
        return ""
    return "".join(p[:1] for p in lazy_pinyin(name, style=Style.FIRST_LETTER, errors="default")).lower()[:120]


# -- authority -----------------------------------------------------------------------------------


def depot_stations(conn: Connection, depot_id: str) -> tuple[str, str] | None:
    row = conn.execute(select(DEPOT.c.station_id, DEPOT.c.stock_owner).where(DEPOT.c.depot_id == depot_id)).first()
    return (row.station_id, row.stock_owner) if row else None


def _count_depot(conn: Connection, count_id: str) -> str | None:
    return conn.execute(select(COUNT.c.depot_id).where(COUNT.c.count_id == count_id)).scalar()


@authority.rule("stock.depot.add")
def _depot_add_rule(conn: Connection, op: Op) -> str | None:
    d = op.data
    if op.station_id not in (d.get("station"), d.get("stock_owner")):
        return "stock.depot_foreign_station"
    return None


@authority.rule("stock.depot.update")
def _depot_update_rule(conn: Connection, op: Op) -> str | None:
    stations = depot_stations(conn, str(op.data.get("depot", "")))
    if stations is None:  # not held yet: asked again when the import or rebuild ends (issue 9)
        return authority.waiting("depot")
    return None if op.station_id in stations else "stock.depot_foreign_station"


@authority.rule("stock.move.", "stock.min", "stock.count.", "stock.serial.")
def _depot_rule(conn: Connection, op: Op) -> str | None:
    depot = str(op.data.get("depot", ""))
    if op.kind == "stock.count.enter":
        depot = _count_depot(conn, str(op.data.get("count", ""))) or depot
    stations = depot_stations(conn, depot)
    if stations is None:
        return None  # provisional: the depot's arrival removes what its stations did not author
    return None if op.station_id in stations else "stock.depot_foreign_station"


def _purge_foreign(conn: Connection, depot_id: str, allowed: tuple[str, str]) -> None:
    """Remove what arrived before the depot and was authored by neither of its stations."""
    bad_moves = select(MOVE.c.move_id).where(MOVE.c.depot_id == depot_id, MOVE.c.station_id.not_in(allowed))
    ids = list(conn.execute(bad_moves).scalars())
    removed: list[dict[str, object]] = []
    if ids:
        removed = [dict(r._mapping) for r in conn.execute(
            select(LINE.c.depot_id, LINE.c.item, LINE.c.for_depot).where(LINE.c.move_id.in_(ids)))]
        conn.execute(delete(LINE).where(LINE.c.move_id.in_(ids)))
        conn.execute(delete(MOVE).where(MOVE.c.move_id.in_(ids)))
        conn.execute(delete(SERIAL).where(SERIAL.c.move_id.in_(ids)))
    conn.execute(delete(SERIAL).where(SERIAL.c.depot_id == depot_id, SERIAL.c.station_id.not_in(allowed)))
    conn.execute(delete(MINIMUM).where(MINIMUM.c.depot_id == depot_id, MINIMUM.c.station_id.not_in(allowed)))
    counts = list(conn.execute(select(COUNT.c.count_id).where(
        COUNT.c.depot_id == depot_id, COUNT.c.station_id.not_in(allowed))).scalars())
    if counts:
        conn.execute(delete(COUNT_LINE).where(COUNT_LINE.c.count_id.in_(counts)))
        conn.execute(delete(COUNT).where(COUNT.c.count_id.in_(counts)))
    supplies_summary.refresh_lines(conn, removed)
    supplies_summary.refresh_depot(conn, depot_id)


# -- catalogue -----------------------------------------------------------------------------------


def _item_values(d: dict[str, object]) -> dict[str, object]:
    return {
        "name": str(d["name"]),
        "spec": str(d.get("spec", "")),
        "unit": str(d["unit"]),
        "gb_code": str(d.get("gb", "")),
        "tracking": str(d.get("tracking", "none")),
        "has_expiry": bool(d.get("expiry", False)),
        "nature": str(d.get("nature", "consumable")),
    }


def _refresh_item(conn: Connection, code: str) -> None:
    """The item row = the newest value of each field over every add and edit of the code."""
    values = fields.overlay(conn, entity=ITEM_ENTITY, key=code)
    if not values:
        return
    row = {name: values.get(name, "" if name != "has_expiry" else False) for name in ITEM_FIELDS}
    row["has_expiry"] = bool(row["has_expiry"])
    row["tracking"] = row["tracking"] or "none"
    row["nature"] = row["nature"] or "consumable"
    row["initials"] = initials(str(row["name"]))
    if conn.execute(select(ITEM.c.code).where(ITEM.c.code == code)).first() is None:
        if "unit" not in values:
            return  # only edits so far: the item appears with its add
        conn.execute(insert(ITEM).values(code=code, created_hlc="", **row))
    else:
        conn.execute(update(ITEM).where(ITEM.c.code == code).values(**row))


@projector("stock.item.add")
def item_add(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: code, name, spec, unit, gb, tracking, expiry, nature. A second add of the same
    code (another station, offline) merges field by field; the losing values stay visible."""
    code = str(op.data["code"])
    for name, value in _item_values(op.data).items():
        fields.record_edit(conn, op, entity=ITEM_ENTITY, key=code, field=name, value=value, base_hlc="",
                           target=ITEM, key_column="code")
    _refresh_item(conn, code)
    first = conn.execute(select(ITEM.c.created_hlc).where(ITEM.c.code == code)).scalar()
    if first is not None and (first == "" or op.hlc < first):
        conn.execute(update(ITEM).where(ITEM.c.code == code).values(created_hlc=op.hlc))
    changes.touch("stock_item", code)


@projector("stock.item.update")
def item_update(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: code, field, value, base."""
    d = op.data
    if d["field"] not in ITEM_FIELDS:
        return
    fields.record_edit(conn, op, entity=ITEM_ENTITY, key=str(d["code"]), field=str(d["field"]), value=d["value"],
                       base_hlc=str(d.get("base", "")), target=ITEM, key_column="code")
    _refresh_item(conn, str(d["code"]))
    changes.touch("stock_item", str(d["code"]))


# -- depots ---------------------------------------------------------------------------------------


@projector("stock.depot.add")
def depot_add(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: code, name, township, keeper, station, stock_owner."""
    d = op.data
    if conn.execute(select(DEPOT.c.depot_id).where(DEPOT.c.depot_id == op.op_id)).first():
        return
    allowed = (str(d["station"]), str(d.get("stock_owner") or d["station"]))
    conn.execute(insert(DEPOT).values(
        depot_id=op.op_id, code=str(d["code"]), name=str(d["name"]), township=str(d.get("township", "")),
        keeper=str(d.get("keeper", "")), station_id=allowed[0], stock_owner=allowed[1], created_hlc=op.hlc))
    for name, value in fields.overlay(conn, entity=DEPOT_ENTITY, key=op.op_id).items():
        if name in DEPOT_FIELDS:
            conn.execute(update(DEPOT).where(DEPOT.c.depot_id == op.op_id).values({name: value}))
    _purge_foreign(conn, op.op_id, allowed)
    changes.touch("stock_depot", op.op_id)
    changes.touch("stock_line", "*")


@projector("stock.depot.update")
def depot_update(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: depot, field (name|keeper|township), value, base."""
    d = op.data
    if d["field"] not in DEPOT_FIELDS:
        return
    fields.record_edit(conn, op, entity=DEPOT_ENTITY, key=str(d["depot"]), field=str(d["field"]), value=d["value"],
                       base_hlc=str(d.get("base", "")), target=DEPOT, key_column="depot_id")
    changes.touch("stock_depot", str(d["depot"]))


@projector("stock.min")
def minimum_set(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: depot, item, qty. Every setting is kept; the newest by HLC is the minimum."""
    d = op.data
    conn.execute(insert(MINIMUM).values(op_id=op.op_id, depot_id=str(d["depot"]), item=str(d["item"]),
                                        qty=int(d["qty"]), hlc=op.hlc, station_id=op.station_id))
    supplies_summary.refresh_pair(conn, str(d["depot"]), str(d["item"]))
    changes.touch("stock_minimum", f"{d['depot']}|{d['item']}")
