"""Rebuild every projection from the operation log into a scratch database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection, Engine

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


def replay(source: Connection, target: Connection, progress: Progress | None = None) -> int:
    """Apply every operation of `source`, in HLC order, to the projections of `target`."""
    changes = Changes()
    count = 0
    for op in oplog.iter_ops(source, order="hlc"):
        apply(target, op, changes)
        count += 1
        if progress is not None and count % 2000 == 0 and not progress(count):
            raise Cancelled()
        if count % 20000 == 0:
            changes = Changes()
    authority.retry_waiting(target, changes, log=source)
    return count
