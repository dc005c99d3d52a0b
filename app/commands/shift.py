"""`dutydesk shift open|handover|list|current|settings`: shifts (接班 / 交班)."""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from typing import Any

from app import formatting, messages
from app.clock import ms_to_datetime
from app.commands.common import actor, add_as, open_db, print_json, read_password, say
from app.errors import AuthError, ValidationError
from app.services import shifts
from app.services.shifts import ShiftInfo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("shift", help="shifts: open, hand over, list / 班次：接班、交班、列表")
    s = p.add_subparsers(dest="shift_command", metavar="ACTION", required=True)

    o = s.add_parser("open", help="open the first shift (接班)")
    add_as(o)
    o.add_argument("--leader", metavar="USER", help="leader on duty (带班领导); default from the rota")
    o.add_argument("--lead", metavar="USER", help="shift lead (值班长); default from the rota")
    o.add_argument("--operators", metavar="U1,U2", help="operators (值班员); default from the rota")
    o.set_defaults(run=run_open)

    h = s.add_parser("handover", help="hand the current shift over (交班); passwords: DUTYDESK_PASSWORD "
                                      "(outgoing), DUTYDESK_PASSWORD_TO (incoming), DUTYDESK_PASSWORD_LEADER")
    add_as(h)
    h.add_argument("--to", dest="to_user", metavar="INCOMING", required=True, help="incoming operator (接班人)")
    h.add_argument("--leader", metavar="USER", help="leader on duty who confirms (where the station requires it)")
    h.add_argument("--shift", default="current", help="shift to hand over (default: the one on duty)")
    h.add_argument("--notes", default="", help="situation and reminders (值班情况及提醒)")
    h.add_argument("--fault", default="", metavar="EQ1,EQ2",
                   help="equipment out of order: " + ",".join(shifts.EQUIPMENT))
    h.add_argument("--pdf", metavar="FILE", help="also write the handover sheet")
    h.add_argument("--json", action="store_true", help="print the result as JSON")
    h.set_defaults(run=run_handover)

    ls = s.add_parser("list", help="list shifts, newest first")
    ls.add_argument("--limit", type=int, default=50)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(run=run_list)

    c = s.add_parser("current", help="the shift on duty now")
    c.add_argument("--json", action="store_true")
    c.set_defaults(run=run_current)

    st = s.add_parser("settings", help="show or change the station's shift settings (admin)")
    add_as(st, required=False)
    st.add_argument("--pattern", help="shift start times, e.g. 08:30 or 08:30,20:30")
    st.add_argument("--minimum", type=int, help="minimum people on duty besides the leader (default 3)")
    st.add_argument("--leader-confirm", choices=("yes", "no"), help="leader must confirm handovers")
    st.add_argument("--reminder", type=int, metavar="MIN", help="minutes before the end to remind (default 30)")
    st.set_defaults(run=run_settings)


def shift_json(info: ShiftInfo, wall_ms: int | None = None) -> dict[str, Any]:
    def person(p: shifts.Person | None) -> dict[str, str] | None:
        return {"username": p.username, "name": p.name} if p else None

    return {
        "id": info.shift_id,
        "state": info.state,
        "slot": info.slot_key,
        "start": info.start.isoformat(),
        "end": info.end.isoformat() if info.end else None,
        "planned_start": info.planned_start.isoformat(),
        "planned_end": info.planned_end.isoformat(),
        "leader": person(info.leader),
        "lead": person(info.lead),
        "operators": [person(p) for p in info.operators],
        "opened_by": info.opened_by,
        "outgoing": info.outgoing or None,
        "incoming": info.incoming or None,
        "sheet_no": info.sheet_no or None,
        "prev_shift_id": info.prev_shift_id or None,
        "next_shift_id": info.next_shift_id or None,
        "overdue": info.overdue(ms_to_datetime(wall_ms)) if wall_ms is not None else None,
        "confirmations": [{"role": c.role, "username": c.username, "at": c.at.isoformat()} for c in info.confirmations],
    }


def _line(info: ShiftInfo, db: Any) -> str:
    tz = shifts.zone(db)
    sheet = f"  {info.sheet_no}" if info.sheet_no else ""
    return f"{info.shift_id[:8] or '--------'}  {info.state_text():<8}  {info.period_text(tz)}  {info.people_text()}{sheet}"


def run_open(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        operators = shifts.split_users(args.operators) if args.operators is not None else None
        _changes, shift_id = shifts.open_shift(db, who, leader=args.leader, lead=args.lead, operators=operators)
        info = shifts.require_shift(db, shift_id)
        tz = shifts.zone(db)
        say(f"已接班：{info.period_text(tz)}，值班人员：{info.people_text()}（班次 {shift_id[:8]}）",
            f"Shift opened: {info.period_text(tz)}, on duty: {info.people_text()} (shift {shift_id[:8]})")
        for warning in shifts.warnings(shifts.Composition(
                info.leader.username if info.leader else "", info.lead.username if info.lead else "",
                tuple(p.username for p in info.operators)), shifts.min_operators(db)):
            say(f"注意：{warning}", f"Note: {warning}")
    return 0


def _equipment(text: str) -> dict[str, bool]:
    faults = shifts.split_users(text)
    for code in faults:
        if code not in shifts.EQUIPMENT:
            raise ValidationError("shift.bad_setting", field="fault", key="--fault", value=code)
    return {code: code not in faults for code in shifts.EQUIPMENT}


def _password(env: str, role: str, user: str) -> str:
    """The password of one of the people confirming a handover: from `env`, or asked for by name."""
    label = messages.text(f"shift.role.{role}")
    prompt = f"{label} {user} 的密码：" if messages.language() == "zh_CN" else f"Password of the {label} {user}: "
    try:
        return read_password(env, prompt)
    except AuthError as error:
        if error.code != "auth.no_password":
            raise
        raise AuthError("shift.no_password", role=label, user=user, env=env) from error


def run_handover(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        shift = shifts.resolve(db, args.shift)
        equipment = _equipment(args.fault)
        shifts.precheck_handover(db, shift, args.as_user, args.to_user)
        out = shifts.confirm(db, args.as_user, _password("DUTYDESK_PASSWORD", shifts.OUTGOING, args.as_user),
                             shifts.OUTGOING)
        inc = shifts.confirm(db, args.to_user, _password("DUTYDESK_PASSWORD_TO", shifts.INCOMING, args.to_user),
                             shifts.INCOMING)
        confirmations = [out, inc]
        if args.leader:
            confirmations.append(shifts.confirm(
                db, args.leader, _password("DUTYDESK_PASSWORD_LEADER", shifts.LEADER, args.leader), shifts.LEADER))
        result = shifts.hand_over(db, shift.shift_id, confirmations, notes=args.notes, equipment=equipment)
        _backup_after_handover(db)
        pages = 0
        if args.pdf:
            from app.reports import handover_sheet

            content = shifts.sheet_content(db, shift.shift_id)
            assert content is not None
            pages = handover_sheet.render(content, args.pdf)
        if args.json:
            print_json({"shift_id": result.shift_id, "next_shift_id": result.next_shift_id, "sheet_no": result.sheet_no,
                        "handover_at": result.handover_at, "pdf": args.pdf, "pages": pages or None})
            return 0
        when = formatting.datetime_text(result.handover_at, shifts.zone(db))
        say(f"已交班：交接班记录 {result.sheet_no}，交接时间 {when}（{args.as_user} → {args.to_user}）",
            f"Handed over: sheet {result.sheet_no}, at {when} ({args.as_user} → {args.to_user})")
        if args.pdf:
            say(f"交接班记录已写入 {args.pdf}（{pages} 页）", f"Handover sheet written to {args.pdf} ({pages} pages)")
    return 0


def _backup_after_handover(db: Any) -> None:
    """Every handover is followed by a backup to the station's folders (docs/backup.md); a failed
    one is said on stderr (the handover itself stands)."""
    from app.services import backup

    for outcome in backup.run_configured(db, trigger="handover"):
        if not outcome.ok:
            print(outcome.message, file=sys.stderr)


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        found = shifts.list_shifts(db, limit=args.limit)
        if args.json:
            print_json([shift_json(i, db.wall()) for i in found])
            return 0
        for info in found:
            print(_line(info, db))
        if not found:
            say("还没有班次。", "No shifts yet.")
    return 0


def run_current(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        info = shifts.current_shift(db)
        if args.json:
            print_json(shift_json(info, db.wall()) if info else None)
            return 0
        if info is None:
            say("当前没有在岗班次，值班表中也没有安排。", "No shift is on and the rota has none planned.")
        else:
            print(_line(info, db))
            now = ms_to_datetime(db.wall())
            if info.overdue(now):
                end = formatting.datetime_text(info.planned_end, shifts.zone(db))
                late = _duration(now - info.planned_end)
                say(f"警告：交班已逾期——本班应于 {end} 交班，已超过 {late[0]}，请尽快办理交班（dutydesk shift handover）。",
                    f"Warning: the handover is overdue — this shift was due to hand over at {end}, {late[1]} ago; "
                    "hand it over now (dutydesk shift handover).")
    return 0


def _duration(delta: timedelta) -> tuple[str, str]:
    """'3 天 2 小时' / '3 d 2 h' (minutes when under an hour)."""
    minutes = int(delta.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days} 天 {hours} 小时", f"{days} d {hours} h"
    if hours:
        return f"{hours} 小时 {mins} 分钟", f"{hours} h {mins} min"
    return f"{mins} 分钟", f"{mins} min"


def run_settings(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        changing = any(v is not None for v in (args.pattern, args.minimum, args.leader_confirm, args.reminder))
        if changing:
            who = actor(db, args)
            shifts.configure(db, who, pattern_value=args.pattern, minimum=args.minimum,
                             leader_confirm=None if args.leader_confirm is None else args.leader_confirm == "yes",
                             reminder=args.reminder)
        confirm = shifts.leader_confirm_required(db)
        say(
            f"班次：{shifts.pattern_text(shifts.pattern(db))}\n每班最少人数（不含带班领导）：{shifts.min_operators(db)}\n"
            f"交班需带班领导确认：{'是' if confirm else '否'}\n交班前提醒：{shifts.reminder_minutes(db)} 分钟",
            f"Shift starts: {shifts.pattern_text(shifts.pattern(db))}\nMinimum besides the leader: {shifts.min_operators(db)}\n"
            f"Leader confirms handovers: {'yes' if confirm else 'no'}\nReminder before the end: {shifts.reminder_minutes(db)} min",
        )
    return 0
