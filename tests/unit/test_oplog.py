"""The operation log: gap-free seq, hash chain, HLC ordering, clock warnings."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text

from app.clock import Hlc, HybridClock
from app.storage import oplog
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.oplog import Operation
from tests.conftest import ADMIN_PASSWORD, FakeWall
from tests.tamper import drop_log_triggers

OPS = table(Operation)


def _ops(db: Database) -> list[oplog.Op]:
    with db.read() as conn:
        return list(oplog.iter_ops(conn, order="local"))


def test_init_writes_chained_operations(db: Database) -> None:
    ops = _ops(db)
    assert [op.kind for op in ops] == ["station.create", "account.create"]
    assert [op.seq for op in ops] == [1, 2]
    assert ops[0].prev_hash == oplog.GENESIS
    assert ops[1].prev_hash == ops[0].hash
    assert all(op.replica_id == db.replica_id and op.station_id == db.station_id for op in ops)
    assert all(oplog.compute_hash(op.hashed()) == op.hash for op in ops)


def test_op_ids_are_uuid7_and_hlc_sorts(db: Database, wall: FakeWall) -> None:
    with db.write() as w:
        for i in range(5):
            w.record("station.setting", {"key": f"k{i}", "value": "v"}, "admin")
    ops = _ops(db)
    assert all(op.op_id[14] == "7" for op in ops)
    hlcs = [op.hlc for op in ops]
    assert hlcs == sorted(hlcs) and len(set(hlcs)) == len(hlcs)


def test_seq_is_gap_free_across_failed_transactions(db: Database) -> None:
    try:
        with db.write() as w:
            w.record("station.setting", {"key": "a", "value": "1"}, "admin")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    with db.write() as w:
        op = w.record("station.setting", {"key": "b", "value": "2"}, "admin")
    assert op.seq == 3
    count, problems = _verify(db)
    assert count == 3 and problems == []


def _verify(db: Database) -> tuple[int, list[oplog.ChainProblem]]:
    with db.read() as conn:
        return oplog.verify_chains(conn)


def test_tampered_payload_breaks_the_chain(db: Database) -> None:
    with db.transaction() as conn:
        drop_log_triggers(conn)
        conn.execute(text("UPDATE oplog SET payload = replace(payload, '巍山', '大理') WHERE seq = 1"))
    _count, problems = _verify(db)
    assert [p.problem for p in problems] == ["hash"]


def test_rehashed_edit_breaks_the_link(db: Database) -> None:
    with db.read() as conn:
        first = oplog.Op.from_row(conn.execute(select(OPS).where(OPS.c.seq == 1)).one())
    fields = first.hashed() | {"author": "mallory"}
    new_hash = oplog.compute_hash(fields)
    with db.transaction() as conn:
        drop_log_triggers(conn)
        conn.execute(OPS.update().where(OPS.c.op_id == first.op_id).values(author="mallory", hash=new_hash))
    _count, problems = _verify(db)
    assert [p.problem for p in problems] == ["link"]


def test_the_database_refuses_edits_and_deletes_of_the_log(db: Database) -> None:
    from sqlalchemy.exc import DatabaseError

    for statement in ("UPDATE oplog SET author = 'mallory' WHERE seq = 1", "DELETE FROM oplog WHERE seq = 1"):
        with pytest.raises(DatabaseError, match="append-only"), db.transaction() as conn:
            conn.execute(text(statement))
    assert len(_ops(db)) >= 2


def test_hlc_never_goes_backwards() -> None:
    wall = FakeWall()
    clock = HybridClock("n", wall)
    a = clock.now()
    wall.advance(-3600)
    b = clock.now()
    assert b > a and b.wall_ms == a.wall_ms and b.counter == a.counter + 1
    assert Hlc.decode(b.encode()) == b
    assert clock.wall_behind_ms == 3600 * 1000


def test_clock_far_ahead_is_not_observed() -> None:
    wall = FakeWall()
    clock = HybridClock("n", wall)
    ahead = Hlc(wall.ms + 11 * 60 * 1000, 0, "other")
    assert clock.observe(ahead, max_ahead_ms=10 * 60 * 1000) is False
    assert clock.now().wall_ms == wall.ms


def test_wall_clock_behind_last_record_warns_and_keeps_order(db_path: Path, db: Database, wall: FakeWall) -> None:
    with db.write() as w:
        before = w.record("station.setting", {"key": "x", "value": "1"}, "admin")
    db.close()
    wall.advance(-86400)  # flat CMOS battery: the clock is a day behind
    reopened = Database.open(str(db_path), wall=wall)
    try:
        assert any("86400" in warning or "秒" in warning for warning in reopened.warnings)
        with reopened.write() as w:
            after = w.record("station.setting", {"key": "x", "value": "2"}, "admin")
        assert after.hlc > before.hlc
    finally:
        reopened.close()
    assert ADMIN_PASSWORD


def test_counter_overflow_moves_logical_time_on() -> None:
    wall = FakeWall()
    clock = HybridClock("n", wall)
    stamps = [clock.now().encode() for _ in range(100_005)]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert Hlc.decode(stamps[-1]).wall_ms == wall.ms + 1
