"""`dutydesk check`: catches hand edits and names table and row."""

from __future__ import annotations

import pytest
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


@pytest.mark.sqlite_only  # the FTS5 index; PostgreSQL's token table is verified by its own check
def test_a_search_document_edited_by_hand_is_caught_by_the_rebuild(db: Database, admin: Actor) -> None:
    """`check` compares every live search document with the one the rebuild made from the log
    (no recomputation in a second pass), and still runs FTS5's own integrity check."""
    from app.services import doctor, duty_log
    from app.services.duty_log import EntryInput

    operator = make_account(db, admin, "wanglei", "operator")
    _c, row = duty_log.add_entry(db, operator, EntryInput(summary="五印乡来电：村道塌方"))
    report = doctor.run(db)
    rebuilt = next(c for c in report.checks if c.covers)
    assert "search_docs" in rebuilt.covers and all(c.ok for c in report.checks)
    with db.transaction() as conn:
        conn.execute(text("UPDATE duty_fts_doc SET body = 'zzz' WHERE entry_id = :id"), {"id": row.id})
    report = doctor.run(db)
    bad = [p for c in report.checks if not c.ok for p in c.problems]
    assert any(row.id[:8] in p for p in bad), bad


def test_ctrl_c_during_check_stops_cleanly(db: Database, db_path: object, admin: Actor,
                                           monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                           tmp_path: object) -> None:
    """Issue 9: progress on the terminal; Ctrl+C stops with exit 2, one line, the scratch copy
    removed and the station's database unchanged."""
    import tempfile
    from pathlib import Path

    from app.cli import main
    from app.commands import check as check_command
    from app.storage import oplog, rebuild

    for n in range(3):
        make_account(db, admin, f"user{n}", "operator")
    with db.read() as conn:
        before = [op.op_id for op in oplog.iter_ops(conn)]
    db.close()
    scratch = Path(tmp_path) / "scratch"  # type: ignore[arg-type]
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(rebuild, "BATCH", 1)
    seen: list[int] = []

    def interrupted(_db: Database) -> object:
        def show(done: int) -> bool:
            seen.append(done)
            raise KeyboardInterrupt
        return show

    monkeypatch.setattr(check_command, "_terminal_progress", interrupted)
    monkeypatch.setattr(check_command.sys.stderr, "isatty", lambda: True)
    monkeypatch.setattr(rebuild, "replay", _replay_with_progress_every_op(rebuild.replay))
    code = main(["--db", str(db_path), "check"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and seen and len(err) == 1
    assert list(scratch.iterdir()) == []  # the rebuild's scratch database is gone
    from app.storage.engine import Database as Db

    with Db.open(str(db_path)) as again, again.read() as conn:
        assert [op.op_id for op in oplog.iter_ops(conn)] == before


def _replay_with_progress_every_op(real: object) -> object:
    def replay(source: object, target: object, progress: object = None, failures: object = None) -> int:
        if progress is not None:
            progress(1)  # type: ignore[operator]
        return real(source, target, progress, failures)  # type: ignore[operator, no-any-return]
    return replay


@pytest.mark.sqlite_only  # FTS5
def test_an_index_row_without_its_document_is_caught(db: Database, admin: Actor) -> None:
    """FTS5's own integrity check (run beside the rebuild) names a forged index row in one line."""
    from app.services import doctor, duty_log
    from app.services.duty_log import EntryInput

    operator = make_account(db, admin, "wanglei", "operator")
    duty_log.add_entry(db, operator, EntryInput(summary="五印乡来电：村道塌方"))
    assert doctor.run(db).ok
    with db.transaction() as conn:
        conn.execute(text("INSERT INTO duty_fts(rowid, body) VALUES(424242, '伪造 索引')"))
    report = doctor.run(db)
    search = next(c for c in report.checks if not c.ok)
    assert not report.ok and len(search.problems) == 1 and "reindex" in search.problems[0]
