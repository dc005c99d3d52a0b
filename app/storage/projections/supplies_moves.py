"""Projections of stock movements, serial units and counts (`stock.move.*`, `stock.serial.*`,
`stock.count.*`); authority rules live in projections/supplies.py.

Every movement becomes one `stock_move` row and lines that sum to zero over real and virtual
locations. Order independence: lines are rows keyed by operation; a reversal negates its
original's lines when both are present (whichever arrives second writes them); a voucher number
recorded later is a field edit laid over its issue whenever the issue arrives; count lines keep
the newest entry by HLC; a count's posting is the first posting by HLC.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.supplies import StockLot
from app.storage.ops import Op
from app.storage.projections import fields, projector, supplies_summary
from app.storage.projections.supplies import COUNT, COUNT_LINE, LINE, MOVE, SERIAL

LOT = table(StockLot)

SUPPLIER, RECIPIENT, TRANSIT, LOSS, SCRAP, ADJUST = "@supplier", "@recipient", "@transit", "@loss", "@scrap", "@adjust"
VIRTUAL = (SUPPLIER, RECIPIENT, TRANSIT, LOSS, SCRAP, ADJUST)
MOVE_ENTITY = "stock_move"
MOVE_TYPES = ("receive", "issue", "transfer_out", "transfer_in", "return", "writeoff", "adjust", "count", "reverse")
SERIAL_EVENT = {"receive": "receive", "issue": "issue", "transfer_out": "transfer_out", "transfer_in": "transfer_in",
                "return": "return", "writeoff": "writeoff"}


def _line(depot: str, item: str, lot: str, qty: int, for_depot: str = "") -> dict[str, Any]:
    return {"depot_id": depot, "item": item, "lot": lot, "qty": qty, "for_depot": for_depot}


def plan_lines(kind: str, d: dict[str, Any]) -> list[dict[str, Any]]:
    """The lines of a movement (not a reversal) from its payload."""
    depot, item, lot, q = str(d.get("depot", "")), str(d.get("item", "")), str(d.get("lot", "")), int(d.get("qty", 0))
    if kind == "receive":
        return [_line(depot, item, lot, q), _line(SUPPLIER, item, lot, -q)]
    if kind == "issue":
        return [_line(depot, item, lot, -q), _line(RECIPIENT, item, lot, q)]
    if kind == "transfer_out":
        return [_line(depot, item, lot, -q), _line(TRANSIT, item, lot, q, str(d["to_depot"]))]
    if kind == "transfer_in":
        lost = int(d.get("lost", 0))
        lines = [_line(depot, item, lot, q), _line(TRANSIT, item, lot, -(q + lost), depot)]
        if lost:
            lines.append(_line(LOSS, item, lot, lost))
        return lines
    if kind == "return":
        return [_line(depot, item, lot, q), _line(RECIPIENT, item, lot, -q)]
    if kind == "writeoff":
        return [_line(depot, item, lot, -q), _line(SCRAP, item, lot, q)]
    if kind == "adjust":
        return [_line(depot, item, lot, q), _line(ADJUST, item, lot, -q)]
    if kind == "count":
        out: list[dict[str, Any]] = []
        for row in d.get("lines", []):
            delta = int(row["counted"]) - int(row["book_seen"])
            if delta:
                out += [_line(depot, str(row["item"]), str(row.get("lot", "")), delta),
                        _line(ADJUST, str(row["item"]), str(row.get("lot", "")), -delta)]
        return out
    return []


def _insert_lines(conn: Connection, op: Op, move_id_for_ids: str, lines: list[dict[str, Any]], occurred: int,
                  move_id: str | None = None) -> None:
    if not lines:
        return
    rows = [{**line, "line_id": f"{move_id_for_ids}:{n}", "move_id": move_id or move_id_for_ids,
             "occurred_ms": occurred, "hlc": op.hlc, "station_id": op.station_id} for n, line in enumerate(lines)]
    conn.execute(insert(LINE), rows)
    supplies_summary.refresh_lines(conn, rows)


def _move_row(op: Op, kind: str) -> dict[str, Any]:
    d = op.data
    no = d.get("no", {})
    recipient = d.get("to", {}) or {}
    if kind == "return":
        recipient = d.get("from", {}) or {}
    other = str(d.get("to_depot", "") or d.get("from_depot", ""))
    return {
        "move_id": op.op_id, "station_id": op.station_id, "prefix": str(no.get("prefix", "")),
        "year": int(no.get("year", 0)), "number": int(no.get("number", 0)), "type": kind,
        "depot_id": str(d.get("depot", "")), "other_depot": other, "item": str(d.get("item", "")),
        "lot": str(d.get("lot", "")), "qty": int(d.get("qty", len(d.get("lines", [])))), "lost": int(d.get("lost", 0)),
        "ref": str(d.get("original", "") or d.get("transfer", "") or d.get("count", "") or d.get("import_key", "")),
        "to_kind": str(recipient.get("kind", "")), "to_id": str(recipient.get("id", "")),
        "to_name": str(recipient.get("name", "")), "incident_id": str(d.get("incident_id", "") or ""),
        "approver": str(d.get("approver", "")), "reason": str(d.get("reason", "")), "doc_no": str(d.get("doc_no", "")),
        "voucher_no": str(d.get("voucher_no", "")), "voucher_hlc": op.hlc if d.get("voucher_no") else "",
        "emergency": bool(d.get("emergency", False)), "serials": " ".join(d.get("serials", [])),
        "occurred_ms": int(d["occurred_ms"]), "hlc": op.hlc, "author": op.author,
    }


def _serial_events(conn: Connection, op: Op, kind: str) -> None:
    d = op.data
    event = SERIAL_EVENT.get(kind)
    serials = d.get("serials", [])
    if event is None or not serials:
        return
    holder = (d.get("to") if kind == "issue" else None) or {}
    if kind == "transfer_out":
        holder = {"kind": "transit", "id": str(d["to_depot"]), "name": ""}
    rows = [{"op_id": op.op_id, "serial": str(s), "item": str(d["item"]), "event": event,
             "depot_id": str(d["depot"]), "holder_kind": str(holder.get("kind", "")),
             "holder_id": str(holder.get("id", "")), "holder_name": str(holder.get("name", "")),
             "move_id": op.op_id, "note": str(d.get("reason", "")), "occurred_ms": int(d["occurred_ms"]),
             "hlc": op.hlc, "author": op.author, "station_id": op.station_id} for s in serials]
    conn.execute(insert(SERIAL), rows)


def _apply_move(conn: Connection, op: Op, kind: str, changes: Changes) -> None:
    if conn.execute(select(MOVE.c.move_id).where(MOVE.c.move_id == op.op_id)).first():
        return
    row = _move_row(op, kind)
    voucher = fields.overlay(conn, entity=MOVE_ENTITY, key=op.op_id).get("voucher_no")
    if voucher is not None:
        row["voucher_no"] = voucher
    conn.execute(insert(MOVE).values(**row))
    _insert_lines(conn, op, op.op_id, plan_lines(kind, op.data), row["occurred_ms"])
    _serial_events(conn, op, kind)
    # reversals of this movement that arrived before it
    for rev in conn.execute(select(MOVE.c.move_id, MOVE.c.occurred_ms, MOVE.c.hlc, MOVE.c.station_id).where(
            MOVE.c.type == "reverse", MOVE.c.ref == op.op_id)).all():
        _negate(conn, rev.move_id, rev.occurred_ms, rev.hlc, rev.station_id, op.op_id)
        conn.execute(update(MOVE).where(MOVE.c.move_id == rev.move_id).values(
            item=row["item"], lot=row["lot"], qty=row["qty"]))
    if kind == "count":
        _mark_posted(conn, op)
    if kind == "receive" and row["lot"]:
        _lot_label(conn, op)
    changes.touch("stock_line", row["depot_id"])
    changes.touch("stock_move", op.op_id)


def _lot_label(conn: Connection, op: Op) -> None:
    """The label of a lot: from its earliest receipt by HLC."""
    d = op.data
    label = d.get("label", {}) or {}
    key = (LOT.c.item == str(d["item"]), LOT.c.lot == str(d["lot"]))
    values = {"produced_ms": label.get("produced_ms"), "expires_ms": label.get("expires_ms"),
              "source": str(label.get("source", "")), "maker": str(label.get("maker", "")),
              "origin": str(label.get("origin", "")), "hlc": op.hlc}
    row = conn.execute(select(LOT.c.hlc).where(*key)).first()
    if row is None:
        conn.execute(insert(LOT).values(item=str(d["item"]), lot=str(d["lot"]), **values))
    elif op.hlc < row.hlc:
        conn.execute(update(LOT).where(*key).values(**values))
    else:
        return
    supplies_summary.refresh_item(conn, str(d["item"]))


def _negate(conn: Connection, rev_id: str, occurred: int, hlc: str, station: str, original: str) -> None:
    if conn.execute(select(LINE.c.line_id).where(LINE.c.move_id == rev_id).limit(1)).first():
        return
    lines = conn.execute(select(LINE).where(LINE.c.move_id == original).order_by(LINE.c.line_id)).all()
    rows = [{"line_id": f"{rev_id}:{n}", "move_id": rev_id, "depot_id": r.depot_id, "item": r.item, "lot": r.lot,
             "qty": -r.qty, "for_depot": r.for_depot, "occurred_ms": occurred, "hlc": hlc, "station_id": station}
            for n, r in enumerate(lines)]
    if rows:
        conn.execute(insert(LINE), rows)
        supplies_summary.refresh_lines(conn, rows)


def _mark_posted(conn: Connection, op: Op) -> None:
    count_id = str(op.data["count"])
    row = conn.execute(select(COUNT.c.posted_move).where(COUNT.c.count_id == count_id)).first()
    if row is None:
        return
    current = row.posted_move
    if current:
        hlc = conn.execute(select(MOVE.c.hlc).where(MOVE.c.move_id == current)).scalar() or ""
        if hlc and hlc <= op.hlc:
            return
    conn.execute(update(COUNT).where(COUNT.c.count_id == count_id).values(posted_move=op.op_id))


def _register(kind: str) -> None:
    @projector(f"stock.move.{kind}")
    def apply_kind(conn: Connection, op: Op, changes: Changes) -> None:
        _apply_move(conn, op, kind, changes)


for _kind in MOVE_TYPES:
    if _kind != "reverse":
        _register(_kind)


@projector("stock.move.reverse")
def move_reverse(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: original, depot, reason, no, occurred_ms (a reversal of the original's lines)."""
    if conn.execute(select(MOVE.c.move_id).where(MOVE.c.move_id == op.op_id)).first():
        return
    row = _move_row(op, "reverse")
    original = conn.execute(select(MOVE).where(MOVE.c.move_id == row["ref"])).first()
    if original is not None:
        row.update(item=original.item, lot=original.lot, qty=original.qty)
    conn.execute(insert(MOVE).values(**row))
    if original is not None:
        _negate(conn, op.op_id, row["occurred_ms"], op.hlc, op.station_id, original.move_id)
    changes.touch("stock_line", row["depot_id"])
    changes.touch("stock_move", op.op_id)


@projector("stock.move.voucher")
def move_voucher(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: move, depot, voucher_no, base — the voucher of an emergency issue, recorded later."""
    d = op.data
    fields.record_edit(conn, op, entity=MOVE_ENTITY, key=str(d["move"]), field="voucher_no",
                       value=str(d["voucher_no"]), base_hlc=str(d.get("base", "")), target=MOVE, key_column="move_id")
    changes.touch("stock_move", str(d["move"]))


@projector("stock.serial.mark")
def serial_mark(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: depot, item, serial, event (repair|repaired|lost|found), note, occurred_ms."""
    d = op.data
    conn.execute(insert(SERIAL).values(
        op_id=op.op_id, serial=str(d["serial"]), item=str(d["item"]), event=str(d["event"]),
        depot_id=str(d["depot"]), holder_kind="", holder_id="", holder_name="", move_id=op.op_id,
        note=str(d.get("note", "")), occurred_ms=int(d["occurred_ms"]), hlc=op.hlc, author=op.author,
        station_id=op.station_id))
    changes.touch("stock_serial_event", str(d["serial"]))


@projector("stock.count.start")
def count_start(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: depot, blind, as_of_ms, no {year, number}."""
    d = op.data
    if conn.execute(select(COUNT.c.count_id).where(COUNT.c.count_id == op.op_id)).first():
        return
    posted = conn.execute(select(MOVE.c.move_id).where(MOVE.c.type == "count", MOVE.c.ref == op.op_id)
                          .order_by(MOVE.c.hlc, MOVE.c.move_id).limit(1)).scalar()
    conn.execute(insert(COUNT).values(
        count_id=op.op_id, station_id=op.station_id, year=int(d["no"]["year"]), number=int(d["no"]["number"]),
        depot_id=str(d["depot"]), blind=bool(d.get("blind", False)), as_of_ms=int(d["as_of_ms"]), hlc=op.hlc,
        author=op.author, posted_move=posted or ""))
    changes.touch("stock_count", op.op_id)


@projector("stock.count.enter")
def count_enter(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: count, depot, item, lot, counted, book_seen (newest entry by HLC holds)."""
    d = op.data
    key = (COUNT_LINE.c.count_id == str(d["count"]), COUNT_LINE.c.item == str(d["item"]),
           COUNT_LINE.c.lot == str(d.get("lot", "")))
    row = conn.execute(select(COUNT_LINE.c.hlc).where(*key)).first()
    values = {"counted": int(d["counted"]), "book_seen": int(d["book_seen"]), "hlc": op.hlc, "author": op.author}
    if row is None:
        conn.execute(insert(COUNT_LINE).values(count_id=str(d["count"]), item=str(d["item"]),
                                               lot=str(d.get("lot", "")), **values))
    elif row.hlc < op.hlc:
        conn.execute(update(COUNT_LINE).where(*key).values(**values))
    changes.touch("stock_count", str(d["count"]))
