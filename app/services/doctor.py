"""What `dutydesk check` and Help → About report: integrity checks plus the environment."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from app import __version__, messages
from app.reports import fonts
from app.services import backup, keystore
from app.storage import integrity, verify
from app.storage.engine import Database
from app.sync import verify as sync_verify

messages.register(
    {
        "env.version": ("程序版本", "Version"),
        "env.database": ("数据库", "Database"),
        "env.schema": ("结构版本", "Schema revision"),
        "env.keyring": ("密钥存储", "Keyring backend"),
        "env.pdf_font": ("PDF 字体", "PDF font"),
        "env.cjk_font": ("中文字体", "CJK font"),
        "env.cjk_missing": ("未找到中文字体：界面中的中文可能显示为方框。请安装 fonts-wqy-microhei。", "No CJK font found: Chinese may show as boxes. Install fonts-wqy-microhei."),
        "env.cjk_ok": ("已找到", "found"),
        "env.replica": ("本机副本", "Replica"),
        "doctor.sync_tables": ("同步表（签名清单、确认、链头、担保、隔离区）", "Sync tables (signed manifests, acknowledgements, chain heads, vouchers, quarantine)"),
        "doctor.search": ("值班记录搜索索引", "Duty-log search index"),
        "doctor.fts_mismatch": ("FTS5 索引与搜索文档不一致（{detail}）：运行 dutydesk log reindex",
                                "the FTS5 index does not match the search documents ({detail}): run dutydesk log reindex"),
        "doctor.search_by_rebuild": ("文档已与由日志重建的逐条比对；FTS5 索引与文档一致",
                                     "documents compared one by one with those rebuilt from the log; the FTS5 index matches them"),
        "doctor.search_stale": ("{count} 条值班记录的搜索索引缺失或过期（如 {first}）：运行 dutydesk log reindex", "{count} duty entries have a missing or stale search document (e.g. {first}): run dutydesk log reindex"),
        "doctor.undeclared": ("未声明（缺陷）", "undeclared (a bug)"),
        "env.backup": ("最近备份", "Last backup"),
        "env.server": ("数据库服务器", "Database server"),
        "env.server_value": ("PostgreSQL {version}，往返延迟 {latency} 毫秒（用户 {user}）",
                             "PostgreSQL {version}, round trip {latency} ms (user {user})"),
        "env.server_down": ("无法连接：{detail}", "unreachable: {detail}"),
    }
)


@dataclass
class Report:
    checks: list[integrity.CheckResult] = field(default_factory=list)
    environment: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)


def environment(db: Database) -> list[tuple[str, str]]:
    font = fonts.cjk_font()
    return [
        (messages.text("env.version"), __version__),
        (messages.text("env.database"), db.location),
        *_server(db),
        (messages.text("env.schema"), db.schema_revision),
        (messages.text("env.replica"), db.replica_id),
        (messages.text("env.keyring"), keystore.status().describe()),
        (messages.text("env.pdf_font"), font.describe()),
        (messages.text("env.cjk_font"),
         messages.text("env.cjk_ok") if fonts.system_has_cjk_font() else messages.text("env.cjk_missing")),
        (messages.text("env.backup"), backup.describe(db)),
    ]


def sync_tables(db: Database) -> integrity.CheckResult:
    start = time.perf_counter()
    with db.read() as conn:
        found = sync_verify.check(conn, db.station_id)
    return integrity.CheckResult(messages.text("doctor.sync_tables"), not found.problems,
                                 "ok" if not found.problems else "", found.problems[:integrity.MAX_REPORTED],
                                 time.perf_counter() - start, found.notes)


def _fts_matches_docs(db: Database) -> integrity.CheckResult:
    """FTS5's own check of the index against its documents (SQLite), on its own connection."""
    start = time.perf_counter()
    if db.is_sqlite:
        from sqlalchemy.exc import DatabaseError as DriverError

        from app.storage import duty_search, duty_search_check

        with db.read() as conn:
            try:
                if duty_search.present(conn):
                    duty_search_check.index_matches_docs(conn)
            except DriverError as error:
                return integrity.CheckResult(
                    messages.text("doctor.search"), False, "",
                    [messages.text("doctor.fts_mismatch", detail=str(getattr(error, "orig", error))[:120])],
                    time.perf_counter() - start)
    return integrity.CheckResult(messages.text("doctor.search"), True, messages.text("doctor.search_by_rebuild"),
                                 [], time.perf_counter() - start)


def search_index(db: Database, docs_checked: bool = False,
                 fts: integrity.Background | None = None) -> integrity.CheckResult:
    """The search index. When the rebuild already compared every document with the one the log
    gives (`docs_checked`), only FTS5's check of the index against its documents remains."""
    start = time.perf_counter()
    try:
        from app.services import duty_log
    except ImportError:  # the duty log area is not part of this build
        return integrity.CheckResult(messages.text("doctor.search"), True, "n/a")
    if docs_checked:
        return fts.result() if fts is not None else _fts_matches_docs(db)
    stale = duty_log.verify_index(db)
    problems = [messages.text("doctor.search_stale", count=len(stale), first=", ".join(s[:8] for s in stale[:5]))] if stale else []
    return integrity.CheckResult(messages.text("doctor.search"), not stale, "ok" if not stale else "", problems,
                                 time.perf_counter() - start)


def coverage() -> list[dict[str, str]]:
    """Every table and how `check` verifies it (text in the user's language)."""
    return [{"table": name, "role": verify.role_of(name), "verified": how or "",
             "how": verify.text_of(how) if how else messages.text("doctor.undeclared")}
            for name, how in verify.coverage()]


def _server(db: Database) -> list[tuple[str, str]]:
    if db.is_sqlite:
        return []
    try:
        found = db.server_info()
    except Exception as error:  # the server went away since the database was opened
        return [(messages.text("env.server"), messages.text("env.server_down", detail=str(error).splitlines()[0]))]
    assert found is not None
    return [(messages.text("env.server"), found.server + " — " + messages.text(
        "env.server_value", version=found.version, latency=f"{found.latency_ms:.1f}", user=found.user))]


def run(db: Database, progress: Callable[[int], bool] | None = None) -> Report:
    """Every check; `progress(n)` is told how many operations the rebuild has replayed. FTS5's
    check of its index runs beside the rebuild (a background thread)."""
    fts = integrity.Background(messages.text("doctor.search"), _fts_matches_docs, db)
    checks = integrity.run_all(db, progress)
    docs_checked = any("search_docs" in c.covers for c in checks)
    extras: list[tuple[str, Callable[[], integrity.CheckResult]]] = [("sync_tables", lambda: sync_tables(db)),
                                     ("search_index", lambda: search_index(db, docs_checked, fts))]
    for name, extra in extras:
        try:
            checks.append(extra())
        except Exception as error:
            checks.append(integrity.CheckResult(name, False, "", [f"{type(error).__name__}: {error}"[:300]]))
    return Report(checks, environment(db))
