"""`dutydesk check`: catches hand edits and names table and row."""

from __future__ import annotations

from sqlalchemy import text

from app.services.accounts import Actor
from app.storage import integrity
from app.storage.engine import Database
from tests.conftest import make_account
from tests.tamper import drop_log_triggers


def _problems(db: Database) -> list[str]:
    return [p for r in integrity.run_all(db) for p in r.problems]


def test_fresh_database_passes(db: Database) -> None:
    results = integrity.run_all(db)
    assert all(r.ok for r in results), [r.problems for r in results]


def test_updated_row_is_named(db: Database, admin: Actor) -> None:
    make_account(db, admin, "wanglei", "operator")
    with db.transaction() as conn:
        conn.execute(text("UPDATE account SET roles = 'admin' WHERE username = 'wanglei'"))
    problems = _problems(db)
    assert len(problems) == 1
    assert "account" in problems[0] and "wanglei" in problems[0] and "roles" in problems[0]


def test_inserted_and_deleted_rows_are_named(db: Database, admin: Actor) -> None:
    make_account(db, admin, "wanglei", "operator")
    with db.transaction() as conn:
        conn.execute(text("DELETE FROM account WHERE username = 'wanglei'"))
        conn.execute(text(
            "INSERT INTO setting (station_id, key, value, hlc) VALUES ('x', 'evil', '1', '0')"
        ))
    problems = _problems(db)
    assert any("wanglei" in p and "account" in p for p in problems)
    assert any("setting" in p and "evil" in p for p in problems)


def test_edited_operation_is_caught(db: Database) -> None:
    with db.transaction() as conn:
        drop_log_triggers(conn)
        conn.execute(text("UPDATE oplog SET author = 'mallory' WHERE seq = 2"))
    results = {r.name: r for r in integrity.run_all(db)}
    chains = next(r for name, r in results.items() if "哈希" in name)
    assert not chains.ok and "2" in chains.problems[0]


def test_deleted_operation_is_a_gap(db: Database, admin: Actor) -> None:
    make_account(db, admin, "wanglei", "operator")
    with db.transaction() as conn:
        drop_log_triggers(conn)
        conn.execute(text("DELETE FROM oplog WHERE seq = 2"))
    assert any("缺少" in p for p in _problems(db))
