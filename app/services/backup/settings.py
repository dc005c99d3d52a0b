"""Backup settings of the station (station settings, changed by an admin, kept in the log)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from app.errors import ValidationError
from app.services import roles, station
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.storage.engine import Database

KEY_TARGETS = "backup.targets"
KEY_EVERY = "backup.every_hours"
KEY_DAILY = "backup.keep_daily"
KEY_MONTHLY = "backup.keep_monthly"
DEFAULT_EVERY_HOURS = 6
DEFAULT_KEEP_DAILY = 14
DEFAULT_KEEP_MONTHLY = 12


@dataclass(frozen=True)
class BackupSettings:
    targets: list[str] = field(default_factory=list)
    """Folders: a second disk, a USB stick, a network folder."""
    every_hours: int = DEFAULT_EVERY_HOURS
    """0: only at handovers and by hand."""
    keep_daily: int = DEFAULT_KEEP_DAILY
    keep_monthly: int = DEFAULT_KEEP_MONTHLY


def _int(db: Database, key: str, default: int) -> int:
    try:
        return int(station.get_setting(db, key, str(default)))
    except ValueError:
        return default


def load(db: Database) -> BackupSettings:
    raw = station.get_setting(db, KEY_TARGETS, "[]")
    try:
        targets = [str(t) for t in json.loads(raw) if str(t).strip()]
    except (ValueError, TypeError):
        targets = []
    return BackupSettings(targets, _int(db, KEY_EVERY, DEFAULT_EVERY_HOURS),
                          _int(db, KEY_DAILY, DEFAULT_KEEP_DAILY), _int(db, KEY_MONTHLY, DEFAULT_KEEP_MONTHLY))


def _check(name: str, value: int | None, low: int, high: int) -> None:
    if value is not None and not low <= value <= high:
        raise ValidationError("backup.bad_setting", field=name, name=name, value=value)


def save(db: Database, actor: Actor, *, targets: list[str] | None = None, every_hours: int | None = None,
         keep_daily: int | None = None, keep_monthly: int | None = None) -> Changes:
    """Change what is given; all values are checked before anything is written."""
    _check("every_hours", every_hours, 0, 24 * 7)
    _check("keep_daily", keep_daily, 1, 3650)
    _check("keep_monthly", keep_monthly, 0, 1200)
    clean: list[str] | None = None
    if targets is not None:
        clean = []
        for t in targets:
            t = t.strip()
            if "\x00" in t or any(0xD800 <= ord(c) <= 0xDFFF for c in t):
                raise ValidationError("backup.bad_setting", field="targets", name="targets",
                                      value=t.encode("utf-8", "replace").decode("utf-8", "replace"))
            if t and t not in clean:
                clean.append(t)
    actor.require(roles.ADMIN)
    values = ((KEY_TARGETS, None if clean is None else json.dumps(clean, ensure_ascii=False)),
              (KEY_EVERY, every_hours), (KEY_DAILY, keep_daily), (KEY_MONTHLY, keep_monthly))
    with db.write() as w:  # one transaction: all settings or none
        for key, value in values:
            if value is not None:
                w.record("station.setting", {"key": key, "value": str(value)}, actor.username)
    return w.changes
