"""Movements (出入库): receipts, issues, transfers (调出 / 调入), returns, write-offs, reversals,
adjustments. Each is one operation, never edited or deleted; a wrong one is reversed (冲销).

Roles: the storekeeper records movements; an issue names the approving leader on duty (带班领导);
an emergency issue may record the leader's instruction now and the voucher number later.
Issuing more than the book shows is allowed only as an overdraft with a reason (and a warning);
the balance then shows negative and stays in the exception list until an adjustment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, select

from app import messages
from app.errors import ValidationError
from app.services import roles
from app.services.accounts import Actor
from app.services.supplies import custody
from app.services.supplies.balances import lot_balances, on_hand
from app.services.supplies.catalogue import own_depot
from app.services.supplies.common import (
    MAX_QTY,
    PREFIX,
    WRITERS,
    Depot,
    Item,
    check_label_dates,
    date_ms,
    depot_by_id,
    field_name,
    find_depot,
    find_item,
    next_number,
    parse_date,
    qty,
    text,
    when_ms,
    year_of,
)
from app.services.supplies.move_refs import (
    find_move,
    in_transit,
    is_reversed,
    move_no,
    parse_recipient,
)
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.accounts import Account
from app.storage.oplog import Writer
from app.storage.projections import fields
from app.storage.projections.supplies_moves import MOVE_ENTITY

ACCOUNT = table(Account)


@dataclass(frozen=True)
class MoveResult:
    changes: Changes
    move_id: str
    no: str
    warning: str = ""


# -- helpers --------------------------------------------------------------------------------------


def _serials(item: Item, serials: list[str] | tuple[str, ...], quantity: int | None) -> tuple[list[str], int]:
    clean = [s.strip() for s in serials if s and s.strip()]
    if item.tracking != "serial":
        if clean:
            raise ValidationError("stock.serial_not_tracked", field="serial", item=item.name)
        if quantity is None:
            raise ValidationError("stock.required", field="qty", name=field_name("qty"))
        return [], quantity
    seen: set[str] = set()
    for s in clean:
        if s in seen:
            raise ValidationError("stock.serial_duplicate", field="serial", serial=s)
        seen.add(s)
        text(s, "serial", limit=60)
    if not clean:
        raise ValidationError("stock.serial_required", field="serial", item=item.name, qty=quantity or "")
    if quantity is not None and quantity != len(clean):
        raise ValidationError("stock.serial_count", field="serial", count=len(clean), qty=quantity)
    return clean, len(clean)


def _number(w: Writer, db: Database, kind: str, ms: int) -> dict[str, Any]:
    year = year_of(db, db.wall())
    return {"prefix": PREFIX[kind], "year": year, "number": next_number(w.conn, db.station_id, PREFIX[kind], year)}


def _record(db: Database, w: Writer, actor: Actor, kind: str, payload: dict[str, Any], warning: str = "") -> MoveResult:
    payload["no"] = _number(w, db, kind, payload["occurred_ms"])
    op = w.record(f"stock.move.{kind}", payload, actor.username)
    no = payload["no"]
    return MoveResult(w.changes, op.op_id, f"{no['prefix']}-{no['year']}-{no['number']:04d}", warning)


def _finish(w: Writer, result: MoveResult) -> MoveResult:
    return MoveResult(w.changes, result.move_id, result.no, result.warning)


def _depot(db: Database, conn: Connection, ref: str) -> Depot:
    depot = find_depot(conn, ref, db.station_id)
    own_depot(db, depot)
    return depot


def _approver(conn: Connection, value: object) -> str:
    name = text(value, "approver", limit=60)
    if not name:
        raise ValidationError("stock.approver_required", field="approver")
    row = conn.execute(select(ACCOUNT.c.display_name, ACCOUNT.c.roles).where(ACCOUNT.c.username == name)).first()
    if row is not None:
        if roles.LEADER not in row.roles.split():
            raise ValidationError("stock.approver_not_leader", field="approver", user=name)
        return f"{row.display_name or name}（{name}）" if row.display_name and row.display_name != name else name
    return name


def _pick_lot(conn: Connection, depot: Depot, item: Item, lot: str | None, quantity: int) -> str:
    """The lot to take from: the one given (must exist), or the nearest expiry that covers it."""
    if item.tracking != "lot":
        return ""
    lots = lot_balances(conn, depot.depot_id, item.code)
    if lot:
        if lot not in {name for name, _q, _e in lots}:
            raise ValidationError("stock.unknown_lot", field="lot", depot=depot.name, item=item.name, lot=lot)
        return lot
    for name, q, _expires in lots:
        if q >= quantity:
            return name
    positive = [name for name, q, _e in lots if q > 0]
    if len(positive) == 1:
        return positive[0]
    raise ValidationError("stock.lot_required", field="lot", item=item.name)


def _check_out(conn: Connection, depot: Depot, item: Item, lot: str, quantity: int, reason: str) -> tuple[str, int]:
    """(warning, balance after) for taking `quantity` out; ValidationError for an overdraft without a reason."""
    available = on_hand(conn, depot.depot_id, item.code, lot if item.tracking == "lot" else None)
    after = available - quantity
    if after >= 0:
        return "", after
    if not reason:
        raise ValidationError("stock.overdraft", field="qty", depot=depot.name, item=item.name, on_hand=available,
                              qty=quantity, unit=item.unit)
    return messages.text("stock.overdraft_warning", depot=depot.name, item=item.name, after=after, unit=item.unit), after


def _serials_here(conn: Connection, depot: Depot, item: Item, serials: list[str]) -> None:
    for s in serials:
        state = custody.custody(conn, item.code, s)
        if state.status == "":
            raise ValidationError("stock.unknown_serial", field="serial", serial=s)
        if state.status != "in_depot" or state.depot_id != depot.depot_id:
            where = state.status_label + "".join(f" {h.name}" for h in state.holders)
            raise ValidationError("stock.serial_not_here", field="serial", serial=s, depot=depot.name, where=where)


# -- movements ---------------------------------------------------------------------------------------


def receive(db: Database, actor: Actor, depot: str, item: str, quantity: object = None, *, lot: str = "",
            expires: object = None, produced: object = None, serials: list[str] | tuple[str, ...] = (),
            doc_no: str = "", source: str = "", maker: str = "", origin: str = "",
            occurred: datetime | date | None = None) -> MoveResult:
    """入库: goods received into a depot (with the source document number)."""
    actor.require(*WRITERS)
    wanted = None if quantity in (None, "") else qty(quantity)
    with db.write() as w:
        conn = w.conn
        d = _depot(db, conn, depot)
        it = find_item(conn, item)
        units, n = _serials(it, list(serials), wanted)
        lot_no = text(lot, "lot", limit=60)
        if it.tracking == "lot" and not lot_no:
            raise ValidationError("stock.lot_required", field="lot", item=it.name)
        exp, prod = parse_date(expires, "expires"), parse_date(produced, "produced")
        check_label_dates(db, it.name, it.has_expiry, exp, prod)
        for s in units:
            state = custody.custody(conn, it.code, s)
            if state.status not in ("", "written_off"):
                raise ValidationError("stock.serial_exists", field="serial", item=it.name, serial=s,
                                      where=state.status_label)
        payload: dict[str, Any] = {
            "depot": d.depot_id, "item": it.code, "lot": lot_no, "qty": n, "serials": units,
            "doc_no": text(doc_no, "doc_no", limit=60), "occurred_ms": when_ms(db, occurred),
            "label": {"produced_ms": date_ms(db, prod), "expires_ms": date_ms(db, exp),
                      "source": text(source, "source"), "maker": text(maker, "maker"), "origin": text(origin, "origin")},
        }
        result = _record(db, w, actor, "receive", payload)
    return _finish(w, result)


def issue(db: Database, actor: Actor, depot: str, item: str, quantity: object = None, *, to: str,
          approver: str, serials: list[str] | tuple[str, ...] = (), lot: str | None = None, reason: str = "",
          emergency: bool = False, voucher_no: str = "", incident_id: str = "",
          occurred: datetime | date | None = None) -> MoveResult:
    """出库 to a township, village, team/unit, person or incident, approved by a leader on duty.
    An overdraft (more than the book shows) needs a reason; the result carries a warning."""
    actor.require(*WRITERS)
    wanted = None if quantity in (None, "") else qty(quantity)
    with db.write() as w:
        conn = w.conn
        d = _depot(db, conn, depot)
        it = find_item(conn, item)
        units, n = _serials(it, list(serials), wanted)
        who = parse_recipient(conn, to)
        leader = _approver(conn, approver)
        why = text(reason, "reason", limit=1000)
        lot_no = _pick_lot(conn, d, it, lot, n)
        if units:
            _serials_here(conn, d, it, units)
        warning, _after = _check_out(conn, d, it, lot_no, n, why)
        incident = text(incident_id, "incident", limit=60) or (who.id if who.kind == "incident" else "")
        payload = {"depot": d.depot_id, "item": it.code, "lot": lot_no, "qty": n, "serials": units,
                   "to": who.payload(), "approver": leader, "reason": why, "emergency": bool(emergency),
                   "voucher_no": text(voucher_no, "voucher_no", limit=60), "incident_id": incident or None,
                   "occurred_ms": when_ms(db, occurred)}
        result = _record(db, w, actor, "issue", payload, warning)
    return _finish(w, result)


def transfer(db: Database, actor: Actor, from_depot: str, to_depot: str, item: str, quantity: object = None, *,
             lot: str | None = None, serials: list[str] | tuple[str, ...] = (), reason: str = "",
             occurred: datetime | date | None = None) -> MoveResult:
    """调出: goods leave the sending depot and are in transit until the receiver records 调入."""
    actor.require(*WRITERS)
    wanted = None if quantity in (None, "") else qty(quantity)
    with db.write() as w:
        conn = w.conn
        src = _depot(db, conn, from_depot)
        dst = find_depot(conn, to_depot, db.station_id)
        if src.depot_id == dst.depot_id:
            raise ValidationError("stock.same_depot", field="to")
        it = find_item(conn, item)
        units, n = _serials(it, list(serials), wanted)
        lot_no = _pick_lot(conn, src, it, lot, n)
        if units:
            _serials_here(conn, src, it, units)
        why = text(reason, "reason", limit=1000)
        warning, _after = _check_out(conn, src, it, lot_no, n, why)
        payload = {"depot": src.depot_id, "to_depot": dst.depot_id, "item": it.code, "lot": lot_no, "qty": n,
                   "serials": units, "reason": why, "occurred_ms": when_ms(db, occurred)}
        result = _record(db, w, actor, "transfer_out", payload, warning)
    return _finish(w, result)


def receive_transfer(db: Database, actor: Actor, no: str, quantity: object, *, lost: object = 0, reason: str = "",
                     serials: list[str] | tuple[str, ...] = (), occurred: datetime | date | None = None) -> MoveResult:
    """调入: the receiving depot records what arrived; a short receipt records the transit loss."""
    actor.require(*WRITERS)
    received = int(str(quantity).strip()) if str(quantity).strip().isdigit() else -1
    if received < 0:
        raise ValidationError("stock.bad_count", field="qty", value=quantity)
    loss = int(str(lost or 0).strip()) if str(lost or 0).strip().isdigit() else -1
    if loss < 0:
        raise ValidationError("stock.bad_count", field="lost", value=lost)
    if received + loss == 0:
        raise ValidationError("stock.bad_qty", field="qty", name=field_name("qty"), value=quantity, max=MAX_QTY)
    with db.write() as w:
        conn = w.conn
        out = find_move(conn, no, db.station_id)
        number = move_no(conn, out, db.station_id)
        if out.type != "transfer_out":
            raise ValidationError("stock.not_transfer", field="no", no=number)
        dst = depot_by_id(conn, out.other_depot)
        if dst is None:
            raise ValidationError("stock.unknown_depot", field="to", ref=out.other_depot)
        if db.station_id not in (dst.station_id, dst.stock_owner):
            raise ValidationError("stock.not_receiver", field="no", no=number, depot=dst.name)
        remaining = in_transit(conn, out)
        if remaining <= 0:
            raise ValidationError("stock.transfer_done", field="no", no=number, remaining=remaining)
        if received + loss > remaining:
            raise ValidationError("stock.receipt_too_much", field="qty", qty=received, lost=loss, remaining=remaining)
        why = text(reason, "reason", limit=1000)
        sent = out.serials.split()
        units = [s.strip() for s in serials if s.strip()] or (sent if received == len(sent) else [])
        if sent and len(units) != received:
            raise ValidationError("stock.serial_count", field="serial", count=len(units), qty=received)
        payload = {"depot": dst.depot_id, "from_depot": out.depot_id, "transfer": out.move_id, "item": out.item,
                   "lot": out.lot, "qty": received, "lost": loss, "serials": units, "reason": why,
                   "occurred_ms": when_ms(db, occurred)}
        result = _record(db, w, actor, "transfer_in", payload)
    return _finish(w, result)


def return_goods(db: Database, actor: Actor, depot: str, item: str, quantity: object = None, *, from_: str = "",
                 serials: list[str] | tuple[str, ...] = (), lot: str = "", reason: str = "",
                 occurred: datetime | date | None = None) -> MoveResult:
    """退库: issued goods (or serial units) come back into a depot."""
    actor.require(*WRITERS)
    wanted = None if quantity in (None, "") else qty(quantity)
    with db.write() as w:
        conn = w.conn
        d = _depot(db, conn, depot)
        it = find_item(conn, item)
        units, n = _serials(it, list(serials), wanted)
        holder: dict[str, str] = {}
        for s in units:
            state = custody.custody(conn, it.code, s)
            if state.status not in ("issued", "conflict"):
                raise ValidationError("stock.serial_not_out", field="serial", serial=s, where=state.status_label)
            holder = {"kind": state.holders[-1].kind, "id": state.holders[-1].id, "name": state.holders[-1].name}
        if from_:
            holder = parse_recipient(conn, from_).payload()
        lot_no = text(lot, "lot", limit=60)
        if it.tracking == "lot" and not lot_no:
            raise ValidationError("stock.lot_required", field="lot", item=it.name)
        payload = {"depot": d.depot_id, "item": it.code, "lot": lot_no, "qty": n, "serials": units, "from": holder,
                   "reason": text(reason, "reason", limit=1000), "occurred_ms": when_ms(db, occurred)}
        result = _record(db, w, actor, "return", payload)
    return _finish(w, result)


def write_off(db: Database, actor: Actor, depot: str, item: str, quantity: object = None, *, reason: str,
              approver: str, lot: str | None = None, serials: list[str] | tuple[str, ...] = (),
              occurred: datetime | date | None = None) -> MoveResult:
    """报废: damaged or expired goods written off, with the reason and the approval."""
    actor.require(*WRITERS)
    wanted = None if quantity in (None, "") else qty(quantity)
    why = text(reason, "reason", limit=1000)
    if not why:
        raise ValidationError("stock.reason_required", field="reason")
    with db.write() as w:
        conn = w.conn
        d = _depot(db, conn, depot)
        it = find_item(conn, item)
        units, n = _serials(it, list(serials), wanted)
        leader = _approver(conn, approver)
        lot_no = _pick_lot(conn, d, it, lot, n)
        for s in units:
            state = custody.custody(conn, it.code, s)
            if state.status not in ("in_depot", "repair", "lost") or state.depot_id != d.depot_id:
                raise ValidationError("stock.serial_not_here", field="serial", serial=s, depot=d.name,
                                      where=state.status_label)
        warning, _after = _check_out(conn, d, it, lot_no, n, why)
        payload = {"depot": d.depot_id, "item": it.code, "lot": lot_no, "qty": n, "serials": units, "reason": why,
                   "approver": leader, "occurred_ms": when_ms(db, occurred)}
        result = _record(db, w, actor, "writeoff", payload, warning)
    return _finish(w, result)


def adjust(db: Database, actor: Actor, depot: str, item: str, delta: object, *, reason: str, lot: str = "",
           occurred: datetime | date | None = None) -> MoveResult:
    """调整: a signed correction with a reason (clears a negative balance after an overdraft)."""
    actor.require(*WRITERS)
    try:
        change = int(str(delta).strip())
    except ValueError:
        raise ValidationError("stock.bad_delta", field="qty", value=delta) from None
    if change == 0 or abs(change) > 10_000_000:
        raise ValidationError("stock.bad_delta", field="qty", value=delta)
    why = text(reason, "reason", limit=1000)
    if not why:
        raise ValidationError("stock.reason_required", field="reason")
    with db.write() as w:
        d = _depot(db, w.conn, depot)
        it = find_item(w.conn, item)
        payload = {"depot": d.depot_id, "item": it.code, "lot": text(lot, "lot", limit=60), "qty": change,
                   "reason": why, "occurred_ms": when_ms(db, occurred)}
        result = _record(db, w, actor, "adjust", payload)
    return _finish(w, result)


def reverse(db: Database, actor: Actor, no: str, *, reason: str) -> MoveResult:
    """冲销: a wrong movement is reversed by a new one; the original stays (struck through)."""
    actor.require(*WRITERS)
    why = text(reason, "reason", limit=1000)
    if not why:
        raise ValidationError("stock.reason_required", field="reason")
    with db.write() as w:
        conn = w.conn
        original = find_move(conn, no, db.station_id)
        number = move_no(conn, original, db.station_id)
        d = depot_by_id(conn, original.depot_id)
        if d is None:
            raise ValidationError("stock.unknown_depot", field="no", ref=original.depot_id)
        own_depot(db, d)
        if original.type == "reverse":
            detail = "冲销单不能再冲销，请重新登记正确的单据" if messages.language() == "zh_CN" else \
                "a reversal is not reversed; record the right movement again"
            raise ValidationError("stock.cannot_reverse", field="no", no=number, detail=detail)
        if is_reversed(conn, original.move_id):
            raise ValidationError("stock.already_reversed", field="no", no=number)
        if original.type == "transfer_out" and in_transit(conn, original) != int(original.qty):
            detail = "已有调入，请先冲销调入单" if messages.language() == "zh_CN" else \
                "it has been (partly) received; reverse the receipt first"
            raise ValidationError("stock.cannot_reverse", field="no", no=number, detail=detail)
        payload = {"original": original.move_id, "depot": original.depot_id, "reason": why,
                   "occurred_ms": when_ms(db, None)}
        result = _record(db, w, actor, "reverse", payload)
    return _finish(w, result)


def record_voucher(db: Database, actor: Actor, no: str, voucher_no: str) -> Changes:
    """The voucher number of an (emergency) issue, recorded after the goods went out."""
    actor.require(*WRITERS)
    voucher = text(voucher_no, "voucher_no", limit=60, required=True)
    with db.write() as w:
        row = find_move(w.conn, no, db.station_id)
        if row.type != "issue":
            raise ValidationError("stock.not_issue", field="no", no=move_no(w.conn, row, db.station_id))
        d = depot_by_id(w.conn, row.depot_id)
        if d is not None:
            own_depot(db, d)
        base = fields.current_hlc(w.conn, entity=MOVE_ENTITY, key=row.move_id, field="voucher_no")
        w.record("stock.move.voucher", {"move": row.move_id, "depot": row.depot_id, "voucher_no": voucher,
                                        "base": base}, actor.username)
    return w.changes


SERIAL_MARKS = ("repair", "repaired", "lost", "found")


def mark_serial(db: Database, actor: Actor, serial: str, event: str, *, note: str = "",
                occurred: datetime | date | None = None) -> Changes:
    """送修 / 修复 / 丢失 / 找回 of a serial unit."""
    actor.require(*WRITERS)
    if event not in SERIAL_MARKS:
        raise ValidationError("stock.bad_serial_event", field="event", value=event)
    with db.write() as w:
        code, events = custody.find_serial(w.conn, serial)
        state = custody.custody(w.conn, code, serial)
        if state.status not in custody.EXPECTS[event]:
            raise ValidationError("stock.serial_not_here", field="serial", serial=serial, depot="",
                                  where=state.status_label)
        d = depot_by_id(w.conn, state.depot_id or events[-1].depot_id)
        if d is not None:
            own_depot(db, d)
        w.record("stock.serial.mark", {"depot": state.depot_id or events[-1].depot_id, "item": code,
                                       "serial": serial.strip(), "event": event,
                                       "note": text(note, "note", limit=1000), "occurred_ms": when_ms(db, occurred)},
                 actor.username)
    return w.changes
