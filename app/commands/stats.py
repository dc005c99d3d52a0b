"""`dutydesk stats --from DATE --to DATE [--json|--pdf FILE|--xlsx FILE]`: year-on-year accident
statistics (同比) per category and in total: accidents, deaths, injuries, the same period last
year and the change in percent (Decimal, half-up, two places; — when last year is 0)."""

from __future__ import annotations

import argparse
from datetime import date

from app import messages
from app.commands.common import open_db, print_json, say
from app.errors import ValidationError
from app.services.incidents import statistics


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("stats", help="year-on-year accident statistics / 同比统计")
    p.add_argument("--from", dest="start", required=True, metavar="DATE")
    p.add_argument("--to", dest="end", required=True, metavar="DATE", help="last day (inclusive)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true")
    out.add_argument("--pdf", metavar="FILE")
    out.add_argument("--xlsx", metavar="FILE")
    p.set_defaults(run=_run)


def parse_date(text: str, field: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError as error:
        raise ValidationError("stats.bad_date", field=field, value=text) from error


def _run(args: argparse.Namespace) -> int:
    start, end = parse_date(args.start, "from"), parse_date(args.end, "to")
    with open_db(args) as db:
        stats = statistics.compute(db, start, end)
        if args.json:
            print_json(statistics.to_json(db, stats))
            return 0
        if args.pdf:
            from app.reports import stats_sheet

            pages = stats_sheet.write_pdf(db, stats, args.pdf)
            say(f"已生成 {args.pdf}（{pages} 页）。", f"Wrote {args.pdf} ({pages} page(s)).")
            return 0
        if args.xlsx:
            from app.reports import stats_sheet

            stats_sheet.write_xlsx(db, stats, args.xlsx)
            say(f"已生成 {args.xlsx}。", f"Wrote {args.xlsx}.")
            return 0
    zh = messages.language() == "zh_CN"
    print(f"{stats.start} – {stats.end}  ({'同期' if zh else 'last year'} {stats.last_start} – {stats.last_end})")
    head = ("类别", "起数", "去年", "同比", "死亡", "去年", "同比", "受伤", "去年", "同比") if zh else \
        ("Category", "Acc.", "Last", "Change", "Deaths", "Last", "Change", "Injured", "Last", "Change")
    print("  ".join(f"{h:>8}" for h in head))
    for row in [*stats.rows, stats.total]:
        cells = [row.name["zh" if zh else "en"]]
        for m in statistics.MEASURES:
            cells += [str(row.this[m]), str(row.last[m]), statistics.percent_text(row.change(m))]
        print("  ".join(f"{c:>8}" for c in cells))
    return 0


messages.register({"stats.bad_date": ("日期“{value}”不正确（格式：2024-05-31）。", "Bad date “{value}” (use 2024-05-31).")})
