"""People (人员): kept forever (active / resting / left), their unit memberships, and the detail
the member table and `team show` print (phones in call order, qualifications, equipment held,
field conflicts → "verify")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.rosters import common, equipment
from app.services.rosters.common import PERSON, UNIT
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.rosters import RosterMembership, RosterPhone
from app.storage.oplog import Writer
from app.storage.projections import fields
from app.storage.projections.rosters import PERSON_ENTITY, PHONE_ENTITY, digits

PHONE = table(RosterPhone)
MEMBER = table(RosterMembership)
EDITABLE = ("name", "id_number", "gender", "title", "status", "note")
GENDERS = {"男": "男", "女": "女", "m": "男", "f": "女", "male": "男", "female": "女", "": ""}


@dataclass
class PersonInput:
    name: str
    id_number: str = ""
    gender: str = ""
    title: str = ""
    unit: str = ""
    role: str = "member"
    from_date: str = ""
    phones: list[str] = field(default_factory=list)
    note: str = ""


def _gender(value: object) -> str:
    raw = common.text(value, "gender", limit=8)
    if raw.lower() not in GENDERS:
        raise ValidationError("roster.bad_choice", field="gender", name=common.field_name("gender"), value=raw,
                              choices="男、女")
    return GENDERS[raw.lower()]


def validate_person(conn: Connection, data: PersonInput) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": common.text(data.name, "name", required=True, limit=60),
        "id_number": common.id_number(data.id_number),
        "gender": _gender(data.gender),
        "title": common.text(data.title, "title", limit=60),
        "note": common.text(data.note, "note", limit=2000),
        "unit_id": common.resolve_unit(conn, data.unit).unit_id if data.unit else "",
        "role": common.choice(data.role or "member", "role", common.MEMBER_ROLES),
        "from_date": common.iso_date(data.from_date, "from_date"),
        "phones": [common.phone_number(p, "phone") for p in data.phones if str(p).strip()],
    }
    if len({digits(p) for p in values["phones"]}) != len(values["phones"]):
        raise ValidationError("roster.duplicate_phone", field="phone", name=values["name"],
                              value=values["phones"][-1])
    return values


def find_existing(conn: Connection, id_number: str, name: str, phones: list[str]) -> tuple[Any, str] | None:
    """The person a new record would duplicate: same ID number, or same name and a same phone."""
    if id_number:
        row = conn.execute(select(PERSON).where(PERSON.c.id_number == id_number)).first()
        if row is not None:
            return row, id_number
    wanted = {digits(p) for p in phones if digits(p)}
    if wanted:
        for row in conn.execute(select(PERSON).where(PERSON.c.name == name)).all():
            have = set(conn.execute(select(PHONE.c.digits).where(PHONE.c.person_id == row.person_id)).scalars())
            both = wanted & have
            if both:
                return row, sorted(both)[0]
    return None


def record_person(w: Writer, actor: Actor, values: dict[str, Any], today: str) -> str:
    person_id = uuid7(w.ctx.clock.wall())
    w.record("roster.person.create", {
        "person_id": person_id, "name": values["name"], "id_number": values["id_number"], "gender": values["gender"],
        "title": values["title"], "note": values["note"], "status": "active",
    }, actor.username)
    if values["unit_id"]:
        w.record("roster.member.assign", {"person_id": person_id, "unit_id": values["unit_id"], "role": values["role"],
                                          "from_date": values["from_date"] or today}, actor.username)
    for rank, number in enumerate(values["phones"], start=1):
        w.record("roster.phone.add", {"phone_id": uuid7(w.ctx.clock.wall()), "person_id": person_id, "number": number,
                                      "label": "", "rank": rank}, actor.username)
    return person_id


def add_person(db: Database, actor: Actor, data: PersonInput) -> tuple[str, Changes]:
    common.require_editor(actor)
    with db.write() as w:
        values = validate_person(w.conn, data)
        found = find_existing(w.conn, values["id_number"], values["name"], values["phones"])
        if found is not None:
            raise ValidationError("roster.duplicate_person", field="name", name=found[0].name, match=found[1])
        person_id = record_person(w, actor, values, common.today(db.wall()).isoformat())
    return person_id, w.changes


def edit_person(db: Database, actor: Actor, ref: str, changes_: dict[str, Any]) -> Changes:
    common.require_editor(actor)
    with db.write() as w:
        row = common.resolve_person(w.conn, ref)
        written = 0
        for name, raw in changes_.items():
            if name not in EDITABLE:
                raise ValidationError("roster.unknown_field", field=name, name=name, fields=", ".join(EDITABLE))
            if name == "status":
                value: Any = common.choice(raw, "status", {k: v for k, v in common.PERSON_STATUSES.items()
                                                            if k != "left"})
                if row.status == "left":
                    raise ValidationError("roster.already_left", field="status", name=row.name)
            elif name == "id_number":
                value = common.id_number(raw)
            elif name == "gender":
                value = _gender(raw)
            else:
                value = common.text(raw, name, required=name == "name", limit=2000 if name == "note" else 60)
            if value == getattr(row, name):
                continue
            base = fields.current_hlc(w.conn, entity=PERSON_ENTITY, key=row.person_id, field=name)
            w.record("roster.person.edit", {"person_id": row.person_id, "field": name, "value": value, "base": base},
                     actor.username)
            written += 1
        if not written:
            first = next(iter(changes_), "name")
            raise ValidationError("roster.unchanged", field=first, name=common.field_name(first))
    return w.changes


def assign(db: Database, actor: Actor, ref: str, unit: str, role: str = "member", from_date: str = "") -> Changes:
    """Move a person to a unit ('' = no unit) with a role; the old membership stays in the history."""
    common.require_editor(actor)
    with db.write() as w:
        row = common.resolve_person(w.conn, ref)
        if row.status == "left":
            raise ValidationError("roster.left_person", field="unit", name=row.name)
        unit_id = common.resolve_unit(w.conn, unit).unit_id if unit else ""
        code = common.choice(role or "member", "role", common.MEMBER_ROLES)
        day = common.iso_date(from_date, "from_date") or common.today(db.wall()).isoformat()
        if unit_id == row.unit_id and code == row.role:
            raise ValidationError("roster.unchanged", field="unit", name=common.field_name("unit"))
        w.record("roster.member.assign", {"person_id": row.person_id, "unit_id": unit_id, "role": code,
                                          "from_date": day}, actor.username)
    return w.changes


def leave(db: Database, actor: Actor, ref: str, on: str = "", note: str = "") -> Changes:
    """Mark a person left (kept forever). Refused while they hold equipment from the supply ledger."""
    common.require_editor(actor)
    with db.write() as w:
        row = common.resolve_person(w.conn, ref)
        if row.status == "left":
            raise ValidationError("roster.already_left", field="status", name=row.name)
        held = equipment.held(db, "person", row.person_id)
        if held:
            raise ValidationError("roster.holds_equipment", field="status", name=row.name,
                                  items="、".join(item["label"] for item in held[:5]))
        day = common.iso_date(on, "left_on") or common.today(db.wall()).isoformat()
        for name, value in (("status", "left"), ("left_on", day)):
            base = fields.current_hlc(w.conn, entity=PERSON_ENTITY, key=row.person_id, field=name)
            w.record("roster.person.edit", {"person_id": row.person_id, "field": name, "value": value, "base": base},
                     actor.username)
        if note:
            base = fields.current_hlc(w.conn, entity=PERSON_ENTITY, key=row.person_id, field="note")
            w.record("roster.person.edit", {"person_id": row.person_id, "field": "note",
                                            "value": common.text(note, "note", limit=2000), "base": base},
                     actor.username)
    return w.changes


# -- reading -------------------------------------------------------------------------------------


def flagged(conn: Connection) -> dict[str, list[dict[str, Any]]]:
    """person id -> field conflicts of the person or their phones (flagged "verify")."""
    out: dict[str, list[dict[str, Any]]] = {}
    for c in fields.conflicts(conn, PERSON_ENTITY):
        out.setdefault(c.key, []).append({"entity": c.entity, "key": c.key, "field": c.field,
                                          "value": c.winner_value, "lost": c.loser_value,
                                          "lost_by": c.loser_author})
    phone_conflicts = fields.conflicts(conn, PHONE_ENTITY)
    if phone_conflicts:
        owners = dict(conn.execute(select(PHONE.c.phone_id, PHONE.c.person_id)
                                   .where(PHONE.c.phone_id.in_({c.key for c in phone_conflicts}))).tuples().all())
        for c in phone_conflicts:
            if c.key in owners:
                out.setdefault(owners[c.key], []).append({"entity": c.entity, "key": c.key, "field": c.field,
                                                          "value": c.winner_value, "lost": c.loser_value,
                                                          "lost_by": c.loser_author})
    return out


def members_of(conn: Connection, unit_ids: list[str], *, include_left: bool = False) -> list[Any]:
    """Person rows of the units, in the units' order, leaders first, then by name."""
    rank = {uid: n for n, uid in enumerate(unit_ids)}
    rows: list[Any] = []
    for start in range(0, len(unit_ids), 500):
        stmt = select(PERSON).where(PERSON.c.unit_id.in_(unit_ids[start:start + 500]))
        if not include_left:
            stmt = stmt.where(PERSON.c.status != "left")
        rows.extend(conn.execute(stmt).all())
    role_rank = {code: n for n, code in enumerate(common.MEMBER_ROLES)}
    rows.sort(key=lambda r: (rank.get(r.unit_id, 0), role_rank.get(r.role, 99), r.name, r.person_id))
    return rows


def history(conn: Connection, person_id: str) -> list[dict[str, Any]]:
    names = dict(conn.execute(select(UNIT.c.unit_id, UNIT.c.name)).tuples().all())
    rows = conn.execute(select(MEMBER).where(MEMBER.c.person_id == person_id)
                        .order_by(MEMBER.c.hlc, MEMBER.c.membership_id)).all()
    return [{"unit_id": r.unit_id, "unit": names.get(r.unit_id, ""), "role": r.role, "from": r.from_date,
             "by": r.author} for r in rows]


def person_detail(db: Database, ref: str, *, warn_days: int = 30) -> dict[str, Any]:
    from app.services.rosters import phones, qualifications

    with db.read() as conn:
        row = common.resolve_person(conn, ref)
        unit = conn.execute(select(UNIT.c.name).where(UNIT.c.unit_id == row.unit_id)).scalar() or ""
        today = common.today(db.wall())
        data = {
            "id": row.person_id, "name": row.name, "id_number": row.id_number, "gender": row.gender,
            "title": row.title, "status": row.status, "left_on": row.left_on, "note": row.note,
            "unit_id": row.unit_id, "unit": unit, "role": row.role,
            "phones": phones.phones_of(conn, [row.person_id]).get(row.person_id, []),
            "qualifications": qualifications.of_people(conn, [row.person_id], today, warn_days).get(row.person_id, []),
            "memberships": history(conn, row.person_id),
            "conflicts": flagged(conn).get(row.person_id, []),
        }
    data["verify"] = bool(data["conflicts"])
    data["equipment"] = equipment.held(db, "person", row.person_id)
    return data
