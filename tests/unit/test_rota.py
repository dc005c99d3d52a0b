"""The duty rota: month view, warnings, double-booking, swaps, PDF and spreadsheet, projection order."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.errors import PermissionDenied, UserError, ValidationError
from app.reports import rota_sheet, xlsx
from app.services import shifts
from app.services.accounts import Actor
from app.services.shifts import Composition, rota
from app.storage import oplog
from app.storage.changes import Changes
from app.storage.engine import Database
from app.storage.models import table
from app.storage.models.shifts import RotaChange, RotaSlot, RotaSwap
from app.storage.projections import apply
from tests.conftest import FakeWall, make_account

TZ = ZoneInfo("Asia/Shanghai")
TEAM_A = Composition("yangzh", "zhanght", ("wanglei", "chenjing", "liuyang"))
TEAM_B = Composition("zhaolp", "lixy", ("yangfang", "luowb", "zicm"))


@pytest.fixture
def planner(db: Database, admin: Actor) -> Actor:
    for user, roles, name in (
        ("yangzh", ("leader",), "杨志华"), ("zhaolp", ("leader",), "赵丽萍"),
        ("zhanght", ("shift_lead", "operator"), "张海涛"), ("lixy", ("shift_lead", "operator"), "李秀英"),
        ("wanglei", ("operator",), "王磊"), ("chenjing", ("operator",), "陈静"), ("liuyang", ("operator",), "刘洋"),
        ("yangfang", ("operator",), "杨芳"), ("luowb", ("operator",), "罗文斌"), ("zicm", ("operator",), "字春梅"),
        ("duanzq", ("storekeeper",), "段志强"),
    ):
        make_account(db, admin, user, *roles, name=name)
    return Actor("yangzh", "杨志华", frozenset({"leader"}))


def slot_rows(db: Database) -> list[tuple[str, ...]]:
    with db.read() as conn:
        return [tuple(r) for r in conn.execute(table(RotaSlot).select().order_by("slot_key"))]


def test_month_view_and_warnings(db: Database, planner: Actor) -> None:
    rota.assign(db, planner, "2024-04-19T08:30", TEAM_A)
    rota.assign(db, planner, "2024-04-20T08:30", Composition("", "lixy", ("yangfang",)))
    month = rota.month(db, 2024, 4)
    assert len(month.rows) == 30
    by_key = {r.slot.key: r for r in month.rows}
    assert by_key["2024-04-19T08:30"].warnings == ()
    assert by_key["2024-04-19T08:30"].leader.name == "杨志华"  # type: ignore[union-attr]
    warn = by_key["2024-04-20T08:30"].warnings
    assert "缺带班领导" in warn and any("少于规定的 3 人" in w for w in warn)
    assert not by_key["2024-04-21T08:30"].planned
    assert month.warning_count == 29  # 28 unplanned + one short-handed
    data = rota.to_data(month, "巍山县应急管理局", "Asia/Shanghai")
    assert data["slots"][18]["lead"] == {"u": "zhanght", "n": "张海涛"} and data["slots"][18]["weekday"] == 5


def test_double_booking_is_refused(db: Database, admin: Actor, planner: Actor) -> None:
    with pytest.raises(ValidationError) as err:
        rota.assign(db, planner, "2024-04-19T08:30", Composition("yangzh", "zhanght", ("wanglei", "zhanght")))
    assert err.value.code == "shift.double_role"
    rota.assign(db, planner, "2024-04-19T08:30", TEAM_A)
    shifts.configure(db, admin, pattern_value="08:30,20:30")  # now day/night: 19 Apr 20:30 overlaps the 24 h slot
    with pytest.raises(ValidationError) as err:
        rota.assign(db, planner, "2024-04-19T20:30", Composition("zhaolp", "lixy", ("wanglei", "yangfang", "luowb")))
    assert err.value.code == "rota.double_booked" and "wanglei" in err.value.message
    with pytest.raises(ValidationError) as err:
        rota.assign_many(db, planner, [("2024-04-21T08:30", TEAM_B), ("2024-04-21T08:30", TEAM_B),
                                       ("2024-04-22T08:30", Composition("", "", ("nobody",)))])
    assert err.value.code == "shift.unknown_user"
    with pytest.raises(ValidationError):
        rota.assign(db, planner, "2024-04-19T09:00", TEAM_B)  # not a start of the pattern
    assert len(slot_rows(db)) == 1


def test_permissions(db: Database, planner: Actor) -> None:
    with pytest.raises(PermissionDenied):
        rota.assign(db, Actor("wanglei", "王磊", frozenset({"operator"})), "2024-04-19T08:30", TEAM_A)
    with pytest.raises(ValidationError) as err:
        rota.assign(db, planner, "2024-04-19T08:30", Composition("duanzq", "", ()))
    assert err.value.code == "shift.wrong_role"


def test_swap_recorded(db: Database, planner: Actor) -> None:
    rota.assign(db, planner, "2024-05-02T08:30", TEAM_A)
    rota.swap(db, planner, "2024-05-02T08:30", "operators", "wanglei", "yangfang", asked_by="wanglei",
              approved_by="zhanght", reason="家中有事")
    row = {r.slot.key: r for r in rota.month(db, 2024, 5).rows}["2024-05-02T08:30"]
    assert [p.username for p in row.operators] == ["yangfang", "chenjing", "liuyang"]
    (swap,) = row.swaps
    assert (swap.out_user.name, swap.in_user.name, swap.asked_by.name, swap.approved_by.name, swap.reason) == (  # type: ignore[union-attr]
        "王磊", "杨芳", "王磊", "张海涛", "家中有事")
    rota.swap(db, planner, "2024-05-02T08:30", "leader", "yangzh", "zhaolp")
    with pytest.raises(ValidationError) as err:
        rota.swap(db, planner, "2024-05-02T08:30", "operators", "wanglei", "luowb")
    assert err.value.code == "rota.not_in_slot"
    with pytest.raises(ValidationError) as err:
        rota.swap(db, planner, "2024-05-02T08:30", "operators", "chenjing", "chenjing")
    assert err.value.code == "rota.swap_same"
    with pytest.raises(ValidationError) as err:
        rota.swap(db, planner, "2024-05-02T08:30", "operators", "chenjing", "zicm", approved_by="wanglei")
    assert err.value.code == "rota.approver"
    with pytest.raises(ValidationError) as err:
        rota.swap(db, planner, "2024-05-02T08:30", "operators", "chenjing", "yangfang")
    assert err.value.code == "shift.double_role"
    shifts.configure(db, Actor("admin", "admin", frozenset({"admin"})), pattern_value="08:30,20:30")
    rota.assign(db, planner, "2024-05-02T20:30", Composition("", "", ("zicm",)))  # overlaps the 24 h slot
    with pytest.raises(ValidationError) as err:
        rota.swap(db, planner, "2024-05-02T08:30", "operators", "chenjing", "zicm")
    assert err.value.code == "rota.double_booked"
    with pytest.raises(UserError):
        rota.swap(db, planner, "2024-05-02T08:30", "boss", "chenjing", "zicm")


def test_projection_independent_of_order(db: Database, planner: Actor) -> None:
    rota.assign(db, planner, "2024-05-02T08:30", TEAM_A)
    rota.swap(db, planner, "2024-05-02T08:30", "operators", "wanglei", "yangfang", approved_by="zhanght")
    rota.assign(db, planner, "2024-05-03T08:30", TEAM_B)
    rota.swap(db, planner, "2024-05-03T08:30", "lead", "lixy", "zhanght", approved_by="yangzh")
    before = slot_rows(db)
    with db.read() as conn:
        ops = [op for op in oplog.iter_ops(conn) if op.kind.startswith("rota.")]
    with db.transaction() as conn:
        for model in (RotaSlot, RotaChange, RotaSwap):
            conn.execute(table(model).delete())
        for op in reversed(ops):
            apply(conn, op, Changes())
    assert slot_rows(db) == before


def test_rota_pdf_and_xlsx(db: Database, planner: Actor, tmp_path: Path) -> None:
    rota.assign_many(db, planner, [(f"2024-04-{d:02d}T08:30", TEAM_A if d % 2 else TEAM_B) for d in range(1, 31)])
    rota.swap(db, planner, "2024-04-19T08:30", "operators", "wanglei", "yangfang", asked_by="wanglei",
              approved_by="zhanght")
    data = rota.to_data(rota.month(db, 2024, 4), "巍山县应急管理局", "Asia/Shanghai")
    pdf = tmp_path / "rota.pdf"
    pages = rota_sheet.render(data, pdf, "zh_CN")
    text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages).replace("\n", "")
    for needle in ("值班表", "2024年4月", "巍山县应急管理局", "带班领导", "值班长", "杨志华", "字春梅", "4月19日",
                   "换班：王磊→杨芳（王磊申请，张海涛批准）", f"第 1 页 共 {pages} 页"):
        assert needle in text, needle
    book = tmp_path / "rota.xlsx"
    assert xlsx.write_rota(data, book, "zh_CN") == 30
    ws = load_workbook(book).active
    assert ws is not None
    assert "值班表" in str(ws["A1"].value) and ws["A3"].value == "日期"
    assert ws["A4"].value == "2024-04-01" and ws["D4"].value in ("杨志华", "赵丽萍")
    assert "换班" in str(ws.cell(4 + 18, 7).value)
    with pytest.raises(UserError):
        xlsx.write_rota(data, tmp_path / "missing" / "r.xlsx")


def test_parse_month() -> None:
    assert rota.parse_month("2024-04") == (2024, 4)
    for bad in ("2024-13", "April", "2024/04"):
        with pytest.raises(ValidationError):
            rota.parse_month(bad)


def test_current_shift_planned_from_rota(db: Database, planner: Actor, wall: FakeWall) -> None:
    rota.assign(db, planner, "2024-04-19T08:30", TEAM_A)
    wall.set(datetime(2024, 4, 19, 12, 0, tzinfo=TZ))
    info = shifts.current_shift(db)
    assert info is not None and info.state == "planned" and info.lead.name == "张海涛"  # type: ignore[union-attr]
    _c, shift_id = shifts.open_shift(db, Actor("zhanght", "张海涛", frozenset({"shift_lead", "operator"})))
    opened = shifts.current_shift(db)
    assert opened is not None and opened.shift_id == shift_id and opened.usernames == TEAM_A.members
