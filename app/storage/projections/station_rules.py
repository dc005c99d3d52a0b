"""Authority rules of the station, shift, rota and duty-log kinds (app/storage/authority.py).

- `station.*`: a station's identity and settings only by that station (the projections key them
  by the authoring station; an operation naming another station in `payload["station"]` is
  refused).
- `shift.*`, `rota.*`: a station's shifts, handovers and rota only by that station. A handover
  names the shift it closes; that shift must be the author's (waiting while it is not held),
  and the shift it opens must not be another station's.
- `duty.entry.amend`, `duty.entry.void`: only the station that recorded the entry — they
  rewrite that station's official record.
- `duty.entry.close`, `duty.entry.reopen`: the entry's station or the county centre (the county
  may settle a matter a township reported to it).
- `duty.entry.instruct`, `.act`, `.notify`: any trusted station — multi-station work is exactly
  that: the county instructs on a township's entry, the township reports what it did.
"""

from __future__ import annotations

from sqlalchemy import Connection

from app.storage import authority
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry
from app.storage.models.shifts import Shift
from app.storage.ops import Op

ENTRY = table(DutyEntry)
SHIFT = table(Shift)


@authority.rule("station.", "rota.")
def _own_station(conn: Connection, op: Op) -> str | None:
    return authority.own_station_only(op, "station.foreign_station")


def _shift_owner(conn: Connection, shift_id: object) -> str | None:
    return authority.owner_of(conn, SHIFT.c.station_id, SHIFT.c.shift_id, shift_id)


@authority.rule("shift.open")
def _shift_open(conn: Connection, op: Op) -> str | None:
    owner = _shift_owner(conn, op.data["shift_id"])
    if owner is not None and owner != op.station_id:
        return "shift.foreign_shift"
    return authority.own_station_only(op, "shift.foreign_station")


@authority.rule("shift.handover")
def _shift_handover(conn: Connection, op: Op) -> str | None:
    nxt = op.data["next"]
    following = _shift_owner(conn, nxt["shift_id"])
    if following is not None and following != op.station_id:
        return "shift.foreign_shift"
    owner = _shift_owner(conn, op.data["shift_id"])
    if owner is None:
        return authority.waiting("shift")
    if owner != op.station_id:
        return "shift.foreign_shift"
    return authority.own_station_only(op, "shift.foreign_station")


def _entry_owner(conn: Connection, op: Op) -> str | None:
    return authority.owner_of(conn, ENTRY.c.station_id, ENTRY.c.entry_id, op.data["entry"])


@authority.rule("duty.entry.amend", "duty.entry.void")
def _entry_station_only(conn: Connection, op: Op) -> str | None:
    owner = _entry_owner(conn, op)
    if owner is None:
        return authority.waiting("duty_entry")
    return None if owner == op.station_id else "duty.foreign_entry"


@authority.rule("duty.entry.close", "duty.entry.reopen")
def _entry_station_or_county(conn: Connection, op: Op) -> str | None:
    owner = _entry_owner(conn, op)
    if owner is None:
        return authority.waiting("duty_entry")
    if owner == op.station_id or authority.is_county(conn, op.station_id):
        return None
    return "duty.foreign_entry"
