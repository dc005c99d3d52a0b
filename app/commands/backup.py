"""`dutydesk backup` and `dutydesk restore`: consistent, checked, rotated backups; restore as a
new database with a new replica id (docs/backup.md)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from app import formatting, messages
from app.clock import ms_to_datetime
from app.commands.common import actor, add_as, open_db, print_json
from app.errors import UserError
from app.services import backup, station


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("backup", help="back the database up, checked and rotated / 备份数据库（校验、轮换）",
                       description="Without --to: to the station's configured folders. --list: the backups made. "
                                   "--settings: show or change where and how often (admin).")
    p.add_argument("--to", action="append", metavar="DIR", help="folder to back up into (repeatable)")
    p.add_argument("--list", action="store_true", help="list the backups made here, newest first")
    p.add_argument("--settings", action="store_true", help="show or change the backup settings")
    p.add_argument("--target", action="append", metavar="DIR",
                   help="with --settings: the folders for automatic backups (repeatable; replaces the list)")
    p.add_argument("--clear-targets", action="store_true", help="with --settings: no automatic backup folders")
    p.add_argument("--every-hours", type=int, metavar="N", help="with --settings: back up every N hours (0: off)")
    p.add_argument("--keep-daily", type=int, metavar="N", help="with --settings: keep the last N days (default 14)")
    p.add_argument("--keep-monthly", type=int, metavar="N", help="with --settings: keep the last N months (12)")
    add_as(p, required=False)
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run_backup)

    r = sub.add_parser("restore", help="restore a backup as a NEW database / 把备份恢复为新数据库")
    r.add_argument("backup_file", metavar="BACKUP", help="a backup file (DutyDesk-<code>-<time>.sqlite3)")
    r.add_argument("--db", dest="restore_to", metavar="NEW", required=True,
                   help="the new database file to create (never overwritten)")
    r.add_argument("--station", metavar="CODE", help="refuse a backup of another station than CODE")
    r.add_argument("--json", action="store_true")
    r.set_defaults(run=run_restore)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _result_json(result: backup.BackupResult) -> dict[str, Any]:
    return {"ok": result.ok, "target": result.target, "path": result.path, "size": result.size,
            "sha256": result.sha256, "seq": result.seq, "error": result.message, "warning": result.warning,
            "removed": result.removed}


def run_backup(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        db.require_station()
        if args.settings:
            return _settings(db, args)
        if args.list:
            return _list(db, args)
        targets = args.to or backup.load(db).targets
        if not targets:
            raise UserError("backup.no_targets")
        results = [backup.make_backup(db, t, trigger="cli") for t in targets]
    if args.json:
        print_json([_result_json(r) for r in results])
    else:
        for r in results:
            if r.ok:
                print(messages.text("backup.done", path=r.path, size=_size(r.size), seq=r.seq))
                if r.removed:
                    print(messages.text("backup.removed_old", count=r.removed))
            if r.warning:
                print(r.warning, file=sys.stderr)
    failed = [r for r in results if not r.ok]
    if failed:
        for r in failed:
            print(r.message, file=sys.stderr)
        return 2
    return 0


def _settings(db: Any, args: argparse.Namespace) -> int:
    changing = any(v is not None for v in (args.target, args.every_hours, args.keep_daily, args.keep_monthly)) \
        or args.clear_targets
    if changing:
        targets = [] if args.clear_targets else args.target
        backup.save(db, actor(db, args), targets=targets, every_hours=args.every_hours,
                    keep_daily=args.keep_daily, keep_monthly=args.keep_monthly)
    s = backup.load(db)
    if args.json:
        print_json({"targets": s.targets, "every_hours": s.every_hours, "keep_daily": s.keep_daily,
                    "keep_monthly": s.keep_monthly})
    else:
        zh = messages.language() == "zh_CN"
        print(("备份位置：" if zh else "Folders: ") + ("；".join(s.targets) or ("（未设置）" if zh else "(none)")))
        print(("自动备份：每 {0} 小时及每次交接班" if zh else "Automatic: every {0} h and at every handover")
              .format(s.every_hours) if s.every_hours else ("自动备份：仅交接班时" if zh else "Automatic: at handovers"))
        print(("保留：最近 {0} 天、{1} 个月" if zh else "Keep: last {0} days, {1} months")
              .format(s.keep_daily, s.keep_monthly))
    return 0


def _list(db: Any, args: argparse.Namespace) -> int:
    zone = station.info(db).zone
    runs = backup.history(db, limit=200)
    if args.json:
        print_json([{"finished": ms_to_datetime(r.finished_ms).astimezone(zone).isoformat(), "status": r.status,
                     "trigger": r.trigger, "target": r.target, "path": r.path, "size": r.size, "seq": r.seq,
                     "sha256": r.sha256, "message": r.message} for r in runs])
        return 0
    for r in runs:
        when = formatting.short_datetime(ms_to_datetime(r.finished_ms).astimezone(zone))
        print(f"{when}  {r.status:<7} {r.trigger:<8} {r.path or r.target}  {r.message}")
    print(backup.summary(db).text)
    return 0


def run_restore(args: argparse.Namespace) -> int:
    result = backup.restore(args.backup_file, args.restore_to, expect_station=args.station)
    if args.json:
        print_json({"path": result.path, "station_id": result.station_id, "station": result.station_name,
                    "code": result.station_code, "old_replica": result.old_replica,
                    "new_replica": result.new_replica, "operations": result.operations})
    else:
        print(messages.text("restore.done", path=result.path, name=result.station_name,
                            replica=result.new_replica[:8]))
    return 0
