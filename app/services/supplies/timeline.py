"""Stock issues on the incident timeline (lane "stock"): one event per issue in [start, end),
optionally of one incident; significant when emergency or for an incident. Indexed range query
(ix_stock_move_occurred)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.services.supplies.common import display_no, station_codes
from app.storage.engine import Database
from app.storage.projections.supplies import ITEM, MOVE

LANE_TITLE = {"zh": "物资", "en": "Supplies"}


def events(db: Database, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict[str, Any]]:
    stmt = (select(MOVE.c.move_id, MOVE.c.prefix, MOVE.c.year, MOVE.c.number, MOVE.c.station_id, MOVE.c.qty,
                   MOVE.c.to_name, MOVE.c.incident_id, MOVE.c.emergency, MOVE.c.occurred_ms, ITEM.c.name, ITEM.c.unit)
            .select_from(MOVE.outerjoin(ITEM, ITEM.c.code == MOVE.c.item))
            .where(MOVE.c.occurred_ms >= start_ms, MOVE.c.occurred_ms < end_ms, MOVE.c.type == "issue")
            .order_by(MOVE.c.occurred_ms, MOVE.c.move_id))
    if incident_id is not None:
        stmt = stmt.where(MOVE.c.incident_id == incident_id)
    with db.read() as conn:
        rows = conn.execute(stmt).all()
        codes = station_codes(conn) if rows else {}
        reversed_ids = set(conn.execute(select(MOVE.c.ref).where(
            MOVE.c.type == "reverse", MOVE.c.ref.in_([r.move_id for r in rows]))).scalars()) if rows else set()
    out = []
    for r in rows:
        if r.move_id in reversed_ids:
            continue
        no = display_no(r.prefix, r.year, r.number, r.station_id, db.station_id, codes)
        out.append({"lane": "stock", "lane_title": LANE_TITLE, "ms": int(r.occurred_ms),
                    "label": f"出库 {no} {r.name or ''} ×{r.qty}{r.unit or ''} → {r.to_name}".strip(),
                    "significant": bool(r.emergency or r.incident_id),
                    "ref": {"panel": "supplies", "kind": "move", "key": r.move_id},
                    "incident_id": r.incident_id or None})
    return out
