"""Team rosters and the liaison directory (救援队伍花名册 · 联络通讯录) — see docs/rosters.md.

Modules: `units` (tree, strengths, board), `people` (members, memberships, leaving), `phones`
(call order, flags, re-verification), `qualifications` (status on read), `status` (unit status
events), `directory` (liaison officers, village assistants and information officers, township
duty phones), `calllist` (call lists, roll calls), `xlsx` (import / export), `equipment` (what
the supply ledger says someone holds). This package also gives the handover sheet its section
(`handover_sections`) and the incident timeline its unit lane (`timeline_events`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, func, select

from app.services.rosters import common, merge
from app.services.rosters.common import PERSON, UNIT

if TYPE_CHECKING:
    from app.services.handover import Section, SectionSpec, SheetContext
    from app.storage.engine import Database

KEY_ROLES = ("leader", "deputy", "squad_leader", "manager")
"""Whose expiring qualifications the handover sheet lists."""
merge.register()
LANE_TITLE = {"zh": "救援队伍", "en": "Units"}


def timeline_events(db: Database, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict[str, Any]]:
    """Unit status changes in [start_ms, end_ms) for the incident timeline (issue 13)."""
    from app.services.rosters import status

    out = []
    for ev in status.between(db, start_ms, end_ms, incident_id):
        zh, en = common.STATUSES.get(ev.status, (ev.status, ev.status))
        where = ev.place or ""
        label = f"{ev.unit} {zh}" + (f"（{where}）" if where else "")
        out.append({
            "lane": "units", "lane_title": dict(LANE_TITLE), "ms": ev.at_ms, "label": label,
            "label_en": f"{ev.unit}: {en}" + (f" ({where})" if where else ""),
            "significant": ev.status in ("deployed", "out"),
            "ref": {"panel": "rosters", "kind": "status_event", "key": ev.event_id},
            "incident_id": ev.incident_id or None,
        })
    return out


def handover_sections() -> list[SectionSpec]:
    from app.services.handover import SectionSpec

    return [SectionSpec("rosters", 40, _section)]


def _section(ctx: SheetContext) -> Section | None:
    from app.clock import datetime_to_ms
    from app.services.handover import Section, tr
    from app.services.rosters import qualifications
    from app.storage.models import table
    from app.storage.models.rosters import RosterStatusEvent

    event = table(RosterStatusEvent)
    start_ms, end_ms = datetime_to_ms(ctx.start), datetime_to_ms(ctx.end)
    section = Section(
        "rosters",
        tr("救援队伍", "Rescue units"),
        [(tr("类别", "Kind"), 16), (tr("队伍 / 人员", "Unit / person"), 40), (tr("状态 / 事项", "Status / item"), 34),
         (tr("时间", "Time"), 18), (tr("说明", "Details"), 32)],
        empty=tr("无出动或停用队伍，本班无状态变化", "No unit deployed or out of service; no status changes"),
    )
    with ctx.db.read() as conn:
        latest = (select(event.c.unit_id, func.max(event.c.hlc).label("hlc"))
                  .where(event.c.at_ms < end_ms).group_by(event.c.unit_id).subquery())
        current = conn.execute(
            select(event, UNIT.c.name).join(latest, and_(latest.c.unit_id == event.c.unit_id,
                                                         latest.c.hlc == event.c.hlc))
            .join(UNIT, UNIT.c.unit_id == event.c.unit_id)
            .where(event.c.status.in_(("deployed", "out"))).order_by(event.c.at_ms)).all()
        changes = conn.execute(select(event, UNIT.c.name).join(UNIT, UNIT.c.unit_id == event.c.unit_id)
                               .where(event.c.at_ms >= start_ms, event.c.at_ms < end_ms)
                               .order_by(event.c.at_ms, event.c.event_id)).all()
        day = common.today(end_ms)
        expiring = qualifications.expiring(conn, day, qualifications.WARN_DAYS)
        people = {}
        if expiring:
            people = {r.person_id: r for r in conn.execute(
                select(PERSON.c.person_id, PERSON.c.name, PERSON.c.role, PERSON.c.status, UNIT.c.name.label("unit"))
                .outerjoin(UNIT, UNIT.c.unit_id == PERSON.c.unit_id)
                .where(PERSON.c.person_id.in_({q.person_id for q in expiring})))}

    def status_cell(code: str) -> dict[str, str]:
        zh, en = common.STATUSES.get(code, (code, code))
        return tr(zh, en)

    for r in current:
        details = " ".join(x for x in (r.place, f"#{r.incident_id}" if r.incident_id else "", r.note) if x)
        section.rows.append(([tr("当前出动/停用", "Deployed / out now"), r.name, status_cell(r.status),
                              {"ms": r.at_ms, "fmt": "short"}, details], "significant"))
    for r in changes:
        details = " ".join(x for x in (r.place, f"#{r.incident_id}" if r.incident_id else "", r.note) if x)
        section.rows.append(([tr("本班状态变化", "Changed in shift"), r.name, status_cell(r.status),
                              {"ms": r.at_ms, "fmt": "short"}, f"{details} ({ctx.name(r.author)})".strip()], ""))
    for q in expiring:
        p = people.get(q.person_id)
        if p is None or p.status == "left" or p.role not in KEY_ROLES:
            continue
        left = (date.fromisoformat(q.expires) - day).days
        section.rows.append(([tr("资格将到期", "Qualification expiring"), f"{p.name}（{p.unit or ''}）", q.qtype,
                              q.expires, tr(f"还剩 {left} 天", f"{left} days left")], "overdue"))
    return section
