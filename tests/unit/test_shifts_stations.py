"""Shifts, rota and handover sheets are per station: synced records of another station never
become this station's current shift, rota or sheet entries."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.errors import ValidationError
from app.services import duty_log, handover, shifts
from app.services.shifts import Composition, rota
from tests.conftest import make_account
from tests.unit.stations import COUNTY, NANZHAO, connected, swap
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    )

TZ = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    with connected(tmp_path, [("a", COUNTY), ("b", NANZHAO)], local(2024, 4, 18, 8, 40)) as (county, town):
        yield county, town


def test_synced_shifts_rota_and_entries_stay_with_their_station(pair: tuple[Station, Station],
                                                               tmp_path: Path) -> None:
    county, town = pair
    usb = tmp_path / "usb"
    people = {"yangzh": ("leader",), "zhanght": ("shift_lead", "operator"), "wanglei": ("operator",)}
    crew = {u: make_account(county.db, county.admin, u, *r) for u, r in people.items()}
    nz_lead = make_account(town.db, town.admin, "nz_lead", "shift_lead", "operator")
    make_account(town.db, town.admin, "nz_op", "operator")
    key = "2024-04-18T08:30"
    rota.assign(county.db, county.admin, key, Composition("yangzh", "zhanght", ("wanglei",)))
    county_shift = shifts.open_shift(county.db, crew["zhanght"])[1]
    duty_log.add_entry(county.db, crew["wanglei"], duty_log.EntryInput(
        summary="县局：五印乡地震续报", category="incident", received_at=local(2024, 4, 18, 9, 0)))
    swap(county, town, usb)

    # the township sees no shift of its own and no rota of its own
    assert shifts.open_shift_info(town.db) is None
    assert shifts.current_shift(town.db) is None
    assert shifts.list_shifts(town.db) == []
    assert shifts.planned_composition(town.db, key) is None
    assert all(not r.planned or r.composition == Composition() for r in rota.month(town.db, 2024, 4).rows
               if r.slot.key == key)
    with pytest.raises(ValidationError) as err:
        shifts.resolve(town.db, county_shift)
    assert err.value.code == "shift.unknown"

    # … so it can open its own shift and plan the same slot
    rota.assign(town.db, town.admin, key, Composition("", "nz_lead", ("nz_op",)))
    town_shift = shifts.open_shift(town.db, nz_lead)[1]
    duty_log.add_entry(town.db, nz_lead, duty_log.EntryInput(
        summary="南诏镇：山体滑坡", category="incident", received_at=local(2024, 4, 18, 9, 30)))
    swap(county, town, usb)

    for st, mine, theirs in ((county, county_shift, town_shift), (town, town_shift, county_shift)):
        on = shifts.open_shift_info(st.db)
        assert on is not None and on.shift_id == mine
        assert [s.shift_id for s in shifts.list_shifts(st.db)] == [mine]
        assert shifts.get_shift(st.db, theirs) is None
    assert shifts.planned_composition(county.db, key) == Composition("yangzh", "zhanght", ("wanglei",))
    assert shifts.planned_composition(town.db, key) == Composition("", "nz_lead", ("nz_op",))

    # the county's handover sheet lists only the county's entries
    county.db.wall.set(local(2024, 4, 18, 12, 0))  # type: ignore[attr-defined]
    info = shifts.require_shift(county.db, county_shift)
    sheet = handover.build_sheet(county.db, info)
    entries = next(s for s in sheet["sections"] if s["code"] == "entries")
    summaries = [r["cells"][3] for r in entries["rows"]]
    assert summaries == ["县局：五印乡地震续报"]
    open_items = next(s for s in sheet["sections"] if s["code"] == "open_items")
    assert [r["cells"][1] for r in open_items["rows"]] == ["县局：五印乡地震续报"]

    # handing over on the county numbers its own sheets, and the township's shift stays on
    out = shifts.confirm(county.db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    inc = shifts.confirm(county.db, "wanglei", "wanglei-pass", shifts.INCOMING)
    result = shifts.hand_over(county.db, county_shift, [out, inc])
    assert result.sheet_no == "JJB-2024-0001"
    swap(county, town, usb)
    still = shifts.open_shift_info(town.db)
    assert still is not None and still.shift_id == town_shift
    assert shifts.last_handed_over(town.db) is None
