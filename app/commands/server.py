"""`dutydesk server …`: a station database on a PostgreSQL server for the seats of a centre.

  dutydesk server init --url postgresql+psycopg://owner@host/dutydesk --station-name … --station-code …
        --admin …  [--app-role dutydesk_app]   (DUTYDESK_PASSWORD: the admin's password;
        DUTYDESK_APP_PASSWORD: the seats' role password)
  dutydesk server status --url …               server, version, latency, schema, station
See docs/server.md.
"""

from __future__ import annotations

import argparse

from sqlalchemy.engine import make_url

from app import messages
from app.commands.common import print_json, read_password, say
from app.errors import DatabaseError, ValidationError
from app.services import station
from app.storage import duty_search, server
from app.storage.engine import Database

messages.register(
    {
        "server.not_server_url": (
            "“{url}”不是 PostgreSQL 服务器地址。格式：postgresql+psycopg://用户@主机:5432/数据库",
            "“{url}” is not a PostgreSQL server URL. Form: postgresql+psycopg://user@host:5432/database",
        ),
        "server.role_name": ("角色名只能含小写字母、数字和下划线：{role}", "A role name may hold lower-case letters, digits and _ only: {role}"),
        "server.app_password": (
            "请用环境变量 DUTYDESK_APP_PASSWORD 给出席位角色 {role} 的密码（至少 12 个字符）。",
            "Give the password of the seats' role {role} in DUTYDESK_APP_PASSWORD (at least 12 characters).",
        ),
    }
)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("server", help="station database on a PostgreSQL server / 服务器数据库（多席位）")
    s = p.add_subparsers(dest="server_command", required=True)
    init = s.add_parser("init", help="schema + station on an empty server database / 在服务器空库上建站")
    init.add_argument("--url", required=True, help="postgresql+psycopg://OWNER@HOST:5432/DATABASE")
    init.add_argument("--station-name")
    init.add_argument("--station-code")
    init.add_argument("--admin", help="user name of the first admin account")
    init.add_argument("--admin-name", default="")
    init.add_argument("--timezone", default=station.DEFAULT_TZ)
    init.add_argument("--app-role", default="", help="create/update a least-privilege login role for the seats")
    init.add_argument("--json", action="store_true")
    init.set_defaults(run=run_init)
    status = s.add_parser("status", help="server, version, latency, schema, station / 服务器状态")
    status.add_argument("--url", required=True)
    status.add_argument("--json", action="store_true")
    status.set_defaults(run=run_status)


def _server_url(url: str) -> str:
    if not server.is_server_url(url):
        raise ValidationError("server.not_server_url", field="url", url=url)
    return url


def _seat_url(url: str, role: str) -> str:
    return make_url(url).set(username=role, password=None).render_as_string(hide_password=False)


def run_init(args: argparse.Namespace) -> int:
    url = _server_url(args.url)
    role = args.app_role.strip()
    app_password = ""
    if role:
        if not role.replace("_", "").isalnum() or role.lower() != role or not role.isascii():
            raise ValidationError("server.role_name", field="app-role", role=role)
        import os

        app_password = os.environ.get("DUTYDESK_APP_PASSWORD", "")
        if len(app_password) < 12:
            raise ValidationError("server.app_password", field="app-role", role=role)
    db = Database.open(url, create=True)  # refuses another program's tables or a newer schema
    try:
        created = False
        if not db.initialised:
            from app.commands.init import _ask

            name = _ask(args.station_name, "站点名称：", "Station name: ")
            code = _ask(args.station_code, "站点代码（如 532927）：", "Station code (e.g. 532927): ")
            admin = _ask(args.admin, "管理员用户名：", "Admin user name: ")
            password = read_password(confirm=True)
            station.initialize(db, name=name, code=code, admin=admin, password=password, timezone=args.timezone,
                               language=messages.language(), admin_name=args.admin_name)
            created = True
        with db.transaction() as conn:
            missing = server.create_extensions(conn)
            duty_search.ensure(conn)  # the search tables, made by the owner (seats need no DDL)
            if role:
                server.create_app_role(conn, role, app_password)
        info = station.info(db)
        found = db.server_info()
        assert found is not None
        result = {
            "created": created, "station": info.name, "code": info.code, "server": found.server,
            "version": found.version, "schema": db.schema_revision, "missing_extensions": missing,
            "seat_url": _seat_url(url, role) if role else None,
        }
    finally:
        db.close()
    if args.json:
        print_json(result)
        return 0
    if created:
        say(f"已在服务器 {found.server}（PostgreSQL {found.version}）上创建站点 {info.name}（{info.code}）。",
            f"Created station {info.name} ({info.code}) on {found.server} (PostgreSQL {found.version}).")
    else:
        say(f"服务器 {found.server} 上已有站点 {info.name}（{info.code}）：结构已升级到 {db.schema_revision}，权限已更新。",
            f"{found.server} already holds station {info.name} ({info.code}): schema at {db.schema_revision}, "
            "grants renewed.")
    if missing:
        say(f"提示：无法创建扩展 {', '.join(missing)}（需要超级用户）；dutydesk check 将只逐表读取，不校验索引。",
            f"Note: could not create extension {', '.join(missing)} (needs a superuser); dutydesk check will read "
            "every table but not verify indexes.")
    if role:
        seat = result["seat_url"]
        say(f"席位角色 {role} 只能读写数据、只能追加操作日志。各席位使用：dutydesk --db '{seat}' gui"
            "（密码放在 ~/.pgpass 或 PGPASSWORD）",
            f"Seat role {role} may read and write data and only append to the operation log. Each seat: "
            f"dutydesk --db '{seat}' gui (password in ~/.pgpass or PGPASSWORD)")
    return 0


def run_status(args: argparse.Namespace) -> int:
    url = _server_url(args.url)
    db = Database.open(url)
    try:
        found = db.server_info()
        assert found is not None
        info = station.info(db) if db.initialised else None
        result = {**server.as_dict(found), "schema": db.schema_revision,
                  "station": info.name if info else None, "code": info.code if info else None}
    finally:
        db.close()
    if args.json:
        print_json(result)
        return 0
    say(f"服务器：{found.server}  PostgreSQL {found.version}  往返 {found.latency_ms:.1f} 毫秒  用户 {found.user}",
        f"Server: {found.server}  PostgreSQL {found.version}  round trip {found.latency_ms:.1f} ms  user {found.user}")
    if info is None:
        raise DatabaseError("db.not_initialised", path=found.server)
    say(f"站点：{info.name}（{info.code}）  结构版本 {db.schema_revision}",
        f"Station: {info.name} ({info.code})  schema {db.schema_revision}")
    return 0
