"""Benchmarks of the incident timeline and statistics (not run by default).

    pytest tests/perf/test_incident_perf.py -s
    DUTYDESK_PERF_ENTRIES=200000 pytest tests/perf/test_incident_perf.py -s     # a smaller database

A database of `DUTYDESK_PERF_ENTRIES` duty-log entries (default 1,000,000, `demo --entries`)
plus 10,000 synthetic incidents over ten years (each with a casualty count and a report).

Timeline window load for a week, a month and a year ending at the busiest time: the median ms of
`timeline.events()` (every lane's hook: incidents, reports and obligations, duty log), the
ratio to the plain SQL range queries of the same rows in the same run (sqlite3, no Python
objects), and the median ms of a full redraw of the pyqtgraph widget (load + one
ScatterPlotItem per lane). Target ≤ 100 ms per redraw. Statistics over ten years: ≤ 200 ms.
"""

from __future__ import annotations

import os
import random
import sqlite3
import statistics as stats_
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.clock import datetime_to_ms
from app.services import demo
from app.services.incidents import statistics, timeline
from app.storage.engine import Database

pytestmark = pytest.mark.perf
ENTRIES = int(os.environ.get("DUTYDESK_PERF_ENTRIES", "1000000"))
INCIDENTS = 10_000
TZ = ZoneInfo("Asia/Shanghai")
END = datetime(2024, 4, 20, tzinfo=TZ)
WINDOWS = (("week", 7), ("month", 31), ("year", 366))


def median_ms(func: Callable[[], object], runs: int = 7) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
    return stats_.median(times)


def add_incidents(db: Database, count: int) -> None:
    rnd = random.Random(10)
    kinds = ("road_traffic", "fire", "fire", "forest_fire", "geological", "flood", "earthquake", "construction")
    start = datetime_to_ms(datetime(2014, 5, 1, tzinfo=TZ))
    span = datetime_to_ms(END) - start
    per_station: dict[int, int] = {}
    items = []
    for _n in range(count):
        occurred = start + rnd.randrange(span)
        year = datetime.fromtimestamp(occurred / 1000, TZ).year
        per_station[year] = per_station.get(year, 0) + 1
        items.append(("incident.add", {"year": year, "number": per_station[year], "type": rnd.choice(kinds),
                                       "level": "IV", "status": "closed", "occurred_ms": occurred,
                                       "received_ms": occurred + 600_000, "township": "南诏镇", "summary": "合成事件"},
                      "wanglei"))
    with db.write() as w:
        ops = w.record_many(items)
        w.record_many([("incident.casualties", {"incident": op.op_id, "owner": db.station_id,
                                                "at_ms": op.data["received_ms"], "dead": rnd.randrange(2),
                                                "injured": rnd.randrange(4)}, "wanglei") for op in ops])
        w.record_many([("incident.report", {"incident": op.op_id, "owner": db.station_id, "stage": "first",
                                            "sent_ms": op.data["received_ms"] + 3_000_000, "sent_to": "州应急管理局"},
                        "wanglei") for op in ops])


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    path = tmp_path_factory.mktemp("perf") / "incidents.sqlite3"
    t0 = time.perf_counter()
    db = demo.build(str(path), options={"entries": ENTRIES})
    add_incidents(db, INCIDENTS)
    print(f"\nbuilt {ENTRIES:,} entries and {INCIDENTS:,} incidents in {time.perf_counter() - t0:.0f} s")
    yield db
    db.close()


def plain_sql(path: Path, lo: int, hi: int) -> int:
    con = sqlite3.connect(str(path))
    try:
        n = 0
        for sql in ("SELECT incident_id, occurred_ms, type_code, level, township FROM incident "
                    "WHERE occurred_ms >= ? AND occurred_ms < ?",
                    "SELECT op_id, incident_id, stage, sent_ms, sent_to FROM incident_report WHERE sent_ms >= ? AND sent_ms < ?",
                    "SELECT entry_id, received_ms, year, number, significant, substr(summary, 1, 60) FROM duty_entry "
                    "WHERE received_ms >= ? AND received_ms < ?"):
            n += len(con.execute(sql, (lo, hi)).fetchall())
        return n
    finally:
        con.close()


def test_timeline_window_load(big: Database, qapp: object) -> None:
    from app.ui.panels.incidents.timeline import TimelineWidget

    assert big.path is not None
    widget = TimelineWidget(big, TZ, big.wall)
    widget.resize(1300, 500)
    end = datetime_to_ms(END)
    print(f"\n{'window':8} {'events':>7} {'load ms':>8} {'SQL ms':>7} {'ratio':>6} {'redraw ms':>10}")
    for name, days in WINDOWS:
        lo = end - days * 86_400_000
        found = timeline.events(big, lo, end)
        load = median_ms(lambda lo=lo: timeline.events(big, lo, end))  # type: ignore[misc]
        sql = median_ms(lambda lo=lo: plain_sql(big.path, lo, end))  # type: ignore[arg-type, misc]
        widget.view.setXRange(lo / 1000, end / 1000, padding=0)
        redraw = median_ms(widget.reload, runs=5)
        print(f"{name:8} {len(found):>7} {load:>8.1f} {sql:>7.1f} {load / sql:>6.2f} {redraw:>10.1f}")
        assert found


def test_statistics_over_ten_years(big: Database) -> None:
    ms = median_ms(lambda: statistics.compute(big, date(2014, 5, 1), date(2024, 4, 30)), runs=5)
    result = statistics.compute(big, date(2014, 5, 1), date(2024, 4, 30))
    print(f"\nstatistics 2014-05-01 … 2024-04-30: {result.total.this['accidents']:,} accidents, median {ms:.1f} ms "
          f"(target ≤ 200 ms)")
    assert result.total.this["accidents"] > 1000
