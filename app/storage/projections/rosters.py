"""Projections of rosters: units, people, memberships, phones, qualifications (docs/rosters.md).

Order-independent. A record's editable fields merge through `field_edit` (newest HLC wins per
field); edits that arrive before their record are overlaid when it is created. Memberships are
append-only: the newest by HLC is the person's current unit (copied into `roster_person`).

Authority (`@authority.rule`): a unit belongs to the station that created it. Its fields and
its status events may be written by that station or by a county-level station (a station
whose code is not a township's 9-digit code, e.g. 532927). People, phones, qualifications,
memberships, directory posts and roll calls are county-wide records any trusted station may
write (the field merge settles concurrent edits). An edit or status event that arrives before
its unit is kept and judged when the unit arrives, so every arrival order gives the same tables.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, delete, insert, select, update

from app.storage import authority
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.fields import FieldEdit
from app.storage.models.oplog import Operation
from app.storage.models.rosters import (
    RosterMembership,
    RosterPerson,
    RosterPhone,
    RosterQualification,
    RosterStatusEvent,
    RosterUnit,
)
from app.storage.models.station import Station, Township
from app.storage.ops import Op
from app.storage.projections import fields, projector

UNIT = table(RosterUnit)
PERSON = table(RosterPerson)
MEMBER = table(RosterMembership)
PHONE = table(RosterPhone)
QUAL = table(RosterQualification)
EVENT = table(RosterStatusEvent)
EDITS = table(FieldEdit)
OPLOG = table(Operation)
STATION = table(Station)
TOWNSHIP = table(Township)

UNIT_ENTITY, PERSON_ENTITY, PHONE_ENTITY = "roster_unit", "roster_person", "roster_phone"
UNIT_FIELDS = ("name", "level", "type", "parent_id", "township", "place", "planned", "leader_id", "phone",
               "sort", "note")
PERSON_FIELDS = ("name", "id_number", "gender", "title", "status", "left_on", "note")
PHONE_FIELDS = ("number", "label", "rank", "invalid", "do_not_call")


def digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit())


# -- authority ------------------------------------------------------------------------------------


def is_county_station(conn: Connection, station_id: str) -> bool:
    """A county-level station: known, and its code is not one of the townships' codes."""
    code = conn.execute(select(STATION.c.code).where(STATION.c.station_id == station_id)).scalar()
    if code is None:
        return False
    return conn.execute(select(TOWNSHIP.c.code).where(TOWNSHIP.c.code == code)).first() is None


def may_write_unit(conn: Connection, owner: str, station_id: str) -> bool:
    return owner == station_id or is_county_station(conn, station_id)


@authority.rule("roster.unit.edit", "roster.status")
def _unit_owner(conn: Connection, op: Op) -> str | None:
    owner = conn.execute(select(UNIT.c.station_id).where(UNIT.c.unit_id == op.data.get("unit_id", ""))).scalar()
    if owner is None:
        return None  # judged when the unit arrives (unit_create drops what its owner would refuse)
    return None if may_write_unit(conn, owner, op.station_id) else "roster.foreign_unit"


def _op_stations(conn: Connection, op_ids: list[str]) -> dict[str, str]:
    if not op_ids:
        return {}
    rows = conn.execute(select(OPLOG.c.op_id, OPLOG.c.station_id).where(OPLOG.c.op_id.in_(op_ids))).all()
    return {r.op_id: r.station_id for r in rows}


def _overlay(conn: Connection, entity: str, key: str, allowed: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in fields.overlay(conn, entity=entity, key=key).items() if k in allowed}


# -- units ------------------------------------------------------------------------------------------


@projector("roster.unit.create")
def unit_create(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    unit_id = d["unit_id"]
    if conn.execute(select(UNIT.c.unit_id).where(UNIT.c.unit_id == unit_id)).first():
        return
    owner = op.station_id
    # edits and status events that arrived before the unit: drop those its owner would refuse
    early = conn.execute(select(EDITS.c.op_id).where(and_(EDITS.c.entity == UNIT_ENTITY,
                                                          EDITS.c.entity_key == unit_id))).scalars().all()
    early_events = conn.execute(select(EVENT.c.event_id, EVENT.c.station_id)
                                .where(EVENT.c.unit_id == unit_id)).all()
    stations = _op_stations(conn, list(early))
    refused = [o for o in early if not may_write_unit(conn, owner, stations.get(o, ""))]
    if refused:
        conn.execute(delete(EDITS).where(EDITS.c.op_id.in_(refused)))
    refused_events = [e.event_id for e in early_events if not may_write_unit(conn, owner, e.station_id)]
    if refused_events:
        conn.execute(delete(EVENT).where(EVENT.c.event_id.in_(refused_events)))
    values: dict[str, Any] = {
        "unit_id": unit_id, "station_id": owner, "name": d["name"], "level": d.get("level", "team"),
        "type": d.get("type", "other"), "parent_id": d.get("parent_id", ""), "township": d.get("township", ""),
        "place": d.get("place", ""), "planned": int(d.get("planned", 0)), "leader_id": d.get("leader_id", ""),
        "phone": d.get("phone", ""), "sort": int(d.get("sort", 0)), "note": d.get("note", ""),
        "created_hlc": op.hlc, "created_by": op.author, "status": "", "status_event_id": "", "status_hlc": "",
    }
    values.update(_overlay(conn, UNIT_ENTITY, unit_id, UNIT_FIELDS))
    latest = conn.execute(select(EVENT.c.event_id, EVENT.c.status, EVENT.c.hlc).where(EVENT.c.unit_id == unit_id)
                          .order_by(EVENT.c.hlc.desc(), EVENT.c.event_id.desc()).limit(1)).first()
    if latest is not None:
        values.update(status=latest.status, status_event_id=latest.event_id, status_hlc=latest.hlc)
    conn.execute(insert(UNIT).values(**values))
    changes.touch("roster_unit", unit_id)


@projector("roster.unit.edit")
def unit_edit(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: unit_id, field, value, base (HLC of the value the editor saw)."""
    d = op.data
    if d["field"] not in UNIT_FIELDS:
        return
    fields.record_edit(conn, op, entity=UNIT_ENTITY, key=d["unit_id"], field=d["field"], value=d["value"],
                       base_hlc=d.get("base", ""), target=UNIT, key_column="unit_id")
    changes.touch("roster_unit", d["unit_id"])


@projector("roster.status")
def unit_status(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: unit_id, status, incident_id, place, reason, note. Append-only."""
    d = op.data
    conn.execute(insert(EVENT).values(
        event_id=op.op_id, unit_id=d["unit_id"], station_id=op.station_id, status=d["status"],
        incident_id=d.get("incident_id", ""), place=d.get("place", ""), reason=d.get("reason", ""),
        note=d.get("note", ""), at_ms=op.wall_ms, hlc=op.hlc, author=op.author,
    ))
    conn.execute(update(UNIT).where(UNIT.c.unit_id == d["unit_id"], UNIT.c.status_hlc < op.hlc)
                 .values(status=d["status"], status_event_id=op.op_id, status_hlc=op.hlc))
    changes.touch("roster_unit", d["unit_id"])
    changes.touch("roster_status_event", op.op_id)


# -- people ---------------------------------------------------------------------------------------


@projector("roster.person.create")
def person_create(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    pid = d["person_id"]
    if conn.execute(select(PERSON.c.person_id).where(PERSON.c.person_id == pid)).first():
        return
    values: dict[str, Any] = {
        "person_id": pid, "station_id": op.station_id, "name": d["name"], "id_number": d.get("id_number", ""),
        "gender": d.get("gender", ""), "title": d.get("title", ""), "status": d.get("status", "active"),
        "left_on": "", "note": d.get("note", ""), "created_hlc": op.hlc, "created_by": op.author,
        "unit_id": "", "role": "", "membership_hlc": "",
    }
    values.update(_overlay(conn, PERSON_ENTITY, pid, PERSON_FIELDS))
    latest = conn.execute(select(MEMBER.c.unit_id, MEMBER.c.role, MEMBER.c.hlc).where(MEMBER.c.person_id == pid)
                          .order_by(MEMBER.c.hlc.desc(), MEMBER.c.membership_id.desc()).limit(1)).first()
    if latest is not None:
        values.update(unit_id=latest.unit_id, role=latest.role, membership_hlc=latest.hlc)
    conn.execute(insert(PERSON).values(**values))
    changes.touch("roster_person", pid)


@projector("roster.person.edit")
def person_edit(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    if d["field"] not in PERSON_FIELDS:
        return
    fields.record_edit(conn, op, entity=PERSON_ENTITY, key=d["person_id"], field=d["field"], value=d["value"],
                       base_hlc=d.get("base", ""), target=PERSON, key_column="person_id")
    changes.touch("roster_person", d["person_id"])


@projector("roster.member.assign")
def member_assign(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: person_id, unit_id ('' = no unit), role, from_date. The newest by HLC is current."""
    d = op.data
    conn.execute(insert(MEMBER).values(
        membership_id=op.op_id, person_id=d["person_id"], unit_id=d.get("unit_id", ""), role=d.get("role", ""),
        from_date=d.get("from_date", ""), hlc=op.hlc, author=op.author, station_id=op.station_id,
    ))
    conn.execute(update(PERSON).where(PERSON.c.person_id == d["person_id"], PERSON.c.membership_hlc < op.hlc)
                 .values(unit_id=d.get("unit_id", ""), role=d.get("role", ""), membership_hlc=op.hlc))
    changes.touch("roster_person", d["person_id"])


# -- phones and qualifications --------------------------------------------------------------------


@projector("roster.phone.add")
def phone_add(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    if conn.execute(select(PHONE.c.phone_id).where(PHONE.c.phone_id == d["phone_id"])).first():
        return
    values: dict[str, Any] = {
        "phone_id": d["phone_id"], "person_id": d["person_id"], "number": d["number"], "label": d.get("label", ""),
        "rank": int(d.get("rank", 1)), "invalid": False, "do_not_call": False, "created_hlc": op.hlc,
        "verified_ms": d.get("verified_ms"), "verified_by": d.get("verified_by", ""),
        "verified_hlc": op.hlc if d.get("verified_ms") is not None else "",
    }
    values.update(_overlay(conn, PHONE_ENTITY, d["phone_id"], PHONE_FIELDS))
    values["digits"] = digits(values["number"])
    late = _latest_verification(conn, d["phone_id"])
    if late is not None and late[2] > values["verified_hlc"]:
        values.update(verified_ms=late[0], verified_by=late[1], verified_hlc=late[2])
    conn.execute(insert(PHONE).values(**values))
    changes.touch("roster_phone", d["phone_id"])
    changes.touch("roster_person", d["person_id"])


def _latest_verification(conn: Connection, phone_id: str) -> tuple[int, str, str] | None:
    """Verifications that arrived before their phone are kept as edits of the pseudo-field `verified`."""
    row = conn.execute(select(EDITS.c.hlc, EDITS.c.author, EDITS.c.value)
                       .where(and_(EDITS.c.entity == PHONE_ENTITY, EDITS.c.entity_key == phone_id,
                                   EDITS.c.field == "verified"))
                       .order_by(EDITS.c.hlc.desc()).limit(1)).first()
    if row is None:
        return None
    return int(row.value), row.author, row.hlc


@projector("roster.phone.edit")
def phone_edit(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    if d["field"] not in PHONE_FIELDS:
        return
    won = fields.record_edit(conn, op, entity=PHONE_ENTITY, key=d["phone_id"], field=d["field"], value=d["value"],
                             base_hlc=d.get("base", ""), target=PHONE, key_column="phone_id")
    if won and d["field"] == "number":
        conn.execute(update(PHONE).where(PHONE.c.phone_id == d["phone_id"]).values(digits=digits(d["value"])))
    _touch_phone(conn, d["phone_id"], changes)


@projector("roster.phone.verify")
def phone_verify(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: phone_id. The newest verification (by HLC) is the phone's last-verified."""
    d = op.data
    conn.execute(insert(EDITS).values(op_id=op.op_id, field="verified", entity=PHONE_ENTITY, entity_key=d["phone_id"],
                                      hlc=op.hlc, base_hlc=op.hlc, value=str(op.wall_ms), author=op.author))
    conn.execute(update(PHONE).where(PHONE.c.phone_id == d["phone_id"], PHONE.c.verified_hlc < op.hlc)
                 .values(verified_ms=op.wall_ms, verified_by=op.author, verified_hlc=op.hlc))
    _touch_phone(conn, d["phone_id"], changes)


def _touch_phone(conn: Connection, phone_id: str, changes: Changes) -> None:
    changes.touch("roster_phone", phone_id)
    person = conn.execute(select(PHONE.c.person_id).where(PHONE.c.phone_id == phone_id)).scalar()
    if person:
        changes.touch("roster_person", person)


@projector("roster.qual.add")
def qual_add(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    if conn.execute(select(QUAL.c.qual_id).where(QUAL.c.qual_id == d["qual_id"])).first():
        return
    revoked = conn.execute(select(EDITS.c.op_id).where(and_(
        EDITS.c.entity == "roster_qual", EDITS.c.entity_key == d["qual_id"], EDITS.c.field == "revoked"))).first()
    conn.execute(insert(QUAL).values(
        qual_id=d["qual_id"], person_id=d["person_id"], qtype=d["qtype"], awarded=d["awarded"],
        validity_months=int(d.get("validity_months", 0)), expires=d.get("expires", ""), revoked=revoked is not None,
        hlc=op.hlc, author=op.author,
    ))
    changes.touch("roster_qualification", d["qual_id"])
    changes.touch("roster_person", d["person_id"])


@projector("roster.qual.revoke")
def qual_revoke(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: qual_id. Final (a revoked qualification stays listed, struck through)."""
    d = op.data
    conn.execute(insert(EDITS).values(op_id=op.op_id, field="revoked", entity="roster_qual", entity_key=d["qual_id"],
                                      hlc=op.hlc, base_hlc=op.hlc, value="true", author=op.author))
    conn.execute(update(QUAL).where(QUAL.c.qual_id == d["qual_id"]).values(revoked=True))
    changes.touch("roster_qualification", d["qual_id"])
