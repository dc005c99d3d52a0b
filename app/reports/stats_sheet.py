"""The statistics sheet (同比统计表): table and bar chart (PDF), and a spreadsheet (xlsx)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from app import messages
from app.reports import pdf_base
from app.services import duty_log, station
from app.services.incidents import statistics
from app.services.incidents.statistics import Statistics
from app.storage.engine import Database


def headings(lang: str) -> list[str]:
    if pdf_base.zh(lang):
        return ["类别", "事故起数", "去年同期", "同比", "死亡人数", "去年同期", "同比", "受伤人数", "去年同期", "同比"]
    return ["Category", "Accidents", "Last year", "Change", "Deaths", "Last year", "Change", "Injured", "Last year",
            "Change"]


def table_rows(stats: Statistics, lang: str) -> list[list[str]]:
    rows = []
    for row in [*stats.rows, stats.total]:
        cells = [pdf_base.pick(row.name, lang)]
        for m in statistics.MEASURES:
            cells += [str(row.this[m]), str(row.last[m]), statistics.percent_text(row.change(m))]
        rows.append(cells)
    return rows


def chart(stats: Statistics, lang: str, width: float) -> Drawing:
    font = pdf_base.styles().font
    height = 70 * mm
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 30, 25, width - 160, height - 40
    data_rows = [*stats.rows, stats.total]
    bars.data = [[r.last["accidents"] for r in data_rows], [r.this["accidents"] for r in data_rows]]
    bars.categoryAxis.categoryNames = [pdf_base.safe_text(pdf_base.pick(r.name, lang)) for r in data_rows]
    bars.categoryAxis.labels.fontName = font
    bars.categoryAxis.labels.fontSize = 8
    bars.valueAxis.labels.fontName = font
    bars.valueAxis.valueMin = 0
    bars.bars[0].fillColor = colors.Color(0.7, 0.7, 0.7)
    bars.bars[1].fillColor = colors.Color(0.2, 0.2, 0.2)
    bars.barLabelFormat = "%d"
    bars.barLabels.fontName = font
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 6
    drawing.add(bars)
    legend = Legend()
    legend.x, legend.y = width - 120, height - 20
    legend.fontName = font
    legend.fontSize = 8
    zh = pdf_base.zh(lang)
    legend.colorNamePairs = [(bars.bars[0].fillColor, f"{'去年同期' if zh else 'Last year'} {stats.last_start.year}"),
                             (bars.bars[1].fillColor, f"{'本期' if zh else 'This period'} {stats.start.year}")]
    drawing.add(legend)
    return drawing


def story(db: Database, stats: Statistics, lang: str) -> list[Flowable]:
    st = pdf_base.styles()
    width = pdf_base.frame_width()
    zh = pdf_base.zh(lang)
    w = [width * 0.19] + [width * 0.09] * 9
    rows: list[list[Any]] = [headings(lang)]
    rows += [[pdf_base.cell(c, st.cell, w[i], bold=n == len(stats.rows)) for i, c in enumerate(r)]
             for n, r in enumerate(table_rows(stats, lang))]
    as_of = stats.as_of.astimezone(duty_log.zone(db)).strftime("%Y-%m-%d %H:%M")
    out: list[Flowable] = [
        pdf_base.para(f"统计期间：{stats.start} 至 {stats.end}；去年同期：{stats.last_start} 至 {stats.last_end}" if zh
                      else f"Period {stats.start} – {stats.end}; last year {stats.last_start} – {stats.last_end}",
                      st.body),
        Spacer(1, 3 * mm),
        pdf_base.ruled_table(rows, w, shade=[len(rows) - 1]),
        Spacer(1, 2 * mm),
        pdf_base.para(("同比 =（本期 − 去年同期）÷ 去年同期 × 100%，四舍五入保留两位小数；去年同期为 0 时记“—”。"
                       f"演练不计入。伤亡数字截至 {as_of}（补报期内可能变化）。") if zh else
                      ("Change = (this − last) ÷ last × 100 %, rounded half-up to two places; — when last year is 0. "
                       f"Drills excluded. Casualty figures as of {as_of} (may change within the 补报 window)."),
                      st.small),
        Spacer(1, 6 * mm),
        pdf_base.para("事故起数对比" if zh else "Accidents, this period and last year", st.heading),
        chart(stats, lang, width),
        Spacer(1, 10 * mm),
        pdf_base.para("制表人：＿＿＿＿＿＿　　审核人：＿＿＿＿＿＿　　制表日期：＿＿＿＿＿＿" if zh else
                      "Prepared by: ________   Checked by: ________   Date: ________", st.body),
    ]
    return out


def write_pdf(db: Database, stats: Statistics, path: str | Path, lang: str | None = None) -> int:
    language = lang or messages.language()
    info = station.info(db)
    title = "事故同比统计表" if pdf_base.zh(language) else "Accident statistics, year on year"
    furniture = pdf_base.Furniture(title, title + ("（续）" if pdf_base.zh(language) else " (cont.)"),
                                   f"{info.name}　{stats.start} – {stats.end}", language)
    return pdf_base.write_pdf(path, lambda handle: pdf_base.build(handle, story(db, stats, language), furniture))


def write_xlsx(db: Database, stats: Statistics, path: str | Path, lang: str | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    language = lang or messages.language()
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "同比" if pdf_base.zh(language) else "Year on year"
    ws.append([f"{station.info(db).name} {stats.start} – {stats.end}"])
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.append(headings(language))
    for row in table_rows(stats, language):
        ws.append([int(c) if c.isdigit() else c for c in row])

    def render(handle: Any) -> int:
        wb.save(handle)
        return 1

    pdf_base.atomic_write(path, render, "xlsx.cannot_write")
