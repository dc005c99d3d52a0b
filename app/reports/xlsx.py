"""Spreadsheets (openpyxl) in the form the duty room already keeps: the month's rota."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from app import messages
from app.reports import pdf_base, rota_sheet

FONT = "宋体"
THIN = Side(style="thin", color="404040")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
SHADE = PatternFill("solid", fgColor="E6E6E6")
WARN = PatternFill("solid", fgColor="FFF2CC")


def rota_workbook(data: dict[str, Any], lang: str) -> Workbook:
    t = rota_sheet.t
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = data["month"]
    headers = [t(k, lang) for k in ("date", "weekday", "shift", "leader", "lead", "operators", "remarks")]
    title = f"{data['station']} {t('title', lang)} {rota_sheet.month_label(data['month'], lang)}"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    ws.cell(1, 1, title).font = Font(name=FONT, size=16, bold=True)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(headers))
    ws.cell(2, 1, t("pattern", lang, pattern=data["pattern"], minimum=data["minimum"])).font = Font(name=FONT, size=9)
    for col, text in enumerate(headers, start=1):
        c = ws.cell(3, col, text)
        c.font = Font(name=FONT, bold=True)
        c.fill = SHADE
        c.border = BORDER
        c.alignment = Alignment(horizontal="center", vertical="center")
    starts = len(str(data["pattern"]).split(","))
    sep = "、" if pdf_base.zh(lang) else ", "
    for row, slot in enumerate(data["slots"], start=4):
        remarks = list(slot["warnings"]) + [rota_sheet.swap_text(s, lang) for s in slot["swaps"]]
        values = [
            slot["day"],
            rota_sheet.weekday_label(slot["weekday"], lang),
            rota_sheet.slot_label(slot["slot"], starts, lang),
            (slot["leader"] or {}).get("n", ""),
            (slot["lead"] or {}).get("n", ""),
            sep.join(p["n"] for p in slot["operators"]),
            ("；" if pdf_base.zh(lang) else "; ").join(remarks),
        ]
        for col, value in enumerate(values, start=1):
            c = ws.cell(row, col, value)
            c.font = Font(name=FONT, size=10)
            c.border = BORDER
            c.alignment = Alignment(vertical="center", wrap_text=col >= 6)
            if slot["warnings"] and col == 7:
                c.fill = WARN
    for col, width in enumerate((12, 6, 8, 12, 12, 30, 40), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A4"
    ws.print_title_rows = "3:3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    return wb


def write_rota(data: dict[str, Any], path: str | Path, lang: str | None = None) -> int:
    """Write the month's rota as .xlsx (atomically); returns the number of slot rows."""
    lang = lang or messages.language()
    wb = rota_workbook(data, lang)

    def render(handle: Any) -> int:
        wb.save(handle)
        return len(data["slots"])

    return pdf_base.atomic_write(path, render, "xlsx.cannot_write")
