"""The operation log (DESIGN.md §3): append, read, hash chain.

Every change is one immutable row. `Writer.record()` appends the operation for the local
replica (gap-free seq, HLC, chained hash) and applies its projection in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.clock import Hlc, HybridClock
from app.storage import authority
from app.storage.changes import Changes
from app.storage.models import table
from app.storage.models.oplog import Operation, ReplicaHead
from app.storage.ops import GENESIS, HASHED_FIELDS, Op, compute_hash, make_op

OPLOG = table(Operation)
HEADS = table(ReplicaHead)
AFTER_RECORD: list[Callable[[Writer], None]] = []
"""Called after each `record` / `record_many`, in the same transaction (app/sync/seals.py seals
the chain there when its interval has passed)."""


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
