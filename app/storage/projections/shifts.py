"""Projections of shifts (`shift.open`, `shift.handover`) and the rota (`rota.assign`, `rota.swap`).

Order-independent: a handover that arrives before the opening of its shift is kept in
`handover_sheet` and applied to the shift row when that row appears; the first handover of a
shift (by HLC) is the official one. A rota slot is rebuilt from all its changes in HLC order.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from app.storage import canonical
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.shifts import HandoverSheet, RotaChange, RotaSlot, RotaSwap, Shift, ShiftConfirmation
from app.storage.ops import Op
from app.storage.projections import projector

SHIFT = table(Shift)
SHEET = table(HandoverSheet)
CONFIRM = table(ShiftConfirmation)
SLOT = table(RotaSlot)
CHANGE = table(RotaChange)
SWAP = table(RotaSwap)


def _insert_shift(conn: Connection, op: Op, d: dict[str, Any], *, start_ms: int, via: str, prev: str,
                  opened_by: str) -> bool:
    if conn.execute(select(SHIFT.c.shift_id).where(SHIFT.c.shift_id == d["shift_id"])).first():
        return False
    conn.execute(
        insert(SHIFT).values(
            shift_id=d["shift_id"],
            station_id=op.station_id,
            slot_key=d["slot_key"],
            planned_start_ms=d["planned_start_ms"],
            planned_end_ms=d["planned_end_ms"],
            start_ms=start_ms,
            end_ms=None,
            leader=d.get("leader", ""),
            lead=d.get("lead", ""),
            operators=" ".join(d.get("operators", [])),
            state="open",
            opened_by=opened_by,
            opened_hlc=op.hlc,
            opened_via=via,
            prev_shift_id=prev,
            next_shift_id="",
            outgoing="",
            incoming="",
            sheet_no="",
        )
    )
    return True


def _sync_shift(conn: Connection, shift_id: str) -> None:
    """Apply the shift's official handover (if any) to its row."""
    sheet = conn.execute(select(SHEET).where(SHEET.c.shift_id == shift_id)).first()
    if sheet is None:
        return
    content = canonical.loads(sheet.content)
    conn.execute(
        update(SHIFT)
        .where(SHIFT.c.shift_id == shift_id)
        .values(
            state="handed_over",
            end_ms=sheet.handover_ms,
            outgoing=sheet.outgoing,
            incoming=sheet.incoming,
            sheet_no=sheet.sheet_no,
            next_shift_id=content.get("next_shift_id", ""),
        )
    )


@projector("shift.open")
def shift_open(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: shift_id, slot_key, planned_start_ms, planned_end_ms, start_ms, leader, lead, operators."""
    d = op.data
    if _insert_shift(conn, op, d, start_ms=d["start_ms"], via="open", prev="", opened_by=op.author):
        _sync_shift(conn, d["shift_id"])
    changes.touch("shift", d["shift_id"])


@projector("shift.handover")
def shift_handover(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: shift_id, handover_ms, outgoing, incoming, sheet_no, notes, equipment,
    confirmations [{role, username, at_ms}], content (the sheet), next {shift_id, slot_key,
    planned_start_ms, planned_end_ms, leader, lead, operators}."""
    d = op.data
    shift_id = d["shift_id"]
    current = conn.execute(select(SHEET.c.hlc).where(SHEET.c.shift_id == shift_id)).first()
    official = current is None or op.hlc < current.hlc
    if official:
        conn.execute(delete(SHEET).where(SHEET.c.shift_id == shift_id))
        conn.execute(delete(CONFIRM).where(CONFIRM.c.shift_id == shift_id))
        content = dict(d["content"])
        content["next_shift_id"] = d["next"]["shift_id"]
        conn.execute(
            insert(SHEET).values(
                shift_id=shift_id,
                station_id=op.station_id,
                op_id=op.op_id,
                hlc=op.hlc,
                sheet_no=d["sheet_no"],
                handover_ms=d["handover_ms"],
                outgoing=d["outgoing"],
                incoming=d["incoming"],
                notes=d.get("notes", ""),
                equipment=canonical.dumps(d.get("equipment", {})),
                content=canonical.dumps(content),
            )
        )
        for c in d.get("confirmations", []):
            conn.execute(
                insert(CONFIRM).values(
                    shift_id=shift_id, role=c["role"], username=c["username"], at_ms=c["at_ms"], op_id=op.op_id
                )
            )
        _sync_shift(conn, shift_id)
    nxt = d["next"]
    if _insert_shift(conn, op, nxt, start_ms=d["handover_ms"], via="handover", prev=shift_id,
                     opened_by=d["incoming"]):
        _sync_shift(conn, nxt["shift_id"])
    changes.touch("shift", shift_id)
    changes.touch("shift", nxt["shift_id"])
    changes.touch("handover_sheet", shift_id)


# -- rota -------------------------------------------------------------------------------------


def _replace(people: dict[str, Any], role: str, out_user: str, in_user: str) -> None:
    if role == "operators":
        people["operators"] = [in_user if u == out_user else u for u in people["operators"]]
    elif people.get(role) == out_user:
        people[role] = in_user


def _rebuild_slot(conn: Connection, station_id: str, slot_key: str) -> None:
    rows = conn.execute(
        select(CHANGE)
        .where(CHANGE.c.station_id == station_id, CHANGE.c.slot_key == slot_key)
        .order_by(CHANGE.c.hlc, CHANGE.c.op_id)
    ).all()
    if not rows:
        return
    people: dict[str, Any] = {"leader": "", "lead": "", "operators": []}
    first = canonical.loads(rows[0].payload)
    frame = {"day": first["day"], "start_ms": first["start_ms"], "end_ms": first["end_ms"]}
    for row in rows:
        d = canonical.loads(row.payload)
        if row.kind == "assign":
            people = {"leader": d.get("leader", ""), "lead": d.get("lead", ""), "operators": list(d.get("operators", []))}
            frame = {"day": d["day"], "start_ms": d["start_ms"], "end_ms": d["end_ms"]}
        else:
            _replace(people, d["role"], d["out_user"], d["in_user"])
    last = rows[-1]
    values = {
        **frame,
        "leader": people["leader"],
        "lead": people["lead"],
        "operators": " ".join(people["operators"]),
        "updated_hlc": last.hlc,
        "updated_by": last.author,
    }
    here = (SLOT.c.station_id == station_id) & (SLOT.c.slot_key == slot_key)
    if conn.execute(select(SLOT.c.slot_key).where(here)).first():
        conn.execute(update(SLOT).where(here).values(**values))
    else:
        conn.execute(insert(SLOT).values(station_id=station_id, slot_key=slot_key, **values))


def _record_change(conn: Connection, op: Op, kind: str) -> bool:
    if conn.execute(select(CHANGE.c.op_id).where(CHANGE.c.op_id == op.op_id)).first():
        return False
    conn.execute(
        insert(CHANGE).values(
            op_id=op.op_id, station_id=op.station_id, slot_key=op.data["slot_key"], hlc=op.hlc, kind=kind, author=op.author, payload=op.payload
        )
    )
    return True


@projector("rota.assign")
def rota_assign(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: slot_key, day, start_ms, end_ms, leader, lead, operators."""
    if _record_change(conn, op, "assign"):
        _rebuild_slot(conn, op.station_id, op.data["slot_key"])
    changes.touch("rota_slot", op.data["slot_key"])


@projector("rota.swap")
def rota_swap(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: slot_key, day, start_ms, end_ms, role, out_user, in_user, asked_by, approved_by, reason."""
    d = op.data
    if not _record_change(conn, op, "swap"):
        return
    conn.execute(
        insert(SWAP).values(
            op_id=op.op_id,
            station_id=op.station_id,
            slot_key=d["slot_key"],
            role=d["role"],
            out_user=d["out_user"],
            in_user=d["in_user"],
            asked_by=d.get("asked_by", ""),
            approved_by=d.get("approved_by", ""),
            reason=d.get("reason", ""),
            hlc=op.hlc,
            author=op.author,
        )
    )
    _rebuild_slot(conn, op.station_id, d["slot_key"])
    changes.touch("rota_slot", d["slot_key"])
    changes.touch("rota_swap", op.op_id)

