"""The liaison directory (联络通讯录): county departments' liaison officers (防灾减灾联络员), each
village's disaster-prevention assistant (助理员) and information officer (信息员), and each
township's duty phone. A post links a person of the roster (one person may serve two villages:
two posts, one person, one set of phones to keep verified)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.rosters import common, people, phones
from app.services.rosters.common import PERSON
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.rosters import RosterPost
from app.storage.projections import fields
from app.storage.projections.rosters_directory import POST_ENTITY

POST = table(RosterPost)
ROLE_ORDER = {"duty_phone": 0, "liaison": 1, "assistant": 2, "info_officer": 3}


@dataclass
class PostInput:
    role: str
    township: str = ""
    village: str = ""
    department: str = ""
    person: str = ""
    """An existing person (id or unambiguous name) — or, with `name`, a new one."""
    name: str = ""
    phones: tuple[str, ...] = ()
    phone: str = ""
    """The post's own number (township duty phone)."""


def add_post(db: Database, actor: Actor, data: PostInput) -> tuple[str, Changes]:
    common.require_editor(actor)
    role = common.choice(data.role, "role", common.POST_ROLES)
    with db.write() as w:
        town = common.township(w.conn, data.township, required=role != "liaison")
        village = common.text(data.village, "village", required=role in ("assistant", "info_officer"), limit=60)
        department = common.text(data.department, "department", required=role == "liaison")
        own_phone = common.phone_number(data.phone, "phone", required=role == "duty_phone")
        person_id = ""
        if data.person:
            person_id = common.resolve_person(w.conn, data.person).person_id
        elif data.name:
            values = people.validate_person(w.conn, people.PersonInput(name=data.name, phones=list(data.phones),
                                                                        title=department or village))
            found = people.find_existing(w.conn, "", values["name"], values["phones"])
            person_id = found[0].person_id if found else people.record_person(
                w, actor, values, common.today(db.wall()).isoformat())
        elif role != "duty_phone":
            raise ValidationError("roster.required", field="person", name=common.field_name("person_id"))
        post_id = uuid7(db.wall())
        w.record("roster.post.create", {"post_id": post_id, "role": role, "township": town, "village": village,
                                        "department": department, "person_id": person_id, "phone": own_phone},
                 actor.username)
    return post_id, w.changes


def end_post(db: Database, actor: Actor, post_id: str) -> Changes:
    common.require_editor(actor)
    with db.write() as w:
        if w.conn.execute(select(POST.c.post_id).where(POST.c.post_id == post_id)).first() is None:
            raise ValidationError("roster.unknown_person", field="post", ref=post_id)
        base = fields.current_hlc(w.conn, entity=POST_ENTITY, key=post_id, field="ended")
        w.record("roster.post.edit", {"post_id": post_id, "field": "ended", "value": True, "base": base},
                 actor.username)
    return w.changes


def list_directory(db: Database, township: str | None = None, *, role: str | None = None) -> list[dict[str, Any]]:
    """Rows with `township`, `village`, `department`, `role`, `name`, `person_id`, `phones` (callable
    numbers in call order) and `all_phones` (with flags), ordered by township, village, role."""
    with db.read() as conn:
        town = common.township(conn, township) if township else ""
        code = common.choice(role, "role", common.POST_ROLES) if role else ""
        stmt = select(POST, PERSON.c.name, PERSON.c.status).outerjoin(PERSON, PERSON.c.person_id == POST.c.person_id) \
            .where(POST.c.ended.is_(False))
        if town:
            stmt = stmt.where(POST.c.township == town)
        if code:
            stmt = stmt.where(POST.c.role == code)
        rows = conn.execute(stmt).all()
        numbers = phones.phones_of(conn, sorted({r.person_id for r in rows if r.person_id}))
        sort = {n: i for i, n in enumerate(conn.execute(select(common.TOWNSHIP.c.name)
                                                         .order_by(common.TOWNSHIP.c.sort)).scalars())}
    out = []
    for r in rows:
        listed = numbers.get(r.person_id, [])
        callable_ = [p["number"] for p in listed if p["callable"]]
        if r.phone:
            callable_.insert(0, r.phone)
        out.append({"id": r.post_id, "township": r.township, "village": r.village, "department": r.department,
                    "role": r.role, "role_label": common.label(r.role, common.POST_ROLES), "name": r.name or "",
                    "person_id": r.person_id, "person_left": r.status == "left", "phones": callable_,
                    "all_phones": listed})
    out.sort(key=lambda d: (sort.get(d["township"], 99), d["village"], ROLE_ORDER.get(d["role"], 9),
                            d["department"], d["name"]))
    return out
