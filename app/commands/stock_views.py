"""`dutydesk stock` — what it shows and prints: the stock view, stock cards, exceptions,
serials, stock-takes, vouchers and exports (the writing commands are in app/commands/stock.py)."""

from __future__ import annotations

import argparse
from pathlib import Path

from app.commands.common import open_db, print_json
from app.services.supplies import balances, counts, custody, exceptions


def _list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = balances.stock_view(db, depot=args.depot, below_min=args.below_min, expiring_days=args.expiring,
                                   search=args.search)
        data = [balances.row_json(db, r) for r in rows]
    if args.json:
        print_json(data)
        return 0
    for d in data:
        flag = " ↓" if d["below_min"] else ""
        print(f"{d['depot']}\t{d['item']}\t{d['name']}\t{d['on_hand']}{flag}\t{d['minimum']}\t{d['in_transit']}\t"
              f"{d['nearest_expiry'] or ''}")
    return 0


def _card(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        data = [balances.card_json(db, c) for c in balances.stock_card(db, args.item, args.depot)]
    if args.json:
        print_json(data)
        return 0
    for c in data:
        mark = " (已冲销)" if c["reversed"] else ""
        print(f"{c['date']}\t{c['no']}{mark}\t{c['type_label']}\t{c['depot']}\t{c['qty']:+d}\t{c['balance']}\t"
              f"{c['counterpart']}")
    return 0


def _exceptions(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        data = exceptions.exceptions(db)
    if args.json:
        print_json(data)
    else:
        for e in data:
            print(e["text"])
    return 0


def _serial(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        data = custody.history(db, args.serial)
    if args.json:
        print_json(data)
        return 0
    holders = " / ".join(h["name"] for h in data["holders"])
    print(f"{data['item']} {data['serial']}: {data['status_label']} {holders or data['depot']}")
    for h in data["history"]:
        mark = " (已冲销)" if h["reversed"] else ""
        print(f"  {h['at']}\t{h['event_label']}{mark}\t{h['holder'] or h['depot']}\t{h['movement_no']}")
    return 0


# -- counts ----------------------------------------------------------------------------------------


def _count_show(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        data = counts.count_json(db, counts.info(db, args.count))
    if args.json:
        print_json(data)
        return 0
    print(f"{data['no']} {data['depot']} {data['as_of']}{' 已过账 ' + data['posted_no'] if data['posted'] else ''}"
          f"{' 已过时，请重新盘点' if data['outdated'] else ''}")
    for line in data["lines"]:
        print(f"  {line['item']}\t{line['name']}\t{line['lot']}\t{line['book']}\t{line['counted']}\t{line['difference']}")
    return 0


def _count_sheet(args: argparse.Namespace) -> int:
    from app.reports import supplies_print
    from app.services.supplies import vouchers

    with open_db(args) as db:
        supplies_print.render_count_sheet(vouchers.count_sheet_data(db, counts.info(db, args.count)), Path(args.pdf))
    print(args.pdf)
    return 0


def _voucher(args: argparse.Namespace) -> int:
    from app.reports import supplies_print
    from app.services.supplies import vouchers

    with open_db(args) as db:
        supplies_print.render_voucher(vouchers.voucher_data(db, args.no), Path(args.pdf))
    print(args.pdf)
    return 0


def _export(args: argparse.Namespace) -> int:
    from app.reports import supplies_xlsx

    with open_db(args) as db:
        title, headers, rows, marked = balances.stock_table(db, depot=args.depot)
    supplies_xlsx.write_table(Path(args.file), title, headers, rows, marked)
    print(args.file)
    return 0
