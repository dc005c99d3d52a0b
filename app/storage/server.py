"""A station database on a PostgreSQL server (several seats of a centre, docs/server.md).

- Writers: every write transaction of a seat starts by locking the station replica's head row
  (`SELECT … FOR UPDATE`), so the seats' writes run one after another like SQLite's
  BEGIN IMMEDIATE: the operation log stays gap-free and chained, entry numbers (max + 1 read
  after the lock, READ COMMITTED) stay unique and gap-free. The database's very first
  transaction (init), which has no head row yet, takes a transaction advisory lock instead.
  Taking the lock is retried with backoff on lock timeout, deadlock, serialisation failure or a
  connection the server dropped; once the lock is held nothing else can conflict.
- Errors a person can cause (server down, wrong password, no such database, connection lost in
  the middle) become a `DatabaseError` with a message in the user's language.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.engine import make_url

from app import messages
from app.errors import DatabaseError
from app.storage.models import table
from app.storage.models.oplog import ReplicaHead

HEADS = table(ReplicaHead)
INIT_LOCK_KEY = 0x44555459  # "DUTY": the advisory lock of a database without a head row yet
LOCK_TIMEOUT = "5s"
LOCK_ATTEMPTS = 6
CONNECT_TIMEOUT_S = 5

RETRYABLE_STATES = {"40001", "40P01", "55P03", "57P01", "57P02", "57P03", "08000", "08003", "08006"}
"""serialization_failure, deadlock_detected, lock_not_available, admin/crash shutdown,
cannot_connect_now, connection exceptions."""

messages.register(
    {
        "db.server_unreachable": (
            "无法连接数据库服务器 {server}：{detail}。请检查服务器是否开机、网络是否连通；服务器故障期间可改用本机单机库（见 README“指挥中心多席位”）。",
            "Cannot reach the database server {server}: {detail}. Check that the server is running and the network "
            "is up; while it is down a seat can work on a local station (README, “A command centre”).",
        ),
        "db.server_auth": (
            "数据库服务器 {server} 拒绝登录（用户 {user}）：用户名或密码错误。",
            "The database server {server} refused the login of {user}: wrong user name or password.",
        ),
        "db.server_no_database": (
            "数据库服务器 {server} 上没有数据库“{database}”。请先用“dutydesk server init --url …”创建。",
            "The database server {server} has no database “{database}”. Create it first with "
            "“dutydesk server init --url …”.",
        ),
        "db.server_lost": (
            "与数据库服务器的连接中断，本次操作未保存，请重试。",
            "The connection to the database server was lost; nothing of this action was saved. Try again.",
        ),
        "db.server_lost_commit": (
            "保存时与数据库服务器的连接中断，无法确认是否已保存。请重新连接后查看记录再决定是否重做。",
            "The connection to the database server was lost while saving; whether it was saved is unknown. "
            "Reconnect and look at the record before doing it again.",
        ),
        "db.server_busy": (
            "数据库服务器繁忙（其他席位正在写入），请稍后重试。",
            "The database server is busy (another seat is writing); try again shortly.",
        ),
        "db.server_denied": (
            "数据库服务器拒绝了该操作（权限不足）：{detail}",
            "The database server refused the action (not permitted): {detail}",
        ),
        "db.foreign": (
            "“{path}”中已有其他程序的数据表（例如 {tables}），不是 DutyDesk 数据库。请指定一个空数据库或 DutyDesk 数据库。",
            "“{path}” holds tables of another program (e.g. {tables}); it is not a DutyDesk database. "
            "Name an empty database or a DutyDesk one.",
        ),
    }
)


def describe(url: str) -> str:
    """host:port/database of a server URL, without the password (for messages)."""
    u = make_url(url)
    host = u.host or str(u.query.get("host", "") or "localhost")
    port = u.port or u.query.get("port") or 5432
    return f"{host}:{port}/{u.database or ''}"


def make_engine(url: str) -> Engine:
    from sqlalchemy import create_engine

    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=3,
        max_overflow=5,
        isolation_level="READ COMMITTED",
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "dutydesk"},
    )


def sqlstate(error: BaseException) -> str:
    orig = getattr(error, "orig", error)
    return str(getattr(orig, "sqlstate", "") or "")


def is_connection_problem(error: BaseException) -> bool:
    state = sqlstate(error)
    if state.startswith("08") or state in ("57P01", "57P02", "57P03"):
        return True
    msg = str(getattr(error, "orig", error)).lower()
    return bool(getattr(error, "connection_invalidated", False)) or any(
        needle in msg for needle in (
            "server closed the connection", "connection is closed", "consuming input failed",
            "terminating connection", "connection refused", "could not connect", "no such file or directory",
            "connection timeout", "timeout expired", "connection to server", "the connection is lost",
        )
    )


def retryable(error: BaseException) -> bool:
    return sqlstate(error) in RETRYABLE_STATES or is_connection_problem(error)


def translate_error(error: BaseException, url: str) -> DatabaseError | None:
    """A server-side DBAPI error as the message a person can act on (None: not one of those)."""
    state = sqlstate(error)
    msg = str(getattr(error, "orig", error))
    low = msg.lower()
    u = make_url(url)
    if state in ("28P01", "28000") or "password authentication failed" in low or "no password supplied" in low:
        return DatabaseError("db.server_auth", server=describe(url), user=u.username or "")
    if state == "3D000" or ("database" in low and "does not exist" in low):
        return DatabaseError("db.server_no_database", server=describe(url), database=u.database or "")
    if state == "42501" or "permission denied" in low:
        return DatabaseError("db.server_denied", detail=msg.strip().splitlines()[0])
    if state in ("55P03", "40P01", "40001"):
        return DatabaseError("db.server_busy")
    if is_connection_problem(error):
        first = msg.strip().splitlines()[0] if msg.strip() else type(error).__name__
        return DatabaseError("db.server_unreachable", server=describe(url), detail=first)
    return None


def lock_head(conn: Connection, replica_id: str) -> None:
    """Serialise this transaction behind every other writer of the station (see module doc)."""
    conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
    row = None
    if replica_id:
        row = conn.execute(select(HEADS.c.seq).where(HEADS.c.replica_id == replica_id).with_for_update()).first()
    if row is None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": INIT_LOCK_KEY})


def backoff(attempt: int) -> None:
    time.sleep(min(1.0, 0.05 * 2**attempt) * (0.5 + random.random()))


@dataclass(frozen=True)
class ServerInfo:
    server: str
    version: str
    latency_ms: float
    user: str


def info(engine: Engine, url: str) -> ServerInfo:
    """The server, its version, and the round-trip time of a trivial query (median of 5)."""
    with engine.connect() as conn:
        version = str(conn.exec_driver_sql("SHOW server_version").scalar())
        user = str(conn.exec_driver_sql("SELECT current_user").scalar())
        times: list[float] = []
        for _ in range(5):
            start = time.perf_counter()
            conn.exec_driver_sql("SELECT 1").scalar()
            times.append((time.perf_counter() - start) * 1000)
        conn.rollback()
    times.sort()
    return ServerInfo(describe(url), version, times[len(times) // 2], user)


def foreign_tables(conn: Connection) -> list[str]:
    """Tables of the current schema in a database that has no DutyDesk schema version."""
    from sqlalchemy import inspect

    names = [n for n in inspect(conn).get_table_names() if n != "alembic_version"]
    return sorted(names)


def as_dict(value: ServerInfo) -> dict[str, Any]:
    return {"server": value.server, "version": value.version, "latency_ms": round(value.latency_ms, 2),
            "user": value.user}


messages.register(
    {
        "check.server": ("PostgreSQL 完整性", "PostgreSQL integrity"),
        "check.server_amcheck": ("amcheck 校验 {indexes} 个索引，逐表读取 {tables} 张表",
                                 "amcheck verified {indexes} indexes; every page of {tables} tables read"),
        "check.server_counted": ("逐表读取 {tables} 张表（服务器未安装 amcheck 扩展，未校验索引结构）",
                                 "every page of {tables} tables read (amcheck not installed on the server: index "
                                 "structure not verified)"),
    }
)


def integrity(conn: Connection) -> tuple[str, list[str]]:
    """What PostgreSQL can verify of this database (it has no PRAGMA integrity_check): every
    B-tree index of the schema through amcheck's `bt_index_check` when the extension is there
    (`dutydesk server init` creates it), and a full read of every table (a damaged page fails
    the read). Returns (summary, problems)."""
    problems: list[str] = []
    tables = [r[0] for r in conn.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY 1"))]
    for name in tables:
        try:
            with conn.begin_nested():
                conn.execute(text(f'SELECT count(*) FROM "{name}"')).scalar()
        except Exception as error:  # a damaged page or relation
            problems.append(f"{name}: {str(getattr(error, 'orig', error)).splitlines()[0]}")
    has_amcheck = bool(conn.execute(text(
        "SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")).scalar()) and bool(conn.execute(text(
            "SELECT has_function_privilege('bt_index_check(regclass, boolean)', 'execute')")).scalar())
    if not has_amcheck:
        return messages.text("check.server_counted", tables=len(tables)), problems
    indexes = [r[0] for r in conn.execute(text(
        "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am a ON a.oid = c.relam "
        "WHERE n.nspname = current_schema() AND a.amname = 'btree' ORDER BY 1"))]
    for name in indexes:
        try:
            with conn.begin_nested():
                conn.execute(text("SELECT bt_index_check(CAST(:i AS regclass), true)"), {"i": f'"{name}"'})
        except Exception as error:
            problems.append(f"{name}: {str(getattr(error, 'orig', error)).splitlines()[0]}")
    return messages.text("check.server_amcheck", indexes=len(indexes), tables=len(tables)), problems


# -- setting up a server database (`dutydesk server init`) ---------------------------------------

LOG_TABLE = "oplog"


def is_server_url(url: str) -> bool:
    return "://" in url and make_url(url).get_backend_name() == "postgresql"


def create_extensions(conn: Connection) -> list[str]:
    """amcheck (for `dutydesk check`), where the account may create it. Returns what is missing."""
    missing: list[str] = []
    for name in ("amcheck",):
        try:
            with conn.begin_nested():
                conn.execute(text(f"CREATE EXTENSION IF NOT EXISTS {name}"))
        except Exception:
            missing.append(name)
    return missing


def _quote(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def create_app_role(conn: Connection, role: str, password: str) -> None:
    """A login role for the seats with least privilege: it reads and writes the projection and
    local tables, may only SELECT and INSERT the operation log (no UPDATE, DELETE, TRUNCATE),
    and owns nothing (no DDL). Made or updated idempotently."""
    q = _quote(conn, role)
    exists_ = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
    from psycopg import sql

    raw: Any = conn.connection.driver_connection  # utility statements take no bind parameters
    verb = "CREATE ROLE {} LOGIN PASSWORD {} NOSUPERUSER NOCREATEDB NOCREATEROLE" if exists_ is None \
        else "ALTER ROLE {} LOGIN PASSWORD {}"
    raw.execute(sql.SQL(verb).format(sql.Identifier(role), sql.Literal(password)))
    database = _quote(conn, str(conn.execute(text("SELECT current_database()")).scalar()))
    schema = _quote(conn, str(conn.execute(text("SELECT current_schema()")).scalar()))
    conn.execute(text(f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {q}"))
    conn.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {q}"))
    conn.execute(text(f"REVOKE CREATE ON SCHEMA {schema} FROM {q}"))
    tables = [r[0] for r in conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))]
    for name in tables:
        t = _quote(conn, name)
        conn.execute(text(f"REVOKE ALL ON TABLE {t} FROM {q}"))
        if name == LOG_TABLE:
            conn.execute(text(f"GRANT SELECT, INSERT ON TABLE {t} TO {q}"))
        elif name == "alembic_version":
            conn.execute(text(f"GRANT SELECT ON TABLE {t} TO {q}"))
        else:
            conn.execute(text(f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE {t} TO {q}"))
    conn.execute(text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {q}"))
    if conn.execute(text("SELECT count(*) FROM pg_extension WHERE extname = 'amcheck'")).scalar():
        with conn.begin_nested():
            conn.execute(text(f"GRANT EXECUTE ON FUNCTION bt_index_check(regclass, boolean) TO {q}"))


def role_privileges(conn: Connection, role: str, table_name: str = LOG_TABLE) -> set[str]:
    rows = conn.execute(text(
        "SELECT privilege_type FROM information_schema.role_table_grants WHERE grantee = :r AND table_name = :t"),
        {"r": role, "t": table_name})
    return {str(r[0]) for r in rows}
