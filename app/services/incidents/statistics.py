"""Year-on-year statistics (同比): accidents, deaths, injuries by category.

For a period [start, end) of dates in the station's zone and the same period a year earlier:
the number of non-exercise incidents of each accident category (the 'accident' branch of the
type tree, by occurred time), and the deaths and injuries of their current casualty counts.
Change = (this − last) / last × 100, Decimal ROUND_HALF_UP to two places; None ("—") when last
year is 0. Counts are as of now (补报 may still change them): `as_of` says when.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select

from app.clock import datetime_to_ms, ms_to_datetime
from app.services import duty_log
from app.services.incidents import types
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.incidents import Incident, IncidentCasualty

INCIDENT = table(Incident)
CASUALTY = table(IncidentCasualty)
MEASURES = ("accidents", "deaths", "injuries")
ROOT = "accident"


def change(this: int, last: int) -> Decimal | None:
    if last == 0:
        return None
    return (Decimal(this - last) * 100 / Decimal(last)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def percent_text(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{value:+.2f}%".replace("-", "−")


@dataclass
class Row:
    code: str
    name: dict[str, str]
    this: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))
    last: dict[str, int] = field(default_factory=lambda: dict.fromkeys(MEASURES, 0))

    def change(self, measure: str) -> Decimal | None:
        return change(self.this[measure], self.last[measure])


@dataclass
class Statistics:
    start: date
    end: date
    """Inclusive last day."""
    last_start: date
    last_end: date
    rows: list[Row]
    total: Row
    as_of: datetime


def year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _bounds(db: Database, first: date, last: date) -> tuple[int, int]:
    tz = duty_log.zone(db)
    return (datetime_to_ms(datetime.combine(first, time(), tz)),
            datetime_to_ms(datetime.combine(last + timedelta(days=1), time(), tz)))


def _counts(db: Database, first: date, last: date, codes: list[str]) -> dict[str, dict[str, int]]:
    lo, hi = _bounds(db, first, last)
    out: dict[str, dict[str, int]] = {}
    with db.read() as conn:
        incidents = conn.execute(select(INCIDENT.c.incident_id, INCIDENT.c.type_code).where(
            INCIDENT.c.occurred_ms >= lo, INCIDENT.c.occurred_ms < hi, INCIDENT.c.exercise.is_(False),
            INCIDENT.c.type_code.in_(codes))).all()
        kind = {r.incident_id: r.type_code for r in incidents}
        latest: dict[str, tuple[int, int]] = {}
        ids = list(kind)
        for start in range(0, len(ids), 900):
            chunk = ids[start:start + 900]
            for c in conn.execute(select(CASUALTY.c.incident_id, CASUALTY.c.dead, CASUALTY.c.injured)
                                  .where(CASUALTY.c.incident_id.in_(chunk))
                                  .order_by(CASUALTY.c.incident_id, CASUALTY.c.at_ms, CASUALTY.c.hlc)):
                latest[c.incident_id] = (c.dead, c.injured)
    for incident_id, code in kind.items():
        row = out.setdefault(code, dict.fromkeys(MEASURES, 0))
        dead, injured = latest.get(incident_id, (0, 0))
        row["accidents"] += 1
        row["deaths"] += dead
        row["injuries"] += injured
    return out


def compute(db: Database, start: date, end: date) -> Statistics:
    """Statistics for the days start … end (inclusive) and the same days a year earlier."""
    if end < start:
        from app.errors import ValidationError

        raise ValidationError("stats.bad_period", field="to", start=start.isoformat(), end=end.isoformat())
    codes = [t.code for t in types.ordered() if t.parent == ROOT]
    last_start, last_end = year_before(start), year_before(end)
    this, last = _counts(db, start, end, codes), _counts(db, last_start, last_end, codes)
    rows: list[Row] = []
    total = Row(ROOT, {"zh": "合计", "en": "Total"})
    for code in codes:
        if code not in this and code not in last:
            continue
        row = Row(code, types.names(code))
        row.this.update(this.get(code, {}))
        row.last.update(last.get(code, {}))
        rows.append(row)
        for m in MEASURES:
            total.this[m] += row.this[m]
            total.last[m] += row.last[m]
    return Statistics(start, end, last_start, last_end, rows, total, ms_to_datetime(db.wall()))


def to_json(db: Database, stats: Statistics) -> dict[str, Any]:
    def row(r: Row) -> dict[str, Any]:
        out: dict[str, Any] = {"category": r.code, "name": r.name}
        for m in MEASURES:
            pct = r.change(m)
            out[m] = {"this": r.this[m], "last": r.last[m], "change_pct": None if pct is None else str(pct)}
        return out

    return {"from": stats.start.isoformat(), "to": stats.end.isoformat(),
            "last_from": stats.last_start.isoformat(), "last_to": stats.last_end.isoformat(),
            "as_of": stats.as_of.astimezone(duty_log.zone(db)).isoformat(),
            "categories": [row(r) for r in stats.rows], "total": row(stats.total)}


from app import messages  # noqa: E402

messages.register({
    "stats.bad_period": ("统计截止日期 {end} 早于起始日期 {start}。", "The end date {end} is before the start date {start}."),
})
