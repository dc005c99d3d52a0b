"""The statistics view (同比): a period, the table and a bar chart (pyqtgraph); print to PDF."""

from __future__ import annotations

from datetime import date
from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.incidents import statistics


class StatsView(QWidget):
    def __init__(self, ctx: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stats: statistics.Statistics | None = None
        today = date.fromtimestamp(ctx.db.wall() / 1000)
        self.start = QDateEdit(QDate(today.year, 1, 1))
        self.end = QDateEdit(QDate(today.year, today.month, today.day))
        for edit, name in ((self.start, "incidentStatsFrom"), (self.end, "incidentStatsTo")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("incidentStatsPrint")
        self.print_button.clicked.connect(self.print_dialog)
        self.table = QTableWidget(0, 10)
        self.table.setObjectName("incidentStatsTable")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.chart = pg.PlotWidget(background="w")
        self.chart.setObjectName("incidentStatsChart")
        self.chart.setMouseEnabled(x=False, y=False)
        self.chart.setMenuEnabled(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("From")))
        top.addWidget(self.start)
        top.addWidget(QLabel(self.tr("to")))
        top.addWidget(self.end)
        top.addStretch(1)
        top.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 2)
        layout.addWidget(self.note)
        layout.addWidget(self.chart, 3)

    def set_period(self, start: date, end: date) -> None:
        self.start.blockSignals(True)
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.start.blockSignals(False)
        self.end.setDate(QDate(end.year, end.month, end.day))
        self.refresh()

    def period(self) -> tuple[date, date]:
        a, b = self.start.date(), self.end.date()
        return date(a.year(), a.month(), a.day()), date(b.year(), b.month(), b.day())

    def refresh(self) -> None:
        start, end = self.period()
        if end < start:
            self.note.setText(self.tr("The end date is before the start date."))
            return
        self.stats = stats = statistics.compute(self.ctx.db, start, end)
        lang = "zh" if self.ctx.language == "zh_CN" else "en"
        heads = [self.tr("Category"), self.tr("Accidents"), self.tr("Last year"), self.tr("Change"),
                 self.tr("Deaths"), self.tr("Last year"), self.tr("Change"), self.tr("Injured"),
                 self.tr("Last year"), self.tr("Change")]
        self.table.setHorizontalHeaderLabels(heads)
        rows = [*stats.rows, stats.total]
        self.table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            cells = [row.name[lang]]
            for m in statistics.MEASURES:
                cells += [str(row.this[m]), str(row.last[m]), statistics.percent_text(row.change(m))]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if row is stats.total:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.note.setText(self.tr("Same period last year: %1 – %2. Drills are left out. Change rounded half-up.")
                          .replace("%1", str(stats.last_start)).replace("%2", str(stats.last_end)))
        self.chart.clear()
        xs = list(range(len(rows)))
        self.chart.addItem(pg.BarGraphItem(x=[x - 0.18 for x in xs], height=[r.last["accidents"] for r in rows],
                                           width=0.34, brush=QColor(170, 170, 170)))
        self.chart.addItem(pg.BarGraphItem(x=[x + 0.18 for x in xs], height=[r.this["accidents"] for r in rows],
                                           width=0.34, brush=QColor(50, 50, 50)))
        self.chart.getAxis("bottom").setTicks([[(x, rows[x].name[lang]) for x in xs]])

    def print_dialog(self) -> None:
        if self.stats is None:
            return
        path, _f = QFileDialog.getSaveFileName(self, self.tr("Print statistics to PDF"), "同比统计.pdf", "PDF (*.pdf)")
        if path:
            self.print_to(path)

    def print_to(self, path: str) -> int:
        from app.reports import stats_sheet

        assert self.stats is not None
        return stats_sheet.write_pdf(self.ctx.db, self.stats, path, self.ctx.language)
