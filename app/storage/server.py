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
