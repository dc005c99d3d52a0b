"""What a shift is made of: states, roles, equipment, slots, people, compositions; the area's messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from app import formatting, messages
from app.clock import ms_to_datetime
from app.services import roles
from app.services.accounts import AccountInfo
from app.storage.models import table
from app.storage.models.shifts import HandoverSheet, RotaSlot, Shift, ShiftConfirmation

SHIFT = table(Shift)
SHEET = table(HandoverSheet)
CONFIRM = table(ShiftConfirmation)
SLOT = table(RotaSlot)


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
