"""Supply-ledger views as .xlsx (openpyxl): a title row, a shaded header, one row per record.
Any table the panel shows (stock view, stock card, lots, serial units) is exported this way."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.reports import pdf_base
from app.reports.xlsx import BORDER, FONT, SHADE, WARN


def table_workbook(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                   marked: Sequence[int] = ()) -> Workbook:
    """`marked`: indexes of rows to shade (below minimum, negative, near expiry)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = title[:31] or "Sheet1"
    ws.cell(1, 1, title).font = Font(name=FONT, size=14, bold=True)
    for col, text in enumerate(headers, start=1):
        c = ws.cell(2, col, text)
        c.font = Font(name=FONT, bold=True)
        c.fill = SHADE
        c.border = BORDER
        c.alignment = Alignment(horizontal="center")
    marks = set(marked)
    for r, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            c = ws.cell(3 + r, col, value)
            c.font = Font(name=FONT)
            c.border = BORDER
            if r in marks:
                c.fill = WARN
    for col, text in enumerate(headers, start=1):
        longest = max([len(str(text))] + [len(str(row[col - 1])) for row in rows if col - 1 < len(row)])
        ws.column_dimensions[get_column_letter(col)].width = min(60, max(8, longest * 1.8 + 2))
    ws.freeze_panes = "A3"
    return wb


def write_table(path: str | Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]],
                marked: Sequence[int] = ()) -> None:
    wb = table_workbook(title, headers, rows, marked)

    def render(handle: Any) -> int:
        wb.save(handle)
        return 1

    pdf_base.atomic_write(path, render, "file.cannot_write")
