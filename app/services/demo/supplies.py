"""Demo supply ledger: the county depot and three township depots, the 508 items bought with the
2023 central relief fund, enforcement equipment, issues to 五印乡 during the April 2024
earthquakes, a transfer still in transit, 79 satellite phones received and issued to villages in
July 2024, one lot near expiry, one item below minimum (shared/seed/FACTS.md).

GB/T 38565-2020 codes: only the level-1 classes are confirmed here, so the demo items carry the
standard's catch-all code 99 at levels 2–4 (1999999 基本生活保障物资, 2999999 应急装备及配套物资).
The seed names no villages: phones go to "<乡镇>/第N村" placeholders, eight per township.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from app.clock import ms_to_datetime
from app.services.demo import TZ, DemoContext
from app.services.supplies import catalogue, counts, movements

Event = tuple[datetime, Callable[[], None]]
ORDER = 60
KEEPER = "duanzq"
FUND = "2023 年中央自然灾害救灾资金"
ITEMS: tuple[tuple[str, str, str, str, str, str, bool], ...] = (
    # code, name, unit, spec, gb, tracking, expiry
    ("CSJ-01", "抽水机", "台", "3 寸汽油抽水机 扬程 30 m", "2999999", "none", False),
    ("QJD-01", "千斤顶", "台", "液压千斤顶 20 t", "2999999", "none", False),
    ("FDJ-01", "发电机", "台", "汽油发电机 5 kW", "2999999", "none", False),
    ("YJ-01", "油锯", "台", "汽油链锯 20 寸", "2999999", "none", False),
    ("ZM-01", "应急照明灯", "台", "移动式升降照明灯 4×100 W", "2999999", "none", False),
    ("ZP-01", "救灾帐篷", "顶", "12 m² 单帐篷（民政 2008 型）", "1999999", "lot", False),
    ("MB-01", "棉被", "床", "2.0×2.3 m 3 kg", "1999999", "lot", False),
    ("ZDC-01", "折叠床", "张", "钢架折叠床 190×70 cm", "1999999", "lot", False),
    ("YSBG-01", "压缩饼干", "箱", "900 型 5 kg/箱", "1999999", "lot", True),
    ("WXDH-01", "卫星电话", "部", "天通一号 手持终端", "2999999", "serial", False),
    ("ZFJLY-01", "执法记录仪", "台", "DSJ 执法记录仪", "2999999", "serial", False),
    ("QTJC-01", "多功能气体检测仪", "台", "四合一（O₂ CO H₂S EX）", "2999999", "serial", False),
    ("FCJC-01", "直读式粉尘检测仪", "台", "光散射式", "2999999", "serial", False),
    ("YHTC-01", "便携式烟花爆竹探测仪", "台", "手持式", "2999999", "serial", False),
)
FUND_LOTS = (("CSJ-01", "", 96), ("QJD-01", "", 60), ("FDJ-01", "", 36), ("YJ-01", "", 24), ("ZM-01", "", 32),
             ("ZP-01", "ZP-2023-11", 80), ("MB-01", "MB-2023-11", 120), ("ZDC-01", "ZDC-2023-11", 60))
"""The 508 items of the 2023 central relief fund (96 + 60 + 36 + 24 + 32 + 80 + 120 + 60)."""
TOWNSHIPS = ("南诏镇", "庙街镇", "大仓镇", "永建镇", "巍宝山乡", "紫金乡", "马鞍山乡", "五印乡", "牛街乡", "青华乡")


def _at(day: date, h: int, m: int) -> datetime:
    return datetime(day.year, day.month, day.day, h, m, tzinfo=TZ)


def events(ctx: DemoContext) -> Iterable[Event]:
    def setup() -> None:
        keeper = ctx.actor(KEEPER)
        catalogue.add_depot(ctx.db, keeper, "XJK", "县救灾物资储备库", keeper=KEEPER)
        catalogue.add_depot(ctx.db, keeper, "WY", "五印乡储备点", township="五印乡")
        catalogue.add_depot(ctx.db, keeper, "ZJ", "紫金乡储备点", township="紫金乡")
        catalogue.add_depot(ctx.db, keeper, "NZ", "南诏镇储备点", township="南诏镇")
        for code, name, unit, spec, gb, tracking, expiry in ITEMS:
            catalogue.add_item(ctx.db, keeper, code, name, unit, spec=spec, gb=gb, tracking=tracking, expiry=expiry)
        for code, qty in (("ZP-01", 60), ("MB-01", 150), ("CSJ-01", 20), ("FDJ-01", 6), ("YSBG-01", 20)):
            catalogue.set_minimum(ctx.db, keeper, code, "XJK", qty)
        for code, qty in (("ZP-01", 10), ("MB-01", 30)):
            catalogue.set_minimum(ctx.db, keeper, code, "WY", qty)

    def fund_receipt() -> None:
        for code, lot, qty in FUND_LOTS:
            movements.receive(ctx.db, ctx.actor(KEEPER), "XJK", code, qty, lot=lot, doc_no="巍应急采〔2023〕12号",
                              source=FUND, produced="2023-10-15" if lot else None,
                              occurred=_at(date(2023, 11, 20), 10, 0))
        today = ms_to_datetime(ctx.clock()).date()
        movements.receive(ctx.db, ctx.actor(KEEPER), "XJK", "YSBG-01", 40, lot="YSBG-2021-03", produced="2021-03-10",
                          expires=(date.today() + timedelta(days=25)).isoformat(), source="州级调拨",
                          maker="军需食品厂", occurred=_at(today, 10, 30))

    def enforcement() -> None:
        for code, prefix, n in (("ZFJLY-01", "ZF", 12), ("QTJC-01", "QT", 4), ("FCJC-01", "FC", 2), ("YHTC-01", "YH", 2)):
            movements.receive(ctx.db, ctx.actor(KEEPER), "XJK", code, serials=[f"{prefix}2024{i:03d}" for i in range(1, n + 1)],
                              doc_no="巍应急装〔2024〕3号", source="执法装备配备项目")

    def stock_townships() -> None:
        for depot, qty in (("WY", 20), ("ZJ", 10), ("NZ", 10)):
            out = movements.transfer(ctx.db, ctx.actor(KEEPER), "XJK", depot, "ZP-01", qty)
            movements.receive_transfer(ctx.db, ctx.actor(KEEPER), out.no, qty)
            out = movements.transfer(ctx.db, ctx.actor(KEEPER), "XJK", depot, "MB-01", qty * 2)
            movements.receive_transfer(ctx.db, ctx.actor(KEEPER), out.no, qty * 2)

    def quake_one() -> None:
        keeper = ctx.actor(KEEPER)
        movements.issue(ctx.db, keeper, "WY", "ZP-01", 20, to="五印乡", approver="yangzh", emergency=True,
                        reason="4·19 五印乡 4.2 级地震，临时安置")
        movements.issue(ctx.db, keeper, "WY", "MB-01", 40, to="五印乡", approver="yangzh", emergency=True,
                        reason="4·19 五印乡 4.2 级地震，临时安置")
        movements.issue(ctx.db, keeper, "XJK", "ZDC-01", 20, to="五印乡", approver="yangzh", emergency=True,
                        reason="4·19 五印乡 4.2 级地震，临时安置")

    def quake_one_vouchers() -> None:
        for n, voucher in ((1, "巍应急出〔2024〕041号"), (2, "巍应急出〔2024〕042号"), (3, "巍应急出〔2024〕043号")):
            movements.record_voucher(ctx.db, ctx.actor(KEEPER), f"CK-2024-{n:04d}", voucher)

    def quake_two() -> None:
        keeper = ctx.actor(KEEPER)
        movements.issue(ctx.db, keeper, "XJK", "ZP-01", 15, to="五印乡", approver="zhaolp", emergency=True,
                        reason="4·24 五印乡 4.3 级地震，增调帐篷")
        movements.issue(ctx.db, keeper, "XJK", "FDJ-01", 4, to="team:五印乡应急分队", approver="zhaolp",
                        reason="安置点照明供电")

    def in_transit() -> None:
        movements.transfer(ctx.db, ctx.actor(KEEPER), "XJK", "WY", "CSJ-01", 6, reason="汛前预置")

    def count_zj() -> None:
        _c, no = counts.start(ctx.db, ctx.actor(KEEPER), "ZJ")
        counts.enter(ctx.db, ctx.actor(KEEPER), no, "MB-01", 20)
        counts.enter(ctx.db, ctx.actor(KEEPER), no, "ZP-01", 9)  # one tent found torn by rats: recorded as a loss
        counts.post(ctx.db, ctx.actor(KEEPER), no)

    def phones_in() -> None:
        movements.receive(ctx.db, ctx.actor(KEEPER), "XJK", "WXDH-01", serials=[f"TT-WS-{i:03d}" for i in range(1, 80)],
                          doc_no="巍应急采〔2024〕07号", source="卫星电话配备项目（47.4 万元）")

    out: list[Event] = [
        (_at(date(2024, 3, 1), 10, 0), setup),
        (_at(date(2024, 3, 1), 10, 20), fund_receipt),
        (_at(date(2024, 3, 6), 15, 0), enforcement),
        (_at(date(2024, 3, 12), 9, 30), stock_townships),
        (_at(date(2024, 4, 19), 7, 40), quake_one),
        (_at(date(2024, 4, 20), 16, 0), quake_one_vouchers),
        (_at(date(2024, 4, 24), 15, 10), quake_two),
        (_at(date(2024, 4, 27), 10, 0), in_transit),
        (_at(date(2024, 4, 28), 15, 0), count_zj),
        (_at(date(2024, 7, 5), 10, 0), phones_in),
    ]
    for n in range(79):
        town = TOWNSHIPS[n // 8]
        village = f"{town}/第{n % 8 + 1}村"
        day = date(2024, 7, 10) + timedelta(days=n // 16)

        def issue_phone(serial: str = f"TT-WS-{n + 1:03d}", whom: str = village) -> None:
            movements.issue(ctx.db, ctx.actor(KEEPER), "XJK", "WXDH-01", serials=[serial], to=whom, approver="mayj",
                            reason="一村一部卫星电话")

        out.append((_at(day, 9, 0) + timedelta(minutes=5 * (n % 16)), issue_phone))
    return out
