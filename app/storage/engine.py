"""Engine and connection factory: SQLite pragmas, URL resolution, opening a station database.

`Database.open()` resolves --db / DUTYDESK_DB / the data dir, checks the file is a database,
migrates to head, loads the station and replica identity (with the copy/restore guard) and
starts the hybrid clock from the last recorded operation.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, insert, select, update
from sqlalchemy.engine import make_url

from app import messages, paths
from app.clock import HybridClock, WallClock, system_ms
from app.errors import DatabaseError
from app.storage import file_guard, live, migrate, oplog, replica, server, sync_store
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.oplog import LocalState, ReplicaHead

LOCAL = table(LocalState)
HEADS = table(ReplicaHead)
BUSY_TIMEOUT_MS = 5000
CLOCK_WARN_MS = 60_000


def resolve_url(db: str | None) -> str:
    """--db (path or URL), else DUTYDESK_DB, else the platformdirs data dir."""
    value = db or os.environ.get("DUTYDESK_DB") or str(paths.default_db_path())
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we issue BEGIN ourselves (see _begin)
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys=ON")
    with contextlib.suppress(sqlite3.DatabaseError):
        # read-only media stays in its journal mode; writes will then report read-only
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()


def _begin(conn: Connection) -> None:
    mode = "BEGIN IMMEDIATE" if conn.get_execution_options().get("immediate") else "BEGIN"
    conn.exec_driver_sql(mode)


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _begin)
        return engine
    if make_url(url).get_backend_name() == "postgresql":
        return server.make_engine(url)
    return create_engine(url, pool_pre_ping=True)


def translate_error(error: BaseException, path: str = "") -> DatabaseError:
    """Map driver errors a user can cause to a clear DatabaseError."""
    if "://" in path and not path.startswith("sqlite"):
        found = server.translate_error(error, path)
        if found is not None:
            return found
    msg = str(getattr(error, "orig", error)).lower()
    if "not a database" in msg or "file is encrypted" in msg:
        return DatabaseError("db.not_a_database", path=path)
    if "malformed" in msg or "disk image" in msg or "corrupt" in msg:
        return DatabaseError("db.corrupt", detail=str(getattr(error, "orig", error)))
    if "locked" in msg or "busy" in msg:
        return DatabaseError("db.locked")
    if "readonly" in msg or "read-only" in msg or ("unable to open" in msg and Path(path).exists()):
        return DatabaseError("db.readonly", path=path)
    return DatabaseError("db.cannot_open", detail=str(getattr(error, "orig", error)))


@dataclass
class Database:
    """An open station database."""

    url: str
    engine: Engine
    wall: WallClock
    station_id: str = ""
    replica_id: str = ""
    clock: HybridClock = field(init=False)
    warnings: list[str] = field(default_factory=list)
    schema_revision: str = ""
    _nonce: str = ""
    _guarded: str = ""
    origin: str = field(default_factory=replica.new_nonce)
    """This program's token in live-refresh announcements (app/storage/live.py)."""
    own_ops: live.OwnOps = field(default_factory=live.OwnOps)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, db: str | None = None, *, wall: WallClock = system_ms, create: bool = False) -> Database:
        url = resolve_url(db)
        path = sqlite_path(url)
        if path is not None:
            if path.is_dir():
                raise DatabaseError("db.not_a_database", path=str(path))
            if not path.exists():
                if not create:
                    raise DatabaseError("db.not_initialised", path=str(path))
                try:
                    path.parent.mkdir(parents=True, exist_ok=True)
                except OSError as error:
                    raise DatabaseError("db.cannot_open", detail=str(error)) from error
        try:
            engine = make_engine(url)
        except ImportError as error:  # e.g. postgresql:// without psycopg installed
            raise DatabaseError("db.no_driver", driver=error.name or str(error)) from error
        except exc.ArgumentError as error:
            raise DatabaseError("db.cannot_open", detail=str(error)) from error
        database = cls(url=url, engine=engine, wall=wall)
        if path is not None:  # from now on only SQLite touches the file (app/storage/file_guard.py)
            file_guard.protect(path)
            database._guarded = str(path)
        try:
            database._prepare()
        except exc.DBAPIError as error:
            database.close()
            raise translate_error(error, str(path or url)) from error
        except BaseException:
            database.close()
            raise
        return database

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")

    @property
    def location(self) -> str:
        """Where the data lives, for people: the file, or host:port/database of the server
        (never the password)."""
        path = self.path
        if path is not None:
            return str(path)
        return server.describe(self.url) if not self.is_sqlite else self.url

    def server_info(self) -> server.ServerInfo | None:
        """The server, its version and latency (None for a SQLite file)."""
        return None if self.is_sqlite else server.info(self.engine, self.url)

    def _prepare(self) -> None:
        with self.engine.connect() as conn:
            if self.is_sqlite:
                conn.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
                conn.commit()
            self.schema_revision = migrate.upgrade(conn)
            conn.commit()
        with self.engine.connect() as conn:
            state = dict(conn.execute(select(LOCAL.c.key, LOCAL.c.value)).tuples().all())
            last = oplog.last_hlc(conn)
            if last is not None and last.wall_ms - self.wall() > sync_store.CLOCK_AHEAD_MS:
                # operations synced from a station whose clock was far ahead do not drag ours
                last = sync_store.clock_floor(conn, state.get("station_id", ""), self.wall())
        self.station_id = state.get("station_id", "")
        self.replica_id = state.get("replica_id", "")
        self._nonce = state.get("instance_nonce", "")
        node = self.station_id or "unset"
        self.clock = HybridClock(node, self.wall, last)
        behind = self.clock.wall_behind_ms
        if behind > CLOCK_WARN_MS:
            self.warnings.append(messages.text("clock.behind", seconds=behind // 1000))
        if self.station_id:
            self._guard_replica(state)

    def _guard_replica(self, state: dict[str, str]) -> None:
        path = self.path
        if path is None:
            return  # a server database is one replica shared by its workstations
        with self.engine.connect() as conn:
            seq = conn.execute(select(HEADS.c.seq).where(HEADS.c.replica_id == self.replica_id)).scalar() or 0
        reason = replica.needs_new_replica(self.replica_id, state.get("instance_nonce", ""), str(path), seq)
        if reason is None:
            return
        new_id = uuid7(self.wall())
        nonce = replica.new_nonce()
        with self.transaction() as conn:
            for key, value in (("replica_id", new_id), ("instance_nonce", nonce), ("replica_reason", reason)):
                self._set_state(conn, key, value)
        self.replica_id, self._nonce = new_id, nonce
        replica.write_record(replica.InstanceRecord(new_id, nonce, str(path), 0))
        self.warnings.append(messages.text("replica.new", replica=new_id[:8]))

    @staticmethod
    def _set_state(conn: Connection, key: str, value: str) -> None:
        if conn.execute(select(LOCAL.c.key).where(LOCAL.c.key == key)).first():
            conn.execute(update(LOCAL).where(LOCAL.c.key == key).values(value=value))
        else:
            conn.execute(insert(LOCAL).values(key=key, value=value))

    def _adopt_identity(self, conn: Connection, station_id: str) -> None:
        """Give a brand-new database its station and first replica (inside init's transaction)."""
        if self.station_id:
            raise DatabaseError("db.already_initialised", station=self.station_id)
        self.station_id = station_id
        self.replica_id = uuid7(self.wall())
        self._nonce = replica.new_nonce()
        for key, value in (("station_id", station_id), ("replica_id", self.replica_id), ("instance_nonce", self._nonce)):
            self._set_state(conn, key, value)
        self.clock = HybridClock(station_id, self.wall, oplog.last_hlc(conn))

    # -- using -----------------------------------------------------------------------------

    @property
    def initialised(self) -> bool:
        return bool(self.station_id)

    def require_station(self) -> None:
        if not self.station_id:
            raise DatabaseError("db.not_initialised", path=str(self.path or self.url))

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except exc.OperationalError as error:
            raise translate_error(error, str(self.path or self.url)) from error
        except exc.DBAPIError as error:
            if self.is_sqlite or not server.is_connection_problem(error):
                raise
            raise translate_error(error, self.url) from error

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """A write transaction: all or nothing. SQLite: BEGIN IMMEDIATE. PostgreSQL: the
        station's head row locked first (app/storage/server.py), so writers take turns."""
        if not self.is_sqlite:
            with self._server_transaction() as conn:
                yield conn
            return
        try:
            with self.engine.connect().execution_options(immediate=True) as conn, conn.begin():
                yield conn
        except (exc.OperationalError, exc.IntegrityError) as error:
            if isinstance(error, exc.IntegrityError):
                raise
            raise translate_error(error, str(self.path or self.url)) from error

    def _server_begin(self) -> Connection:
        """A connection in a transaction that holds the station's write lock (retried)."""
        for attempt in range(server.LOCK_ATTEMPTS):
            try:
                conn = self.engine.connect()
            except exc.DBAPIError as error:
                if attempt + 1 < server.LOCK_ATTEMPTS and server.retryable(error):
                    server.backoff(attempt)
                    continue
                raise translate_error(error, self.url) from error
            try:
                conn.begin()
                server.lock_head(conn, self.replica_id)
                conn.info["dutydesk_mark"] = live.high_water(conn)
                last = oplog.last_hlc(conn)
                if last is not None:  # other seats write too: stay after their timestamps
                    self.clock.observe(last, sync_store.CLOCK_AHEAD_MS)
                return conn
            except exc.DBAPIError as error:
                with contextlib.suppress(Exception):
                    conn.rollback()
                with contextlib.suppress(Exception):
                    conn.close()
                if attempt + 1 < server.LOCK_ATTEMPTS and server.retryable(error):
                    server.backoff(attempt)
                    continue
                raise translate_error(error, self.url) from error
        raise DatabaseError("db.server_busy")  # pragma: no cover - the loop returns or raises

    @contextmanager
    def _server_transaction(self) -> Iterator[Connection]:
        conn = self._server_begin()
        try:
            try:
                yield conn
            except BaseException as error:
                with contextlib.suppress(Exception):
                    conn.rollback()
                if isinstance(error, exc.DBAPIError) and not isinstance(error, exc.IntegrityError):
                    if server.is_connection_problem(error):
                        raise DatabaseError("db.server_lost") from error
                    found = server.translate_error(error, self.url)
                    if found is not None:
                        raise found from error
                raise
            try:
                if not conn.info.pop("dutydesk_announced", False) and \
                        live.high_water(conn) > conn.info.get("dutydesk_mark", 0):
                    live.announce(conn, self.origin, None)  # operations added: others reload
                conn.commit()
            except exc.DBAPIError as error:
                with contextlib.suppress(Exception):
                    conn.rollback()
                if server.is_connection_problem(error):
                    raise DatabaseError("db.server_lost_commit") from error
                raise
        finally:
            conn.info.pop("dutydesk_announced", None)
            conn.info.pop("dutydesk_mark", None)
            with contextlib.suppress(Exception):
                conn.close()

    @contextmanager
    def write(self, *, new_station: str | None = None) -> Iterator[oplog.Writer]:
        """Record operations and their projections in one transaction.

        `new_station` gives a brand-new database its identity in the same transaction (init).
        """
        saved = (self.station_id, self.replica_id, self._nonce, self.clock)
        try:
            with self.transaction() as conn:
                if new_station is not None:
                    self._adopt_identity(conn, new_station)
                self.require_station()
                writer = oplog.Writer(conn, oplog.LogContext(self.station_id, self.replica_id, self.clock))
                yield writer
                if writer.written and not self.is_sqlite:
                    live.announce(conn, self.origin, sorted(writer.changes.tables))
                    conn.info["dutydesk_announced"] = True
        except BaseException:
            if new_station is not None:
                self.station_id, self.replica_id, self._nonce, self.clock = saved
            raise
        self._after_commit(writer)

    def _after_commit(self, writer: oplog.Writer) -> None:
        """Keep the outside instance record's high-water seq in step with the database."""
        self.own_ops.add([op.op_id for op in writer.written])
        path = self.path
        local = [op.seq for op in writer.written if op.replica_id == self.replica_id]
        if path is None or not local:
            return
        replica.write_record(replica.InstanceRecord(self.replica_id, self._nonce, str(path), max(local)))

    def close(self) -> None:
        self.engine.dispose()
        if self._guarded:
            file_guard.release(self._guarded)
            self._guarded = ""

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
