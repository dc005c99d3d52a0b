"""The duty rota (值班表): who is planned on which shift slot, swaps, checks and warnings.

A slot's plan is set by `assign()` (recorded as `rota.assign`) and changed by `swap()`
(`rota.swap`: who gave the duty, who took it, who asked, who approved). Nobody may be on two
overlapping slots (nor twice on one); a slot without a leader on duty or with fewer people than
the station's minimum besides the leader (default 3) is warned about, not refused — the plan
may be incomplete while it is being made.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, select

from app import messages
from app.clock import ms_to_datetime
from app.errors import ValidationError
from app.services import accounts, roles, shifts
from app.services.accounts import Actor
from app.services.shifts import Composition, Person, Slot
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.shifts import RotaSlot, RotaSwap

SLOT = table(RotaSlot)
SWAP = table(RotaSwap)
ROLE_FIELDS = ("leader", "lead", "operators")
PLANNERS = (roles.ADMIN, roles.LEADER, roles.SHIFT_LEAD)

messages.register(
    {
        "rota.bad_slot": ("没有这个班次时段：“{slot}”（应为本站班次的开始时间，如 2024-04-19T08:30）。",
                          "No such shift slot: “{slot}” (a start of the station's pattern, e.g. 2024-04-19T08:30)."),
        "rota.bad_month": ("月份格式应为 YYYY-MM，如 2024-04：“{value}”", "A month is written YYYY-MM, e.g. 2024-04: “{value}”"),
        "rota.double_booked": ("{user} 已排在 {other} 的班次，与 {slot} 的班次时间重叠，不能重复排班。",
                               "{user} is already on the shift of {other}, which overlaps {slot}; nobody can be on two overlapping shifts."),
        "rota.not_in_slot": ("{user} 没有以“{role}”身份排在 {slot} 的班次中，无法换班。",
                             "{user} is not on the {slot} shift as {role}; nothing to swap."),
        "rota.swap_same": ("换班双方不能是同一人（{user}）。", "A swap needs two different people ({user})."),
        "rota.approver": ("换班须由带班领导、值班长或管理员批准：{user} 不能批准。",
                          "A swap is approved by a leader on duty, a shift lead or an administrator; {user} cannot approve."),
        "rota.bad_role": ("身份应为 leader、lead 或 operators：“{role}”", "The role is leader, lead or operators: “{role}”"),
        "rota.past_slot": ("{slot} 的班次已结束，不能再修改排班。", "The {slot} shift is over; its rota cannot be changed."),
    }
)


@dataclass(frozen=True)
class SwapInfo:
    op_id: str
    slot_key: str
    role: str
    out_user: Person
    in_user: Person
    asked_by: Person | None
    approved_by: Person | None
    reason: str
    at: Any
    author: str


@dataclass(frozen=True)
class RotaRow:
    slot: Slot
    leader: Person | None
    lead: Person | None
    operators: tuple[Person, ...]
    warnings: tuple[str, ...]
    swaps: tuple[SwapInfo, ...] = field(default=())
    planned: bool = True

    @property
    def composition(self) -> Composition:
        return Composition(self.leader.username if self.leader else "", self.lead.username if self.lead else "",
                           tuple(p.username for p in self.operators))


@dataclass(frozen=True)
class RotaMonth:
    year: int
    month: int
    pattern: str
    minimum: int
    rows: list[RotaRow]

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月" if messages.language() == "zh_CN" else f"{calendar.month_name[self.month]} {self.year}"

    @property
    def warning_count(self) -> int:
        return sum(1 for r in self.rows if r.warnings)


def parse_month(value: str) -> tuple[int, int]:
    try:
        year_text, month_text = value.strip().split("-")
        year, month = int(year_text), int(month_text)
        if not (1900 < year < 3000 and 1 <= month <= 12):
            raise ValueError(value)
    except ValueError as error:
        raise ValidationError("rota.bad_month", field="month", value=value) from error
    return year, month


def _names(db: Database) -> dict[str, str]:
    return {a.username: a.display_name for a in accounts.list_accounts(db)}


def _p(names: dict[str, str], u: str) -> Person | None:
    return Person(u, names.get(u, u)) if u else None


def swaps_of(db: Database, slot_keys: Sequence[str]) -> dict[str, list[SwapInfo]]:
    names = _names(db)
    found: dict[str, list[SwapInfo]] = {}
    if not slot_keys:
        return found
    with db.read() as conn:
        rows = conn.execute(select(SWAP).where(SWAP.c.station_id == db.station_id, SWAP.c.slot_key.in_(list(slot_keys))).order_by(SWAP.c.hlc)).all()
    from app.clock import Hlc

    for r in rows:
        found.setdefault(r.slot_key, []).append(SwapInfo(
            r.op_id, r.slot_key, r.role, Person(r.out_user, names.get(r.out_user, r.out_user)),
            Person(r.in_user, names.get(r.in_user, r.in_user)), _p(names, r.asked_by), _p(names, r.approved_by),
            r.reason, Hlc.decode(r.hlc).as_datetime(), r.author,
        ))
    return found


def month(db: Database, year: int, month_no: int) -> RotaMonth:
    """Every slot of the month (planned or not) with its people and warnings."""
    starts = shifts.pattern(db)
    tz = shifts.zone(db)
    minimum = shifts.min_operators(db)
    last = calendar.monthrange(year, month_no)[1]
    slots = shifts.slots_between(starts, tz, date(year, month_no, 1), date(year, month_no, last))
    names = _names(db)
    first_ms, last_ms = slots[0].start_ms, slots[-1].end_ms
    with db.read() as conn:
        planned = {
            r.slot_key: r
            for r in conn.execute(select(SLOT).where(and_(SLOT.c.station_id == db.station_id, SLOT.c.start_ms >= first_ms, SLOT.c.start_ms < last_ms)))
        }
    # slots planned under an earlier pattern stay visible too
    keys = {s.key for s in slots}
    for key, r in planned.items():
        if key not in keys:
            slots.append(Slot(key, ms_to_datetime(r.start_ms).astimezone(tz), ms_to_datetime(r.end_ms).astimezone(tz)))
    slots.sort(key=lambda s: s.start)
    swaps = swaps_of(db, list(planned))
    rows: list[RotaRow] = []
    for slot in slots:
        plan = planned.get(slot.key)
        comp = Composition(plan.leader, plan.lead, tuple(plan.operators.split())) if plan else Composition()
        rows.append(RotaRow(
            slot, _p(names, comp.leader), _p(names, comp.lead),
            tuple(Person(u, names.get(u, u)) for u in comp.operators),
            tuple(shifts.warnings(comp, minimum)), tuple(swaps.get(slot.key, [])), plan is not None,
        ))
    return RotaMonth(year, month_no, shifts.pattern_text(starts), minimum, rows)


def _overlaps(db: Database, slot: Slot, comp: Composition) -> None:
    """Refuse a plan that puts someone on two overlapping slots."""
    with db.read() as conn:
        others = conn.execute(
            select(SLOT).where(and_(SLOT.c.station_id == db.station_id, SLOT.c.start_ms < slot.end_ms, SLOT.c.end_ms > slot.start_ms,
                                    SLOT.c.slot_key != slot.key))
        ).all()
    for other in others:
        busy = {other.leader, other.lead, *other.operators.split()} - {""}
        for user in comp.members:
            if user in busy:
                raise ValidationError("rota.double_booked", field="operators", user=user, other=other.slot_key,
                                      slot=slot.key)


def slot_for(db: Database, key: str) -> Slot:
    """A slot by key: of the current pattern, or one planned earlier (under another pattern)."""
    with db.read() as conn:
        row = conn.execute(select(SLOT).where(SLOT.c.station_id == db.station_id, SLOT.c.slot_key == key)).first()
    tz = shifts.zone(db)
    if row is not None:
        return Slot(key, ms_to_datetime(row.start_ms).astimezone(tz), ms_to_datetime(row.end_ms).astimezone(tz))
    return shifts.slot_from_key(shifts.pattern(db), tz, key)


def _check_double(comp: Composition) -> None:
    seen: set[str] = set()
    for user in comp.members:
        if user in seen:
            raise ValidationError("shift.double_role", field="operators", user=user)
        seen.add(user)


def _payload(slot: Slot) -> dict[str, Any]:
    return {"slot_key": slot.key, "day": slot.day, "start_ms": slot.start_ms, "end_ms": slot.end_ms}


def validate_assignment(db: Database, key: str, comp: Composition) -> Slot:
    slot = slot_for(db, key)
    _check_double(comp)
    shifts.validate_composition(db, comp)
    _overlaps(db, slot, comp)
    return slot


def assign(db: Database, actor: Actor, key: str, comp: Composition) -> Changes:
    """Plan the people of one slot (replaces the slot's previous plan)."""
    actor.require(*PLANNERS)
    slot = validate_assignment(db, key, comp)
    with db.write() as w:
        w.record("rota.assign", {**_payload(slot), **comp.payload()}, actor.username)
    return w.changes


def assign_many(db: Database, actor: Actor, plan: Sequence[tuple[str, Composition]]) -> Changes:
    """Plan several slots at once (all or nothing)."""
    actor.require(*PLANNERS)
    items = []
    planned: dict[str, tuple[Slot, Composition]] = {}
    for key, comp in plan:
        slot = validate_assignment(db, key, comp)
        for other, other_comp in planned.values():
            if other.start < slot.end and slot.start < other.end and other.key != slot.key:
                both = set(other_comp.members) & set(comp.members)
                if both:
                    raise ValidationError("rota.double_booked", field="operators", user=sorted(both)[0],
                                          other=other.key, slot=slot.key)
        planned[slot.key] = (slot, comp)
        items.append(("rota.assign", {**_payload(slot), **comp.payload()}, actor.username))
    with db.write() as w:
        w.record_many(items)
    return w.changes


def swap(db: Database, actor: Actor, key: str, role: str, out_user: str, in_user: str, *,
         asked_by: str = "", approved_by: str = "", reason: str = "") -> Changes:
    """换班: `in_user` takes `out_user`'s duty (as leader, lead or operator) on slot `key`."""
    actor.require(*PLANNERS)
    if role not in ROLE_FIELDS:
        raise ValidationError("rota.bad_role", field="role", role=role)
    slot = slot_for(db, key)
    with db.read() as conn:
        row = conn.execute(select(SLOT).where(SLOT.c.station_id == db.station_id, SLOT.c.slot_key == key)).first()
    comp = Composition(row.leader, row.lead, tuple(row.operators.split())) if row else Composition()
    current = comp.operators if role == "operators" else (getattr(comp, role),)
    if out_user not in current:
        raise ValidationError("rota.not_in_slot", field="out", user=out_user, slot=key, role=_role_label(role))
    if out_user == in_user:
        raise ValidationError("rota.swap_same", field="in", user=in_user)
    approver = approved_by or actor.username
    info = accounts.get_account(db, approver)
    if info is None or not {roles.LEADER, roles.SHIFT_LEAD, roles.ADMIN} & set(info.roles):
        raise ValidationError("rota.approver", field="approved_by", user=approver)
    if asked_by and accounts.get_account(db, asked_by) is None:
        raise ValidationError("shift.unknown_user", field="asked_by", user=asked_by)
    new = Composition(
        in_user if role == "leader" else comp.leader,
        in_user if role == "lead" else comp.lead,
        tuple(in_user if u == out_user else u for u in comp.operators) if role == "operators" else comp.operators,
    )
    _check_double(new)
    shifts.validate_composition(db, new)
    _overlaps(db, slot, Composition(operators=(in_user,)))
    payload = {**_payload(slot), "role": role, "out_user": out_user, "in_user": in_user,
               "asked_by": asked_by or out_user, "approved_by": approver, "reason": reason.strip()}
    with db.write() as w:
        w.record("rota.swap", payload, actor.username)
    return w.changes


def _role_label(role: str) -> str:
    return {"leader": roles.label(roles.LEADER), "lead": roles.label(roles.SHIFT_LEAD)}.get(role, roles.label(roles.OPERATOR))


# -- plain data for printing, spreadsheets and --json ---------------------------------------------


def _person(p: Person | None) -> dict[str, str] | None:
    return {"u": p.username, "n": p.name} if p else None


def to_data(rota: RotaMonth, station_name: str, zone_name: str) -> dict[str, Any]:
    """The month as plain data (JSON output; input of the PDF and the spreadsheet)."""
    tz = ZoneInfo(zone_name)
    rows = []
    for r in rota.rows:
        start = r.slot.start.astimezone(tz)
        rows.append({
            "slot": r.slot.key,
            "day": r.slot.day,
            "weekday": start.isoweekday(),
            "start": r.slot.start.isoformat(),
            "end": r.slot.end.isoformat(),
            "leader": _person(r.leader),
            "lead": _person(r.lead),
            "operators": [_person(p) for p in r.operators],
            "planned": r.planned,
            "warnings": list(r.warnings),
            "swaps": [
                {"role": s.role, "out": _person(s.out_user), "in": _person(s.in_user), "asked_by": _person(s.asked_by),
                 "approved_by": _person(s.approved_by), "reason": s.reason, "at": s.at.isoformat()}
                for s in r.swaps
            ],
        })
    return {
        "month": f"{rota.year:04d}-{rota.month:02d}",
        "station": station_name,
        "zone": zone_name,
        "pattern": rota.pattern,
        "minimum": rota.minimum,
        "warnings": rota.warning_count,
        "slots": rows,
    }
