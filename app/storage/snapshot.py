"""Consistent copies of a live database, and checks of a copy — only ever through SQLite.

A file copy of a database in use can be torn (the WAL holds the newest pages), and opening the
file by any other means drops SQLite's POSIX locks for the whole process (docs/architecture.md).
So the copy is made with SQLite's online backup API in a single step: it reads one consistent
snapshot inside a read transaction while writers go on (WAL), and writes a self-contained
database file (journal mode DELETE, no -wal beside it). On PostgreSQL the copy is `pg_dump`.

A copy is checked by opening it read-only through SQLite: `PRAGMA integrity_check`, the schema
revision, the station identity and every replica's hash chain (own replica without gaps).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from app.storage import migrate, oplog
from app.storage.engine import Database

FULL_MARKERS = ("database or disk is full", "no space left", "disk full")


class CopyFailed(Exception):
    """The copy could not be written; `reason` is `full`, `readonly` or `io` (+ detail)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


def _reason(error: BaseException) -> str:
    msg = str(error).lower()
    if (isinstance(error, OSError) and error.errno == 28) or any(m in msg for m in FULL_MARKERS):
        return "full"
    if isinstance(error, PermissionError) or "readonly" in msg or "read-only" in msg or "unable to open" in msg:
        return "readonly"
    return "io"


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    if os.name == "nt":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _open_target(dest: Path) -> sqlite3.Connection:
    """The temporary copy: no journal beside it (it is checked before it counts; a kill leaves
    only the one `.partial` file)."""
    target = sqlite3.connect(str(dest), isolation_level=None)
    target.execute("PRAGMA journal_mode=OFF")
    target.execute("PRAGMA synchronous=OFF")  # fsynced once, as a whole, before the rename
    return target


def copy_sqlite(db: Database, dest: Path) -> None:
    """Write a consistent copy of `db` (SQLite) to `dest`, which must not exist yet."""
    raw = db.engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        target = _open_target(dest)
        try:
            source.backup(target, pages=-1)  # one step: one snapshot, never restarted by writers
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
        _fsync(dest)
    except (sqlite3.Error, OSError) as error:
        raise CopyFailed(_reason(error), str(error)) from error
    finally:
        raw.close()


def copy_file_db(source_path: Path, dest: Path) -> None:
    """Copy a database file that nobody is writing (a backup being restored), through SQLite."""
    try:
        source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True, isolation_level=None)
        try:
            target = _open_target(dest)
            try:
                source.backup(target, pages=-1)
                target.execute("PRAGMA journal_mode=DELETE")
            finally:
                target.close()
        finally:
            source.close()
        _fsync(dest)
    except (sqlite3.Error, OSError) as error:
        raise CopyFailed(_reason(error), str(error)) from error


def pg_dump(url: str, dest: Path) -> None:
    """`pg_dump -Fc` of a server database to `dest` (custom format; restore with pg_restore)."""
    exe = shutil.which("pg_dump")
    if exe is None:
        raise CopyFailed("no_pg_dump")
    plain = url.replace("postgresql+psycopg://", "postgresql://").replace("postgresql+psycopg2://", "postgresql://")
    done = subprocess.run([exe, "-Fc", "--no-owner", "--file", str(dest), "--dbname", plain],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise CopyFailed(_reason(OSError(done.stderr)), lines[-1] if lines else "pg_dump failed")
    _fsync(dest)


def check_pg_dump(dest: Path) -> str:
    """'' when `pg_restore --list` reads the whole archive, else its complaint."""
    exe = shutil.which("pg_restore")
    if exe is None:
        return ""  # pg_dump's own exit status is all there is
    done = subprocess.run([exe, "--list", str(dest)], capture_output=True, text=True, check=False)
    if done.returncode != 0 or "TABLE DATA public oplog" not in done.stdout:
        return (done.stderr.strip().splitlines() or ["no operation log in the archive"])[-1]
    return ""


@dataclass
class CopyReport:
    """What a backup file holds and whether it is sound."""

    ok: bool = False
    problems: list[str] = field(default_factory=list)
    """Codes: `not_a_database`, `integrity`, `newer_schema`, `no_station`, `chain`."""
    detail: str = ""
    station_id: str = ""
    station_code: str = ""
    station_name: str = ""
    replica_id: str = ""
    revision: str = ""
    operations: int = 0
    own_seq: int = 0
    last_ms: int = 0


def inspect_copy(path: Path, *, verify_chain: bool = True,
                 progress: Callable[[str], None] | None = None) -> CopyReport:
    """Open `path` read-only through SQLite and say what it is and whether it is sound."""
    report = CopyReport()
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    except sqlite3.Error as error:
        report.problems.append("not_a_database")
        report.detail = str(error)
        return report
    try:
        try:
            if progress:
                progress("integrity")
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        except sqlite3.DatabaseError as error:
            report.problems.append("not_a_database" if "not a database" in str(error).lower() else "integrity")
            report.detail = str(error)
            return report
        if rows != ["ok"]:
            report.problems.append("integrity")
            report.detail = "; ".join(rows[:3])
            return report
        try:
            report.revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
            state = dict(conn.execute("SELECT key, value FROM local_state").fetchall())
        except (sqlite3.Error, TypeError):
            report.problems.append("no_station")
            return report
        report.station_id = state.get("station_id", "")
        report.replica_id = state.get("replica_id", "")
        if not report.station_id:
            report.problems.append("no_station")
            return report
        row = conn.execute("SELECT name, code FROM station WHERE station_id = ?", (report.station_id,)).fetchone()
        if row:
            report.station_name, report.station_code = row
        if not migrate.is_known_revision(report.revision):
            report.problems.append("newer_schema")
            return report
        seq = conn.execute("SELECT seq FROM replica_head WHERE replica_id = ?", (report.replica_id,)).fetchone()
        report.own_seq = int(seq[0]) if seq else 0
        last = conn.execute("SELECT max(hlc) FROM oplog").fetchone()[0]
        if last:
            from app.clock import Hlc

            report.last_ms = Hlc.decode(last).wall_ms
    finally:
        conn.close()
    if verify_chain:
        if progress:
            progress("chain")
        engine = create_engine(f"sqlite:///file:{path}?mode=ro&uri=true")
        try:
            with engine.connect() as sa_conn:
                sa_conn.execute(text("SELECT 1"))
                count, problems = oplog.verify_chains(sa_conn)
        finally:
            engine.dispose()
        report.operations = count
        bad = [p for p in problems if p.problem != "gap" or p.replica_id == report.replica_id]
        if bad:
            report.problems.append("chain")
            report.detail = f"{bad[0].problem} {bad[0].replica_id[:8]} seq {bad[0].seq}"
    report.ok = not report.problems
    return report
