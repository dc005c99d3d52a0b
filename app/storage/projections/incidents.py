"""Projections of incidents (`incident.*`) and their authority rules (docs/incidents.md).

Order independence: an incident's header is set by its `add`; edits go through
`fields.record_edit` (newest HLC wins; an edit that arrives before its incident is laid over it
when the incident comes). Casualties, earthquake parameters, links and reports are one row per
operation keyed by the incident id, whether or not the incident has arrived yet.

Authority: an incident belongs to the station that opened it (its `add`). That station may do
everything to it. A superior station — one whose code is a proper prefix of the owner's code
(the county 532927 over its township station 532927204) — may add what it learns: casualty
counts, earthquake parameters, links to its own duty-log entries and reports it sent; it may not
edit the header or close the incident. Any other station is refused. Every operation on an
incident carries `owner` (the owning station's id, copied when it is written); when the incident
is known, `owner` must be its station.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.storage import authority, canonical
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.incidents import (
    Incident,
    IncidentCasualty,
    IncidentLink,
    IncidentQuake,
    IncidentReport,
    IncidentRule,
)
from app.storage.models.station import Station
from app.storage.ops import Op
from app.storage.projections import fields, projector

INCIDENT = table(Incident)
CASUALTY = table(IncidentCasualty)
QUAKE = table(IncidentQuake)
LINK = table(IncidentLink)
REPORT = table(IncidentReport)
RULE = table(IncidentRule)
STATION = table(Station)
ENTITY = "incident"
TOUCH = "incident"
EDITABLE = ("type_code", "level", "level_basis", "status", "exercise", "township", "village", "place", "lat", "lon",
            "occurred_ms", "received_ms", "summary")
"""Header fields an `incident.edit` may change (payload values are column values)."""
OWNER_ONLY = ("incident.edit", "incident.close")
ADDITIONS = ("incident.casualties", "incident.quake", "incident.link", "incident.report")


def header_values(op: Op) -> dict[str, Any]:
    d = op.data
    return {
        "incident_id": op.op_id,
        "station_id": op.station_id,
        "year": int(d["year"]),
        "number": int(d["number"]),
        "type_code": d["type"],
        "level": d["level"],
        "level_basis": d.get("level_basis", ""),
        "status": d.get("status", "open"),
        "exercise": bool(d.get("exercise", False)),
        "township": d.get("township", ""),
        "village": d.get("village", ""),
        "place": d.get("place", ""),
        "lat": d.get("lat"),
        "lon": d.get("lon"),
        "occurred_ms": int(d["occurred_ms"]),
        "received_ms": int(d["received_ms"]),
        "summary": d.get("summary", ""),
        "paper_form": d.get("paper_form", ""),
        "author": op.author,
        "created_hlc": op.hlc,
        "closed_ms": None,
    }


# -- authority ---------------------------------------------------------------------------------------


def _code(conn: Connection, station_id: str) -> str | None:
    return conn.execute(select(STATION.c.code).where(STATION.c.station_id == station_id)).scalar()


def owner_of(conn: Connection, incident_id: str) -> str | None:
    return conn.execute(select(INCIDENT.c.station_id).where(INCIDENT.c.incident_id == incident_id)).scalar()


def is_superior(conn: Connection, station_id: str, owner: str) -> bool:
    """Whether `station_id`'s code is a proper prefix of `owner`'s (county over township)."""
    mine, theirs = _code(conn, station_id), _code(conn, owner)
    return bool(mine and theirs and len(mine) < len(theirs) and theirs.startswith(mine))


@authority.rule("incident.edit", "incident.close", *ADDITIONS)
def _incident_authority(conn: Connection, op: Op) -> str | None:
    incident_id = str(op.data.get("incident", ""))
    claimed = str(op.data.get("owner", ""))
    known = owner_of(conn, incident_id)
    if known is not None and claimed != known:
        return "incident.owner_mismatch"
    owner = known or claimed
    if not owner:
        return "incident.no_owner"
    if op.station_id == owner:
        return None
    if op.kind in ADDITIONS and is_superior(conn, op.station_id, owner):
        return None
    return "incident.foreign_station"


@authority.rule("incident.rule.set")
def _rule_authority(conn: Connection, op: Op) -> str | None:
    """A station sets only its own rules (the rule table is keyed by the op's station)."""
    return None if isinstance(op.data.get("rule"), dict) and op.data["rule"].get("id") else "incident.bad_rule"


# -- projectors ----------------------------------------------------------------------------------------


@projector("incident.add")
def incident_add(conn: Connection, op: Op, changes: Changes) -> None:
    if conn.execute(select(INCIDENT.c.incident_id).where(INCIDENT.c.incident_id == op.op_id)).first():
        return
    values = header_values(op)
    for name, value in fields.overlay(conn, entity=ENTITY, key=op.op_id).items():
        if name in EDITABLE:
            values[name] = value
        elif name == "closed_ms":
            values["closed_ms"] = value
    conn.execute(insert(INCIDENT).values(**values))
    changes.touch(TOUCH, op.op_id)


def _edit(conn: Connection, op: Op, incident_id: str, name: str, value: Any, base: str) -> None:
    fields.record_edit(conn, op, entity=ENTITY, key=incident_id, field=name, value=value, base_hlc=base,
                       target=INCIDENT, key_column="incident_id")


@projector("incident.edit")
def incident_edit(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: incident, owner, values {field: column value}, base {field: hlc}, reason."""
    d = op.data
    incident_id = str(d["incident"])
    base = d.get("base", {})
    for name, value in sorted(d.get("values", {}).items()):
        if name in EDITABLE:
            _edit(conn, op, incident_id, name, value, str(base.get(name, "")))
    changes.touch(TOUCH, incident_id)


@projector("incident.close")
def incident_close(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: incident, owner, closed_ms, base."""
    incident_id = str(op.data["incident"])
    _edit(conn, op, incident_id, "status", "closed", str(op.data.get("base", "")))
    _edit(conn, op, incident_id, "closed_ms", int(op.data["closed_ms"]), str(op.data.get("base", "")))
    changes.touch(TOUCH, incident_id)


@projector("incident.casualties")
def incident_casualties(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    conn.execute(insert(CASUALTY).values(
        op_id=op.op_id, incident_id=str(d["incident"]), at_ms=int(d["at_ms"]),
        dead=int(d.get("dead", 0)), missing=int(d.get("missing", 0)), injured=int(d.get("injured", 0)),
        serious=int(d.get("serious", 0)), evacuated=int(d.get("evacuated", 0)), houses=int(d.get("houses", 0)),
        loss_yuan=int(d.get("loss_yuan", 0)), source=str(d.get("source", "")), reason=str(d.get("reason", "")),
        author=op.author, hlc=op.hlc))
    changes.touch(TOUCH, str(d["incident"]))


@projector("incident.quake")
def incident_quake(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    conn.execute(insert(QUAKE).values(
        op_id=op.op_id, incident_id=str(d["incident"]), magnitude_tenths=int(d["magnitude_tenths"]),
        depth_km=int(d["depth_km"]), lat=float(d["lat"]), lon=float(d["lon"]), origin_ms=int(d["origin_ms"]),
        formal=bool(d.get("formal", False)), source=str(d.get("source", "")), author=op.author, hlc=op.hlc))
    changes.touch(TOUCH, str(d["incident"]))


@projector("incident.link")
def incident_link(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    incident_id, entry_id = str(d["incident"]), str(d["entry"])
    exists = conn.execute(select(LINK.c.op_id).where(LINK.c.incident_id == incident_id,
                                                     LINK.c.entry_id == entry_id)).first()
    if exists is None:
        conn.execute(insert(LINK).values(op_id=op.op_id, incident_id=incident_id, entry_id=entry_id,
                                         author=op.author, hlc=op.hlc))
    else:  # two stations linked the same entry: the earliest link (by HLC) is kept, whatever the order
        row = conn.execute(select(LINK.c.op_id, LINK.c.hlc).where(LINK.c.op_id == exists.op_id)).one()
        if (op.hlc, op.op_id) < (row.hlc, row.op_id):
            conn.execute(update(LINK).where(LINK.c.op_id == row.op_id).values(
                op_id=op.op_id, author=op.author, hlc=op.hlc))
    changes.touch(TOUCH, incident_id)
    changes.touch("duty_entry", entry_id)


@projector("incident.report")
def incident_report(conn: Connection, op: Op, changes: Changes) -> None:
    d = op.data
    conn.execute(insert(REPORT).values(
        op_id=op.op_id, incident_id=str(d["incident"]), stage=str(d["stage"]), sent_ms=int(d["sent_ms"]),
        sent_to=str(d.get("sent_to", "")), channel=str(d.get("channel", "")), doc_no=str(d.get("doc_no", "")),
        note=str(d.get("note", "")), author=op.author, hlc=op.hlc))
    changes.touch(TOUCH, str(d["incident"]))


@projector("incident.rule.set")
def rule_set(conn: Connection, op: Op, changes: Changes) -> None:
    """payload: rule (the whole rule). Newest by HLC per station and rule id."""
    rule = op.data["rule"]
    rule_id = str(rule["id"])
    body = canonical.dumps(rule)
    row = conn.execute(select(RULE.c.hlc).where(RULE.c.station_id == op.station_id, RULE.c.rule_id == rule_id)).first()
    if row is None:
        conn.execute(insert(RULE).values(station_id=op.station_id, rule_id=rule_id, body=body, author=op.author,
                                         hlc=op.hlc))
    elif row.hlc < op.hlc:
        conn.execute(update(RULE).where(RULE.c.station_id == op.station_id, RULE.c.rule_id == rule_id).values(
            body=body, author=op.author, hlc=op.hlc))
    changes.touch("incident_rule", rule_id)
