"""The incident timeline (pyqtgraph): lanes of points on a Beijing-time axis (the station's zone).

One ScatterPlotItem per lane; only the visible window is loaded (from every area's
`timeline_events` hook, app/services/incidents/timeline.py), again after each zoom or pan
(debounced), so ten years of data stay responsive. A "now" line; hover tooltips; clicking a
point emits `picked(ref)`; with range selection on, dragging over the plot selects a period and
emits `period_selected(start_ms, end_ms)`. Export to PNG or PDF.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QToolTip, QVBoxLayout, QWidget

from app import messages
from app.services.incidents import timeline as timeline_service
from app.storage.engine import Database
from app.ui import pyside_guard

pyside_guard.keep_singletons_alive()  # see pyside_guard: redrawing thousands of points (None, True, False) must never crash

COLORS = {"incidents": "#c0392b", "reports": "#1f5f99", "duty": "#555555", "units": "#2e8b57", "stock": "#b8860b"}
OVERDUE = "#e00000"
DAY_S = 86_400.0
DEFAULT_LANES = {"incidents": {"zh": "突发事件", "en": "Incidents"}, "reports": {"zh": "信息报告", "en": "Reports"},
                 "duty": {"zh": "值班记录", "en": "Duty log"}}
"""Lanes shown even when the window holds none of their records (other areas' lanes appear with data)."""
Loader = Callable[[Database, int, int, str | None], list[dict[str, Any]]]


ZH_TICKS = {"%a %d": "%m-%d", "%b": "%m月", "%d": "%d日"}
"""pyqtgraph's day and month ticks in Chinese form (its own are English: "Fri 31", "Apr")."""


def chinese_ticks(axis: pg.DateAxisItem) -> None:
    """Give `axis` its own copies of pyqtgraph's zoom levels with Chinese date formats (the
    module's shared levels are left as they are)."""
    from pyqtgraph.graphicsItems.DateAxisItem import TickSpec, ZoomLevel

    levels = axis.zoomLevels
    for key, level in list(levels.items()):
        specs = [TickSpec(s.spacing, s.step, ZH_TICKS.get(s.format, s.format), s.autoSkip) for s in level.tickSpecs]
        levels[key] = ZoomLevel(specs, level.exampleText)


class TimelineWidget(QWidget):
    picked = Signal(object)  # the event's "ref" dict
    period_selected = Signal(object, object)  # start_ms, end_ms
    loaded = Signal(int)  # number of events drawn

    def __init__(self, db: Database, zone: ZoneInfo, now_ms: Callable[[], int], parent: QWidget | None = None,
                 loader: Loader | None = None) -> None:
        super().__init__(parent)
        self.db, self.zone, self.now_ms = db, zone, now_ms
        self.loader: Loader = loader or (lambda d, s, e, i: timeline_service.events(d, s, e, incident_id=i))
        self.incident_id: str | None = None
        self.language = "zh"
        offset = datetime.now(zone).utcoffset()
        self.axis = pg.DateAxisItem(orientation="bottom", utcOffset=-int(offset.total_seconds()) if offset else 0)
        if messages.language() == "zh_CN":
            chinese_ticks(self.axis)
        self.plot = pg.PlotWidget(axisItems={"bottom": self.axis}, background="w")
        self.plot.setObjectName("incidentTimelinePlot")
        self.plot.showGrid(x=True, y=False, alpha=0.25)
        self.plot.setMouseEnabled(x=True, y=False)
        self.plot.getPlotItem().setMenuEnabled(False)
        self.plot.getPlotItem().hideButtons()
        self.plot.getAxis("left").setWidth(80)
        self.view = self.plot.getPlotItem().getViewBox()
        self.items: dict[str, pg.ScatterPlotItem] = {}
        self.lanes: list[str] = list(DEFAULT_LANES)
        self._titles: dict[str, str] = {}
        self._brushes: dict[str, Any] = {}
        self._pens: dict[str, Any] = {}
        self.events: dict[str, list[dict[str, Any]]] = {}
        self.now_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#e00000", width=1.5, style=Qt.PenStyle.DashLine),
                                        label="now", labelOpts={"position": 0.95, "color": "#e00000"})
        self.plot.addItem(self.now_line, ignoreBounds=True)
        self.region = pg.LinearRegionItem(brush=QColor(31, 95, 153, 50))
        self.region.setZValue(-10)
        self.region.hide()
        self.plot.addItem(self.region, ignoreBounds=True)
        self.region.sigRegionChangeFinished.connect(self._region_done)
        self.selecting = False
        self._drag_start: float | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(60)
        self.timer.timeout.connect(self.reload)
        self.view.sigXRangeChanged.connect(lambda *_a: self.timer.start())
        self.plot.scene().sigMouseMoved.connect(self._hover)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        self.last_window: tuple[int, int] = (0, 0)
        self.plot.viewport().installEventFilter(self)

    # -- the window ------------------------------------------------------------------------------------

    def show_window(self, start_ms: int, end_ms: int) -> None:
        self.view.setXRange(start_ms / 1000, end_ms / 1000, padding=0)
        self.reload()

    def show_last(self, days: float) -> None:
        now = self.now_ms()
        self.show_window(int(now - days * DAY_S * 1000), int(now + days * DAY_S * 1000 / 10))

    def visible_ms(self) -> tuple[int, int]:
        (x0, x1), _y = self.view.viewRange()
        return int(x0 * 1000), int(x1 * 1000)

    def set_language(self, language: str) -> None:
        self.language = language
        self._titles.update({lane: title[language] for lane, title in DEFAULT_LANES.items()})

    def focus(self, start_ms: int, end_ms: int) -> None:
        """Show [start, end) with a little margin (an incident and what followed it)."""
        margin = max((end_ms - start_ms) // 20, 600_000)
        self.show_window(start_ms - margin, end_ms + margin)

    def set_incident(self, incident_id: str | None) -> None:
        self.incident_id = incident_id
        self.reload()

    def reload(self) -> None:
        start, end = self.visible_ms()
        self.last_window = (start, end)
        found = self.loader(self.db, start, end, self.incident_id)
        self.events = {}
        for e in found:
            self.events.setdefault(str(e["lane"]), []).append(e)
        ordered = timeline_service.lanes(found)
        for lane, _title in ordered:
            if lane not in self.lanes:
                self.lanes.append(lane)
        for lane, title in ordered:
            self._titles[lane] = title.get(self.language, lane)
        self._draw()
        self.now_line.setValue(self.now_ms() / 1000)
        self.loaded.emit(len(found))

    def _draw(self) -> None:
        ticks = []
        for n, lane in enumerate(self.lanes):
            y = float(len(self.lanes) - n)
            ticks.append((y, self._titles.get(lane, lane)))
            item = self.items.get(lane)
            if item is None:
                item = pg.ScatterPlotItem(pxMode=True, hoverable=True)
                item.sigClicked.connect(self._clicked)
                self.plot.addItem(item)
                self.items[lane] = item
            events = self.events.get(lane, [])
            xs, sizes, symbols, brushes, pens = [], [], [], [], []
            for e in events:
                color = OVERDUE if e.get("state") == "overdue" else COLORS.get(lane, "#444444")
                big = bool(e.get("significant")) or bool(e.get("count"))
                size = 13 if big else 8
                if e.get("count"):
                    size = min(18, 6 + int(e["count"]) ** 0.5)
                xs.append(int(e["ms"]) / 1000)
                sizes.append(size)
                symbols.append("t" if e.get("state") in ("due", "overdue") else ("s" if e.get("exercise") else "o"))
                brushes.append(self._brush(color))
                pens.append(self._pen("k" if big else "w"))
            item.setData(x=xs, y=[y] * len(xs), size=sizes, symbol=symbols, brush=brushes, pen=pens, data=events)
        self.plot.getAxis("left").setTicks([ticks])
        self.view.setYRange(0.3, len(self.lanes) + 0.7, padding=0)

    def _brush(self, color: str) -> Any:
        found = self._brushes.get(color)
        if found is None:
            found = self._brushes[color] = pg.mkBrush(color)
        return found

    def _pen(self, color: str) -> Any:
        found = self._pens.get(color)
        if found is None:
            found = self._pens[color] = pg.mkPen(color, width=0.5)
        return found

    # -- interaction ---------------------------------------------------------------------------------------

    def nearest(self, scene_pos: QPointF, radius_px: float = 8.0) -> dict[str, Any] | None:
        best: tuple[float, dict[str, Any]] | None = None
        for item in self.items.values():
            for spot in item.points():
                pos = self.view.mapViewToScene(spot.pos())
                d = (pos.x() - scene_pos.x()) ** 2 + (pos.y() - scene_pos.y()) ** 2
                if d <= radius_px ** 2 and (best is None or d < best[0]):
                    best = (d, spot.data())
        return best[1] if best else None

    def tooltip_text(self, e: dict[str, Any]) -> str:
        when = datetime.fromtimestamp(int(e["ms"]) / 1000, self.zone).strftime("%Y-%m-%d %H:%M")
        return f"{when}  {self._titles.get(str(e['lane']), e['lane'])}\n{e.get('label', '')}"

    def _hover(self, scene_pos: QPointF) -> None:
        e = self.nearest(scene_pos)
        if e is None:
            QToolTip.hideText()
            return
        global_pos = self.plot.mapToGlobal(self.plot.mapFromScene(scene_pos))
        QToolTip.showText(global_pos, self.tooltip_text(e), self.plot)

    def _clicked(self, _item: Any, points: Any, *_args: Any) -> None:
        if self.selecting or len(points) == 0:
            return
        data = points[0].data()
        if data and data.get("ref"):
            self.picked.emit(data["ref"])

    def set_selecting(self, on: bool) -> None:
        """Range selection: drags over the plot select a period instead of panning."""
        self.selecting = on
        self.plot.setMouseEnabled(x=not on, y=False)

    def select_period(self, start_ms: int, end_ms: int) -> None:
        self.region.setRegion((start_ms / 1000, end_ms / 1000))
        self.region.show()
        self.period_selected.emit(min(start_ms, end_ms), max(start_ms, end_ms))

    def clear_period(self) -> None:
        self.region.hide()

    def _region_done(self) -> None:
        if self.region.isVisible():
            a, b = self.region.getRegion()
            self.period_selected.emit(int(min(a, b) * 1000), int(max(a, b) * 1000))

    def eventFilter(self, obj: Any, event: Any) -> bool:
        from PySide6.QtCore import QEvent

        if self.selecting and obj is self.plot.viewport():
            kind = event.type()
            if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
                self._drag_start = self._x_at(event.position())
                return True
            if kind == QEvent.Type.MouseMove and self._drag_start is not None:
                x = self._x_at(event.position())
                self.region.setRegion((self._drag_start, x))
                self.region.show()
                return True
            if kind == QEvent.Type.MouseButtonRelease and self._drag_start is not None:
                x = self._x_at(event.position())
                start, self._drag_start = self._drag_start, None
                if abs(x - start) > 1:
                    self.select_period(int(start * 1000), int(x * 1000))
                return True
        return super().eventFilter(obj, event)

    def _x_at(self, pos: QPointF) -> float:
        return float(self.view.mapSceneToView(self.plot.mapToScene(pos.toPoint())).x())

    # -- export ------------------------------------------------------------------------------------------------

    def export_png(self, path: str | Path) -> None:
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(self.plot.getPlotItem())
        exporter.parameters()["width"] = max(1600, self.plot.width() * 2)
        exporter.export(str(path))

    def export_pdf(self, path: str | Path, title: str = "") -> None:
        writer = QPdfWriter(str(path))
        writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        writer.setPageOrientation(QPageLayout.Orientation.Landscape)
        writer.setResolution(150)
        writer.setTitle(title)
        painter = QPainter(writer)
        try:
            page = writer.pageLayout().paintRectPixels(writer.resolution())
            if title:
                painter.drawText(QRectF(0, 0, page.width(), 40), Qt.AlignmentFlag.AlignCenter, title)
            pixmap = self.plot.grab()
            target = QRectF(0, 50, page.width(), page.height() - 60)
            scaled = pixmap.size().scaled(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawPixmap(QRectF(target.topLeft(), scaled.toSizeF()).toRect(), pixmap)
        finally:
            painter.end()
