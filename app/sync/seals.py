"""Making seals (format and verification: app/storage/seals.py).

The station seals its own replica's chain head at every export, at every handover, and when
`seal.every_ops` operations (default 200) or `seal.every_hours` hours (default 8) have passed
since its last seal — the last two during an ordinary write, and only when the station key can
be used without asking anyone (an OS keyring, DUTYDESK_KEY_PASSPHRASE, or a key already unlocked
in this process). Nothing is sealed before the station has a key.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select

from app.storage import oplog, seals
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.station import Setting
from app.storage.oplog import Writer
from app.sync import keys

SETTING = table(Setting)
EVERY_OPS = "seal.every_ops"
EVERY_HOURS = "seal.every_hours"
DEFAULT_OPS = 200
DEFAULT_HOURS = 8


def usable_key(db: Database) -> keys.StationKey | None:
    """The station key if it can be used without asking for anything; else None."""
    with db.read() as conn:
        return keys.unlock_quietly(conn, db.station_id)


def record(w: Writer, key: keys.StationKey, *, wall_ms: int, reason: str, ref: str = "") -> seals.Seal | None:
    """Seal the writer's replica at its current head (None when the chain is empty)."""
    seq, head = w.head()
    if seq == 0:
        return None
    station, replica = w.ctx.station_id, w.ctx.replica_id
    trust = seals.trust_digest(w.conn)
    payload: dict[str, Any] = {"replica": replica, "seq": seq, "hash": head, "time_ms": wall_ms,
                               "key_id": key.key_id, "reason": reason, "ref": ref, "trust": trust}
    payload["signature"] = key.sign(seals.body(station, replica, seq, head, wall_ms, key.key_id, trust))
    op = w.record(seals.KIND, payload, "system")
    return seals.parse(op)


def seal_now(db: Database, *, reason: str, ref: str = "", key: keys.StationKey | None = None) -> seals.Seal | None:
    """Seal this replica now (export, handover, `dutydesk check --seal-now`). Without a usable
    key, returns None (the caller says "not sealed")."""
    key = key or usable_key(db)
    if key is None:
        return None
    with db.write() as w:
        return record(w, key, wall_ms=db.wall(), reason=reason, ref=ref)


def seal_if_unsealed(db: Database, key: keys.StationKey, *, reason: str, ref: str = "") -> seals.Seal | None:
    """Seal this replica unless its head is already sealed (an export after an export)."""
    with db.read() as conn:
        head = conn.execute(select(oplog.HEADS.c.seq).where(oplog.HEADS.c.replica_id == db.replica_id)).scalar() or 0
        last = seals.last_own(conn, db.replica_id)
        trust = seals.trust_digest(conn)
    if head == 0 or (last is not None and last.at_seq == head and last.trust == trust):
        return last
    return seal_now(db, reason=reason, ref=ref, key=key)


def after_trust_change(db: Database) -> seals.Seal | None:
    """Seal right after a trust decision (add, revoke, vouch, vouchers accepted), when the key
    can be used without asking; otherwise the next export seals it."""
    key = usable_key(db)
    return seal_now(db, reason="trust", key=key) if key is not None else None


def _setting(w: Writer, name: str, default: int) -> int:
    value = w.conn.execute(select(SETTING.c.value).where(
        and_(SETTING.c.station_id == w.ctx.station_id, SETTING.c.key == name))).scalar()
    try:
        return max(1, int(str(value))) if value is not None else default
    except ValueError:
        return default


def forget() -> None:
    """Drop what this process remembers of seals and keys (tests, sign-out)."""
    keys.forget_unlocked()
    _last.clear()


_last: dict[str, tuple[int, int]] = {}
"""replica -> (seq, time_ms) of its last seal, as far as this process knows."""
_busy: set[int] = set()


def _interval_hook(w: Writer) -> None:
    """After each write: seal when the interval has passed (never recursively)."""
    if id(w) in _busy or not w.written or w.written[-1].kind == seals.KIND:
        return
    replica = w.ctx.replica_id
    if replica not in _last:
        last = seals.last_own(w.conn, replica)
        _last[replica] = (last.seq, last.time_ms) if last else (0, 0)
    seq, _head = w.head()
    last_seq, last_ms = _last[replica]
    now_ms = w.written[-1].wall_ms
    due = seq - last_seq >= _setting(w, EVERY_OPS, DEFAULT_OPS) or (
        last_ms and now_ms - last_ms >= _setting(w, EVERY_HOURS, DEFAULT_HOURS) * 3_600_000)
    if not due:
        return
    key = keys.unlock_quietly(w.conn, w.ctx.station_id)
    if key is None:
        return
    _busy.add(id(w))
    try:
        made = record(w, key, wall_ms=now_ms, reason="interval")
    finally:
        _busy.discard(id(w))
    if made is not None:
        _last[replica] = (made.seq, made.time_ms)


oplog.AFTER_RECORD.append(_interval_hook)
