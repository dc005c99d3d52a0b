"""Who may author each kind of operation (docs/sync.md and docs/architecture.md, "Authority").

Authority is a property of the operation log, not of the caller: every kind may declare a rule,
and the rule is asked wherever an operation is applied — a local write (before it is written:
`oplog.Writer.record` raises `AuthorityRefused`, so this station never records an operation its
own rules refuse), an import, the rebuild of `dutydesk check` — through
`app.storage.projections.apply`. A rule sees the connection (the projection tables as they
stand) and the operation, and returns None when the operation may be applied, or a short reason
code when it may not (e.g. "account.foreign_station").

A refused operation stays in the log (it is signed history and is relayed like any other) but
changes no projection table; it is listed in the `authority_refusal` projection (op id, kind,
station, author, reason). That table is rebuilt from the log and compared by `check`, so every
station that holds the operation lists it the same way, whatever order operations arrived in.

Declare rules next to the projector of the kind:

    from app.storage import authority

    @authority.rule("stock.move.issue", "stock.move.receive")
    def _depot_owner(conn: Connection, op: Op) -> str | None:
        owner = authority.owner_of(conn, DEPOT.c.station_id, DEPOT.c.depot_id, op.data["depot_id"])
        if owner is None:
            return authority.waiting("depot")
        return None if owner == op.station_id or authority.is_county(conn, op.station_id) else "stock.foreign_depot"

A rule may be registered for an exact kind or for a prefix ending in "." ("stock."): the exact
kind wins, then the longest prefix.

Rules must be deterministic: the same answer on every station for the same set of operations,
in any arrival order. So a rule reads only facts that never change once recorded — who owns a
record (the station of the operation that created it), the operation itself — never a value
that later operations edit. When the fact is not held yet (an amendment arrived before the
entry it amends), the rule returns `waiting(what)`: the operation is listed with a `waiting.*`
reason and asked again, in HLC order, when an import or a rebuild ends (`retry_waiting`).
Causality makes the rebuild see the record first; the retry makes an import agree with it.

Helpers for rules:
- `owner_of(conn, station_column, key_column, key)` — the station owning a record, or None.
- `target_station(op)` — the station an operation says it acts for: `payload["station"]` when
  present, else its own station (operations of this version name it; older ones did not).
- `own_station_only(op)` — the reason code when `target_station(op)` is another station's.
- `is_county(conn, station_id)` — True for the county centre: the station holding the county's
  own code (a 6-digit administrative code, e.g. 532927; townships have longer codes).
- `waiting(what)` — the reason code of an operation whose target is not held yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import Column, Connection, delete, func, insert, select

from app import messages
from app.errors import PermissionDenied
from app.storage.models import table
from app.storage.models.oplog import AuthorityRefusal

if TYPE_CHECKING:
    from app.storage.changes import Changes
    from app.storage.ops import Op

messages.register(
    {
        "authority.refused": (
            "本站无权记录此操作（{kind}：{reason}）：它属于另一个站点的记录。",
            "This station may not record that operation ({kind}: {reason}): the record belongs to another station.",
        ),
    }
)


class AuthorityRefused(PermissionDenied):
    """A local write its kind's authority rule refuses: nothing was written."""

    def __init__(self, kind: str, reason: str) -> None:
        super().__init__("authority.refused", kind=kind, reason=reason)
        self.reason = reason


Rule = Callable[[Connection, "Op"], str | None]
_RULES: dict[str, Rule] = {}
REFUSAL = table(AuthorityRefusal)
WAITING = "waiting."


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
    """None when `op` may be applied; otherwise the reason code of its refusal.

    A rule that fails on a malformed payload (a key missing, a wrong type) refuses the operation
    as `malformed` instead of failing the caller: the same answer everywhere."""
    check = rule_for(op.kind)
    if check is None:
        return None
    try:
        data = op.data
        if not isinstance(data, dict):
            return "malformed"
        return check(conn, op)
    except (KeyError, TypeError, ValueError, AttributeError):
        return "malformed"


def declared_kinds() -> list[str]:
    return sorted(_RULES)


# -- helpers for rules ------------------------------------------------------------------------


def waiting(what: str) -> str:
    return WAITING + what


def is_waiting(reason: str) -> bool:
    return reason.startswith(WAITING)


def target_station(op: Op) -> Any:
    data = op.data
    return data.get("station", op.station_id) if isinstance(data, dict) else None


def own_station_only(op: Op, code: str) -> str | None:
    return None if target_station(op) == op.station_id else code


def owner_of(conn: Connection, station_column: Column[Any], key_column: Column[Any], key: Any) -> str | None:
    if not isinstance(key, str):
        raise TypeError("record key")
    value = conn.execute(select(station_column).where(key_column == key).limit(1)).scalar()
    return None if value is None else str(value)


def is_county(conn: Connection, station_id: str) -> bool:
    from app.storage.models.station import Station

    code = conn.execute(select(table(Station).c.code).where(table(Station).c.station_id == station_id)).scalar()
    return isinstance(code, str) and len(code) == 6 and code.isdigit()


# -- the refusal list -------------------------------------------------------------------------


def record(conn: Connection, op: Op, reason: str) -> None:
    conn.execute(delete(REFUSAL).where(REFUSAL.c.op_id == op.op_id))
    conn.execute(insert(REFUSAL).values(op_id=op.op_id, kind=op.kind[:64], station_id=op.station_id,
                                        author=op.author[:64], hlc=op.hlc, reason=reason[:64]))


def retry_waiting(conn: Connection, changes: Changes, log: Connection | None = None,
                  held: dict[str, Op] | None = None) -> int:
    """Ask the rules again for every waiting operation, in HLC order, until nothing moves; apply
    those now allowed. `log` holds the operations (the rebuild's source; default `conn`), or
    `held` maps their op ids to them (operations applied without a log, in tests).
    Call it after applying a set of operations in an arbitrary order. Returns how many were
    applied."""
    from app.storage.models.oplog import Operation
    from app.storage.ops import HASHED_FIELDS, Op
    from app.storage.projections import apply

    OPLOG = table(Operation)
    applied = 0
    while True:
        waiting_ids = [r.op_id for r in conn.execute(
            select(REFUSAL.c.op_id).where(REFUSAL.c.reason.like(WAITING + "%")).order_by(REFUSAL.c.hlc, REFUSAL.c.op_id)
        )]
        if not waiting_ids:
            return applied
        moved = 0
        for op_id in waiting_ids:
            if held is not None:
                if op_id not in held:
                    continue
                op = held[op_id]
                reason = refusal(conn, op)
                if reason is not None and is_waiting(reason):
                    continue
                conn.execute(delete(REFUSAL).where(REFUSAL.c.op_id == op_id))
                apply(conn, op, changes)
                moved += 1
                applied += 1 if reason is None else 0
                continue
            row = (log or conn).execute(select(*[OPLOG.c[n] for n in (*HASHED_FIELDS, "hash")]).where(OPLOG.c.op_id == op_id)).first()
            if row is None:
                continue
            op = Op.from_row(row)
            reason = refusal(conn, op)
            if reason is not None and is_waiting(reason):
                continue
            conn.execute(delete(REFUSAL).where(REFUSAL.c.op_id == op_id))
            apply(conn, op, changes)
            moved += 1
            applied += 1 if reason is None else 0
        if not moved:
            return applied


def counts_by_station(conn: Connection) -> dict[str, int]:
    """Refused operations (not those still waiting for their record) per authoring station."""
    return {r.station_id: int(r.n) for r in conn.execute(
        select(REFUSAL.c.station_id, func.count().label("n"))
        .where(REFUSAL.c.reason.not_like(WAITING + "%")).group_by(REFUSAL.c.station_id))}


def list_refusals(conn: Connection, limit: int = 0) -> list[dict[str, Any]]:
    stmt = select(REFUSAL).order_by(REFUSAL.c.hlc, REFUSAL.c.op_id)
    if limit:
        stmt = stmt.limit(limit)
    return [dict(r._mapping) for r in conn.execute(stmt)]
