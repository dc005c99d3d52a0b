"""Incidents (突发事件), reporting deadlines (信息报告) and the timeline's incident lanes.

Modules: incidents (open/edit/close/read), types (the type tree), levels (IV–I, 493号令 Art. 3),
casualties (the append-only series), quake (earthquake parameters), links (duty-log entries),
reports (reports sent; detail and JSON), rules (deadline rules), obligations (due times computed
from times), statistics (同比), forms (blank paper forms), timeline (the lanes of every area).
This package defines `handover_sections()` (incidents in progress, reports due next shift,
overdue reports) and `timeline_events()` (the incident and report lanes).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, select

if TYPE_CHECKING:
    from app.services.handover import Section, SectionSpec, SheetContext
    from app.storage.engine import Database

INCIDENT_LANE = {"zh": "突发事件", "en": "Incidents"}
REPORT_LANE = {"zh": "信息报告", "en": "Reports"}


def timeline_events(db: Database, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict[str, Any]]:
    """Incidents by occurred time; reports by sent time; unmet obligations by due time."""
    from app.services.incidents import levels, obligations, reports, rules, types
    from app.services.incidents.records import readable
    from app.storage.models import table
    from app.storage.models.incidents import Incident, IncidentReport

    inc_t, rep_t = table(Incident), table(IncidentReport)
    out: list[dict[str, Any]] = []
    with db.read() as conn:
        cols = (inc_t.c.incident_id, inc_t.c.year, inc_t.c.number, inc_t.c.type_code, inc_t.c.level,
                inc_t.c.township, inc_t.c.village, inc_t.c.exercise, inc_t.c.occurred_ms)
        stmt = select(*cols).where(and_(inc_t.c.occurred_ms >= start_ms, inc_t.c.occurred_ms < end_ms))
        if incident_id is not None:
            stmt = stmt.where(inc_t.c.incident_id == incident_id)
        names = {code: t.zh for code, t in types.tree().items()}
        level_names = {code: zh for code, (zh, _en) in levels.LEVELS.items()}
        for r in conn.execute(stmt):
            drill = "（演练）" if r.exercise else ""
            out.append({"lane": "incidents", "lane_title": INCIDENT_LANE, "ms": int(r.occurred_ms),
                        "label": f"SJ{r.year}-{r.number:04d} {r.township}{r.village}{names.get(r.type_code, r.type_code)}"
                                 f"{drill} {level_names.get(r.level, r.level)}",
                        "significant": r.level != "IV",
                        "ref": {"panel": "incidents", "kind": "incident", "key": r.incident_id},
                        "incident_id": r.incident_id, "exercise": bool(r.exercise)})
        stmt = (select(rep_t.c.op_id, rep_t.c.incident_id, rep_t.c.stage, rep_t.c.sent_ms, rep_t.c.sent_to)
                .where(rep_t.c.sent_ms >= start_ms, rep_t.c.sent_ms < end_ms))
        if incident_id is not None:
            stmt = stmt.where(rep_t.c.incident_id == incident_id)
        for r in conn.execute(stmt):
            out.append({"lane": "reports", "lane_title": REPORT_LANE, "ms": int(r.sent_ms),
                        "label": f"{rules.stage_label(r.stage)} → {r.sent_to}", "significant": r.stage == "first",
                        "ref": {"panel": "incidents", "kind": "incident", "key": r.incident_id},
                        "incident_id": r.incident_id, "state": "sent"})
        open_stmt = select(inc_t).where(inc_t.c.status != "closed")
        if incident_id is not None:
            open_stmt = open_stmt.where(inc_t.c.incident_id == incident_id)
        rule_set = rules.effective(db)
        for inc in readable(conn.execute(open_stmt)):
            for o in obligations.open_ones(reports.obligations_of(db, conn, inc, rule_set)):
                if start_ms <= o.due_ms < end_ms:
                    out.append({"lane": "reports", "lane_title": REPORT_LANE, "ms": o.due_ms,
                                "label": f"{o.label} {inc.no} {'超时' if o.status == 'overdue' else '应报'}",
                                "significant": o.status == "overdue",
                                "ref": {"panel": "incidents", "kind": "incident", "key": inc.id},
                                "incident_id": inc.id, "state": o.status})
    return out


def handover_sections() -> list[SectionSpec]:
    from app.services.handover import SectionSpec

    return [SectionSpec("incidents", 40, _section)]


def _section(ctx: SheetContext) -> Section:
    from app.clock import datetime_to_ms
    from app.services.handover import Section, tr
    from app.services.incidents import casualties, incidents, obligations, reports, rules
    from app.services.incidents.records import readable
    from app.storage.models import table
    from app.storage.models.incidents import Incident

    inc_t = table(Incident)
    end_ms, next_ms = datetime_to_ms(ctx.end), datetime_to_ms(ctx.next_end)
    section = Section("incidents", tr("突发事件及信息报告", "Incidents and reports"),
                      [(tr("事件", "Incident"), 30), (tr("等级/状态", "Level / status"), 12),
                       (tr("报告", "Report"), 12), (tr("时限", "Due"), 16), (tr("情况", "State"), 30)],
                      empty=tr("无处置中的事件", "No incident in progress"))
    rule_set = rules.effective(ctx.db)
    with ctx.db.read() as conn:
        rows = conn.execute(select(inc_t).where(inc_t.c.status != "closed", inc_t.c.occurred_ms < end_ms)
                            .order_by(inc_t.c.occurred_ms)).all()
        for inc in readable(rows):
            owed = [o for o in obligations.compute(inc, reports.sent(conn, inc.id), casualties.series(conn, inc.id), rule_set, end_ms)
                    if o.status != "met" and o.due_ms < next_ms]
            title = f"{inc.no} {inc.title}"
            state = tr(f"{incidents.STATUSES[inc.status][0]}", incidents.STATUSES[inc.status][1])
            level = tr(inc.level_name, inc.level)
            if not owed:
                section.rows.append(([title, level, "", "", state], ""))
            for o in owed:
                overdue = o.due_ms <= end_ms
                section.rows.append(([title, level, tr(rules.STAGES[o.stage][0] if o.stage != "followup" else o.label,
                                                       rules.STAGES[o.stage][1]),
                                      {"ms": o.due_ms, "fmt": "short"},
                                      tr("已超时" if overdue else "下一班应报", "overdue" if overdue else "due next shift")],
                                     "overdue" if overdue else "significant"))
    return section
