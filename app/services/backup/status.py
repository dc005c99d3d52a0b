"""What the station knows about its backups: the last one, failures, whether one is due, and a
check of recorded backups against their files (used by `dutydesk check`)."""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app import formatting, messages
from app.clock import ms_to_datetime
from app.services.backup.run import RUNS
from app.services.backup.settings import load as load_settings
from app.storage.engine import Database

HOUR_MS = 3_600_000


@dataclass(frozen=True)
class Run:
    run_id: str
    finished_ms: int
    target: str
    path: str
    status: str
    trigger: str
    size: int
    sha256: str
    seq: int
    message: str


def _runs(db: Database, *, status: str | None = None, limit: int = 50) -> list[Run]:
    stmt = select(RUNS).order_by(RUNS.c.finished_ms.desc(), RUNS.c.run_id.desc()).limit(limit)
    if status:
        stmt = stmt.where(RUNS.c.status == status)
    with db.read() as conn:
        return [Run(r.run_id, r.finished_ms, r.target, r.path, r.status, r.trigger, r.size, r.sha256, r.seq,
                    r.message) for r in conn.execute(stmt)]


def history(db: Database, limit: int = 50) -> list[Run]:
    return _runs(db, limit=limit)


def last_ok(db: Database) -> Run | None:
    found = _runs(db, status="ok", limit=1)
    return found[0] if found else None


def last_run(db: Database) -> Run | None:
    found = _runs(db, limit=1)
    return found[0] if found else None


@dataclass(frozen=True)
class Summary:
    state: str
    """`ok`, `failed` (the latest attempt failed), `overdue` (none successful for too long), `never`."""
    text: str
    last: Run | None
    failure: Run | None


def _when(db: Database, ms: int) -> str:
    from app.services import station

    return formatting.short_datetime(ms_to_datetime(ms).astimezone(station.info(db).zone))


def summary(db: Database, now_ms: int | None = None) -> Summary:
    """One line for the status bar, the handover sheet, About and `check`."""
    now = db.wall() if now_ms is None else now_ms
    ok = last_ok(db)
    latest = last_run(db)
    configured = set(load_settings(db).targets)
    newest_per_target: dict[str, Run] = {}
    for run in history(db, limit=200):
        newest_per_target.setdefault(run.target, run)
    # a failure is current while the target's newest attempt failed (a configured folder, or
    # whatever was tried last); a later success elsewhere does not hide it
    failure = next((r for t, r in newest_per_target.items()
                    if r.status == "failed" and (t in configured or r == latest)), None)
    if failure is not None:
        text = messages.text("backup.last_failed", when=_when(db, failure.finished_ms), target=failure.target,
                             message=failure.message)
        return Summary("failed", text, ok, failure)
    if ok is None:
        return Summary("never", messages.text("backup.never"), None, None)
    text = messages.text("backup.last_ok", when=_when(db, ok.finished_ms), path=ok.path)
    every = load_settings(db).every_hours
    if every and now - ok.finished_ms > 2 * every * HOUR_MS:
        return Summary("overdue", text + "；" + messages.text("backup.overdue", hours=every), ok, None)
    return Summary("ok", text, ok, None)


def due(db: Database, now_ms: int | None = None) -> bool:
    """Whether the periodic backup is due (every N hours since the last attempt; N = 0: never)."""
    settings = load_settings(db)
    if not settings.targets or settings.every_hours <= 0:
        return False
    latest = last_run(db)
    now = db.wall() if now_ms is None else now_ms
    return latest is None or now - latest.finished_ms >= settings.every_hours * HOUR_MS


def verify_files(db: Database, limit: int = 1) -> list[tuple[Run, str]]:
    """The latest `limit` recorded successful backups (not rotated away) whose file is gone or
    differs from what was recorded: (run, message code)."""
    problems: list[tuple[Run, str]] = []
    for run in _runs(db, status="ok", limit=limit):
        path = Path(run.path)
        if not path.exists():
            problems.append((run, "backup.file_missing"))
            continue
        digest = hashlib.sha256()
        with contextlib.suppress(OSError), path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        if path.stat().st_size != run.size or digest.hexdigest() != run.sha256:
            problems.append((run, "backup.file_changed"))
    return problems


def describe(db: Database) -> str:
    """For `dutydesk check` and Help → About: the last backup, whether its file is still intact."""
    current = summary(db)
    if current.state in ("ok", "overdue") and current.last is not None:
        text = messages.text("backup.env_ok", when=_when(db, current.last.finished_ms), path=current.last.path)
        if current.state == "overdue":
            text += "；" + messages.text("backup.overdue", hours=load_settings(db).every_hours)
    else:
        text = current.text
    for run, code in verify_files(db):
        text += "；" + messages.text(code, path=run.path)
    return text
