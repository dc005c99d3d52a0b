"""Call lists (呼叫名单) and roll calls (点名).

A call list is, for a township (its units and its directory: duty phone, village assistants and
information officers) and/or a selection of units (with everything below them), the people in
order — unit by unit in tree order, leaders first — each with their numbers in call order,
skipping numbers flagged invalid or do-not-call (how many were skipped is shown). People who
left are not on it; someone with no callable number is listed so the gap is seen.

A roll call records the list it started from and, per person, every answer (answered / no
answer / unreachable) with when and by whom; the latest answer is the one shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.rosters import common, directory, people, phones, units
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.rosters import RosterRollAnswer, RosterRollCall

ROLL = table(RosterRollCall)
ANSWER = table(RosterRollAnswer)
OUTCOMES = {"answered": ("已应答", "Answered"), "no_answer": ("未接", "No answer"),
            "unreachable": ("无法接通", "Unreachable")}


@dataclass
class CallEntry:
    section: str
    """Unit name, or the directory heading (“五印乡 · 乡镇值班电话”)."""
    person_id: str
    name: str
    role: str
    numbers: list[dict[str, Any]] = field(default_factory=list)
    """Callable phones in call order: {id, number, label}."""
    skipped: int = 0

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class CallList:
    title: str
    township: str
    unit_ids: list[str]
    entries: list[CallEntry]
    generated_ms: int

    @property
    def person_ids(self) -> list[str]:
        seen: list[str] = []
        for e in self.entries:
            if e.person_id and e.person_id not in seen:
                seen.append(e.person_id)
        return seen

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "township": self.township, "unit_ids": self.unit_ids,
                "generated_ms": self.generated_ms, "entries": [e.to_json() for e in self.entries]}


def _numbers(listed: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    ok = [{"id": p["id"], "number": p["number"], "label": p["label"]} for p in listed if p["callable"]]
    return ok, len(listed) - len(ok)


@dataclass(frozen=True)
class _Head:
    person_id: str
    name: str
    unit_id: str
    role: str = "leader"


def _heads(conn: Any, roots: list[units.UnitNode], unit_ids: list[str], listed: set[str]) -> list[_Head]:
    """Leaders of the chosen units who are not members of them (a team's head from another body)."""
    chosen = set(unit_ids)
    out: list[_Head] = []
    for node in units.flatten(roots):
        if node.id in chosen and node.leader_id and node.leader_id not in listed:
            out.append(_Head(node.leader_id, node.leader, node.id))
            listed.add(node.leader_id)
    return out


def build(db: Database, *, township: str = "", units_: list[str] | None = None) -> CallList:
    refs = [u for u in (units_ or []) if u.strip()]
    with db.read() as conn:
        town = common.township(conn, township) if township else ""
        roots = units.load_tree(conn)
        wanted = {common.resolve_unit(conn, r).unit_id for r in refs}
        if town:
            wanted |= {n.id for n in units.flatten(roots) if n.township == town}
        unit_ids = units.subtree_ids(roots, wanted)
        names = units.unit_names(conn)
        members = people.members_of(conn, unit_ids)
        listed = {m.person_id for m in members}
        heads = _heads(conn, roots, unit_ids, listed)
        numbers = phones.phones_of(conn, [m.person_id for m in [*heads, *members]])
    entries: list[CallEntry] = []
    if town:
        for row in directory.list_directory(db, town):
            heading = " · ".join(x for x in (row["township"], row["village"] or row["department"],
                                             row["role_label"]) if x)
            listed = row["all_phones"]
            ok, skipped = _numbers(listed)
            if row["person_id"] == "" and row["phones"]:
                ok = [{"id": "", "number": row["phones"][0], "label": ""}]
            entries.append(CallEntry(heading, row["person_id"], row["name"] or row["role_label"], row["role"], ok,
                                     skipped))
    for m in [*heads, *members]:
        ok, skipped = _numbers(numbers.get(m.person_id, []))
        entries.append(CallEntry(names.get(m.unit_id, ""), m.person_id, m.name, m.role, ok, skipped))
    if not entries:
        raise ValidationError("roster.nothing_to_call", field="township")
    parts = [town] if town else []
    parts += [names[u] for u in unit_ids if u in wanted and u not in parts][:4]
    title = "、".join(parts)
    return CallList(title, town, unit_ids, entries, db.wall())


# -- roll call ------------------------------------------------------------------------------------


def start_roll(db: Database, actor: Actor, calllist: CallList, title: str = "") -> tuple[str, Changes]:
    common.require_status_setter(actor)
    roll_id = uuid7(db.wall())
    with db.write() as w:
        w.record("roster.roll.start", {"roll_id": roll_id, "title": common.text(title or calllist.title, "name",
                                                                                limit=200),
                                       "person_ids": calllist.person_ids}, actor.username)
    return roll_id, w.changes


def answer(db: Database, actor: Actor, roll_id: str, person_id: str, outcome: str = "answered",
           phone_id: str = "") -> Changes:
    common.require_status_setter(actor)
    code = common.choice(outcome, "outcome", OUTCOMES)
    with db.write() as w:
        roll = w.conn.execute(select(ROLL).where(ROLL.c.roll_id == roll_id)).first()
        if roll is None:
            raise ValidationError("roster.unknown_roll", field="roll", ref=roll_id)
        if person_id not in roll.person_ids.split():
            raise ValidationError("roster.not_on_roll", field="person", name=person_id)
        w.record("roster.roll.answer", {"roll_id": roll_id, "person_id": person_id, "phone_id": phone_id,
                                        "outcome": code}, actor.username)
    return w.changes


def roll_state(db: Database, roll_id: str) -> dict[str, dict[str, Any]]:
    """person id -> latest answer {outcome, at_ms, author, phone_id} of the roll call."""
    with db.read() as conn:
        rows = conn.execute(select(ANSWER).where(ANSWER.c.roll_id == roll_id)
                            .order_by(ANSWER.c.person_id, ANSWER.c.hlc)).all()
    state: dict[str, dict[str, Any]] = {}
    for r in rows:
        state[r.person_id] = {"outcome": r.outcome, "at_ms": r.at_ms, "author": r.author, "phone_id": r.phone_id}
    return state
