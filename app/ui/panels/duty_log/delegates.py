"""Painting duty-log cells with the search terms highlighted."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPalette, QPolygon
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

HIGHLIGHT_BG = QColor("#ffd54a")
HIGHLIGHT_FG = QColor("#000000")
AMENDED_CORNER = QColor("#d9822b")


def match_spans(text: str, terms: Sequence[str]) -> list[tuple[int, int]]:
    """[start, end) spans of `text` where any term occurs (case-insensitive), merged and sorted."""
    folded = text.casefold()
    spans: list[tuple[int, int]] = []
    for term in terms:
        needle = term.casefold()
        if not needle:
            continue
        start = folded.find(needle)
        while start >= 0:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


class HighlightDelegate(QStyledItemDelegate):
    """Draws a cell's text with every occurrence of the current search terms on a yellow
    background, and a small corner mark on amended cells (besides the ✎ in the text)."""

    def __init__(self, terms: Callable[[], Sequence[str]], amended_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._terms = terms
        self._amended_role = amended_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        style = widget.style() if widget is not None else QApplication.style()
        text = opt.text
        text_rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        try:
            # ask the Python model directly: QModelIndex.data() returning None from Python
            # under-counts None's references in PySide6 6.12 / Python 3.11 (crash after a while)
            model = index.model()
            if model is not None and model.data(index, self._amended_role):
                self._paint_corner(painter, opt.rect)
            if text:
                self._paint_text(painter, opt, text, text_rect)
        finally:
            painter.restore()

    @staticmethod
    def _paint_corner(painter: QPainter, rect: QRect) -> None:
        size = 6
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(AMENDED_CORNER)
        right, top = rect.right(), rect.top()
        painter.drawPolygon(QPolygon([QPoint(right - size, top), QPoint(right, top), QPoint(right, top + size)]))

    def _paint_text(self, painter: QPainter, opt: QStyleOptionViewItem, text: str, rect: QRect) -> None:
        margin = 3
        rect = rect.adjusted(margin, 0, -margin, 0)
        painter.setFont(opt.font)
        metrics = QFontMetrics(opt.font)
        elided = metrics.elidedText(text.replace("\n", " "), Qt.TextElideMode.ElideRight, rect.width())
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        group = (QPalette.ColorGroup.Normal if opt.state & QStyle.StateFlag.State_Enabled
                 else QPalette.ColorGroup.Disabled)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = opt.palette.color(group, role)
        y = rect.top() + (rect.height() - metrics.height()) // 2 + metrics.ascent()
        if opt.displayAlignment & Qt.AlignmentFlag.AlignRight:
            x = rect.right() - metrics.horizontalAdvance(elided)
        elif opt.displayAlignment & Qt.AlignmentFlag.AlignHCenter:
            x = rect.left() + (rect.width() - metrics.horizontalAdvance(elided)) // 2
        else:
            x = rect.left()
        spans = match_spans(elided, self._terms())
        position = 0
        for start, end in [*spans, (len(elided), len(elided))]:
            if start > position:
                part = elided[position:start]
                painter.setPen(color)
                painter.drawText(x, y, part)
                x += metrics.horizontalAdvance(part)
            if end > start:
                part = elided[start:end]
                width = metrics.horizontalAdvance(part)
                painter.fillRect(QRect(x, rect.top() + 2, width, rect.height() - 4), HIGHLIGHT_BG)
                painter.setPen(HIGHLIGHT_FG)
                painter.drawText(x, y, part)
                x += width
            position = max(position, end)
