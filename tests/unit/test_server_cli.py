"""`dutydesk server init/status` and a seat on the least-privilege role (PostgreSQL), plus the
clear messages for server trouble."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.cli import main
from app.errors import DatabaseError
from app.services import accounts, duty_log, passwords
from app.services.duty_log import EntryInput
from app.storage import integrity
from app.storage.engine import Database
from tests import engines

pytestmark = pytest.mark.postgresql_only


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_server_init_role_and_a_seat(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    url = engines.fresh_url(empty=True)
    role = f"dd_app_{make_url(url).database}"
    monkeypatch.setenv("DUTYDESK_PASSWORD", "admin-pass-1")
    monkeypatch.setenv("DUTYDESK_APP_PASSWORD", "seat-role-pass-1")
    code, out, err = run(capsys, "server", "init", "--url", url, "--station-name", "大理州应急管理局指挥中心",
                         "--station-code", "532900", "--admin", "admin", "--app-role", role, "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["created"] is True and result["code"] == "532900" and result["version"].startswith(("15", "16", "17"))
    # again: idempotent, says the station is there
    code, out, _err = run(capsys, "server", "init", "--url", url, "--app-role", role)
    assert code == 0 and "已有站点" in out
    code, out, _err = run(capsys, "server", "status", "--url", url, "--json")
    assert code == 0 and json.loads(out)["station"] == "大理州应急管理局指挥中心"

    seat_url = make_url(url).set(username=role, password="seat-role-pass-1").render_as_string(hide_password=False)
    seat = Database.open(seat_url)
    try:
        admin = accounts.authenticate(seat, "admin", "admin-pass-1")
        accounts.add_account(seat, admin, "op", "op-pass-123", ["operator"])
        op = accounts.authenticate(seat, "op", "op-pass-123")
        duty_log.add_entry(seat, op, EntryInput(summary="五印乡来电：地震有感"))
        assert len(duty_log.page(seat, duty_log.EntryFilter(text="地震"))) == 1
        with pytest.raises(DatabaseError) as denied, seat.transaction() as conn:
            conn.execute(text("UPDATE oplog SET author = 'mallory'"))
        assert "权限" in denied.value.message
        with pytest.raises(DatabaseError), seat.transaction() as conn:
            conn.execute(text("CREATE TABLE sneaky (x int)"))
        results = integrity.run_all(seat)
        assert all(r.ok for r in results), [(r.name, r.problems) for r in results]
        assert "amcheck" in results[0].summary
    finally:
        seat.close()
        with engines.SERVER.admin.connect() as conn:  # type: ignore[union-attr]
            conn.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))


def test_server_trouble_is_one_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    url = make_url(engines.SERVER_URL)  # type: ignore[arg-type]
    nowhere = url.set(query={"host": "/nonexistent-socket-dir"}).render_as_string(hide_password=False)
    code, _out, err = run(capsys, "--db", nowhere, "check")
    assert code == 2 and "无法连接数据库服务器" in err and "Traceback" not in err
    missing = url.set(database="no_such_dutydesk_db").render_as_string(hide_password=False)
    code, _out, err = run(capsys, "--db", missing, "check")
    assert code == 2 and "没有数据库“no_such_dutydesk_db”" in err
    code, _out, err = run(capsys, "server", "init", "--url", "sqlite:///x.db")
    assert code == 2 and "不是 PostgreSQL 服务器地址" in err


def test_wrong_password_and_foreign_database(capsys: pytest.CaptureFixture[str]) -> None:
    url = engines.fresh_url(empty=True)
    role = f"dd_pw_{make_url(url).database}"
    admin = engines.SERVER.admin  # type: ignore[union-attr]
    with admin.connect() as conn:
        conn.execute(text(f"CREATE ROLE \"{role}\" LOGIN PASSWORD 'right-password'"))
    try:
        # trust auth on the test socket lets any password in: check the message mapping itself
        from sqlalchemy import exc

        from app.storage import server

        class Fake(Exception):
            sqlstate = "28P01"

        error = exc.OperationalError("connect", {}, Fake('password authentication failed for user "x"'))
        found = server.translate_error(error, url)
        assert found is not None and found.code == "db.server_auth"
        other = Database.open(url, create=True)
        other.close()
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS \"{make_url(url).database}\" WITH (FORCE)"))
            conn.execute(text(f"CREATE DATABASE \"{make_url(url).database}\""))
        from sqlalchemy import create_engine

        eng = create_engine(url)
        with eng.begin() as conn:
            conn.execute(text("CREATE TABLE invoices (id int)"))
        eng.dispose()
        code, _out, err = run(capsys, "--db", url, "check")
        assert code == 2 and "其他程序的数据表" in err and "invoices" in err
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP ROLE IF EXISTS "{role}"'))
        passwords.fast_for_tests()


def test_connection_killed_mid_transaction_writes_nothing(db: Database, admin: accounts.Actor) -> None:
    """The server drops the connection in the middle of a write (restart, network): one clear
    message, nothing of it is kept, and the next write works on a fresh connection."""
    from sqlalchemy import func, select

    from app.storage.models import table
    from app.storage.models.oplog import Operation

    oplog = table(Operation)
    with db.read() as conn:
        before = conn.execute(select(func.count()).select_from(oplog)).scalar_one()
    with pytest.raises(DatabaseError) as lost, db.write() as w:
        w.record("duty.test.noop", {"n": 1}, "admin")
        pid = w.conn.execute(text("SELECT pg_backend_pid()")).scalar_one()
        with engines.SERVER.admin.connect() as killer:  # type: ignore[union-attr]
            killer.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid})
        w.conn.execute(text("SELECT 1"))
    assert lost.value.code in ("db.server_lost", "db.server_unreachable")
    assert "Traceback" not in lost.value.message
    with db.read() as conn:
        assert conn.execute(select(func.count()).select_from(oplog)).scalar_one() == before
    accounts.add_account(db, admin, "after", "after-pass-1", ["operator"])  # works again
