"""`dutydesk rota show|set|swap`: the duty rota (值班表)."""

from __future__ import annotations

import argparse

from app import messages
from app.commands.common import actor, add_as, open_db, print_json, say
from app.errors import ValidationError
from app.reports import rota_sheet, xlsx
from app.services import shifts, station
from app.services.shifts import rota


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rota", help="the duty rota / 值班表")
    s = p.add_subparsers(dest="rota_command", metavar="ACTION", required=True)

    show = s.add_parser("show", help="a month's rota (text, --json, --pdf FILE or --xlsx FILE)")
    show.add_argument("--month", required=True, metavar="YYYY-MM")
    out = show.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--pdf", metavar="FILE")
    out.add_argument("--xlsx", metavar="FILE")
    show.set_defaults(run=run_show)

    st = s.add_parser("set", help="plan the people of one shift slot")
    add_as(st)
    st.add_argument("--slot", metavar="YYYY-MM-DDTHH:MM", help="slot start; or --date with the pattern's first start")
    st.add_argument("--date", metavar="YYYY-MM-DD")
    st.add_argument("--leader", default="", metavar="USER")
    st.add_argument("--lead", default="", metavar="USER")
    st.add_argument("--operators", default="", metavar="U1,U2")
    st.set_defaults(run=run_set)

    sw = s.add_parser("swap", help="record a swap (换班): --in takes --out's duty")
    add_as(sw)
    sw.add_argument("--slot", metavar="YYYY-MM-DDTHH:MM")
    sw.add_argument("--date", metavar="YYYY-MM-DD")
    sw.add_argument("--role", choices=rota.ROLE_FIELDS, default="operators")
    sw.add_argument("--out", dest="out_user", required=True, metavar="USER")
    sw.add_argument("--in", dest="in_user", required=True, metavar="USER")
    sw.add_argument("--asked-by", default="", metavar="USER", help="who asked (default: --out)")
    sw.add_argument("--approved-by", default="", metavar="USER", help="who approved (default: --as)")
    sw.add_argument("--reason", default="")
    sw.set_defaults(run=run_swap)


def _slot_key(db: object, args: argparse.Namespace) -> str:
    if args.slot:
        return str(args.slot)
    if args.date:
        starts = shifts.pattern(db)  # type: ignore[arg-type]
        return f"{args.date}T{starts[0].hour:02d}:{starts[0].minute:02d}"
    raise ValidationError("rota.bad_slot", field="slot", slot="")


def run_show(args: argparse.Namespace) -> int:
    year, month = rota.parse_month(args.month)
    with open_db(args) as db:
        info = station.info(db)
        data = rota.to_data(rota.month(db, year, month), info.name, info.timezone)
    if args.json:
        print_json(data)
    elif args.pdf:
        pages = rota_sheet.render(data, args.pdf)
        say(f"值班表已写入 {args.pdf}（{pages} 页）", f"Rota written to {args.pdf} ({pages} pages)")
    elif args.xlsx:
        rows = xlsx.write_rota(data, args.xlsx)
        say(f"值班表已导出到 {args.xlsx}（{rows} 个班次）", f"Rota exported to {args.xlsx} ({rows} shifts)")
    else:
        lang = messages.language()
        starts = len(str(data["pattern"]).split(","))
        for slot in data["slots"]:
            names = "、".join(p["n"] for p in slot["operators"])
            warn = ("；".join(slot["warnings"])) if slot["warnings"] else ""
            print(f"{slot['day']} {rota_sheet.weekday_label(slot['weekday'], lang)} "
                  f"{rota_sheet.slot_label(slot['slot'], starts, lang):<6} "
                  f"{(slot['leader'] or {}).get('n', '—'):<4} {(slot['lead'] or {}).get('n', '—'):<4} {names}"
                  + (f"  ⚠ {warn}" if warn else ""))
    return 0


def run_set(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        key = _slot_key(db, args)
        comp = shifts.Composition(args.leader.strip(), args.lead.strip(), shifts.split_users(args.operators))
        rota.assign(db, who, key, comp)
        say(f"已排班：{key}", f"Planned: {key}")
        for warning in shifts.warnings(comp, shifts.min_operators(db)):
            say(f"注意：{warning}", f"Note: {warning}")
    return 0


def run_swap(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        key = _slot_key(db, args)
        rota.swap(db, who, key, args.role, args.out_user, args.in_user, asked_by=args.asked_by,
                  approved_by=args.approved_by, reason=args.reason)
        say(f"已记录换班：{key} {args.out_user} → {args.in_user}", f"Swap recorded: {key} {args.out_user} → {args.in_user}")
    return 0
