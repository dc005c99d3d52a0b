"""The duty log's lane on the incident timeline (`timeline_events`, see docs/incidents.md).

Entries in [start_ms, end_ms) by received time, significant ones marked; with `incident_id`,
only the entries linked to that incident. A window holding more than `MAX_POINTS` entries
(a year of a busy duty room) comes back as its significant entries plus one counted point per
time bin, so a redraw never reads more than a few thousand rows.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import BigInteger, and_, cast, func, select

from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry

ENTRY = table(DutyEntry)
MAX_POINTS = 4000
BINS = 400
LANE_TITLE = {"zh": "值班记录", "en": "Duty log"}


def _event(row: Any, incident_id: str | None) -> dict[str, Any]:
    return {"lane": "duty", "lane_title": LANE_TITLE, "ms": int(row.received_ms),
            "label": f"{row.year}-{row.number:04d} {row.label}", "significant": bool(row.significant),
            "ref": {"panel": "duty_log", "kind": "entry", "key": row.entry_id}, "incident_id": incident_id}


def timeline_events(db: Database, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict[str, Any]]:
    cols = (ENTRY.c.entry_id, ENTRY.c.received_ms, ENTRY.c.year, ENTRY.c.number, ENTRY.c.significant,
            func.substr(ENTRY.c.summary, 1, 60).label("label"))
    window = and_(ENTRY.c.received_ms >= start_ms, ENTRY.c.received_ms < end_ms, ENTRY.c.void_reason == "")
    with db.read() as conn:
        if incident_id is not None:
            from app.storage.models.incidents import IncidentLink

            link = table(IncidentLink)
            rows = conn.execute(select(*cols).join(link, link.c.entry_id == ENTRY.c.entry_id)
                                .where(link.c.incident_id == incident_id, window)).all()
            return [_event(r, incident_id) for r in rows]
        total = conn.execute(select(func.count()).select_from(
            select(ENTRY.c.entry_id).where(ENTRY.c.received_ms >= start_ms, ENTRY.c.received_ms < end_ms)
            .limit(MAX_POINTS + 1).subquery())).scalar_one()
        if total <= MAX_POINTS:
            return [_event(r, None) for r in conn.execute(select(*cols).where(window)
                                                           .order_by(ENTRY.c.received_ms))]
        width = max(1, (end_ms - start_ms) // BINS)
        bucket = cast((ENTRY.c.received_ms - start_ms) / width, BigInteger).label("bucket")
        binned = conn.execute(select(bucket, func.count().label("n")).where(window)
                              .group_by(bucket)).all()
        significant = conn.execute(select(*cols).where(window, ENTRY.c.significant.is_(True))
                                   .order_by(ENTRY.c.received_ms).limit(MAX_POINTS)).all()
    out = [{"lane": "duty", "lane_title": LANE_TITLE, "ms": start_ms + int(b.bucket) * width + width // 2,
            "label": f"{int(b.n)} 条 / entries", "significant": False, "count": int(b.n), "ref": None,
            "incident_id": None} for b in binned]
    out.extend(_event(r, None) for r in significant)
    return out


__all__ = ["timeline_events"]
