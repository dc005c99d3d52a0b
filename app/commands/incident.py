"""`dutydesk incident …`: incidents and their reporting deadlines (docs/incidents.md).

    incident add --type TYPE --level 一般|较大|重大|特别重大 --occurred ISO [--received ISO]
                 --township T [--village V] [--place TEXT] --summary TEXT [--dead N] [--injured N]
                 [--missing N] [--lat D --lon D] [--exercise] [--paper-form NO] --as USER   → prints the id
    incident edit ID [--type …] [--level …] [--occurred ISO] … [--reason TEXT] --as USER
    incident close ID [--at ISO] --as USER
    incident types [--json]
    incident list [--open] [--type T] [--json]
    incident show ID [--json]
    incident casualties ID [--dead N] [--injured N] [--missing N] [--serious N] [--evacuated N]
                 [--houses N] [--loss YUAN] [--at ISO] [--source TEXT] [--reason TEXT] --as USER
    incident quake ID --magnitude 4.2 --depth 10 --lat 25.22 --lon 99.96 [--origin ISO] [--formal] --as USER
    incident link ID --entry NO --as USER
    incident report ID --stage first|followup|final|supplement --sent-to WHOM [--channel C] [--doc NO]
                 [--at ISO] --as USER
    incident report-pdf ID --stage first|followup|final [--number N] --pdf FILE
    incident due [--json]

ID is the id `incident add` printed, its first 8+ characters, or the number (SJ2024-0001).
"""

from __future__ import annotations

import argparse
from typing import Any

from app import messages
from app.commands.common import actor, add_as, open_db, print_json, say
from app.services.incidents import casualties, incidents, levels, links, obligations, quake, reports, types
from app.services.incidents.incidents import IncidentInput


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("incident", help="incidents and reporting deadlines / 突发事件")
    cmds = p.add_subparsers(dest="incident_command", metavar="ACTION", required=True)

    a = cmds.add_parser("add", help="open an incident; prints its id / 登记事件")
    add_as(a)
    a.add_argument("--type", required=True, help="code or name: 地震, 森林火灾, 道路交通事故, 火灾 … (incident types)")
    a.add_argument("--level", required=True, help="一般|较大|重大|特别重大 (IV–I)")
    a.add_argument("--occurred", required=True, metavar="ISO", help="发生时间")
    a.add_argument("--received", metavar="ISO", help="接报时间 (default: now)")
    a.add_argument("--township", required=True, help="乡镇")
    _header_options(a)
    a.add_argument("--summary", required=True, help="事件概况")
    for name in ("dead", "injured", "missing"):
        a.add_argument(f"--{name}", metavar="N")
    a.add_argument("--exercise", action="store_true", help="drill / 演练 (left out of statistics)")
    a.add_argument("--paper-form", default="", metavar="NO", help="entered from paper form No. … / 补录自纸质表格")
    a.set_defaults(run=_add)

    e = cmds.add_parser("edit", help="correct the header / 更正")
    e.add_argument("id")
    add_as(e)
    e.add_argument("--type")
    e.add_argument("--level")
    e.add_argument("--occurred", metavar="ISO")
    e.add_argument("--received", metavar="ISO")
    e.add_argument("--township")
    _header_options(e)
    e.add_argument("--summary")
    e.add_argument("--status", choices=("open", "responding"))
    e.add_argument("--exercise", choices=("yes", "no"))
    e.add_argument("--reason", default="")
    e.set_defaults(run=_edit)

    c = cmds.add_parser("close", help="close the incident / 结束")
    c.add_argument("id")
    add_as(c)
    c.add_argument("--at", metavar="ISO")
    c.set_defaults(run=_close)

    t = cmds.add_parser("types", help="the incident type tree / 事件类型")
    t.add_argument("--json", action="store_true")
    t.set_defaults(run=_types)

    ls = cmds.add_parser("list", help="incidents, newest first / 列表")
    ls.add_argument("--open", action="store_true")
    ls.add_argument("--type")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(run=_list)

    s = cmds.add_parser("show", help="one incident / 详情")
    s.add_argument("id")
    s.add_argument("--json", action="store_true")
    s.set_defaults(run=_show)

    ca = cmds.add_parser("casualties", help="record a new casualty count / 伤亡统计")
    ca.add_argument("id")
    add_as(ca)
    for name in ("dead", "injured", "missing", "serious", "evacuated", "houses"):
        ca.add_argument(f"--{name}", metavar="N")
    ca.add_argument("--loss", metavar="YUAN", help="direct economic loss in yuan / 直接经济损失（元）")
    ca.add_argument("--at", metavar="ISO")
    ca.add_argument("--source", default="")
    ca.add_argument("--reason", default="", help="why a figure went down / 更正原因")
    ca.set_defaults(run=_casualties)

    q = cmds.add_parser("quake", help="earthquake parameters / 地震参数")
    q.add_argument("id")
    add_as(q)
    q.add_argument("--magnitude", required=True)
    q.add_argument("--depth", required=True, help="km (whole)")
    q.add_argument("--lat", required=True)
    q.add_argument("--lon", required=True)
    q.add_argument("--origin", metavar="ISO")
    q.add_argument("--formal", action="store_true", help="正式测定 (supersedes automatic)")
    q.add_argument("--source", default="")
    q.set_defaults(run=_quake)

    lk = cmds.add_parser("link", help="link a duty-log entry / 关联值班记录")
    lk.add_argument("id")
    add_as(lk)
    lk.add_argument("--entry", required=True, metavar="NO")
    lk.set_defaults(run=_link)

    r = cmds.add_parser("report", help="record a report sent / 记录报送")
    r.add_argument("id")
    add_as(r)
    r.add_argument("--stage", required=True, help="first|followup|final|supplement (首报/续报/终报/补报)")
    r.add_argument("--sent-to", required=True, metavar="WHOM")
    r.add_argument("--channel", default="fax", help="phone, fax, document, system, im, sms or 中文")
    r.add_argument("--doc", default="", metavar="NO")
    r.add_argument("--at", metavar="ISO", help="when it was sent (default: now)")
    r.add_argument("--note", default="")
    r.set_defaults(run=_report)

    rp = cmds.add_parser("report-pdf", help="print an incident report / 信息报告 PDF")
    rp.add_argument("id")
    rp.add_argument("--stage", required=True, help="first|followup|final")
    rp.add_argument("--number", type=int, default=0, help="follow-up number (default: the next one)")
    rp.add_argument("--pdf", required=True, metavar="FILE")
    rp.set_defaults(run=_report_pdf)

    d = cmds.add_parser("due", help="every open obligation, soonest first / 待报")
    d.add_argument("--json", action="store_true")
    d.set_defaults(run=_due)


def _header_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--village", default=None, help="村")
    p.add_argument("--place", default=None, help="地点")
    p.add_argument("--lat", default=None, help="纬度")
    p.add_argument("--lon", default=None, help="经度")
    p.add_argument("--level-basis", default=None, help="定级依据")


def _add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        data = IncidentInput(type=args.type, level=args.level, occurred_at=args.occurred, received_at=args.received,
                             township=args.township, village=args.village or "", place=args.place or "",
                             summary=args.summary, level_basis=args.level_basis or "", lat=args.lat, lon=args.lon,
                             exercise=args.exercise, paper_form=args.paper_form)
        counts = {k: getattr(args, k) for k in ("dead", "injured", "missing") if getattr(args, k) is not None}
        _changes, row = incidents.add(db, who, data, counts or None)
        warn = reports.detail(db, row.id, related=False)
    print(row.id)
    if warn.level_too_low:
        import sys

        print(messages.text("incident.level_warning", implied=levels.label(warn.implied_level or ""),
                            citation=levels.CITATION, recorded=levels.label(row.level)), file=sys.stderr)
    return 0


def _edit(args: argparse.Namespace) -> int:
    values: dict[str, Any] = {"type": args.type, "level": args.level, "occurred_at": args.occurred,
                              "received_at": args.received, "township": args.township, "village": args.village,
                              "place": args.place, "summary": args.summary, "level_basis": args.level_basis,
                              "lat": args.lat, "lon": args.lon, "status": args.status}
    if args.exercise is not None:
        values["exercise"] = args.exercise == "yes"
    with open_db(args) as db:
        incidents.edit(db, actor(db, args), args.id, values, args.reason)
    say("已更正。", "Corrected.")
    return 0


def _close(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        incidents.close(db, actor(db, args), args.id, args.at)
    say("事件已结束。", "Incident closed.")
    return 0


def _types(args: argparse.Namespace) -> int:
    if args.json:
        print_json(types.to_json())
        return 0
    for t in types.ordered():
        print(("  " if t.parent else "") + f"{t.code:16} {t.zh} / {t.en}")
    return 0


def _row_json(db: Any, inc: Any) -> dict[str, Any]:
    return {"id": inc.id, "no": inc.no, "type": inc.type_code, "type_name": types.names(inc.type_code),
            "level": inc.level, "status": inc.status, "exercise": inc.exercise, "township": inc.township,
            "occurred_at": reports.iso(db, inc.occurred_ms), "received_at": reports.iso(db, inc.received_ms),
            "summary": inc.summary}


def _list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = incidents.listing(db, open_only=args.open, type_code=args.type)
        if args.json:
            print_json([_row_json(db, r) for r in rows])
            return 0
        for r in rows:
            print(f"{r.no}  {incidents.fmt_time(db, r.occurred_ms)}  {r.level_name:4} {incidents.status_label(r.status):4} "
                  f"{r.title}  {r.summary[:40]}")
    return 0


def _show(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        d = reports.detail(db, args.id)
        data = reports.to_json(db, d)
        if args.json:
            print_json(data)
            return 0
        inc = d.incident
        print(f"{inc.no}  {inc.title}  {inc.level_name}  {incidents.status_label(inc.status)}")
        print(f"  {incidents.field_name('occurred_at')}: {incidents.fmt_time(db, inc.occurred_ms)}   "
              f"{incidents.field_name('received_at')}: {incidents.fmt_time(db, inc.received_ms)}")
        print(f"  {inc.summary}")
        if inc.paper_form:
            say(f"  补录自纸质表格 No. {inc.paper_form}", f"  Entered from paper form No. {inc.paper_form}")
        if d.level_too_low:
            print("  ! " + messages.text("incident.level_warning", implied=levels.label(d.implied_level or ""),
                                         citation=levels.CITATION, recorded=levels.label(inc.level)))
        for c in d.casualties:
            mark = "*" if c is d.current else " "
            print(f" {mark}{incidents.fmt_time(db, c.at_ms)} 死亡 {c.dead} 失踪 {c.missing} 受伤 {c.injured} "
                  f"转移 {c.evacuated} 房屋 {c.houses} {c.reason}")
        if d.quake is not None:
            q = d.quake
            print(f"  M{q.magnitude} {q.depth_km} km {q.lat}N {q.lon}E {'正式' if q.formal else '自动'}")
        for e in d.entries:
            print(f"  [{e.display_no}] {e.summary[:60]}")
        for o in d.obligations:
            print(f"  {o.label:6} {incidents.fmt_time(db, o.due_ms)}  {o.status}{' (late)' if o.late else ''}  {o.rule_id}")
    return 0


def _casualties(args: argparse.Namespace) -> int:
    values = {k: getattr(args, k) for k in ("dead", "injured", "missing", "serious", "evacuated", "houses")}
    values["loss_yuan"] = args.loss
    with open_db(args) as db:
        casualties.record(db, actor(db, args), args.id, values, at=args.at, source=args.source, reason=args.reason)
        d = reports.detail(db, args.id, related=False)
    say("已记录伤亡统计。", "Casualty count recorded.")
    if d.level_too_low:
        import sys

        print(messages.text("incident.level_warning", implied=levels.label(d.implied_level or ""),
                            citation=levels.CITATION, recorded=levels.label(d.incident.level)), file=sys.stderr)
    return 0


def _quake(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        quake.record(db, actor(db, args), args.id, magnitude=args.magnitude, depth=args.depth, lat=args.lat,
                     lon=args.lon, origin=args.origin, formal=args.formal, source=args.source)
    say("已记录地震参数。", "Earthquake parameters recorded.")
    return 0


def _link(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        links.link(db, actor(db, args), args.id, args.entry)
    say("已关联。", "Linked.")
    return 0


def _report(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        reports.record(db, actor(db, args), args.id, stage=args.stage, sent_to=args.sent_to, channel=args.channel,
                       doc_no=args.doc, at=args.at, note=args.note)
    say("已记录报送。", "Report recorded.")
    return 0


def _report_pdf(args: argparse.Namespace) -> int:
    from app.reports import incident_report

    with open_db(args) as db:
        stage = reports.parse_stage(args.stage)
        pages = incident_report.write(db, args.id, stage, args.pdf, number=args.number)
    say(f"已生成 {args.pdf}（{pages} 页）。", f"Wrote {args.pdf} ({pages} page(s)).")
    return 0


def _due(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        owed = reports.due(db)
        if args.json:
            print_json([reports.obligation_json(db, o) for o in owed])
            return 0
        if not owed:
            say("没有待报的信息。", "Nothing is due.")
        now_ms = db.wall()
        for o in owed:
            inc = incidents.resolve(db, o.incident_id)
            print(f"{incidents.fmt_time(db, o.due_ms)}  {obligations.countdown(o.due_ms, now_ms):12} {o.label:6} "
                  f"{inc.no} {inc.title} → {o.to}")
    return 0
