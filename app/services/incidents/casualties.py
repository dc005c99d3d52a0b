"""Casualties and losses (伤亡和损失): an append-only series of counts, the newest is current.

A new count may not go down in any figure unless a correction reason is given (the earlier
count stays visible). Money is in yuan.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from app import messages
from app.clock import datetime_to_ms
from app.errors import ValidationError
from app.services.accounts import Actor
from app.services.incidents import incidents
from app.services.incidents.records import Casualties
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.incidents import IncidentCasualty

CASUALTY = table(IncidentCasualty)
COUNTS = ("dead", "missing", "injured", "serious", "evacuated", "houses", "loss_yuan")
LIMIT = 10_000_000
LOSS_LIMIT = 10**13


def check_counts(values: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for name in COUNTS:
        raw = values.get(name)
        if raw is None or raw == "":
            out[name] = 0
            continue
        try:
            number = int(str(raw).strip())
        except ValueError as error:
            raise ValidationError("incident.bad_count", field=name, name=incidents.field_name(name), value=raw) from error
        if number < 0:
            raise ValidationError("incident.negative_count", field=name, name=incidents.field_name(name), value=number)
        if number > (LOSS_LIMIT if name == "loss_yuan" else LIMIT):
            raise ValidationError("incident.bad_count", field=name, name=incidents.field_name(name), value=raw)
        out[name] = number
    if out["serious"] > out["injured"]:
        raise ValidationError("incident.serious_above_injured", field="serious", serious=out["serious"],
                              injured=out["injured"])
    return out


def series(conn: Connection, incident_id: str) -> list[Casualties]:
    rows = conn.execute(select(CASUALTY).where(CASUALTY.c.incident_id == incident_id)
                        .order_by(CASUALTY.c.at_ms, CASUALTY.c.hlc)).all()
    return [Casualties(r.op_id, r.at_ms, r.dead, r.missing, r.injured, r.serious, r.evacuated, r.houses, r.loss_yuan,
                       r.source, r.reason, r.author, r.hlc) for r in rows]


def record(db: Database, actor: Actor, ref: str, values: dict[str, Any], *, at: datetime | str | None = None,
           source: str = "", reason: str = "") -> Changes:
    """Record a new count. Figures not given keep their current value."""
    actor.require(*incidents.WRITERS)
    inc = incidents.writable(db, ref)
    incidents.may_add_to(db, inc)
    with db.read() as conn:
        previous = series(conn, inc.id)
    current = previous[-1] if previous else None
    merged = {name: values.get(name) if values.get(name) is not None else (getattr(current, name) if current else 0)
              for name in COUNTS}
    counts = check_counts(merged)
    when = incidents.time_value(db, at, "sent_at") or incidents.now(db)
    incidents.not_future(db, when, "received_at")
    why = incidents.text(reason, "reason")
    if current is not None:
        down = [incidents.field_name(n) for n in COUNTS if counts[n] < getattr(current, n)]
        if down and not why:
            raise ValidationError("incident.count_down", field="reason", names="、".join(down))
        if tuple(counts[n] for n in COUNTS) == current.counts():
            raise ValidationError("incident.counts_unchanged", field="dead")
    with db.write() as w:
        w.record("incident.casualties", {"incident": inc.id, "owner": inc.station_id, "at_ms": datetime_to_ms(when),
                                         **counts, "source": incidents.text(source, "place"), "reason": why},
                 actor.username)
    return w.changes


messages.register({
    "incident.bad_count": ("“{name}”的值“{value}”不是有效的人数或金额。", "The {name} “{value}” is not a valid count."),
    "incident.negative_count": ("“{name}”不能为负数（{value}）。", "The {name} cannot be negative ({value})."),
    "incident.serious_above_injured": ("重伤人数 {serious} 多于受伤人数 {injured}。",
                                       "Seriously injured ({serious}) is more than injured ({injured})."),
    "incident.count_down": ("{names}比上次统计减少，请说明更正原因。",
                            "{names} went down since the last count; give the reason for the correction."),
    "incident.counts_unchanged": ("各项数字与当前统计相同，未记录。", "The figures are the same as the current count."),
})
