"""Live refresh between seats: which changes other programs committed to this database.

- PostgreSQL: every transaction that added operations announces itself with
  `pg_notify('dutydesk_changes', …)` before it commits (the server delivers it on commit, never
  for a rolled-back one). The payload names the changed tables (or `*` when the writer did not
  know them) and the writer's origin token, so a program skips its own announcements. A seat
  listens on one extra connection (LISTEN), no table is polled.
- SQLite: `PRAGMA data_version` on one extra connection changes when another connection
  commits; then the operations added since the last look (`local_seq` above the mark) tell
  whether anything came from someone else. Two programs on one file refresh each other.

`Feed.wait(timeout)` blocks up to `timeout` seconds and returns the Changes that arrived
(`RELOAD` names every table: "reload everything"), or None. It is meant for a worker thread;
app/ui/live_refresh.py brings the result onto the window's change bus.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections import deque
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url

from app.storage.changes import Changes

CHANNEL = "dutydesk_changes"
ALL = "*"
POLL_S = 0.25
MAX_PAYLOAD = 7000


def reload_everything() -> Changes:
    """Changes naming every table: each panel reloads what it shows."""
    from app.storage.models import load_all

    changes = Changes()
    for name in load_all().tables:
        changes.touch(name)
    changes.touch(ALL)
    return changes


def announce(conn: Connection, origin: str, tables: list[str] | None) -> None:
    """Inside a PostgreSQL write transaction, before its commit."""
    body = json.dumps({"o": origin, "t": sorted(tables) if tables else [ALL]}, ensure_ascii=True)
    if len(body) > MAX_PAYLOAD:
        body = json.dumps({"o": origin, "t": [ALL]})
    conn.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": body})


def high_water(conn: Connection) -> int:
    return int(conn.execute(text("SELECT coalesce(max(local_seq), 0) FROM oplog")).scalar_one())


class OwnOps:
    """Op ids this program wrote recently (bounded), to skip its own commits on SQLite."""

    def __init__(self, size: int = 4096) -> None:
        self._order: deque[str] = deque(maxlen=size)
        self._set: set[str] = set()

    def add(self, op_ids: list[str]) -> None:
        for op_id in op_ids:
            if len(self._order) == self._order.maxlen:
                self._set.discard(self._order[0])
            self._order.append(op_id)
            self._set.add(op_id)

    def __contains__(self, op_id: object) -> bool:
        return op_id in self._set


def _changes(tables: list[str]) -> Changes:
    if ALL in tables:
        return reload_everything()
    changes = Changes()
    for name in tables:
        changes.touch(name)
    return changes


class Feed:
    """What other programs commit to one database (see the module doc)."""

    def __init__(self, url: str, origin: str, own: OwnOps) -> None:
        self.url = url
        self.origin = origin
        self.own = own
        self._pg: Any = None
        self._sqlite: sqlite3.Connection | None = None
        self._version: int | None = None
        self._mark = 0
        self.lost = False
        """True after the listening connection failed (the next success reloads everything)."""

    # -- connections ---------------------------------------------------------------------------

    def _open(self) -> None:
        backend = make_url(self.url).get_backend_name()
        if backend == "sqlite":
            path = make_url(self.url).database or ""
            self._sqlite = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False, timeout=5)
            self._version = int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])
            self._mark = int(self._sqlite.execute("SELECT coalesce(max(local_seq), 0) FROM oplog").fetchone()[0])
            return
        import psycopg

        u = make_url(self.url).set(drivername="postgresql")
        conninfo = u.render_as_string(hide_password=False)
        self._pg = psycopg.connect(conninfo, autocommit=True, connect_timeout=5, application_name="dutydesk-live")
        self._pg.execute(f"LISTEN {CHANNEL}")

    def close(self) -> None:
        for conn in (self._pg, self._sqlite):
            if conn is not None:
                with contextlib.suppress(Exception):
                    conn.close()
        self._pg = self._sqlite = None

    # -- waiting -------------------------------------------------------------------------------

    def wait(self, timeout: float) -> Changes | None:
        """Block up to `timeout` s; the Changes others committed meanwhile, or None."""
        try:
            if self._pg is None and self._sqlite is None:
                self._open()
                if self.lost:  # missed whatever happened while disconnected
                    self.lost = False
                    return reload_everything()
            if self._sqlite is not None:
                return self._wait_sqlite(timeout)
            return self._wait_pg(timeout)
        except Exception:
            self.close()
            self.lost = True
            time.sleep(min(timeout, 1.0))
            return None

    def _wait_pg(self, timeout: float) -> Changes | None:
        tables: set[str] = set()
        for note in self._pg.notifies(timeout=timeout, stop_after=1):
            tables.update(self._parse(note.payload))
        return _changes(sorted(tables)) if tables else None  # bursts are merged by the GUI's timer

    def _parse(self, payload: str) -> list[str]:
        try:
            data = json.loads(payload)
        except ValueError:
            return [ALL]
        if data.get("o") == self.origin:
            return []
        return [str(t) for t in data.get("t", [ALL])]

    def _wait_sqlite(self, timeout: float) -> Changes | None:
        assert self._sqlite is not None
        deadline = time.monotonic() + timeout
        while True:
            version = int(self._sqlite.execute("PRAGMA data_version").fetchone()[0])
            if version != self._version:
                self._version = version
                rows = self._sqlite.execute(
                    "SELECT local_seq, op_id FROM oplog WHERE local_seq > ? ORDER BY local_seq", (self._mark,)
                ).fetchall()
                if rows:
                    self._mark = int(rows[-1][0])
                    if any(op_id not in self.own for _seq, op_id in rows):
                        return reload_everything()
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            time.sleep(min(POLL_S, left))
