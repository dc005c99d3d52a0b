"""Phones (several per person, in call order) and their re-verification.

Each number keeps when it was last verified and by whom (the newest `roster.phone.verify` by
HLC), and two flags: `invalid` (the number no longer works) and `do_not_call`. Call lists skip
flagged numbers. The re-verification list holds callable numbers not verified for more than N
days (default 180; never-verified numbers count from when they were entered).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, or_, select

from app.clock import Hlc
from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.rosters import common
from app.services.rosters.common import PERSON, UNIT
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.rosters import RosterPhone
from app.storage.projections import fields
from app.storage.projections.rosters import PHONE_ENTITY, digits

PHONE = table(RosterPhone)
EDITABLE = ("number", "label", "rank", "invalid", "do_not_call")
DEFAULT_DAYS = 180
DAY_MS = 86_400_000


def _row_json(r: Any) -> dict[str, Any]:
    return {"id": r.phone_id, "number": r.number, "label": r.label, "rank": r.rank, "invalid": bool(r.invalid),
            "do_not_call": bool(r.do_not_call), "verified_ms": r.verified_ms, "verified_by": r.verified_by,
            "callable": not r.invalid and not r.do_not_call}


def phones_of(conn: Connection, person_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """person id -> phones in call order (rank, then when entered)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(person_ids), 500):
        for r in conn.execute(select(PHONE).where(PHONE.c.person_id.in_(person_ids[start:start + 500]))
                              .order_by(PHONE.c.person_id, PHONE.c.rank, PHONE.c.created_hlc)):
            out.setdefault(r.person_id, []).append(_row_json(r))
    return out


def _find_phone(conn: Connection, person: Any, ref: str) -> Any:
    ref = ref.strip()
    rows = conn.execute(select(PHONE).where(PHONE.c.person_id == person.person_id)).all()
    for r in rows:
        if r.phone_id == ref or (ref and digits(ref) and r.digits == digits(ref)):
            return r
    if ref.isdigit() and len(ref) <= 2:  # "1" = the first number in call order
        ordered = sorted(rows, key=lambda r: (r.rank, r.created_hlc))
        if 1 <= int(ref) <= len(ordered):
            return ordered[int(ref) - 1]
    raise ValidationError("roster.unknown_phone", field="phone", person=person.name, ref=ref)


def add_phone(db: Database, actor: Actor, person: str, number: str, *, label: str = "",
              rank: int | None = None) -> tuple[str, Changes]:
    common.require_editor(actor)
    with db.write() as w:
        row = common.resolve_person(w.conn, person)
        value = common.phone_number(number, "phone")
        existing = w.conn.execute(select(PHONE.c.digits, PHONE.c.rank).where(PHONE.c.person_id == row.person_id)).all()
        if any(e.digits == digits(value) for e in existing):
            raise ValidationError("roster.duplicate_phone", field="phone", name=row.name, value=value)
        next_rank = rank if rank is not None else max([e.rank for e in existing], default=0) + 1
        phone_id = uuid7(db.wall())
        w.record("roster.phone.add", {"phone_id": phone_id, "person_id": row.person_id, "number": value,
                                      "label": common.text(label, "label", limit=24),
                                      "rank": common.count(next_rank, "rank", 99)}, actor.username)
    return phone_id, w.changes


def edit_phone(db: Database, actor: Actor, person: str, phone: str, field: str, value: Any) -> Changes:
    """Change one field of a phone; flags (`invalid`, `do_not_call`) may also be set by operators."""
    if field not in EDITABLE:
        raise ValidationError("roster.unknown_field", field=field, name=field, fields=", ".join(EDITABLE))
    if field in ("invalid", "do_not_call"):
        common.require_status_setter(actor)
    else:
        common.require_editor(actor)
    with db.write() as w:
        row = common.resolve_person(w.conn, person)
        ph = _find_phone(w.conn, row, phone)
        if field == "number":
            new: Any = common.phone_number(value, "number")
        elif field == "rank":
            new = common.count(value, "rank", 99)
        elif field in ("invalid", "do_not_call"):
            new = value if isinstance(value, bool) else str(value).strip().lower() in ("1", "true", "yes", "是", "y")
        else:
            new = common.text(value, "label", limit=24)
        if new == getattr(ph, field):
            raise ValidationError("roster.unchanged", field=field, name=common.field_name(field))
        base = fields.current_hlc(w.conn, entity=PHONE_ENTITY, key=ph.phone_id, field=field)
        w.record("roster.phone.edit", {"phone_id": ph.phone_id, "field": field, "value": new, "base": base},
                 actor.username)
    return w.changes


def verify(db: Database, actor: Actor, person: str, phone: str) -> Changes:
    """Record that the number was checked just now (by calling it) and works."""
    common.require_status_setter(actor)
    with db.write() as w:
        row = common.resolve_person(w.conn, person)
        ph = _find_phone(w.conn, row, phone)
        w.record("roster.phone.verify", {"phone_id": ph.phone_id}, actor.username)
    return w.changes


def verify_ids(db: Database, actor: Actor, phone_ids: list[str]) -> Changes:
    """Verified-now for several numbers at once (the re-verification list's button)."""
    common.require_status_setter(actor)
    with db.write() as w:
        known = set(w.conn.execute(select(PHONE.c.phone_id).where(PHONE.c.phone_id.in_(phone_ids))).scalars())
        for phone_id in phone_ids:
            if phone_id in known:
                w.record("roster.phone.verify", {"phone_id": phone_id}, actor.username)
    return w.changes


@dataclass(frozen=True)
class StaleNumber:
    phone_id: str
    person_id: str
    name: str
    unit: str
    number: str
    verified_ms: int | None
    verified_by: str
    age_days: int

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def stale(db: Database, days: int | str = DEFAULT_DAYS) -> list[StaleNumber]:
    """Callable numbers of people still on the roster not verified for more than `days` days."""
    try:
        n = int(days)
    except (TypeError, ValueError):
        n = -1
    if not 1 <= n <= 3650:
        raise ValidationError("roster.bad_days", field="days", value=days)
    now = db.wall()
    cutoff = now - n * DAY_MS
    with db.read() as conn:
        rows = conn.execute(
            select(PHONE.c.phone_id, PHONE.c.person_id, PHONE.c.number, PHONE.c.verified_ms, PHONE.c.verified_by,
                   PHONE.c.created_hlc, PERSON.c.name, UNIT.c.name.label("unit"))
            .join(PERSON, PERSON.c.person_id == PHONE.c.person_id)
            .outerjoin(UNIT, UNIT.c.unit_id == PERSON.c.unit_id)
            .where(PERSON.c.status != "left", PHONE.c.invalid.is_(False), PHONE.c.do_not_call.is_(False),
                   or_(PHONE.c.verified_ms.is_(None), PHONE.c.verified_ms < cutoff))
        ).all()
    out = []
    for r in rows:
        since = r.verified_ms if r.verified_ms is not None else Hlc.decode(r.created_hlc).wall_ms
        if since >= cutoff:
            continue
        out.append(StaleNumber(r.phone_id, r.person_id, r.name, r.unit or "", r.number, r.verified_ms,
                               r.verified_by, (now - since) // DAY_MS))
    out.sort(key=lambda s: (-s.age_days, s.unit, s.name))
    return out


__all__ = ["DEFAULT_DAYS", "StaleNumber", "add_phone", "edit_phone", "phones_of", "stale",
           "verify", "verify_ids"]
