"""Synthetic duty-log entries in bulk (`dutydesk demo --entries N`): deterministic payloads
spread over the years, and the bulk-loading connection settings (demo data only).

No `events`/`finish` here: the duty log's demo module (duty_log.py) drives the load."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import event

from app.clock import datetime_to_ms
from app.services import duty_log
from app.services.demo import TZ, DemoContext

TOWNSHIPS = ("南诏镇", "庙街镇", "大仓镇", "永建镇", "巍宝山乡", "紫金乡", "马鞍山乡", "五印乡", "牛街乡", "青华乡")
SYN_UNITS = ("大理州应急管理局", "巍山县气象台", "大理州地震局", "县自然资源局", "县公安局", "县消防救援大队",
             "县交通运输局", "县水务局", "县住建局", "县卫健局", "县教体局", "县供电局", "县应急局执法大队")
SYN_PERSONS = ("张丽", "李春华", "罗志明", "杨建平", "马小军", "茶丽芳", "周建明", "字国华", "王强", "赵敏")
SYN_TEXTS = (
    "{town}报告：{place}发生山火，扑火队已出动{n}人扑救。",
    "{town}报告：{place}因降雨发生小型滑坡，堵塞道路{n}米，无人员伤亡。",
    "州地震局通报：{town}附近发生M{m}级地震，震源深度{d}千米，暂无灾情报告。",
    "县气象台发布{color}色{kind}预警，请{town}做好防范。",
    "{town}报送森林火情零报告。",
    "执法大队检查{town}烟花爆竹零售店{n}家，发现问题{k}处。",
    "{town}请示调拨{goods}{n}件。",
    "{town}报告：{place}发生交通事故，{k}人受伤。",
    "上级通知：做好{kind}期间应急值守工作。",
    "{town}组织{kind}应急演练，参加{n}人。",
)
COLORS = ("蓝", "黄", "橙", "红")
KINDS = ("暴雨", "大风", "冰雹", "高温", "森林火险", "地质灾害", "汛期", "节假日")
GOODS = ("帐篷", "棉被", "折叠床", "抽水机", "发电机", "千斤顶", "灭火器")
CATS = ("incident", "incident", "incident", "warning", "routine", "inspection", "request", "incident", "notice",
        "drill")
CHANNEL_CODES = tuple(duty_log.CHANNELS)
KNOWN_PHONE = "13908721101"


def synthetic_payloads(count: int, seed: int = 7, start_year: int = 2014,
                       numbers: dict[int, int] | None = None) -> Iterator[dict[str, Any]]:
    """`count` realistic-looking entry payloads, received from 2014 to mid-April 2024 in order,
    numbered per year of receipt (continuing `numbers`: year -> last number)."""
    rnd = random.Random(seed)
    first = datetime_to_ms(datetime(start_year, 1, 1, tzinfo=TZ))
    last = datetime_to_ms(datetime(2024, 4, 13, 23, 59, tzinfo=TZ))
    step = (last - first) / max(1, count)
    numbers = dict(numbers or {})
    year_of: dict[int, int] = {}
    for i in range(count):
        received = int(first + i * step + rnd.random() * step * 0.5)
        day_key = received // 86_400_000
        year = year_of.get(day_key)
        if year is None:
            year = datetime.fromtimestamp(received / 1000, TZ).year
            year_of[day_key] = year
        numbers[year] = numbers.get(year, 0) + 1
        t = rnd.randrange(len(SYN_TEXTS))
        town = TOWNSHIPS[rnd.randrange(10)]
        summary = SYN_TEXTS[t].format(town=town, place=town + rnd.choice(("东山", "西坡", "村委会附近", "公路旁")),
                                      n=rnd.randint(2, 60), k=rnd.randint(0, 5), m=f"{rnd.randint(30, 49) / 10:.1f}",
                                      d=rnd.randint(5, 20), color=rnd.choice(COLORS), kind=rnd.choice(KINDS),
                                      goods=rnd.choice(GOODS))
        phone = KNOWN_PHONE if rnd.random() < 0.0005 else f"1{rnd.choice('358')}{rnd.randrange(10**9):09d}"
        yield {
            "year": year,
            "number": numbers[year],
            "direction": "in" if rnd.random() < 0.85 else "out",
            "channel": CHANNEL_CODES[rnd.randrange(len(CHANNEL_CODES))],
            "category": CATS[t],
            "received_ms": received,
            "occurred_ms": received - rnd.randint(60_000, 1_800_000) if CATS[t] == "incident" else None,
            "source_unit": SYN_UNITS[rnd.randrange(len(SYN_UNITS))],
            "source_person": SYN_PERSONS[rnd.randrange(len(SYN_PERSONS))],
            "phone": phone,
            "township": town,
            "location": "",
            "summary": summary,
            "due_ms": None,
            "significant": rnd.random() < 0.03,
            # taken over from the old paper ledger: dealt with long ago, except the last weeks
            "status": "open" if i > count - 200 and rnd.random() < 0.3 else "closed",
        }


CHUNK = 50_000
BULK_CACHE_KIB = 1_048_576
"""SQLite page cache while bulk-loading (1 GiB): index pages are written once per chunk."""


def _bulk_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    cur.execute("PRAGMA synchronous=OFF")
    cur.close()


def bulk_connections(ctx: DemoContext, on: bool) -> None:
    """Demo data only: a big page cache and no fsync per chunk while bulk-loading (a build that
    fails is deleted whole); ordinary connections again afterwards."""
    if not ctx.db.is_sqlite:
        return
    ctx.db.engine.dispose()
    if on:
        event.listen(ctx.db.engine, "connect", _bulk_pragmas)
    elif event.contains(ctx.db.engine, "connect", _bulk_pragmas):
        event.remove(ctx.db.engine, "connect", _bulk_pragmas)
