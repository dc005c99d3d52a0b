"""Making a backup: a consistent copy, checked, renamed into place, old ones rotated, recorded.

The copy is written under a hidden temporary name (`.NAME.partial`) in the target folder, checked
(integrity, schema, station, hash chains), then renamed: a file under a final name is always a
complete, checked backup — a power cut or `kill -9` leaves at most a `.partial`, which the next
backup into that folder removes. Names carry the station code and the station's local time
(Beijing time by default): `DutyDesk-532927-20241201-083000.sqlite3` (`.dump` for a server).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, insert, select, update

from app import messages
from app.clock import ms_to_datetime
from app.errors import UserError
from app.services import station
from app.services.backup.settings import BackupSettings
from app.services.backup.settings import load as load_settings
from app.storage import snapshot
from app.storage.engine import Database
from app.storage.ids import uuid7
from app.storage.models import table
from app.storage.models.backup import BackupRun
from app.storage.models.oplog import ReplicaHead

RUNS = table(BackupRun)
HEADS = table(ReplicaHead)
STALE_PARTIAL_S = 3600
NAME = re.compile(r"^DutyDesk-(?P<code>[0-9A-Za-z_-]+)-(?P<ts>\d{8}-\d{6})(?:-\d+)?\.(?:sqlite3|dump)$")


@dataclass(frozen=True)
class BackupResult:
    ok: bool
    target: str
    path: str = ""
    size: int = 0
    sha256: str = ""
    seq: int = 0
    code: str = ""
    """Message code of a failure (`backup.full` …)."""
    params: dict[str, object] | None = None
    warning: str = ""
    removed: int = 0
    finished_ms: int = 0

    @property
    def message(self) -> str:
        return messages.text(self.code, **(self.params or {})) if self.code else ""

    def raise_if_failed(self) -> None:
        if not self.ok:
            raise UserError(self.code, **(self.params or {}))


def backup_name(code: str, ms: int, zone: object, server: bool = False) -> str:
    when = ms_to_datetime(ms).astimezone(zone)  # type: ignore[arg-type]
    return f"DutyDesk-{code}-{when:%Y%m%d-%H%M%S}." + ("dump" if server else "sqlite3")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:  # the backup copy, never the live database
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def same_disk(db: Database, target: Path) -> bool:
    path = db.path
    if path is None:
        return False
    try:
        return os.stat(target).st_dev == os.stat(path.parent).st_dev  # stat only: never opens the file
    except OSError:
        return False


def _check_target(target: Path) -> tuple[str, dict[str, object]] | None:
    if not target.exists():
        return "backup.target_missing", {"path": str(target)}
    if not target.is_dir():
        return "backup.target_not_dir", {"path": str(target)}
    return None


def _clean_partials(target: Path, now_s: float) -> None:
    for leftover in target.glob(".DutyDesk-*.partial*"):  # and a journal a kill may have left
        with contextlib.suppress(OSError):
            if now_s - leftover.stat().st_mtime > STALE_PARTIAL_S:
                leftover.unlink()


def rotate(target: Path, code: str, keep_daily: int, keep_monthly: int,
           newest: Path | None = None) -> list[Path]:
    """Delete this station's backups in `target` except: all of the newest day's, the newest of
    each of the last `keep_daily` days and of each of the last `keep_monthly` months (and
    `newest`). Other files are never touched. Returns what went."""
    found: list[tuple[str, Path]] = []
    for path in target.iterdir():
        m = NAME.match(path.name)
        if m and m.group("code") == code:
            found.append((m.group("ts") + path.name, path))
    found.sort(reverse=True)
    keep: set[Path] = {newest} if newest else set()
    days: set[str] = set()
    months: set[str] = set()
    first_day = found[0][0][:8] if found else ""
    for key, path in found:
        day, month = key[:8], key[:6]
        if day == first_day:
            keep.add(path)
        if day not in days and len(days) < keep_daily:
            days.add(day)
            keep.add(path)
        if month not in months and len(months) < keep_monthly:
            months.add(month)
            keep.add(path)
    removed: list[Path] = []
    for _key, path in found:
        if path not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _own_seq(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(HEADS.c.seq).where(HEADS.c.replica_id == db.replica_id)).scalar() or 0)


def _record(db: Database, started: int, result: BackupResult, trigger: str,
            removed: list[Path] | None = None) -> None:
    message = result.message or result.warning
    with contextlib.suppress(UserError), db.transaction() as conn:
        latest = conn.execute(select(func.max(RUNS.c.finished_ms))).scalar() or 0
        finished = max(result.finished_ms, latest + 1)  # runs stay in the order they were made
        if removed:
            conn.execute(update(RUNS).where(RUNS.c.path.in_([str(p) for p in removed]))
                         .values(status="rotated"))
        conn.execute(insert(RUNS).values(
            run_id=uuid7(started), started_ms=started, finished_ms=finished, target=result.target,
            path=result.path, status="ok" if result.ok else "failed", trigger=trigger, size=result.size,
            sha256=result.sha256, seq=result.seq, message=message))


def make_backup(db: Database, target: str | Path, *, trigger: str = "manual",
                settings: BackupSettings | None = None) -> BackupResult:
    """Back `db` up into the folder `target`; never raises for a failed backup (the result and
    the recorded run say why), so that automatic backups are never silently lost."""
    started = db.wall()
    folder = Path(target).expanduser()
    info = station.info(db)
    settings = settings or load_settings(db)

    def failed(code: str, **params: object) -> BackupResult:
        result = BackupResult(False, str(folder), code=code, params=params, finished_ms=db.wall())
        _record(db, started, result, trigger)
        return result

    problem = _check_target(folder)
    if problem:
        return failed(problem[0], **problem[1])
    warning = messages.text("backup.same_disk") if same_disk(db, folder) else ""
    server = not db.is_sqlite
    name = backup_name(info.code, started, info.zone, server)
    final = folder / name
    n = 2
    while final.exists():
        final = folder / name.replace(".", f"-{n}.", 1)
        n += 1
    partial = folder / f".{final.name}.{secrets.token_hex(4)}.partial"  # never another run's leftover
    try:
        _clean_partials(folder, time.time())
        seq = _own_seq(db)
        try:
            if server:
                snapshot.pg_dump(db.url, partial)
            else:
                snapshot.copy_sqlite(db, partial)
        except snapshot.CopyFailed as error:
            code = {"full": "backup.full", "readonly": "backup.readonly",
                    "no_pg_dump": "backup.no_pg_dump"}.get(error.reason, "backup.io")
            return failed(code, path=str(folder), detail=error.detail)
        if server:
            complaint = snapshot.check_pg_dump(partial)
            if complaint:
                return failed("backup.verify_failed", problem="pg_restore", detail=complaint)
        else:
            report = snapshot.inspect_copy(partial)
            if not report.ok or report.station_id != db.station_id:
                return failed("backup.verify_failed", problem=",".join(report.problems) or "station",
                              detail=report.detail)
            seq = report.own_seq
        size = partial.stat().st_size
        digest = _sha256(partial)
        os.replace(partial, final)
        snapshot.fsync_dir(folder)
    except OSError as error:
        code = "backup.full" if error.errno == 28 else (
            "backup.readonly" if isinstance(error, PermissionError) or error.errno == 30 else "backup.io")
        return failed(code, path=str(folder), detail=str(error))
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    removed = rotate(folder, info.code, settings.keep_daily, settings.keep_monthly, newest=final)
    result = BackupResult(True, str(folder), str(final), size, digest, seq, warning=warning,
                          removed=len(removed), finished_ms=db.wall())
    _record(db, started, result, trigger, removed)
    return result


def run_configured(db: Database, *, trigger: str) -> list[BackupResult]:
    """Back up to every configured target (each recorded, failures included)."""
    settings = load_settings(db)
    return [make_backup(db, target, trigger=trigger, settings=settings) for target in settings.targets]


def local_time(db: Database, ms: int) -> datetime:
    return ms_to_datetime(ms).astimezone(station.info(db).zone)
