"""Restoring a backup as a new database, with a new replica id.

The backup is checked first (integrity, schema, station, hash chains) and copied through SQLite
to a temporary name beside the target, then renamed: the target exists only when complete. The
restored database must never write as the replica it was copied from (that replica may have gone
on after the backup, and its seq numbers were seen by peers), so its instance nonce is replaced
before it is first opened: the copy guard then gives it a new replica id. Operations made after
the backup come back from the peers' bundles (docs/backup.md).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import update

from app.errors import UserError
from app.storage import snapshot
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.oplog import LocalState

LOCAL = table(LocalState)


@dataclass(frozen=True)
class RestoreResult:
    path: str
    station_id: str
    station_name: str
    station_code: str
    old_replica: str
    new_replica: str
    operations: int


def check_backup(backup: Path, expect_station: str | None = None) -> snapshot.CopyReport:
    """Raise a UserError unless `backup` is a sound backup (of `expect_station`, when given)."""
    if not backup.is_file():
        raise UserError("restore.no_file", path=str(backup))
    report = snapshot.inspect_copy(backup)
    if "not_a_database" in report.problems or "no_station" in report.problems:
        raise UserError("restore.not_a_backup", path=str(backup), detail=report.detail or "no station")
    if "newer_schema" in report.problems:
        raise UserError("restore.newer_schema", revision=report.revision)
    if report.problems:
        raise UserError("restore.damaged", problem=",".join(report.problems), detail=report.detail)
    if expect_station and expect_station not in (report.station_id, report.station_code):
        raise UserError("restore.other_station", name=report.station_name, scode=report.station_code,
                        expected=expect_station)
    return report


def restore(backup: str | Path, target: str, *, expect_station: str | None = None) -> RestoreResult:
    """Restore `backup` as the new database file `target`. `expect_station` (an id or a code):
    refuse a backup of any other station."""
    if "://" in target:
        raise UserError("restore.target_is_server")
    backup_path = Path(backup).expanduser()
    dest = Path(target).expanduser().resolve()
    if dest.exists():
        raise UserError("restore.target_exists", path=str(dest))
    if not dest.parent.is_dir():
        raise UserError("backup.target_missing", path=str(dest.parent))
    report = check_backup(backup_path, expect_station)
    partial = dest.with_name(f".{dest.name}.partial")
    try:
        try:
            snapshot.copy_file_db(backup_path, partial)
            conn = sqlite3.connect(str(partial), isolation_level=None)
            try:  # a fresh nonce: the copy guard gives the restored database a new replica id
                conn.execute("UPDATE local_state SET value = ? WHERE key = 'instance_nonce'",
                             (secrets.token_hex(16),))
            finally:
                conn.close()
        except (snapshot.CopyFailed, sqlite3.Error) as error:
            reason = getattr(error, "reason", "io")
            code = {"full": "backup.full", "readonly": "backup.readonly"}.get(reason, "backup.io")
            raise UserError(code, path=str(dest.parent), detail=str(error)) from error
        if dest.exists():
            raise UserError("restore.target_exists", path=str(dest))
        os.replace(partial, dest)
        snapshot.fsync_dir(dest.parent)
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    db = Database.open(str(dest))
    try:
        with db.transaction() as sa_conn:
            sa_conn.execute(update(LOCAL).where(LOCAL.c.key == "replica_reason").values(value="restored"))
        new_replica = db.replica_id
    finally:
        db.close()
    return RestoreResult(str(dest), report.station_id, report.station_name, report.station_code,
                         report.replica_id, new_replica, report.operations)
