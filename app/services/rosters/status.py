"""Unit status events (待命 / 出动 / 休整 / 停用): append-only, with who and when.

The current status is the newest event by HLC. "Deployed" may name an incident and a place; "out
of service" needs a reason. The incident is typed as its id, an id prefix or its number
(SJ2024-0001), must be known here, and is stored as its id (a reference, never a copy; an
imported event is not checked: its incident may arrive in a later bundle).
The duty log and the incident timeline link to these events by id (`timeline_events`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.incidents import incidents
from app.services.rosters import common
from app.services.rosters.common import UNIT
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.rosters import RosterStatusEvent
from app.storage.projections.rosters import may_write_unit

EVENT = table(RosterStatusEvent)
KEYS = {"1": "standby", "2": "deployed", "3": "resting", "4": "out"}
"""The second keystroke of the panel's status change (S then 1–4)."""


@dataclass(frozen=True)
class StatusEvent:
    event_id: str
    unit_id: str
    unit: str
    status: str
    incident_id: str
    place: str
    note: str
    at_ms: int
    author: str

    def to_json(self) -> dict[str, Any]:
        return self.__dict__.copy()


def set_status(db: Database, actor: Actor, unit: str, status: str, *, incident_id: str = "", place: str = "",
               note: str = "") -> tuple[str, Changes]:
    common.require_status_setter(actor)
    code = common.choice(status, "status", common.STATUSES, common.STATUS_ALIASES)
    incident = common.text(incident_id, "incident_id", limit=64)
    where = common.text(place, "place")
    text = common.text(note, "note", limit=1000)
    if code == "out" and not text:
        raise ValidationError("roster.out_needs_reason", field="note")
    if code != "deployed" and incident:
        incident = ""
    if incident:  # an id, an id prefix or a number (SJ2024-0001): stored as the incident's id
        incident = incidents.resolve(db, incident).id
    with db.write() as w:
        row = common.resolve_unit(w.conn, unit)
        if not may_write_unit(w.conn, row.station_id, db.station_id):
            raise ValidationError("roster.foreign_unit", field="unit", name=row.name)
        if row.status == code and row.status_event_id:
            last = w.conn.execute(select(EVENT.c.incident_id, EVENT.c.place)
                                  .where(EVENT.c.event_id == row.status_event_id)).first()
            if last is not None and (last.incident_id, last.place) == (incident, where) and not text:
                raise ValidationError("roster.same_status", field="status", name=row.name,
                                      status=common.label(code, common.STATUSES))
        op = w.record("roster.status", {"unit_id": row.unit_id, "status": code, "incident_id": incident,
                                        "place": where, "reason": text if code == "out" else "", "note": text},
                      actor.username)
    return op.op_id, w.changes


def history(db: Database, unit: str, limit: int = 200) -> list[StatusEvent]:
    with db.read() as conn:
        row = common.resolve_unit(conn, unit)
        rows = conn.execute(select(EVENT).where(EVENT.c.unit_id == row.unit_id)
                            .order_by(EVENT.c.hlc.desc(), EVENT.c.event_id.desc()).limit(limit)).all()
    return [StatusEvent(r.event_id, r.unit_id, row.name, r.status, r.incident_id, r.place, r.note, r.at_ms, r.author)
            for r in rows]


def between(db: Database, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[StatusEvent]:
    """Status events in [start_ms, end_ms) (optionally of one incident), oldest first."""
    with db.read() as conn:
        stmt = (select(EVENT, UNIT.c.name.label("unit_name")).join(UNIT, UNIT.c.unit_id == EVENT.c.unit_id)
                .where(EVENT.c.at_ms >= start_ms, EVENT.c.at_ms < end_ms))
        if incident_id is not None:
            stmt = stmt.where(EVENT.c.incident_id == incident_id)
        rows = conn.execute(stmt.order_by(EVENT.c.at_ms, EVENT.c.event_id)).all()
    return [StatusEvent(r.event_id, r.unit_id, r.unit_name, r.status, r.incident_id, r.place, r.note, r.at_ms,
                        r.author) for r in rows]


def units_of_incident(db: Database, incident_id: str) -> list[dict[str, Any]]:
    """Units whose current status is deployed to `incident_id` (issue 13 shows them)."""
    with db.read() as conn:
        rows = conn.execute(select(UNIT.c.unit_id, UNIT.c.name, EVENT.c.at_ms, EVENT.c.place)
                            .join(EVENT, EVENT.c.event_id == UNIT.c.status_event_id)
                            .where(UNIT.c.status == "deployed", EVENT.c.incident_id == incident_id)
                            .order_by(EVENT.c.at_ms)).all()
    return [{"unit_id": r.unit_id, "name": r.name, "since_ms": r.at_ms, "place": r.place} for r in rows]
