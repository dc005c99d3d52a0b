"""What every roster module shares: vocabulary (both languages), messages, roles, validation,
Beijing-time days, and finding a unit or a person by id or unambiguous name."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, select

from app import messages
from app.clock import ms_to_datetime
from app.errors import ValidationError
from app.services import roles
from app.services.accounts import Actor
from app.storage.models import table
from app.storage.models.rosters import RosterPerson, RosterUnit
from app.storage.models.station import Township

UNIT = table(RosterUnit)
PERSON = table(RosterPerson)
TOWNSHIP = table(Township)
BEIJING = ZoneInfo("Asia/Shanghai")

EDITORS = (roles.ADMIN, roles.SHIFT_LEAD)
"""Who edits rosters (units, people, phones, qualifications, directory, import)."""
STATUS_SETTERS = (roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER, roles.ADMIN)
"""Who changes a unit's status, verifies phones and runs a roll call."""

UNIT_TYPES: dict[str, tuple[str, str]] = {
    "professional": ("专业扑火队", "Professional fire team"),
    "volunteer": ("义务扑火队", "Volunteer fire team"),
    "militia": ("基干民兵", "Militia"),
    "power": ("电力抢险", "Power repair"),
    "flood": ("水旱灾害防御", "Flood & drought"),
    "comms": ("通信保障", "Communications"),
    "food": ("食品保障", "Food supply"),
    "road": ("公路抢险", "Road repair"),
    "fuel": ("油料保障", "Fuel supply"),
    "medical": ("医疗卫生", "Medical"),
    "other": ("其他", "Other"),
}
LEVELS: dict[str, tuple[str, str]] = {
    "team": ("队", "Team"), "post": ("驻防点", "Post"), "squad": ("班", "Squad"),
    "platoon": ("排", "Platoon"), "group": ("分队", "Group"),
}
STATUSES: dict[str, tuple[str, str]] = {
    "standby": ("待命", "Standby"), "deployed": ("出动", "Deployed"),
    "resting": ("休整", "Resting"), "out": ("停用", "Out of service"),
}
STATUS_ALIASES = {"待命": "standby", "出动": "deployed", "休整": "resting", "停用": "out", "out-of-service": "out",
                  "out_of_service": "out"}
PERSON_STATUSES: dict[str, tuple[str, str]] = {
    "active": ("在队", "Active"), "resting": ("休假", "Resting"), "left": ("离队", "Left"),
}
MEMBER_ROLES: dict[str, tuple[str, str]] = {
    "leader": ("队长", "Leader"), "deputy": ("副队长", "Deputy"), "squad_leader": ("班长", "Squad leader"),
    "manager": ("管理人员", "Manager"), "driver": ("驾驶员", "Driver"), "medic": ("卫生员", "Medic"),
    "member": ("队员", "Member"), "liaison": ("联络员", "Liaison"),
}
POST_ROLES: dict[str, tuple[str, str]] = {
    "liaison": ("防灾减灾联络员", "Liaison officer"), "assistant": ("防灾减灾助理员", "Disaster-prevention assistant"),
    "info_officer": ("信息员", "Information officer"), "duty_phone": ("乡镇值班电话", "Township duty phone"),
}
PHONE_RE = re.compile(r"^\+?[0-9][0-9 \-]*[0-9](\s*(转|ext\.?|x)\s*[0-9]{1,6})?$", re.IGNORECASE)
ID_RE = re.compile(r"^[0-9]{17}[0-9Xx]$")
MAX_PLANNED = 100_000

messages.register({
    "roster.required": ("请填写“{name}”。", "“{name}” is required."),
    "roster.too_long": ("“{name}”不能超过 {max} 个字符。", "“{name}” must be at most {max} characters."),
    "roster.bad_phone": ("“{name}”不是电话号码：“{value}”（只能有数字、空格、-，7–20 位数字，如 13908721101 或 0872-6121001）。",
                         "“{name}” is not a phone number: “{value}” (digits, spaces and -, 7–20 digits, e.g. 13908721101 or 0872-6121001)."),
    "roster.bad_id_number": ("身份证号“{value}”格式不正确（18 位，最后一位可为 X）。",
                             "Malformed ID number “{value}” (18 characters, the last may be X)."),
    "roster.bad_choice": ("“{name}”没有“{value}”这一项（可选：{choices}）。",
                          "“{value}” is not a valid {name} (choose from: {choices})."),
    "roster.bad_number": ("“{name}”应为 0 到 {max} 之间的整数：“{value}”。",
                          "“{name}” must be a whole number from 0 to {max}: “{value}”."),
    "roster.bad_date": ("“{name}”日期格式不正确：“{value}”（应为 2024-04-19）。",
                        "Malformed date in “{name}”: “{value}” (use 2024-04-19)."),
    "roster.unknown_township": ("没有名为“{value}”的乡镇（可选：{choices}）。",
                                "There is no township “{value}” (choose from: {choices})."),
    "roster.unknown_unit": ("找不到队伍“{ref}”。", "No unit “{ref}”."),
    "roster.ambiguous_unit": ("“{ref}”对应多支队伍（{choices}），请用编号。",
                              "“{ref}” matches several units ({choices}); use the id."),
    "roster.unknown_person": ("找不到人员“{ref}”。", "No person “{ref}”."),
    "roster.ambiguous_person": ("“{ref}”对应多名人员（{choices}），请用编号。",
                                "“{ref}” matches several people ({choices}); use the id."),
    "roster.unknown_phone": ("“{person}”没有电话“{ref}”。", "“{person}” has no phone “{ref}”."),
    "roster.own_parent": ("队伍不能是自己的上级（“{name}”）。", "A unit cannot be its own parent (“{name}”)."),
    "roster.parent_cycle": ("“{parent}”是“{name}”的下级，不能作为其上级。",
                            "“{parent}” is below “{name}” and cannot be its parent."),
    "roster.duplicate_person": ("人员已在花名册中：{name}（{match}），未重复添加。",
                                "Already on the roster: {name} ({match}); not added again."),
    "roster.duplicate_phone": ("{name} 已登记电话 {value}。", "{name} already has the phone {value}."),
    "roster.expires_before_awarded": ("资格到期日 {expires} 早于取得日 {awarded}。",
                                      "The qualification expires ({expires}) before it is awarded ({awarded})."),
    "roster.holds_equipment": ("{name} 仍持有装备（{items}），请先归还再办理离队。",
                               "{name} still holds equipment ({items}); return it before marking them left."),
    "roster.already_left": ("{name} 已离队。", "{name} has already left."),
    "roster.left_person": ("{name} 已离队，不能再修改其编组。", "{name} has left; their membership cannot change."),
    "roster.same_status": ("“{name}”当前已是“{status}”。", "“{name}” is already “{status}”."),
    "roster.unchanged": ("“{name}”的新值与现值相同，未作修改。", "The new value of “{name}” is the same as the current one."),
    "roster.unknown_field": ("没有可修改的字段“{name}”（可修改：{fields}）。",
                             "There is no editable field “{name}” (fields: {fields})."),
    "roster.out_needs_reason": ("停用须说明原因。", "Out of service needs a reason."),
    "roster.bad_days": ("天数应为 1 到 3650 之间的整数：“{value}”。", "Days must be a whole number from 1 to 3650: “{value}”."),
    "roster.nothing_to_call": ("所选范围内没有可拨打的人员。", "Nobody to call in that selection."),
    "roster.unknown_roll": ("找不到点名“{ref}”。", "No roll call “{ref}”."),
    "roster.not_on_roll": ("{name} 不在本次点名名单中。", "{name} is not on this roll call."),
    "roster.foreign_unit": ("队伍“{name}”属于其他站点，只能由该站点或县局修改。",
                            "The unit “{name}” belongs to another station; only it or the county bureau edits it."),
})

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "name": ("名称/姓名", "Name"), "level": ("层级", "Level"), "type": ("类型", "Type"), "parent_id": ("上级", "Parent"),
    "township": ("乡镇", "Township"), "place": ("驻地", "Place"), "planned": ("编制人数", "Planned strength"),
    "leader_id": ("负责人", "Leader"), "phone": ("电话", "Phone"), "sort": ("排序", "Order"), "note": ("备注", "Note"),
    "id_number": ("身份证号", "ID number"), "gender": ("性别", "Gender"), "title": ("职务/单位", "Title"),
    "status": ("状态", "Status"), "left_on": ("离队日期", "Left on"), "number": ("号码", "Number"),
    "label": ("号码类别", "Label"), "rank": ("拨打顺序", "Call order"), "invalid": ("无效", "Invalid"),
    "do_not_call": ("勿拨", "Do not call"), "qtype": ("资格", "Qualification"), "awarded": ("取得日期", "Awarded"),
    "expires": ("到期日期", "Expires"), "validity_months": ("有效期（月）", "Validity (months)"),
    "role": ("职务", "Role"), "village": ("村（社区）", "Village"), "department": ("部门", "Department"),
    "person_id": ("人员", "Person"), "from_date": ("起始日期", "From"), "incident_id": ("事件", "Incident"),
}


def lang_pick(pair: tuple[str, str]) -> str:
    return pair[0] if messages.language() == "zh_CN" else pair[1]


def field_name(field: str) -> str:
    pair = FIELD_NAMES.get(field)
    return lang_pick(pair) if pair else field


def label(code: str, table_: dict[str, tuple[str, str]]) -> str:
    pair = table_.get(code)
    return lang_pick(pair) if pair else code


def require_editor(actor: Actor) -> None:
    actor.require(*EDITORS)


def require_status_setter(actor: Actor) -> None:
    actor.require(*STATUS_SETTERS)


def text(value: object, field: str, *, required: bool = False, limit: int = 120) -> str:
    result = "" if value is None else str(value).strip()
    if required and not result:
        raise ValidationError("roster.required", field=field, name=field_name(field))
    if len(result) > limit:
        raise ValidationError("roster.too_long", field=field, name=field_name(field), max=limit)
    return result


def phone_number(value: object, field: str = "phone", *, required: bool = True) -> str:
    number = text(value, field, required=required, limit=32)
    if not number:
        return ""
    n_digits = sum(ch.isdigit() for ch in number)
    if not PHONE_RE.match(number) or not 7 <= n_digits <= 20:
        raise ValidationError("roster.bad_phone", field=field, name=field_name(field), value=number)
    return number


def id_number(value: object) -> str:
    result = text(value, "id_number", limit=18).upper()
    if result and not ID_RE.match(result):
        raise ValidationError("roster.bad_id_number", field="id_number", value=result)
    return result


def choice(value: object, field: str, options: dict[str, tuple[str, str]],
           aliases: dict[str, str] | None = None) -> str:
    raw = text(value, field, required=True, limit=40)
    if raw in options:
        return raw
    for code, (zh, en) in options.items():
        if raw in (zh, en) or raw.lower() == en.lower():
            return code
    if aliases and raw.lower() in aliases:
        return str(aliases[raw.lower()])
    if aliases and raw in aliases:
        return str(aliases[raw])
    choices = "、".join(f"{code}（{lang_pick(pair)}）" for code, pair in options.items())
    raise ValidationError("roster.bad_choice", field=field, name=field_name(field), value=raw, choices=choices)


def count(value: object, field: str = "planned", maximum: int = MAX_PLANNED) -> int:
    raw = str(value).strip() if value is not None else ""
    try:
        number = int(raw)
    except ValueError:
        number = -1
    if number < 0 or number > maximum or raw.startswith("+"):
        raise ValidationError("roster.bad_number", field=field, name=field_name(field), value=raw, max=maximum)
    return number


def iso_date(value: object, field: str, *, required: bool = False) -> str:
    if isinstance(value, datetime):
        return value.astimezone(BEIJING).date().isoformat() if value.tzinfo else value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    raw = text(value, field, required=required, limit=20)
    if not raw:
        return ""
    try:
        return date.fromisoformat(raw.replace("/", "-")[:10] if len(raw) >= 10 else raw).isoformat()
    except ValueError as error:
        raise ValidationError("roster.bad_date", field=field, name=field_name(field), value=raw) from error


def township(conn: Connection, value: object, *, required: bool = False) -> str:
    raw = text(value, "township", required=required, limit=40)
    if not raw:
        return ""
    names = list(conn.execute(select(TOWNSHIP.c.name).order_by(TOWNSHIP.c.sort)).scalars())
    for name in names:
        if raw in (name, name[:-1]) or (len(raw) >= 2 and name.startswith(raw)):
            return str(name)
    raise ValidationError("roster.unknown_township", field="township", value=raw, choices="、".join(names))


def today(now_ms: int) -> date:
    """The Beijing-time day of a UTC instant (qualification status, re-verification age)."""
    return ms_to_datetime(now_ms).astimezone(BEIJING).date()


def resolve_unit(conn: Connection, ref: str) -> Any:
    """A unit row by id, id prefix (≥ 8) or unambiguous name."""
    ref = ref.strip()
    row = conn.execute(select(UNIT).where(UNIT.c.unit_id == ref)).first()
    if row is not None:
        return row
    rows = conn.execute(select(UNIT).where(UNIT.c.name == ref)).all()
    if not rows and len(ref) >= 8:
        rows = conn.execute(select(UNIT).where(UNIT.c.unit_id.startswith(ref))).all()
    if not rows:
        rows = conn.execute(select(UNIT).where(UNIT.c.name.contains(ref)).limit(6)).all() if ref else []
        if len(rows) != 1:
            if rows:
                raise ValidationError("roster.ambiguous_unit", field="unit", ref=ref,
                                      choices="、".join(f"{r.name}[{r.unit_id[:8]}]" for r in rows[:5]))
            raise ValidationError("roster.unknown_unit", field="unit", ref=ref)
    if len(rows) > 1:
        raise ValidationError("roster.ambiguous_unit", field="unit", ref=ref,
                              choices="、".join(f"{r.name}[{r.unit_id[:8]}]" for r in rows[:5]))
    return rows[0]


def resolve_person(conn: Connection, ref: str) -> Any:
    """A person row by id, id prefix (≥ 8), ID number or unambiguous name."""
    ref = ref.strip()
    row = conn.execute(select(PERSON).where(PERSON.c.person_id == ref)).first()
    if row is not None:
        return row
    rows = conn.execute(select(PERSON).where(PERSON.c.name == ref)).all()
    if not rows and ID_RE.match(ref.upper()):
        rows = conn.execute(select(PERSON).where(PERSON.c.id_number == ref.upper())).all()
    if not rows and len(ref) >= 8:
        rows = conn.execute(select(PERSON).where(PERSON.c.person_id.startswith(ref))).all()
    if not rows:
        raise ValidationError("roster.unknown_person", field="person", ref=ref)
    if len(rows) > 1:
        raise ValidationError("roster.ambiguous_person", field="person", ref=ref,
                              choices="、".join(f"{r.name}[{r.person_id[:8]}]" for r in rows[:5]))
    return rows[0]
