"""The incident timeline's data: every area's `timeline_events` hook, found like handover sections.

Any module or area package of `app/services/` may define

    def timeline_events(db, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict]

returning `{"lane", "lane_title": {"zh", "en"}, "ms", "label", "significant", "ref": {"panel",
"kind", "key"} | None, "incident_id"}` for records in [start_ms, end_ms) (optionally `"count"`
for a point that stands for several records). This package's own hook gives the incident and
report lanes; app/services/duty_timeline.py the duty log's.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from typing import Any

from app.errors import DatabaseError
from app.storage.engine import Database

log = logging.getLogger(__name__)
Hook = Callable[..., list[dict[str, Any]]]
_HOOKS: dict[str, Hook] | None = None
OWN = "incidents"
LANE_ORDER = ("incidents", "reports", "duty", "units", "stock")


def hooks() -> dict[str, Hook]:
    """Module name → its timeline_events, discovered once."""
    global _HOOKS
    if _HOOKS is None:
        import app.services as services_pkg

        found: dict[str, Hook] = {}
        for info in pkgutil.iter_modules(services_pkg.__path__):
            if info.name == "demo":
                continue
            try:
                module = importlib.import_module(f"{services_pkg.__name__}.{info.name}")
            except Exception:  # a broken area must not stop the timeline
                log.exception("timeline: %s failed to import", info.name)
                continue
            hook = getattr(module, "timeline_events", None)
            if callable(hook):
                found[info.name] = hook
        _HOOKS = found
    return _HOOKS


def register(name: str, hook: Hook) -> None:
    """Add a hook by hand (tests; areas outside app/services)."""
    hooks()[name] = hook


def unregister(name: str) -> None:
    hooks().pop(name, None)


def _call(name: str, hook: Hook, db: Database, start_ms: int, end_ms: int, incident_id: str | None
          ) -> list[dict[str, Any]]:
    try:
        return list(hook(db, start_ms, end_ms, incident_id=incident_id))
    except DatabaseError:
        raise  # the database is not answering: not this lane's fault (the window says it once)
    except Exception:
        log.exception("timeline: %s.timeline_events failed", name)
        return []


def events(db: Database, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict[str, Any]]:
    """Every lane's events in the window."""
    out: list[dict[str, Any]] = []
    for name, hook in sorted(hooks().items()):
        out.extend(_call(name, hook, db, start_ms, end_ms, incident_id))
    return out


def other_events(db: Database, start_ms: int, end_ms: int, incident_id: str) -> list[dict[str, Any]]:
    """Other areas' events for one incident (teams deployed, supplies issued), by time."""
    out: list[dict[str, Any]] = []
    for name, hook in sorted(hooks().items()):
        if name in (OWN, "duty_timeline"):
            continue
        out.extend(e for e in _call(name, hook, db, start_ms, end_ms, incident_id)
                   if e.get("incident_id") == incident_id)
    return sorted(out, key=lambda e: int(e["ms"]))


def lanes(found: list[dict[str, Any]]) -> list[tuple[str, dict[str, str]]]:
    """(lane, title) in display order: known lanes first, then the others by name."""
    titles: dict[str, dict[str, str]] = {}
    for e in found:
        titles.setdefault(str(e["lane"]), e.get("lane_title") or {"zh": e["lane"], "en": e["lane"]})
    order = {name: n for n, name in enumerate(LANE_ORDER)}
    return sorted(titles.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
