"""Demo shifts: the rota for April–June 2024 and the shifts of 14–29 April 2024.

One 24-hour shift a day (08:30–08:30, the county's 24小时应急值守), two teams alternating (the
same teams the demo duty log uses), leaders on duty in turn. The first shift is opened on
14 April; every morning the outgoing shift lead hands over to the incoming one (with the
leader on duty countersigning), so the sheet of the night of the first earthquake
(2024-04-19 05:54:10) — handed over at 08:30 that morning — is a real one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta

from app.clock import datetime_to_ms
from app.services import shifts
from app.services.demo import TZ, DemoContext
from app.services.demo.duty_log import LEADERS, TEAMS
from app.services.shifts import Composition, Confirmation, rota

ORDER = 10
FIRST_DAY = date(2024, 4, 14)
ROTA_FROM = date(2024, 4, 1)
ROTA_TO = date(2024, 6, 30)
LAST_HANDOVER = date(2024, 4, 29)
Event = tuple[datetime, Callable[[], None]]

NOTES: dict[date, str] = {
    date(2024, 4, 15): "本班平稳。森林防火期，各扑火队24小时备勤，巡护报告已登记。",
    date(2024, 4, 17): "县气象台发布大风蓝色预警，已转发各乡镇；明日关注火险等级。",
    date(2024, 4, 19): "05:54 五印乡发生M4.2级地震，已启动地震应急预案，首报已报州应急局。"
                       "请接班人员：10:00前报送灾情续报；跟进五印乡、牛街乡危旧房和学校排查结果；"
                       "卫星电话已充电备用，与五印乡保持每2小时联络一次。",
    date(2024, 4, 20): "地震灾情排查基本完成，无人员伤亡；续报已报送。传真机已恢复。",
    date(2024, 4, 22): "传真机卡纸，已报修（县信息中心 6122301），期间公文改用政务内网接收。",
    date(2024, 4, 25): "13:51 五印乡再次发生M4.3级地震，已首报并通知各乡镇排查；请跟进终报。",
}
FAULTS: dict[date, dict[str, bool]] = {
    date(2024, 4, 19): {"fax": False},
    date(2024, 4, 22): {"fax": False},
}


def duty_day(day: date) -> int:
    return day.toordinal() - FIRST_DAY.toordinal()


def composition(day: date) -> Composition:
    n = duty_day(day)
    lead, operators = TEAMS[n % 2]
    return Composition(LEADERS[n % 3], lead, tuple(operators))


def _slot(day: date) -> str:
    return f"{day.isoformat()}T08:30"


def plan(ctx: DemoContext) -> None:
    """The bureau's rota for April–June, with a swap and one short-handed day."""
    items: list[tuple[str, Composition]] = []
    day = ROTA_FROM
    while day <= ROTA_TO:
        comp = composition(day)
        if day == date(2024, 6, 15):  # two operators on training: a gap the rota warns about
            comp = Composition(comp.leader, comp.lead, comp.operators[:1])
        items.append((_slot(day), comp))
        day += timedelta(days=1)
    rota.assign_many(ctx.db, ctx.actor("yangzh"), items)


def swaps(ctx: DemoContext) -> None:
    leader = ctx.actor("yangzh")
    day = date(2024, 5, 2)  # 王磊 has a family matter; 杨芳 takes his duty
    out = "wanglei" if "wanglei" in composition(day).operators else "yangfang"
    into = "yangfang" if out == "wanglei" else "wanglei"
    rota.swap(ctx.db, leader, _slot(day), "operators", out, into, asked_by=out, approved_by="zhanght",
              reason="家中有事" if out == "wanglei" else "参加培训")
    day = date(2024, 5, 20)
    comp = composition(day)
    other = next(u for u in ("yangzh", "zhaolp", "mayj") if u != comp.leader)
    rota.swap(ctx.db, leader, _slot(day), "leader", comp.leader, other, asked_by=comp.leader, approved_by="yangzh",
              reason="到州里开会")


def _at(day: date, hh: int, mm: int, ss: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, ss, tzinfo=TZ)


def events(ctx: DemoContext) -> Iterable[Event]:
    out: list[Event] = [
        (datetime(2024, 3, 25, 10, 0, tzinfo=TZ), lambda: plan(ctx)),
        (datetime(2024, 4, 26, 16, 0, tzinfo=TZ), lambda: swaps(ctx)),
    ]

    def open_first() -> None:
        shifts.open_shift(ctx.db, ctx.actor(composition(FIRST_DAY).lead))

    out.append((_at(FIRST_DAY, 8, 30, 5), open_first))
    day = FIRST_DAY + timedelta(days=1)
    while day <= LAST_HANDOVER:
        out.append((_at(day, 8, 31, 0), _handover(ctx, day)))
        day += timedelta(days=1)
    return out


def _handover(ctx: DemoContext, day: date) -> Callable[[], None]:
    def run() -> None:
        info = shifts.open_shift_info(ctx.db)
        assert info is not None
        before, after = composition(day - timedelta(days=1)), composition(day)
        base = datetime_to_ms(_at(day, 8, 31, 0))
        confirmations = [
            Confirmation(shifts.OUTGOING, info.lead.username if info.lead else before.lead, base - 95_000),
            Confirmation(shifts.INCOMING, after.lead, base - 40_000),
            Confirmation(shifts.LEADER, info.leader.username if info.leader else before.leader, base),
        ]
        shifts.hand_over(ctx.db, info.shift_id, confirmations, notes=NOTES.get(day, "本班平稳，设备运行正常。"),
                         equipment=FAULTS.get(day, {}))
    return run
