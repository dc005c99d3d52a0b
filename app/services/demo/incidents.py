"""Demo incidents: the two 五印乡 earthquakes, a forest fire, the accidents of 2023 and Jan–May 2024
that give the seed's statistics (shared facts: 74 accidents, 5 dead, 23 injured in Jan–May 2024;
road traffic 24/5/23, fires 50; last year 98/11/37, road 35/11/37, fires 63), and the drills of
H1 2024 (exercise flag, left out of statistics).

Earthquake 1 (M4.2, 19 April): opened from the prefecture's call, automatic then formal
parameters, house damage counts, first report, follow-up and final report on time, the duty-log
entries linked. Earthquake 2 (M4.3, 24 April): first report on time, follow-up 一 late, 续报二
sent, the final report a day late (27 April; the timeline and statistics show the lateness), closed.
Nothing is owed now: the demo opens without a red overdue count. Forest fire (大仓镇, 22 April): the fire team's
deployment on the duty log, reports on time, closed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.services import duty_log
from app.services.demo import TZ, DemoContext
from app.services.duty_log import EntryInput
from app.services.incidents import casualties, incidents, links, quake, reports
from app.services.incidents.incidents import IncidentInput
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry

ORDER = 30
Event = tuple[datetime, Callable[[], object]]
TOWNSHIPS = ("南诏镇", "庙街镇", "大仓镇", "永建镇", "巍宝山乡", "紫金乡", "马鞍山乡", "五印乡", "牛街乡", "青华乡")
ROADS = ("G214线", "大临高速巍山段", "S221线", "巍宝山旅游公路", "县道X112", "南诏镇文华路", "庙街镇集镇路段", "乡道Y007")
FIRE_PLACES = ("民房", "厨房", "电动车充电处", "商铺", "柴草堆", "仓库", "餐馆", "车辆")
PREFECTURE = "大理州应急管理局"
ENTRY = table(DutyEntry)
# (year, road accidents, road deaths, road injuries, fires) in 1 Jan – 31 May
PERIODS = ((2023, 35, 11, 37, 63), (2024, 24, 5, 23, 50))
REST_OF_2023 = (30, 7, 29, 41)
"""June–December 2023 (outside the compared period)."""


def local(y: int, mo: int, d: int, h: int = 0, mi: int = 0, s: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, s, tzinfo=TZ)


def _split(rnd: random.Random, total: int, parts: int, cap: int) -> list[int]:
    out = [0] * parts
    for _ in range(total):
        while True:
            i = rnd.randrange(parts)
            if out[i] < cap:
                out[i] += 1
                break
    return out


def _moments(rnd: random.Random, first: date, last: date, n: int) -> list[datetime]:
    days = (last - first).days + 1
    return sorted(datetime.combine(first + timedelta(days=rnd.randrange(days)), datetime.min.time(), TZ)
                  + timedelta(minutes=rnd.randrange(6 * 60, 23 * 60)) for _ in range(n))


def _accidents(ctx: DemoContext) -> list[Event]:
    rnd = random.Random(13)
    out: list[Event] = []
    specs: list[tuple[date, date, int, int, int, int]] = [
        (date(y, 1, 1), date(y, 5, 31), road, dead, injured, fires) for y, road, dead, injured, fires in PERIODS]
    specs.append((date(2023, 6, 1), date(2023, 12, 31), *REST_OF_2023))
    for first, last, road, dead, injured, fires in specs:
        deaths = _split(rnd, dead, road, 2)
        hurt = _split(rnd, injured, road, 6)
        for n, when in enumerate(_moments(rnd, first, last, road)):
            out.append(_accident(ctx, when, "road_traffic", rnd, deaths[n], hurt[n]))
        for when in _moments(rnd, first, last, fires):
            out.append(_accident(ctx, when, "fire", rnd, 0, 0))
    return out


def _accident(ctx: DemoContext, when: datetime, kind: str, rnd: random.Random, dead: int, injured: int) -> Event:
    township = rnd.choice(TOWNSHIPS)
    if kind == "road_traffic":
        place = f"{rnd.choice(ROADS)}K{rnd.randint(1, 60)}+{rnd.randint(0, 9)}00处"
        summary = (f"{township}{place}发生一起道路交通事故，" + (f"造成{dead}人死亡、" if dead else "")
                   + (f"{injured}人受伤" if injured else "无人员伤亡") + "，交警已到场处置。")
    else:
        place = f"{rnd.choice(('某村', '集镇', '某社区'))}{rnd.choice(FIRE_PLACES)}"
        summary = f"{township}{place}发生火灾，县消防救援大队出动扑灭，无人员伤亡。"
    received = when + timedelta(minutes=rnd.randint(8, 40))

    def run() -> None:
        who = ctx.actor(rnd.choice(("wanglei", "chenjing", "liuyang", "yangfang", "luowb", "zicm")))
        _c, row = incidents.add(ctx.db, who, IncidentInput(
            type=kind, level="一般", occurred_at=when, received_at=received, township=township, place=place,
            summary=summary, level_basis="国务院令第493号第三条（死亡3人以下）"),
            {"dead": dead, "injured": injured} if dead or injured else None)
        incidents.close(ctx.db, ctx.actor("zhanght"), row.id, received + timedelta(minutes=50))
    return received + timedelta(minutes=55), run


DRILLS = (
    (local(2024, 4, 3, 9, 0), "forest_fire", "巍宝山乡", "巍宝山", "清明节森林防火武装巡护演练：专业扑火队2个班在巍宝山片区开展巡护和扑救演练。"),
    (local(2024, 3, 15, 10, 0), "fire", "南诏镇", "巍山古城", "古城消防安全演练：模拟古城商铺起火，开展疏散和初期火灾扑救。"),
    (local(2024, 5, 12, 9, 30), "earthquake", "五印乡", "五印完小", "5·12防灾减灾日地震应急演练：模拟五印乡发生M5.0级地震，开展应急疏散和灾情报告。"),
    (local(2024, 5, 28, 14, 0), "flood", "永建镇", "西河永建段", "防汛抢险演练：模拟西河水位超警，转移沿河群众并开展堤防抢险。"),
)


def _drills(ctx: DemoContext) -> list[Event]:
    out: list[Event] = []
    who = ctx.actor("lixy")

    def closer(ids: dict[str, str], key: str, at: datetime) -> Callable[[], object]:
        return lambda: incidents.close(ctx.db, who, ids[key], at)
    for n, (when, kind, township, place, summary) in enumerate(DRILLS):
        key = f"drill{n}"
        ids: dict[str, str] = {}

        def open_drill(when: datetime = when, kind: str = kind, township: str = township, place: str = place,
                       summary: str = summary, ids: dict[str, str] = ids, key: str = key) -> None:
            _c, row = incidents.add(ctx.db, who, IncidentInput(
                type=kind, level="一般", occurred_at=when, received_at=when, township=township, place=place,
                summary=summary, exercise=True))
            ids[key] = row.id

        def report(stage: str, at: datetime, ids: dict[str, str] = ids, key: str = key) -> Callable[[], object]:
            return lambda: reports.record(ctx.db, who, ids[key], stage=stage, sent_to=PREFECTURE + "（演练）", at=at)

        out += [(when + timedelta(minutes=1), open_drill),
                (when + timedelta(minutes=40), report("first", when + timedelta(minutes=40))),
                (when + timedelta(hours=3), report("final", when + timedelta(hours=3))),
                (when + timedelta(hours=3, minutes=10), closer(ids, key, when + timedelta(hours=3, minutes=10)))]
    return out


class Quakes:
    def __init__(self, ctx: DemoContext) -> None:
        self.ctx = ctx
        self.ids: dict[str, str] = {}

    def link_window(self, key: str, start: datetime, end: datetime, townships: tuple[str, ...]) -> None:
        ctx = self.ctx
        with ctx.db.read() as conn:
            rows = conn.execute(select(ENTRY.c.entry_id).where(
                ENTRY.c.received_ms >= int(start.timestamp() * 1000), ENTRY.c.received_ms < int(end.timestamp() * 1000),
                ENTRY.c.township.in_(townships), ENTRY.c.category.in_(("incident", "request")))
                .order_by(ENTRY.c.received_ms)).scalars().all()
            done = set(links.entry_ids(conn, self.ids[key]))
        for entry_id in rows:
            if entry_id not in done:
                links.link(ctx.db, ctx.actor("zhanght"), self.ids[key], entry_id)

    def events(self) -> list[Event]:
        c = self.ctx
        op, lead = c.actor("wanglei"), c.actor("zhanght")
        q1, q2 = local(2024, 4, 19, 5, 54, 10), local(2024, 4, 24, 13, 51, 6)

        def open_q1() -> None:
            _c, row = incidents.add(c.db, op, IncidentInput(
                type="earthquake", level="一般", occurred_at=q1, received_at=local(2024, 4, 19, 5, 56, 40),
                township="五印乡", place="五印乡（震中）", lat=25.22, lon=99.96, status="responding",
                summary="2024年4月19日05时54分10秒，巍山县五印乡发生M4.2级地震，震源深度10千米，县城及五印乡、牛街乡震感明显。",
                level_basis="M4.2级，暂无人员伤亡报告（一般）"))
            self.ids["q1"] = row.id
            c.options["quake_incident_id"] = row.id  # rosters' and supplies' demos deploy and issue to it
            quake.record(c.db, op, row.id, magnitude="4.3", depth=12, lat=25.2, lon=99.9, origin=q1,
                         source="中国地震台网自动测定")

        def open_q2() -> None:
            _c, row = incidents.add(c.db, op, IncidentInput(
                type="earthquake", level="一般", occurred_at=q2, received_at=local(2024, 4, 24, 13, 53, 20),
                township="五印乡", place="五印乡（震中）", lat=25.24, lon=99.96, status="responding",
                summary="2024年4月24日13时51分06秒，巍山县五印乡再次发生M4.3级地震，震源深度10千米。",
                level_basis="M4.3级，暂无人员伤亡报告（一般）"))
            self.ids["q2"] = row.id
            c.options["quake2_incident_id"] = row.id
            quake.record(c.db, op, row.id, magnitude="4.4", depth=11, lat=25.2, lon=100.0, origin=q2,
                         source="中国地震台网自动测定")

        def rec(key: str, **values: object) -> Callable[[], object]:
            return lambda: casualties.record(c.db, lead, self.ids[key], values, source="县应急局工作组")

        def rep(key: str, stage: str, when: datetime, doc: str = "") -> Event:
            return (when, lambda: reports.record(c.db, lead, self.ids[key], stage=stage, sent_to=PREFECTURE,
                                                 channel="fax", doc_no=doc, at=when))

        def day(d: int) -> Callable[[int, int], datetime]:
            return lambda h, m: local(2024, 4, d, h, m)

        d19, d20, d24, d25, d26, d27 = day(19), day(20), day(24), day(25), day(26), day(27)
        formal1 = (d19(6, 5), lambda: quake.record(c.db, op, self.ids["q1"], magnitude="4.2", depth=10, lat=25.22,
                                                   lon=99.96, origin=q1, formal=True, source="中国地震台网正式测定"))
        formal2 = (d24(14, 2), lambda: quake.record(c.db, op, self.ids["q2"], magnitude="4.3", depth=10, lat=25.24,
                                                    lon=99.96, origin=q2, formal=True, source="中国地震台网正式测定"))
        wy = ("五印乡", "牛街乡", "青华乡", "马鞍山乡")
        return [
            (d19(5, 58), open_q1), formal1,
            rep("q1", "first", d19(6, 35), "巍应急〔2024〕震1号"),
            (d19(7, 26), rec("q1", houses=12)),
            (d19(9, 21), lambda: self.link_window("q1", d19(5, 50), d19(9, 21), wy)),
            rep("q1", "followup", d19(9, 20), "巍应急〔2024〕震2号"),
            (d19(14, 11), rec("q1", houses=37, evacuated=9)),
            (d19(18, 21), rec("q1", houses=39, evacuated=9)),
            rep("q1", "followup", d19(18, 40), "巍应急〔2024〕震2-1号"),
            rep("q1", "final", d20(9, 30), "巍应急〔2024〕震3号"),
            (d20(9, 36), lambda: self.link_window("q1", d19(9, 21), d20(9, 36), wy)),
            (d20(9, 41), lambda: incidents.close(c.db, lead, self.ids["q1"], d20(9, 41))),
            (d24(13, 55), open_q2), formal2,
            rep("q2", "first", d24(14, 35), "巍应急〔2024〕震4号"),
            (d24(14, 21), rec("q2", houses=3, evacuated=4)),
            (d24(18, 31), rec("q2", houses=14, evacuated=13)),
            (d24(18, 32), lambda: self.link_window("q2", d24(13, 50), d24(18, 32), wy)),
            rep("q2", "followup", d25(16, 10), "巍应急〔2024〕震5号"),   # due 25 April 14:35: late
            rep("q2", "followup", d26(10, 30), "巍应急〔2024〕震6号"),
            (d26(10, 31), lambda: self.link_window("q2", d24(18, 32), d26(10, 31), wy)),
            rep("q2", "final", d27(9, 40), "巍应急〔2024〕震7号"),  # due 26 April 13:51: late
            (d27(9, 46), lambda: incidents.close(c.db, lead, self.ids["q2"], d27(9, 46))),
        ]


def _forest_fire(ctx: DemoContext) -> list[Event]:
    fire = local(2024, 4, 22, 14, 5)
    ids: dict[str, str] = {}
    lead, op = ctx.actor("zhanght"), ctx.actor("chenjing")

    def entry(key: str, summary: str, **values: object) -> Callable[[], object]:
        def run() -> None:
            _c, row = duty_log.add_entry(ctx.db, op, EntryInput(summary=summary, **values))  # type: ignore[arg-type]
            ids[key] = row.id
            if "fire" in ids:
                links.link(ctx.db, lead, ids["fire"], row.id)
        return run

    def open_fire() -> None:
        _c, row = incidents.add(ctx.db, op, IncidentInput(
            type="森林火灾", level="一般", occurred_at=fire, received_at=local(2024, 4, 22, 14, 18), township="大仓镇",
            village="小三家村", place="后山林地", lat=25.31, lon=100.32, status="responding",
            summary="大仓镇小三家村后山林地起火，过火面积约0.8公顷，大仓镇扑火队2个班27人赶赴扑救。",
            level_basis="受害森林面积1公顷以下（一般森林火灾）"))
        ids["fire"] = row.id
        links.link(ctx.db, lead, row.id, ids["f1"])

    def t(h: int, m: int, day: int = 22) -> datetime:
        return local(2024, 4, day, h, m)

    return [
        (t(14, 19), entry("f1", "大仓镇报告：小三家村后山林地起火，火势向山顶蔓延，请求专业扑火队支援。", category="incident",
                          source_unit="大仓镇人民政府", source_person="罗志明", phone="13887241306", township="大仓镇",
                          location="小三家村后山", significant=True, occurred_at=fire, received_at=t(14, 18))),
        (t(14, 21), open_fire),
        (t(14, 26), entry("f2", "通知森林草原防灭火专业扑火队大仓镇2个班（27人）出动，携风力灭火机12台。", direction="out",
                          category="incident", source_unit="专业扑火队大仓镇驻点", township="大仓镇", significant=True)),
        (t(15, 40), lambda: reports.record(ctx.db, lead, ids["fire"], stage="first", sent_to=PREFECTURE, channel="phone",
                                           at=t(15, 40))),
        (t(17, 5), entry("f3", "扑火队报告：明火已扑灭，正在清理余火，无人员伤亡。", channel="radio", category="incident",
                         source_unit="专业扑火队大仓镇驻点", township="大仓镇")),
        (t(18, 45), entry("f4", "扑火队报告：余火清理完毕，留守6人看守火场，其余人员撤回驻地。", channel="radio",
                          category="incident", source_unit="专业扑火队大仓镇驻点", township="大仓镇")),
        (t(10, 0, 23), lambda: reports.record(ctx.db, lead, ids["fire"], stage="final", sent_to=PREFECTURE,
                                              channel="document", doc_no="巍应急〔2024〕火1号", at=t(10, 0, 23))),
        (t(10, 10, 23), lambda: incidents.close(ctx.db, lead, ids["fire"], t(10, 10, 23))),
    ]


def events(ctx: DemoContext) -> Iterable[Event]:
    return [*_accidents(ctx), *_drills(ctx), *Quakes(ctx).events(), *_forest_fire(ctx)]
