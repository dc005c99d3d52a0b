"""The incident type tree (db/reference/incident_types.json): codes, names, ancestors."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from app import messages, paths
from app.errors import ValidationError

REFERENCE = paths.reference_dir()  # the source tree, an installed package or a frozen build alike


@dataclass(frozen=True)
class IncidentType:
    code: str
    parent: str
    zh: str
    en: str
    sort: int

    @property
    def name(self) -> str:
        return self.zh if messages.language() == "zh_CN" else self.en


@lru_cache(maxsize=1)
def tree() -> dict[str, IncidentType]:
    rows = json.loads((REFERENCE / "incident_types.json").read_text(encoding="utf-8"))
    return {r["code"]: IncidentType(r["code"], r["parent"], r["zh"], r["en"], int(r["sort"])) for r in rows}


def ordered() -> list[IncidentType]:
    """Roots by sort, each followed by its children by sort."""
    types = tree()
    roots = sorted((t for t in types.values() if not t.parent), key=lambda t: t.sort)
    out: list[IncidentType] = []
    for root in roots:
        out.append(root)
        out.extend(sorted((t for t in types.values() if t.parent == root.code), key=lambda t: t.sort))
    return out


def ancestors(code: str) -> list[str]:
    """The code and its ancestors, nearest first."""
    types = tree()
    out: list[str] = []
    while code and code in types and code not in out:
        out.append(code)
        code = types[code].parent
    return out


def descendants(code: str) -> set[str]:
    types = tree()
    return {c for c in types if code in ancestors(c)}


def root_of(code: str) -> str:
    chain = ancestors(code)
    return chain[-1] if chain else code


def name(code: str) -> str:
    found = tree().get(code)
    return found.name if found else code


def names(code: str) -> dict[str, str]:
    found = tree().get(code)
    return {"zh": found.zh, "en": found.en} if found else {"zh": code, "en": code}


def parse(value: str) -> str:
    """A type code from its code, Chinese or English name (only leaf or root types)."""
    raw = (value or "").strip()
    types = tree()
    if raw in types:
        return raw
    for t in types.values():
        if raw in (t.zh, t.zh.removesuffix("灾害"), t.zh.removesuffix("事故")) or raw.lower() == t.en.lower():
            return t.code
    choices = "、".join(t.zh for t in ordered() if t.parent)
    raise ValidationError("incident.unknown_type", field="type", value=raw, choices=choices)


def to_json() -> list[dict[str, object]]:
    return [{"code": t.code, "parent": t.parent or None, "zh": t.zh, "en": t.en,
             "children": [c.code for c in ordered() if c.parent == t.code]} for t in ordered()]


messages.register({
    "incident.unknown_type": ("没有“{value}”这一事件类型（可选：{choices}）。",
                              "There is no incident type “{value}” (choose from: {choices})."),
})
