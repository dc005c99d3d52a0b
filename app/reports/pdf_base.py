"""The printed-form page template every DutyDesk PDF shares (reportlab, A4).

- a header band on every page: the title (continuation pages: "title (续)"), one line of
  identifying facts (station, number, period) and a rule — so a loose continuation page still
  says what it belongs to;
- a footer "第 x 页 共 y 页" / "Page x of y" on every page (two-pass canvas);
- ruled tables (`ruled_table`) whose heading row repeats on each page;
- the CJK font from `app/reports/fonts.py` (embedded TrueType; STSong-Light only as fallback);
- `write_pdf()` renders to a temporary file beside the target and renames it, so an error never
  leaves a partial PDF, and an unwritable path is a clear `UserError`.
Output is byte-stable (reportlab's invariant mode), so reprinting gives the same file.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph, Table, TableStyle

from app import messages
from app.errors import UserError, os_reason
from app.reports import fonts

messages.register(
    {
        "pdf.cannot_write": ("无法写入 PDF 文件“{path}”：{detail}", "Cannot write the PDF file “{path}”: {detail}"),
        "pdf.is_directory": ("“{path}”是一个文件夹，请给出文件名（如 交接班记录.pdf）。",
                             "“{path}” is a folder; give a file name (e.g. handover.pdf)."),
        "xlsx.cannot_write": ("无法写入表格文件“{path}”：{detail}", "Cannot write the spreadsheet “{path}”: {detail}"),
    }
)

INK = colors.black
RULE = colors.Color(0.25, 0.25, 0.25)
SHADE = colors.Color(0.9, 0.9, 0.9)
MARGIN: float = 15 * mm
HEADER_H: float = 24 * mm
FOOTER_H: float = 10 * mm


def zh(lang: str) -> bool:
    return lang == "zh_CN"


def pick(pair: dict[str, str] | tuple[str, str], lang: str) -> str:
    if isinstance(pair, dict):
        return pair.get("zh" if zh(lang) else "en", "")
    return pair[0] if zh(lang) else pair[1]


@dataclass(frozen=True)
class Styles:
    font: str
    bold: str
    title: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    small: ParagraphStyle


@lru_cache(maxsize=1)
def styles() -> Styles:
    f = fonts.cjk_font()
    base = ParagraphStyle("body", fontName=f.name, fontSize=10, leading=14, wordWrap="CJK", textColor=INK)
    return Styles(
        font=f.name,
        bold=f.bold,
        title=ParagraphStyle("title", parent=base, fontName=f.bold, fontSize=20, leading=26, alignment=TA_CENTER),
        heading=ParagraphStyle("heading", parent=base, fontName=f.bold, fontSize=11.5, leading=16,
                               spaceBefore=7, spaceAfter=3, alignment=TA_LEFT),
        body=base,
        cell=ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11),
        cell_bold=ParagraphStyle("cell_bold", parent=base, fontName=f.bold, fontSize=8.5, leading=11),
        small=ParagraphStyle("small", parent=base, fontSize=8, leading=10),
    )


SUBSTITUTES: dict[str, str] = {
    "℃": "°C", "℉": "°F", "✎": "*", "☑": "[x]", "☐": "[ ]", "✓": "√", "✔": "√", "✗": "×", "✘": "×",
    "∼": "~", "〜": "～", "‐": "-", "‑": "-", "−": "-",
}
"""Preferred stand-ins for characters a font may lack (each is checked against the font too)."""
MISSING = "□"
"""Shown for a character the font lacks and nothing else can stand in for ('?' if even that is missing)."""


def _font_faces() -> list[Any]:
    from reportlab.pdfbase import pdfmetrics

    st = styles()
    faces = []
    for name in dict.fromkeys((st.font, st.bold)):
        face = getattr(pdfmetrics.getFont(name), "face", None)
        if face is not None and hasattr(face, "charToGlyph"):
            faces.append(face)
    return faces


@lru_cache(maxsize=4096)
def has_glyph(ch: str) -> bool:
    """Whether the embedded font(s) can draw `ch`: mapped in the cmap (TTFont face.charToGlyph) to
    a glyph with an outline — some fonts map a character to an empty glyph (WenQuanYi's ℃).
    Invisible characters (spaces, format controls) need no outline. Always True for the CID
    fallback font, whose coverage cannot be read."""
    import unicodedata

    faces = _font_faces()
    if not faces:
        return True
    invisible = ch.isspace() or unicodedata.category(ch) in ("Cf", "Cc", "Zs", "Zl", "Zp")
    for face in faces:
        glyph = face.charToGlyph.get(ord(ch))
        if glyph is None:
            return False
        pos = getattr(face, "glyphPos", None)
        if not invisible and pos is not None and glyph + 1 < len(pos) and pos[glyph + 1] == pos[glyph]:
            return False
    return True


@lru_cache(maxsize=1024)
def _substitute(ch: str) -> str:
    import unicodedata

    candidates = [SUBSTITUTES.get(ch, ""), unicodedata.normalize("NFKC", ch),
                  "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))]
    for candidate in candidates:
        if candidate and candidate != ch and all(has_glyph(c) for c in candidate):
            return candidate
    return MISSING if has_glyph(MISSING) else "?"


def safe_text(text: str) -> str:
    """`text` with every character the embedded font cannot draw replaced by a safe equivalent
    (℃ → °C, ℉ → °F, compatibility forms → their plain letters) or, failing that, a visible
    □, so nothing silently disappears from a printed sheet."""
    if text.isascii():
        return text
    return "".join(ch if has_glyph(ch) else _substitute(ch) for ch in text)


def esc(text: str) -> str:
    text = safe_text(text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


@lru_cache(maxsize=16)
def _bold(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(style.name + "_b", parent=style, fontName=styles().bold)


def para(text: str, style: ParagraphStyle, *, bold: bool = False, strike: bool = False) -> Paragraph:
    body = esc(text)
    if strike:
        body = f"<strike>{body}</strike>"
    return Paragraph(body, _bold(style) if bold else style)


CELL_PADDING = 6.0


def cell(text: str, style: ParagraphStyle, width: float, *, bold: bool = False, strike: bool = False) -> Any:
    """A table cell: plain text when it fits on one line (fast: no paragraph layout; the table's
    FONTNAME/FONTSIZE apply, see `ruled_table(body_style=…)`), else a wrapping paragraph."""
    if not strike and "\n" not in text:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        text = safe_text(text)
        font = styles().bold if bold else style.fontName
        if stringWidth(text, font, style.fontSize) <= width - CELL_PADDING - 0.5:
            return text
    return para(text, style, bold=bold, strike=strike)


def ruled_table(
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    header_rows: int = 1,
    shade: Sequence[int] = (),
    extra: Sequence[tuple[Any, ...]] = (),
    body_style: ParagraphStyle | None = None,
) -> Table:
    """A printed-form table: full grid, heavier outer frame, shaded repeating heading rows.
    `body_style` sets the font of plain-text cells (see `cell()`)."""
    table = Table(list(rows), colWidths=list(widths), repeatRows=header_rows, hAlign="LEFT")
    body = body_style or styles().cell
    commands: list[tuple[Any, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), body.fontName),
        ("FONTSIZE", (0, 0), (-1, -1), body.fontSize),
        ("LEADING", (0, 0), (-1, -1), body.leading),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("BOX", (0, 0), (-1, -1), 1.1, INK),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), SHADE))
    for row in shade:
        commands.append(("BACKGROUND", (0, row), (-1, row), SHADE))
    commands.extend(extra)
    table.setStyle(TableStyle(commands))
    return table


class TickBox(Flowable):  # type: ignore[misc]
    """A drawn check box with its label (fonts lack ☑ reliably, so it is drawn)."""

    def __init__(self, checked: bool | None, label: str, font: str, size: float = 9) -> None:
        super().__init__()
        self.checked, self.label, self.font, self.size = checked, safe_text(label), font, size
        from reportlab.pdfbase.pdfmetrics import stringWidth

        self.width = self.size + 3 + stringWidth(label, font, size)
        self.height = self.size + 2

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        s = self.size - 1
        c.setLineWidth(0.7)
        c.rect(0, 1, s, s, stroke=1, fill=0)
        if self.checked:
            c.setLineWidth(1.2)
            path = c.beginPath()
            path.moveTo(1.5, 1 + s * 0.5)
            path.lineTo(s * 0.42, 2.2)
            path.lineTo(s - 1.2, s - 0.3)
            c.drawPath(path, stroke=1, fill=0)
        c.setFont(self.font, self.size)
        c.drawString(s + 3, 2, self.label)


@dataclass(frozen=True)
class Furniture:
    """What is drawn on every page around the flowing content."""

    title: str
    continued: str
    """Title on continuation pages, e.g. '交接班记录（续）'."""
    facts: str
    """One line under the title: station, number, period."""
    lang: str
    right_note: str = ""


def _page_label(lang: str, page: int, total: int) -> str:
    return f"第 {page} 页 共 {total} 页" if zh(lang) else f"Page {page} of {total}"


def _canvas_class(furniture: Furniture) -> type[rl_canvas.Canvas]:
    font = fonts.cjk_font()

    class NumberedCanvas(rl_canvas.Canvas):  # type: ignore[misc]
        """Keeps every page until the end so that each footer can say 'of y'."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("invariant", 1)
            kwargs.setdefault("initialFontName", font.name)
            kwargs.setdefault("initialFontSize", 10)
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._furniture(number, total)
                super().showPage()
            super().save()

        def _furniture(self, number: int, total: int) -> None:
            width, height = self._pagesize
            top = height - MARGIN
            self.setFillColor(INK)
            title = safe_text(furniture.title if number == 1 else furniture.continued)
            self.setFont(font.bold, 18 if number == 1 else 13)
            self.drawCentredString(width / 2, top - 16, title)
            self.setFont(font.name, 8.5)
            self.drawString(MARGIN, top - HEADER_H + 7, safe_text(furniture.facts))
            if furniture.right_note:
                self.drawRightString(width - MARGIN, top - HEADER_H + 7, safe_text(furniture.right_note))
            self.setLineWidth(1.2)
            self.line(MARGIN, top - HEADER_H + 3, width - MARGIN, top - HEADER_H + 3)
            self.setLineWidth(0.4)
            self.line(MARGIN, top - HEADER_H + 1.5, width - MARGIN, top - HEADER_H + 1.5)
            self.setFont(font.name, 9)
            self.drawCentredString(width / 2, MARGIN - 2, _page_label(furniture.lang, number, total))

    return NumberedCanvas


def frame_width(pagesize: tuple[float, float] = A4) -> float:
    return pagesize[0] - 2 * MARGIN


def build(target: Path | str | Any, story: list[Flowable], furniture: Furniture, *,
          pagesize: tuple[float, float] = A4, title: str = "") -> int:
    """Lay the story out into `target` (a path or a binary file); returns the page count."""
    width, height = pagesize
    frame = Frame(MARGIN, MARGIN + FOOTER_H - 4 * mm, width - 2 * MARGIN,
                  height - 2 * MARGIN - HEADER_H - FOOTER_H + 4 * mm, id="body",
                  leftPadding=0, rightPadding=0, topPadding=2 * mm, bottomPadding=0)
    doc = BaseDocTemplate(target, pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                          bottomMargin=MARGIN, title=title or furniture.title, author="DutyDesk",
                          creator="DutyDesk", pageTemplates=[PageTemplate("form", [frame])],
                          invariant=1, initialFontName=fonts.cjk_font().name, initialFontSize=10)
    doc.build(story, canvasmaker=_canvas_class(furniture))
    return int(doc.page)


def write_pdf(path: str | Path, render: Callable[[Any], int]) -> int:
    """Run `render(file)` into a temporary file next to `path` and rename it into place.

    Nothing is left behind on error; a path that cannot be written raises `pdf.cannot_write`."""
    return atomic_write(path, render, "pdf.cannot_write")


def atomic_write(path: str | Path, render: Callable[[Any], int], code: str) -> int:
    target = Path(path).expanduser()
    if target.is_dir():
        raise UserError("pdf.is_directory", path=str(target))
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise UserError(code, path=str(target), detail=os_reason(error)) from error
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            pages = render(handle)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise UserError(code, path=str(target), detail=os_reason(error)) from error
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return pages
