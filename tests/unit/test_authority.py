"""Authority is a property of the log: a trusted but hostile station cannot take over another
station's accounts, in any import order, and every station (and `check`) lists the refusals."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import insert, select, update

from app.clock import Hlc
from app.errors import AuthError
from app.services import accounts, passwords
from app.storage import authority, integrity, oplog
from app.storage.oplog import HEADS, OPLOG
from tests.conftest import FakeWall
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    dump,
    make_station,
    receive,
    send,
    trust_card,
)

EVIL = "evil-pass-123"


def forge(s: Station, kind: str, payload: dict[str, Any], *, hlc: Hlc | None = None, author: str = "") -> oplog.Op:
    """What a hostile station's modified program writes into its own signed chain."""
    with s.db.transaction() as conn:
        head = conn.execute(select(HEADS.c.seq, HEADS.c.hash).where(HEADS.c.replica_id == s.db.replica_id)).one()
        op = oplog.make_op(station_id=s.db.station_id, replica_id=s.db.replica_id, seq=head.seq + 1,
                           hlc=hlc or s.db.clock.now(), author=author or s.admin.username, kind=kind,
                           payload=payload, prev_hash=head.hash)
        conn.execute(insert(OPLOG).values(**op.row()))
        conn.execute(update(HEADS).where(HEADS.c.replica_id == s.db.replica_id).values(seq=op.seq, hash=op.hash))
    return op


def _stations(tmp_path: Path) -> tuple[Station, Station]:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "admin")
    b = make_station(tmp_path / "b", "南诏镇", "532927101", FakeWall(), "nz_admin")
    trust_card(a, b)
    trust_card(b, a)
    return a, b


def _attacks(a: Station, b: Station) -> list[oplog.Op]:
    """The two attacks of issue 9, finding 1, plus their variants."""
    with a.db.read() as conn:
        created = next(op for op in oplog.iter_ops(conn) if op.kind == "account.create")
    evil_hash = passwords.hash_password(EVIL)
    base = {"field": "password_hash", "value": evil_hash, "base": ""}
    return [
        forge(b, "account.update", {"station": a.db.station_id, "username": "admin", **base}),
        forge(b, "account.update", {"station": a.db.station_id, "username": "admin", "field": "roles",
                                     "value": ["admin", "operator"], "base": ""}),
        # back-dated creation of a's admin user name, before a created it
        forge(b, "account.create", {"station": a.db.station_id, "username": "admin", "display_name": "B",
                                     "phone": "", "roles": ["admin"], "password_hash": evil_hash},
              hlc=Hlc(created.wall_ms - 60_000, 0, "b")),
        # the old payload shape (no station): it means b's own account of that name now
        forge(b, "account.update", {"username": "admin", **base}),
    ]


def test_a_trusted_station_cannot_take_over_another_stations_admin(tmp_path: Path) -> None:
    a, b = _stations(tmp_path)
    attacks = _attacks(a, b)
    report = receive(a, send(b, a, tmp_path / "usb"))
    assert report.refused == {"南诏镇": 3}
    assert any("越权" in line for line in report.lines())
    with pytest.raises(AuthError):
        accounts.authenticate(a.db, "admin", EVIL)
    me = accounts.authenticate(a.db, "admin", "admin-pass-1")
    assert "admin" in me.roles and "operator" not in me.roles
    with a.db.read() as conn:
        refused = authority.list_refusals(conn)
    assert [(r["op_id"], r["reason"]) for r in refused] == sorted(
        [(op.op_id, "account.foreign_station") for op in attacks[:3]], key=lambda x: next(
            o.hlc for o in attacks if o.op_id == x[0]))
    # the old payload shape edits b's own (non-existent) "admin", never a's
    held = {(x.station_id, x.username) for x in accounts.list_accounts(a.db, include_foreign=True)}
    assert held == {(a.db.station_id, "admin"), (b.db.station_id, "nz_admin")}
    check_ok(a.db)
    notes = [n for r in integrity.run_all(a.db) for n in r.notes]
    assert sum(1 for n in notes if "account.foreign_station" in n) == 3


def test_a_local_write_the_rules_refuse_is_never_recorded(tmp_path: Path) -> None:
    a, b = _stations(tmp_path)
    receive(a, send(b, a, tmp_path / "usb"))
    with a.db.read() as conn:
        before = conn.execute(select(OPLOG.c.op_id)).all()
    with pytest.raises(authority.AuthorityRefused) as err, a.db.write() as w:
        w.record("account.update", {"station": b.db.station_id, "username": "nz_admin", "field": "phone",
                                    "value": "1", "base": ""}, "admin")
    assert "另一个站点" in err.value.message
    with a.db.read() as conn:
        assert conn.execute(select(OPLOG.c.op_id)).all() == before


def test_refusals_are_identical_in_any_import_order(tmp_path: Path) -> None:
    a, b = _stations(tmp_path)
    usb = tmp_path / "usb"
    bundles = [send(a, None, usb)]
    _attacks(a, b)
    bundles.append(send(b, None, usb))
    accounts.add_account(a.db, a.admin, "wanglei", "wanglei-pass", ["operator"])
    accounts.update_account(a.db, a.admin, "wanglei", phone="13908721301")
    bundles.append(send(a, None, usb))
    forge(b, "account.update", {"station": a.db.station_id, "username": "wanglei", "field": "disabled",
                                "value": True, "base": ""})
    bundles.append(send(b, None, usb))
    results: list[tuple[Any, ...]] = []

    @settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.permutations(range(len(bundles))))
    def run(order: list[int]) -> None:
        c = make_station(tmp_path / f"c-{uuid.uuid4().hex[:8]}", "五印乡", "532927102", FakeWall(), "wy_admin")
        trust_card(c, a)
        trust_card(c, b)
        for i in order:
            receive(c, bundles[i])
        with c.db.read() as conn:
            refused = [(r["op_id"], r["reason"]) for r in authority.list_refusals(conn)]
        data = dump(c.db)
        mine = {k: v for k, v in data.items() if k not in ("station", "setting")}
        check_ok(c.db)
        results.append((refused, {k: [row for row in v if c.db.station_id not in row] for k, v in mine.items()}))
        c.db.close()

    run()
    assert len(results) >= 2
    assert all(r == results[0] for r in results)
    assert len(results[0][0]) == 4


def test_two_stations_may_both_have_an_admin(tmp_path: Path) -> None:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "admin")
    b = make_station(tmp_path / "b", "南诏镇", "532927101", FakeWall(), "admin")
    trust_card(a, b)
    trust_card(b, a)
    usb = tmp_path / "usb"
    receive(a, send(b, a, usb))
    receive(b, send(a, b, usb))
    for s in (a, b):
        held = {(x.station_id, x.username) for x in accounts.list_accounts(s.db, include_foreign=True)}
        assert held == {(a.db.station_id, "admin"), (b.db.station_id, "admin")}
        assert accounts.authenticate(s.db, "admin", "admin-pass-1").username == "admin"
        check_ok(s.db)
    accounts.update_account(b.db, b.admin, "admin", phone="13908721301")
    receive(a, send(b, a, usb))
    assert accounts.get_account(a.db, "admin").phone == ""  # type: ignore[union-attr]
    assert accounts.get_account(a.db, "admin", b.db.station_id).phone == "13908721301"  # type: ignore[union-attr]
