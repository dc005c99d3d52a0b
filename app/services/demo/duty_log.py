"""Demo duty log: a fortnight (14–28 April 2024) of the Weishan duty room, and `--entries N`.

The story follows shared/seed/FACTS.md: the M4.2 earthquake in 五印乡 at 05:54:10 on 19 April
(first report from the prefecture earthquake bureau, the leader on duty's instructions,
townships notified, follow-ups on damage, the final report), the M4.3 earthquake at 13:51:06
on 24 April, weather and forest-fire warnings, forest-fire patrols, the fireworks campaign and
the routine calls of every day. Some items are still open at the end, some overdue.

`finish()` adds N synthetic entries (2014 … April 2024) through the operation log in bulk.
"""

from __future__ import annotations

import itertools
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from app import messages
from app.services import duty_log
from app.services.demo import TZ, DemoContext
from app.services.demo.duty_synthetic import CHUNK, TOWNSHIPS, bulk_connections, synthetic_payloads
from app.services.duty_log import EntryInput
from app.storage.models import table
from app.storage.models.duty_log import DutyEntry

ORDER = 20
START = date(2024, 4, 14)
END = date(2024, 4, 28)
TEAMS = (
    ("zhanght", ("wanglei", "chenjing", "liuyang")),
    ("lixy", ("yangfang", "luowb", "zicm")),
)
LEADERS = ("yangzh", "zhaolp", "mayj")
LEADER_NAMES = {"yangzh": "杨志华", "zhaolp": "赵丽萍", "mayj": "马永军"}
Event = tuple[datetime, Callable[[], object]]


def at(day: int, hh: int, mm: int, ss: int = 0) -> datetime:
    """Local time on April `day` 2024."""
    return datetime(2024, 4, day, hh, mm, ss, tzinfo=TZ)


def duty_day(when: datetime) -> int:
    """Days since the first shift (shifts change at 08:30)."""
    return (when - timedelta(hours=8, minutes=30)).date().toordinal() - START.toordinal()


def operator(when: datetime, n: int = 0) -> str:
    team = TEAMS[duty_day(when) % 2][1]
    return team[(n + when.hour // 8) % len(team)]


def shift_lead(when: datetime) -> str:
    return TEAMS[duty_day(when) % 2][0]


def leader(when: datetime) -> str:
    return LEADERS[duty_day(when) % 3]


@dataclass
class Story:
    """Builds the timeline; entries are referred to by a key once recorded."""

    ctx: DemoContext
    events: list[Event] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)

    def entry(self, key: str, when: datetime, summary: str, *, received: timedelta = timedelta(minutes=2),
              by: str | None = None, **values: Any) -> None:
        def run() -> None:
            who = self.ctx.actor(by or operator(when))
            data = EntryInput(summary=summary, received_at=when - received, **values)
            _changes, row = duty_log.add_entry(self.ctx.db, who, data)
            self.ids[key] = row.id
        self.events.append((when, run))

    def instruct(self, key: str, when: datetime, text: str, by: str | None = None) -> None:
        def run() -> None:
            who = by or leader(when)
            duty_log.add_instruction(self.ctx.db, self.ctx.actor(who), self.ids[key], text, LEADER_NAMES.get(who, ""))
        self.events.append((when, run))

    def act(self, key: str, when: datetime, text: str, by: str | None = None) -> None:
        self.events.append((when, lambda: duty_log.add_action(
            self.ctx.db, self.ctx.actor(by or operator(when)), self.ids[key], text)))

    def notify(self, key: str, when: datetime, whom: str, channel: str = "phone", by: str | None = None) -> None:
        self.events.append((when, lambda: duty_log.add_notification(
            self.ctx.db, self.ctx.actor(by or operator(when)), self.ids[key], whom, channel, when)))

    def close(self, key: str, when: datetime, by: str | None = None) -> None:
        self.events.append((when, lambda: duty_log.close_entry(
            self.ctx.db, self.ctx.actor(by or operator(when)), self.ids[key])))

    def amend(self, key: str, when: datetime, name: str, value: Any, reason: str, by: str | None = None) -> None:
        self.events.append((when, lambda: duty_log.amend(
            self.ctx.db, self.ctx.actor(by or operator(when)), self.ids[key], name, value, reason)))

    def void(self, key: str, when: datetime, reason: str) -> None:
        self.events.append((when, lambda: duty_log.void_entry(
            self.ctx.db, self.ctx.actor(shift_lead(when)), self.ids[key], reason)))


def _quake_one(s: Story) -> None:
    """M4.2, 2024-04-19 05:54:10, 五印乡 (25.22°N 99.96°E, 10 km)."""
    q = at(19, 5, 54, 10)
    s.entry("q1", at(19, 5, 57, 30), "州地震局通报：2024年4月19日05时54分10秒在巍山县五印乡（北纬25.22度，东经99.96度）"
            "发生M4.2级地震，震源深度10千米。县城及五印乡、牛街乡震感明显。",
            received=timedelta(seconds=50), category="incident", channel="phone", occurred_at=q,
            source_unit="大理州地震局", source_person="值班员", phone="0872-2125180", township="五印乡",
            significant=True, due_at=at(19, 6, 30))
    s.instruct("q1", at(19, 6, 2), "立即启动地震应急预案，通知各乡镇迅速开展灾情排查，30分钟内首报，"
               "重点核查学校、卫生院、危旧房和在建工地；随时报告。")
    for n, (whom, minute) in enumerate((("五印乡人民政府 值班室", 4), ("牛街乡人民政府 值班室", 5),
                                       ("青华乡人民政府 值班室", 6), ("县住建局 值班室", 8),
                                       ("县教体局 值班室", 9), ("县卫健局 值班室", 10))):
        s.notify("q1", at(19, 6, minute + n), whom, "phone")
    s.act("q1", at(19, 6, 20), "已电话通知五印、牛街、青华三乡及住建、教体、卫健等部门开展排查，"
          "县地震局已派员赶赴五印乡；带班领导杨志华已到岗。")
    s.entry("q1b", at(19, 6, 14), "五印乡值班室报告：全乡震感强烈，部分群众跑出室外，暂未接到人员伤亡报告，"
            "乡村干部正分片入户排查。", received=timedelta(minutes=1), category="incident",
            source_unit="五印乡人民政府", source_person="罗志明", phone="13887241306", township="五印乡",
            significant=True)
    s.entry("q1c", at(19, 6, 35), "向州应急管理局首报：五印乡M4.2级地震，暂无人员伤亡报告，灾情正在核查。",
            received=timedelta(minutes=1), direction="out", channel="fax", category="incident",
            source_unit="大理州应急管理局", township="五印乡", significant=True)
    s.close("q1c", at(19, 6, 40))
    s.entry("q1d", at(19, 7, 25), "五印乡续报：排查发现12户房屋出现墙体裂缝，1处土墙局部垮塌，无人员伤亡；"
            "五印完小教学楼未见异常。", category="incident", source_unit="五印乡人民政府", source_person="罗志明",
            phone="13887241306", township="五印乡", location="五印乡五印村、新村", significant=True,
            due_at=at(19, 12, 0))
    s.instruct("q1d", at(19, 7, 40), "县应急局、住建局组成联合工作组赴五印乡，开展房屋安全鉴定，做好群众安置。",
               by="yangzh")
    s.act("q1d", at(19, 8, 10), "工作组（马永军带队，应急局2人、住建局2人、地震局1人）已出发。")
    s.entry("q1e", at(19, 8, 5), "牛街乡报告：全乡震感明显，经排查无人员伤亡，未发现房屋受损。",
            channel="im", category="incident", source_unit="牛街乡人民政府", source_person="李春华",
            phone="13887241509", township="牛街乡")
    s.close("q1e", at(19, 8, 20))
    s.entry("q1f", at(19, 8, 15), "青华乡报告：震感轻微，无人员伤亡和房屋损坏（零报告）。",
            channel="im", category="incident", source_unit="青华乡人民政府", township="青华乡")
    s.close("q1f", at(19, 8, 30))
    s.entry("q1g", at(19, 9, 20), "向州应急管理局续报：五印乡12户房屋墙体开裂、1处土墙局部垮塌，无人员伤亡，"
            "工作组已赶赴现场。", direction="out", channel="fax", category="incident",
            source_unit="大理州应急管理局", township="五印乡", significant=True)
    s.close("q1g", at(19, 9, 25))
    s.entry("q1h", at(19, 14, 10), "工作组报告：五印乡房屋受损共37户（一般损坏35户，严重损坏2户），"
            "转移安置群众9人，无人员伤亡。需帐篷20顶、棉被100床。", channel="phone", category="request",
            source_unit="县应急局工作组", source_person="马永军", phone="13908721103", township="五印乡",
            significant=True, due_at=at(19, 18, 0))
    s.instruct("q1h", at(19, 14, 30), "同意从县救灾物资储备库调拨帐篷20顶、棉被100床，今日18时前送达。")
    s.act("q1h", at(19, 16, 45), "物资已由段志强出库装车，17时50分运抵五印乡政府，交乡民政办签收。",
          by="zhanght")
    s.amend("q1h", at(19, 18, 20), "summary",
            "工作组报告：五印乡房屋受损共39户（一般损坏37户，严重损坏2户），转移安置群众9人，无人员伤亡。"
            "需帐篷20顶、棉被100床。", "复核后受损户数由37户更正为39户", by="zhanght")
    s.close("q1h", at(19, 18, 30), by="zhanght")
    s.close("q1d", at(19, 18, 35), by="zhanght")
    s.entry("q1i", at(20, 9, 30), "向州应急管理局终报：4月19日五印乡M4.2级地震造成39户房屋受损，"
            "转移安置9人，无人员伤亡，受损房屋鉴定和群众安置工作已完成。", direction="out", channel="document",
            category="incident", source_unit="大理州应急管理局", township="五印乡", significant=True)
    s.close("q1i", at(20, 9, 35))
    s.close("q1", at(20, 9, 40))
    s.close("q1b", at(20, 9, 41))


def _quake_two(s: Story) -> None:
    """M4.3, 2024-04-24 13:51:06, 五印乡 (25.24°N 99.96°E, 10 km)."""
    q = at(24, 13, 51, 6)
    s.entry("q2", at(24, 13, 54, 0), "州地震局通报：2024年4月24日13时51分06秒在巍山县五印乡（北纬25.24度，"
            "东经99.96度）发生M4.3级地震，震源深度10千米。", received=timedelta(seconds=40), category="incident",
            occurred_at=q, source_unit="大理州地震局", phone="0872-2125180", township="五印乡", significant=True,
            due_at=at(24, 14, 30))
    s.instruct("q2", at(24, 13, 58), "再次启动地震应急响应，重点复查4月19日地震受损房屋和安置点，严防次生灾害。")
    for n, whom in enumerate(("五印乡人民政府 值班室", "牛街乡人民政府 值班室", "马鞍山乡人民政府 值班室",
                              "县住建局 值班室")):
        s.notify("q2", at(24, 14, 0 + n * 2), whom, "phone")
    s.entry("q2b", at(24, 14, 20), "五印乡报告：震感强烈，4月19日受损的3户房屋裂缝扩大，已转移群众4人，"
            "暂无人员伤亡。", category="incident", source_unit="五印乡人民政府", source_person="罗志明",
            phone="13887241306", township="五印乡", significant=True, due_at=at(24, 18, 0))
    s.entry("q2c", at(24, 14, 35), "向州应急管理局首报：五印乡M4.3级地震，暂无人员伤亡，灾情核查中。",
            direction="out", channel="fax", category="incident", source_unit="大理州应急管理局", township="五印乡",
            significant=True)
    s.close("q2c", at(24, 14, 40))
    s.act("q2", at(24, 15, 0), "县地震局、住建局人员已赶赴五印乡复查，学校正常上课。")
    s.entry("q2d", at(24, 18, 30), "工作组续报：五印乡新增房屋受损11户，累计转移安置13人；请求调拨折叠床30张。",
            category="request", source_unit="县应急局工作组", source_person="赵丽萍", phone="13908721102",
            township="五印乡", significant=True, due_at=at(25, 12, 0))
    s.instruct("q2d", at(24, 18, 45), "同意调拨，明天中午前送达并做好安置点防火、防疫。", by="zhaolp")
    s.act("q2d", at(25, 10, 20), "折叠床30张已送达五印乡安置点。", by="lixy")
    s.close("q2d", at(25, 10, 30), by="lixy")
    s.close("q2", at(25, 10, 35), by="lixy")
    s.entry("q2e", at(25, 16, 0), "五印乡报送：两次地震受损房屋排查汇总表及恢复重建初步需求，需县住建局"
            "审核后上报。", channel="document", category="request", source_unit="五印乡人民政府",
            township="五印乡", due_at=at(26, 17, 0))
    s.act("q2e", at(26, 9, 0), "已转县住建局审核，待反馈。")
    s.entry("q2f", at(26, 10, 0), "州应急管理局要求：5月5日前报送4·19、4·24地震灾害损失评估报告。",
            channel="document", category="notice", source_unit="大理州应急管理局", due_at=at(28, 17, 0),
            significant=True)


def _scripted(s: Story) -> None:
    s.entry("w14", at(14, 9, 10), "县气象台发布森林火险橙色预警：未来3天我县大部地区森林火险气象等级高，"
            "请做好森林防火工作。", channel="im", category="warning", source_unit="巍山县气象台",
            source_person="张丽", phone="0872-6122067")
    s.notify("w14", at(14, 9, 20), "各乡镇防灾减灾助理员微信群", "im")
    s.notify("w14", at(14, 9, 22), "森林草原防灭火专业扑火队", "phone")
    s.close("w14", at(14, 9, 30))
    s.entry("n14", at(14, 10, 5), "州应急管理局通知：清明后森林防火高火险期，严格落实24小时值班和领导带班制度，"
            "每日17时前报送火情零报告。", channel="document", category="notice", source_unit="大理州应急管理局",
            significant=True)
    s.instruct("n14", at(14, 10, 30), "按通知要求落实，值班长每日汇总零报告17时前上报。")
    s.close("n14", at(14, 11, 0))
    s.entry("f15", at(15, 15, 40), "庙街镇报告：某村村民在地埂焚烧杂草（野外违规用火），镇扑火队已到场扑灭，"
            "未造成森林火灾。", category="incident", source_unit="庙街镇人民政府", source_person="杨建平",
            phone="13887240211", township="庙街镇", location="庙街镇古城村")
    s.act("f15", at(15, 16, 10), "已提醒庙街镇对当事人进行批评教育并加强巡查。")
    s.close("f15", at(15, 16, 15))
    s.entry("k16", at(16, 10, 0), "县安委办通知：开展烟花爆竹“打非治违”专项检查，检查批发企业1家、零售店72家。",
            channel="document", category="inspection", source_unit="县安委办")
    s.entry("k16b", at(16, 17, 30), "执法大队报告：南诏镇检查烟花爆竹零售店18家，责令停业整顿1家，"
            "收缴违规产品26箱。", category="inspection", source_unit="县应急局执法大队", source_person="周建明",
            phone="13908721501", township="南诏镇")
    s.close("k16b", at(16, 17, 45))
    s.entry("t16", at(16, 21, 15), "永建镇报告：214国道永建段发生一起两车相撞交通事故，1人受伤已送县医院，"
            "交警已到场处置。", category="incident", source_unit="永建镇人民政府", source_person="马小军",
            phone="13887240405", township="永建镇", location="214国道永建段", due_at=at(17, 9, 0))
    s.act("t16", at(16, 22, 0), "已与县交警大队核实，伤者无生命危险。")
    s.close("t16", at(17, 8, 50))
    s.entry("w17", at(17, 11, 20), "县气象台发布大风蓝色预警：17日午后至夜间我县将出现6～7级阵风。",
            channel="im", category="warning", source_unit="巍山县气象台", source_person="张丽", phone="0872-6122067")
    s.notify("w17", at(17, 11, 30), "各乡镇防灾减灾助理员微信群", "im")
    s.close("w17", at(17, 11, 35))
    s.entry("s17", at(17, 14, 0), "紫金乡群众来电：紫金山方向发现烟雾。", category="incident",
            source_person="李先生", phone="15087231166", township="紫金乡", location="紫金山", due_at=at(17, 15, 0))
    s.act("s17", at(17, 14, 25), "经紫金乡护林员现场核实，为农户烧地埂产生的烟雾，已扑灭，属误报。")
    s.close("s17", at(17, 14, 30))
    s.entry("s17dup", at(17, 14, 3), "紫金乡群众来电：紫金山方向发现烟雾。", category="incident",
            source_person="李先生", phone="15087231166", township="紫金乡")
    s.void("s17dup", at(17, 14, 40), "与上一条重复登记")
    s.entry("d18", at(18, 9, 30), "巍山祥华中学请示：拟于4月26日组织全校师生地震应急疏散演练，请县应急局派员指导。",
            category="drill", source_unit="巍山祥华中学", source_person="王校长", phone="0872-6123301",
            township="南诏镇", due_at=at(22, 17, 0))
    s.instruct("d18", at(18, 10, 0), "同意，请安全股派2人现场指导。", by="mayj")
    s.act("d18", at(25, 16, 30), "已安排安全股2人于26日上午到校指导。")
    s.close("d18", at(26, 12, 0))
    s.entry("g20", at(20, 15, 0), "巍山能迅天然气有限公司报告：例行检查发现调压站一处阀门轻微泄漏，已关阀处置，"
            "无人员伤亡。", category="incident", source_unit="巍山能迅天然气有限公司", source_person="段工",
            phone="0872-6125508", township="南诏镇", due_at=at(21, 12, 0))
    s.instruct("g20", at(20, 15, 20), "请安全生产股明天上午到现场督查整改。")
    s.act("g20", at(21, 11, 0), "安全生产股已现场督查，阀门已更换，企业已提交整改报告。")
    s.close("g20", at(21, 11, 10))
    s.entry("w22", at(22, 16, 40), "县气象台发布冰雹黄色预警：22日傍晚至夜间马鞍山乡、紫金乡可能出现冰雹天气。",
            channel="im", category="warning", source_unit="巍山县气象台", source_person="张丽",
            phone="0872-6122067", significant=True)
    s.notify("w22", at(22, 16, 50), "马鞍山乡人民政府 值班室", "phone")
    s.notify("w22", at(22, 16, 52), "紫金乡人民政府 值班室", "phone")
    s.close("w22", at(23, 8, 0))
    s.entry("h22", at(22, 21, 30), "马鞍山乡报告：20时40分至21时降冰雹约15分钟，部分烤烟、蔬菜受损，面积待统计。",
            category="incident", source_unit="马鞍山乡人民政府", source_person="茶丽芳", phone="13887240712",
            township="马鞍山乡", due_at=at(23, 17, 0))
    s.act("h22", at(23, 16, 0), "已转县农业农村局统计受灾面积。")
    s.entry("k23", at(23, 17, 10), "执法大队报告：庙街镇检查烟花爆竹零售店15家，发现违规储存1家，收缴12箱，"
            "罚款0.18万元。", category="inspection", source_unit="县应急局执法大队", source_person="周建明",
            phone="13908721501", township="庙街镇")
    s.close("k23", at(23, 17, 20))
    s.entry("p25", at(25, 11, 0), "州应急管理局电话通知：4月26日上午9时召开全州森林草原防灭火视频调度会，"
            "请局主要领导参会。", category="notice", source_unit="大理州应急管理局", source_person="李科长",
            phone="0872-2316220", due_at=at(26, 9, 0))
    s.notify("p25", at(25, 11, 10), "局长 杨志华", "phone")
    s.close("p25", at(26, 9, 5))
    s.entry("r27", at(27, 10, 15), "牛街乡请示：申请调拨抽水机2台用于抗旱保苗。", category="request",
            source_unit="牛街乡人民政府", source_person="李春华", phone="13887241509", township="牛街乡",
            due_at=at(29, 12, 0))
    s.entry("f28", at(28, 13, 20), "巍宝山扑火队报告：巍宝山片区巡护中发现一处祭祀用火痕迹，已清理，无火情。",
            channel="radio", category="routine", source_unit="巍宝山扑火队", source_person="班长 字国华",
            township="巍宝山乡", location="巍宝山片区")


ROUTINE_UNITS = (
    ("大仓镇扑火队", "大仓镇"), ("巍宝山扑火队", "巍宝山乡"), ("庙街镇扑火队", "庙街镇"),
    ("五印乡扑火队", "五印乡"), ("五里坡扑火队", "永建镇"),
)


def _routine(s: Story) -> None:
    """Every day: the weather forecast, forest-fire patrol reports, townships' zero reports."""
    rnd = random.Random(20240414)
    day = START
    while day <= END:
        d = day.day
        if day.month == 4:
            s.entry(f"wx{d}", at(d, 8, 5 + rnd.randint(0, 10)), "县气象台天气预报：今天白天到夜间晴间多云，"
                    f"气温{rnd.randint(9, 12)}～{rnd.randint(24, 28)}℃，森林火险气象等级{rnd.choice(['高', '较高', '高'])}。",
                    channel="im", category="warning", source_unit="巍山县气象台", source_person="张丽",
                    phone="0872-6122067")
            s.close(f"wx{d}", at(d, 8, 30))
            unit, town = rnd.choice(ROUTINE_UNITS)
            s.entry(f"pt{d}", at(d, 11, rnd.randint(0, 50)), f"{unit}报告：今日巡护{rnd.randint(3, 8)}条线路，"
                    "宣传群众，检查入山人员，未发现火情。", channel="radio", category="routine", source_unit=unit,
                    township=town)
            s.close(f"pt{d}", at(d, 12, 0))
            s.entry(f"zr{d}", at(d, 17, rnd.randint(0, 20)), "各乡镇报送今日森林火情、地质灾害零报告，10个乡镇均无异常。",
                    channel="im", category="routine", source_unit="各乡镇防灾减灾助理员")
            s.close(f"zr{d}", at(d, 17, 40))
            if rnd.random() < 0.5:
                town = rnd.choice(TOWNSHIPS)
                s.entry(f"cn{d}", at(d, 20, rnd.randint(0, 59)), f"{town}防灾减灾助理员来电咨询灾害信息员培训报名事宜，"
                        "已答复。", category="routine", source_unit=f"{town}人民政府", township=town)
                s.close(f"cn{d}", at(d, 21, 0))
        day += timedelta(days=1)


def events(ctx: DemoContext) -> Iterable[Event]:
    story = Story(ctx)
    _scripted(story)
    _quake_one(story)
    _quake_two(story)
    _routine(story)
    return story.events


# -- synthetic bulk entries (`dutydesk demo --entries N`, duty_synthetic.py) -----------------------

OPERATORS = tuple(op for _lead, team in TEAMS for op in team)


def finish(ctx: DemoContext) -> None:
    total = int(ctx.options.get("entries") or 0)
    if total <= 0:
        return
    entry = table(DutyEntry)
    with ctx.db.read() as conn:
        numbers = {int(y): int(n) for y, n in conn.execute(
            select(entry.c.year, func.max(entry.c.number))
            .where(entry.c.station_id == ctx.db.station_id).group_by(entry.c.year)
        ).tuples()}
    bulk_connections(ctx, True)
    try:
        started = time.perf_counter()
        payloads = synthetic_payloads(total, numbers=numbers)
        done = 0
        for start in range(0, total, CHUNK):
            chunk = list(itertools.islice(payloads, CHUNK))
            items = [("duty.entry.add", p, OPERATORS[(start + i) % len(OPERATORS)]) for i, p in enumerate(chunk)]
            with ctx.db.write() as w:
                w.record_many(items)
            done += len(chunk)
            rate = done / max(1e-9, time.perf_counter() - started)
            ctx.progress(messages.text("demo.synthetic_progress", done=f"{done:,}", total=f"{total:,}",
                                       rate=f"{rate:,.0f}"))
    finally:
        bulk_connections(ctx, False)


messages.register(
    {
        "demo.synthetic_progress": ("值班日志：已生成合成记录 {done}/{total} 条（每秒 {rate} 条）",
                                    "duty log: {done}/{total} synthetic entries ({rate}/s)"),
    }
)
