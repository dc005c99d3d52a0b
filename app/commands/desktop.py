"""`dutydesk desktop [--idle-lock MIN --as ADMIN] [--json]`: the desktop program's station settings."""

from __future__ import annotations

import argparse

from app.commands.common import actor, add_as, open_db, print_json, say
from app.services import desktop


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("desktop", help="desktop program settings: automatic lock / 桌面程序设置：自动锁屏")
    p.add_argument("--idle-lock", type=int, metavar="MIN",
                   help=f"lock the window after MIN minutes without input, 0 = never "
                        f"(default {desktop.DEFAULT_IDLE_LOCK_MINUTES}; admin)")
    add_as(p, required=False)
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        if args.idle_lock is not None:
            desktop.set_idle_lock_minutes(db, actor(db, args), args.idle_lock)
        minutes = desktop.idle_lock_minutes(db)
    if args.json:
        print_json({"idle_lock_minutes": minutes})
    elif minutes:
        say(f"自动锁屏：无操作 {minutes} 分钟后锁定窗口", f"Automatic lock: after {minutes} min without input")
    else:
        say("自动锁屏：关闭", "Automatic lock: off")
    return 0
