"""Print the current view of the duty log: an HTML table in a QTextDocument, in the Chinese
font, landscape, through QPrintPreviewDialog. Voided entries are struck through; an amended
field shows its old values struck through with who changed them and when."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from html import escape
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QApplication, QWidget

from app.services import duty_log
from app.services.duty_log import Amendment, EntryFilter, EntryRow
from app.storage.engine import Database
from app.ui import file_dialogs

MAX_ROWS = 2000
"""A print of more rows than this is cut (with a note); export to .xlsx for the whole view."""



@dataclass
class PrintJob:
    db: Database
    filter: EntryFilter
    sort_key: str
    descending: bool
    zone: ZoneInfo
    names: dict[str, str]
    now: datetime
    station: str
    printed_by: str
    description: str = ""
    """What the filter shows, in words (printed under the title)."""


def _t(value: datetime | None, zone: ZoneInfo, seconds: bool = False) -> str:
    if value is None:
        return ""
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def _h(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _fv(field: str, value: object, zone: ZoneInfo) -> str:
    if isinstance(value, datetime):
        return _t(value, zone)
    if value in (None, ""):
        return "—"
    return duty_log.format_value(field, value)


def _with_history(field: str, current: str, history: dict[str, list[Amendment]], zone: ZoneInfo,
                  names: dict[str, str]) -> str:
    """The current value, preceded by every replaced value struck through with who/when."""
    amendments = history.get(field)
    if not amendments:
        return _h(current)
    olds = "".join(
        f"<s>{_h(_fv(a.field, a.old, zone))}</s> <small>({_h(names.get(a.author, a.author))} "
        f"{_t(a.at, zone)})</small> " for a in amendments)
    return f"{olds}{_h(current)}"


def document_html(job: PrintJob, rows: Sequence[EntryRow], total: int, family: str) -> str:
    zone = job.zone
    head = [QCoreApplication.translate("DutyLogPrint", "No."), QCoreApplication.translate("DutyLogPrint", "Received"), QCoreApplication.translate("DutyLogPrint", "Direction / channel"), QCoreApplication.translate("DutyLogPrint", "Category"), QCoreApplication.translate("DutyLogPrint", "Source"),
            QCoreApplication.translate("DutyLogPrint", "Township / location"), QCoreApplication.translate("DutyLogPrint", "Summary, instruction, action"), QCoreApplication.translate("DutyLogPrint", "Status"), QCoreApplication.translate("DutyLogPrint", "Recorded by")]
    title = QCoreApplication.translate("DutyLogPrint", "Duty log")
    due = QCoreApplication.translate("DutyLogPrint", "due")
    parts = [
        f"<html><head><style>"
        f"body {{ font-family: '{family}'; font-size: 9pt; }}"
        f"h1 {{ font-size: 14pt; margin: 0; }}"
        f"p.meta {{ color: #444; margin: 2px 0 6px 0; }}"
        f"th {{ background: #e8eef6; border: 1px solid #888; padding: 2px; }}"
        f"td {{ border: 1px solid #888; padding: 2px; vertical-align: top; }}"
        f"small {{ color: #555; }}"
        f"</style></head><body>",
        f"<h1>{_h(job.station)} — {_h(title)}</h1>",
        f"<p class='meta'>{_h(job.description)}<br>"
        + _h(QCoreApplication.translate("DutyLogPrint", "%1 entries · printed %2 by %3")).replace("%1", f"{total:,}").replace("%2", _t(job.now, zone))
        .replace("%3", _h(job.printed_by)) + "</p>",
    ]
    if total > len(rows):
        parts.append("<p class='meta'><b>" + _h(QCoreApplication.translate("DutyLogPrint", "Only the first %1 entries are printed; export to .xlsx for "
                                                    "the whole view.")).replace("%1", f"{len(rows):,}") + "</b></p>")
    parts.append("<table cellspacing='0' cellpadding='2' width='100%'><thead><tr>")
    widths = (9, 12, 9, 8, 12, 7, 29, 8, 6)  # percent of the page; the summary gets the most
    parts.extend(f"<th width='{w}%'>{_h(h)}</th>" for h, w in zip(head, widths, strict=True))
    parts.append("</tr></thead><tbody>")
    for entry in rows:
        history: dict[str, list[Amendment]] = {}
        if entry.amended:
            for a in duty_log.get_entry(job.db, entry.id).history:
                history.setdefault(a.field, []).append(a)

        def cell(field: str, current: str, _history: dict[str, list[Amendment]] = history) -> str:
            return _with_history(field, current, _history, zone, job.names)

        sig = "★ " if entry.significant else ""
        status = duty_log.label(entry.display_status(job.now), duty_log.STATUSES)
        if entry.overdue(job.now):
            status = f"⚠ {status}<br><small>{_h(due)} {_t(entry.due_at, zone)}</small>"
        elif entry.voided:
            status = f"{_h(status)}<br><small>{_h(entry.void_reason)}</small>"
        else:
            status = _h(status)
        source = " ".join(p for p in (
            cell("source_unit", entry.source_unit), cell("source_person", entry.source_person),
            cell("phone", entry.phone)) if p)
        place = " ".join(p for p in (cell("township", entry.township), cell("location", entry.location)) if p)
        what = cell("summary", entry.summary)
        if entry.instruction:
            what += f"<br><b>{_h(duty_log.label('instruction', duty_log.FIELD_LABELS))}:</b> {_h(entry.instruction)}"
        if entry.action:
            what += f"<br><b>{_h(duty_log.label('action', duty_log.FIELD_LABELS))}:</b> {_h(entry.action)}"
        cells = [
            f"{sig}{_h(entry.display_no)}",
            cell("received_at", _t(entry.received_at, zone)),
            cell("direction", duty_log.format_value("direction", entry.direction)) + " / "
            + cell("channel", duty_log.format_value("channel", entry.channel)),
            cell("category", duty_log.format_value("category", entry.category)),
            source,
            place,
            what,
            status,
            _h(job.names.get(entry.author, entry.author)),
        ]
        if entry.voided:
            cells = [f"<s>{c}</s>" if i != 7 else c for i, c in enumerate(cells)]
        parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</tbody></table></body></html>")
    return "".join(parts)


def font_family() -> str:
    """The application's font (set to a CJK family at start-up)."""
    return QApplication.font().family()


def build_document(job: PrintJob) -> QTextDocument:
    total = duty_log.count(job.db, job.filter)
    rows = duty_log.page(job.db, job.filter, offset=0, limit=MAX_ROWS, sort_key=job.sort_key,
                         descending=job.descending)
    family = font_family()
    doc = QTextDocument()
    font = QFont(family)
    font.setPointSize(9)
    doc.setDefaultFont(font)
    doc.setHtml(document_html(job, rows, total, family))
    return doc


def configure(printer: QPrinter) -> None:
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Landscape,
                         QMarginsF(12, 12, 12, 12), QPageLayout.Unit.Millimeter)
    printer.setPageLayout(layout)


def preview(job: PrintJob, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A print preview of the view (call `.exec()` or `.open()` on it)."""
    doc = build_document(job)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    configure(printer)
    printer.setOutputFileName(file_dialogs.print_target(
        QCoreApplication.translate("DutyLogPrint", "duty-log.pdf")))  # "print to file" starts here
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("dutyLogPrintPreview")
    dialog.setWindowTitle(QCoreApplication.translate("DutyLogPrint", "Print duty log"))
    dialog.paintRequested.connect(doc.print_)
    # The dialog keeps raw pointers to both: without these references Python frees the printer
    # when this function returns and the preview paints into a deleted QPrinter (a segfault).
    dialog._document = doc  # type: ignore[attr-defined]
    dialog._printer = printer  # type: ignore[attr-defined]
    return dialog


def print_to_pdf(job: PrintJob, path: str) -> None:
    """Render the same document into a PDF file (tests, and 'print to file' without a dialog)."""
    doc = build_document(job)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    configure(printer)
    doc.print_(printer)
