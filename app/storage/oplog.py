"""The operation log (DESIGN.md §3): append, read, hash chain.

Every change is one immutable row. `Writer.record()` appends the operation for the local
replica (gap-free seq, HLC, chained hash) and applies its projection in the same transaction.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.clock import Hlc, HybridClock
from app.storage import authority, canonical
from app.storage.changes import Changes
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.oplog import Operation, ReplicaHead

GENESIS = "0" * 64
HASHED_FIELDS = ("op_id", "station_id", "replica_id", "seq", "hlc", "author", "kind", "payload", "prev_hash")

OPLOG = table(Operation)
HEADS = table(ReplicaHead)
AFTER_RECORD: list[Callable[[Writer], None]] = []
"""Called after each `record` / `record_many`, in the same transaction (app/sync/seals.py seals
the chain there when its interval has passed)."""


@dataclass(frozen=True)
class Op:
    """One operation. `payload` is the canonical JSON text (what the hash covers)."""

    op_id: str
    station_id: str
    replica_id: str
    seq: int
    hlc: str
    author: str
    kind: str
    payload: str
    prev_hash: str
    hash: str
    _data: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    @property
    def data(self) -> dict[str, Any]:
        """The payload as a dict (parsed once)."""
        if self._data is None:
            object.__setattr__(self, "_data", canonical.loads(self.payload))
        assert self._data is not None
        return self._data

    @property
    def wall_ms(self) -> int:
        return Hlc.decode(self.hlc).wall_ms

    def hashed(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in HASHED_FIELDS}

    def row(self) -> dict[str, Any]:
        return {**self.hashed(), "hash": self.hash}

    @staticmethod
    def from_row(row: Any) -> Op:
        m = row._mapping if hasattr(row, "_mapping") else row
        return Op(**{name: m[name] for name in (*HASHED_FIELDS, "hash")})


def compute_hash(fields: dict[str, Any]) -> str:
    body = canonical.dumps({name: fields[name] for name in HASHED_FIELDS})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def make_op(
    *,
    station_id: str,
    replica_id: str,
    seq: int,
    hlc: Hlc,
    author: str,
    kind: str,
    payload: dict[str, Any],
    prev_hash: str,
) -> Op:
    fields: dict[str, Any] = {
        "op_id": uuid7(hlc.wall_ms),
        "station_id": station_id,
        "replica_id": replica_id,
        "seq": seq,
        "hlc": hlc.encode(),
        "author": author,
        "kind": kind,
        "payload": canonical.dumps(payload),
        "prev_hash": prev_hash,
    }
    return Op(**fields, hash=compute_hash(fields), _data=payload)


@dataclass
class LogContext:
    """Who writes: this station, this replica, this clock."""

    station_id: str
    replica_id: str
    clock: HybridClock


class Writer:
    """A write transaction: records operations and applies their projections."""

    def __init__(self, conn: Connection, ctx: LogContext) -> None:
        self.conn = conn
        self.ctx = ctx
        self.changes = Changes()
        self.written: list[Op] = []
        self._head: tuple[int, str] | None = None

    def _load_head(self) -> tuple[int, str]:
        if self._head is None:
            row = self.conn.execute(
                select(HEADS.c.seq, HEADS.c.hash).where(HEADS.c.replica_id == self.ctx.replica_id)
            ).first()
            self._head = (row.seq, row.hash) if row else (0, GENESIS)
        return self._head

    def head(self) -> tuple[int, str]:
        """(seq, hash) of the local replica's chain head, as this transaction sees it."""
        return self._load_head()

    def record(self, kind: str, payload: dict[str, Any], author: str) -> Op:
        """Append one operation of the local replica and apply it."""
        from app.storage.projections import apply

        seq, prev = self._load_head()
        op = make_op(
            station_id=self.ctx.station_id,
            replica_id=self.ctx.replica_id,
            seq=seq + 1,
            hlc=self.ctx.clock.now(),
            author=author,
            kind=kind,
            payload=payload,
            prev_hash=prev,
        )
        reason = authority.refusal(self.conn, op)
        if reason is not None:  # refused before it is written: this station never records it
            raise authority.AuthorityRefused(kind, reason)
        self.conn.execute(insert(OPLOG).values(**op.row()))
        self._set_head(op)
        apply(self.conn, op, self.changes)
        self.changes.ops.append(op.op_id)
        self.written.append(op)
        for hook in AFTER_RECORD:
            hook(self)
        return op

    def record_many(self, items: list[tuple[str, dict[str, Any], str]]) -> list[Op]:
        """Bulk path (demo data, imports of local work): Core executemany, then apply each."""
        from app.storage.projections import apply_many

        seq, prev = self._load_head()
        ops: list[Op] = []
        for kind, payload, author in items:
            seq += 1
            op = make_op(
                station_id=self.ctx.station_id,
                replica_id=self.ctx.replica_id,
                seq=seq,
                hlc=self.ctx.clock.now(),
                author=author,
                kind=kind,
                payload=payload,
                prev_hash=prev,
            )
            prev = op.hash
            ops.append(op)
            if authority.rule_for(kind) is not None and (reason := authority.refusal(self.conn, op)) is not None:
                raise authority.AuthorityRefused(kind, reason)
        if not ops:
            return ops
        self.conn.execute(insert(OPLOG), [op.row() for op in ops])
        self._set_head(ops[-1])
        apply_many(self.conn, ops, self.changes)
        self.changes.ops.extend(op.op_id for op in ops)
        self.written.extend(ops)
        for hook in AFTER_RECORD:
            hook(self)
        return ops

    def _set_head(self, op: Op) -> None:
        if self._head is None or self._head[0] == 0:
            existing = self.conn.execute(
                select(HEADS.c.replica_id).where(HEADS.c.replica_id == op.replica_id)
            ).first()
            if existing is None:
                self.conn.execute(
                    insert(HEADS).values(replica_id=op.replica_id, station_id=op.station_id, seq=op.seq, hash=op.hash)
                )
                self._head = (op.seq, op.hash)
                return
        self.conn.execute(
            update(HEADS).where(HEADS.c.replica_id == op.replica_id).values(seq=op.seq, hash=op.hash)
        )
        self._head = (op.seq, op.hash)


def iter_ops(conn: Connection, *, order: str = "hlc", batch: int = 5000) -> Iterator[Op]:
    """All operations, by HLC (then op id) or by local arrival order, streamed in batches."""
    cols = [OPLOG.c[name] for name in (*HASHED_FIELDS, "hash")]
    if order == "hlc":
        stmt = select(*cols).order_by(OPLOG.c.hlc, OPLOG.c.op_id)
    else:
        stmt = select(*cols).order_by(OPLOG.c.local_seq)
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
    for row in result:
        yield Op.from_row(row)


def last_hlc(conn: Connection) -> Hlc | None:
    row = conn.execute(select(OPLOG.c.hlc).order_by(OPLOG.c.hlc.desc()).limit(1)).first()
    return Hlc.decode(row.hlc) if row else None


@dataclass
class ChainProblem:
    replica_id: str
    seq: int
    op_id: str
    problem: str
    """`hash` (content does not match its hash), `link` (prev_hash broken), `gap` (seq missing)."""


def verify_chains(conn: Connection) -> tuple[int, list[ChainProblem]]:
    """Walk every replica's chain in seq order. Returns (operations checked, problems)."""
    cols = [OPLOG.c[name] for name in (*HASHED_FIELDS, "hash")]
    stmt = select(*cols).order_by(OPLOG.c.replica_id, OPLOG.c.seq)
    problems: list[ChainProblem] = []
    count = 0
    replica = None
    expected_seq, prev = 1, GENESIS
    for row in conn.execution_options(stream_results=True, yield_per=5000).execute(stmt):
        op = Op.from_row(row)
        count += 1
        if op.replica_id != replica:
            replica, expected_seq, prev = op.replica_id, 1, GENESIS
        try:
            intact = type(op.seq) is int and compute_hash(op.hashed()) == op.hash
        except (TypeError, ValueError):  # a value of the wrong type put in by hand
            intact = False
        if not intact:
            problems.append(ChainProblem(op.replica_id, op.seq, op.op_id, "hash"))
            if type(op.seq) is not int:
                continue
        if op.seq != expected_seq:
            # A gap: the missing range has not arrived (yet). The link cannot be checked
            # across it; the caller decides whether a gap is an error (local replica) or not.
            problems.append(ChainProblem(op.replica_id, op.seq, op.op_id, "gap"))
        elif op.prev_hash != prev:
            problems.append(ChainProblem(op.replica_id, op.seq, op.op_id, "link"))
        expected_seq, prev = op.seq + 1, op.hash
    return count, problems
