"""`python -m tests.ui.robot --db PATH --user U --report FILE`: start the program as `dutydesk gui`
does, with the robot on its event loop; the exit code is 0 only when nothing went wrong.

The password comes from DUTYDESK_ROBOT_PASSWORD (it is typed into the sign-in dialog)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.ui.robot")
    parser.add_argument("--db", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--lang", default="zh_CN")
    parser.add_argument("--report", required=True)
    parser.add_argument("--sign-outs", type=int, default=5)
    parser.add_argument("--writer", default="wanglei", help="the second program's account (same password)")
    args = parser.parse_args()
    import faulthandler

    faulthandler.enable()  # a crash prints where it happened

    from app.ui import application
    from tests.ui.robot.driver import Robot

    password = os.environ["DUTYDESK_ROBOT_PASSWORD"]
    os.environ.pop("DUTYDESK_PASSWORD", None)  # the robot signs in through the dialog
    db_path = Path(args.db).resolve()
    robot = Robot(user=args.user, password=password, folder=Path(args.report).resolve().parent, db_path=db_path,
                  sign_outs=args.sign_outs, writer=args.writer)
    original = application.report_bug

    def report_bug(exc_type, error, tb):  # type: ignore[no-untyped-def]
        robot.python_error(exc_type, error, tb)
        original(exc_type, error, tb)

    application.report_bug = report_bug
    sys.excepthook = robot.python_error
    application.make_application()
    robot.start()
    code = application.run_gui(str(db_path), None, args.lang)
    if code != 0:
        robot.fail(f"the program ended with exit code {code}")
    if not robot._finished:
        robot.fail("the program ended before the robot was done")
    report = robot.report.as_dict()
    Path(args.report).write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if not robot.report.failures else 3


if __name__ == "__main__":
    sys.exit(main())
