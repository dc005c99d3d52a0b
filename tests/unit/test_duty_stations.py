"""Entry numbers run per station and year: synced entries of another station carry its code
wherever a number is shown, and a number given by hand finds the right entry."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from app.errors import ValidationError
from app.services import duty_log
from tests.conftest import FakeWall, make_account
from tests.unit.stations import COUNTY, WUYIN, connected
from tests.unit.test_sync_support import (
    Station,
    _key_passphrase,  # noqa: F401  (autouse fixture)
    connect_all,
    make_station,
    receive,
    send,
)

TZ = ZoneInfo("Asia/Shanghai")


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


@pytest.fixture
def pair(tmp_path: Path) -> Iterator[tuple[Station, Station]]:
    with connected(tmp_path, [("a", COUNTY), ("b", WUYIN)], local(2024, 4, 19, 8, 40)) as (county, town):
        yield county, town


def _both_numbered(pair: tuple[Station, Station], usb: Path) -> None:
    county, town = pair
    op_c = make_account(county.db, county.admin, "wanglei", "operator")
    op_t = make_account(town.db, town.admin, "wy_op", "operator")
    duty_log.add_entry(county.db, op_c, duty_log.EntryInput(summary="县局：州地震局通报五印乡地震",
                                                            received_at=local(2024, 4, 19, 6, 0)))
    duty_log.add_entry(town.db, op_t, duty_log.EntryInput(summary="五印乡：村民报告房屋受损",
                                                          received_at=local(2024, 4, 19, 6, 10)))
    receive(town, send(county, town, usb))
    receive(county, send(town, county, usb))


def test_foreign_numbers_carry_the_station_code(pair: tuple[Station, Station], tmp_path: Path) -> None:
    county, town = pair
    _both_numbered(pair, tmp_path / "usb")
    rows = duty_log.page(county.db, duty_log.EntryFilter(), 0, 10, "received_at", False)
    assert [r.no for r in rows] == ["2024-0001", "2024-0001"]
    assert [r.display_no for r in rows] == ["2024-0001", "532927207-2024-0001"]
    assert [r.foreign for r in rows] == [False, True]
    assert [r.station_code for r in rows] == ["532927", "532927207"]
    # the other way round at the township
    town_rows = duty_log.page(town.db, duty_log.EntryFilter(), 0, 10, "received_at", False)
    assert [r.display_no for r in town_rows] == ["532927-2024-0001", "2024-0001"]

    # a bare number is this station's entry; the qualified one is the other station's
    assert duty_log.find_by_number(county.db, "2024-0001").summary.startswith("县局")  # type: ignore[union-attr]
    other = duty_log.find_by_number(county.db, "532927207-2024-0001")
    assert other is not None and other.summary.startswith("五印乡") and other.foreign
    assert duty_log.resolve(county.db, "532927207-2024-1").id == other.id
    assert duty_log.find_by_number(county.db, "五印乡-2024-0001") is not None  # the station's name works too
    assert duty_log.find_by_number(county.db, "999999-2024-0001") is None
    assert duty_log.same_number(county.db, duty_log.resolve(county.db, "2024-0001")) == ["532927207-2024-0001"]
    assert duty_log.other_station_codes(county.db) == ["532927207"]
    assert duty_log.other_station_codes(town.db) == ["532927"]

    detail = duty_log.get_entry(county.db, other.id)
    data = duty_log.to_json(detail, county.db)
    assert (data["no"], data["display_no"], data["station_code"], data["foreign"]) == (
        "2024-0001", "532927207-2024-0001", "532927207", True)
    assert "532927207-2024-0001" in detail.activity[0].text


def test_bare_number_of_several_other_stations_is_ambiguous(pair: tuple[Station, Station], tmp_path: Path) -> None:
    county, town = pair
    op_t = make_account(town.db, town.admin, "wy_op", "operator")
    duty_log.add_entry(town.db, op_t, duty_log.EntryInput(summary="五印乡：零报告", received_at=local(2024, 4, 19, 7)))
    receive(county, send(town, county, tmp_path / "usb"))
    # only one station has it: the bare number finds it
    found = duty_log.find_by_number(county.db, "2024-0001")
    assert found is not None and found.display_no == "532927207-2024-0001"
    third = make_station(tmp_path / "c", "永建镇", "532927104", FakeWall(local(2024, 4, 19, 8, 40)), "yj_admin")
    try:
        connect_all([county, town, third])
        op_3 = make_account(third.db, third.admin, "yj_op", "operator")
        duty_log.add_entry(third.db, op_3, duty_log.EntryInput(summary="永建镇：零报告", received_at=local(2024, 4, 19, 7)))
        receive(county, send(third, county, tmp_path / "usb3"))
        with pytest.raises(ValidationError) as err:
            duty_log.find_by_number(county.db, "2024-0001")
        assert "532927207-2024-0001" in str(err.value) and "532927104-2024-0001" in str(err.value)
    finally:
        third.db.close()


def test_cli_marks_foreign_entries_and_names_the_station(pair: tuple[Station, Station], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    county, _town = pair
    _both_numbered(pair, tmp_path / "usb")
    path = county.db.url
    county.db.close()
    monkeypatch.setenv("DUTYDESK_LANG", "en")

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--db", path, *args])
        out = capsys.readouterr()
        return code, out.out, out.err

    code, out, _ = run("log", "list")
    assert code == 0 and "532927207-2024-0001" in out
    code, out, _ = run("log", "list", "--json")
    assert [d["display_no"] for d in json.loads(out)] == ["2024-0001", "532927207-2024-0001"]
    code, out, err = run("log", "show", "2024-0001")
    assert code == 0 and "县局" in out and "532927207-2024-0001" in err
    code, out, err = run("log", "show", "532927207-2024-0001")
    assert code == 0 and "五印乡：村民" in out and err == ""
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wanglei-pass")
    code, out, _ = run("log", "close", "532927207-2024-0001", "--as", "wanglei")
    assert code == 0 and "532927207-2024-0001" in out
