"""Demo rosters: every force of the county (FACTS.md) and the liaison directory.

The units and strengths are the bureau's (forest-fire professional team: 114 people in 8 squads
at 5 posts; 10 township volunteer teams, 1,020; 10 militia platoons, 300; power repair 3 teams,
140; flood technical team 56; communications 38; food 20; road repair 30; fuel 25; medical 10
teams, 80). The people are invented: the professional team's 114 members (names, phones, ID
numbers are made up, with 555-style 1390872xxxx numbers), and a leader for every other unit.
The 83 villages/communities are invented names (the reference data has only the townships), each
with an assistant (助理员) and an information officer (信息员); in 五印乡 one information officer
serves two villages. After the M4.2 earthquake of 2024-04-19 05:54 the forest-fire team is
ordered to 五印乡 and stands down the next evening. A few numbers were last verified more than a
year before, two squad leaders' first-aid certificates expire in May 2024.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any

from app import messages
from app.clock import datetime_to_ms
from app.services.demo import TZ, DemoContext
from app.services.rosters import status, units
from app.storage.ids import uuid7
from app.storage.oplog import Writer

ORDER = 5
Event = tuple[datetime, Callable[[], None]]
SETUP = datetime(2024, 3, 1, 10, 0, tzinfo=TZ)
QUAKE_ORDER = datetime(2024, 4, 19, 6, 12, tzinfo=TZ)
STAND_DOWN = datetime(2024, 4, 20, 18, 30, tzinfo=TZ)

SURNAMES = "李杨张字罗茶普左马陈王赵鲁毕施苏段何自火周起胡熊徐朱阿"
GIVEN = ("建华", "志强", "文忠", "学军", "国富", "正明", "海涛", "永红", "春华", "云飞", "明亮", "家林", "金龙",
         "应祥", "光荣", "绍武", "兴发", "德华", "成林", "世杰", "玉昌", "宏伟", "俊", "勇", "刚", "斌", "磊", "涛",
         "丽", "芳", "艳", "秀英", "春梅", "会仙", "国平", "福贵", "顺", "林", "松", "荣")
TOWNS = ("南诏镇", "庙街镇", "大仓镇", "永建镇", "巍宝山乡", "紫金乡", "马鞍山乡", "五印乡", "牛街乡", "青华乡")
VILLAGES: dict[str, tuple[str, ...]] = {
    "南诏镇": ("古城社区", "文华社区", "星拱社区", "东莲花村", "西边村", "前新村", "五里坡村", "城北村", "盟石村",
             "龙于图村", "新民村", "北山村"),
    "庙街镇": ("庙街社区", "古城村", "盟石村", "安乐村", "南山村", "大坪村", "新山村", "西山村", "土主村", "白土坡村"),
    "大仓镇": ("大仓社区", "甸中村", "小仓村", "新胜村", "啄木郎村", "大围埂村", "自家村", "琢木郎山村", "新华村", "坪子村"),
    "永建镇": ("永建社区", "永和村", "永胜村", "小围埂村", "东山村", "回辉登村", "马米厂村", "三家村", "大潭村",
             "圆觉村", "和平村"),
    "巍宝山乡": ("巍宝村", "龙街村", "新村村", "营盘村", "瓦厂村", "青山村"),
    "紫金乡": ("紫金村", "丁家村", "麦地村", "白衣村", "大村村", "平坝村", "山后村"),
    "马鞍山乡": ("马鞍山村", "青云村", "民主村", "中和村", "龙潭村", "新民村", "河底村", "阿克么村"),
    "五印乡": ("五印村", "瓦葵村", "新胜村", "小村村", "光明村"),
    "牛街乡": ("牛街村", "福利村", "石洞村", "水平村", "底都村", "外口村", "龙潭村"),
    "青华乡": ("青华村", "西河村", "岩子村", "青云村", "咪咪村", "大象村", "松子园村"),
}
DEPARTMENTS = ("县发展和改革局", "县教育体育局", "县公安局", "县民政局", "县财政局", "县自然资源局", "县住房和城乡建设局",
               "县交通运输局", "县水务局", "县农业农村局", "县卫生健康局", "县林业和草原局", "县气象局",
               "县文化和旅游局", "县市场监督管理局", "县工业信息化和商务局", "州生态环境局巍山分局", "县消防救援大队",
               "县人民武装部", "巍山供电局", "县融媒体中心", "县防震减灾中心", "县退役军人事务局")
POSTS = (  # post, township, [(squad, size)]; each post also has one seconded manager
    ("大仓驻防点", "大仓镇", (("大仓一班", 13), ("大仓二班", 13))),
    ("巍宝山驻防点", "巍宝山乡", (("巍宝山一班", 12), ("巍宝山二班", 12))),
    ("庙街驻防点", "庙街镇", (("庙街班", 17),)),
    ("五印驻防点", "五印乡", (("五印班", 18),)),
    ("五里坡驻防点", "南诏镇", (("五里坡一班", 12), ("五里坡二班", 12))),
)
OTHERS: tuple[tuple[str, str, int, tuple[tuple[str, str, int], ...]], ...] = (
    ("乡镇义务扑火队", "volunteer", 1020, tuple((f"{t}义务扑火队", t, 102) for t in TOWNS)),
    ("基干民兵应急排", "militia", 300, tuple((f"{t}基干民兵排", t, 30) for t in TOWNS)),
    ("电力应急抢险队伍", "power", 140, (("巍山供电局抢险一队", "南诏镇", 50), ("巍山供电局抢险二队", "永建镇", 45),
                                         ("巍山供电局抢险三队", "大仓镇", 45))),
    ("医疗卫生应急队", "medical", 80, tuple((f"{t}卫生院应急分队", t, 8) for t in TOWNS)),
)
SINGLES = (("水旱灾害防御技术应急队", "flood", 56, "南诏镇"), ("通信保障应急队", "comms", 38, "南诏镇"),
           ("食品应急保障排", "food", 20, "南诏镇"), ("公路道路抢险应急队", "road", 30, "永建镇"),
           ("油料保障排", "fuel", 25, "南诏镇"))


class Names:
    def __init__(self, seed: int) -> None:
        self.rnd = random.Random(seed)
        self.used: set[str] = set()
        self.phone = 0

    def name(self) -> str:
        while True:
            candidate = self.rnd.choice(SURNAMES) + self.rnd.choice(GIVEN)
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate

    def mobile(self) -> str:
        self.phone += 1
        return f"1390872{6000 + self.phone:04d}"


def _ms(when: datetime) -> int:
    return datetime_to_ms(when)


class Builder:
    """Writes the roster through one transaction, with the same payloads the services write."""

    def __init__(self, ctx: DemoContext, w: Writer) -> None:
        self.ctx, self.w = ctx, w
        self.user = "zhanght"
        self.names = Names(12)
        self.verified = _ms(datetime(2024, 2, 26, 10, 0, tzinfo=TZ))
        self.count = 0

    def _id(self) -> str:
        return uuid7(self.ctx.clock())

    def unit(self, name: str, level: str, type_: str, parent: str, township: str, planned: int, sort: int,
             place: str = "", phone: str = "") -> str:
        unit_id = self._id()
        self.w.record("roster.unit.create", {"unit_id": unit_id, "name": name, "level": level, "type": type_,
                                             "parent_id": parent, "township": township, "place": place or township,
                                             "planned": planned, "leader_id": "", "phone": phone, "sort": sort,
                                             "note": ""}, self.user)
        return unit_id

    def person(self, unit_id: str, role: str, *, name: str = "", title: str = "", phones: int = 1,
               verified_ms: int | None = None, gender: str = "男", since: str = "2023-12-01") -> str:
        self.count += 1
        pid = self._id()
        birth = f"19{self.names.rnd.randint(75, 99)}{self.names.rnd.randint(1, 12):02d}{self.names.rnd.randint(1, 28):02d}"
        idno = f"532927{birth}{self.count % 1000:03d}{self.names.rnd.randint(0, 9)}"
        self.w.record("roster.person.create", {"person_id": pid, "name": name or self.names.name(), "id_number": idno,
                                               "gender": gender, "title": title, "note": "", "status": "active"},
                      self.user)
        if unit_id:
            self.w.record("roster.member.assign", {"person_id": pid, "unit_id": unit_id, "role": role,
                                                   "from_date": since}, self.user)
        for rank in range(1, phones + 1):
            number = self.names.mobile() if rank == 1 else f"0872-61{self.names.rnd.randint(20000, 29999)}"
            self.w.record("roster.phone.add", {"phone_id": self._id(), "person_id": pid, "number": number,
                                               "label": "" if rank == 1 else "单位", "rank": rank,
                                               "verified_ms": verified_ms or self.verified,
                                               "verified_by": "zhanght"}, self.user)
        return pid

    def lead(self, unit_id: str, person_id: str) -> None:
        self.w.record("roster.unit.edit", {"unit_id": unit_id, "field": "leader_id", "value": person_id, "base": ""},
                      self.user)

    def qual(self, person_id: str, qtype: str, awarded: str, months: int, expires: str) -> None:
        self.w.record("roster.qual.add", {"qual_id": self._id(), "person_id": person_id, "qtype": qtype,
                                          "awarded": awarded, "validity_months": months, "expires": expires},
                      self.user)


def build_forces(ctx: DemoContext) -> dict[str, str]:
    """All units, people and directory posts; returns unit ids by name."""
    ids: dict[str, str] = {}
    old = _ms(datetime(2023, 3, 8, 9, 0, tzinfo=TZ))
    with ctx.db.write() as w:
        b = Builder(ctx, w)
        team = b.unit("森林草原防灭火地方专业扑火队", "team", "professional", "", "南诏镇", 114, 1, place="县城",
                      phone="0872-6125119")
        ids["森林草原防灭火地方专业扑火队"] = team
        stale_left = 4
        for n, (post, town, squads) in enumerate(POSTS):
            post_id = b.unit(post, "post", "professional", team, town, 1 + sum(s for _n, s in squads), n + 1)
            ids[post] = post_id
            manager = b.person(post_id, "manager", title="县应急局选派", phones=2)
            b.lead(post_id, manager)
            if n == 0:
                b.lead(team, manager)
                b.qual(manager, "红十字救护员证", "2021-05-10", 36, "2024-05-09")
            for m, (squad, size) in enumerate(squads):
                squad_id = b.unit(squad, "squad", "professional", post_id, town, size, m + 1)
                ids[squad] = squad_id
                leader = b.person(squad_id, "squad_leader", phones=2)
                b.lead(squad_id, leader)
                b.qual(leader, "扑火队员上岗证", "2023-12-01", 24, "2025-11-30")
                if squad == "五印班":
                    b.qual(leader, "红十字救护员证", "2021-05-20", 36, "2024-05-19")
                for k in range(size - 1):
                    stale = stale_left > 0 and k == 3
                    stale_left -= 1 if stale else 0
                    pid = b.person(squad_id, "driver" if k == 0 else ("medic" if k == 1 else "member"),
                                   verified_ms=old if stale else None)
                    b.qual(pid, "扑火队员上岗证", "2023-12-01", 24, "2025-11-30")
        for sort, (parent_name, type_, planned, children) in enumerate(OTHERS, start=2):
            parent = b.unit(parent_name, "team", type_, "", "", planned, sort)
            ids[parent_name] = parent
            head = b.person("", "leader", title=f"{parent_name}牵头负责人")
            b.lead(parent, head)
            for m, (name, town, size) in enumerate(children):
                child = b.unit(name, "group" if type_ != "militia" else "platoon", type_, parent, town, size, m + 1)
                ids[name] = child
                b.lead(child, b.person(child, "leader", phones=1 + (m % 2)))
        for sort, (name, type_, planned, town) in enumerate(SINGLES, start=10):
            unit_id = b.unit(name, "team", type_, "", town, planned, sort)
            ids[name] = unit_id
            b.lead(unit_id, b.person(unit_id, "leader", phones=2, verified_ms=old if type_ == "fuel" else None))
        _directory(b)
    return ids


def _post(b: Builder, role: str, township: str, village: str, department: str, person_id: str, phone: str = "") -> None:
    b.w.record("roster.post.create", {"post_id": b._id(), "role": role, "township": township, "village": village,
                                      "department": department, "person_id": person_id, "phone": phone}, b.user)


def _directory(b: Builder) -> None:
    for n, town in enumerate(TOWNS):
        _post(b, "duty_phone", town, "", "", "", f"0872-63{n + 10:02d}{n + 100:03d}")
        shared = ""
        for v, village in enumerate(VILLAGES[town]):
            _post(b, "assistant", town, village, "", b.person("", "", title=f"{village}防灾减灾助理员",
                                                             gender="男" if v % 3 else "女"))
            if town == "五印乡" and v in (1, 2):  # one information officer serves 瓦葵村 and 新胜村
                shared = shared or b.person("", "", title="瓦葵村、新胜村信息员")
                _post(b, "info_officer", town, village, "", shared)
            else:
                _post(b, "info_officer", town, village, "", b.person("", "", title=f"{village}信息员",
                                                                     gender="女" if v % 2 else "男"))
    for department in DEPARTMENTS:
        _post(b, "liaison", "", "", department, b.person("", "", title=department, phones=2))


def events(ctx: DemoContext) -> Iterable[Event]:
    ids: dict[str, str] = {}

    def setup() -> None:
        ids.update(build_forces(ctx))
        ctx.progress(messages.text("demo.rosters_built", units=len(ids)))

    def standby() -> None:
        with ctx.db.write() as w:
            for name in ("森林草原防灭火地方专业扑火队", "乡镇义务扑火队", "基干民兵应急排", "电力应急抢险队伍",
                         "医疗卫生应急队", *(s[0] for s in SINGLES)):
                w.record("roster.status", {"unit_id": ids[name], "status": "standby", "incident_id": "",
                                           "place": "", "reason": "", "note": "森林防火期24小时备勤"}, "zhanght")

    def order_out() -> None:
        quake = _incident_near(ctx, datetime(2024, 4, 19, 5, 50, tzinfo=TZ), datetime(2024, 4, 19, 6, 0, tzinfo=TZ),
                               "五印乡")
        status.set_status(ctx.db, ctx.actor("zhanght"), ids["森林草原防灭火地方专业扑火队"], "deployed",
                          incident_id=quake, place="五印乡", note="M4.2地震，赴五印乡开展灾情排查和群众转移")

    def fire_out() -> None:
        fire = _incident_near(ctx, datetime(2024, 4, 22, 14, 0, tzinfo=TZ), datetime(2024, 4, 22, 14, 30, tzinfo=TZ),
                              "大仓镇")
        status.set_status(ctx.db, ctx.actor("zhanght"), ids["大仓驻防点"], "deployed", incident_id=fire,
                          place="大仓镇小三家村后山", note="2个班27人，携风力灭火机12台")

    def fire_back() -> None:
        status.set_status(ctx.db, ctx.actor("zhanght"), ids["大仓驻防点"], "standby",
                          note="余火清理完毕，留守6人看守火场，其余撤回驻地")

    def wuyin_squad_rest() -> None:
        status.set_status(ctx.db, ctx.actor("lixy"), ids["庙街班"], "resting", note="连续作业12小时，轮换休整")

    def stand_down() -> None:
        status.set_status(ctx.db, ctx.actor("lixy"), ids["森林草原防灭火地方专业扑火队"], "standby",
                          note="五印乡排查完毕，全队撤回驻防点待命")

    def out_of_service() -> None:
        status.set_status(ctx.db, ctx.actor("zhanght"), ids["巍山供电局抢险三队"], "out", note="车辆年检，暂停备勤")

    return [(SETUP, setup), (datetime(2024, 3, 1, 11, 0, tzinfo=TZ), standby), (QUAKE_ORDER, order_out),
            (datetime(2024, 4, 19, 18, 20, tzinfo=TZ), wuyin_squad_rest), (STAND_DOWN, stand_down),
            (datetime(2024, 4, 22, 14, 27, tzinfo=TZ), fire_out), (datetime(2024, 4, 22, 18, 46, tzinfo=TZ), fire_back),
            (datetime(2024, 4, 27, 9, 0, tzinfo=TZ), out_of_service)]


def _incident_near(ctx: DemoContext, start: datetime, end: datetime, township: str) -> str:
    """The id of the incident the demo's incident area opened then and there ('' without that area)."""
    try:
        from app.services.incidents import incidents
    except ImportError:
        return ""
    for row in incidents.listing(ctx.db, since_ms=datetime_to_ms(start), until_ms=datetime_to_ms(end)):
        if getattr(row, "township", township) == township:
            return str(row.id)
    return ""


def summary(ctx: DemoContext) -> dict[str, Any]:
    return {"units": len(units.list_units(ctx.db))}


messages.register({
    "demo.rosters_built": ("演示数据：救援队伍花名册已建立（{units} 支队伍）", "Demo: the rescue-unit rosters are built ({units} units)"),
})
