"""Supply ledger services: movements, balances, overdrafts, transfers, reversals, serials, counts."""

from __future__ import annotations

import pytest

from app.errors import PermissionDenied, ValidationError
from app.services.accounts import Actor
from app.services.supplies import balances, counts, custody, exceptions, held_by, move_refs, movements
from app.storage.engine import Database
from tests.conftest import FakeWall
from tests.unit.supplies_support import Ledger, setup_ledger


@pytest.fixture
def ledger(db: Database, admin: Actor) -> Ledger:
    return setup_ledger(db, admin)


def _on_hand(lg: Ledger, depot: str, item: str) -> int:
    rows = [r for r in balances.stock_view(lg.db, depot=depot) if r.item == item]
    return rows[0].on_hand if rows else 0


def test_receive_issue_and_stock_card(ledger: Ledger) -> None:
    lg = ledger
    r = movements.receive(lg.db, lg.keeper, "XJK", "CSJ-01", 10, doc_no="ZB-2023-17")
    assert r.no.startswith("RK-2024-0001")
    out = movements.issue(lg.db, lg.keeper, "XJK", "抽水机", 4, to="五印乡", approver="lijun")
    assert out.no == "CK-2024-0001" and not out.warning
    assert _on_hand(lg, "XJK", "CSJ-01") == 6
    card = balances.stock_card(lg.db, "csj")
    assert [c.balance for c in card] == [10, 6]
    assert card[1].counterpart == "五印乡"


def test_issue_needs_leader_and_storekeeper(ledger: Ledger, admin: Actor) -> None:
    lg = ledger
    movements.receive(lg.db, lg.keeper, "XJK", "CSJ-01", 5)
    with pytest.raises(ValidationError) as err:
        movements.issue(lg.db, lg.keeper, "XJK", "CSJ-01", 1, to="五印乡", approver="")
    assert err.value.code == "stock.approver_required"
    with pytest.raises(ValidationError) as err:
        movements.issue(lg.db, lg.keeper, "XJK", "CSJ-01", 1, to="五印乡", approver="zhaomin")
    assert err.value.code == "stock.approver_not_leader"
    with pytest.raises(PermissionDenied):
        movements.issue(lg.db, admin, "XJK", "CSJ-01", 1, to="五印乡", approver="lijun")
    assert _on_hand(lg, "XJK", "CSJ-01") == 5


def test_overdraft_needs_reason_and_shows_negative(ledger: Ledger) -> None:
    lg = ledger
    movements.receive(lg.db, lg.keeper, "WY", "CSJ-01", 3)
    with pytest.raises(ValidationError) as err:
        movements.issue(lg.db, lg.keeper, "WY", "CSJ-01", 5, to="五印乡", approver="lijun")
    assert err.value.code == "stock.overdraft"
    assert _on_hand(lg, "WY", "CSJ-01") == 3
    r = movements.issue(lg.db, lg.keeper, "WY", "CSJ-01", 5, to="五印乡", approver="lijun", reason="地震抢险")
    assert r.warning and "-2" in r.warning
    assert _on_hand(lg, "WY", "CSJ-01") == -2
    exc = [e for e in exceptions.exceptions(lg.db) if e["kind"] == "negative"]
    assert exc and exc[0]["on_hand"] == -2
    movements.adjust(lg.db, lg.keeper, "WY", "CSJ-01", 2, reason="盘点发现两台未登记入库")
    assert not [e for e in exceptions.exceptions(lg.db) if e["kind"] == "negative"]


@pytest.mark.parametrize("value", [0, -3, "x", "2.5"])
def test_bad_receipt_quantity(ledger: Ledger, value: object) -> None:
    with pytest.raises(ValidationError) as err:
        movements.receive(ledger.db, ledger.keeper, "XJK", "CSJ-01", value)
    assert err.value.code == "stock.bad_qty"
    assert move_refs.move_count(ledger.db) == 0


def test_unknown_things(ledger: Ledger) -> None:
    lg = ledger
    for call, code in (
        (lambda: movements.receive(lg.db, lg.keeper, "NOPE", "CSJ-01", 1), "stock.unknown_depot"),
        (lambda: movements.receive(lg.db, lg.keeper, "XJK", "NOPE", 1), "stock.unknown_item"),
        (lambda: movements.issue(lg.db, lg.keeper, "XJK", "MB-01", 1, lot="L9", to="五印乡", approver="lijun"),
         "stock.unknown_lot"),
        (lambda: custody.history(lg.db, "SN-NONE"), "stock.unknown_serial"),
        (lambda: movements.receive(lg.db, lg.keeper, "XJK", "KSM-01", 1, lot="L1", expires="2024-01-01",
                                   produced="2024-03-01"), "stock.expiry_before_production"),
        (lambda: movements.receive(lg.db, lg.keeper, "XJK", "KSM-01", 1, lot="L1", expires="2032-01-01",
                                   produced="2030-01-01"), "stock.produced_in_future"),  # a trial typed it
    ):
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.code == code
    assert move_refs.move_count(lg.db) == 0


def test_transfer_short_receipt_and_loss(ledger: Ledger) -> None:
    lg = ledger
    movements.receive(lg.db, lg.keeper, "XJK", "MB-01", 10, lot="2023-07")
    out = movements.transfer(lg.db, lg.keeper, "XJK", "WY", "MB-01", 10)
    view = {r.depot: r for r in balances.stock_view(lg.db) if r.item == "MB-01"}
    assert view["XJK"].on_hand == 0 and view["WY"].in_transit == 10
    wy = {view["WY"].depot_id}
    assert [(t.no, t.left) for t in move_refs.open_transfers(lg.db, wy)] == [(out.no, 10)]
    with pytest.raises(ValidationError):
        movements.receive_transfer(lg.db, lg.keeper, out.no, 8, lost=3, reason="途中受潮")
    movements.receive_transfer(lg.db, lg.keeper, out.no, 7, lost=3, reason="途中受潮")
    view = {r.depot: r for r in balances.stock_view(lg.db) if r.item == "MB-01"}
    assert view["WY"].on_hand == 7 and view["WY"].in_transit == 0
    assert move_refs.open_transfers(lg.db, wy) == []
    with pytest.raises(ValidationError) as err:
        movements.receive_transfer(lg.db, lg.keeper, out.no, 1)
    assert err.value.code == "stock.transfer_done"


def test_reversal_keeps_the_original(ledger: Ledger) -> None:
    lg = ledger
    r = movements.receive(lg.db, lg.keeper, "XJK", "CSJ-01", 50)
    rev = movements.reverse(lg.db, lg.keeper, r.no, reason="数量录错，应为 5")
    assert rev.no.startswith("CX-")
    card = balances.stock_card(lg.db, "CSJ-01")
    assert [c.qty for c in card] == [50, -50] and card[0].reversed
    with pytest.raises(ValidationError) as err:
        movements.reverse(lg.db, lg.keeper, r.no, reason="again")
    assert err.value.code == "stock.already_reversed"


def test_serial_units_custody(ledger: Ledger) -> None:
    lg = ledger
    movements.receive(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT001", "TT002"])
    with pytest.raises(ValidationError) as err:
        movements.receive(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT001"])
    assert err.value.code == "stock.serial_exists"
    out = movements.issue(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT001"], to="紫金乡/新村村", approver="lijun")
    held = held_by(lg.db, "village", "紫金乡/新村村")
    assert [h["serial"] for h in held] == ["TT001"] and held[0]["movement_no"] == out.no
    with pytest.raises(ValidationError) as err:
        movements.issue(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT001"], to="五印乡", approver="lijun")
    assert err.value.code == "stock.serial_not_here"
    with pytest.raises(ValidationError) as err:
        custody.check_no_equipment(lg.db, "village", "紫金乡/新村村", "新村村")
    assert err.value.code == "stock.holder_has_equipment"
    movements.return_goods(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT001"])
    assert held_by(lg.db, "village", "紫金乡/新村村") == []
    h = custody.history(lg.db, "TT001")
    assert h["status"] == "in_depot" and [e["event"] for e in h["history"]] == ["receive", "issue", "return"]


def test_count_posts_difference_and_detects_outdated(ledger: Ledger, wall: FakeWall) -> None:
    lg = ledger
    movements.receive(lg.db, lg.keeper, "XJK", "CSJ-01", 10)
    wall.advance(3600)
    _changes, no = counts.start(lg.db, lg.keeper, "XJK")
    counts.enter(lg.db, lg.keeper, no, "CSJ-01", 9)
    info = counts.info(lg.db, no)
    assert [(line.book_seen, line.counted, line.difference) for line in info.lines] == [(10, 9, -1)]
    counts.post(lg.db, lg.keeper, no)
    assert _on_hand(lg, "XJK", "CSJ-01") == 9
    assert not counts.info(lg.db, no).outdated
    # a movement dated before the count that becomes known later
    movements.issue(lg.db, lg.keeper, "XJK", "CSJ-01", 2, to="五印乡", approver="lijun",
                    occurred=balances_dt(wall.ms - 1800_000))
    assert _on_hand(lg, "XJK", "CSJ-01") == 7  # not swallowed by the count
    assert counts.info(lg.db, no).outdated
    assert any(e["kind"] == "count_outdated" for e in exceptions.exceptions(lg.db))


def balances_dt(ms: int):  # type: ignore[no-untyped-def]
    from app.clock import ms_to_datetime

    return ms_to_datetime(ms)


def test_handover_section_and_timeline(ledger: Ledger, wall: FakeWall) -> None:
    from datetime import timedelta

    from app.clock import ms_to_datetime
    from app.services import supplies
    from app.services.supplies import catalogue
    from app.services.supplies.handover import _stock_section

    lg = ledger
    start = wall.ms
    catalogue.set_minimum(lg.db, lg.keeper, "CSJ-01", "XJK", 10)
    movements.receive(lg.db, lg.keeper, "XJK", "CSJ-01", 5)
    movements.receive(lg.db, lg.keeper, "XJK", "KSM-01", 8, lot="F1", expires="2024-05-01")
    movements.receive(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT9"])
    movements.issue(lg.db, lg.keeper, "XJK", "WXDH-01", serials=["TT9"], to="incident:INC-7", approver="lijun",
                    emergency=True)
    movements.transfer(lg.db, lg.keeper, "XJK", "WY", "CSJ-01", 2)

    class Ctx:
        db = lg.db
        start = ms_to_datetime(wall.ms - 3600_000)
        end = ms_to_datetime(wall.ms + 1000)

    section = _stock_section(Ctx)  # type: ignore[arg-type]
    assert section is not None
    kinds = [row[0][0]["zh"] for row in section.rows]  # type: ignore[index]
    assert kinds == ["低于储备定额", "临期", "调拨在途", "本班发放装备"]
    events = supplies.timeline_events(lg.db, start, wall.ms + 1)
    assert len(events) == 1 and events[0]["incident_id"] == "INC-7" and events[0]["significant"]
    assert supplies.timeline_events(lg.db, start, wall.ms + 1, incident_id="OTHER") == []
    assert timedelta(0) is not None


def test_check_finds_a_hand_edited_balance(ledger: Ledger) -> None:
    from sqlalchemy import update

    from app.storage import integrity
    from app.storage.projections.supplies import LINE

    movements.receive(ledger.db, ledger.keeper, "XJK", "CSJ-01", 5)
    assert all(r.ok for r in integrity.run_all(ledger.db))
    with ledger.db.transaction() as conn:
        conn.execute(update(LINE).where(LINE.c.qty == 5).values(qty=500))
    results = integrity.run_all(ledger.db)
    assert not all(r.ok for r in results)
    assert any("stock_line" in str(r.problems) for r in results if not r.ok)


def test_check_finds_a_hand_edited_summary(ledger: Ledger) -> None:
    """The stock view reads stock_summary: a figure typed into it by hand is caught by `check`."""
    from sqlalchemy import update

    from app.storage import integrity
    from app.storage.projections.supplies_summary import SUMMARY

    movements.receive(ledger.db, ledger.keeper, "XJK", "CSJ-01", 5)
    assert _on_hand(ledger, "XJK", "CSJ-01") == 5
    with ledger.db.transaction() as conn:
        conn.execute(update(SUMMARY).where(SUMMARY.c.item == "CSJ-01").values(on_hand=500))
    assert _on_hand(ledger, "XJK", "CSJ-01") == 500
    results = integrity.run_all(ledger.db)
    assert any("stock_summary" in str(r.problems) for r in results if not r.ok)
