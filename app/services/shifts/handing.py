"""Handing a shift over (交班): the confirmations, the checks, the next shift, the sheet's number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from app import formatting, messages
from app.clock import ms_to_datetime
from app.errors import UserError, ValidationError
from app.services import roles
from app.services.shifts.opening import CONFIRM_MAX_AGE_MIN, member_account, validate_composition
from app.services.shifts.reading import at_this_station, planned_composition, require_shift
from app.services.shifts.slots import (
    leader_confirm_required,
    slot_after,
)
from app.services.shifts.types import (
    EQUIPMENT,
    INCOMING,
    LEADER,
    OPEN,
    OUTGOING,
    Composition,
    Confirmation,
    ShiftInfo,
    Slot,
)
from app.services.station import zone
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.shifts import HandoverSheet, RotaSlot, Shift, ShiftConfirmation

SHIFT = table(Shift)
SHEET = table(HandoverSheet)
CONFIRM = table(ShiftConfirmation)
SLOT = table(RotaSlot)


@dataclass(frozen=True)
class HandoverResult:
    changes: Changes
    shift_id: str
    next_shift_id: str
    sheet_no: str
    handover_at: datetime


def _by_role(confirmations: Sequence[Confirmation]) -> dict[str, Confirmation]:
    found: dict[str, Confirmation] = {}
    for c in confirmations:
        found[c.role] = c
    for role in (OUTGOING, INCOMING):
        if role not in found:
            raise ValidationError("shift.confirm_missing", field=role, role=messages.text(f"shift.role.{role}"))
    return found


def precheck_handover(db: Database, shift: ShiftInfo, outgoing: str, incoming: str) -> None:
    """The checks that need no password (run before asking for them)."""
    tz = zone(db)
    if shift.state != OPEN:
        raise UserError("shift.already_handed_over", sheet=shift.sheet_no,
                        at=formatting.datetime_text(shift.end, tz))
    if not shift.has_member(outgoing):
        raise ValidationError("shift.not_on_shift", field=OUTGOING, user=outgoing, period=shift.period_text(tz))
    if incoming == outgoing:
        raise ValidationError("shift.same_person", field=INCOMING, user=incoming)
    account = member_account(db, incoming, INCOMING)
    if not {roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER} & set(account.roles):
        raise ValidationError("shift.wrong_role", field=INCOMING, user=incoming, role=roles.label(roles.OPERATOR))


def check_handover(db: Database, shift: ShiftInfo, confirmations: Sequence[Confirmation]) -> dict[str, Confirmation]:
    """Everything a handover needs, checked before anything is written."""
    if shift.state != OPEN:
        precheck_handover(db, shift, "", "")
    found = _by_role(confirmations)
    precheck_handover(db, shift, found[OUTGOING].username, found[INCOMING].username)
    leader = found.get(LEADER)
    if leader is not None:
        info = member_account(db, leader.username, LEADER)
        if roles.LEADER not in info.roles:
            raise ValidationError("shift.not_leader", field=LEADER, user=leader.username)
    elif leader_confirm_required(db):
        raise ValidationError("shift.leader_required", field=LEADER)
    now = db.wall()
    for c in found.values():
        if now - c.at_ms > CONFIRM_MAX_AGE_MIN * 60_000:
            raise ValidationError("shift.confirm_stale", field=c.role, user=c.username, minutes=CONFIRM_MAX_AGE_MIN)
    return found


def next_composition(db: Database, shift: ShiftInfo, incoming: str,
                     handover_at: datetime | None = None) -> tuple[Slot, Composition]:
    """The next shift: the rota's slot after this one (see `slot_after`), with the incoming
    operator on it."""
    slot = slot_after(db, shift, handover_at or ms_to_datetime(db.wall()))
    comp = planned_composition(db, slot.key) or Composition()
    comp = comp.with_member(member_account(db, incoming, INCOMING))
    return slot, comp


def next_sheet_no(conn: Connection, year: int, station_id: str) -> str:
    """Sheet numbers run per station and year: JJB-2024-0001, …"""
    prefix = f"JJB-{year}-"
    count = conn.execute(
        select(func.count()).select_from(SHEET)
        .where(SHEET.c.station_id == station_id, SHEET.c.sheet_no.like(prefix + "%"))
    ).scalar()
    return f"{prefix}{int(count or 0) + 1:04d}"


def hand_over(
    db: Database,
    shift_id: str,
    confirmations: Sequence[Confirmation],
    *,
    notes: str = "",
    equipment: dict[str, bool] | None = None,
    next_people: Composition | None = None,
) -> HandoverResult:
    """交班: close `shift_id` at the last confirmation time and open the next shift, with the
    handover sheet built now and recorded in the same operation (reprints are identical)."""
    from app.services import handover

    shift = require_shift(db, shift_id)
    found = check_handover(db, shift, confirmations)
    out, inc = found[OUTGOING], found[INCOMING]
    handover_ms = max(c.at_ms for c in found.values())
    slot, comp = next_composition(db, shift, inc.username, ms_to_datetime(handover_ms))
    if next_people is not None:
        comp = next_people.with_member(member_account(db, inc.username, INCOMING))
    comp = validate_composition(db, comp)
    equip = {code: bool((equipment or {}).get(code, True)) for code in EQUIPMENT}
    notes = notes.strip()
    if len(notes) > 4000:
        raise ValidationError("input.too_long", field="notes", name=messages.text("field.notes"), max=4000)
    tz = zone(db)
    year = ms_to_datetime(handover_ms).astimezone(tz).year
    with db.read() as conn:
        sheet_no = next_sheet_no(conn, year, db.station_id)
    content = handover.build_sheet(
        db, shift, handover_ms=handover_ms, sheet_no=sheet_no, confirmations=list(found.values()),
        notes=notes, equipment=equip, incoming=comp, next_slot=slot,
    )
    next_id = uuid7(db.wall())
    payload = {
        "shift_id": shift.shift_id,
        "handover_ms": handover_ms,
        "outgoing": out.username,
        "incoming": inc.username,
        "sheet_no": sheet_no,
        "notes": notes,
        "equipment": equip,
        "confirmations": [{"role": c.role, "username": c.username, "at_ms": c.at_ms} for c in found.values()],
        "content": content,
        "next": {
            "shift_id": next_id,
            "slot_key": slot.key,
            "planned_start_ms": slot.start_ms,
            "planned_end_ms": slot.end_ms,
            **comp.payload(),
        },
    }
    with db.write() as w:
        state = w.conn.execute(select(SHIFT.c.state).where(SHIFT.c.shift_id == shift.shift_id, at_this_station(db))).scalar()
        if state != OPEN:
            raise UserError("shift.already_handed_over", sheet="", at="")
        if next_sheet_no(w.conn, year, db.station_id) != sheet_no:  # another handover numbered meanwhile
            payload["sheet_no"] = next_sheet_no(w.conn, year, db.station_id)
            payload["content"] = {**content, "sheet_no": payload["sheet_no"]}
        recorded = w.record("shift.handover", payload, out.username)
    _seal_handover(db, recorded.op_id)
    return HandoverResult(w.changes, shift.shift_id, next_id, str(payload["sheet_no"]), ms_to_datetime(handover_ms))


def _seal_handover(db: Database, op_id: str) -> None:
    """Seal the log at the handover (issue 9): the printed sheet carries that seal."""
    from app.sync import seals as sealing

    sealing.seal_now(db, reason="handover", ref=op_id)
