"""`dutydesk rules list [--json]` and `rules set ID …`: the reporting deadline rules.

    rules set ID [--stage S] [--minutes N] [--from occurred|received|previous|change]
                 [--types CODES] [--levels IV,III] [--window-days N] [--to WHOM]
                 [--citation TEXT] [--note TEXT] [--enable|--disable] --as USER

A rule not shipped is new (then --stage, --minutes and --citation are required).
"""

from __future__ import annotations

import argparse
from typing import Any

from app.commands.common import actor, add_as, open_db, print_json, say
from app.errors import ValidationError
from app.services.incidents import rules


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("rules", help="reporting deadline rules / 报告时限规则")
    cmds = p.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    ls = cmds.add_parser("list", help="every rule with its citation")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(run=_list)
    s = cmds.add_parser("set", help="change or add a rule")
    s.add_argument("id")
    add_as(s)
    s.add_argument("--stage")
    s.add_argument("--minutes")
    s.add_argument("--from", dest="from_")
    s.add_argument("--types", help="comma-separated type codes ('' = all)")
    s.add_argument("--levels", help="comma-separated: IV,III,II,I ('' = all)")
    s.add_argument("--window-days")
    s.add_argument("--to")
    s.add_argument("--citation")
    s.add_argument("--note")
    on = s.add_mutually_exclusive_group()
    on.add_argument("--enable", action="store_true")
    on.add_argument("--disable", action="store_true")
    s.set_defaults(run=_set)


def _list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        found = rules.effective(db)
    if args.json:
        print_json([r.to_json() for r in found])
        return 0
    for r in found:
        flag = " " if r.enabled else "-"
        print(f"{flag} {r.id:30} {rules.stage_label(r.stage):4} {r.minutes:>6} min  {r.citation}")
        if r.note:
            print(f"  {'':30} {r.note}")
    return 0


def _int(value: str | None, field: str) -> int | None:
    if value is None:
        return None
    try:
        return int(value)
    except ValueError as error:
        raise ValidationError("incident.rule_bad_value", field=field, value=f"{field}={value}") from error


def _list_arg(value: str | None) -> list[str] | None:
    return None if value is None else [v.strip() for v in value.split(",") if v.strip()]


def _set(args: argparse.Namespace) -> int:
    changes: dict[str, Any] = {"stage": args.stage, "minutes": _int(args.minutes, "minutes"), "from": args.from_,
                               "types": _list_arg(args.types), "levels": _list_arg(args.levels),
                               "window_days": _int(args.window_days, "window_days"), "to": args.to,
                               "citation": args.citation, "note": args.note}
    if args.enable or args.disable:
        changes["enabled"] = bool(args.enable)
    with open_db(args) as db:
        _changes, rule = rules.set_rule(db, actor(db, args), args.id, changes)
    say(f"规则 {rule.id} 已保存。", f"Rule {rule.id} saved.")
    return 0
