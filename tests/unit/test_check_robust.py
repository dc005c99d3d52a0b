"""`dutydesk check` never crashes on any content (issue 9, finding 3): random corruptions of any
table (payload keys removed, wrong types, values, rows added or removed) give exit 0 or 2 with
the damage named, never a traceback. And the import names the malformed operation itself."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import cli
from app.errors import UserError
from app.services import accounts, duty_log, station
from app.services.duty_log import EntryInput
from app.storage import canonical
from app.storage.engine import Database
from app.sync import keys
from app.sync import seals as make_seals
from tests.conftest import ADMIN_PASSWORD, FakeWall
from tests.unit.test_authority import forge
from tests.unit.test_sync_support import (
    _key_passphrase,  # noqa: F401  (autouse fixture)
    make_station,
    receive,
    send,
    trust_card,
)

VALUES = st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.text(max_size=20), st.binary(max_size=8),
                   st.floats(allow_nan=False), st.just("{}"), st.just("[1"), st.just('{"x": 1}'))


def _pristine(folder: Path) -> Path:
    path = folder / "pristine.sqlite3"
    db = Database.open(str(path), wall=FakeWall(), create=True)
    station.initialize(db, name="巍山县应急管理局", code="532927", admin="admin", password=ADMIN_PASSWORD)
    admin = accounts.authenticate(db, "admin", ADMIN_PASSWORD)
    accounts.add_account(db, admin, "wanglei", "wanglei-pass", ["operator", "shift_lead"], phone="13908721301")
    op = accounts.authenticate(db, "wanglei", "wanglei-pass")
    _c, entry = duty_log.add_entry(db, op, EntryInput(summary="五印乡来电报告地震", township="五印乡"))
    duty_log.amend(db, op, entry.id, "summary", "五印乡来电：M4.2级地震", "核实")
    station.set_setting(db, admin, "duty.note", "x")
    keys.create_key(db)
    make_seals.seal_now(db, reason="manual")
    db.close()
    return path


def _tables(conn: sqlite3.Connection) -> list[str]:
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name NOT LIKE 'duty_search%' AND name != 'alembic_version'")]


def corrupt(path: Path, data: st.DataObject) -> str:
    conn = sqlite3.connect(path)
    try:
        conn.execute("DROP TRIGGER IF EXISTS oplog_no_update")
        conn.execute("DROP TRIGGER IF EXISTS oplog_no_delete")
        tables = _tables(conn)
        name = data.draw(st.sampled_from(tables), label="table")
        try:
            rows = conn.execute(f'SELECT rowid, * FROM "{name}"').fetchall()
        except sqlite3.OperationalError:  # a WITHOUT ROWID shadow table of the search index
            rows = conn.execute(f'SELECT 0, * FROM "{name}"').fetchall()
            conn.execute(f'DELETE FROM "{name}"')
            conn.commit()
            return f"{name}: emptied"
        columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
        action = data.draw(st.sampled_from(["delete", "duplicate", "value", "payload_key", "payload_type"]),
                           label="action")
        if not rows:
            action = "insert"
        if action == "delete":
            row = data.draw(st.sampled_from(rows))
            conn.execute(f'DELETE FROM "{name}" WHERE rowid = ?', (row[0],))
        elif action in ("duplicate", "insert"):
            values = list(data.draw(st.sampled_from(rows))[1:]) if rows else [None] * len(columns)
            i = data.draw(st.integers(0, len(columns) - 1), label="column")
            values[i] = data.draw(VALUES, label="value")
            marks = ", ".join("?" for _ in columns)
            try:
                conn.execute(f'INSERT INTO "{name}" VALUES ({marks})', values)
            except sqlite3.DatabaseError:
                values[0] = str(uuid.uuid4())
                try:
                    conn.execute(f'INSERT INTO "{name}" VALUES ({marks})', values)
                except sqlite3.DatabaseError:
                    return f"{name}: insert refused"
        elif action == "value":
            row = data.draw(st.sampled_from(rows))
            column = data.draw(st.sampled_from(columns), label="column")
            try:
                conn.execute(f'UPDATE "{name}" SET "{column}" = ? WHERE rowid = ?', (data.draw(VALUES), row[0]))
            except sqlite3.DatabaseError:
                return f"{name}.{column}: update refused"
        else:
            ops = conn.execute("SELECT local_seq, payload FROM oplog").fetchall()
            local_seq, payload = data.draw(st.sampled_from(ops), label="op")
            try:
                body = canonical.loads(payload)
            except ValueError:
                body = {}
            if isinstance(body, dict) and body and action == "payload_key":
                body.pop(data.draw(st.sampled_from(sorted(body))), None)
            elif isinstance(body, dict) and body:
                key = data.draw(st.sampled_from(sorted(body)))
                body[key] = data.draw(st.one_of(st.none(), st.integers(), st.lists(st.integers(), max_size=2),
                                                st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)))
            conn.execute("UPDATE oplog SET payload = ? WHERE local_seq = ?", (canonical.dumps(body), local_seq))
            name = f"oplog payload ({action})"
        conn.commit()
        return f"{name}: {action}"
    finally:
        conn.close()


@pytest.mark.sqlite_only  # corrupts the database file through the sqlite3 module
def test_check_never_crashes_on_random_corruptions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pristine = _pristine(tmp_path)
    seen: list[tuple[str, int]] = []

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data: st.DataObject) -> None:
        path = tmp_path / f"c-{uuid.uuid4().hex[:8]}.sqlite3"
        shutil.copyfile(pristine, path)
        what = corrupt(path, data)
        capsys.readouterr()
        code = cli.main(["--db", str(path), "check"])
        out = capsys.readouterr()
        assert code in (0, 2), (what, out.out[-2000:], out.err[-2000:])
        if code == 2:
            assert out.out.strip() or out.err.strip(), what
        assert "Traceback" not in out.err, what
        seen.append((what, code))

    run()
    assert any(code == 2 for _what, code in seen)


@pytest.mark.sqlite_only
def test_a_payload_without_a_key_is_a_finding_not_a_crash(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    path = _pristine(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER oplog_no_update")
    payload = conn.execute("SELECT payload FROM oplog WHERE kind = 'duty.entry.add'").fetchone()[0]
    body = canonical.loads(payload)
    body.pop("summary")
    conn.execute("UPDATE oplog SET payload = ? WHERE kind = 'duty.entry.add'", (canonical.dumps(body),))
    conn.commit()
    conn.close()
    assert cli.main(["--db", str(path), "check"]) == 2
    out = capsys.readouterr().out
    assert "duty.entry.add" in out and "KeyError" in out
    assert "oplog_no_update" in out


def test_the_import_error_names_the_malformed_operation(tmp_path: Path) -> None:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "admin")
    b = make_station(tmp_path / "b", "南诏镇", "532927101", FakeWall(), "nz_admin")
    trust_card(a, b)
    for i in range(3):
        station.set_setting(b.db, b.admin, f"duty.note.{i}", str(i))
    bad = forge(b, "duty.entry.add", {"number": 1})
    station.set_setting(b.db, b.admin, "duty.note.z", "z")
    with pytest.raises(UserError) as err:
        receive(a, send(b, a, tmp_path / "usb"))
    assert err.value.code == "sync.apply_failed"
    assert err.value.params["op"] == bad.op_id and "KeyError" in err.value.params["detail"]
