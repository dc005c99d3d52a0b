"""`dutydesk demo [--force] [--entries N]`: the Weishan demo station."""

from __future__ import annotations

import argparse
import sys
import time

from app.commands.common import say
from app.services import demo


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="a database filled with the Weishan demo data set / 演示数据")
    p.add_argument("--force", action="store_true", help="replace an existing database file")
    p.add_argument("--entries", type=int, default=0, metavar="N",
                   help="also add N synthetic duty-log entries (performance work)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    db = demo.build(args.db, force=args.force, options={"entries": args.entries},
                    progress=lambda msg: print(msg, file=sys.stderr))
    try:
        say(
            f"演示站点已建立：{demo.STATION_NAME}（{demo.STATION_CODE}），数据库：{db.path or db.url}\n"
            f"所有演示账户的密码均为：{demo.DEMO_PASSWORD}（如 admin、yangzh 带班领导、zhanght 值班长、wanglei 值班员、duanzq 物资管理员）\n"
            f"用时 {time.perf_counter() - start:.1f} 秒",
            f"Demo station ready: {demo.STATION_NAME} ({demo.STATION_CODE}), database: {db.path or db.url}\n"
            f"Every demo account's password is: {demo.DEMO_PASSWORD} (e.g. admin, yangzh leader, zhanght shift lead, "
            f"wanglei operator, duanzq storekeeper)\n"
            f"took {time.perf_counter() - start:.1f} s",
        )
    finally:
        db.close()
    return 0
