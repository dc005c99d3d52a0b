"""The handover sheet on screen and on paper: as HTML for review, the print preview, the PDF
file (reportlab, the same file `dutydesk handover` writes)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from app import formatting, messages
from app.clock import ms_to_datetime
from app.errors import UserError
from app.reports import handover_sheet
from app.reports.pdf_base import pick
from app.ui import file_dialogs

MARK_STYLE = {"significant": "font-weight:bold", "overdue": "font-weight:bold;color:#b00000",
              "struck": "text-decoration:line-through;color:#777"}


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br>")


def sheet_html(sheet: dict[str, Any], lang: str) -> str:
    """The sheet as HTML (review in the dialog, Qt printing): same content as the PDF."""
    zone = ZoneInfo(sheet.get("zone") or "Asia/Shanghai")
    t = handover_sheet.t
    shift = sheet["shift"]
    period = handover_sheet.period_text(shift["start_ms"], shift["end_ms"], zone, lang)
    when = ""
    if sheet.get("handover_ms") is not None:
        with_lang = messages.language()
        messages.set_language(lang)
        try:
            when = formatting.datetime_text(formatting.local(ms_to_datetime(sheet["handover_ms"]), zone), zone)
        finally:
            messages.set_language(with_lang)
    out, inc = sheet.get("out") or {}, sheet.get("in") or {}

    def name(p: dict[str, str] | None) -> str:
        return _esc(p["n"]) if p else "—"

    cell = 'style="border:1px solid #444;padding:3px"'
    head = 'style="border:1px solid #444;padding:3px;background:#e6e6e6;font-weight:bold"'
    parts = [
        f'<h2 align="center">{_esc(t("title", lang))}</h2>',
        f'<table width="100%" cellspacing="0" style="border-collapse:collapse">'
        f'<tr><td {head}>{t("station", lang)}</td><td {cell}>{_esc(sheet["station"]["name"])}</td>'
        f'<td {head}>{t("no", lang)}</td><td {cell}>{_esc(sheet.get("sheet_no") or t("preview", lang))}</td></tr>'
        f'<tr><td {head}>{t("period", lang)}</td><td {cell}>{_esc(period)}</td>'
        f'<td {head}>{t("handover", lang)}</td><td {cell}>{_esc(when or "—")}</td></tr>'
        f'<tr><td {head}>{t("leader", lang)}</td><td {cell}>{name(out.get("leader"))}</td>'
        f'<td {head}>{t("lead", lang)}</td><td {cell}>{name(out.get("lead"))}</td></tr>'
        f'<tr><td {head}>{t("out", lang)}</td><td {cell} colspan="3">{_esc(handover_sheet._names(out, lang))}</td></tr>'
        f'<tr><td {head}>{t("in", lang)}</td><td {cell} colspan="3">{_esc(handover_sheet._names(inc, lang))}</td></tr>'
        "</table>",
    ]
    n = 0
    for n, section in enumerate(sheet.get("sections", []), start=1):
        rows = section["rows"]
        title = handover_sheet.numbered(n, pick(section["title"], lang), lang)
        if rows:
            title += "（" + t("count", lang, n=len(rows)) + "）" if lang == "zh_CN" else f" ({t('count', lang, n=len(rows))})"
        parts.append(f"<h4>{_esc(title)}</h4>")
        parts.append('<table width="100%" cellspacing="0" style="border-collapse:collapse"><tr>')
        parts.extend(f"<td {head}>{_esc(pick(c['label'], lang))}</td>" for c in section["columns"])
        parts.append("</tr>")
        if not rows:
            parts.append(f'<tr><td {cell} colspan="{len(section["columns"])}">'
                         f'{_esc(pick(section.get("empty") or {"zh": "无", "en": "None"}, lang))}</td></tr>')
        for row in rows:
            style = MARK_STYLE.get(row.get("mark", ""), "")
            parts.append("<tr>")
            parts.extend(
                f'<td {cell}><span style="{style}">{_esc(handover_sheet.cell_text(v, lang, zone))}</span></td>'
                for v in row["cells"]
            )
            parts.append("</tr>")
        parts.append("</table>")
    parts.append(f"<h4>{_esc(handover_sheet.numbered(n + 1, t('notes', lang), lang))}</h4>")
    parts.append(f"<p>{_esc(sheet.get('notes') or '—')}</p>")
    parts.append(f"<h4>{_esc(handover_sheet.numbered(n + 2, t('equipment', lang), lang))}</h4><p>")
    for item in sheet.get("equipment", []):
        ok = item.get("ok")
        mark = "☑" if ok else "☐"
        state = t("ok", lang) if ok else (t("fault", lang) if ok is False else "")
        parts.append(f"{_esc(pick(item['label'], lang))}：{mark} {_esc(state)}　")
    parts.append("</p>")
    parts.append(f"<h4>{_esc(handover_sheet.numbered(n + 3, t('signatures', lang), lang))}</h4><p>")
    labels = {"outgoing": t("sig_out", lang), "incoming": t("sig_in", lang), "leader": t("sig_leader", lang)}
    for c in sheet.get("confirmations", []):
        parts.append(f"{_esc(labels.get(c['role'], c['role']))}：{_esc(c['n'])}　"
                     f"{_esc(formatting.datetime_text(ms_to_datetime(c['at_ms']), zone))}<br>")
    parts.append("</p>")
    return "".join(parts)


def print_preview(sheet: dict[str, Any], lang: str, parent: QWidget | None) -> None:
    """Qt's print preview of the sheet (printing on the duty room's printer)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFileName(file_dialogs.print_target(f"{sheet.get('sheet_no') or 'handover'}.pdf"))
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("handoverPrintPreview")
    html = sheet_html(sheet, lang)

    def paint(target: QPrinter) -> None:
        doc = QTextDocument()
        doc.setHtml(html)
        doc.print_(target)

    dialog.paintRequested.connect(paint)
    dialog.exec()


def save_pdf(sheet: dict[str, Any], lang: str, parent: QWidget | None, path: str | None = None) -> str | None:
    """Ask for a file name (unless given) and write the sheet's PDF; errors in a message box."""
    if path is None:
        number = sheet.get("sheet_no") or "preview"
        default = f"交接班记录-{number}.pdf" if lang == "zh_CN" else f"handover-{number}.pdf"
        path = file_dialogs.save_file(
            parent, QCoreApplication.translate("ShiftsHandover", "Save handover sheet as PDF"), default,
            QCoreApplication.translate("ShiftsHandover", "PDF files (*.pdf)"), suffix="pdf")
        if not path:
            return None
    try:
        handover_sheet.render(sheet, path, lang)
    except UserError as error:
        QMessageBox.warning(parent, QCoreApplication.translate("ShiftsHandover", "Handover sheet"), error.message)
        return None
    return path
