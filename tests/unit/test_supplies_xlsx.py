"""Excel ledger import (preview, row errors, all or nothing, idempotent re-import) and export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from app.errors import ValidationError
from app.reports import supplies_xlsx
from app.services.accounts import Actor
from app.services.supplies import balances, move_refs, movements, xlsx_import
from app.storage.engine import Database
from tests.unit.supplies_support import Ledger, setup_ledger

HEADER = ["仓库代码", "物资编码", "品名", "规格型号", "单位", "管理方式", "批号", "生产日期", "有效期", "数量", "序列号",
          "单据号", "入库日期"]


@pytest.fixture
def ledger(db: Database, admin: Actor) -> Ledger:
    return setup_ledger(db, admin)


def _book(path: Path, rows: list[list[Any]], header: list[str] = HEADER, merge: str = "") -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for r in rows:
        ws.append(r)
    if merge:
        ws.merge_cells(merge)
    wb.save(path)
    return path


GOOD = [
    ["XJK", "CSJ-01", "抽水机", "3 寸汽油抽水机", "台", "", "", "", "", 120, "", "ZB-2023-17", "2023-11-02"],
    ["XJK", "QJD-01", "千斤顶", "液压 20 t", "台", "", "", "", "", 60, "", "ZB-2023-17", "2023-11-02"],
    ["WY", "MB-01", "棉被", "2.0×2.3 m", "床", "批次", "2023-07", "2023-06-01", "", 200, "", "", "2023-11-05"],
    ["XJK", "WXDH-01", "卫星电话", "天通一号", "部", "序列号", "", "", "", 2, "TT-1、TT-2", "", "2024-07-01"],
]


def test_preview_then_commit_then_reimport_adds_nothing(ledger: Ledger, tmp_path: Path) -> None:
    path = _book(tmp_path / "台账.xlsx", GOOD)
    plan = xlsx_import.read(ledger.db, path)
    assert plan.errors == [] and sorted(plan.new_items) == ["QJD-01"]
    assert move_refs.move_count(ledger.db) == 0  # preview writes nothing
    xlsx_import.commit(ledger.db, ledger.keeper, plan)
    view = {(r.depot, r.item): r.on_hand for r in balances.stock_view(ledger.db)}
    assert view == {("XJK", "CSJ-01"): 120, ("XJK", "QJD-01"): 60, ("WY", "MB-01"): 200, ("XJK", "WXDH-01"): 2}
    again = xlsx_import.read(ledger.db, path)
    assert all(r.skip for r in again.rows) and again.new_items == {}
    xlsx_import.commit(ledger.db, ledger.keeper, again)
    assert move_refs.move_count(ledger.db) == 4


@pytest.mark.parametrize(("rows", "header", "merge", "needle"), [
    ([["XJK", "CSJ-01", "抽水机", "", "台", "", "", "", "", "十台", "", "", ""]], HEADER, "", "第 2 行“数量”"),
    ([GOOD[0], GOOD[0]], HEADER, "", "第 3 行"),
    ([GOOD[0]], ["仓库", "物资", "数量"], "", "第 1 行第 1 列"),
    ([GOOD[0], GOOD[1]], HEADER, "A2:A3", "合并单元格"),
    ([["NOPE", "CSJ-01", "抽水机", "", "台", "", "", "", "", 1, "", "", ""]], HEADER, "", "NOPE"),
    ([["WY", "MB-01", "棉被", "", "床", "批次", "", "", "", 5, "", "", ""]], HEADER, "", "批号"),
    ([["XJK", "CSJ-01", "水泵", "", "台", "", "", "", "", 5, "", "", ""]], HEADER, "", "品名"),
    ([["WY", "MB-01", "棉被", "", "床", "批次", "2030-01", "2030-01-01", "", 5, "", "", ""]], HEADER, "", "晚于今天"),
])
def test_bad_files_name_the_row_and_write_nothing(ledger: Ledger, tmp_path: Path, rows: list[list[Any]],
                                                   header: list[str], merge: str, needle: str) -> None:
    path = _book(tmp_path / "bad.xlsx", rows, header, merge)
    with pytest.raises(ValidationError) as err:
        plan = xlsx_import.read(ledger.db, path)
        xlsx_import.commit(ledger.db, ledger.keeper, plan)
    assert needle in err.value.message
    assert move_refs.move_count(ledger.db) == 0


def test_export_stock_view(ledger: Ledger, tmp_path: Path) -> None:
    movements.receive(ledger.db, ledger.keeper, "XJK", "CSJ-01", 7)
    title, headers, rows, marked = balances.stock_table(ledger.db)
    out = tmp_path / "库存.xlsx"
    supplies_xlsx.write_table(out, title, headers, rows, marked)
    ws = load_workbook(out).active
    assert ws is not None
    assert ws.cell(2, 4).value == "品名" and ws.cell(3, 4).value == "抽水机" and ws.cell(3, 7).value == 7
