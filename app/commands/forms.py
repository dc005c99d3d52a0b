"""`dutydesk forms --kind phone|handover|incident|issue --pdf FILE [--count N]`: blank paper forms
(A4, the station's header, ruled fields, numbered) to print in advance for when the PC is down."""

from __future__ import annotations

import argparse

from app.commands.common import open_db, say
from app.services.incidents import forms


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("forms", help="blank paper forms / 空白表格")
    p.add_argument("--kind", required=True, help="phone|handover|incident|issue")
    p.add_argument("--pdf", required=True, metavar="FILE")
    p.add_argument("--count", default="1", metavar="N")
    p.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    from app.reports import blank_forms

    kind = forms.parse_kind(args.kind)
    try:
        count = int(args.count)
    except ValueError:
        count = -1
    forms.check_count(count)
    with open_db(args) as db:
        pages, numbers = blank_forms.write(db, kind, count, args.pdf)
    say(f"已生成 {args.pdf}（{pages} 页，编号 {numbers[0]} 至 {numbers[-1]}）。",
        f"Wrote {args.pdf} ({pages} page(s), numbers {numbers[0]} to {numbers[-1]}).")
    return 0
