"""The station's shift pattern (settings) and the slots it makes in the station's zone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from app.errors import ValidationError
from app.services import roles, station
from app.services.accounts import Actor
from app.services.shifts.types import (
    ShiftInfo,
    Slot,
)
from app.services.station import zone
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.shifts import HandoverSheet, RotaSlot, Shift, ShiftConfirmation

SHIFT = table(Shift)
SHEET = table(HandoverSheet)
CONFIRM = table(ShiftConfirmation)
SLOT = table(RotaSlot)


# settings (station.setting keys) and their defaults
PATTERN_KEY = "shift.pattern"
MIN_OPERATORS_KEY = "shift.min_operators"
LEADER_CONFIRM_KEY = "shift.leader_confirm"
REMINDER_KEY = "shift.reminder_minutes"
DEFAULT_PATTERN = "08:30"
DEFAULT_MIN_OPERATORS = 3
DEFAULT_REMINDER_MIN = 30

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


# -- settings and the pattern ----------------------------------------------------------------------


def parse_pattern(text: str) -> list[time]:
    starts: list[time] = []
    for part in re.split(r"[,，;\s]+", text.strip()):
        if not part:
            continue
        match = _TIME_RE.match(part)
        if not match:
            raise ValidationError("shift.bad_pattern", field="pattern", value=text)
        starts.append(time(int(match.group(1)), int(match.group(2))))
    if not starts or len(set(starts)) != len(starts):
        raise ValidationError("shift.bad_pattern", field="pattern", value=text)
    return sorted(starts)


def pattern_text(starts: Sequence[time]) -> str:
    return ",".join(f"{t.hour:02d}:{t.minute:02d}" for t in starts)


def pattern(db: Database) -> list[time]:
    try:
        return parse_pattern(station.get_setting(db, PATTERN_KEY, DEFAULT_PATTERN))
    except ValidationError:
        return parse_pattern(DEFAULT_PATTERN)


def min_operators(db: Database) -> int:
    value = station.get_setting(db, MIN_OPERATORS_KEY, str(DEFAULT_MIN_OPERATORS))
    return int(value) if value.isdigit() else DEFAULT_MIN_OPERATORS


def leader_confirm_required(db: Database) -> bool:
    return station.get_setting(db, LEADER_CONFIRM_KEY, "0") in ("1", "true", "yes")


def reminder_minutes(db: Database) -> int:
    value = station.get_setting(db, REMINDER_KEY, str(DEFAULT_REMINDER_MIN))
    return int(value) if value.isdigit() else DEFAULT_REMINDER_MIN


def configure(db: Database, actor: Actor, *, pattern_value: str | None = None, minimum: int | None = None,
              leader_confirm: bool | None = None, reminder: int | None = None) -> Changes:
    """Change the station's shift settings (administrator). Values are validated first."""
    actor.require(roles.ADMIN)
    edits: list[tuple[str, str]] = []
    if pattern_value is not None:
        edits.append((PATTERN_KEY, pattern_text(parse_pattern(pattern_value))))
    if minimum is not None:
        if not 0 <= minimum <= 20:
            raise ValidationError("shift.bad_setting", field="minimum", key=MIN_OPERATORS_KEY, value=minimum)
        edits.append((MIN_OPERATORS_KEY, str(minimum)))
    if leader_confirm is not None:
        edits.append((LEADER_CONFIRM_KEY, "1" if leader_confirm else "0"))
    if reminder is not None:
        if not 0 <= reminder <= 24 * 60:
            raise ValidationError("shift.bad_setting", field="reminder", key=REMINDER_KEY, value=reminder)
        edits.append((REMINDER_KEY, str(reminder)))
    with db.write() as w:
        for key, value in edits:
            w.record("station.setting", {"key": key, "value": value}, actor.username)
    return w.changes


def _at(day: date, t: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, t, tzinfo=tz)


def slot_key(start: datetime, tz: ZoneInfo) -> str:
    return f"{start.astimezone(tz):%Y-%m-%dT%H:%M}"


def slot_at(starts: Sequence[time], tz: ZoneInfo, when: datetime) -> Slot:
    """The slot of the pattern that holds `when`."""
    local = when.astimezone(tz)
    candidates = [_at(local.date() + timedelta(days=d), t, tz) for d in (-1, 0, 1) for t in starts]
    begin = max(c for c in candidates if c <= local)
    end = min(c for c in candidates if c > begin)
    return Slot(slot_key(begin, tz), begin, end)


def slot_from_key(starts: Sequence[time], tz: ZoneInfo, key: str) -> Slot:
    try:
        start = datetime.strptime(key, "%Y-%m-%dT%H:%M").replace(tzinfo=tz)
    except ValueError as error:
        raise ValidationError("rota.bad_slot", field="slot", slot=key) from error
    slot = slot_at(starts, tz, start)
    if slot.key != key:
        raise ValidationError("rota.bad_slot", field="slot", slot=key)
    return slot


def slots_between(starts: Sequence[time], tz: ZoneInfo, first_day: date, last_day: date) -> list[Slot]:
    """Every slot starting on a local date in [first_day, last_day]."""
    out: list[Slot] = []
    day = first_day
    while day <= last_day:
        for t in starts:
            begin = _at(day, t, tz)
            out.append(slot_at(starts, tz, begin))
        day += timedelta(days=1)
    return out


def next_slot(starts: Sequence[time], tz: ZoneInfo, after: datetime) -> Slot:
    """The slot starting at `after` (a slot end) or, if `after` is inside a slot, the next one."""
    slot = slot_at(starts, tz, after)
    if slot.start == after.astimezone(tz):
        return slot
    return slot_at(starts, tz, slot.end)


def slot_after(db: Database, shift: ShiftInfo, handover_at: datetime) -> Slot:
    """The slot the next shift works: the one after this shift's planned end, or — when the
    handover is later than that slot's end — the slot holding the handover time, so the next
    shift ends at the pattern's first end after the handover (never before it starts)."""
    tz = zone(db)
    starts = pattern(db)
    slot = next_slot(starts, tz, shift.planned_end)
    if slot.end <= handover_at:
        slot = slot_at(starts, tz, handover_at)
    return slot
