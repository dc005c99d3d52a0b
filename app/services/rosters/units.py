"""Units (队伍): a tree team → post (驻防点) → squad (班) / platoon (排), with strengths.

Strength on duty is derived, never stored: the active members (not resting, not left) of a unit
and everything below it, counted only while the unit's *effective* status is standby or
deployed. A unit's effective status is the newest status event (by HLC) of the unit or any of
its ancestors — a team ordered out takes its squads with it; a later order to one squad
overrides that for the squad. A unit with no member list kept (only its leader, or nobody,
recorded, and no sub-units) reports its planned strength as on duty, marked `estimated`.
A tree edited into a cycle by two stations at once is shown with the cycle broken at the unit
whose parent would close it (the order of ids decides, so every station shows the same tree).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.rosters import common
from app.services.rosters.common import PERSON, UNIT
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.rosters import RosterPhone, RosterStatusEvent
from app.storage.projections import fields
from app.storage.projections.rosters import UNIT_ENTITY, may_write_unit

PHONE = table(RosterPhone)
EVENT = table(RosterStatusEvent)
EDITABLE = ("name", "level", "type", "parent_id", "township", "place", "planned", "leader_id", "phone", "sort", "note")
OFF_DUTY = ("resting", "out")


@dataclass
class UnitInput:
    name: str
    level: str = "team"
    type: str = "other"
    parent: str = ""
    township: str = ""
    place: str = ""
    planned: int | str = 0
    leader: str = ""
    phone: str = ""
    sort: int = 0
    note: str = ""


@dataclass
class UnitNode:
    id: str
    name: str
    level: str
    type: str
    parent: str
    township: str
    place: str
    planned: int
    on_duty: int
    deployed: int
    status: str
    """Effective status (own newest or an ancestor's newer one); '' when never set."""
    own_status: str
    status_ms: int | None
    incident_id: str
    status_place: str
    leader: str
    leader_id: str
    leader_phone: str
    phone: str
    station_id: str
    depth: int = 0
    listed: int = 0
    estimated: bool = False
    children: list[UnitNode] = field(default_factory=list, repr=False)
    status_hlc: str = field(default="", repr=False)
    sort: int = 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("children")
        data.pop("status_hlc")
        return data


def _validate(conn: Connection, data: UnitInput, unit_id: str | None = None) -> dict[str, Any]:
    values: dict[str, Any] = {
        "name": common.text(data.name, "name", required=True),
        "level": common.choice(data.level or "team", "level", common.LEVELS),
        "type": common.choice(data.type or "other", "type", common.UNIT_TYPES),
        "township": common.township(conn, data.township),
        "place": common.text(data.place, "place"),
        "planned": common.count(data.planned, "planned"),
        "phone": common.phone_number(data.phone, "phone", required=False),
        "sort": int(data.sort or 0),
        "note": common.text(data.note, "note", limit=2000),
        "parent_id": "",
        "leader_id": "",
    }
    if data.parent:
        parent = common.resolve_unit(conn, data.parent)
        values["parent_id"] = parent.unit_id
        if unit_id is not None:
            check_parent(conn, unit_id, parent.unit_id, values["name"])
    if data.leader:
        values["leader_id"] = common.resolve_person(conn, data.leader).person_id
    return values


def check_parent(conn: Connection, unit_id: str, parent_id: str, name: str) -> None:
    if parent_id == unit_id:
        raise ValidationError("roster.own_parent", field="parent_id", name=name)
    seen = {unit_id}
    current = parent_id
    while current:
        if current in seen:
            parent_name = conn.execute(select(UNIT.c.name).where(UNIT.c.unit_id == parent_id)).scalar() or parent_id
            raise ValidationError("roster.parent_cycle", field="parent_id", parent=parent_name, name=name)
        seen.add(current)
        current = conn.execute(select(UNIT.c.parent_id).where(UNIT.c.unit_id == current)).scalar() or ""


def create_unit(db: Database, actor: Actor, data: UnitInput) -> tuple[str, Changes]:
    common.require_editor(actor)
    with db.write() as w:
        values = _validate(w.conn, data)
        unit_id = uuid7(db.wall())
        w.record("roster.unit.create", {"unit_id": unit_id, **values}, actor.username)
    return unit_id, w.changes


def edit_unit(db: Database, actor: Actor, ref: str, changes_: dict[str, Any]) -> Changes:
    """Edit fields of a unit (`field -> new value`, raw as typed); each is its own operation."""
    common.require_editor(actor)
    with db.write() as w:
        row = common.resolve_unit(w.conn, ref)
        if not may_write_unit(w.conn, row.station_id, db.station_id):
            raise ValidationError("roster.foreign_unit", field="unit", name=row.name)
        current = dict(row._mapping)
        merged = UnitInput(name=current["name"], level=current["level"], type=current["type"],
                           township=current["township"], place=current["place"], planned=current["planned"],
                           phone=current["phone"], sort=current["sort"], note=current["note"])
        for key, value in changes_.items():
            name = {"parent": "parent_id", "leader": "leader_id"}.get(key, key)
            if name not in EDITABLE:
                raise ValidationError("roster.unknown_field", field=key, name=key, fields=", ".join(EDITABLE))
            setattr(merged, {"parent_id": "parent", "leader_id": "leader"}.get(name, name), value)
        values = _validate(w.conn, merged, row.unit_id)
        if "parent" not in changes_ and "parent_id" not in changes_:
            values["parent_id"] = current["parent_id"]
        if "leader" not in changes_ and "leader_id" not in changes_:
            values["leader_id"] = current["leader_id"]
        written = 0
        for name in EDITABLE:
            if values[name] != current[name]:
                base = fields.current_hlc(w.conn, entity=UNIT_ENTITY, key=row.unit_id, field=name)
                w.record("roster.unit.edit", {"unit_id": row.unit_id, "field": name, "value": values[name],
                                              "base": base}, actor.username)
                written += 1
        if not written:
            first = next(iter(changes_), "name")
            raise ValidationError("roster.unchanged", field=first, name=common.field_name(first))
    return w.changes


# -- reading -------------------------------------------------------------------------------------


def _leaders(conn: Connection, ids: set[str]) -> dict[str, tuple[str, str]]:
    """person id -> (name, first callable number)."""
    if not ids:
        return {}
    result: dict[str, tuple[str, str]] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = sorted(ids)[chunk_start:chunk_start + 500]
        names = dict(conn.execute(select(PERSON.c.person_id, PERSON.c.name).where(PERSON.c.person_id.in_(chunk)))
                     .tuples().all())
        phones: dict[str, str] = {}
        for row in conn.execute(select(PHONE.c.person_id, PHONE.c.number)
                                .where(PHONE.c.person_id.in_(chunk), PHONE.c.invalid.is_(False),
                                       PHONE.c.do_not_call.is_(False))
                                .order_by(PHONE.c.person_id, PHONE.c.rank, PHONE.c.created_hlc)):
            phones.setdefault(row.person_id, row.number)
        for pid in chunk:
            if pid in names:
                result[pid] = (names[pid], phones.get(pid, ""))
    return result


def load_tree(conn: Connection) -> list[UnitNode]:
    """Every unit as a tree (roots in order), strengths and effective statuses filled in."""
    rows = conn.execute(select(UNIT.c.unit_id, UNIT.c.name, UNIT.c.level, UNIT.c.type, UNIT.c.parent_id,
                               UNIT.c.township, UNIT.c.place, UNIT.c.planned, UNIT.c.leader_id, UNIT.c.phone,
                               UNIT.c.sort, UNIT.c.status, UNIT.c.status_hlc, UNIT.c.status_event_id,
                               UNIT.c.station_id)).all()
    counts: dict[str, dict[str, int]] = {}
    for unit_id, status, n in conn.execute(
        select(PERSON.c.unit_id, PERSON.c.status, func.count()).where(PERSON.c.unit_id != "")
        .group_by(PERSON.c.unit_id, PERSON.c.status)
    ).tuples():
        counts.setdefault(unit_id, {})[status] = n
    event_ids = [r.status_event_id for r in rows if r.status_event_id]
    events: dict[str, tuple[int, str, str]] = {}
    for start in range(0, len(event_ids), 500):
        for ev in conn.execute(select(EVENT.c.event_id, EVENT.c.at_ms, EVENT.c.incident_id, EVENT.c.place)
                               .where(EVENT.c.event_id.in_(event_ids[start:start + 500]))):
            events[ev.event_id] = (ev.at_ms, ev.incident_id, ev.place)
    leaders = _leaders(conn, {r.leader_id for r in rows if r.leader_id})
    nodes: dict[str, UnitNode] = {}
    for r in rows:
        at_ms, incident, place = events.get(r.status_event_id, (None, "", ""))
        leader = leaders.get(r.leader_id, ("", ""))
        nodes[r.unit_id] = UnitNode(
            id=r.unit_id, name=r.name, level=r.level, type=r.type, parent=r.parent_id, township=r.township,
            place=r.place, planned=r.planned, on_duty=0, deployed=0, status=r.status, own_status=r.status,
            status_ms=at_ms, incident_id=incident, status_place=place, leader=leader[0], leader_id=r.leader_id,
            leader_phone=leader[1], phone=r.phone, station_id=r.station_id, status_hlc=r.status_hlc, sort=r.sort,
        )
    roots = _link(nodes)
    for root in roots:
        _fill(root, counts, "", None, 0)
    return roots


def _link(nodes: dict[str, UnitNode]) -> list[UnitNode]:
    roots: list[UnitNode] = []
    for unit_id in sorted(nodes):
        node = nodes[unit_id]
        parent = nodes.get(node.parent)
        if parent is None or _closes_cycle(nodes, unit_id):
            roots.append(node)
        else:
            parent.children.append(node)
    key = _order_key
    for node in nodes.values():
        node.children.sort(key=key)
    roots.sort(key=key)
    return roots


def _closes_cycle(nodes: dict[str, UnitNode], unit_id: str) -> bool:
    """True for the smallest id on a cycle of parents (that unit becomes a root)."""
    seen: list[str] = []
    current = unit_id
    while current in nodes and current not in seen:
        seen.append(current)
        current = nodes[current].parent
    if current != unit_id:
        return False
    return unit_id == min(seen)


def _order_key(node: UnitNode) -> tuple[int, str, str]:
    return (node.sort, node.name, node.id)


def _fill(node: UnitNode, counts: dict[str, dict[str, int]], inherited: str, inherited_ev: UnitNode | None,
          depth: int) -> tuple[int, int, int]:
    """Bottom-up strengths; returns (listed, on_duty, deployed) of the subtree."""
    node.depth = depth
    source = node
    if inherited_ev is not None and inherited > node.status_hlc:
        source = inherited_ev
        node.status, node.status_ms = inherited_ev.status, inherited_ev.status_ms
        node.incident_id, node.status_place = inherited_ev.incident_id, inherited_ev.status_place
    eff_hlc = max(inherited, node.status_hlc)
    own = counts.get(node.id, {})
    listed = own.get("active", 0) + own.get("resting", 0)
    active = own.get("active", 0)
    on_duty = 0 if node.status in OFF_DUTY else active
    deployed = on_duty if node.status == "deployed" else 0
    planned_children = 0
    for child in node.children:
        c_listed, c_on, c_dep = _fill(child, counts, eff_hlc, source, depth + 1)
        listed += c_listed
        on_duty += c_on
        deployed += c_dep
        planned_children += child.planned
    if node.planned == 0:
        node.planned = planned_children
    if listed - (1 if node.leader_id else 0) <= 0 and node.planned > listed and not node.children:
        node.estimated = True
        on_duty = 0 if node.status in OFF_DUTY else node.planned
        deployed = on_duty if node.status == "deployed" else 0
    node.listed, node.on_duty, node.deployed = listed, on_duty, deployed
    return listed, on_duty, deployed


def flatten(roots: list[UnitNode]) -> list[UnitNode]:
    out: list[UnitNode] = []
    stack = list(reversed(roots))
    while stack:
        node = stack.pop()
        out.append(node)
        stack.extend(reversed(node.children))
    return out


def subtree_ids(roots: list[UnitNode], unit_ids: set[str]) -> list[str]:
    """The given units and everything below them, in tree order."""
    out: list[str] = []
    for node in flatten(roots):
        if node.id in unit_ids:
            out.extend(n.id for n in flatten([node]) if n.id not in out)
    return out


def list_units(db: Database, *, township: str | None = None, status: str | None = None) -> list[UnitNode]:
    """Units in tree order (the `team list` rows), optionally of one township / effective status."""
    with db.read() as conn:
        town = common.township(conn, township) if township else ""
        wanted = common.choice(status, "status", common.STATUSES, common.STATUS_ALIASES) if status else ""
        nodes = flatten(load_tree(conn))
    return [n for n in nodes if (not town or n.township == town) and (not wanted or n.status == wanted)]


def board(db: Database) -> list[UnitNode]:
    """The status board: every top-level team with its sub-units (children filled in)."""
    with db.read() as conn:
        return load_tree(conn)


def get_unit(db: Database, ref: str) -> Any:
    with db.read() as conn:
        return common.resolve_unit(conn, ref)


def unit_names(conn: Connection) -> dict[str, str]:
    return dict(conn.execute(select(UNIT.c.unit_id, UNIT.c.name)).tuples().all())
