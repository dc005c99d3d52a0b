"""Custody of serial units (satellite phones, body cameras, detectors), derived from their events.

A unit's state follows its events in HLC order (events of reversed movements are skipped):
received → in a depot; issued → with a holder; returned → in a depot; 调出 → in transit; 调入 →
in the receiving depot; repair / repaired, lost / found, written off. An event that does not fit
the state (issued while already issued — two stations issuing the same phone offline) makes the
unit *conflicting*: both holders are shown and it is listed as an exception until it is returned
or otherwise settled. Nobody wins silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from app import messages
from app.errors import ValidationError
from app.storage.engine import Database
from app.storage.projections.supplies import MOVE, SERIAL

EXPECTS = {"issue": ("in_depot",), "return": ("issued", "conflict"), "transfer_out": ("in_depot",),
           "transfer_in": ("in_transit",), "writeoff": ("in_depot", "repair", "lost"), "repair": ("in_depot", "issued"),
           "repaired": ("repair",), "lost": ("in_depot", "issued", "in_transit", "repair"), "found": ("lost",),
           "receive": ("",)}
STATUS_LABELS = {"in_depot": ("在库", "in depot"), "issued": ("已发放", "issued"), "in_transit": ("在途", "in transit"),
                 "repair": ("送修", "in repair"), "lost": ("丢失", "lost"), "written_off": ("已报废", "written off"),
                 "conflict": ("冲突", "conflict"), "": ("未入库", "not received")}
EVENT_LABELS = {"receive": ("入库", "received"), "issue": ("发放", "issued"), "return": ("退库", "returned"),
                "transfer_out": ("调出", "sent"), "transfer_in": ("调入", "received by transfer"),
                "writeoff": ("报废", "written off"), "repair": ("送修", "sent for repair"),
                "repaired": ("修复", "repaired"), "lost": ("丢失", "lost"), "found": ("找回", "found")}


def label(pair: tuple[str, str]) -> str:
    return pair[0] if messages.language() == "zh_CN" else pair[1]


@dataclass
class Holder:
    kind: str
    id: str
    name: str
    since_ms: int
    move_id: str


@dataclass
class Custody:
    item: str
    serial: str
    status: str = ""
    depot_id: str = ""
    holders: list[Holder] = field(default_factory=list)
    since_ms: int = 0
    conflicts: list[str] = field(default_factory=list)
    """Human-readable descriptions of events that did not fit."""

    @property
    def status_label(self) -> str:
        return label(STATUS_LABELS.get(self.status, (self.status, self.status)))


def reversed_moves(conn: Connection, move_ids: list[str] | None = None) -> set[str]:
    stmt = select(MOVE.c.ref).where(MOVE.c.type == "reverse")
    if move_ids is not None:
        if not move_ids:
            return set()
        stmt = stmt.where(MOVE.c.ref.in_(move_ids))
    return set(conn.execute(stmt).scalars())


def derive(item: str, serial: str, events: list[Any], reversed_ids: set[str]) -> Custody:
    state = Custody(item, serial)
    for ev in sorted(events, key=lambda e: (e.hlc, e.op_id)):
        if ev.move_id in reversed_ids:
            continue
        expected = EXPECTS.get(ev.event, ())
        fits = state.status in expected or (ev.event == "receive" and state.status in ("", "written_off"))
        who = ev.holder_name or ev.holder_id
        if not fits:
            state.conflicts.append(f"{label(EVENT_LABELS.get(ev.event, (ev.event, ev.event)))} {who}".strip())
        holder = Holder(ev.holder_kind, ev.holder_id, ev.holder_name, ev.occurred_ms, ev.move_id)
        if ev.event == "issue":
            if not fits and state.status in ("issued", "conflict"):
                state.status = "conflict"
                state.holders.append(holder)
            else:
                state.status, state.holders = "issued", [holder]
        elif ev.event in ("receive", "return", "transfer_in", "repaired", "found"):
            state.status, state.holders, state.depot_id = "in_depot", [], ev.depot_id
            if ev.event == "return":
                state.conflicts = []
        elif ev.event == "transfer_out":
            state.status, state.holders = "in_transit", [holder]
        elif ev.event == "repair":
            state.status, state.holders = "repair", []
        elif ev.event == "lost":
            state.status, state.holders = "lost", []
        elif ev.event == "writeoff":
            state.status, state.holders = "written_off", []
        state.since_ms = ev.occurred_ms
        if ev.depot_id:
            state.depot_id = ev.depot_id
    return state


def _events(conn: Connection, item: str | None, serial: str) -> list[Any]:
    stmt = select(SERIAL).where(SERIAL.c.serial == serial)
    if item is not None:
        stmt = stmt.where(SERIAL.c.item == item)
    return list(conn.execute(stmt.order_by(SERIAL.c.hlc, SERIAL.c.op_id)))


def custody(conn: Connection, item: str, serial: str) -> Custody:
    events = _events(conn, item, serial)
    return derive(item, serial, events, reversed_moves(conn, [e.move_id for e in events]))


def find_serial(conn: Connection, serial: str, item: str | None = None) -> tuple[str, list[Any]]:
    """(item code, events) of a serial number; ValidationError if unknown."""
    events = _events(conn, item, serial.strip())
    if not events:
        raise ValidationError("stock.unknown_serial", field="serial", serial=serial)
    return events[0].item, [e for e in events if e.item == events[0].item]


def history(db: Database, serial: str, item: str | None = None) -> dict[str, Any]:
    """The custody history of one unit: every event (reversed ones marked) and the state now."""
    from app.services.supplies.common import depot_by_id, local_time

    with db.read() as conn:
        code, events = find_serial(conn, serial, item)
        rev = reversed_moves(conn, [e.move_id for e in events])
        state = derive(code, serial, events, rev)
        depot_names: dict[str, str] = {}
        for e in events:
            if e.depot_id and e.depot_id not in depot_names:
                d = depot_by_id(conn, e.depot_id)
                depot_names[e.depot_id] = d.name if d else e.depot_id[:8]
        numbers = _move_numbers(conn, db.station_id, [e.move_id for e in events])
    return {
        "item": code, "serial": serial, "status": state.status, "status_label": state.status_label,
        "depot": depot_names.get(state.depot_id, ""), "conflict": state.status == "conflict" or bool(state.conflicts),
        "conflicts": state.conflicts,
        "holders": [{"kind": h.kind, "id": h.id, "name": h.name, "since": local_time(db, h.since_ms),
                     "movement_no": numbers.get(h.move_id, "")} for h in state.holders],
        "history": [{"event": e.event, "event_label": label(EVENT_LABELS.get(e.event, (e.event, e.event))),
                     "at": local_time(db, e.occurred_ms), "depot": depot_names.get(e.depot_id, ""),
                     "holder_kind": e.holder_kind, "holder": e.holder_name or e.holder_id, "note": e.note,
                     "movement_no": numbers.get(e.move_id, ""), "author": e.author, "reversed": e.move_id in rev}
                    for e in events],
    }


def _move_numbers(conn: Connection, own: str, move_ids: list[str]) -> dict[str, str]:
    from app.services.supplies.common import display_no, station_codes

    if not move_ids:
        return {}
    codes = station_codes(conn)
    rows = conn.execute(select(MOVE.c.move_id, MOVE.c.prefix, MOVE.c.year, MOVE.c.number, MOVE.c.station_id)
                        .where(MOVE.c.move_id.in_(move_ids))).all()
    return {r.move_id: display_no(r.prefix, r.year, r.number, r.station_id, own, codes) for r in rows}


def all_states(conn: Connection, item: str | None = None) -> list[Custody]:
    stmt = select(SERIAL).order_by(SERIAL.c.item, SERIAL.c.serial, SERIAL.c.hlc)
    if item is not None:
        stmt = stmt.where(SERIAL.c.item == item)
    groups: dict[tuple[str, str], list[Any]] = {}
    for row in conn.execute(stmt):
        groups.setdefault((row.item, row.serial), []).append(row)
    rev = reversed_moves(conn)
    return [derive(i, s, evs, rev) for (i, s), evs in groups.items()]


def conflicts(conn: Connection) -> list[Custody]:
    return [c for c in all_states(conn) if c.status == "conflict" or c.conflicts]


def held_by(db: Database, holder_kind: str, holder_id: str) -> list[dict[str, Any]]:
    """Serial units now in the custody of a holder (kind: township | village | team | unit |
    person | incident; id as recorded on the issue): [{item, name, serial, since_ms, movement_no}].
    A unit in conflict is listed for every holder it is recorded with."""
    from app.services.supplies.common import get_item

    with db.read() as conn:
        candidates = conn.execute(select(SERIAL.c.item, SERIAL.c.serial).where(
            SERIAL.c.holder_kind == holder_kind, SERIAL.c.holder_id == holder_id).distinct()).all()
        out: list[dict[str, Any]] = []
        for item_code, serial in candidates:
            state = custody(conn, item_code, serial)
            if state.status not in ("issued", "conflict"):
                continue
            for h in state.holders:
                if h.kind == holder_kind and h.id == holder_id:
                    item = get_item(conn, item_code)
                    numbers = _move_numbers(conn, db.station_id, [h.move_id])
                    out.append({"item": item_code, "name": item.name if item else item_code, "serial": serial,
                                "since_ms": h.since_ms, "movement_no": numbers.get(h.move_id, "")})
    return sorted(out, key=lambda r: (r["item"], r["serial"]))


messages.register({
    "stock.holder_has_equipment": ("{name}仍保管 {count} 件装备（{units}），请先办理退库。",
                                   "{name} still holds {count} unit(s) of equipment ({units}); record their return first."),
})


def check_no_equipment(db: Database, holder_kind: str, holder_id: str, name: str = "") -> None:
    """For the rosters: ValidationError (stock.holder_has_equipment) when the holder (a member
    leaving, a unit disbanded) still holds serial units."""
    held = held_by(db, holder_kind, holder_id)
    if held:
        units = "、".join(f"{h['name']} {h['serial']}" for h in held[:5]) + ("…" if len(held) > 5 else "")
        raise ValidationError("stock.holder_has_equipment", field="holder", name=name or holder_id,
                              count=len(held), units=units)
