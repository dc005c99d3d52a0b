"""Rosters across stations: field-by-field merge, the loser kept and the person flagged, move vs
leave, authority of unit owners, and every arrival order giving the same tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import MetaData, select

from app.errors import ValidationError
from app.services.rosters import people, phones, status, units
from app.storage import migrate, oplog
from app.storage.changes import Changes
from app.storage.engine import make_engine
from app.storage.models import load_all
from app.storage.ops import Op
from app.storage.projections import apply, fields
from app.sync import conflicts
from tests.conftest import FakeWall
from tests.tamper import forge
from tests.unit.rosters_support import small_roster
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    connect_all,
    dump,
    make_station,
    receive,
    send,
)

ROSTER_TABLES = ("roster_unit", "roster_person", "roster_membership", "roster_phone", "roster_status_event",
                 "field_edit")


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    a = make_station(tmp_path / "a", "巍山县应急管理局", "532927", FakeWall(), "county_admin")
    b = make_station(tmp_path / "b", "五印乡人民政府", "532927204", FakeWall(), "wy_admin")
    connect_all([a, b])
    yield a, b
    a.db.close()
    b.db.close()


def swap(a: Station, b: Station, usb: Path) -> None:
    receive(b, send(a, b, usb))
    receive(a, send(b, a, usb))


def test_concurrent_phone_edits_merge_with_the_loser_kept_and_person_flagged(
        pair: tuple[Station, Station], tmp_path: Path) -> None:
    a, b = pair
    usb = tmp_path / "usb"
    small_roster(a.db, a.admin)
    swap(a, b, usb)
    b.db.wall.advance(5)  # type: ignore[attr-defined]
    phones.edit_phone(a.db, a.admin, "罗正华", "13908725001", "number", "13908725011")
    phones.edit_phone(b.db, b.admin, "罗正华", "13908725001", "number", "13908725022")
    people.edit_person(a.db, a.admin, "罗正华", {"title": "班长"})  # a different field: no conflict
    swap(a, b, usb)
    assert dump(a.db) == dump(b.db)
    for s in (a, b):
        detail = people.person_detail(s.db, "罗正华")
        assert next(p["number"] for p in detail["phones"]) == "13908725022"
        assert detail["title"] == "班长" and detail["verify"]
        assert detail["conflicts"] == [{"entity": "roster_phone", "key": detail["phones"][0]["id"], "field": "number",
                                        "value": "13908725022", "lost": "13908725011", "lost_by": "county_admin"}]
    view = conflicts.load(a.db)
    c = next(f for f in view.fields if f.entity == "roster_phone")
    assert c.resolvable and conflicts.field_label("roster_phone", "number") == "号码"
    conflicts.resolve(a.db, a.admin, c, "loser")
    swap(a, b, usb)
    for s in (a, b):
        detail = people.person_detail(s.db, "罗正华")
        assert not detail["verify"] and detail["phones"][0]["number"] == "13908725011"
    check_ok(a.db)
    check_ok(b.db)


def test_moved_at_one_station_and_left_at_the_other_both_recorded(pair: tuple[Station, Station],
                                                                  tmp_path: Path) -> None:
    a, b = pair
    usb = tmp_path / "usb"
    s = small_roster(a.db, a.admin)
    swap(a, b, usb)
    people.assign(a.db, a.admin, "李志强", s.squad2, "member")
    b.db.wall.advance(1)  # type: ignore[attr-defined]
    people.leave(b.db, b.admin, "李志强", "2024-05-01")
    swap(a, b, usb)
    assert dump(a.db) == dump(b.db)
    detail = people.person_detail(a.db, "李志强")
    assert detail["status"] == "left" and detail["unit"] == "五印二班"
    assert [m["unit"] for m in detail["memberships"]] == ["五印一班", "五印二班"]
    assert {n.name: n.on_duty for n in units.list_units(a.db)}["五印二班"] == 1  # left: not counted
    check_ok(a.db)


def test_units_are_written_by_their_owner_or_the_county(pair: tuple[Station, Station], tmp_path: Path) -> None:
    a, b = pair
    usb = tmp_path / "usb"
    s = small_roster(a.db, a.admin)
    swap(a, b, usb)
    with pytest.raises(ValidationError) as info:
        status.set_status(b.db, b.admin, s.team, "deployed")
    assert info.value.code == "roster.foreign_unit"
    with pytest.raises(ValidationError):
        units.edit_unit(b.db, b.admin, s.team, {"planned": 5})
    # a hostile township station writes the operations anyway: refused wherever they are applied
    # (the honest writer refuses them before writing: forged as a modified program would)
    forge(b, "roster.status", {"unit_id": s.team, "status": "out", "note": "x"})
    with b.db.read() as conn:
        base = fields.current_hlc(conn, entity="roster_unit", key=s.team, field="planned")
    forge(b, "roster.unit.edit", {"unit_id": s.team, "field": "planned", "value": 1, "base": base})
    own, _ = units.create_unit(b.db, b.admin, units.UnitInput("五印乡义务扑火队", type="volunteer",
                                                              township="五印乡", planned=100))
    swap(a, b, usb)
    for x in (a, b):
        rows = {n.name: n for n in units.list_units(x.db)}
        assert rows["森林消防专业扑火队"].planned == 40 and rows["森林消防专业扑火队"].status == ""
    status.set_status(a.db, a.admin, own, "deployed", place="瓦葵村")  # the county may order a township's unit
    swap(a, b, usb)
    assert {n.name: n.status for n in units.list_units(b.db)}["五印乡义务扑火队"] == "deployed"
    assert dump(a.db) == dump(b.db)
    check_ok(a.db)
    check_ok(b.db)


# -- every arrival order ---------------------------------------------------------------------------


def _all_ops(stations: list[Station]) -> dict[str, list[Op]]:
    chains: dict[str, list[Op]] = {}
    seen: set[str] = set()
    for s in stations:
        with s.db.read() as conn:
            for op in oplog.iter_ops(conn):
                if op.op_id not in seen:
                    seen.add(op.op_id)
                    chains.setdefault(op.replica_id, []).append(op)
    for chain in chains.values():
        chain.sort(key=lambda o: o.seq)
    return chains


def _replay(ops: list[Op], folder: Path, name: str) -> dict[str, list[tuple[Any, ...]]]:
    engine = make_engine("sqlite:///" + str(folder / f"{name}.sqlite3"))
    full = load_all()
    meta = MetaData()
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        migrate.upgrade(conn)
        changes = Changes()
        for op in ops:
            apply(conn, op, changes)
        for table_name in ROSTER_TABLES:
            t = full.tables[table_name].to_metadata(meta)
            out[table_name] = sorted(tuple(r) for r in conn.execute(select(t)))
        conn.rollback()
    engine.dispose()
    return out


@pytest.fixture(scope="module")
def concurrent_ops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Op]]:
    import os

    os.environ["DUTYDESK_KEY_PASSPHRASE"] = "station-secret-1"
    folder = tmp_path_factory.mktemp("orders")
    a = make_station(folder / "a", "巍山县应急管理局", "532927", FakeWall(), "county_admin")
    b = make_station(folder / "b", "五印乡人民政府", "532927204", FakeWall(), "wy_admin")
    connect_all([a, b])
    usb = folder / "usb"
    s = small_roster(a.db, a.admin)
    swap(a, b, usb)
    b.db.wall.advance(2)  # type: ignore[attr-defined]
    phones.edit_phone(a.db, a.admin, "罗正华", "1", "number", "13908725011")
    phones.edit_phone(b.db, b.admin, "罗正华", "1", "number", "13908725022")
    people.assign(a.db, a.admin, "李志强", s.squad2)
    people.leave(b.db, b.admin, "李志强")
    status.set_status(a.db, a.admin, s.team, "deployed")
    status.set_status(a.db, a.admin, s.squad2, "resting")
    phones.verify(b.db, b.admin, "杨文忠", "1")
    # refused everywhere: a township station ordering the county's team (forged, see tests/tamper.py)
    forge(b, "roster.status", {"unit_id": s.squad1, "status": "out", "note": "x"})
    units.create_unit(b.db, b.admin, units.UnitInput("五印乡义务扑火队", township="五印乡", planned=100))
    chains = _all_ops([a, b])
    a.db.close()
    b.db.close()
    return chains


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_every_interleaving_of_the_chains_gives_the_same_tables(
        concurrent_ops: dict[str, list[Op]], tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    chains = {k: list(v) for k, v in concurrent_ops.items()}
    by_hlc = sorted((op for c in chains.values() for op in c), key=lambda o: (o.hlc, o.op_id))
    folder = tmp_path_factory.mktemp("replay")
    expected = _replay(by_hlc, folder, "hlc")
    order: list[Op] = []
    keys = sorted(chains)
    while any(chains.values()):
        live = [k for k in keys if chains[k]]
        pick = data.draw(st.sampled_from(live))
        take = data.draw(st.integers(1, len(chains[pick])))
        order.extend(chains[pick][:take])
        del chains[pick][:take]
    assert _replay(order, folder, "mixed") == expected
