"""`dutydesk init`: a new database and station with its first admin account."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import messages
from app.commands.common import open_db, read_password, say
from app.errors import DatabaseError
from app.services import station
from app.storage.engine import resolve_url, sqlite_path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("init", help="new database + station (asks name, admin account) / 新建数据库和站点")
    p.add_argument("--station-name", help="e.g. 巍山县应急管理局")
    p.add_argument("--station-code", help="e.g. 532927")
    p.add_argument("--admin", help="user name of the first admin account")
    p.add_argument("--admin-name", default="", help="the admin's full name")
    p.add_argument("--timezone", default=station.DEFAULT_TZ)
    p.set_defaults(run=run)


def _ask(value: str | None, zh: str, en: str) -> str:
    if value:
        return value
    if not sys.stdin.isatty():
        return ""
    return input(zh if messages.language() == "zh_CN" else en).strip()


def run(args: argparse.Namespace) -> int:
    name = _ask(args.station_name, "站点名称：", "Station name: ")
    code = _ask(args.station_code, "站点代码（如 532927）：", "Station code (e.g. 532927): ")
    admin = _ask(args.admin, "管理员用户名：", "Admin user name: ")
    password = read_password(confirm=True)
    path = sqlite_path(resolve_url(args.db))
    existed = path is not None and path.exists()
    db = open_db(args, create=True)
    try:
        if db.initialised:
            info = station.info(db)
            raise DatabaseError("db.already_initialised", station=f"{info.name} {info.code}")
        station.initialize(
            db, name=name, code=code, admin=admin, password=password, timezone=args.timezone,
            language=messages.language(), admin_name=args.admin_name,
        )
        info = station.info(db)
        where = db.location
        say(f"已创建站点 {info.name}（{info.code}），管理员 {admin}。数据库：{where}",
            f"Created station {info.name} ({info.code}), admin {admin}. Database: {where}")
    except BaseException:
        db.close()
        if path is not None and not existed:  # leave nothing behind when init fails
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(str(path) + suffix).unlink(missing_ok=True)
        raise
    db.close()
    return 0
