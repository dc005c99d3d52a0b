"""Rebuild every projection from the operation log into a scratch database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

from app import messages
from app.storage import authority, migrate, oplog
from app.storage.changes import Changes
from app.storage.engine import make_engine
from app.storage.ops import Op
from app.storage.projections import apply, apply_many

BATCH = 2000
"""Operations per `apply_many` run (and per savepoint when a run must be retried one by one)."""
Progress = Callable[[int], bool]
"""Called with the number of operations replayed so far; return False to cancel."""


class Cancelled(Exception):
    pass


def scratch_engine(folder: Path, *, search_index: bool = True) -> Engine:
    """A fresh migrated database for a rebuild. Without `search_index`, the duty log's search
    documents are kept but the FTS5 index is not built (what `check` needs)."""
    engine = make_engine("sqlite:///" + str(folder / "rebuild.sqlite3"))
    with engine.connect() as conn:
        migrate.upgrade(conn)
        if not search_index:
            from app.storage import duty_search_check

            duty_search_check.documents_only(conn)
        conn.commit()
    return engine


def replay(source: Connection, target: Connection, progress: Progress | None = None,
           failures: list[str] | None = None) -> int:
    """Apply every operation of `source`, in HLC order, to the projections of `target`.

    Operations go in runs of up to BATCH through `apply_many` (a kind's batch projector takes a
    run of that kind in one statement per table, as imports do). With `failures`, a run that fails
    is rolled back to its savepoint and applied one operation at a time, each in its own
    savepoint: an operation whose projector fails (a payload damaged by hand) is named there, has
    left nothing behind, and the replay goes on; without it, the error propagates."""
    changes = Changes()
    count = 0
    run: list[Op] = []

    def flush() -> None:
        nonlocal changes
        if not run:
            return
        if failures is None:
            apply_many(target, run, changes)
        else:
            try:
                with target.begin_nested():
                    apply_many(target, run, changes)
            except Exception:
                for op in run:
                    try:
                        with target.begin_nested():
                            apply(target, op, changes)
                    except Exception as error:
                        failures.append(messages.text("check.apply_failed", op=str(op.op_id), kind=str(op.kind),
                                                      error=f"{type(error).__name__}: {error}"[:200]))
        run.clear()
        if len(changes.tables) > 64 or sum(len(v) for v in changes.tables.values()) > 50_000:
            changes = Changes()  # nobody reads a rebuild's changes: keep memory bounded

    for op in oplog.iter_ops(source, order="hlc"):
        run.append(op)
        count += 1
        if len(run) >= BATCH:
            flush()
        if progress is not None and count % 2000 == 0 and not progress(count):
            raise Cancelled()
    flush()
    if failures is None:
        authority.retry_waiting(target, changes, log=source)
    else:
        try:
            authority.retry_waiting(target, changes, log=source)
        except Exception as error:
            failures.append(messages.text("check.apply_failed", op="—", kind="waiting",
                                          error=f"{type(error).__name__}: {error}"[:200]))
    return count
