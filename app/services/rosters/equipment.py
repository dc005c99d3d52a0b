"""Equipment held by a person or a unit: the supply ledger's serial custody (issue 11).

`app.services.supplies.held_by(db, holder_kind, holder_id)` is the supply area's answer: serial
units issued `to="person:<person id>[:name]"` or `to="unit:<unit id>[:name]"` (or to a team by
name, `team:<name>`). If that area is not part of a build, nobody holds anything (an empty list)
and the roster works without it. Each item is a dict with at least `label` (what to show).
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


def held_by_unit(db: Database, unit_id: str, name: str) -> list[dict[str, Any]]:
    """Items issued to the unit by id, or to a team of that name."""
    seen: set[tuple[str, str]] = set()
    out = []
    for item in [*held(db, "unit", unit_id), *held(db, "team", name)]:
        key = (str(item.get("item", "")), str(item.get("serial", item.get("label", ""))))
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out
