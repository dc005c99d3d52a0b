"""Backups and restore (备份与恢复): consistent copies made while the program is in use, checked,
rotated, made by hand, at every handover and every N hours, and restored as a new database with a
new replica id. See docs/backup.md.
"""

from __future__ import annotations

from app.services.backup import texts as _texts  # noqa: F401  (registers the messages)
from app.services.backup.restore import RestoreResult, check_backup, restore
from app.services.backup.run import BackupResult, make_backup, rotate, run_configured
from app.services.backup.settings import BackupSettings, load, save
from app.services.backup.status import (
    Run,
    Summary,
    describe,
    due,
    history,
    last_ok,
    last_run,
    summary,
    verify_files,
)
from app.services.handover import Section, SectionSpec, SheetContext, tr

__all__ = [
    "BackupResult", "BackupSettings", "RestoreResult", "Run", "Summary", "check_backup", "describe", "due",
    "handover_sections", "history", "last_ok", "last_run", "load", "make_backup", "restore", "rotate",
    "run_configured", "save", "summary", "verify_files",
]


def _section(ctx: SheetContext) -> Section:
    """最近备份: the last successful backup and any failure since, as of the sheet's moment."""
    section = Section("backup", tr("最近备份", "Last backup"),
                      [(tr("时间", "Time"), 3), (tr("结果", "Result"), 2), (tr("位置 / 原因", "Where / why"), 9)],
                      empty=tr("尚无备份（请在“工具 → 备份设置”中设置备份位置）",
                               "No backup yet (set a backup folder in Tools → Backup settings)"))
    end_ms = int(ctx.end.timestamp() * 1000)
    runs = [r for r in history(ctx.db, limit=200) if r.finished_ms <= end_ms]
    ok_at = next((i for i, r in enumerate(runs) if r.status in ("ok", "rotated")), None)
    ok = None if ok_at is None else runs[ok_at]
    failures = [r for r in runs[:ok_at] if r.status == "failed"]
    if ok is not None:
        section.rows.append(([{"ms": ok.finished_ms, "fmt": "short"}, tr("成功，已校验", "OK, verified"),
                              ok.path], ""))
    for run in failures[:5]:
        section.rows.append(([{"ms": run.finished_ms, "fmt": "short"}, tr("失败", "Failed"),
                              f"{run.target}：{run.message}"], "overdue"))
    return section


def handover_sections() -> list[SectionSpec]:
    return [SectionSpec("backup", 900, _section)]
