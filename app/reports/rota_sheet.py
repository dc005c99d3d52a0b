"""The month's duty rota (值班表) as an A4 PDF, from the plain data of `rota.to_data()`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer, Table

from app import messages
from app.reports import pdf_base
from app.reports.pdf_base import para, pick, ruled_table

L: dict[str, tuple[str, str]] = {
    "title": ("值班表", "Duty Rota"),
    "continued": ("值班表（续）", "Duty Rota (continued)"),
    "station": ("值班单位", "Duty station"),
    "month": ("月份", "Month"),
    "date": ("日期", "Date"),
    "weekday": ("星期", "Day"),
    "shift": ("班次", "Shift"),
    "leader": ("带班领导", "Leader on duty"),
    "lead": ("值班长", "Shift lead"),
    "operators": ("值班员", "Operators"),
    "remarks": ("备注", "Remarks"),
    "pattern": ("班次：{pattern}；每班值班人员不少于 {minimum} 人（不含带班领导）。",
                "Shifts start at {pattern}; at least {minimum} on duty besides the leader."),
    "warnings": ("有 {n} 个班次人员不足或缺带班领导（见备注）。", "{n} shifts lack a leader or people (see remarks)."),
    "made_by": ("制表人：", "Prepared by:"),
    "checked_by": ("审核：", "Approved by:"),
    "date_line": ("日期：", "Date:"),
}


def t(key: str, lang: str, **params: Any) -> str:
    text = pick(L[key], lang)
    return text.format(**params) if params else text


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def swap_text(s: dict[str, Any], lang: str) -> str:
    """One line describing a swap, e.g. '换班：王磊→陈静（王磊申请，张海涛批准）'."""
    asked = (s.get("asked_by") or {}).get("n", "")
    approved = (s.get("approved_by") or {}).get("n", "")
    if lang == "zh_CN":
        return f"换班：{s['out']['n']}→{s['in']['n']}（{asked}申请，{approved}批准）"
    return f"Swap: {s['out']['n']} → {s['in']['n']} (asked by {asked}, approved by {approved})"


def slot_label(slot_key: str, pattern_count: int, lang: str) -> str:
    """'全天' for a 24-hour pattern, else the start time ('08:30')."""
    if pattern_count == 1:
        return "24小时" if lang == "zh_CN" else "24 h"
    return slot_key[11:]


def weekday_label(iso_weekday: int, lang: str) -> str:
    return ("一二三四五六日"[iso_weekday - 1]) if lang == "zh_CN" else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[iso_weekday - 1]


def day_label(day: str, lang: str) -> str:
    d = date.fromisoformat(day)
    return f"{d.month}月{d.day}日" if lang == "zh_CN" else f"{d.day} {_MONTHS[d.month - 1]}"


def month_label(month: str, lang: str) -> str:
    year, mon = month.split("-")
    if pdf_base.zh(lang):
        return f"{int(year)}年{int(mon)}月"
    import calendar

    return f"{calendar.month_name[int(mon)]} {year}"


def story(data: dict[str, Any], lang: str) -> list[Flowable]:
    st = pdf_base.styles()
    width = pdf_base.frame_width()
    starts = len(str(data["pattern"]).split(","))
    header = [para(t(k, lang), st.cell_bold) for k in ("date", "weekday", "shift", "leader", "lead", "operators", "remarks")]
    rows: list[list[Any]] = [header]
    extra: list[tuple[Any, ...]] = []
    sep = "、" if pdf_base.zh(lang) else ", "
    for i, slot in enumerate(data["slots"], start=1):
        remarks = list(slot["warnings"]) + [swap_text(s, lang) for s in slot["swaps"]]
        rows.append([
            para(day_label(slot["day"], lang), st.cell),
            para(weekday_label(slot["weekday"], lang), st.cell),
            para(slot_label(slot["slot"], starts, lang), st.cell),
            para((slot["leader"] or {}).get("n", ""), st.cell),
            para((slot["lead"] or {}).get("n", ""), st.cell),
            para(sep.join(p["n"] for p in slot["operators"]), st.cell),
            para("；".join(remarks) if pdf_base.zh(lang) else "; ".join(remarks), st.small, bold=bool(slot["warnings"])),
        ])
        if slot["weekday"] in (6, 7):
            extra.append(("BACKGROUND", (0, i), (1, i), pdf_base.SHADE))
    widths = [w * width for w in (0.1, 0.06, 0.08, 0.12, 0.12, 0.27, 0.25)]
    flow: list[Flowable] = [
        Paragraph(pdf_base.esc(t("pattern", lang, pattern=data["pattern"], minimum=data["minimum"])), st.small),
        Spacer(1, 2 * mm),
        ruled_table(rows, widths, extra=extra),
    ]
    if data.get("warnings"):
        flow.append(Paragraph(pdf_base.esc(t("warnings", lang, n=data["warnings"])), st.small))
    flow.append(Spacer(1, 8 * mm))
    signs = [[para(t(k, lang), st.body) for k in ("made_by", "checked_by", "date_line")]]
    flow.append(Table(signs, colWidths=[width / 3] * 3, hAlign="LEFT"))
    return flow


def furniture(data: dict[str, Any], lang: str) -> pdf_base.Furniture:
    sep = "：" if pdf_base.zh(lang) else ": "
    facts = f"{t('station', lang)}{sep}{data['station']}"
    return pdf_base.Furniture(
        f"{t('title', lang)}　{month_label(data['month'], lang)}" if pdf_base.zh(lang)
        else f"{t('title', lang)} — {month_label(data['month'], lang)}",
        t("continued", lang), facts, lang, right_note=f"{t('month', lang)}{sep}{month_label(data['month'], lang)}",
    )


def render_to(handle: Any, data: dict[str, Any], lang: str | None = None) -> int:
    lang = lang or messages.language()
    return pdf_base.build(handle, story(data, lang), furniture(data, lang))


def render(data: dict[str, Any], path: str | Path, lang: str | None = None) -> int:
    return pdf_base.write_pdf(path, lambda handle: render_to(handle, data, lang))
