"""Rebuild every projection from the operation log into a scratch database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from app import messages
from app.storage import authority, migrate, oplog
from app.storage.changes import Changes
from app.storage.engine import make_engine
from app.storage.projections import apply

Progress = Callable[[int], bool]
"""Called with the number of operations replayed so far; return False to cancel."""


class Cancelled(Exception):
    pass


def scratch_engine(folder: Path) -> Engine:
    engine = make_engine("sqlite:///" + str(folder / "rebuild.sqlite3"))
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
    return engine


def replay(source: Connection, target: Connection, progress: Progress | None = None,
           failures: list[str] | None = None) -> int:
    """Apply every operation of `source`, in HLC order, to the projections of `target`.

    With `failures`, an operation whose projector fails (a payload damaged by hand) is named
    there and the replay goes on; without it, the error propagates."""
    changes = Changes()
    count = 0
    for op in oplog.iter_ops(source, order="hlc"):
        if failures is None:
            apply(target, op, changes)
        else:
            try:
                apply(target, op, changes)
            except Exception as error:
                failures.append(messages.text("check.apply_failed", op=str(op.op_id), kind=str(op.kind),
                                              error=f"{type(error).__name__}: {error}"[:200]))
        count += 1
        if progress is not None and count % 2000 == 0 and not progress(count):
            raise Cancelled()
        if count % 20000 == 0:
            changes = Changes()
    if failures is None:
        authority.retry_waiting(target, changes, log=source)
    else:
        try:
            authority.retry_waiting(target, changes, log=source)
        except Exception as error:
            failures.append(messages.text("check.apply_failed", op="—", kind="waiting",
                                          error=f"{type(error).__name__}: {error}"[:200]))
    return count
