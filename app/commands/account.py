"""`dutydesk account add|list|disable|enable|reset-password`."""

from __future__ import annotations

import argparse

from app import messages
from app.commands.common import actor, add_as, open_db, print_json, read_password, say
from app.services import accounts, roles


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("account", help="manage accounts / 账户管理")
    s = p.add_subparsers(dest="account_command", metavar="ACTION", required=True)

    add = s.add_parser("add", help="add an account (new password: DUTYDESK_NEW_PASSWORD or prompt)")
    add.add_argument("username")
    add_as(add)
    add.add_argument("--role", action="append", required=True,
                     help=f"role ({', '.join(roles.ALL)}, or 值班员/值班长/带班领导/物资管理员/管理员); repeat for several")
    add.add_argument("--name", default="", help="full name / 姓名")
    add.add_argument("--phone", default="")
    add.set_defaults(run=run_add)

    lst = s.add_parser("list", help="list this station's accounts")
    lst.add_argument("--json", action="store_true")
    lst.add_argument("--all", action="store_true", help="also accounts synced from other stations")
    lst.set_defaults(run=run_list)

    dis = s.add_parser("disable", help="disable an account (never deleted)")
    dis.add_argument("username")
    add_as(dis)
    dis.set_defaults(run=run_disable)

    ena = s.add_parser("enable", help="enable a disabled account")
    ena.add_argument("username")
    add_as(ena)
    ena.set_defaults(run=run_enable)

    rst = s.add_parser("reset-password", help="set a new password (DUTYDESK_NEW_PASSWORD or prompt)")
    rst.add_argument("username")
    add_as(rst)
    rst.set_defaults(run=run_reset)


def run_add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        password = read_password("DUTYDESK_NEW_PASSWORD", "新账户密码：", confirm=True)
        accounts.add_account(db, who, args.username, password, args.role, display_name=args.name, phone=args.phone)
        say(f"已添加账户 {args.username}。", f"Account {args.username} added.")
    return 0


def _cell(text: str, width: int) -> str:
    """Pad to a display width (a Chinese character is two columns wide)."""
    shown = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return text + " " * max(1, width - shown)


def run_list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        items = accounts.list_accounts(db, include_foreign=args.all)
        here = db.station_id
        codes = accounts.station_codes(db) if args.all else {}
    if args.json:
        print_json([
            {"username": a.username, "name": a.display_name, "phone": a.phone, "roles": list(a.roles),
             "disabled": a.disabled, "created_at": a.created_at, "created_by": a.created_by,
             "station_id": a.station_id, "station_code": codes.get(a.station_id, ""), "local": a.station_id == here}
            for a in items
        ])
        return 0
    zh = messages.language() == "zh_CN"
    header = ("用户名", "姓名", "角色", "电话", "状态") if zh else ("User", "Name", "Roles", "Phone", "State")
    widths = (16, 10, 26, 16)
    print("".join(_cell(h, w) for h, w in zip(header, widths, strict=False)) + header[4])
    for a in items:
        state = ("停用" if zh else "disabled") if a.disabled else ("在用" if zh else "active")
        user = a.username
        if a.station_id != here:  # another station's account of the same name is another person
            state += "（其他站点）" if zh else " (other station)"
            user = accounts.qualified(a.username, codes.get(a.station_id, a.station_id[:8]))
        row = (user, a.display_name, roles.labels(a.roles), a.phone or "—")
        print("".join(_cell(v, w) for v, w in zip(row, widths, strict=False)) + state)
    return 0


def run_disable(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        accounts.disable_account(db, actor(db, args), args.username)
        say(f"已停用账户 {args.username}。", f"Account {args.username} disabled.")
    return 0


def run_enable(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        accounts.enable_account(db, actor(db, args), args.username)
        say(f"已启用账户 {args.username}。", f"Account {args.username} enabled.")
    return 0


def run_reset(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        who = actor(db, args)
        password = read_password("DUTYDESK_NEW_PASSWORD", "新密码：", confirm=True)
        accounts.reset_password(db, who, args.username, password)
        say(f"已重置 {args.username} 的密码。", f"Password of {args.username} reset.")
    return 0
