"""Settings of the desktop program kept per station: the automatic lock after idle time.

Stored as a `station.setting` operation (so it is in the log, replayed on rebuild, and admins
change it); read by `app/ui/idle_lock.py` while the window is open.
"""

from __future__ import annotations

from app import messages
from app.errors import ValidationError
from app.services import roles, station
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.storage.engine import Database

IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 15
MAX_IDLE_LOCK_MINUTES = 240

messages.register(
    {
        "desktop.bad_idle_lock": (
            "自动锁屏时间无效：{value}（请填 0 到 {max} 之间的分钟数，0 表示不自动锁屏）",
            "Invalid automatic lock time: {value} (minutes from 0 to {max}; 0 turns the automatic lock off)",
        ),
    }
)


def idle_lock_minutes(db: Database) -> int:
    """Minutes without keyboard or mouse input before the window locks itself (0: never)."""
    raw = station.get_setting(db, IDLE_LOCK_KEY, str(DEFAULT_IDLE_LOCK_MINUTES))
    try:
        value = int(raw)
    except ValueError:
        return DEFAULT_IDLE_LOCK_MINUTES
    return value if 0 <= value <= MAX_IDLE_LOCK_MINUTES else DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(db: Database, actor: Actor, minutes: int) -> Changes:
    actor.require(roles.ADMIN)
    if not 0 <= minutes <= MAX_IDLE_LOCK_MINUTES:
        raise ValidationError("desktop.bad_idle_lock", field="idle_lock_minutes", value=minutes,
                              max=MAX_IDLE_LOCK_MINUTES)
    return station.set_setting(db, actor, IDLE_LOCK_KEY, str(minutes))
