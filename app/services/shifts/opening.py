"""Who may be on a shift (checked against the accounts), and opening the first shift (接班).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import select

from app import messages
from app.clock import ms_to_datetime
from app.errors import AuthError, UserError, ValidationError
from app.services import accounts, roles
from app.services.accounts import AccountInfo, Actor
from app.services.shifts.reading import (
    at_this_station,
    last_handed_over,
    open_shift_info,
    planned_composition,
)
from app.services.shifts.slots import (
    pattern,
    slot_at,
)
from app.services.shifts.types import (
    CONFIRM_ROLES,
    OPEN,
    Composition,
    Confirmation,
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


def split_users(text: str | Sequence[str] | None) -> tuple[str, ...]:
    if text is None:
        return ()
    parts = re.split(r"[,，、;\s]+", text) if isinstance(text, str) else list(text)
    return tuple(p.strip() for p in parts if p and p.strip())


def member_account(db: Database, username: str, field_name: str) -> AccountInfo:
    info = accounts.get_account(db, username)
    if info is None:
        raise ValidationError("shift.unknown_user", field=field_name, user=username)
    if info.disabled:
        raise ValidationError("shift.user_disabled", field=field_name, user=username)
    return info


def validate_composition(db: Database, comp: Composition) -> Composition:
    """Every person exists, is enabled, holds the role, and appears once."""
    seen: set[str] = set()
    for username in comp.members:
        if username in seen:
            raise ValidationError("shift.double_role", field="operators", user=username)
        seen.add(username)
    if comp.leader:
        info = member_account(db, comp.leader, "leader")
        if roles.LEADER not in info.roles:
            raise ValidationError("shift.wrong_role", field="leader", user=comp.leader, role=roles.label(roles.LEADER))
    if comp.lead:
        info = member_account(db, comp.lead, "lead")
        if roles.SHIFT_LEAD not in info.roles:
            raise ValidationError("shift.wrong_role", field="lead", user=comp.lead, role=roles.label(roles.SHIFT_LEAD))
    for username in comp.operators:
        info = member_account(db, username, "operators")
        if not {roles.OPERATOR, roles.SHIFT_LEAD} & set(info.roles):
            raise ValidationError("shift.wrong_role", field="operators", user=username, role=roles.label(roles.OPERATOR))
    return comp


def warnings(comp: Composition, minimum: int) -> list[str]:
    """What the rota or an opened shift lacks: a leader, a lead, enough people besides the leader."""
    out: list[str] = []
    if not comp.leader:
        out.append(messages.text("shift.warn.no_leader"))
    if not comp.lead:
        out.append(messages.text("shift.warn.no_lead"))
    count = len([u for u in (comp.lead, *comp.operators) if u])
    if count < minimum:
        out.append(messages.text("shift.warn.few_operators", count=count, minimum=minimum))
    return out


# -- opening --------------------------------------------------------------------------------------


def open_shift(db: Database, actor: Actor, *, leader: str | None = None, lead: str | None = None,
               operators: Sequence[str] | None = None) -> tuple[Changes, str]:
    """Open the first shift (接班) now. Only when no shift is on: afterwards every shift is opened
    by the previous one's handover. People not given come from the rota; the actor is on it."""
    if not {roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER} & actor.roles:
        raise UserError("shift.cannot_open", user=actor.username)
    on = open_shift_info(db)
    if on is not None:
        raise UserError("shift.already_open", period=on.period_text(zone(db)), people=on.people_text())
    tz = zone(db)
    now = ms_to_datetime(db.wall())
    slot = slot_at(pattern(db), tz, now)
    planned = planned_composition(db, slot.key) or Composition()
    comp = Composition(
        planned.leader if leader is None else leader.strip(),
        planned.lead if lead is None else lead.strip(),
        planned.operators if operators is None else split_users(operators),
    )
    me = member_account(db, actor.username, "as")
    comp = validate_composition(db, comp.with_member(me))
    last = last_handed_over(db)
    start = slot.start
    if last is not None and last.end is not None and last.end > start:
        start = last.end
    shift_id = uuid7(db.wall())
    payload: dict[str, object] = {
        "shift_id": shift_id,
        "slot_key": slot.key,
        "planned_start_ms": slot.start_ms,
        "planned_end_ms": slot.end_ms,
        "start_ms": int(start.timestamp() * 1000),
        **comp.payload(),
    }
    with db.write() as w:
        if w.conn.execute(select(SHIFT.c.shift_id).where(at_this_station(db), SHIFT.c.state == OPEN).limit(1)).first():
            raise UserError("shift.already_open", period="", people="")
        w.record("shift.open", payload, actor.username)
    return w.changes, shift_id


# -- handing over ---------------------------------------------------------------------------------


CONFIRM_MAX_AGE_MIN = 30


def confirm(db: Database, username: str, password: str, role: str) -> Confirmation:
    """Check a password on this workstation and stamp the time (AuthError when wrong)."""
    if role not in CONFIRM_ROLES:
        raise ValueError(role)
    try:
        actor = accounts.authenticate(db, username.strip(), password)
    except AuthError as error:  # say whose password failed: three people confirm one after another
        raise AuthError("shift.confirm_failed", role=messages.text(f"shift.role.{role}"), user=username.strip(),
                        reason=error.message) from error
    return Confirmation(role, actor.username, db.wall())
