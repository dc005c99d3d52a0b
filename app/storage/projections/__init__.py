"""Projections: the tables panels show, built from operations by one apply function per kind.

Each module in this package registers its kinds with `@projector("kind")`. `apply()` is called
by the writer (same transaction as the operation), by imports, and by the rebuild of `check`.
An operation of a kind this version does not know is kept in the log (and relayed) but changes
no table. Apply functions must give the same tables whatever order operations arrive in.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from app.storage import authority
from app.storage.changes import Changes

if TYPE_CHECKING:
    from app.storage.ops import Op

Projector = Callable[[Connection, "Op", Changes], None]
BatchProjector = Callable[[Connection, "list[Op]", Changes], None]
_REGISTRY: dict[str, Projector] = {}
_BATCH: dict[str, BatchProjector] = {}
_loaded = False


def projector(kind: str) -> Callable[[Projector], Projector]:
    def register(func: Projector) -> Projector:
        if kind in _REGISTRY:
            raise ValueError(f"kind registered twice: {kind}")
        _REGISTRY[kind] = func
        return func

    return register


def batch_projector(kind: str) -> Callable[[BatchProjector], BatchProjector]:
    """Optional fast path for bulk writes of one kind (demo data, imports): must give the same
    tables as applying each operation with the kind's ordinary projector."""

    def register(func: BatchProjector) -> BatchProjector:
        if kind in _BATCH:
            raise ValueError(f"batch kind registered twice: {kind}")
        _BATCH[kind] = func
        return func

    return register


def load_all() -> None:
    global _loaded
    if _loaded:
        return
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    _loaded = True


def known_kinds() -> list[str]:
    load_all()
    return sorted(_REGISTRY)


def is_known(kind: str) -> bool:
    load_all()
    return kind in _REGISTRY


def apply(conn: Connection, op: Op, changes: Changes) -> None:
    """Apply one operation, unless its kind's authority rule refuses it (app/storage/authority.py)."""
    load_all()
    func = _REGISTRY.get(op.kind)
    if func is None:
        return
    reason = authority.refusal(conn, op)
    if reason is not None:
        authority.record(conn, op, reason)
        changes.touch("authority_refusal", op.op_id)
        return
    func(conn, op, changes)


def apply_many(conn: Connection, ops: list[Op], changes: Changes) -> None:
    """Apply operations in order, using a kind's batch projector for runs of that kind."""
    load_all()
    start = 0
    while start < len(ops):
        end = start
        kind = ops[start].kind
        while end < len(ops) and ops[end].kind == kind:
            end += 1
        batch = _BATCH.get(kind)
        if batch is not None and end - start > 1 and authority.rule_for(kind) is None:
            batch(conn, ops[start:end], changes)
        else:
            for op in ops[start:end]:
                apply(conn, op, changes)
        start = end
