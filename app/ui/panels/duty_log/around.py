"""What the other areas recorded around a duty-log entry's time: every area's timeline hook
(app/services/incidents/timeline.py) over ±2 hours of the entry's occurrence (or receipt), the
duty log's own lane left out. Shown in the detail pane as links (issue 12: a unit's status change
"appears in the duty log context — link, not copy")."""

from __future__ import annotations

import logging
from typing import Any

from app.clock import datetime_to_ms
from app.errors import DatabaseError
from app.services.duty_log import EntryRow
from app.storage.engine import Database

log = logging.getLogger(__name__)
WINDOW_MS = 2 * 3_600_000
LIMIT = 30
OWN_LANES = frozenset({"duty"})


def around(db: Database, entry: EntryRow, window_ms: int = WINDOW_MS) -> list[dict[str, Any]]:
    """At most LIMIT events nearest the entry's time, in time order."""
    from app.services.incidents import timeline

    moment = entry.occurred_at or entry.received_at
    at = datetime_to_ms(moment)
    try:
        events = timeline.events(db, at - window_ms, at + window_ms)
    except DatabaseError:
        raise
    except Exception:  # a lane's bug must not hide the entry
        log.exception("duty log: events around %s", entry.id)
        return []
    others = [e for e in events if e.get("lane") not in OWN_LANES and not e.get("count")]
    nearest = sorted(others, key=lambda e: abs(int(e["ms"]) - at))[:LIMIT]
    return sorted(nearest, key=lambda e: int(e["ms"]))
