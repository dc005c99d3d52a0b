"""`dutydesk team|member|calllist|directory`: rescue unit rosters and the liaison directory.

    team list [--township T] [--status S] [--json]     rows: id name type level parent township
                                                       planned on_duty deployed status leader …
    team show UNIT [--json]                            members with phones in call order, quals
    team board [--json]                                every team's status at a glance
    team add NAME --as USER [--level L] [--type T] [--parent UNIT] [--township T] [--place P]
             [--planned N] [--leader PERSON] [--phone N]
    team edit UNIT --as USER [--name …] [--parent …] [--planned …] [--leader …] …
    team status UNIT deployed|standby|resting|out --as USER [--incident ID] [--place P] [--note …]
    team history UNIT [--json]
    team import FILE.xlsx --as USER [--dry-run] [--json]
    team export FILE.xlsx [--township T] [--units U,…]
    member add --as USER --name N --unit UNIT [--role R] --phone N [--phone N …] [--id-number …]
    member edit PERSON --as USER [--name …] [--status active|resting] [--unit UNIT [--role R]] …
    member leave PERSON --as USER [--on DATE] [--note …]
    member show PERSON [--json]
    member phone PERSON --as USER (--add N | --invalid N | --valid N | --do-not-call N | --call-ok N)
    member verify PERSON --phone N --as USER
    member qual PERSON --as USER --type T --awarded DATE [--months M] [--expires DATE]
    member stale [--days N] [--json]                   numbers not verified for N days (180)
    calllist [--township T] [--units U,…] [--pdf FILE] [--json]
    directory list [--township T] [--role R] [--json]  rows: township village role name phones
    directory add --as USER --role R [--township T] [--village V] [--department D]
                  (--person PERSON | --name N --phone N …) [--post-phone N]

UNIT and PERSON accept an id (or its first 8+ characters) or an unambiguous name.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app import formatting, messages
from app.clock import ms_to_datetime
from app.commands.common import actor, add_as, open_db, print_json, say
from app.commands.team_members import (
    run_member_add,
    run_member_edit,
    run_member_leave,
    run_member_phone,
    run_member_qual,
    run_member_show,
    run_member_stale,
    run_member_verify,
)
from app.errors import ValidationError
from app.reports import calllist as calllist_pdf
from app.services import station
from app.services.rosters import (
    calllist,
    common,
    directory,
    people,
    phones,
    qualifications,
    status,
    units,
    xlsx,
)
from app.storage.engine import Database


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _team(sub)
    _member(sub)
    c = sub.add_parser("calllist", help="call list of a township or units / 呼叫名单")
    c.add_argument("--township", default="")
    c.add_argument("--units", default="", metavar="U,…")
    c.add_argument("--pdf", metavar="FILE")
    c.add_argument("--json", action="store_true")
    c.set_defaults(run=run_calllist)
    d = sub.add_parser("directory", help="liaison directory / 联络通讯录")
    ds = d.add_subparsers(dest="directory_command", metavar="ACTION", required=True)
    dl = ds.add_parser("list", help="list posts")
    dl.add_argument("--township", default="")
    dl.add_argument("--role", default="", help="liaison, assistant, info_officer, duty_phone or 中文")
    dl.add_argument("--json", action="store_true")
    dl.set_defaults(run=run_directory_list)
    da = ds.add_parser("add", help="add a post (admin, shift lead)")
    add_as(da)
    da.add_argument("--role", required=True)
    da.add_argument("--township", default="")
    da.add_argument("--village", default="")
    da.add_argument("--department", default="")
    da.add_argument("--person", default="", help="an existing person")
    da.add_argument("--name", default="", help="a new person's name")
    da.add_argument("--phone", action="append", default=[], help="the new person's phones, in call order")
    da.add_argument("--post-phone", default="", help="the post's own number (township duty phone)")
    da.set_defaults(run=run_directory_add)


def _team(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("team", help="rescue units / 救援队伍花名册")
    s = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    ls = s.add_parser("list", help="units in tree order with strengths")
    ls.add_argument("--township", default="")
    ls.add_argument("--status", default="", help="standby, deployed, resting, out (effective status)")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(run=run_list)
    sh = s.add_parser("show", help="one unit with its members")
    sh.add_argument("unit")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(run=run_show)
    b = s.add_parser("board", help="status board")
    b.add_argument("--json", action="store_true")
    b.set_defaults(run=run_board)
    a = s.add_parser("add", help="add a unit (admin, shift lead)")
    a.add_argument("name")
    add_as(a)
    _unit_fields(a)
    a.set_defaults(run=run_add)
    e = s.add_parser("edit", help="edit a unit's fields (admin, shift lead)")
    e.add_argument("unit")
    add_as(e)
    e.add_argument("--name")
    _unit_fields(e, defaults=False)
    e.set_defaults(run=run_edit)
    st = s.add_parser("status", help="change a unit's status (operators too)")
    st.add_argument("unit")
    st.add_argument("status", help="deployed|standby|resting|out (出动/待命/休整/停用)")
    add_as(st)
    st.add_argument("--incident", default="", help="incident id (when deployed)")
    st.add_argument("--place", default="", help="where to (when deployed)")
    st.add_argument("--note", default="", help="note; the reason when out of service")
    st.set_defaults(run=run_status)
    h = s.add_parser("history", help="a unit's status events, newest first")
    h.add_argument("unit")
    h.add_argument("--json", action="store_true")
    h.set_defaults(run=run_history)
    im = s.add_parser("import", help="import members from .xlsx (admin, shift lead)")
    im.add_argument("file")
    add_as(im)
    im.add_argument("--dry-run", action="store_true", help="preview only; nothing is written")
    im.add_argument("--json", action="store_true")
    im.set_defaults(run=run_import)
    ex = s.add_parser("export", help="export members to .xlsx")
    ex.add_argument("file")
    ex.add_argument("--township", default="")
    ex.add_argument("--units", default="", metavar="U,…")
    ex.set_defaults(run=run_export)


def _unit_fields(parser: argparse.ArgumentParser, defaults: bool = True) -> None:
    d = (lambda v: v) if defaults else (lambda _v: None)
    parser.add_argument("--level", default=d("team"), help="team, post, squad, platoon, group (队/驻防点/班/排)")
    parser.add_argument("--type", default=d("other"), help=", ".join(common.UNIT_TYPES))
    parser.add_argument("--parent", default=d(""), metavar="UNIT")
    parser.add_argument("--township", default=d(""))
    parser.add_argument("--place", default=d(""))
    parser.add_argument("--planned", default=d("0"), help="planned strength")
    parser.add_argument("--leader", default=d(""), metavar="PERSON")
    parser.add_argument("--phone", default=d(""), help="the unit's duty phone")
    parser.add_argument("--note", default=d(""))


def _member(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("member", help="roster members / 队员")
    s = p.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    a = s.add_parser("add", help="add a person (admin, shift lead)")
    add_as(a)
    a.add_argument("--name", required=True)
    a.add_argument("--unit", default="")
    a.add_argument("--role", default="member", help=", ".join(common.MEMBER_ROLES))
    a.add_argument("--phone", action="append", default=[], help="repeat for more numbers, in call order")
    a.add_argument("--id-number", default="")
    a.add_argument("--gender", default="")
    a.add_argument("--title", default="")
    a.add_argument("--from", dest="from_date", default="", metavar="DATE")
    a.add_argument("--note", default="")
    a.add_argument("--json", action="store_true")
    a.set_defaults(run=run_member_add)
    e = s.add_parser("edit", help="edit a person (admin, shift lead)")
    e.add_argument("person")
    add_as(e)
    for flag in ("--name", "--id-number", "--gender", "--title", "--status", "--note", "--unit", "--role", "--from"):
        e.add_argument(flag, dest=flag[2:].replace("-", "_") + ("_date" if flag == "--from" else ""), default=None)
    e.set_defaults(run=run_member_edit)
    lv = s.add_parser("leave", help="mark a person left (kept on record)")
    lv.add_argument("person")
    add_as(lv)
    lv.add_argument("--on", default="", metavar="DATE")
    lv.add_argument("--note", default="")
    lv.set_defaults(run=run_member_leave)
    sh = s.add_parser("show", help="one person")
    sh.add_argument("person")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(run=run_member_show)
    ph = s.add_parser("phone", help="add a number or flag one")
    ph.add_argument("person")
    add_as(ph)
    g = ph.add_mutually_exclusive_group(required=True)
    for flag in ("--add", "--invalid", "--valid", "--do-not-call", "--call-ok"):
        g.add_argument(flag, metavar="N")
    ph.add_argument("--label", default="")
    ph.set_defaults(run=run_member_phone)
    v = s.add_parser("verify", help="record that a number was checked now")
    v.add_argument("person")
    v.add_argument("--phone", required=True, metavar="N", help="the number (or 1, 2 … in call order)")
    add_as(v)
    v.set_defaults(run=run_member_verify)
    q = s.add_parser("qual", help="add a qualification")
    q.add_argument("person")
    add_as(q)
    q.add_argument("--type", required=True)
    q.add_argument("--awarded", required=True, metavar="DATE")
    q.add_argument("--months", default=None, help="validity in months (0: no expiry)")
    q.add_argument("--expires", default="", metavar="DATE")
    q.set_defaults(run=run_member_qual)
    st = s.add_parser("stale", help="numbers not verified for more than N days")
    st.add_argument("--days", default=str(phones.DEFAULT_DAYS))
    st.add_argument("--json", action="store_true")
    st.set_defaults(run=run_member_stale)


# -- team ----------------------------------------------------------------------------------------


def _status_text(code: str) -> str:
    return common.label(code, common.STATUSES) if code else "—"


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = units.list_units(db, township=args.township or None, status=args.status or None)
        if args.json:
            print_json([n.to_json() for n in rows])
            return 0
        for n in rows:
            est = "≈" if n.estimated else ""
            print(f"{'  ' * n.depth}{n.name}  [{common.label(n.type, common.UNIT_TYPES)}] {n.township}  "
                  f"{est}{n.on_duty}/{n.planned}  {_status_text(n.status)}  {n.leader} {n.leader_phone}".rstrip())
        if not rows:
            say("没有队伍。", "No units.")
    return 0


def _unit_json(db: Database, ref: str) -> dict[str, Any]:
    with db.read() as conn:
        row = common.resolve_unit(conn, ref)
        roots = units.load_tree(conn)
        node = next(n for n in units.flatten(roots) if n.id == row.unit_id)
        ids = [n.id for n in units.flatten([node])]
        members = people.members_of(conn, ids)
        numbers = phones.phones_of(conn, [m.person_id for m in members])
        quals = qualifications.of_people(conn, [m.person_id for m in members], common.today(db.wall()))
        flagged = people.flagged(conn)
        names = units.unit_names(conn)
    from app.services.rosters import equipment

    data = node.to_json()
    data["children"] = [c.to_json() for c in node.children]
    data["equipment"] = equipment.held_by_unit(db, node.id, node.name)
    data["members"] = [{"id": m.person_id, "name": m.name, "unit_id": m.unit_id, "unit": names.get(m.unit_id, ""),
                        "role": m.role, "status": m.status, "phones": numbers.get(m.person_id, []),
                        "qualifications": quals.get(m.person_id, []), "verify": m.person_id in flagged}
                       for m in members]
    return data


def run_show(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        data = _unit_json(db, args.unit)
        if args.json:
            print_json(data)
            return 0
        print(f"{data['name']}  {_status_text(data['status'])}  {data['on_duty']}/{data['planned']}  "
              f"{data['township']} {data['place']}".rstrip())
        if data["leader"]:
            print(f"  {common.lang_pick(('负责人', 'Leader'))}: {data['leader']} {data['leader_phone']}")
        for m in data["members"]:
            nums = " / ".join(p["number"] + ("(×)" if not p["callable"] else "") for p in m["phones"])
            quals = "; ".join(f"{q['type']} {q['expires'] or ''} {q['status']}".strip() for q in m["qualifications"])
            flag = " ⚠" if m["verify"] else ""
            print(f"  {m['name']}{flag}  {common.label(m['role'], common.MEMBER_ROLES)}  {m['unit']}  {nums}"
                  + (f"  [{quals}]" if quals else ""))
    return 0


def run_board(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        roots = units.board(db)
        if args.json:
            print_json([{**r.to_json(), "children": [c.to_json() for c in r.children]} for r in roots])
            return 0
        for r in roots:
            print(f"{_status_text(r.status):<6} {r.name}  {r.on_duty}/{r.planned}  "
                  + "  ".join(f"{c.name}:{_status_text(c.status)}" for c in r.children))
    return 0


def _input(args: argparse.Namespace, name: str) -> units.UnitInput:
    return units.UnitInput(name=name, level=args.level, type=args.type, parent=args.parent, township=args.township,
                           place=args.place, planned=args.planned, leader=args.leader, phone=args.phone,
                           note=args.note)


def run_add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        unit_id, _ = units.create_unit(db, actor(db, args), _input(args, args.name))
        print(unit_id)
    return 0


def run_edit(args: argparse.Namespace) -> int:
    wanted = {k: getattr(args, k) for k in ("name", "level", "type", "parent", "township", "place", "planned",
                                             "leader", "phone", "note") if getattr(args, k) is not None}
    with open_db(args) as db:
        units.edit_unit(db, actor(db, args), args.unit, wanted)
        say("已修改。", "Updated.")
    return 0


def run_status(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        event_id, _ = status.set_status(db, actor(db, args), args.unit, args.status, incident_id=args.incident,
                                        place=args.place, note=args.note)
        print(event_id)
    return 0


def run_history(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        events = status.history(db, args.unit)
        zone = station.info(db).zone
        if args.json:
            print_json([e.to_json() for e in events])
            return 0
        for e in events:
            when = formatting.datetime_text(ms_to_datetime(e.at_ms), zone)
            extra = " ".join(x for x in (e.place, f"#{e.incident_id}" if e.incident_id else "", e.note) if x)
            print(f"{when}  {_status_text(e.status)}  {extra}  ({e.author})".replace("  ()", ""))
    return 0


def run_import(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        if args.dry_run:
            result = xlsx.preview(db, args.file)
        else:
            result, _ = xlsx.commit(db, actor(db, args), args.file)
        if args.json:
            print_json({**result.to_json(), "dry_run": bool(args.dry_run)})
        else:
            for row in result.errors:
                print(row.message, file=sys.stderr)
            say(f"新增 {result.added} 人，已存在 {result.existing} 人，错误 {len(result.errors)} 行"
                + ("（预览，未写入）" if args.dry_run else "") + "。",
                f"{result.added} to add, {result.existing} already present, {len(result.errors)} rows with errors"
                + (" (preview; nothing written)" if args.dry_run else "") + ".")
        return 2 if args.dry_run and result.errors else 0


def run_export(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        ids = None
        if args.units:
            with db.read() as conn:
                ids = [common.resolve_unit(conn, u).unit_id for u in args.units.split(",") if u.strip()]
        count = xlsx.export(db, args.file, unit_ids=ids, township=args.township)
        say(f"已导出 {count} 人：{args.file}", f"Exported {count} people: {args.file}")
    return 0


# -- member --------------------------------------------------------------------------------------


def run_calllist(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        refs = [u for u in args.units.split(",") if u.strip()]
        if not args.township and not refs:
            raise ValidationError("roster.required", field="township", name="--township / --units")
        result = calllist.build(db, township=args.township, units_=refs)
        if args.pdf:
            info = station.info(db)
            pages = calllist_pdf.write(result.to_json(), args.pdf, station=info.name, zone=info.zone,
                                       roles={**common.MEMBER_ROLES, **common.POST_ROLES})
            print(messages.text("roster.pdf_written", path=args.pdf, pages=pages, count=len(result.entries)),
                  file=sys.stderr if args.json else sys.stdout)
        if args.json:
            print_json(result.to_json())
        elif not args.pdf:
            section = None
            for e in result.entries:
                if e.section != section:
                    section = e.section
                    print(f"【{section}】")
                nums = " / ".join(n["number"] for n in e.numbers) or common.lang_pick(("无可拨号码", "no number"))
                print(f"  {e.name}  {nums}" + (f"  (+{e.skipped} ×)" if e.skipped else ""))
    return 0


def run_directory_list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = directory.list_directory(db, args.township or None, role=args.role or None)
        if args.json:
            print_json(rows)
            return 0
        for r in rows:
            place = r["village"] or r["department"]
            print(f"{r['township']}  {place}  {r['role_label']}  {r['name']}  {' / '.join(r['phones'])}")
    return 0


def run_directory_add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        post_id, _ = directory.add_post(db, actor(db, args), directory.PostInput(
            role=args.role, township=args.township, village=args.village, department=args.department,
            person=args.person, name=args.name, phones=tuple(args.phone), phone=args.post_phone))
        print(post_id)
    return 0


messages.register({
    "roster.pdf_written": ("已写入呼叫名单 {path}（{pages} 页，{count} 人）。",
                           "Call list written to {path} ({pages} pages, {count} people)."),
})
