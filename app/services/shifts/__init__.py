"""Shifts (班次): the station's shift pattern, opening a shift (接班) and handing over (交班).

A station works a *pattern* of shift starts in its own zone: "08:30" is one 24-hour shift
08:30–08:30, "08:30,20:30" a day and a night shift. Each start of a day is a *slot*
('2024-04-19T08:30'); the rota (`rota`) plans who works which slot.

The first shift is opened (`shift.open`). From then on every shift ends with a handover
(`shift.handover`) that needs the outgoing and the incoming operator to confirm with their
passwords on this workstation (and a leader on duty where the station requires it); the last
confirmation is the official handover time, and the same operation opens the next shift with
the incoming people. So a shift cannot be handed over twice, and none is skipped: the next
shift always starts where the previous one ended.

Duty-log entries belong to the shift whose period [start, end) holds their received time.

This package's face is the area's API (`from app.services import shifts`); inside it: `types`
(states, roles, people, slots, compositions), `slots` (the pattern and its slots), `reading`
(shifts on duty and past), `opening` (who may be on a shift, opening the first), `handing`
(handing over), `rota` (planning who works which slot). The handover sheet's sections are
assembled by `app.services.handover`.
"""

from __future__ import annotations

from app.services.shifts.handing import (
    HandoverResult,
    check_handover,
    hand_over,
    next_composition,
    next_sheet_no,
    precheck_handover,
)
from app.services.shifts.opening import (
    CONFIRM_MAX_AGE_MIN,
    confirm,
    member_account,
    open_shift,
    split_users,
    validate_composition,
    warnings,
)
from app.services.shifts.reading import (
    at_this_station,
    current_shift,
    get_shift,
    last_handed_over,
    list_shifts,
    open_shift_info,
    own_entries,
    planned_composition,
    planned_shift,
    reminder_due,
    require_shift,
    resolve,
    sheet_content,
    shift_at,
)
from app.services.shifts.slots import (
    DEFAULT_MIN_OPERATORS,
    DEFAULT_PATTERN,
    DEFAULT_REMINDER_MIN,
    LEADER_CONFIRM_KEY,
    MIN_OPERATORS_KEY,
    PATTERN_KEY,
    REMINDER_KEY,
    configure,
    leader_confirm_required,
    min_operators,
    next_slot,
    parse_pattern,
    pattern,
    pattern_text,
    reminder_minutes,
    slot_after,
    slot_at,
    slot_from_key,
    slot_key,
    slots_between,
)
from app.services.shifts.types import (
    CONFIRM_ROLES,
    EQUIPMENT,
    HANDED_OVER,
    INCOMING,
    LEADER,
    OPEN,
    OUTGOING,
    PLANNED,
    Composition,
    Confirmation,
    HasId,
    Person,
    ShiftInfo,
    Slot,
    period_text,
)
from app.services.station import zone

__all__ = [
    "CONFIRM_MAX_AGE_MIN", "CONFIRM_ROLES", "DEFAULT_MIN_OPERATORS", "DEFAULT_PATTERN",
    "DEFAULT_REMINDER_MIN", "EQUIPMENT", "HANDED_OVER", "INCOMING", "LEADER", "LEADER_CONFIRM_KEY",
    "MIN_OPERATORS_KEY", "OPEN", "OUTGOING", "PATTERN_KEY", "PLANNED", "REMINDER_KEY", "Composition",
    "Confirmation", "HandoverResult", "HasId", "Person", "ShiftInfo", "Slot", "at_this_station",
    "check_handover", "configure", "confirm", "current_shift", "get_shift", "hand_over", "last_handed_over",
    "leader_confirm_required", "list_shifts", "member_account", "min_operators", "next_composition",
    "next_sheet_no", "next_slot", "open_shift", "open_shift_info", "own_entries", "parse_pattern", "pattern",
    "pattern_text", "period_text", "planned_composition", "planned_shift", "precheck_handover",
    "reminder_due", "reminder_minutes", "require_shift", "resolve", "sheet_content", "shift_at", "slot_after",
    "slot_at", "slot_from_key", "slot_key", "slots_between", "split_users", "validate_composition",
    "warnings", "zone",
]
