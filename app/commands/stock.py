"""`dutydesk stock …`: the supply ledger (物资台账) from the command line (README, docs/supplies.md).

    stock depot add CODE --name 名称 [--township T] [--keeper USER] [--stock-owner STATION] --as USER
    stock depot list [--json]
    stock item add CODE --name 品名 --unit 单位 [--spec 规格] [--gb 7位编码] [--tracking none|lot|serial]
                   [--expiry] --as USER
    stock item list [--json]
    stock min ITEM --depot D --qty N --as USER
    stock receive --depot D --item ITEM --qty N [--lot L] [--expires DATE] [--produced DATE]
                  [--serial S …] [--doc NO] [--source S] [--maker M] --as USER
    stock issue --depot D --item ITEM --qty N --to WHOM --approver LEADER [--serial S …] [--lot L]
                [--reason TEXT] [--emergency] [--voucher NO] [--incident ID] --as USER
    stock voucher-no NO VOUCHER --as USER          the voucher of an emergency issue, recorded later
    stock transfer --from D --to D --item ITEM --qty N [--lot L] [--serial S …] --as USER
    stock receive-transfer NO --qty N [--lost N] [--reason TEXT] --as USER
    stock return --depot D --item ITEM [--qty N] [--serial S …] [--from WHOM] [--lot L] --as USER
    stock write-off --depot D --item ITEM --qty N --reason TEXT --approver LEADER [--lot L] [--serial S …] --as USER
    stock reverse NO --reason TEXT --as USER
    stock adjust --depot D --item ITEM --qty ±N --reason TEXT [--lot L] --as USER
    stock serial-mark SERIAL repair|repaired|lost|found [--note TEXT] --as USER
    stock list [--depot D] [--below-min] [--expiring DAYS] [--search TEXT] [--json]
    stock card ITEM [--depot D] [--json]
    stock exceptions [--json]
    stock serial SERIAL [--json]
    stock count start --depot D [--blind] --as USER
    stock count enter COUNT --item ITEM --qty N [--lot L] --as USER
    stock count post COUNT --as USER
    stock count show COUNT [--json]
    stock count-sheet COUNT --pdf FILE
    stock voucher NO --pdf FILE
    stock import FILE.xlsx --as USER [--dry-run]
    stock export FILE.xlsx [--depot D]

Each movement prints its number (RK 入库, CK 出库, DB 调出, DR 调入, TK 退库, BF 报废, CX 冲销,
TZ 调整, PY 盘点调整). WHOM: a township (紫金乡), a village (紫金乡/某村), team:NAME,
unit:ID[:NAME], person:ID[:NAME] or incident:ID; other text is taken as a team's name.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import messages
from app.commands.common import actor, add_as, open_db, print_json, say
from app.commands.stock_views import (
    _card,
    _count_sheet,
    _count_show,
    _exceptions,
    _export,
    _list,
    _serial,
    _voucher,
)
from app.services.supplies import balances, catalogue, counts, movements
from app.services.supplies.common import local_time

messages.register({
    "stock.cli.done": ("已登记：{no}", "Recorded: {no}"),
    "stock.cli.saved": ("已保存。", "Saved."),
    "stock.cli.written": ("已写出：{path}", "Written: {path}"),
})


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("stock", help="supply ledger / 物资台账", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    cmds = p.add_subparsers(dest="stock_command", metavar="ACTION", required=True)

    depot = cmds.add_parser("depot", help="depots / 仓库").add_subparsers(dest="depot_cmd", required=True)
    a = depot.add_parser("add", help="add a depot / 新增仓库")
    a.add_argument("code")
    a.add_argument("--name", required=True)
    a.add_argument("--township", default="")
    a.add_argument("--keeper", default="")
    a.add_argument("--stock-owner", default="", metavar="STATION",
                   help="代储: the station (code) whose stock this depot holds; it may record movements too")
    add_as(a)
    a.set_defaults(run=_depot_add)
    dl = depot.add_parser("list", help="list depots")
    dl.add_argument("--json", action="store_true")
    dl.set_defaults(run=_depot_list)

    item = cmds.add_parser("item", help="catalogue / 物资目录").add_subparsers(dest="item_cmd", required=True)
    i = item.add_parser("add", help="add an item / 新增物资")
    i.add_argument("code")
    i.add_argument("--name", required=True)
    i.add_argument("--unit", required=True)
    i.add_argument("--spec", default="")
    i.add_argument("--gb", default="", help="GB/T 38565-2020 code, 7 digits")
    i.add_argument("--tracking", default="none", help="none | lot | serial")
    i.add_argument("--expiry", action="store_true", help="tracks expiry dates")
    i.add_argument("--equipment", action="store_true", help="equipment (default: consumable; serial: equipment)")
    add_as(i)
    i.set_defaults(run=_item_add)
    il = item.add_parser("list", help="list items")
    il.add_argument("--json", action="store_true")
    il.set_defaults(run=_item_list)

    m = cmds.add_parser("min", help="minimum stock / 储备定额")
    m.add_argument("item")
    m.add_argument("--depot", required=True)
    m.add_argument("--qty", required=True)
    add_as(m)
    m.set_defaults(run=_min)

    r = cmds.add_parser("receive", help="receipt / 入库")
    _common(r)
    r.add_argument("--expires", default=None, metavar="DATE")
    r.add_argument("--produced", default=None, metavar="DATE")
    r.add_argument("--doc", default="", help="source document no.")
    r.add_argument("--source", default="", help="fund, donor, upper level")
    r.add_argument("--maker", default="")
    r.add_argument("--origin", default="", help="产地")
    r.set_defaults(run=_receive)

    s = cmds.add_parser("issue", help="issue / 出库")
    _common(s)
    s.add_argument("--to", required=True, metavar="WHOM")
    s.add_argument("--approver", required=True, metavar="LEADER")
    s.add_argument("--reason", default="")
    s.add_argument("--emergency", action="store_true", help="on a leader's instruction; voucher later")
    s.add_argument("--voucher", default="")
    s.add_argument("--incident", default="")
    s.set_defaults(run=_issue)

    v = cmds.add_parser("voucher-no", help="record the voucher no. of an emergency issue / 补录凭证号")
    v.add_argument("no")
    v.add_argument("voucher")
    add_as(v)
    v.set_defaults(run=_voucher_no)

    t = cmds.add_parser("transfer", help="transfer out / 调出")
    t.add_argument("--from", dest="from_depot", required=True)
    t.add_argument("--to", dest="to_depot", required=True)
    t.add_argument("--item", required=True)
    t.add_argument("--qty", default=None)
    t.add_argument("--lot", default=None)
    t.add_argument("--serial", action="append", default=[])
    t.add_argument("--reason", default="")
    add_as(t)
    t.set_defaults(run=_transfer)

    rt = cmds.add_parser("receive-transfer", help="transfer in / 调入")
    rt.add_argument("no")
    rt.add_argument("--qty", required=True)
    rt.add_argument("--lost", default="0")
    rt.add_argument("--reason", default="")
    add_as(rt)
    rt.set_defaults(run=_receive_transfer)

    rn = cmds.add_parser("return", help="return / 退库")
    _common(rn)
    rn.add_argument("--from", dest="from_", default="", metavar="WHOM")
    rn.add_argument("--reason", default="")
    rn.set_defaults(run=_return)

    w = cmds.add_parser("write-off", help="write-off / 报废")
    _common(w)
    w.add_argument("--reason", required=True)
    w.add_argument("--approver", required=True)
    w.set_defaults(run=_write_off)

    rv = cmds.add_parser("reverse", help="reversal / 冲销")
    rv.add_argument("no")
    rv.add_argument("--reason", required=True)
    add_as(rv)
    rv.set_defaults(run=_reverse)

    ad = cmds.add_parser("adjust", help="adjustment / 调整 (clears a negative balance)")
    ad.add_argument("--depot", required=True)
    ad.add_argument("--item", required=True)
    ad.add_argument("--qty", required=True, help="signed: +2 adds, -2 removes")
    ad.add_argument("--lot", default="")
    ad.add_argument("--reason", required=True)
    add_as(ad)
    ad.set_defaults(run=_adjust)

    sm = cmds.add_parser("serial-mark", help="repair / repaired / lost / found of a serial unit")
    sm.add_argument("serial")
    sm.add_argument("event", choices=movements.SERIAL_MARKS)
    sm.add_argument("--note", default="")
    add_as(sm)
    sm.set_defaults(run=_serial_mark)

    ls = cmds.add_parser("list", help="stock view / 库存")
    ls.add_argument("--depot", default=None)
    ls.add_argument("--below-min", action="store_true")
    ls.add_argument("--expiring", type=int, default=None, metavar="DAYS")
    ls.add_argument("--search", default="")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(run=_list)

    c = cmds.add_parser("card", help="stock card / 物资卡片")
    c.add_argument("item")
    c.add_argument("--depot", default=None)
    c.add_argument("--json", action="store_true")
    c.set_defaults(run=_card)

    e = cmds.add_parser("exceptions", help="negative balances, serial conflicts, outdated counts, overdue transfers")
    e.add_argument("--json", action="store_true")
    e.set_defaults(run=_exceptions)

    se = cmds.add_parser("serial", help="custody history of a serial unit / 序列号")
    se.add_argument("serial")
    se.add_argument("--json", action="store_true")
    se.set_defaults(run=_serial)

    cnt = cmds.add_parser("count", help="stock-take / 盘点").add_subparsers(dest="count_cmd", required=True)
    cs = cnt.add_parser("start")
    cs.add_argument("--depot", required=True)
    cs.add_argument("--blind", action="store_true", help="count sheets without the book quantity")
    add_as(cs)
    cs.set_defaults(run=_count_start)
    ce = cnt.add_parser("enter")
    ce.add_argument("count")
    ce.add_argument("--item", required=True)
    ce.add_argument("--qty", required=True)
    ce.add_argument("--lot", default="")
    add_as(ce)
    ce.set_defaults(run=_count_enter)
    cp = cnt.add_parser("post")
    cp.add_argument("count")
    add_as(cp)
    cp.set_defaults(run=_count_post)
    csh = cnt.add_parser("show")
    csh.add_argument("count")
    csh.add_argument("--json", action="store_true")
    csh.set_defaults(run=_count_show)

    sheet = cmds.add_parser("count-sheet", help="print count sheets (A4 PDF) / 盘点表")
    sheet.add_argument("count")
    sheet.add_argument("--pdf", required=True, metavar="FILE")
    sheet.set_defaults(run=_count_sheet)

    vo = cmds.add_parser("voucher", help="print a voucher (A4 PDF) / 打印单据")
    vo.add_argument("no")
    vo.add_argument("--pdf", required=True, metavar="FILE")
    vo.set_defaults(run=_voucher)

    im = cmds.add_parser("import", help="import the Excel ledger (.xlsx) / 导入台账")
    im.add_argument("file")
    im.add_argument("--dry-run", action="store_true", help="check and preview only")
    im.add_argument("--json", action="store_true")
    add_as(im)
    im.set_defaults(run=_import)

    ex = cmds.add_parser("export", help="export the stock view (.xlsx) / 导出")
    ex.add_argument("file")
    ex.add_argument("--depot", default=None)
    ex.set_defaults(run=_export)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--depot", required=True)
    p.add_argument("--item", required=True)
    p.add_argument("--qty", default=None)
    p.add_argument("--lot", default=None)
    p.add_argument("--serial", action="append", default=[], help="serial number (repeat, or several after one flag)",
                   nargs="+")
    add_as(p)


def _serials(args: argparse.Namespace) -> list[str]:
    out: list[str] = []
    for group in args.serial:
        out.extend(group if isinstance(group, list) else [group])
    return out


def _done(result: movements.MoveResult) -> int:
    if result.warning:
        print(result.warning, file=sys.stderr)
    print(result.no)
    return 0


# -- catalogue -------------------------------------------------------------------------------------


def _depot_add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        catalogue.add_depot(db, actor(db, args), args.code, args.name, township=args.township, keeper=args.keeper,
                            stock_owner=args.stock_owner)
    print(args.code)
    return 0


def _depot_list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = balances.depot_list(db)
    data = [{"code": d.code, "name": d.name, "township": d.township, "keeper": d.keeper, "station": d.station_code,
             "consigned": d.consigned, "id": d.depot_id} for d in rows]
    if args.json:
        print_json(data)
    else:
        for d in data:
            print(f"{d['station']}/{d['code']}\t{d['name']}\t{d['township']}\t{d['keeper']}")
    return 0


def _item_add(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        catalogue.add_item(db, actor(db, args), args.code, args.name, args.unit, spec=args.spec, gb=args.gb,
                           tracking=args.tracking, expiry=args.expiry, nature="equipment" if args.equipment else "")
    print(args.code)
    return 0


def _item_list(args: argparse.Namespace) -> int:
    from app.services.supplies.common import items

    with open_db(args) as db, db.read() as conn:
        rows = items(conn)
    data = [{"code": i.code, "name": i.name, "spec": i.spec, "unit": i.unit, "gb": i.gb_code, "tracking": i.tracking,
             "expiry": i.has_expiry, "nature": i.nature, "initials": i.initials} for i in rows]
    if args.json:
        print_json(data)
    else:
        for i in data:
            print(f"{i['code']}\t{i['name']}\t{i['spec']}\t{i['unit']}\t{i['gb']}\t{i['tracking']}")
    return 0


def _min(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        catalogue.set_minimum(db, actor(db, args), args.item, args.depot, args.qty)
    say("已保存。", "Saved.")
    return 0


# -- movements -------------------------------------------------------------------------------------


def _receive(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.receive(db, actor(db, args), args.depot, args.item, args.qty, lot=args.lot or "",
                                       expires=args.expires, produced=args.produced, serials=_serials(args),
                                       doc_no=args.doc, source=args.source, maker=args.maker, origin=args.origin))


def _issue(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.issue(db, actor(db, args), args.depot, args.item, args.qty, to=args.to,
                                     approver=args.approver, serials=_serials(args), lot=args.lot, reason=args.reason,
                                     emergency=args.emergency, voucher_no=args.voucher, incident_id=args.incident))


def _voucher_no(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        movements.record_voucher(db, actor(db, args), args.no, args.voucher)
    say("已保存。", "Saved.")
    return 0


def _transfer(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.transfer(db, actor(db, args), args.from_depot, args.to_depot, args.item, args.qty,
                                        lot=args.lot, serials=args.serial, reason=args.reason))


def _receive_transfer(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.receive_transfer(db, actor(db, args), args.no, args.qty, lost=args.lost,
                                                reason=args.reason))


def _return(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.return_goods(db, actor(db, args), args.depot, args.item, args.qty, from_=args.from_,
                                            serials=_serials(args), lot=args.lot or "", reason=args.reason))


def _write_off(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.write_off(db, actor(db, args), args.depot, args.item, args.qty, reason=args.reason,
                                         approver=args.approver, lot=args.lot, serials=_serials(args)))


def _reverse(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.reverse(db, actor(db, args), args.no, reason=args.reason))


def _adjust(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        return _done(movements.adjust(db, actor(db, args), args.depot, args.item, args.qty, reason=args.reason,
                                      lot=args.lot))


def _serial_mark(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        movements.mark_serial(db, actor(db, args), args.serial, args.event, note=args.note)
    say("已保存。", "Saved.")
    return 0


# -- views -----------------------------------------------------------------------------------------


def _count_start(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        _changes, no = counts.start(db, actor(db, args), args.depot, blind=args.blind)
    print(no)
    return 0


def _count_enter(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        counts.enter(db, actor(db, args), args.count, args.item, args.qty, lot=args.lot)
    say("已保存。", "Saved.")
    return 0


def _count_post(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        _changes, no = counts.post(db, actor(db, args), args.count)
    print(no)
    return 0


def _import(args: argparse.Namespace) -> int:
    from app.services.supplies import xlsx_import

    with open_db(args) as db:
        who = actor(db, args)
        plan = xlsx_import.read(db, Path(args.file))
        if not args.dry_run:
            xlsx_import.commit(db, who, plan)
    if args.json:
        print_json(plan.summary(committed=not args.dry_run))
    else:
        for line in plan.describe(committed=not args.dry_run):
            print(line)
    return 0


__all__ = ["local_time", "register"]
