"""Benchmark: the supply ledger's views on 200,000 movements over 2,000 items and 12 depots.

Run with `pytest tests/perf/test_supplies_perf.py -s`. The database is built fast with Core bulk
inserts into the projection tables (what the projectors would write: one `stock_move` row and two
balanced `stock_line` rows per movement, then `stock_summary` from those lines). Timed (median of 7 runs): the stock view of all depots,
one item's stock card (10,000 movements), the below-minimum list; each is printed with the same
question written as a plain SQL aggregate over the movement lines, measured in the same run, and
the ratio. Target: every view ≤ 100 ms on this machine.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, insert, over, select

from app.services.accounts import Actor
from app.services.supplies import balances, catalogue
from app.storage.engine import Database
from app.storage.projections import supplies_summary
from app.storage.projections.supplies import ITEM, LINE, MINIMUM, MOVE
from tests.conftest import make_account

pytestmark = pytest.mark.perf
MOVEMENTS = 200_000
ITEMS = 2_000
DEPOTS = 12
HOT_ITEM_MOVES = 10_000
TARGET_MS = 100.0


def _median_ms(fn: Callable[[], Any], runs: int = 7) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _build(db: Database, admin: Actor) -> tuple[list[str], str]:
    keeper = make_account(db, admin, "duanzq", "storekeeper", name="段志强")
    for d in range(DEPOTS):
        catalogue.add_depot(db, keeper, f"D{d:02d}", f"储备点{d:02d}")
    with db.read() as conn:
        from app.storage.projections.supplies import DEPOT

        depots = list(conn.execute(select(DEPOT.c.depot_id).order_by(DEPOT.c.code)).scalars())
    rng = random.Random(11)
    with db.transaction() as conn:
        conn.execute(insert(ITEM), [{"code": f"IT{i:04d}", "name": f"物资{i}", "spec": "", "unit": "件",
                                     "gb_code": "2999999", "tracking": "none", "has_expiry": False,
                                     "nature": "consumable", "initials": "wz", "created_hlc": ""}
                                    for i in range(ITEMS)])
        conn.execute(insert(MINIMUM), [{"op_id": f"min{i}", "depot_id": depots[i % DEPOTS], "item": f"IT{i:04d}",
                                        "qty": 60, "hlc": "0", "station_id": db.station_id} for i in range(ITEMS)])
        base = 1_700_000_000_000
        for start in range(0, MOVEMENTS, 20_000):
            moves, lines = [], []
            for n in range(start, start + 20_000):
                item = "IT0000" if n % (MOVEMENTS // HOT_ITEM_MOVES) == 0 else f"IT{rng.randrange(1, ITEMS):04d}"
                depot = depots[rng.randrange(DEPOTS)]
                receive = rng.random() < 0.55
                q = rng.randrange(1, 20)
                kind = "receive" if receive else "issue"
                mid = f"m{n:08d}"
                ms = base + n * 60_000
                moves.append({"move_id": mid, "station_id": db.station_id, "prefix": "RK" if receive else "CK",
                              "year": 2024, "number": n + 1, "type": kind, "depot_id": depot, "other_depot": "",
                              "item": item, "lot": "", "qty": q, "lost": 0, "ref": "", "to_kind": "", "to_id": "",
                              "to_name": "" if receive else "五印乡", "incident_id": "", "approver": "", "reason": "",
                              "doc_no": "", "voucher_no": "", "voucher_hlc": "", "emergency": False, "serials": "",
                              "occurred_ms": ms, "hlc": f"{ms:015d}", "author": "duanzq"})
                sign = 1 if receive else -1
                for k, (loc, qty) in enumerate(((depot, sign * q), ("@supplier" if receive else "@recipient", -sign * q))):
                    lines.append({"line_id": f"{mid}:{k}", "move_id": mid, "depot_id": loc, "item": item, "lot": "",
                                  "qty": qty, "for_depot": "", "occurred_ms": ms, "hlc": f"{ms:015d}",
                                  "station_id": db.station_id})
            conn.execute(insert(MOVE), moves)
            conn.execute(insert(LINE), lines)
        supplies_summary.refresh_all(conn)
    return depots, "IT0000"


def test_views_on_200k_movements(db: Database, admin: Actor) -> None:
    t = time.perf_counter()
    depots, hot = _build(db, admin)
    print(f"\nbuilt {MOVEMENTS:,} movements / {ITEMS:,} items / {DEPOTS} depots in {time.perf_counter() - t:.1f} s")
    mins = catalogue.minimum_subquery()

    def plain_view() -> Any:
        with db.read() as conn:
            return conn.execute(select(LINE.c.depot_id, LINE.c.item, func.sum(LINE.c.qty))
                                .where(LINE.c.depot_id.in_(depots)).group_by(LINE.c.depot_id, LINE.c.item)).all()

    def plain_card() -> Any:
        with db.read() as conn:
            return conn.execute(select(LINE.c.occurred_ms, LINE.c.qty, MOVE.c.prefix, MOVE.c.number,
                                       over(func.sum(LINE.c.qty), order_by=(LINE.c.occurred_ms, LINE.c.hlc)))
                                .join(MOVE, MOVE.c.move_id == LINE.c.move_id)
                                .where(LINE.c.item == hot, LINE.c.depot_id.in_(depots))).all()

    def plain_below() -> Any:
        with db.read() as conn:
            sums = (select(LINE.c.depot_id, LINE.c.item, func.sum(LINE.c.qty).label("q"))
                    .where(LINE.c.depot_id.in_(depots)).group_by(LINE.c.depot_id, LINE.c.item).subquery())
            return conn.execute(select(mins.c.depot_id, mins.c.item, mins.c.qty, sums.c.q)
                                .join(sums, (sums.c.depot_id == mins.c.depot_id) & (sums.c.item == mins.c.item),
                                      isouter=True)
                                .where(func.coalesce(sums.c.q, 0) < mins.c.qty)).all()

    cases = [
        ("stock view, all depots", lambda: balances.stock_view(db), plain_view),
        (f"stock card ({HOT_ITEM_MOVES:,} movements)", lambda: balances.stock_card(db, hot), plain_card),
        ("below-minimum list", lambda: balances.stock_view(db, below_min=True), plain_below),
    ]
    card = balances.stock_card(db, hot)
    assert len(card) == HOT_ITEM_MOVES
    assert card[-1].balance == sum(c.qty for c in card)
    assert len(balances.stock_view(db, below_min=True)) == len(plain_below())
    assert {(r.depot_id, r.item): r.on_hand for r in balances.stock_view(db)} == {(d, i): q for d, i, q in plain_view()}
    worst = 0.0
    for name, view, plain in cases:
        ms_view, ms_plain = _median_ms(view), _median_ms(plain)
        worst = max(worst, ms_view)
        print(f"{name:34s} {ms_view:8.1f} ms   plain SQL {ms_plain:8.1f} ms   ratio {ms_view / ms_plain:5.2f}")
    print(f"target ≤ {TARGET_MS:.0f} ms per view: {'met' if worst <= TARGET_MS else 'NOT met'} (worst {worst:.1f} ms)")

