"""The warehouse supply ledger (物资台账): catalogue, depots, movements, balances, custody of
serial units, stock-takes, spreadsheet import/export; see docs/supplies.md.

Other areas use: `held_by(db, holder_kind, holder_id)` and `check_no_equipment(...)` (rosters),
`timeline_events(db, start_ms, end_ms, incident_id)` (incident timeline) and
`handover_sections()` (the handover sheet).
"""

from __future__ import annotations

from typing import Any

from app.services.supplies.custody import check_no_equipment, held_by

__all__ = ["check_no_equipment", "handover_sections", "held_by", "timeline_events"]


def handover_sections() -> list[Any]:
    from app.services.supplies.handover import sections

    return sections()


def timeline_events(db: Any, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict[str, Any]]:
    from app.services.supplies.timeline import events

    return events(db, start_ms, end_ms, incident_id)
