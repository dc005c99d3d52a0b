"""`dutydesk check`: integrity of the database and the log; exit 0 only when all hold.

On a terminal it shows the rebuild's progress; Ctrl+C stops it cleanly (exit 2, the scratch copy
removed, the station's database untouched).

`--seal [REPLICA:]SEQ:HASH` instead proves that the record still holds what a printed seal (the
handover sheet's footer) says; `--tables` lists how every table is verified.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable

from app import messages
from app.commands.common import open_db, print_json
from app.errors import EXIT_USER
from app.services import doctor
from app.storage import integrity
from app.storage.engine import Database

messages.register({
    "check.progress": ("由日志重建：{done} / {total} 条操作（{pct}%，{seconds} 秒）… Ctrl+C 可中止",
                       "Rebuilding from the log: {done} / {total} operations ({pct}%, {seconds} s)… Ctrl+C stops"),
})


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="integrity: SQLite, hash chains, seals, rebuild == tables / 完整性检查")
    p.add_argument("--json", action="store_true")
    p.add_argument("--seal", metavar="SEQ:HASH",
                   help="prove a printed seal (handover sheet) matches the record / 核对纸面封存号")
    p.add_argument("--tables", action="store_true", help="only list how each table is verified / 仅列出各表的校验方式")
    p.set_defaults(run=run)


def _tables_text() -> list[str]:
    zh = messages.language() == "zh_CN"
    lines = ["各表的校验方式：" if zh else "How each table is verified:"]
    width = max(len(t["table"]) for t in doctor.coverage())
    lines += [f"  {t['table']:<{width}}  {t['how']}" for t in doctor.coverage()]
    return lines


def _terminal_progress(db: Database) -> Callable[[int], bool]:
    """The rebuild's progress on the terminal (one line, rewritten); Ctrl+C stops cleanly: the
    scratch copy is removed and nothing of the station's database was changed."""
    with db.read() as conn:
        total = int(conn.exec_driver_sql("SELECT COUNT(*) FROM oplog").scalar() or 0)
    started = time.perf_counter()

    def show(done: int) -> bool:
        elapsed = time.perf_counter() - started
        print("\r" + messages.text("check.progress", done=f"{done:,}", total=f"{total:,}",
                                    pct=100 * done // max(total, 1), seconds=f"{elapsed:.0f}"),
              end="", file=sys.stderr, flush=True)
        if done >= total:
            print(file=sys.stderr)
        return True

    return show


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if args.tables:
        if args.json:
            print_json(doctor.coverage())
        else:
            print("\n".join(_tables_text()))
        return 0
    if args.seal is not None:
        with open_db(args) as db:
            ok, line = integrity.verify_seal_token(db, args.seal)
        if args.json:
            print_json({"ok": ok, "seal": args.seal, "message": line})
        else:
            print(("✔ " if ok else "✘ ") + line)
        return 0 if ok else EXIT_USER
    with open_db(args) as db:
        db.require_station()
        shown = _terminal_progress(db) if not args.json and sys.stderr.isatty() else None
        try:
            report = doctor.run(db, shown)
        except KeyboardInterrupt:
            if shown is not None:
                print(file=sys.stderr)  # end the progress line before the message
            raise
    total = time.perf_counter() - start
    if args.json:
        print_json({
            "ok": report.ok,
            "seconds": round(total, 3),
            "checks": [
                {"name": r.name, "ok": r.ok, "summary": r.summary, "problems": r.problems, "notes": r.notes,
                 "seconds": round(r.seconds, 3)}
                for r in report.checks
            ],
            "tables": doctor.coverage(),
            "environment": report.environment,
        })
    else:
        for r in report.checks:
            mark = "✔" if r.ok else "✘"
            print(f"{mark} {r.name}: {r.summary} ({r.seconds:.2f} s)")
            for problem in r.problems:
                print(f"    {problem}")
            for note in r.notes:
                print(f"    · {note}")
        print("\n".join(_tables_text()))
        for label, value in report.environment:
            print(f"  {label}: {value}")
        print(f"{'OK' if report.ok else 'FAILED'} ({total:.2f} s)")
    return 0 if report.ok else EXIT_USER
