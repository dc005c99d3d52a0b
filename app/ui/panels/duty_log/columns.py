"""The summary column gets the room (issue 8, finding 7).

内容摘要 is what an operator reads; the other columns are short codes and names. Whenever the
table changes width, the summary takes what the others leave, and never less than a third of the
table's width: when the others would need more than two thirds, the widest of them give way (down
to a floor where a short label still shows). A column the user widened by hand keeps its width
until the table is resized again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QTableView

SUMMARY_SHARE = 3
"""The summary is at least 1/SUMMARY_SHARE of the visible table width."""
FLOOR_PX = 48


def fit_summary(table: QTableView, summary: int) -> None:
    header = table.horizontalHeader()
    width = table.viewport().width()
    if width <= 0:
        return
    others = [i for i in range(header.count()) if i != summary and not header.isSectionHidden(i)]
    budget = width - width // SUMMARY_SHARE
    sizes = {i: header.sectionSize(i) for i in others}
    excess = sum(sizes.values()) - budget
    while excess > 0:
        shrinkable = [i for i in others if sizes[i] > FLOOR_PX]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: sizes[i])
        step = min(excess, sizes[widest] - FLOOR_PX, max(1, sizes[widest] // 8))
        sizes[widest] -= step
        excess -= step
    for i, size in sizes.items():
        if size != header.sectionSize(i):
            header.resizeSection(i, size)
    header.resizeSection(summary, max(width // SUMMARY_SHARE, width - sum(sizes.values())))


class SummaryKeeper(QObject):
    """Refits the summary column whenever the table's viewport changes width."""

    def __init__(self, table: QTableView, summary: int) -> None:
        super().__init__(table)
        self._table, self._summary = table, summary
        self._width = -1
        table.horizontalHeader().setStretchLastSection(False)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self._table.viewport().width() != self._width:
            self._width = self._table.viewport().width()
            fit_summary(self._table, self._summary)
        return False

    def refit(self) -> None:
        fit_summary(self._table, self._summary)
