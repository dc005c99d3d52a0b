"""`dutydesk gui [--as USER]` (also the default with no command): the desktop program."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("gui", help="start the desktop program (default) / 启动桌面程序")
    p.add_argument("--as", dest="as_user", metavar="USER",
                   help="sign in without the dialog (password from DUTYDESK_PASSWORD)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from app.ui.application import run_gui

    return run_gui(db_arg=args.db, as_user=args.as_user, lang=args.lang)
