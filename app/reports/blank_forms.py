"""Blank paper forms (空白表格): A4, the station's header, ruled fields, a number on every form.

Kinds: phone (值班电话记录单), handover (交接班记录), incident (突发事件信息首报表), issue
(救灾物资出库单). Numbers are reserved by app/services/incidents/forms.py when printed; entering a
filled form afterwards cites it ("补录自纸质表格 No. …").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer

from app import messages
from app.reports import pdf_base
from app.services import station
from app.services.incidents import forms, levels, types
from app.storage.engine import Database

Field = tuple[str, str]
TALL = 34.0


def chooser(zh: bool) -> Callable[[str, str], str]:
    """Pick the Chinese or the English text."""

    def pick(a: str, b: str) -> str:
        return a if zh else b
    return pick


def _grid(rows: list[list[str]], widths: list[float], tall: dict[int, float] | None = None,
          label_cols: tuple[int, ...] = (0,), header_rows: int = 0) -> Any:
    st = pdf_base.styles()
    extra: list[tuple[Any, ...]] = []
    for col in label_cols:
        extra.append(("BACKGROUND", (col, header_rows), (col, -1), pdf_base.SHADE))
    for row, pad in (tall or {}).items():
        extra += [("TOPPADDING", (0, row), (-1, row), pad / 2), ("BOTTOMPADDING", (0, row), (-1, row), pad / 2),
                  ("VALIGN", (0, row), (0, row), "TOP")]
    body = ParagraphStyle("blank", parent=st.cell, fontSize=10, leading=13)
    cells = [[pdf_base.cell(v, body, widths[i]) for i, v in enumerate(r)] for r in rows]
    return pdf_base.ruled_table(cells, widths, header_rows=header_rows, extra=extra, body_style=body)


def _span(table: Any, rows: tuple[int, ...]) -> None:
    """Merge columns 1–3 of `rows` into one writing field (unshaded)."""
    from reportlab.lib import colors

    table.setStyle([cmd for r in rows for cmd in (("SPAN", (1, r), (3, r)), ("BACKGROUND", (1, r), (3, r), colors.white))])


def phone(width: float, zh: bool) -> list[Flowable]:
    L = chooser(zh)
    w = [width * 0.16, width * 0.34, width * 0.16, width * 0.34]
    rows = [
        [L("来电时间", "Received"), L("    年   月   日   时   分", "    -   -      :   "), L("来电方式", "Channel"),
         L("□电话 □传真 □短信 □其他", "□phone □fax □SMS □other")],
        [L("来电单位", "Caller unit"), "", L("来电人", "Caller"), ""],
        [L("联系电话", "Phone"), "", L("发生时间", "Occurred"), L("    月   日   时   分", "   -      :   ")],
        [L("乡镇/地点", "Township / place"), "", L("类别", "Category"), L("□突发事件 □预警 □通知 □其他", "□incident □warning □notice □other")],
        [L("内容摘要", "Summary"), "", "", ""],
        [L("领导批示", "Instruction"), "", "", ""],
        [L("处理情况", "Action taken"), "", "", ""],
        [L("通知情况", "Notified"), L("通知谁：", "Whom:"), L("时间：", "Time:"), ""],
        [L("记录人", "Recorded by"), "", L("值班长", "Shift lead"), ""],
    ]
    t = _grid(rows, w, {4: 130, 5: 60, 6: 70, 7: 24}, label_cols=(0, 2))
    _span(t, (4, 5, 6))
    return [t]


def handover(width: float, zh: bool) -> list[Flowable]:
    L = chooser(zh)
    w = [width * 0.16, width * 0.34, width * 0.16, width * 0.34]
    top = _grid([[L("交班时间", "Handover at"), L("    年   月   日   时   分", "    -   -      :   "),
                  L("带班领导", "Leader"), ""],
                 [L("交班人", "Outgoing"), "", L("接班人", "Incoming"), ""],
                 [L("本班主要情况", "This shift"), "", "", ""]], w, {2: 150}, label_cols=(0, 2))
    _span(top, (2,))
    st = pdf_base.styles()
    wi = [width * 0.16, width * 0.54, width * 0.3]
    items = _grid([[L("编号", "No."), L("未办结事项", "Open item"), L("时限 / 交代", "Due / note")]] + [["", "", ""]] * 7,
                  wi, {n: 8 for n in range(1, 8)}, label_cols=(), header_rows=1)
    reports = _grid([[L("事件", "Incident"), L("应报信息（首报/续报/终报）", "Report due"), L("时限", "Due")]]
                    + [["", "", ""]] * 3, wi, {n: 8 for n in range(1, 4)}, label_cols=(), header_rows=1)
    sign = _grid([[L("交班人签字", "Outgoing"), "", L("接班人签字", "Incoming"), ""],
                  [L("带班领导签字", "Leader"), "", L("补录日期", "Entered on"), ""]], w, {0: 14, 1: 14}, label_cols=(0, 2))
    return [top, Spacer(1, 3 * mm), pdf_base.para(L("未办结事项", "Open items"), st.heading), items,
            pdf_base.para(L("待报信息", "Reports due"), st.heading), reports,
            pdf_base.para(L("装备物资、值班设备情况：", "Equipment:") + "＿" * 30, st.body), Spacer(1, 4 * mm), sign]


def incident(width: float, zh: bool) -> list[Flowable]:
    L = chooser(zh)
    kinds = "  ".join("□" + (t.zh if zh else t.en) for t in types.ordered() if t.parent and t.sort % 10 < 5)
    level_boxes = "  ".join("□" + (z if zh else e) for z, e in levels.LEVELS.values())
    w = [width * 0.16, width * 0.34, width * 0.16, width * 0.34]
    top = _grid([[L("事件类型", "Type"), kinds, "", ""],
                 [L("事件等级", "Level"), level_boxes, L("演练", "Drill"), L("□是 □否", "□yes □no")],
                 [L("发生时间", "Occurred"), L("    月   日   时   分", "   -      :   "),
                  L("接报时间", "Received"), L("    月   日   时   分", "   -      :   ")],
                 [L("乡镇/村/地点", "Township / place"), "", L("经纬度", "Lat / lon"), L("   °N     °E", "   °N     °E")],
                 [L("事件概况", "Summary"), "", "", ""],
                 [L("已采取措施", "Action taken"), "", "", ""]], w, {0: 10, 4: 120, 5: 80}, label_cols=(0, 2))
    _span(top, (0, 4, 5))
    heads = [L("死亡", "Dead"), L("失踪", "Missing"), L("受伤", "Injured"), L("重伤", "Serious"),
             L("转移安置", "Evacuated"), L("房屋损坏", "Houses"), L("直接损失(元)", "Loss (yuan)")]
    cas = _grid([heads, [""] * 7], [width / 7] * 7, {1: 14}, label_cols=(), header_rows=1)
    send = _grid([[L("报送单位", "Sent to"), "", L("报送时间", "Sent at"), L("    月   日   时   分", "   -      :   ")],
                  [L("报送方式", "Channel"), L("□电话 □传真 □公文 □系统", "□phone □fax □document □system"),
                   L("文号", "Doc no."), ""],
                  [L("填报人", "Prepared"), "", L("签发（带班领导）", "Approved"), ""]], w, {2: 14}, label_cols=(0, 2))
    st = pdf_base.styles()
    return [top, pdf_base.para(L("人员伤亡和损失", "Casualties and losses"), st.heading), cas, Spacer(1, 3 * mm), send]


def issue(width: float, zh: bool) -> list[Flowable]:
    L = chooser(zh)
    w = [width * 0.16, width * 0.34, width * 0.16, width * 0.34]
    top = _grid([[L("调拨依据", "Authority"), L("□调拨单 文号：      □领导指示（应急先发后补）", "□order no.:     □leader's instruction"),
                  L("出库日期", "Date"), L("    年   月   日", "    -   -  ")],
                 [L("领用单位", "Receiving unit"), "", L("用于事件", "For incident"), ""],
                 [L("发出仓库", "Depot"), "", L("运往地点", "Destination"), ""]], w, {}, label_cols=(0, 2))
    heads = [L("序号", "#"), L("物资编码", "Code"), L("品名", "Item"), L("规格", "Spec"), L("单位", "Unit"),
             L("数量", "Qty"), L("批号", "Batch"), L("备注", "Note")]
    wl = [width * f for f in (0.06, 0.13, 0.2, 0.15, 0.08, 0.1, 0.14, 0.14)]
    lines = _grid([heads] + [[str(n)] + [""] * 7 for n in range(1, 11)], wl, {n: 10 for n in range(1, 11)},
                  label_cols=(), header_rows=1)
    sign = _grid([[L("审批人", "Approved"), "", L("发放人（保管员）", "Issued by"), ""],
                  [L("领用人", "Received by"), "", L("联系电话", "Phone"), ""]], w, {0: 14, 1: 14}, label_cols=(0, 2))
    st = pdf_base.styles()
    return [top, Spacer(1, 3 * mm), lines,
            pdf_base.para(L("物资出库后 24 小时内补办调拨手续；实物、标签、账目相符。",
                            "Paperwork within 24 h of an emergency issue; goods, labels and ledger agree."), st.small),
            Spacer(1, 4 * mm), sign]


BUILDERS: dict[str, Callable[[float, bool], list[Flowable]]] = {
    "phone": phone, "handover": handover, "incident": incident, "issue": issue}


def story(kind: str, numbers: list[str], lang: str, station_name: str) -> list[Flowable]:
    zh = pdf_base.zh(lang)
    width = pdf_base.frame_width()
    st = pdf_base.styles()
    number_style = ParagraphStyle("no", parent=st.body, alignment=TA_RIGHT, fontName=st.bold, fontSize=11)
    out: list[Flowable] = []
    for n, number in enumerate(numbers):
        if n:
            out.append(PageBreak())
        out.append(Paragraph(pdf_base.esc(f"{station_name}　　No. {number}"), number_style))
        out.append(Spacer(1, 2 * mm))
        out.extend(BUILDERS[kind](width, zh))
        out.append(Spacer(1, 3 * mm))
        out.append(pdf_base.para("停电或计算机故障时手工填写；恢复后在程序中补录，并注明“补录自纸质表格 No. " + number + "”。"
                                 if zh else f"Fill in by hand when the PC is down; enter it afterwards citing "
                                 f"“paper form No. {number}”.", st.small))
    return out


def write(db: Database, kind: str, count: int, path: str | Path, lang: str | None = None) -> tuple[int, list[str]]:
    language = lang or messages.language()
    code = forms.parse_kind(kind)
    info = station.info(db)
    _prefix, zh_title, en_title = forms.KINDS[code]
    title = zh_title if pdf_base.zh(language) else en_title
    numbers = forms.reserve(db, code, count)
    furniture = pdf_base.Furniture(title, title, info.name + ("　空白表格（手工填写）" if pdf_base.zh(language)
                                                              else " — blank form (fill in by hand)"), language)
    pages = pdf_base.write_pdf(path, lambda handle: pdf_base.build(handle, story(code, numbers, language, info.name),
                                                                   furniture))
    return pages, numbers
