"""Sections are pluggable: an area adds its own without touching the sheet."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.reports import handover_sheet
from app.services import handover, shifts
from app.services.accounts import Actor
from app.storage.engine import Database
from tests.conftest import FakeWall, make_account

TZ = ZoneInfo("Asia/Shanghai")


def test_a_registered_section_joins_the_sheet(db: Database, admin: Actor, wall: FakeWall, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")
    make_account(db, admin, "lixy", "shift_lead", "operator", name="李秀英")
    wall.set(datetime(2024, 4, 18, 8, 40, tzinfo=TZ))
    shift_id = shifts.open_shift(db, Actor("zhanght", "张海涛", frozenset({"shift_lead"})))[1]

    def stock(ctx: handover.SheetContext) -> handover.Section:
        section = handover.Section("stock", handover.tr("库存低于下限的物资", "Stock below minimum"),
                                   [(handover.tr("品名", "Item"), 40), (handover.tr("库存", "On hand"), 10)])
        section.rows.append((["抽水机", "2"], "overdue"))
        return section

    handover.section_specs()  # discover the areas first, so the patched copy restores them all
    monkeypatch.setattr(handover, "_SECTIONS", dict(handover._SECTIONS))
    handover.register_section(handover.SectionSpec("stock", 50, stock))
    wall.set(datetime(2024, 4, 19, 8, 31, tzinfo=TZ))
    shifts.hand_over(db, shift_id, [shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING),
                                   shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)])
    sheet = shifts.sheet_content(db, shift_id)
    assert sheet is not None
    codes = [s["code"] for s in sheet["sections"]]
    assert codes.index("stock") == 4  # after the duty log's four (order 50), before later areas
    path = tmp_path / "s.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    text = "".join(p.extract_text() for p in PdfReader(str(path)).pages)
    assert "五、库存低于下限的物资" in text and "抽水机" in text
    numerals = "一二三四五六七八九十"
    assert f"{numerals[len(codes)]}、值班情况及提醒" in text  # numbering follows the sections


def test_a_failing_section_is_shown_not_fatal(db: Database, admin: Actor, wall: FakeWall, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")
    wall.set(datetime(2024, 4, 18, 8, 40, tzinfo=TZ))
    shift_id = shifts.open_shift(db, Actor("zhanght", "张海涛", frozenset({"shift_lead"})))[1]

    def broken(ctx: handover.SheetContext) -> handover.Section:
        raise RuntimeError("depot table missing")

    handover.section_specs()  # discover the areas first, so the patched copy restores them all
    monkeypatch.setattr(handover, "_SECTIONS", dict(handover._SECTIONS))
    handover.register_section(handover.SectionSpec("teams", 60, broken))
    sheet = handover.build_sheet(db, shifts.require_shift(db, shift_id))
    failed = next(s for s in sheet["sections"] if s["code"] == "teams")
    assert "depot table missing" in failed["empty"]["zh"]
    path = tmp_path / "s.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    assert "此部分未能生成" in "".join(p.extract_text() for p in PdfReader(str(path)).pages)
