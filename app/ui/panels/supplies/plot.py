"""Stock of an item over time (a step line) with its minimum (储备定额) as a dashed line."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget


class StockPlot(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("suppliesPlot")
        pg.setConfigOptions(antialias=True)
        self.widget = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=-8 * 3600)}, background="w")
        self.widget.showGrid(x=True, y=True, alpha=0.25)
        self.widget.setLabel("left", QCoreApplication.translate("StockPlot", "On hand"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.widget)
        self.curve: pg.PlotDataItem | None = None
        self.minimum: pg.InfiniteLine | None = None
        self.points: list[tuple[float, int]] = []

    def show_series(self, title: str, steps: list[tuple[int, int]], minimum: int, now_ms: int, utc_offset_s: int) -> None:
        plot = self.widget.getPlotItem()
        plot.clear()
        axis = plot.getAxis("bottom")
        if isinstance(axis, pg.DateAxisItem):
            axis.utcOffset = -utc_offset_s
        plot.setTitle(title)
        xs = [ms / 1000 for ms, _b in steps]
        ys = [b for _ms, b in steps]
        if xs:
            xs.append(max(now_ms / 1000, xs[-1] + 1))
            self.points = list(zip(xs[:-1], ys, strict=True))
            self.curve = plot.plot(xs, ys, stepMode="center", pen=pg.mkPen("#1f5fa8", width=2),
                                   name=QCoreApplication.translate("StockPlot", "On hand"))
        else:
            self.points = []
        self.minimum = None
        if minimum > 0:
            self.minimum = pg.InfiniteLine(pos=minimum, angle=0,
                                           pen=pg.mkPen("#c0392b", width=1.5, style=Qt.PenStyle.DashLine),
                                           label=QCoreApplication.translate("StockPlot", "Minimum %1").replace("%1", str(minimum)),
                                           labelOpts={"position": 0.7, "color": "#c0392b", "anchors": [(0, 1), (0, 1)]})
            plot.addItem(self.minimum)
        plot.enableAutoRange()
        low = min([0, minimum, *ys]) if ys else 0
        high = max([1, minimum, *ys]) if ys else max(1, minimum)
        plot.setYRange(low, high * 1.1 + 1)
