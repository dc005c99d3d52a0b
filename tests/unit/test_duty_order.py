"""Duty-log projections do not depend on the order operations arrive in (sync imports)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryInput
from app.storage import authority, duty_search, oplog, rebuild
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.integrity import compare_tables
from app.storage.projections import apply
from tests.conftest import FakeWall, make_account

TABLES = ["duty_activity", "duty_entry", "field_edit"]


@pytest.fixture
def source(db: Database, admin: Actor, wall: FakeWall) -> Database:
    """A log with every kind of duty operation, including concurrent-looking amendments."""
    op = make_account(db, admin, "wanglei", "operator")
    lead = make_account(db, admin, "zhanght", "shift_lead", "operator")
    boss = make_account(db, admin, "yangzh", "leader")
    _c, a = duty_log.add_entry(db, op, EntryInput(summary="五印乡发生M4.2级地震", township="五印乡",
                                                  due_at=datetime(2024, 4, 19, 2, tzinfo=UTC)))
    wall.advance(30)
    _c, b = duty_log.add_entry(db, op, EntryInput(summary="牛街乡零报告", phone="13887241509"))
    wall.advance(30)
    duty_log.amend(db, op, a.id, "summary", "五印乡发生M4.2级地震，房屋受损12户")
    duty_log.amend(db, lead, a.id, "summary", "五印乡发生M4.2级地震，房屋受损39户", reason="复核")
    duty_log.amend(db, lead, a.id, "received_at", "2024-04-19T07:58:00+08:00")
    duty_log.amend(db, op, b.id, "township", "牛街乡")
    duty_log.add_instruction(db, boss, a.id, "立即启动应急预案")
    duty_log.add_instruction(db, boss, a.id, "派工作组")
    duty_log.add_action(db, op, a.id, "已通知乡镇")
    duty_log.add_notification(db, op, a.id, "县住建局", "phone")
    duty_log.close_entry(db, op, a.id)
    wall.advance(5)
    duty_log.reopen_entry(db, lead, a.id)
    wall.advance(5)
    duty_log.close_entry(db, op, a.id)
    duty_log.void_entry(db, lead, b.id, "重复登记")
    return db


def duty_ops(db: Database) -> list[oplog.Op]:
    with db.read() as conn:
        return [op for op in oplog.iter_ops(conn) if op.kind.startswith("duty.")]


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Engine]]:
    engines: list[Engine] = []
    yield engines
    for engine in engines:
        engine.dispose()


def project(folder: Path, ops: list[oplog.Op], engines: list[Engine]) -> Engine:
    folder.mkdir(parents=True, exist_ok=True)
    engine = rebuild.scratch_engine(folder)
    engines.append(engine)
    with engine.connect() as conn:
        for op in ops:
            apply(conn, op, Changes())
        authority.retry_waiting(conn, Changes(), held={op.op_id: op for op in ops})  # as imports do
        conn.commit()
    return engine


def search_snapshot(engine: Engine) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return sorted(
            (r.entry_id, r.body) for r in conn.exec_driver_sql("SELECT entry_id, body FROM duty_fts_doc")
        )


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_order_gives_the_same_projection(source: Database, tmp_path_factory: pytest.TempPathFactory,
                                             scratch: list[Engine], data: st.DataObject) -> None:
    ops = duty_ops(source)
    shuffled = data.draw(st.permutations(ops))
    base = tmp_path_factory.mktemp("order")
    in_order = project(base / "a", ops, scratch)
    any_order = project(base / "b", list(shuffled), scratch)
    with in_order.connect() as a, any_order.connect() as b:
        assert compare_tables(a, b, TABLES) == []
        assert duty_search.verify(b) == []
    with source.read() as live, in_order.connect() as a:
        assert compare_tables(live, a, TABLES) == []
    assert search_snapshot(in_order) == search_snapshot(any_order)


def test_amendment_newest_by_hlc_wins(source: Database) -> None:
    entry = duty_log.page(source, duty_log.EntryFilter(text="地震"))[0]
    assert entry.summary.endswith("39户") and entry.status == "closed"
    assert entry.instruction == "派工作组"
