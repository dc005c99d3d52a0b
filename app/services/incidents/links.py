"""Duty-log entries linked to incidents (by reference: the entry's id, never a copy).

Linking works from either side: `link(db, actor, incident, entry)` from the incident, and the
duty-log panel's "关联事件…" calls the same function with the entry it shows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from app import messages
from app.errors import ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.incidents import incidents
from app.services.incidents.records import IncidentRow, readable
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.incidents import Incident, IncidentLink

LINK = table(IncidentLink)
INCIDENT = table(Incident)


def entry_ids(conn: Connection, incident_id: str) -> list[str]:
    return list(conn.execute(select(LINK.c.entry_id).where(LINK.c.incident_id == incident_id)).scalars())


def entries(db: Database, incident_id: str) -> list[Any]:
    """The linked entries (EntryRow), oldest received first."""
    with db.read() as conn:
        ids = entry_ids(conn, incident_id)
        rows = [duty_log.get_row(conn, i, db.station_id) for i in ids]
    found = [r for r in rows if r is not None]
    return sorted(found, key=lambda e: (e.received_at, e.no))


def incidents_of_entry(db: Database, entry_id: str) -> list[IncidentRow]:
    with db.read() as conn:
        rows = conn.execute(select(INCIDENT).join(LINK, LINK.c.incident_id == INCIDENT.c.incident_id)
                            .where(LINK.c.entry_id == entry_id).order_by(INCIDENT.c.occurred_ms)).all()
    return readable(rows)


def link(db: Database, actor: Actor, incident_ref: str, entry_ref: str) -> Changes:
    actor.require(*incidents.WRITERS)
    inc = incidents.writable(db, incident_ref)
    incidents.may_add_to(db, inc)
    entry = duty_log.resolve(db, entry_ref)
    with db.read() as conn:
        if entry.id in entry_ids(conn, inc.id):
            raise ValidationError("incident.already_linked", field="entry", no=entry.display_no, incident=inc.no)
    with db.write() as w:
        w.record("incident.link", {"incident": inc.id, "owner": inc.station_id, "entry": entry.id}, actor.username)
    return w.changes


messages.register({
    "incident.already_linked": ("值班记录 {no} 已关联到事件 {incident}。", "Entry {no} is already linked to incident {incident}."),
})
