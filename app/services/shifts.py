"""Shifts (班次): the station's shift pattern, opening a shift (接班) and handing over (交班).

A station works a *pattern* of shift starts in its own zone: "08:30" is one 24-hour shift
08:30–08:30, "08:30,20:30" a day and a night shift. Each start of a day is a *slot*
('2024-04-19T08:30'); the rota (app/services/rota.py) plans who works which slot.

The first shift is opened (`shift.open`). From then on every shift ends with a handover
(`shift.handover`) that needs the outgoing and the incoming operator to confirm with their
passwords on this workstation (and a leader on duty where the station requires it); the last
confirmation is the official handover time, and the same operation opens the next shift with
the incoming people. So a shift cannot be handed over twice, and none is skipped: the next
shift always starts where the previous one ended.

Duty-log entries belong to the shift whose period [start, end) holds their received time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Protocol, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Connection, and_, desc, func, select

from app import formatting, messages
from app.clock import ms_to_datetime
from app.errors import AuthError, UserError, ValidationError
from app.services import accounts, roles, station
from app.services.accounts import AccountInfo, Actor
from app.storage import canonical
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.ids import uuid7
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

OPEN = "open"
HANDED_OVER = "handed_over"
PLANNED = "planned"

OUTGOING = "outgoing"
INCOMING = "incoming"
LEADER = "leader"
CONFIRM_ROLES = (OUTGOING, INCOMING, LEADER)

EQUIPMENT: dict[str, tuple[str, str]] = {
    "phone": ("值班电话", "Duty phones"),
    "fax": ("传真机", "Fax"),
    "radio": ("电台/对讲机", "Radio"),
    "satphone": ("卫星电话", "Satellite phone"),
}
"""Equipment checked at every handover (code -> labels); True = working."""

_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

messages.register(
    {
        "shift.bad_pattern": ("班次设置无效：“{value}”。请写成接班时间，如 08:30（24 小时一班）或 08:30,20:30（白班/夜班）。",
                              "Invalid shift pattern “{value}”. Give the start times, e.g. 08:30 (one 24-hour shift) or 08:30,20:30 (day/night)."),
        "shift.bad_setting": ("设置“{key}”的值无效：{value}", "Invalid value for “{key}”: {value}"),
        "shift.unknown": ("没有这个班次：{shift}", "No such shift: {shift}"),
        "shift.none_open": ("当前没有在岗的班次。请先接班（dutydesk shift open）。", "No shift is on. Open one first (dutydesk shift open)."),
        "shift.none_handed_over": ("还没有已交班的班次。", "No shift has been handed over yet."),
        "shift.already_open": ("已有班次在岗（{period}，值班人员：{people}），请按交接班程序交班，不能另开新班。",
                               "A shift is already on ({period}, on duty: {people}); hand it over, a second shift cannot be opened."),
        "shift.already_handed_over": ("该班次已于 {at} 交班（交接班记录 {sheet}），不能重复交班。",
                                      "This shift was already handed over at {at} (sheet {sheet}); it cannot be handed over twice."),
        "shift.not_on_shift": ("{user} 不在本班（{period}）值班人员中，不能办理交班。",
                               "{user} is not on this shift ({period}) and cannot hand it over."),
        "shift.same_person": ("交班人和接班人不能是同一人（{user}）。", "The outgoing and the incoming operator cannot be the same person ({user})."),
        "shift.confirm_missing": ("缺少{role}的密码确认。", "The {role}'s password confirmation is missing."),
        "shift.leader_required": ("本站要求带班领导确认交接班，请带班领导输入密码。",
                                  "This station requires the leader on duty to confirm the handover; the leader must enter a password."),
        "shift.not_leader": ("{user} 不是带班领导，不能作为带班领导确认。", "{user} is not a leader on duty and cannot confirm as one."),
        "shift.unknown_user": ("没有这个账户：{user}", "No such account: {user}"),
        "shift.user_disabled": ("账户 {user} 已停用。", "The account {user} is disabled."),
        "shift.wrong_role": ("{user} 不具备“{role}”角色。", "{user} does not hold the role “{role}”."),
        "shift.double_role": ("{user} 在同一班次中被安排了两次。", "{user} is put on the same shift twice."),
        "shift.cannot_open": ("{user} 没有值班员、值班长或带班领导角色，不能接班。",
                              "{user} is not an operator, shift lead or leader on duty and cannot open a shift."),
        "shift.confirm_stale": ("{user} 的确认已超过 {minutes} 分钟，请重新确认。", "{user}'s confirmation is older than {minutes} minutes; confirm again."),
        "shift.confirm_failed": ("{role} {user} 的密码确认未通过：{reason}",
                                 "Password check of the {role} {user} failed: {reason}"),
        "shift.no_password": ("未提供{role} {user} 的密码（请设置 {env} 或在终端中输入）。",
                              "No password given for the {role} {user} (set {env} or type it on a terminal)."),
        "shift.role.outgoing": ("交班人", "outgoing operator"),
        "shift.role.incoming": ("接班人", "incoming operator"),
        "shift.role.leader": ("带班领导", "leader on duty"),
        "shift.state.open": ("在岗", "on duty"),
        "shift.state.handed_over": ("已交班", "handed over"),
        "shift.state.planned": ("计划（未接班）", "planned (not opened)"),
        "shift.warn.no_leader": ("缺带班领导", "no leader on duty"),
        "shift.warn.no_lead": ("缺值班长", "no shift lead"),
        "shift.warn.few_operators": ("值班人员 {count} 人，少于规定的 {minimum} 人（不含带班领导）",
                                     "{count} on duty, fewer than the required {minimum} (besides the leader)"),
    }
)


# -- data ---------------------------------------------------------------------------------------


class HasId(Protocol):
    @property
    def id(self) -> str: ...


@dataclass(frozen=True)
class Person:
    username: str
    name: str

    def __str__(self) -> str:
        return self.name or self.username


@dataclass(frozen=True)
class Slot:
    """One planned shift period of the pattern (station-local start)."""

    key: str
    start: datetime
    end: datetime

    @property
    def day(self) -> str:
        return self.key[:10]

    @property
    def start_ms(self) -> int:
        return int(self.start.timestamp() * 1000)

    @property
    def end_ms(self) -> int:
        return int(self.end.timestamp() * 1000)


@dataclass(frozen=True)
class Confirmation:
    """A password confirmation on this workstation: who, in which role, when (ms)."""

    role: str
    username: str
    at_ms: int

    @property
    def at(self) -> datetime:
        return ms_to_datetime(self.at_ms)


@dataclass(frozen=True)
class ShiftInfo:
    """A shift as the status bar, the log panel and the sheet show it."""

    shift_id: str
    """'' for a planned shift (from the rota) nobody has opened yet."""
    state: str
    """'open', 'handed_over' or 'planned'."""
    slot_key: str
    start: datetime
    """When the shift took over (previous handover time, or the slot start)."""
    end: datetime | None
    """Official handover time; None while on duty."""
    planned_start: datetime
    planned_end: datetime
    leader: Person | None
    lead: Person | None
    operators: tuple[Person, ...]
    opened_by: str = ""
    outgoing: str = ""
    incoming: str = ""
    sheet_no: str = ""
    prev_shift_id: str = ""
    next_shift_id: str = ""
    confirmations: tuple[Confirmation, ...] = field(default=())

    @property
    def period_end(self) -> datetime:
        """The actual end when handed over, else the planned end."""
        return self.end or self.planned_end

    @property
    def people(self) -> tuple[Person, ...]:
        out = [p for p in (self.leader, self.lead) if p is not None]
        return tuple(out + list(self.operators))

    @property
    def usernames(self) -> tuple[str, ...]:
        return tuple(p.username for p in self.people)

    def has_member(self, username: str) -> bool:
        return username in self.usernames

    def overdue(self, now: datetime) -> bool:
        """On duty past its planned end (the handover is late)."""
        return self.state == OPEN and now >= self.planned_end

    def contains(self, when: datetime) -> bool:
        return self.start <= when < self.period_end

    def period_text(self, zone: ZoneInfo | None = None) -> str:
        return period_text(self.start, self.period_end, zone)

    def people_text(self) -> str:
        sep = "、" if messages.language() == "zh_CN" else ", "
        return sep.join(str(p) for p in self.people) or "—"

    def state_text(self) -> str:
        return messages.text(f"shift.state.{self.state}")


def period_text(start: datetime, end: datetime, zone: ZoneInfo | None = None) -> str:
    """'2024年4月18日 08:30 — 4月19日 08:30' / '18 Apr 2024 08:30 – 19 Apr 2024 08:30'."""
    s, e = formatting.local(start, zone), formatting.local(end, zone)
    if messages.language() == "zh_CN":
        tail = f"{e.hour:02d}:{e.minute:02d}"
        if e.date() != s.date():
            tail = (f"{e.year}年" if e.year != s.year else "") + f"{e.month}月{e.day}日 " + tail
        return f"{formatting.date(start, zone)} {s:%H:%M} — {tail}"
    tail = f"{e:%H:%M}" if e.date() == s.date() else f"{formatting.date(end, zone)} {e:%H:%M}"
    return f"{formatting.date(start, zone)} {s:%H:%M} – {tail}"


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


def zone(db: Database) -> ZoneInfo:
    return station.info(db).zone


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


# -- reading ------------------------------------------------------------------------------------


def _names(conn: Connection) -> dict[str, str]:
    from app.storage.models.accounts import Account

    acc = table(Account)
    return {r.username: r.display_name for r in conn.execute(select(acc.c.username, acc.c.display_name))}


def _person(names: dict[str, str], username: str) -> Person | None:
    return Person(username, names.get(username, username)) if username else None


def _info(row: object, names: dict[str, str], confirmations: Iterable[Confirmation] = ()) -> ShiftInfo:
    m = row._mapping  # type: ignore[attr-defined]
    return ShiftInfo(
        shift_id=m["shift_id"],
        state=m["state"],
        slot_key=m["slot_key"],
        start=ms_to_datetime(m["start_ms"]),
        end=ms_to_datetime(m["end_ms"]) if m["end_ms"] is not None else None,
        planned_start=ms_to_datetime(m["planned_start_ms"]),
        planned_end=ms_to_datetime(m["planned_end_ms"]),
        leader=_person(names, m["leader"]),
        lead=_person(names, m["lead"]),
        operators=tuple(Person(u, names.get(u, u)) for u in m["operators"].split()),
        opened_by=m["opened_by"],
        outgoing=m["outgoing"],
        incoming=m["incoming"],
        sheet_no=m["sheet_no"],
        prev_shift_id=m["prev_shift_id"],
        next_shift_id=m["next_shift_id"],
        confirmations=tuple(confirmations),
    )


def _confirmations(conn: Connection, shift_id: str) -> list[Confirmation]:
    rows = conn.execute(select(CONFIRM).where(CONFIRM.c.shift_id == shift_id).order_by(CONFIRM.c.at_ms))
    order = {r: i for i, r in enumerate(CONFIRM_ROLES)}
    found = [Confirmation(r.role, r.username, r.at_ms) for r in rows]
    return sorted(found, key=lambda c: (order.get(c.role, 9), c.at_ms))


def _here(db: Database) -> ColumnElement[bool]:
    """Only this station's shifts: synced shifts of other stations are theirs, not ours."""
    return SHIFT.c.station_id == db.station_id


def get_shift(db: Database, shift_id: str) -> ShiftInfo | None:
    with db.read() as conn:
        row = conn.execute(select(SHIFT).where(SHIFT.c.shift_id == shift_id, _here(db))).first()
        if row is None:
            return None
        return _info(row, _names(conn), _confirmations(conn, shift_id))


E = TypeVar("E", bound=HasId)


def own_entries(db: Database, rows: Sequence[E]) -> list[E]:
    """Only the duty-log entries recorded at this station (the duty log's filter has no station
    criterion, and a synced database holds other stations' entries too)."""
    from app.storage.models.duty_log import DutyEntry

    entry = table(DutyEntry)
    ids = [r.id for r in rows]
    own: set[str] = set()
    with db.read() as conn:
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            own.update(conn.execute(
                select(entry.c.entry_id).where(entry.c.station_id == db.station_id, entry.c.entry_id.in_(chunk))
            ).scalars())
    return [r for r in rows if r.id in own]


def require_shift(db: Database, shift_id: str) -> ShiftInfo:
    info = get_shift(db, shift_id)
    if info is None:
        raise ValidationError("shift.unknown", field="shift", shift=shift_id)
    return info


def open_shift_info(db: Database) -> ShiftInfo | None:
    """The shift on duty now (opened and not handed over), or None."""
    with db.read() as conn:
        row = conn.execute(
            select(SHIFT).where(_here(db), SHIFT.c.state == OPEN).order_by(desc(SHIFT.c.start_ms), desc(SHIFT.c.opened_hlc)).limit(1)
        ).first()
        return _info(row, _names(conn)) if row else None


def planned_shift(db: Database, when: datetime | None = None) -> ShiftInfo | None:
    """The rota's plan for the slot holding `when` (default now), as a 'planned' ShiftInfo."""
    tz = zone(db)
    when = when or ms_to_datetime(db.wall())
    slot = slot_at(pattern(db), tz, when)
    with db.read() as conn:
        row = conn.execute(
            select(SLOT).where(SLOT.c.station_id == db.station_id, SLOT.c.slot_key == slot.key)
        ).first()
        names = _names(conn)
    if row is None:
        return None
    return ShiftInfo(
        shift_id="", state=PLANNED, slot_key=slot.key, start=ms_to_datetime(row.start_ms), end=None,
        planned_start=ms_to_datetime(row.start_ms), planned_end=ms_to_datetime(row.end_ms),
        leader=_person(names, row.leader), lead=_person(names, row.lead),
        operators=tuple(Person(u, names.get(u, u)) for u in row.operators.split()),
    )


def current_shift(db: Database) -> ShiftInfo | None:
    """The shift on duty (state 'open'); if none was opened, the rota's plan for now ('planned');
    None when there is neither."""
    return open_shift_info(db) or planned_shift(db)


def last_handed_over(db: Database) -> ShiftInfo | None:
    with db.read() as conn:
        row = conn.execute(
            select(SHIFT).where(_here(db), SHIFT.c.state == HANDED_OVER).order_by(desc(SHIFT.c.end_ms)).limit(1)
        ).first()
        if row is None:
            return None
        return _info(row, _names(conn), _confirmations(conn, row.shift_id))


def list_shifts(db: Database, *, since: datetime | None = None, until: datetime | None = None,
                limit: int | None = None) -> list[ShiftInfo]:
    """Shifts newest first; `since`/`until` select by start time."""
    stmt = select(SHIFT).where(_here(db)).order_by(desc(SHIFT.c.start_ms))
    if since is not None:
        stmt = stmt.where(SHIFT.c.start_ms >= int(since.timestamp() * 1000))
    if until is not None:
        stmt = stmt.where(SHIFT.c.start_ms < int(until.timestamp() * 1000))
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.read() as conn:
        names = _names(conn)
        rows = conn.execute(stmt).all()
        return [_info(r, names, _confirmations(conn, r.shift_id) if r.state == HANDED_OVER else ()) for r in rows]


def shift_at(db: Database, when: datetime) -> ShiftInfo | None:
    """The shift in which something received at `when` belongs."""
    ms = int(when.timestamp() * 1000)
    with db.read() as conn:
        row = conn.execute(
            select(SHIFT)
            .where(_here(db), and_(SHIFT.c.start_ms <= ms, (SHIFT.c.end_ms.is_(None)) | (SHIFT.c.end_ms > ms)))
            .order_by(desc(SHIFT.c.start_ms))
            .limit(1)
        ).first()
        return _info(row, _names(conn)) if row else None


def resolve(db: Database, ref: str) -> ShiftInfo:
    """'current', 'last', a shift id or its first characters, a sheet number, or the slot
    ('2024-04-18T08:30', or the date '2024-04-18' where the pattern has one shift a day)."""
    ref = (ref or "current").strip()
    if ref == "current":
        info = open_shift_info(db)
        if info is None:
            raise UserError("shift.none_open")
        return info
    if ref == "last":
        info = last_handed_over(db)
        if info is None:
            raise UserError("shift.none_handed_over")
        return info
    with db.read() as conn:
        ids = list(conn.execute(select(SHIFT.c.shift_id).where(_here(db)).where(
            (SHIFT.c.shift_id == ref) | (SHIFT.c.sheet_no == ref) | (SHIFT.c.shift_id.like(ref + "%"))
            | (SHIFT.c.slot_key == ref) | (SHIFT.c.slot_key.like(ref + "T%"))
        ).limit(2)).scalars())
    if len(ids) != 1:
        raise ValidationError("shift.unknown", field="shift", shift=ref)
    return require_shift(db, ids[0])


def reminder_due(db: Database, now: datetime | None = None) -> ShiftInfo | None:
    """The open shift when its planned end is within the reminder time (or past)."""
    info = open_shift_info(db)
    if info is None:
        return None
    now = now or ms_to_datetime(db.wall())
    return info if now >= info.planned_end - timedelta(minutes=reminder_minutes(db)) else None


# -- composition ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Composition:
    """Who is on a shift: leader on duty, shift lead, operators (user names)."""

    leader: str = ""
    lead: str = ""
    operators: tuple[str, ...] = ()

    @property
    def members(self) -> tuple[str, ...]:
        return tuple(u for u in (self.leader, self.lead, *self.operators) if u)

    def payload(self) -> dict[str, object]:
        return {"leader": self.leader, "lead": self.lead, "operators": list(self.operators)}

    def with_member(self, account: AccountInfo) -> Composition:
        if account.username in self.members:
            return self
        if roles.LEADER in account.roles and not self.leader and not ({roles.OPERATOR, roles.SHIFT_LEAD} & set(account.roles)):
            return Composition(account.username, self.lead, self.operators)
        if roles.SHIFT_LEAD in account.roles and not self.lead:
            return Composition(self.leader, account.username, self.operators)
        return Composition(self.leader, self.lead, (*self.operators, account.username))


def split_users(text: str | Sequence[str] | None) -> tuple[str, ...]:
    if text is None:
        return ()
    parts = re.split(r"[,，、;\s]+", text) if isinstance(text, str) else list(text)
    return tuple(p.strip() for p in parts if p and p.strip())


def _account(db: Database, username: str, field_name: str) -> AccountInfo:
    info = accounts.get_account(db, username)
    if info is None:
        raise ValidationError("shift.unknown_user", field=field_name, user=username)
    if info.disabled:
        raise ValidationError("shift.user_disabled", field=field_name, user=username)
    return info


def validate_composition(db: Database, comp: Composition) -> Composition:
    """Every person exists, is enabled, holds the role, and appears once."""
    seen: set[str] = set()
    for username in comp.members:
        if username in seen:
            raise ValidationError("shift.double_role", field="operators", user=username)
        seen.add(username)
    if comp.leader:
        info = _account(db, comp.leader, "leader")
        if roles.LEADER not in info.roles:
            raise ValidationError("shift.wrong_role", field="leader", user=comp.leader, role=roles.label(roles.LEADER))
    if comp.lead:
        info = _account(db, comp.lead, "lead")
        if roles.SHIFT_LEAD not in info.roles:
            raise ValidationError("shift.wrong_role", field="lead", user=comp.lead, role=roles.label(roles.SHIFT_LEAD))
    for username in comp.operators:
        info = _account(db, username, "operators")
        if not {roles.OPERATOR, roles.SHIFT_LEAD} & set(info.roles):
            raise ValidationError("shift.wrong_role", field="operators", user=username, role=roles.label(roles.OPERATOR))
    return comp


def warnings(comp: Composition, minimum: int) -> list[str]:
    """What the rota or an opened shift lacks: a leader, a lead, enough people besides the leader."""
    out: list[str] = []
    if not comp.leader:
        out.append(messages.text("shift.warn.no_leader"))
    if not comp.lead:
        out.append(messages.text("shift.warn.no_lead"))
    count = len([u for u in (comp.lead, *comp.operators) if u])
    if count < minimum:
        out.append(messages.text("shift.warn.few_operators", count=count, minimum=minimum))
    return out


def _planned_composition(conn: Connection, station_id: str, key: str) -> Composition | None:
    row = conn.execute(select(SLOT).where(SLOT.c.station_id == station_id, SLOT.c.slot_key == key)).first()
    if row is None:
        return None
    return Composition(row.leader, row.lead, tuple(row.operators.split()))


def planned_composition(db: Database, key: str) -> Composition | None:
    with db.read() as conn:
        return _planned_composition(conn, db.station_id, key)


# -- opening --------------------------------------------------------------------------------------


def open_shift(db: Database, actor: Actor, *, leader: str | None = None, lead: str | None = None,
               operators: Sequence[str] | None = None) -> tuple[Changes, str]:
    """Open the first shift (接班) now. Only when no shift is on: afterwards every shift is opened
    by the previous one's handover. People not given come from the rota; the actor is on it."""
    if not {roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER} & actor.roles:
        raise UserError("shift.cannot_open", user=actor.username)
    on = open_shift_info(db)
    if on is not None:
        raise UserError("shift.already_open", period=on.period_text(zone(db)), people=on.people_text())
    tz = zone(db)
    now = ms_to_datetime(db.wall())
    slot = slot_at(pattern(db), tz, now)
    planned = planned_composition(db, slot.key) or Composition()
    comp = Composition(
        planned.leader if leader is None else leader.strip(),
        planned.lead if lead is None else lead.strip(),
        planned.operators if operators is None else split_users(operators),
    )
    me = _account(db, actor.username, "as")
    comp = validate_composition(db, comp.with_member(me))
    last = last_handed_over(db)
    start = slot.start
    if last is not None and last.end is not None and last.end > start:
        start = last.end
    shift_id = uuid7(db.wall())
    payload: dict[str, object] = {
        "shift_id": shift_id,
        "slot_key": slot.key,
        "planned_start_ms": slot.start_ms,
        "planned_end_ms": slot.end_ms,
        "start_ms": int(start.timestamp() * 1000),
        **comp.payload(),
    }
    with db.write() as w:
        if w.conn.execute(select(SHIFT.c.shift_id).where(_here(db), SHIFT.c.state == OPEN).limit(1)).first():
            raise UserError("shift.already_open", period="", people="")
        w.record("shift.open", payload, actor.username)
    return w.changes, shift_id


# -- handing over ---------------------------------------------------------------------------------


CONFIRM_MAX_AGE_MIN = 30


def confirm(db: Database, username: str, password: str, role: str) -> Confirmation:
    """Check a password on this workstation and stamp the time (AuthError when wrong)."""
    if role not in CONFIRM_ROLES:
        raise ValueError(role)
    try:
        actor = accounts.authenticate(db, username.strip(), password)
    except AuthError as error:  # say whose password failed: three people confirm one after another
        raise AuthError("shift.confirm_failed", role=messages.text(f"shift.role.{role}"), user=username.strip(),
                        reason=error.message) from error
    return Confirmation(role, actor.username, db.wall())


@dataclass(frozen=True)
class HandoverResult:
    changes: Changes
    shift_id: str
    next_shift_id: str
    sheet_no: str
    handover_at: datetime


def _by_role(confirmations: Sequence[Confirmation]) -> dict[str, Confirmation]:
    found: dict[str, Confirmation] = {}
    for c in confirmations:
        found[c.role] = c
    for role in (OUTGOING, INCOMING):
        if role not in found:
            raise ValidationError("shift.confirm_missing", field=role, role=messages.text(f"shift.role.{role}"))
    return found


def precheck_handover(db: Database, shift: ShiftInfo, outgoing: str, incoming: str) -> None:
    """The checks that need no password (run before asking for them)."""
    tz = zone(db)
    if shift.state != OPEN:
        raise UserError("shift.already_handed_over", sheet=shift.sheet_no,
                        at=formatting.datetime_text(shift.end, tz))
    if not shift.has_member(outgoing):
        raise ValidationError("shift.not_on_shift", field=OUTGOING, user=outgoing, period=shift.period_text(tz))
    if incoming == outgoing:
        raise ValidationError("shift.same_person", field=INCOMING, user=incoming)
    account = _account(db, incoming, INCOMING)
    if not {roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER} & set(account.roles):
        raise ValidationError("shift.wrong_role", field=INCOMING, user=incoming, role=roles.label(roles.OPERATOR))


def check_handover(db: Database, shift: ShiftInfo, confirmations: Sequence[Confirmation]) -> dict[str, Confirmation]:
    """Everything a handover needs, checked before anything is written."""
    if shift.state != OPEN:
        precheck_handover(db, shift, "", "")
    found = _by_role(confirmations)
    precheck_handover(db, shift, found[OUTGOING].username, found[INCOMING].username)
    leader = found.get(LEADER)
    if leader is not None:
        info = _account(db, leader.username, LEADER)
        if roles.LEADER not in info.roles:
            raise ValidationError("shift.not_leader", field=LEADER, user=leader.username)
    elif leader_confirm_required(db):
        raise ValidationError("shift.leader_required", field=LEADER)
    now = db.wall()
    for c in found.values():
        if now - c.at_ms > CONFIRM_MAX_AGE_MIN * 60_000:
            raise ValidationError("shift.confirm_stale", field=c.role, user=c.username, minutes=CONFIRM_MAX_AGE_MIN)
    return found


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


def next_composition(db: Database, shift: ShiftInfo, incoming: str,
                     handover_at: datetime | None = None) -> tuple[Slot, Composition]:
    """The next shift: the rota's slot after this one (see `slot_after`), with the incoming
    operator on it."""
    slot = slot_after(db, shift, handover_at or ms_to_datetime(db.wall()))
    comp = planned_composition(db, slot.key) or Composition()
    comp = comp.with_member(_account(db, incoming, INCOMING))
    return slot, comp


def next_sheet_no(conn: Connection, year: int, station_id: str) -> str:
    """Sheet numbers run per station and year: JJB-2024-0001, …"""
    prefix = f"JJB-{year}-"
    count = conn.execute(
        select(func.count()).select_from(SHEET)
        .where(SHEET.c.station_id == station_id, SHEET.c.sheet_no.like(prefix + "%"))
    ).scalar()
    return f"{prefix}{int(count or 0) + 1:04d}"


def hand_over(
    db: Database,
    shift_id: str,
    confirmations: Sequence[Confirmation],
    *,
    notes: str = "",
    equipment: dict[str, bool] | None = None,
    next_people: Composition | None = None,
) -> HandoverResult:
    """交班: close `shift_id` at the last confirmation time and open the next shift, with the
    handover sheet built now and recorded in the same operation (reprints are identical)."""
    from app.services import handover

    shift = require_shift(db, shift_id)
    found = check_handover(db, shift, confirmations)
    out, inc = found[OUTGOING], found[INCOMING]
    handover_ms = max(c.at_ms for c in found.values())
    slot, comp = next_composition(db, shift, inc.username, ms_to_datetime(handover_ms))
    if next_people is not None:
        comp = next_people.with_member(_account(db, inc.username, INCOMING))
    comp = validate_composition(db, comp)
    equip = {code: bool((equipment or {}).get(code, True)) for code in EQUIPMENT}
    notes = notes.strip()
    if len(notes) > 4000:
        raise ValidationError("input.too_long", field="notes", max=4000)
    tz = zone(db)
    year = ms_to_datetime(handover_ms).astimezone(tz).year
    with db.read() as conn:
        sheet_no = next_sheet_no(conn, year, db.station_id)
    content = handover.build_sheet(
        db, shift, handover_ms=handover_ms, sheet_no=sheet_no, confirmations=list(found.values()),
        notes=notes, equipment=equip, incoming=comp, next_slot=slot,
    )
    next_id = uuid7(db.wall())
    payload = {
        "shift_id": shift.shift_id,
        "handover_ms": handover_ms,
        "outgoing": out.username,
        "incoming": inc.username,
        "sheet_no": sheet_no,
        "notes": notes,
        "equipment": equip,
        "confirmations": [{"role": c.role, "username": c.username, "at_ms": c.at_ms} for c in found.values()],
        "content": content,
        "next": {
            "shift_id": next_id,
            "slot_key": slot.key,
            "planned_start_ms": slot.start_ms,
            "planned_end_ms": slot.end_ms,
            **comp.payload(),
        },
    }
    with db.write() as w:
        state = w.conn.execute(select(SHIFT.c.state).where(SHIFT.c.shift_id == shift.shift_id, _here(db))).scalar()
        if state != OPEN:
            raise UserError("shift.already_handed_over", sheet="", at="")
        if next_sheet_no(w.conn, year, db.station_id) != sheet_no:  # another handover numbered meanwhile
            payload["sheet_no"] = next_sheet_no(w.conn, year, db.station_id)
            payload["content"] = {**content, "sheet_no": payload["sheet_no"]}
        recorded = w.record("shift.handover", payload, out.username)
    _seal_handover(db, recorded.op_id)
    return HandoverResult(w.changes, shift.shift_id, next_id, str(payload["sheet_no"]), ms_to_datetime(handover_ms))


def _seal_handover(db: Database, op_id: str) -> None:
    """Seal the log at the handover (issue 9): the printed sheet carries that seal."""
    from app.sync import seals as sealing

    sealing.seal_now(db, reason="handover", ref=op_id)


def sheet_content(db: Database, shift_id: str) -> dict[str, object] | None:
    """The sheet recorded at the shift's handover (None while the shift is on)."""
    from app.storage import seals

    with db.read() as conn:
        row = conn.execute(
            select(SHEET.c.content, SHEET.c.op_id).where(SHEET.c.shift_id == shift_id, SHEET.c.station_id == db.station_id)
        ).first()
        seal = seals.for_ref(conn, row.op_id) if row is not None else None
    if row is None:
        return None
    content = canonical.loads(row.content)
    assert isinstance(content, dict)
    content["seal"] = {"token": seal.token, "short": seal.short} if seal is not None else None
    return content
