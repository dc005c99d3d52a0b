"""Earthquake parameters (地震速报参数, 中震测发[2008]137号): magnitude M to one decimal, depth in
whole km (never 0 or blank), epicentre, origin time (Beijing time); automatic (自动测定) and
formal (正式测定) measurements are both kept — the newest formal one supersedes."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from sqlalchemy import Connection, select

from app import messages
from app.clock import datetime_to_ms
from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.incidents import incidents, types
from app.services.incidents.records import Quake
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.incidents import IncidentQuake

QUAKE = table(IncidentQuake)


def history(conn: Connection, incident_id: str) -> list[Quake]:
    rows = conn.execute(select(QUAKE).where(QUAKE.c.incident_id == incident_id).order_by(QUAKE.c.hlc)).all()
    return [Quake(r.op_id, r.magnitude_tenths, r.depth_km, r.lat, r.lon, r.origin_ms, bool(r.formal), r.source,
                  r.author, r.hlc) for r in rows]


def magnitude_tenths(value: object) -> int:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as error:
        raise ValidationError("incident.bad_magnitude", field="magnitude", value=value) from error
    if not number.is_finite() or number < 0 or number > 10:
        raise ValidationError("incident.bad_magnitude", field="magnitude", value=value)
    return int((number * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def depth_km(value: object) -> int:
    raw = "" if value is None else str(value).strip()
    try:
        number = Decimal(raw)
    except (InvalidOperation, ValueError) as error:
        raise ValidationError("incident.bad_depth", field="depth", value=raw or "—") from error
    km = int(number.quantize(Decimal(1), rounding=ROUND_HALF_UP)) if number.is_finite() else 0
    if km <= 0 or km > 800:
        raise ValidationError("incident.bad_depth", field="depth", value=raw or "—")
    return km


def record(db: Database, actor: Actor, ref: str, *, magnitude: object, depth: object, lat: object, lon: object,
           origin: datetime | str | None = None, formal: bool = False, source: str = "") -> Changes:
    actor.require(*incidents.WRITERS)
    inc = incidents.writable(db, ref)
    incidents.may_add_to(db, inc)
    if types.root_of(inc.type_code) != "natural" or inc.type_code != "earthquake":
        raise ValidationError("incident.not_quake", field="incident", no=inc.no)
    tenths, km = magnitude_tenths(magnitude), depth_km(depth)
    la, lo = incidents.coordinate(lat, "lat"), incidents.coordinate(lon, "lon")
    if la is None or lo is None:
        raise ValidationError("incident.half_coordinates", field="lat")
    when = incidents.time_value(db, origin, "occurred_at") or inc.occurred_at
    with db.write() as w:
        w.record("incident.quake", {"incident": inc.id, "owner": inc.station_id, "magnitude_tenths": tenths,
                                    "depth_km": km, "lat": la, "lon": lo, "origin_ms": datetime_to_ms(when),
                                    "formal": bool(formal), "source": incidents.text(source, "place")},
                 actor.username)
    return w.changes


messages.register({
    "incident.bad_magnitude": ("震级“{value}”不正确（应在 0 至 10 之间，保留一位小数）。",
                               "Bad magnitude “{value}” (0 to 10, one decimal)."),
    "incident.bad_depth": ("震源深度“{value}”不正确（整千米，不能为 0 或空）。",
                           "Bad depth “{value}” (whole km, never 0 or blank)."),
    "incident.not_quake": ("事件 {no} 不是地震，不能记录地震参数。", "Incident {no} is not an earthquake."),
})
