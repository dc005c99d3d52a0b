"""move_refs.move_place: the item and depot of a movement, as the supplies panel looks one up."""

from __future__ import annotations

import pytest

from app.services.accounts import Actor
from app.services.supplies import move_refs, movements
from app.services.supplies.common import depots
from app.storage.engine import Database
from tests.unit.supplies_support import Ledger, setup_ledger


@pytest.fixture
def ledger(db: Database, admin: Actor) -> Ledger:
    return setup_ledger(db, admin)


def _depot_ids(lg: Ledger) -> dict[str, str]:
    with lg.db.read() as conn:
        return {d.code: d.depot_id for d in depots(conn)}


def test_move_place_of_real_movements(ledger: Ledger) -> None:
    lg = ledger
    ids = _depot_ids(lg)
    received = movements.receive(lg.db, lg.keeper, "XJK", "CSJ-01", 10)
    moved = movements.transfer(lg.db, lg.keeper, "XJK", "WY", "CSJ-01", 4)
    arrived = movements.receive_transfer(lg.db, lg.keeper, moved.no, 4)
    blankets = movements.receive(lg.db, lg.keeper, "WY", "MB-01", 3, lot="2023-07")
    assert move_refs.move_place(lg.db, received.move_id) == move_refs.MovePlace("CSJ-01", ids["XJK"])
    assert move_refs.move_place(lg.db, moved.move_id) == move_refs.MovePlace("CSJ-01", ids["XJK"])
    assert move_refs.move_place(lg.db, arrived.move_id) == move_refs.MovePlace("CSJ-01", ids["WY"])
    place = move_refs.move_place(lg.db, blankets.move_id)
    assert place is not None and (place.item, place.depot_id) == ("MB-01", ids["WY"])


def test_move_place_of_unknown_id(ledger: Ledger) -> None:
    lg = ledger
    received = movements.receive(lg.db, lg.keeper, "XJK", "CSJ-01", 1)
    assert move_refs.move_place(lg.db, "no-such-move") is None
    assert move_refs.move_place(lg.db, "") is None
    assert move_refs.move_place(lg.db, received.no) is None  # a number is not an id
