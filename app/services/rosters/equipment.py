"""Equipment held by a person or a unit: the supply ledger's serial custody (issue 11).

`app.services.supplies.held_by(db, holder_kind, holder_id)` is the supply area's answer. Until
that area is part of the build, nobody holds anything (an empty list), and the roster works
without it. Each item is returned as a dict with at least `label` (what to show).
"""

from __future__ import annotations

import importlib
from typing import Any

from app.storage.engine import Database


def _held_by() -> Any:
    try:
        module = importlib.import_module("app.services.supplies")
    except ImportError:
        return None
    return getattr(module, "held_by", None)


def held(db: Database, holder_kind: str, holder_id: str) -> list[dict[str, Any]]:
    """Items in the custody of `holder_kind` ("person" or "unit") `holder_id`."""
    func = _held_by()
    if func is None:
        return []
    items = []
    for item in func(db, holder_kind, holder_id) or []:
        data = dict(item) if isinstance(item, dict) else dict(getattr(item, "__dict__", {}))
        if "label" not in data:
            name = data.get("name") or data.get("item") or data.get("item_name") or ""
            serial = data.get("serial") or data.get("serial_no") or ""
            data["label"] = f"{name} {serial}".strip() or str(item)
        items.append(data)
    return items
