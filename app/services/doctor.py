"""What `dutydesk check` and Help → About report: integrity checks plus the environment."""

from __future__ import annotations

from dataclasses import dataclass, field

from app import __version__, messages
from app.reports import fonts
from app.services import backup, keystore
from app.storage import integrity
from app.storage.engine import Database

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


def run(db: Database) -> Report:
    return Report(integrity.run_all(db), environment(db))
