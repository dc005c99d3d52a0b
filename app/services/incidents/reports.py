"""Reports sent up (信息报告) and everything an incident gathers (detail, obligations, JSON).

Recording a report sent — to whom, by which channel, its document number — meets the
obligations of its stage (obligations.py). A closed incident takes no more reports.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from app import messages
from app.clock import datetime_to_ms, ms_to_datetime, system_ms
from app.errors import ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.incidents import casualties, incidents, levels, links, obligations, quake, rules, types
from app.services.incidents.records import IncidentDetail, IncidentRow, Obligation, Report, readable
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.incidents import Incident, IncidentReport

REPORT = table(IncidentReport)
INCIDENT = table(Incident)
STAGES = ("first", "followup", "final", "supplement")
STAGE_ALIASES = {"首报": "first", "初报": "first", "续报": "followup", "终报": "final", "核报": "final", "补报": "supplement",
                 "follow-up": "followup"}
CHANNELS = {"phone": ("电话", "phone"), "fax": ("传真", "fax"), "document": ("公文", "document"),
            "system": ("信息系统", "reporting system"), "im": ("即时通讯", "instant message"), "sms": ("短信", "SMS")}


def parse_stage(value: str) -> str:
    raw = (value or "").strip()
    code = STAGE_ALIASES.get(raw, raw.lower())
    if code not in STAGES:
        raise ValidationError("incident.bad_stage", field="stage", value=raw)
    return code


def parse_channel(value: str) -> str:
    raw = (value or "").strip() or "fax"
    for code, (zh, en) in CHANNELS.items():
        if raw in (code, zh, en):
            return code
    raise ValidationError("incident.bad_channel", field="channel", value=raw, choices="、".join(z for z, _ in CHANNELS.values()))


def sent(conn: Connection, incident_id: str) -> list[Report]:
    rows = conn.execute(select(REPORT).where(REPORT.c.incident_id == incident_id)
                        .order_by(REPORT.c.sent_ms, REPORT.c.hlc)).all()
    return [Report(r.op_id, r.stage, r.sent_ms, r.sent_to, r.channel, r.doc_no, r.note, r.author, r.hlc) for r in rows]


def record(db: Database, actor: Actor, ref: str, *, stage: str, sent_to: str, channel: str = "fax", doc_no: str = "",
           at: datetime | str | None = None, note: str = "") -> Changes:
    """Record that a report of `stage` was sent to `sent_to` (at `at`, default now)."""
    actor.require(*incidents.WRITERS)
    inc = incidents.writable(db, ref)
    incidents.may_add_to(db, inc)
    code = parse_stage(stage)
    whom = incidents.text(sent_to, "sent_to", required=True)
    when = incidents.time_value(db, at, "sent_at") or incidents.now(db)
    incidents.not_future(db, when, "sent_at")
    if when < inc.occurred_at:
        raise ValidationError("incident.sent_before_occurred", field="sent_at", value=incidents.fmt_time(db, when))
    with db.read() as conn:
        earlier = sent(conn, inc.id)
    if code in ("followup", "final", "supplement") and not any(r.stage == "first" for r in earlier):
        raise ValidationError("incident.no_first_report", field="stage", no=inc.no)
    if code == "first" and any(r.stage == "first" for r in earlier):
        raise ValidationError("incident.first_exists", field="stage", no=inc.no)
    if any(r.stage == "final" for r in earlier):
        raise ValidationError("incident.final_exists", field="stage", no=inc.no)
    with db.write() as w:
        w.record("incident.report", {"incident": inc.id, "owner": inc.station_id, "stage": code,
                                     "sent_ms": datetime_to_ms(when), "sent_to": whom,
                                     "channel": parse_channel(channel), "doc_no": incidents.text(doc_no, "paper_form"),
                                     "note": incidents.text(note, "reason")}, actor.username)
    return w.changes


def now_ms(db: Database | None) -> int:
    return db.wall() if db is not None else system_ms()


def obligations_of(db: Database, conn: Connection, inc: IncidentRow, rule_set: list[rules.Rule] | None = None
                   ) -> list[Obligation]:
    return obligations.compute(inc, sent(conn, inc.id), casualties.series(conn, inc.id),
                               rule_set if rule_set is not None else rules.effective(db), now_ms(db))


def detail(db: Database, ref: str, *, related: bool = True) -> IncidentDetail:
    inc = incidents.resolve(db, ref)
    rule_set = rules.effective(db)
    with db.read() as conn:
        out = IncidentDetail(inc, casualties.series(conn, inc.id), quake.history(conn, inc.id), [], sent(conn, inc.id))
        out.obligations = obligations_of(db, conn, inc, rule_set)
    out.entries = links.entries(db, inc.id)
    if related:
        from app.services.incidents import timeline

        out.related = [e for e in timeline.other_events(db, inc.occurred_ms - 86_400_000, now_ms(db) + 86_400_000,
                                                         incident_id=inc.id)]
    return out


def due(db: Database, *, include_exercises: bool = True) -> list[Obligation]:
    """Every unmet obligation of open incidents, soonest first."""
    rule_set = rules.effective(db)
    out: list[Obligation] = []
    with db.read() as conn:
        rows = conn.execute(select(INCIDENT).where(INCIDENT.c.status != "closed")).all()
        for inc in readable(rows):
            if inc.exercise and not include_exercises:
                continue
            out.extend(obligations.open_ones(obligations_of(db, conn, inc, rule_set)))
    return sorted(out, key=lambda o: (o.due_ms, o.incident_id))


def iso(db: Database, ms: int | None) -> str | None:
    return None if ms is None else ms_to_datetime(ms).astimezone(duty_log.zone(db)).isoformat()


def obligation_json(db: Database, o: Obligation) -> dict[str, Any]:
    return {"incident": o.incident_id, "stage": o.stage, "label": o.label, "due_at": iso(db, o.due_ms),
            "status": o.status, "late": o.late, "met_at": iso(db, o.met_ms), "report": o.report_id or None,
            "rule": o.rule_id, "citation": o.citation, "note": o.note, "to": o.to}


def to_json(db: Database, d: IncidentDetail) -> dict[str, Any]:
    inc = d.incident
    q = d.quake
    return {
        "id": inc.id, "no": inc.no, "station_id": inc.station_id, "type": inc.type_code,
        "type_name": types.names(inc.type_code), "level": inc.level, "level_name": levels.LEVELS[inc.level][0],
        "level_basis": inc.level_basis, "implied_level": d.implied_level, "level_warning": d.level_too_low,
        "status": inc.status, "exercise": inc.exercise, "township": inc.township, "village": inc.village,
        "place": inc.place, "lat": inc.lat, "lon": inc.lon, "occurred_at": iso(db, inc.occurred_ms),
        "received_at": iso(db, inc.received_ms), "closed_at": iso(db, inc.closed_ms), "summary": inc.summary,
        "paper_form": inc.paper_form or None, "author": inc.author,
        "casualties": [{"at": iso(db, c.at_ms), "dead": c.dead, "missing": c.missing, "injured": c.injured,
                        "serious": c.serious, "evacuated": c.evacuated, "houses": c.houses, "loss_yuan": c.loss_yuan,
                        "source": c.source, "reason": c.reason, "author": c.author, "current": c is d.current}
                       for c in d.casualties],
        "quake": None if q is None else {"magnitude": q.magnitude, "depth_km": q.depth_km, "lat": q.lat, "lon": q.lon,
                                         "origin_at": iso(db, q.origin_ms), "formal": q.formal,
                                         "history": [{"magnitude": h.magnitude, "depth_km": h.depth_km, "lat": h.lat,
                                                      "lon": h.lon, "origin_at": iso(db, h.origin_ms),
                                                      "formal": h.formal, "source": h.source, "author": h.author}
                                                     for h in d.quakes]},
        "entries": [e.display_no for e in d.entries],
        "reports": [{"stage": r.stage, "sent_at": iso(db, r.sent_ms), "sent_to": r.sent_to, "channel": r.channel,
                     "doc_no": r.doc_no, "author": r.author} for r in d.reports],
        "obligations": [obligation_json(db, o) for o in d.obligations],
        "related": [{"lane": e.get("lane"), "at": iso(db, int(e["ms"])), "label": e.get("label", "")}
                    for e in d.related],
    }


messages.register({
    "incident.bad_stage": ("报告阶段“{value}”不正确（可选：first 首报、followup 续报、final 终报、supplement 补报）。",
                           "Bad stage “{value}” (first, followup, final, supplement)."),
    "incident.bad_channel": ("报送方式“{value}”不正确（可选：{choices}）。", "Bad channel “{value}” (choose from: {choices})."),
    "incident.sent_before_occurred": ("报送时间 {value} 早于事件发生时间。", "The sent time {value} is before the incident occurred."),
    "incident.no_first_report": ("事件 {no} 尚未首报，请先记录首报。", "Incident {no} has no first report yet; record it first."),
    "incident.first_exists": ("事件 {no} 已有首报；后续报告请选续报或补报。",
                              "Incident {no} already has its first report; use followup or supplement."),
    "incident.final_exists": ("事件 {no} 已终报，不能再报送。", "Incident {no} has had its final report."),
})
