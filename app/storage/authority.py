"""Who may author each kind of operation (docs/architecture.md, "Authority").

Authority is a property of the operation log, not of the caller: every kind may declare a rule,
and the rule is asked wherever an operation is applied — a local write, an import, a rebuild —
through `app.storage.projections.apply`. A rule sees the connection (the projection tables as
they stand) and the operation, and returns None when the operation may be applied, or a short
reason code when it may not (e.g. "account.foreign_station"). A refused operation stays in the
log (it is signed history) but changes no projection table.

Declare rules next to the projector of the kind:

    from app.storage import authority

    @authority.rule("stock.move.issue", "stock.move.receive")
    def _depot_owner(conn: Connection, op: Op) -> str | None:
        ...

A rule may be registered for an exact kind or for a prefix ending in "." ("stock."): the exact
kind wins, then the longest prefix. Rules must be deterministic: the same operation and the same
earlier operations (by HLC) give the same answer on every station.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection

if TYPE_CHECKING:
    from app.storage.ops import Op

Rule = Callable[[Connection, "Op"], str | None]
_RULES: dict[str, Rule] = {}


def rule(*kinds: str) -> Callable[[Rule], Rule]:
    """Register `func` as the authority rule of each kind (or "prefix.")."""

    def register(func: Rule) -> Rule:
        for kind in kinds:
            if kind in _RULES:
                raise ValueError(f"authority rule registered twice: {kind}")
            _RULES[kind] = func
        return func

    return register


def rule_for(kind: str) -> Rule | None:
    found = _RULES.get(kind)
    if found is not None:
        return found
    best = ""
    for key in _RULES:
        if key.endswith(".") and kind.startswith(key) and len(key) > len(best):
            best = key
    return _RULES[best] if best else None


def refusal(conn: Connection, op: Op) -> str | None:
    """None when `op` may be applied; otherwise the reason code of its refusal."""
    check = rule_for(op.kind)
    return None if check is None else check(conn, op)


def declared_kinds() -> list[str]:
    return sorted(_RULES)
