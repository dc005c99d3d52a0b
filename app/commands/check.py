"""`dutydesk check`: integrity of the database and the log; exit 0 only when all hold."""

from __future__ import annotations

import argparse
import time

from app.commands.common import open_db, print_json
from app.errors import EXIT_USER
from app.services import doctor


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("check", help="integrity: SQLite, hash chains, rebuild == tables / 完整性检查")
    p.add_argument("--json", action="store_true")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    with open_db(args) as db:
        db.require_station()
        report = doctor.run(db)
    total = time.perf_counter() - start
    if args.json:
        print_json({
            "ok": report.ok,
            "seconds": round(total, 3),
            "checks": [
                {"name": r.name, "ok": r.ok, "summary": r.summary, "problems": r.problems, "seconds": round(r.seconds, 3)}
                for r in report.checks
            ],
            "environment": report.environment,
        })
    else:
        for r in report.checks:
            mark = "✔" if r.ok else "✘"
            print(f"{mark} {r.name}: {r.summary} ({r.seconds:.2f} s)")
            for problem in r.problems:
                print(f"    {problem}")
        for label, value in report.environment:
            print(f"  {label}: {value}")
        print(f"{'OK' if report.ok else 'FAILED'} ({total:.2f} s)")
    return 0 if report.ok else EXIT_USER
