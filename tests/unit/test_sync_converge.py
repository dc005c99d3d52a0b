"""Property: 3–5 stations making random operations and exchanging bundles in random orders, with
relays and re-imports, all converge to identical projections; the operation count is the union."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.errors import UserError
from app.services import accounts, duty_log, station
from app.services.duty_log import EntryInput
from app.storage.projections import fields
from tests.conftest import FakeWall
from tests.unit.test_sync_support import (
    _key_passphrase,  # noqa: F401  (autouse fixture)
    check_ok,
    connect_all,
    dump,
    log_dump,
    make_station,
    op_ids,
    receive,
    send,
)

NAMES = ["巍山县应急管理局", "南诏镇", "大仓镇", "庙街镇", "永建镇"]

step = st.one_of(
    st.tuples(st.just("create"), st.integers(0, 4)),
    st.tuples(st.just("edit"), st.integers(0, 4), st.integers(0, 30), st.sampled_from(["phone", "display_name"]),
              st.integers(0, 9)),
    st.tuples(st.just("setting"), st.integers(0, 4), st.sampled_from(["duty.phone", "duty.fax", "note"]),
              st.integers(0, 9)),
    st.tuples(st.just("export"), st.integers(0, 4), st.integers(-1, 4)),
    st.tuples(st.just("import"), st.integers(0, 4), st.integers(0, 60)),
    st.tuples(st.just("tick"), st.integers(0, 4), st.integers(0, 900)),
    st.tuples(st.just("entry"), st.integers(0, 4), st.integers(0, 99)),
    st.tuples(st.just("amend"), st.integers(0, 4), st.integers(0, 30), st.integers(0, 9)),
)


def _run(n: int, steps: list[tuple[object, ...]], folder: Path) -> None:
    walls = [FakeWall() for _ in range(n)]
    stations = [make_station(folder / f"s{i}", NAMES[i], f"53292710{i}", walls[i], f"admin{i}") for i in range(n)]
    connect_all(stations)
    operators = []
    for i, s in enumerate(stations):
        accounts.add_account(s.db, s.admin, f"op{i}", "operator-pass", ["operator"])
        operators.append(accounts.authenticate(s.db, f"op{i}", "operator-pass"))
    bag: list[Path] = []
    counters = [0] * n
    usb = folder / "usb"
    try:
        for item in steps:
            kind, who = item[0], int(item[1]) % n  # type: ignore[call-overload]
            s = stations[who]
            if kind == "create":
                counters[who] += 1
                accounts.add_account(s.db, s.admin, f"u{who}x{counters[who]}", "operator-pass", ["operator"])
            elif kind == "edit":
                names = [a.username for a in accounts.list_accounts(s.db, include_foreign=True)
                         if a.username.startswith("u")]
                if names:
                    target = names[int(item[2]) % len(names)]  # type: ignore[call-overload]
                    value = f"1390872{int(item[4]):04d}" if item[3] == "phone" else f"值班员{item[4]}"  # type: ignore[call-overload]
                    field = "phone" if item[3] == "phone" else "display_name"
                    # written as the account's own station would (also for accounts of other
                    # stations: concurrent edits of one field are what merging must settle)
                    with s.db.write() as w:
                        base = fields.current_hlc(w.conn, entity="account", key=target, field=field)
                        w.record("account.update", {"username": target, "field": field, "value": value,
                                                    "base": base}, s.admin.username)
            elif kind == "setting":
                station.set_setting(s.db, s.admin, str(item[2]), f"v{item[3]}")
            elif kind == "export":
                target = int(item[2])  # type: ignore[call-overload]
                peer = None if target < 0 or target % n == who else stations[target % n]
                bag.append(send(s, peer, usb))
            elif kind == "import" and bag:
                receive(s, bag[int(item[2]) % len(bag)])  # any bundle, any order: relays and re-imports
            elif kind == "entry":
                township = ["南诏镇", "大仓镇", "庙街镇", ""][int(item[2]) % 4]  # type: ignore[call-overload]
                duty_log.add_entry(s.db, operators[who], EntryInput(summary=f"来电报告 {item[2]}", township=township))
            elif kind == "amend":
                with s.db.read() as conn:
                    entries = sorted(conn.exec_driver_sql(
                        "SELECT op_id FROM oplog WHERE kind = 'duty.entry.add'").scalars())
                if entries:
                    target = entries[int(item[2]) % len(entries)]  # type: ignore[call-overload]
                    with contextlib.suppress(UserError):
                        duty_log.amend(s.db, operators[who], target, "summary", f"更正：来电报告 {item[3]}", "核实")
            elif kind == "tick":
                walls[who].advance(int(item[2]))  # type: ignore[call-overload]
        union = set().union(*(op_ids(s.db) for s in stations))
        # settle: everyone sends everything to the first station, which sends everything back
        for s in stations[1:]:
            receive(stations[0], send(s, stations[0], usb))
        final = send(stations[0], None, usb)
        for s in stations[1:]:
            receive(s, final)
        dumps = [dump(s.db) for s in stations]
        assert all(d == dumps[0] for d in dumps[1:])
        # every export seals the exporter's chain head first: the seals are new operations too
        assert all(union <= op_ids(s.db) == op_ids(stations[0].db) for s in stations)
        assert all(log_dump(s.db) == log_dump(stations[0].db) for s in stations[1:])
        for s in stations:
            check_ok(s.db)
    finally:
        for s in stations:
            s.db.close()


@settings(max_examples=int(os.environ.get("DUTYDESK_SYNC_EXAMPLES", "8")), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(n=st.integers(3, 5), steps=st.lists(step, min_size=5, max_size=30))
def test_random_exchanges_converge(n: int, steps: list[tuple[object, ...]]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="dutydesk-converge-"))
    try:
        _run(n, steps, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_fixed_tangle_converges(tmp_path: Path) -> None:
    steps: list[tuple[object, ...]] = [
        ("create", 0), ("create", 1), ("export", 0, 1), ("edit", 1, 0, "phone", 1), ("create", 2),
        ("export", 1, 2), ("import", 2, 1), ("edit", 0, 0, "phone", 2), ("export", 2, -1), ("import", 0, 2),
        ("import", 1, 0), ("import", 1, 0), ("tick", 1, 30), ("edit", 1, 0, "display_name", 3), ("export", 1, 0),
        ("import", 0, 3), ("import", 2, 3), ("setting", 2, "note", 4), ("export", 2, 0), ("import", 0, 4),
        ("entry", 0, 1), ("entry", 1, 2), ("export", 0, 1), ("import", 1, 5), ("amend", 1, 0, 1),
        ("amend", 0, 0, 2), ("export", 1, 0), ("import", 0, 6), ("import", 3, 6),
    ]
    _run(4, steps, tmp_path)

