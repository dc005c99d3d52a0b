"""Incidents (突发事件): open, edit, close, read.

An incident is opened by `incident.add` (its id is that operation's id; its number `SJ2024-0001`
is gap-free per station and year of occurrence). Header corrections are `incident.edit`
operations (one per change, every old value kept in `field_edit`); `incident.close` closes it.
Casualties, earthquake parameters, links and reports are their own operations
(casualties.py, quake.py, links.py, reports.py). Every operation on an existing incident
carries `owner` (the station that opened it), checked by the authority rule in
app/storage/projections/incidents.py.

Times: the API takes aware datetimes or ISO text (no offset: the station's zone).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, func, select

from app import messages
from app.clock import datetime_to_ms
from app.errors import ValidationError
from app.services import duty_log, roles
from app.services.accounts import Actor
from app.services.duty_log.types import parse_iso, to_aware
from app.services.incidents import levels, types
from app.services.incidents.records import IncidentRow, readable
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.incidents import Incident
from app.storage.projections import fields
from app.storage.projections.incidents import EDITABLE, ENTITY

INCIDENT = table(Incident)
WRITERS = (roles.OPERATOR, roles.SHIFT_LEAD, roles.LEADER)
CLOSERS = (roles.SHIFT_LEAD, roles.LEADER)
STATUSES: dict[str, tuple[str, str]] = {"open": ("处置中", "Open"), "responding": ("响应中", "Responding"),
                                        "closed": ("已结束", "Closed")}
CHINA_LAT = (3.8, 53.6)
CHINA_LON = (73.4, 135.1)
FUTURE_SLACK = timedelta(minutes=10)
MAX_LEN = {"summary": 4000, "place": 200, "village": 60, "level_basis": 1000, "paper_form": 40, "reason": 1000}


@dataclass
class IncidentInput:
    type: str = ""
    level: str = "一般"
    occurred_at: datetime | str | None = None
    received_at: datetime | str | None = None
    township: str = ""
    village: str = ""
    place: str = ""
    summary: str = ""
    level_basis: str = ""
    lat: float | str | None = None
    lon: float | str | None = None
    exercise: bool = False
    status: str = "open"
    paper_form: str = ""
    """The number of the paper form this was entered from (补录自纸质表格 No. …)."""


def now(db: Database) -> datetime:
    return duty_log.now(db)


def status_label(code: str) -> str:
    pair = STATUSES.get(code, (code, code))
    return pair[0] if messages.language() == "zh_CN" else pair[1]


# -- validation ---------------------------------------------------------------------------------------


def text(value: object, field: str, *, required: bool = False) -> str:
    result = "" if value is None else str(value).strip()
    if required and not result:
        raise ValidationError("incident.required", field=field, name=field_name(field))
    limit = MAX_LEN.get(field)
    if limit is not None and len(result) > limit:
        raise ValidationError("incident.too_long", field=field, name=field_name(field), max=limit)
    return result


def field_name(field: str) -> str:
    pair = FIELD_LABELS.get(field, (field, field))
    return pair[0] if messages.language() == "zh_CN" else pair[1]


def time_value(db: Database, value: object, field: str) -> datetime | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return to_aware(value, duty_log.zone(db))
    return parse_iso(str(value), duty_log.zone(db), field)


def not_future(db: Database, when: datetime, field: str) -> None:
    if when - now(db) > FUTURE_SLACK:
        raise ValidationError("incident.future", field=field, name=field_name(field), value=fmt_time(db, when))


def fmt_time(db: Database, when: datetime | int) -> str:
    from app.clock import ms_to_datetime

    value = ms_to_datetime(when) if isinstance(when, int) else when
    return value.astimezone(duty_log.zone(db)).strftime("%Y-%m-%d %H:%M:%S")


def coordinate(value: object, field: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip())
    except ValueError as error:
        raise ValidationError("incident.bad_number", field=field, name=field_name(field), value=value) from error
    low, high = CHINA_LAT if field == "lat" else CHINA_LON
    if not low <= number <= high:
        raise ValidationError("incident.outside_china", field=field, name=field_name(field), value=value,
                              low=low, high=high)
    return round(number, 6)


def township(conn: Connection, value: object, *, required: bool = True) -> str:
    raw = text(value, "township", required=required)
    if not raw:
        return ""
    name = duty_log.township_name(conn, raw)
    if name is None:
        from app.storage.models.station import Township

        names = conn.execute(select(table(Township).c.name).order_by(table(Township).c.sort)).scalars()
        raise ValidationError("incident.unknown_township", field="township", value=raw, choices="、".join(names))
    return name


def header_payload(db: Database, conn: Connection, data: IncidentInput) -> dict[str, Any]:
    type_code = types.parse(data.type)
    level = levels.parse(data.level)
    occurred = time_value(db, data.occurred_at, "occurred_at")
    if occurred is None:
        raise ValidationError("incident.required", field="occurred_at", name=field_name("occurred_at"))
    received = time_value(db, data.received_at, "received_at") or now(db)
    not_future(db, occurred, "occurred_at")
    not_future(db, received, "received_at")
    if occurred > received:
        raise ValidationError("incident.occurred_after_received", field="occurred_at",
                              occurred=fmt_time(db, occurred), received=fmt_time(db, received))
    lat, lon = coordinate(data.lat, "lat"), coordinate(data.lon, "lon")
    if (lat is None) != (lon is None):
        raise ValidationError("incident.half_coordinates", field="lon" if lon is None else "lat")
    status = data.status or "open"
    if status not in ("open", "responding"):
        raise ValidationError("incident.bad_status", field="status", value=status)
    return {
        "type": type_code, "level": level, "level_basis": text(data.level_basis, "level_basis"),
        "status": status, "exercise": bool(data.exercise), "township": township(conn, data.township),
        "village": text(data.village, "village"), "place": text(data.place, "place"), "lat": lat, "lon": lon,
        "occurred_ms": datetime_to_ms(occurred), "received_ms": datetime_to_ms(received),
        "summary": text(data.summary, "summary", required=True), "paper_form": text(data.paper_form, "paper_form"),
    }


# -- reading -----------------------------------------------------------------------------------------------


def get(conn: Connection, incident_id: str) -> IncidentRow | None:
    row = conn.execute(select(INCIDENT).where(INCIDENT.c.incident_id == incident_id)).first()
    return IncidentRow.from_row(row) if row else None


def resolve(db: Database, ref: str) -> IncidentRow:
    """An incident from its id, an id prefix (≥ 8 characters) or its number (SJ2024-0001)."""
    raw = (ref or "").strip()
    with db.read() as conn:
        found = get(conn, raw) if raw else None
        if found is None and raw.upper().startswith("SJ") and "-" in raw:
            year, _, number = raw[2:].partition("-")
            if year.isdigit() and number.isdigit():
                row = conn.execute(select(INCIDENT).where(
                    INCIDENT.c.station_id == db.station_id, INCIDENT.c.year == int(year),
                    INCIDENT.c.number == int(number))).first()
                found = IncidentRow.from_row(row) if row else None
        if found is None and len(raw) >= 8:
            rows = conn.execute(select(INCIDENT).where(INCIDENT.c.incident_id.like(raw + "%")).limit(2)).all()
            if len(rows) == 1:
                found = IncidentRow.from_row(rows[0])
    if found is None:
        raise ValidationError("incident.unknown", field="incident", ref=raw)
    return found


def listing(db: Database, *, open_only: bool = False, type_code: str | None = None, since_ms: int | None = None,
            until_ms: int | None = None, include_exercises: bool = True, limit: int = 0) -> list[IncidentRow]:
    """Incidents, newest occurred first (optionally open only, of one type subtree, in a period)."""
    stmt = select(INCIDENT)
    if open_only:
        stmt = stmt.where(INCIDENT.c.status != "closed")
    if type_code:
        stmt = stmt.where(INCIDENT.c.type_code.in_(sorted(types.descendants(types.parse(type_code)))))
    if since_ms is not None:
        stmt = stmt.where(INCIDENT.c.occurred_ms >= since_ms)
    if until_ms is not None:
        stmt = stmt.where(INCIDENT.c.occurred_ms < until_ms)
    if not include_exercises:
        stmt = stmt.where(INCIDENT.c.exercise.is_(False))
    stmt = stmt.order_by(INCIDENT.c.occurred_ms.desc(), INCIDENT.c.incident_id)
    if limit:
        stmt = stmt.limit(limit)
    with db.read() as conn:
        return readable(conn.execute(stmt))


def writable(db: Database, ref: str) -> IncidentRow:
    """The incident, for adding to it: closed incidents take nothing more."""
    inc = resolve(db, ref)
    if inc.status == "closed":
        raise ValidationError("incident.closed", field="incident", no=inc.no)
    return inc


def require_owner(db: Database, inc: IncidentRow) -> None:
    if inc.station_id != db.station_id:
        raise ValidationError("incident.not_owner", field="incident", no=inc.no)


def may_add_to(db: Database, inc: IncidentRow) -> None:
    """This station owns the incident or is its owner's superior (see the authority rule)."""
    from app.storage.projections.incidents import is_superior

    if inc.station_id == db.station_id:
        return
    with db.read() as conn:
        if is_superior(conn, db.station_id, inc.station_id):
            return
    raise ValidationError("incident.not_owner", field="incident", no=inc.no)


# -- writing -----------------------------------------------------------------------------------------------


def add(db: Database, actor: Actor, data: IncidentInput, casualties: dict[str, int] | None = None
        ) -> tuple[Changes, IncidentRow]:
    """Open an incident (and record its first casualty count when any figure is given)."""
    from app.services.incidents import casualties as casualty_service

    actor.require(*WRITERS)
    with db.read() as conn:
        payload = header_payload(db, conn, data)
    counts = casualty_service.check_counts(casualties or {}) if casualties else None
    year = datetime.fromtimestamp(payload["occurred_ms"] / 1000, duty_log.zone(db)).year
    with db.write() as w:
        top = w.conn.execute(select(func.max(INCIDENT.c.number)).where(
            INCIDENT.c.station_id == db.station_id, INCIDENT.c.year == year)).scalar()
        payload["year"], payload["number"] = year, int(top or 0) + 1
        op = w.record("incident.add", payload, actor.username)
        if counts is not None and any(counts.values()):
            w.record("incident.casualties", {"incident": op.op_id, "owner": db.station_id,
                                             "at_ms": payload["received_ms"], **counts,
                                             "source": "", "reason": ""}, actor.username)
        row = get(w.conn, op.op_id)
    assert row is not None
    return w.changes, row


def edit(db: Database, actor: Actor, ref: str, values: dict[str, Any], reason: str = "") -> Changes:
    """Correct header fields (`values` by IncidentInput names; only those given change)."""
    actor.require(*WRITERS)
    inc = writable(db, ref)
    require_owner(db, inc)
    current = IncidentInput(type=inc.type_code, level=inc.level, occurred_at=inc.occurred_at,
                            received_at=inc.received_at, township=inc.township, village=inc.village, place=inc.place,
                            summary=inc.summary, level_basis=inc.level_basis, lat=inc.lat, lon=inc.lon,
                            exercise=inc.exercise, status=inc.status)
    for key, value in values.items():
        if value is not None:
            setattr(current, key, value)
    with db.read() as conn:
        payload = header_payload(db, conn, current)
    columns = {"type": "type_code"}
    new = {columns.get(k, k): v for k, v in payload.items() if columns.get(k, k) in EDITABLE}
    old = {name: getattr(inc, name) for name in EDITABLE}
    changed = {k: v for k, v in new.items() if v != old.get(k)}
    if not changed:
        raise ValidationError("incident.unchanged", field="incident", no=inc.no)
    with db.write() as w:
        base = {k: fields.current_hlc(w.conn, entity=ENTITY, key=inc.id, field=k) for k in changed}
        w.record("incident.edit", {"incident": inc.id, "owner": inc.station_id, "values": changed, "base": base,
                                   "reason": text(reason, "reason")}, actor.username)
    return w.changes


def close(db: Database, actor: Actor, ref: str, at: datetime | str | None = None) -> Changes:
    actor.require(*CLOSERS)
    inc = writable(db, ref)
    require_owner(db, inc)
    when = time_value(db, at, "closed_at") or now(db)
    not_future(db, when, "closed_at")
    with db.write() as w:
        base = fields.current_hlc(w.conn, entity=ENTITY, key=inc.id, field="status")
        w.record("incident.close", {"incident": inc.id, "owner": inc.station_id, "closed_ms": datetime_to_ms(when),
                                    "base": base}, actor.username)
    return w.changes


FIELD_LABELS: dict[str, tuple[str, str]] = {
    "type": ("事件类型", "type"), "level": ("事件等级", "level"), "occurred_at": ("发生时间", "occurred time"),
    "received_at": ("接报时间", "received time"), "township": ("乡镇", "township"), "village": ("村", "village"),
    "place": ("地点", "place"), "summary": ("事件概况", "summary"), "level_basis": ("定级依据", "level basis"),
    "lat": ("纬度", "latitude"), "lon": ("经度", "longitude"), "closed_at": ("结束时间", "closed time"),
    "paper_form": ("纸质表格编号", "paper form number"), "reason": ("原因", "reason"),
    "dead": ("死亡", "dead"), "missing": ("失踪", "missing"), "injured": ("受伤", "injured"),
    "serious": ("重伤", "seriously injured"), "evacuated": ("转移安置", "evacuated"),
    "houses": ("房屋损坏", "houses damaged"), "loss_yuan": ("直接经济损失", "direct loss"),
    "magnitude": ("震级", "magnitude"), "depth": ("震源深度", "depth"), "sent_to": ("报送单位", "sent to"),
    "sent_at": ("报送时间", "sent time"), "entry": ("值班记录", "duty-log entry"), "stage": ("报告阶段", "stage"),
    "doc_no": ("文号", "document number"), "channel": ("报送方式", "channel"),
}

messages.register({
    "incident.required": ("请填写“{name}”。", "“{name}” is required."),
    "incident.too_long": ("“{name}”不能超过 {max} 个字符。", "“{name}” must be at most {max} characters."),
    "incident.future": ("{name} {value} 晚于当前时间，请检查。", "The {name} {value} is in the future; please check it."),
    "incident.occurred_after_received": ("发生时间 {occurred} 晚于接报时间 {received}，请检查。",
                                         "The occurred time {occurred} is after the received time {received}."),
    "incident.bad_number": ("“{name}”的值“{value}”不是数字。", "The {name} “{value}” is not a number."),
    "incident.outside_china": ("{name} {value} 不在我国境内（应在 {low} 至 {high} 之间）。",
                               "The {name} {value} is outside China (must be between {low} and {high})."),
    "incident.half_coordinates": ("请同时填写纬度和经度。", "Give both latitude and longitude."),
    "incident.bad_status": ("事件状态“{value}”不正确（可选：open 处置中、responding 响应中）。",
                            "Bad status “{value}” (open, responding)."),
    "incident.unknown_township": ("没有名为“{value}”的乡镇（可选：{choices}）。",
                                  "There is no township “{value}” (choose from: {choices})."),
    "incident.unknown": ("找不到事件“{ref}”。", "No incident “{ref}”."),
    "incident.closed": ("事件 {no} 已结束，不能再添加或修改。", "Incident {no} is closed; nothing more can be added."),
    "incident.not_owner": ("事件 {no} 由其他值守站登记，本站不能进行此项操作。",
                           "Incident {no} belongs to another station; this station may not do that."),
    "incident.unchanged": ("事件 {no} 没有任何改动。", "Nothing changed in incident {no}."),
})
