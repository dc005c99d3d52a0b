"""What needs a person's decision after merging: field-edit conflicts, quarantined operations,
and operations from stations whose clock was far ahead.

Field conflicts come from `app/storage/projections/fields.py` (every edit is kept; the newest HLC
wins; an edit the winner had not seen is a conflict). They are the same on every station that
holds the same operations. A conflict is resolved by a new edit made after seeing both values:
`resolve()` records one through the resolver the owning area registered for its entity
(`register_resolver`), so a new area adds its own resolver in its own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from app import messages
from app.clock import Hlc
from app.errors import UserError, ValidationError
from app.services import roles
from app.services.accounts import Actor
from app.storage import canonical, sync_store
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.projections import fields
from app.sync import texts

texts.register()

HIDDEN_FIELDS = {"password_hash"}
Resolver = Callable[[Database, Actor, str, str, Any], Changes]
"""(db, actor, key, field, value) -> Changes: record an edit of `field` made after seeing the conflict."""
_RESOLVERS: dict[str, Resolver] = {}


_LABELS: dict[str, tuple[tuple[str, str], dict[str, tuple[str, str]]]] = {}


def register_resolver(entity: str, resolver: Resolver) -> None:
    _RESOLVERS[entity] = resolver


def register_labels(entity: str, name: tuple[str, str], field_names: dict[str, tuple[str, str]]) -> None:
    """How the conflicts view names an entity and its fields (zh_CN, English)."""
    _LABELS[entity] = (name, field_names)


def _pick(pair: tuple[str, str]) -> str:
    return pair[0] if messages.language() == "zh_CN" else pair[1]


def entity_label(entity: str) -> str:
    found = _LABELS.get(entity)
    return _pick(found[0]) if found else entity


def field_label(entity: str, field: str) -> str:
    found = _LABELS.get(entity)
    pair = found[1].get(field) if found else None
    return _pick(pair) if pair else field


@dataclass(frozen=True)
class FieldConflict:
    entity: str
    key: str
    field: str
    winner_value: Any
    winner_author: str
    winner_ms: int
    loser_value: Any
    loser_author: str
    loser_ms: int
    loser_op_id: str
    resolvable: bool

    def to_json(self) -> dict[str, Any]:
        return {"type": "field", **asdict(self)}


@dataclass(frozen=True)
class QuarantinedOp:
    op_id: str
    station_id: str
    replica_id: str
    seq: int
    kind: str
    author: str
    reason: str
    existing_op_id: str
    bundle_id: str
    found_ms: int
    op_ms: int

    def to_json(self) -> dict[str, Any]:
        return {"type": "quarantine", **asdict(self)}


@dataclass(frozen=True)
class ClockFlag:
    op_id: str
    station_id: str
    ahead_minutes: int
    flagged_ms: int

    def to_json(self) -> dict[str, Any]:
        return {"type": "clock", **asdict(self)}


@dataclass
class ConflictView:
    fields: list[FieldConflict]
    quarantined: list[QuarantinedOp]
    clock: list[ClockFlag]
    station_names: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"fields": [c.to_json() for c in self.fields],
                "quarantine": [q.to_json() for q in self.quarantined],
                "clock_ahead": [c.to_json() for c in self.clock]}

    def __len__(self) -> int:
        return len(self.fields) + len(self.quarantined)


def _shown(field: str, value: Any) -> Any:
    return "••••••" if field in HIDDEN_FIELDS else value


def load(db: Database) -> ConflictView:
    with db.read() as conn:
        found = fields.conflicts(conn)
        quarantine = sync_store.list_quarantine(conn)
        flags = sync_store.list_clock_flags(conn)
        names = sync_store.station_names(conn)
    items = [
        FieldConflict(c.entity, c.key, c.field, _shown(c.field, c.winner_value), c.winner_author,
                      Hlc.decode(c.winner_hlc).wall_ms, _shown(c.field, c.loser_value), c.loser_author,
                      Hlc.decode(c.loser_hlc).wall_ms, c.loser_op_id, c.entity in _RESOLVERS)
        for c in found
    ]
    quarantined = [
        QuarantinedOp(q["op_id"], q["station_id"], q["replica_id"], q["seq"], q["kind"], q["author"], q["reason"],
                      q["existing_op_id"], q["bundle_id"], q["found_ms"], Hlc.decode(q["hlc"]).wall_ms)
        for q in quarantine
    ]
    clock = [ClockFlag(f["op_id"], f["station_id"], f["ahead_ms"] // 60000, f["flagged_ms"]) for f in flags]
    return ConflictView(items, quarantined, clock, names)


def resolve(db: Database, actor: Actor, conflict: FieldConflict, keep: str) -> Changes:
    """Settle a field conflict by keeping the current value (`winner`) or the losing one (`loser`)."""
    resolver = _RESOLVERS.get(conflict.entity)
    if resolver is None:
        raise UserError("sync.resolve_unknown_entity", entity=conflict.entity)
    with db.read() as conn:
        current = [c for c in fields.conflicts(conn, conflict.entity)
                   if c.key == conflict.key and c.field == conflict.field and c.loser_op_id == conflict.loser_op_id]
    if not current:
        raise ValidationError("sync.conflict_gone")
    value = current[0].winner_value if keep == "winner" else current[0].loser_value
    return resolver(db, actor, conflict.key, conflict.field, value)


def _resolve_account(db: Database, actor: Actor, key: str, field: str, value: Any) -> Changes:
    """Accounts: an admin records the chosen value again, now having seen the conflict."""
    actor.require(roles.ADMIN)
    if field == "roles" and isinstance(value, str):
        value = value.split()
    station_id, _, username = key.rpartition(":")
    if station_id != db.station_id:  # another station's account: settled there
        raise ValidationError("account.foreign", field="username", user=username)
    with db.write() as w:
        base = fields.current_hlc(w.conn, entity="account", key=key, field=field)
        w.record("account.update", {"station": station_id, "username": username, "field": field, "value": value,
                                    "base": base}, actor.username)
    return w.changes


register_resolver("account", _resolve_account)
register_labels("account", ("账户", "Account"), {
    "display_name": ("姓名", "Name"), "phone": ("电话", "Phone"), "roles": ("角色", "Roles"),
    "disabled": ("停用", "Disabled"), "password_hash": ("密码", "Password"),
})


def _duty_labels() -> None:
    try:
        from app.services.duty_log import types as duty_types
    except ImportError:  # the duty log area is not part of this build
        return
    register_labels("duty_entry", ("值班记录", "Duty entry"), dict(duty_types.FIELD_LABELS))


_duty_labels()


def describe_value(value: Any) -> str:
    return value if isinstance(value, str) else canonical.dumps(value)
