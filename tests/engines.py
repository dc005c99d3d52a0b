"""The test suite's two engines: SQLite (default) and PostgreSQL (`DUTYDESK_TEST_ENGINE=postgresql`).

On PostgreSQL every station database a test makes is a fresh database on the test server,
cloned (CREATE DATABASE … TEMPLATE) from one migrated template per test process (~15 ms).
A test names a station database the way it always has, by a file path under its tmp dir
(`db_path`, `tmp_path / "a.sqlite3"`, `--db PATH` of an in-process CLI call): `resolve_url`
is redirected so that such a path that does not exist as a file means "a PostgreSQL database
for this path" (the same path → the same database within a test). Files a test writes itself
(a damaged file, a copy) stay SQLite. Databases are dropped when the test ends.

Engine-specific tests say so: `@pytest.mark.sqlite_only` (file copies, PRAGMAs, subprocesses
given a path) or `@pytest.mark.postgresql_only`. `url_for(path)` gives the URL to hand to a
subprocess (`--db URL`) so it opens the same database.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

ENGINE = os.environ.get("DUTYDESK_TEST_ENGINE", "sqlite").strip().lower() or "sqlite"
SERVER_URL = os.environ.get("DUTYDESK_TEST_PG_URL", "")
"""URL of a database on the test server with the right to create databases (its `postgres`)."""

if ENGINE not in ("sqlite", "postgresql"):
    raise RuntimeError(f"DUTYDESK_TEST_ENGINE must be sqlite or postgresql, not {ENGINE!r}")
if ENGINE == "postgresql" and not SERVER_URL:
    raise RuntimeError("DUTYDESK_TEST_ENGINE=postgresql needs DUTYDESK_TEST_PG_URL (see scripts/postgres.sh)")


def on_postgresql() -> bool:
    return ENGINE == "postgresql"


class PgServer:
    """Creates and drops the per-test databases on the test server."""

    def __init__(self, server_url: str) -> None:
        self.server_url = server_url
        self.prefix = f"dd{os.getpid()}"
        self.template = f"{self.prefix}_template"
        self._admin: Engine | None = None
        self._counter = itertools.count(1)
        self._template_ready = False

    def url(self, name: str) -> str:
        return make_url(self.server_url).set(database=name).render_as_string(hide_password=False)

    @property
    def admin(self) -> Engine:
        if self._admin is None:
            self._admin = create_engine(self.server_url, isolation_level="AUTOCOMMIT", pool_size=1)
        return self._admin

    def _execute(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(sql))

    def _ensure_template(self) -> None:
        if self._template_ready:
            return
        from app.storage.engine import Database

        self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        self._execute(f'CREATE DATABASE "{self.template}" ENCODING \'UTF8\' TEMPLATE template0')
        Database.open(self.url(self.template), create=True).close()  # migrated to head, no station
        self._template_ready = True

    def create(self, empty: bool = False) -> str:
        """A fresh database: migrated (no station yet) or, with `empty`, without any table."""
        name = f"{self.prefix}_{next(self._counter)}"
        if empty:
            self._execute(f'CREATE DATABASE "{name}" ENCODING \'UTF8\' TEMPLATE template0')
        else:
            self._ensure_template()
            self._execute(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        name = make_url(url).database
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        if self._template_ready:
            self._execute(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')
        if self._admin is not None:
            self._admin.dispose()


SERVER = PgServer(SERVER_URL) if on_postgresql() else None


class Redirect:
    """Maps station database paths under the test's tmp root to PostgreSQL databases."""

    def __init__(self, server: PgServer, root: Path) -> None:
        self.server = server
        self.root = root.resolve()
        self.made: dict[str, str] = {}

    def __call__(self, url: str) -> str:
        from app.storage.engine import sqlite_path

        path = sqlite_path(url)
        if path is None:
            return url
        path = path.resolve()
        if not path.is_relative_to(self.root) or (path.exists() and str(path) not in self.made):
            return url
        key = str(path)
        if key not in self.made:
            self.made[key] = self.server.create()
        return self.made[key]

    def drop_all(self) -> None:
        for url in self.made.values():
            self.server.drop(url)
        self.made.clear()


_current: Redirect | None = None
_original: Callable[[str | None], str] | None = None


def _resolve_url(db: str | None) -> str:
    assert _original is not None
    url = _original(db)
    return url if _current is None else _current(url)


def install() -> None:
    """On PostgreSQL, route `resolve_url` (wherever it was imported) through the redirect."""
    global _original
    if SERVER is None or _original is not None:
        return
    import sys

    from app.storage import engine

    _original = engine.resolve_url
    for module in list(sys.modules.values()):
        if getattr(module, "resolve_url", None) is _original:
            module.resolve_url = _resolve_url  # type: ignore[attr-defined]


def set_current(redirect: Redirect | None) -> None:
    global _current
    _current = redirect


def url_for(path: str | Path) -> str:
    """The URL a station database path stands for in this test (a subprocess's `--db`)."""
    from app.storage import engine

    return engine.resolve_url(str(path))


def fresh_url(empty: bool = False) -> str:
    """A new database URL of the current engine that no path names (PostgreSQL only)."""
    assert SERVER is not None and _current is not None
    url = SERVER.create(empty=empty)
    _current.made[f"<fresh {url}>"] = url
    return url
