"""The handover sheet: content from the data, PDF text (pypdf), embedded font, reprints, paths."""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.errors import UserError
from app.reports import fonts, handover_sheet
from app.services import duty_log, handover, shifts
from app.services.accounts import Actor
from app.services.duty_log import EntryInput
from app.storage.engine import Database
from tests.conftest import FakeWall, make_account

TZ = ZoneInfo("Asia/Shanghai")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=TZ)


@pytest.fixture
def handed(db: Database, admin: Actor, wall: FakeWall) -> dict[str, str]:
    """A shift 18→19 April with the earthquake, an open item from before, an instruction."""
    for user, roles, name in (
        ("yangzh", ("leader",), "杨志华"), ("zhanght", ("shift_lead", "operator"), "张海涛"),
        ("lixy", ("shift_lead", "operator"), "李秀英"), ("wanglei", ("operator",), "王磊"),
        ("chenjing", ("operator",), "陈静"), ("liuyang", ("operator",), "刘洋"),
    ):
        make_account(db, admin, user, *roles, name=name)
    lead = make_account(db, admin, "zhanght2", "shift_lead", name="x")
    del lead
    wanglei = Actor("wanglei", "王磊", frozenset({"operator"}))
    leader = Actor("yangzh", "杨志华", frozenset({"leader"}))
    wall.set(local(2024, 4, 17, 15, 0))
    _c, old = duty_log.add_entry(db, wanglei, EntryInput(
        summary="县教体局请示：拟于4月26日组织全校师生地震应急疏散演练", category="request",
        received_at=local(2024, 4, 17, 14, 55), due_at=local(2024, 4, 18, 17, 0)))
    wall.set(local(2024, 4, 18, 8, 40))
    shift_id = shifts.open_shift(db, Actor("zhanght", "张海涛", frozenset({"shift_lead", "operator"})),
                                 leader="yangzh", operators=["wanglei", "chenjing", "liuyang"])[1]
    wall.set(local(2024, 4, 19, 5, 57, 30))
    _c, quake = duty_log.add_entry(db, wanglei, EntryInput(
        summary="州地震局通报：五印乡发生M4.2级地震，震源深度10千米", category="incident", channel="phone",
        source_unit="大理州地震局", received_at=local(2024, 4, 19, 5, 56, 40), occurred_at=local(2024, 4, 19, 5, 54, 10),
        significant=True, due_at=local(2024, 4, 19, 10, 0)))
    wall.set(local(2024, 4, 19, 6, 2))
    duty_log.add_instruction(db, leader, quake.id, "立即启动地震应急预案，通知各乡镇开展灾情排查")
    wall.set(local(2024, 4, 19, 7, 0))
    _c, routine = duty_log.add_entry(db, wanglei, EntryInput(summary="青华乡报送森林火情零报告",
                                                             received_at=local(2024, 4, 19, 6, 59)))
    duty_log.close_entry(db, wanglei, routine.id)
    wall.set(local(2024, 4, 19, 8, 31))
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    wall.advance(30)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    wall.advance(20)
    ldr = shifts.confirm(db, "yangzh", "yangzh-pass", shifts.LEADER)
    result = shifts.hand_over(db, shift_id, [out, inc, ldr], notes="10:00前报送地震灾情续报",
                              equipment={"fax": False})
    return {"shift": shift_id, "next": result.next_shift_id, "sheet": result.sheet_no, "quake": quake.no,
            "old": old.no, "routine": routine.no}


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_sheet_content(db: Database, handed: dict[str, str]) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    codes = [s["code"] for s in sheet["sections"]]
    assert codes[:4] == ["entries", "open_items", "instructions", "due_next"]
    entries = sheet["sections"][0]["rows"]
    assert entries[0]["cells"][0] == "★ " + handed["quake"] and entries[0]["mark"] == "significant"
    assert [r["cells"][0] for r in entries] == ["★ " + handed["quake"], handed["routine"]]  # not the old one
    open_items = {r["cells"][0]: r for r in sheet["sections"][1]["rows"]}
    assert set(open_items) == {handed["quake"], handed["old"]}
    assert open_items[handed["old"]]["mark"] == "overdue"  # due 18 Apr 17:00
    assert open_items[handed["quake"]]["mark"] == ""  # due 10:00, after the handover
    instructions = sheet["sections"][2]["rows"]
    assert [r["cells"][0] for r in instructions] == [handed["quake"]]
    due = sheet["sections"][3]["rows"]
    assert [r["cells"][0] for r in due] == [handed["quake"]]
    assert sheet["out"]["lead"]["n"] == "张海涛" and sheet["in"]["lead"]["n"] == "李秀英"
    assert [c["role"] for c in sheet["confirmations"]] == ["outgoing", "incoming", "leader"]
    assert sheet["handover_ms"] == max(c["at_ms"] for c in sheet["confirmations"])


def test_pdf_text_and_font(db: Database, handed: dict[str, str], tmp_path: Path) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    path = tmp_path / "交接班记录.pdf"
    pages = handover_sheet.render(sheet, path, "zh_CN")
    assert pages >= 1 and path.is_file()
    text = text_of(path)
    for needle in ("交接班记录", "巍山县应急管理局", handed["sheet"], "本班接报事项", "未办结事项", "领导批示未落实事项",
                   "值班情况及提醒", "设备状况", "交接签字", "张海涛", "李秀英", "杨志华", handed["quake"], handed["old"],
                   "五印乡发生M4.2级地震", "拟于4月26日组织", "立即启动地震应急预案", "10:00前报送地震灾情续报",
                   "逾期", f"第 1 页 共 {pages} 页", "2024年4月19日 08:31:50"):
        assert needle in text, needle
    reader = PdfReader(str(path))
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                embedded.add(str(font["/BaseFont"]))
    if fonts.cjk_font().embedded:
        assert embedded and all("WenQuanYi" in f or "Sim" in f or "YaHei" in f or "+" in f for f in embedded)


def test_english_sheet(db: Database, handed: dict[str, str], tmp_path: Path) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    path = tmp_path / "handover.pdf"
    pages = handover_sheet.render(sheet, path, "en")
    text = text_of(path)
    for needle in ("Shift Handover Record", "Entries received in this shift", "Open items carried over",
                   "Signatures", f"Page 1 of {pages}", "Overdue", handed["quake"]):
        assert needle in text, needle
    assert "交接班记录" not in text


def test_reprint_is_identical(db: Database, handed: dict[str, str], wall: FakeWall, tmp_path: Path) -> None:
    info = shifts.require_shift(db, handed["shift"])
    first = handover.sheet_for(db, info)
    a = tmp_path / "a.pdf"
    handover_sheet.render(first, a, "zh_CN")
    # later work in the log changes nothing on a past sheet
    wall.set(local(2024, 4, 19, 9, 30))
    quake = duty_log.resolve(db, handed["quake"])
    duty_log.close_entry(db, Actor("lixy", "李秀英", frozenset({"shift_lead", "operator"})), quake.id)
    duty_log.add_entry(db, Actor("lixy", "李秀英", frozenset({"operator"})),
                       EntryInput(summary="补登：05:58 牛街乡来电报告震感强烈", received_at=local(2024, 4, 19, 5, 58)))
    again = handover.sheet_for(db, shifts.require_shift(db, handed["shift"]))
    assert {k: v for k, v in again.items() if k != "next_shift_id"} == {k: v for k, v in first.items() if k != "next_shift_id"}
    b = tmp_path / "b.pdf"
    handover_sheet.render(again, b, "zh_CN")
    assert a.read_bytes() == b.read_bytes()


def test_preview_of_current_shift(db: Database, handed: dict[str, str], wall: FakeWall, tmp_path: Path) -> None:
    wall.set(local(2024, 4, 19, 12, 0))
    current = shifts.resolve(db, "current")
    assert current.shift_id == handed["next"]
    sheet = handover.sheet_for(db, current)
    assert sheet["preview"] and sheet["sheet_no"] == ""
    path = tmp_path / "preview.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    text = text_of(path)
    assert "预览" in text and handed["quake"] in text  # still open: carried over again


def test_unwritable_path_leaves_nothing(db: Database, handed: dict[str, str], tmp_path: Path) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    with pytest.raises(UserError) as err:
        handover_sheet.render(sheet, tmp_path / "no-such-dir" / "x.pdf")
    assert err.value.code == "pdf.cannot_write" and "no-such-dir" in err.value.message
    with pytest.raises(UserError) as err:
        handover_sheet.render(sheet, tmp_path)
    assert err.value.code == "pdf.is_directory"
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who can write anywhere")
        with pytest.raises(UserError):
            handover_sheet.render(sheet, locked / "x.pdf")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_error_while_rendering_leaves_no_partial_file(db: Database, handed: dict[str, str], tmp_path: Path) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "sheet.pdf"
    target.write_bytes(b"the previous good file")
    broken = dict(sheet, sections=[{"code": "x", "title": {"zh": "坏", "en": "bad"}, "columns": [],
                                    "rows": [{"cells": [1], "mark": ""}]}])
    with pytest.raises(Exception):  # noqa: B017 - any failure
        handover_sheet.render(broken, target)
    assert target.read_bytes() == b"the previous good file"
    assert [p.name for p in folder.iterdir()] == ["sheet.pdf"]


def test_render_to_memory(db: Database, handed: dict[str, str]) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    buffer = io.BytesIO()
    assert handover_sheet.render_to(buffer, sheet, "zh_CN") >= 1
    assert buffer.getvalue().startswith(b"%PDF")


def test_continuation_pages_repeat_the_header(db: Database, handed: dict[str, str], tmp_path: Path) -> None:
    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    long = dict(sheet)
    entries = dict(sheet["sections"][0])
    entries["rows"] = entries["rows"] * 60
    long["sections"] = [entries, *sheet["sections"][1:]]
    path = tmp_path / "long.pdf"
    pages = handover_sheet.render(long, path, "zh_CN")
    assert pages >= 3
    reader = PdfReader(str(path))
    for number, page in enumerate(reader.pages, start=1):
        text = page.extract_text()
        assert f"第 {number} 页 共 {pages} 页" in text
        assert handed["sheet"] in text and "巍山县应急管理局" in text  # the header band on every page
        if number > 1:
            assert "交接班记录（续）" in text
    assert "接报时间" in reader.pages[1].extract_text()  # the table's heading row repeats


def test_characters_the_font_lacks_are_replaced_not_dropped(db: Database, handed: dict[str, str],
                                                           tmp_path: Path) -> None:
    from app.reports import pdf_base

    sheet = shifts.sheet_content(db, handed["shift"])
    assert sheet is not None
    sheet = {**sheet, "notes": "五印乡气温9～24℃，夜间最低41℉；表情😀"}
    entries = next(s for s in sheet["sections"] if s["code"] == "entries")
    entries["rows"][0]["cells"][3] = "气象台：明日气温9～24℃"
    path = tmp_path / "glyphs.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    text = text_of(path).replace("\n", "")
    assert "9～24°C" in text and "41°F" in text
    assert "明日气温9～24°C" in text
    assert "表情□" in text or "表情?" in text  # visible, not silently dropped
    if fonts.cjk_font().embedded:
        # decided from the font itself (cmap + outline), not only from a fixed list
        assert not pdf_base.has_glyph("😀") and pdf_base.has_glyph("中") and pdf_base.has_glyph(" ")
        assert pdf_base.safe_text("Ⅻ中") in ("Ⅻ中", "XII中")


def test_amended_entries_show_the_old_value_struck_through(db: Database, admin: Actor, wall: FakeWall,
                                                           tmp_path: Path) -> None:
    for user, roles, name in (("zhanght", ("shift_lead", "operator"), "张海涛"), ("lixy", ("shift_lead", "operator"), "李秀英"),
                              ("wanglei", ("operator",), "王磊")):
        make_account(db, admin, user, *roles, name=name)
    wanglei = Actor("wanglei", "王磊", frozenset({"operator"}))
    wall.set(local(2024, 4, 19, 8, 40))
    shift_id = shifts.open_shift(db, Actor("zhanght", "张海涛", frozenset({"shift_lead", "operator"})),
                                 operators=["wanglei"])[1]
    wall.set(local(2024, 4, 19, 9, 0))
    _c, quake = duty_log.add_entry(db, wanglei, EntryInput(
        summary="五印乡发生M4.5级地震", category="incident", source_unit="州地震局",
        received_at=local(2024, 4, 19, 8, 56), due_at=local(2024, 4, 19, 12, 0)))
    wall.set(local(2024, 4, 19, 10, 10))
    duty_log.amend(db, wanglei, quake.id, "summary", "五印乡发生M4.2级地震", reason="州地震局正式测定")
    duty_log.amend(db, wanglei, quake.id, "source_unit", "大理州地震局")
    wall.set(local(2024, 4, 20, 8, 31))
    out = shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING)
    inc = shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)
    shifts.hand_over(db, shift_id, [out, inc])
    sheet = shifts.sheet_content(db, shift_id)
    assert sheet is not None
    entries = next(s for s in sheet["sections"] if s["code"] == "entries")
    summary = entries["rows"][0]["cells"][3]
    assert summary["text"] == "五印乡发生M4.2级地震"
    assert [(c["old"]["zh"], c["by"], c["summary"]) for c in summary["amended"]] == [
        ("五印乡发生M4.5级地震", "王磊", True), ("州地震局", "王磊", False)]
    open_items = next(s for s in sheet["sections"] if s["code"] == "open_items")
    assert open_items["rows"][0]["cells"][1]["amended"]

    # the PDF: current text, the 已更正 mark, the old value struck through with who and when
    story = handover_sheet.story(sheet, "zh_CN")
    xml = "\n".join(_paragraph_texts(story))
    assert "<strike>五印乡发生M4.5级地震</strike>" in xml and "已更正" in xml and "王磊 04-19 10:10 更正" in xml
    path = tmp_path / "amended.pdf"
    handover_sheet.render(sheet, path, "zh_CN")
    text = text_of(path).replace("\n", "")
    assert "五印乡发生M4.2级地震" in text and "五印乡发生M4.5级地震" in text and "已更正" in text
    handover_sheet.render(sheet, tmp_path / "amended_en.pdf", "en")
    assert "corrected" in text_of(tmp_path / "amended_en.pdf")
    assert "五印乡发生M4.5级地震" in handover_sheet.cell_text(summary, "zh_CN", TZ)  # the dialog's preview


def _paragraph_texts(flowables: list[object]) -> list[str]:
    from reportlab.platypus import KeepTogether, Paragraph, Table

    out: list[str] = []
    for f in flowables:
        if isinstance(f, Paragraph):
            out.append(f.text)
        elif isinstance(f, KeepTogether):
            out.extend(_paragraph_texts(list(f._content)))
        elif isinstance(f, Table):
            for row in f._cellvalues:
                out.extend(_paragraph_texts([c for c in row if isinstance(c, Paragraph | KeepTogether | Table)]))
    return out
