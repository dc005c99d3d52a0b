"""`dutydesk handover [--shift ID|current|last] --pdf FILE`: print a handover sheet (交接班记录).

A handed-over shift prints the sheet recorded at its handover (identical on every reprint);
the shift on duty prints a preview up to now (no number)."""

from __future__ import annotations

import argparse

from app import messages
from app.commands.common import open_db, print_json, say
from app.errors import UserError
from app.reports import handover_sheet
from app.services import handover, shifts

messages.register({"handover.need_output": ("请用 --pdf FILE 指定输出文件（或 --json）。", "Give --pdf FILE (or --json).")})


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("handover", help="print a handover sheet as PDF / 打印交接班记录")
    p.add_argument("--shift", default="last", metavar="ID|current|last",
                   help="which shift: an id (or its first characters), a sheet number (JJB-2024-0005), "
                        "its slot or date (2024-04-18T08:30, 2024-04-18), 'current' or 'last' (default)")
    p.add_argument("--pdf", metavar="FILE", help="write the sheet to this PDF file")
    p.add_argument("--json", action="store_true", help="print the sheet's content as JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.pdf and not args.json:
        raise UserError("handover.need_output")
    with open_db(args) as db:
        shift = shifts.resolve(db, args.shift)
        sheet = handover.sheet_for(db, shift)
    if args.json:
        print_json(sheet)
        return 0
    pages = handover_sheet.render(sheet, args.pdf)
    say(f"交接班记录 {sheet.get('sheet_no') or '预览'} 已写入 {args.pdf}（{pages} 页）",
        f"Handover sheet {sheet.get('sheet_no') or 'preview'} written to {args.pdf} ({pages} pages)")
    return 0
