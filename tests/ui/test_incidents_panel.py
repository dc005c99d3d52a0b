"""The incidents panel (pytest-qt, offscreen): a new incident by keyboard, the countdown turning red
from times, the timeline (points per lane, a click selects the record in the duty log, a dragged
range filters the duty log with a clearable chip), other areas' lanes through a hook, statistics."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from app.services import duty_log, station
from app.services.accounts import Actor
from app.services.duty_log import EntryInput
from app.services.incidents import incidents, links, reports, timeline
from app.services.incidents.incidents import IncidentInput
from app.storage.engine import Database
from app.ui.panel_api import ChangeBus, RecordRef, SessionContext
from app.ui.panels.duty_log import worker
from app.ui.panels.duty_log.panel import SPEC as DUTY_SPEC
from app.ui.panels.incidents.panel import SPEC, IncidentsPanel
from tests.conftest import FakeWall, make_account

TZ = ZoneInfo("Asia/Shanghai")


def bj(d: int, h: int, m: int, s: int = 0) -> datetime:
    return datetime(2024, 4, d, h, m, s, tzinfo=TZ)


@pytest.fixture
def lead(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")


@pytest.fixture
def ctx(db: Database, lead: Actor) -> SessionContext:
    return SessionContext(db, lead, station.info(db), ChangeBus())


@pytest.fixture
def quake(db: Database, lead: Actor) -> tuple[str, str]:
    _c, entry = duty_log.add_entry(db, lead, EntryInput(summary="州地震局通报：五印乡M4.2级地震", received_at=bj(19, 5, 57),
                                                        township="五印乡", significant=True, category="incident"))
    _c, row = incidents.add(db, lead, IncidentInput(type="地震", level="一般", occurred_at=bj(19, 5, 54, 10),
                                                    received_at=bj(19, 5, 56, 40), township="五印乡", summary="M4.2级地震"))
    links.link(db, lead, row.id, entry.id)
    return row.id, entry.id


def make(qtbot: Any, ctx: SessionContext, spec: Any) -> Any:
    widget = spec.create(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def panel(qtbot: Any, ctx: SessionContext) -> Iterator[IncidentsPanel]:
    widget = make(qtbot, ctx, SPEC)
    yield widget
    widget.timer.stop()


def test_new_incident_by_keyboard_and_escape(panel: IncidentsPanel, qtbot: Any, wall: FakeWall) -> None:
    assert panel.list.rowCount() == 0
    dialog = panel.new_incident()
    qtbot.waitExposed(dialog)
    dialog.type.setCurrentIndex(dialog.type.findData("road_traffic"))
    dialog.township.setCurrentText("南诏镇")
    dialog.summary.setFocus()
    dialog.summary.insertPlainText("两车相撞，2人受伤")  # QTest types ASCII only
    qtbot.keyClicks(dialog.place, "G214 K12")
    dialog.injured.setValue(2)
    qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert panel.list.rowCount() == 1 and "道路交通事故" in panel.list.item(0, 2).text()
    assert "2" in panel.info.toPlainText()
    # bad input stays in the dialog, names the problem, saves nothing
    again = panel.new_incident()
    qtbot.waitExposed(again)
    qtbot.keyClick(again.place, Qt.Key.Key_Return)
    assert again.isVisible() and "事件概况" in again.error.text()
    qtbot.keyClick(again, Qt.Key.Key_Escape)
    assert not again.isVisible() and panel.list.rowCount() == 1


def test_countdown_turns_red_from_times(qtbot: Any, ctx: SessionContext, db: Database, lead: Actor,
                                        wall: FakeWall, quake: tuple[str, str]) -> None:
    wall.set(bj(19, 6, 30))
    widget = make(qtbot, ctx, SPEC)
    try:
        assert "还剩" in widget.due_label.text() and "超时" not in widget.due_label.text()
        first = next(r for r in range(widget.obligations.rowCount()) if "首报" in widget.obligations.item(r, 0).text())
        assert widget.obligations.item(first, 3).text() == "due"
        wall.set(bj(19, 8, 0))  # past 07:54:10: no timer needed, the next look computes it
        widget.tick()
        assert "超时" in widget.due_label.text() and "c00000" in widget.due_label.styleSheet()
        assert widget.obligations.item(first, 3).text() == "overdue"
        assert widget.obligations.item(first, 0).foreground().color().name() == "#c00000"
        reports.record(db, lead, quake[0], stage="first", sent_to="州应急管理局", at=bj(19, 7, 50))
        ctx.bus.publish(reports.record(db, lead, quake[0], stage="followup", sent_to="州应急管理局", at=bj(19, 7, 55)))
        assert widget.obligations.item(first, 3).text() == "met"
        sent = widget.info.toPlainText()
        assert "首报 → 州应急管理局" in sent and "first" not in sent  # stages by name, not by code
        basis = widget.obligations.item(first, 4)
        rule_id = basis.toolTip().split(":")[0]
        assert "." in rule_id and rule_id not in basis.text()  # the rule's code in the tooltip, not the cell
    finally:
        widget.timer.stop()


def _spot_pos(widget: IncidentsPanel, lane: str) -> QPoint:
    tl = widget.timeline
    spot = tl.items[lane].points()[0]
    scene = tl.view.mapViewToScene(spot.pos())
    return tl.plot.mapFromScene(scene)


def test_timeline_click_selects_in_duty_log_and_range_filters_it(qtbot: Any, ctx: SessionContext, db: Database,
                                                                  quake: tuple[str, str]) -> None:
    duty = make(qtbot, ctx, DUTY_SPEC)
    widget = make(qtbot, ctx, SPEC)
    try:
        widget.tabs.setCurrentIndex(2)
        widget.timeline.show_window(int(bj(19, 5, 0).timestamp() * 1000), int(bj(19, 8, 30).timestamp() * 1000))
        assert {"incidents", "duty", "reports"} <= set(widget.timeline.items)
        assert len(widget.timeline.items["duty"].points()) == 1
        assert widget.timeline.items["duty"].points()[0].size() > 8  # significant entries are larger
        picked: list[RecordRef] = []
        ctx.bus.select_requested.connect(picked.append)
        duty.table.clearSelection()
        qtbot.mouseClick(widget.timeline.plot.viewport(), Qt.MouseButton.LeftButton, pos=_spot_pos(widget, "duty"))
        qtbot.waitUntil(lambda: bool(picked))
        assert picked[0] == RecordRef("duty_log", "entry", quake[1])
        assert duty.current_detail_entry() is not None and duty.current_detail_entry().id == quake[1]
        # hover text names the lane and the entry
        e = widget.timeline.events["duty"][0]
        assert "值班记录" in widget.timeline.tooltip_text(e) and "五印乡" in widget.timeline.tooltip_text(e)
        # clicking the incident point selects it in this panel
        qtbot.mouseClick(widget.timeline.plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=_spot_pos(widget, "incidents"))
        qtbot.waitUntil(lambda: widget.tabs.currentIndex() == 0)
        # range selection: drag from 05:50 to 06:10 → the duty log shows that period only
        periods: list[tuple[int, int]] = []
        ctx.bus.period_requested.connect(lambda a, b: periods.append((a, b)))
        widget.select_range.click()
        assert widget.timeline.selecting
        vp = widget.timeline.plot.viewport()

        def at(when: datetime) -> QPoint:
            scene = widget.timeline.view.mapViewToScene(QPointF(when.timestamp(), 1.0))
            return widget.timeline.plot.mapFromScene(scene)

        qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=at(bj(19, 5, 50)))
        from PySide6.QtCore import QEvent
        from PySide6.QtGui import QMouseEvent

        move = QMouseEvent(QEvent.Type.MouseMove, QPointF(at(bj(19, 6, 10))), QPointF(vp.mapToGlobal(at(bj(19, 6, 10)))),
                           Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(vp, move)
        qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=at(bj(19, 6, 10)))
        assert periods, "no period emitted"
        start, end = periods[-1]
        assert abs(start - bj(19, 5, 50).timestamp() * 1000) < 120_000
        assert abs(end - bj(19, 6, 10).timestamp() * 1000) < 120_000
        qtbot.waitUntil(lambda: duty.bus_links.chip.isVisible())
        assert "2024-04-19 05:" in duty.bus_links.chip.text() and "06:" in duty.bus_links.chip.text()
        qtbot.waitUntil(lambda: duty.model.exact and not worker.busy(), timeout=10000)
        assert duty.model.total == 1
        ctx.bus.period_requested.emit(int(bj(19, 6, 0).timestamp() * 1000), int(bj(19, 7, 0).timestamp() * 1000))
        qtbot.waitUntil(lambda: duty.model.exact and not worker.busy(), timeout=10000)
        assert duty.model.total == 0
        qtbot.mouseClick(duty.bus_links.chip, Qt.MouseButton.LeftButton)
        assert not duty.bus_links.chip.isVisible()
        qtbot.waitUntil(lambda: duty.model.exact and not worker.busy(), timeout=10000)
        assert duty.model.total == 1
    finally:
        widget.timer.stop()
        duty.timer.stop()
        worker.wait_all()


def test_other_areas_lanes_through_the_hook(qtbot: Any, ctx: SessionContext, db: Database,
                                            quake: tuple[str, str], tmp_path: Path) -> None:
    incident_id = quake[0]

    def units(db: Database, start_ms: int, end_ms: int, incident_id: str | None = None) -> list[dict[str, Any]]:
        ms = int(bj(19, 6, 30).timestamp() * 1000)
        if not start_ms <= ms < end_ms or incident_id not in (None, quake[0]):
            return []
        return [{"lane": "units", "lane_title": {"zh": "队伍", "en": "Teams"}, "ms": ms,
                 "label": "五印乡扑火队 出动 19人", "significant": True,
                 "ref": {"panel": "rosters", "kind": "unit", "key": "u1"}, "incident_id": quake[0]}]

    timeline.register("fake_rosters", units)
    try:
        d = reports.detail(db, incident_id)
        assert [e["label"] for e in d.related] == ["五印乡扑火队 出动 19人"]
        widget = make(qtbot, ctx, SPEC)
        widget.timeline.show_window(int(bj(19, 5, 0).timestamp() * 1000), int(bj(19, 7, 0).timestamp() * 1000))
        assert len(widget.timeline.items["units"].points()) == 1
        assert "扑火队" in widget.info.toPlainText()
        widget.timeline.export_png(tmp_path / "t.png")
        widget.timeline.export_pdf(tmp_path / "t.pdf", "事件时间线")
        assert (tmp_path / "t.png").stat().st_size > 1000 and (tmp_path / "t.pdf").read_bytes()[:4] == b"%PDF"
        path = tmp_path / "r.pdf"
        widget.write_report("first", str(path))
        from pypdf import PdfReader

        assert "扑火队" in "".join(p.extract_text() for p in PdfReader(str(path)).pages)
        widget.timer.stop()
    finally:
        timeline.unregister("fake_rosters")


def test_statistics_view_and_duty_log_link_action(qtbot: Any, ctx: SessionContext, db: Database, lead: Actor,
                                                  wall: FakeWall, tmp_path: Path) -> None:
    for day in (1, 2, 3):
        incidents.add(db, lead, IncidentInput(type="火灾", level="一般", occurred_at=datetime(2023, 3, day, 10, tzinfo=TZ),
                                              received_at=datetime(2023, 3, day, 10, 20, tzinfo=TZ), township="南诏镇",
                                              summary="民房起火"))
    _c, fire = incidents.add(db, lead, IncidentInput(type="火灾", level="一般", occurred_at=bj(1, 10, 0),
                                                     received_at=bj(1, 10, 20), township="南诏镇", summary="商铺起火"))
    widget = make(qtbot, ctx, SPEC)
    try:
        widget.tabs.setCurrentIndex(3)
        from datetime import date

        widget.stats.set_period(date(2024, 1, 1), date(2024, 4, 18))
        table = widget.stats.table
        cells = [table.item(0, c).text() for c in range(4)]
        assert cells == ["火灾", "1", "3", "−66.67%"]
        assert widget.stats.print_to(str(tmp_path / "s.pdf")) == 1
        duty = make(qtbot, ctx, DUTY_SPEC)
        _c, entry = duty_log.add_entry(db, lead, EntryInput(summary="县消防大队报告：商铺火灾已扑灭", received_at=bj(1, 11, 0)))
        assert duty.bus_links.link(fire.id, entry.id)
        assert [e.id for e in links.entries(db, fire.id)] == [entry.id]
        assert "dutyLogLinkIncident" in {a.objectName() for a in duty.menu_actions()}
        assert duty.bus_links.action in duty.table.actions()
        duty.timer.stop()
        worker.wait_all()
    finally:
        widget.timer.stop()
    _ = timedelta


def test_the_list_keeps_two_fifths_when_the_panel_turns(panel: IncidentsPanel, qtbot: Any) -> None:
    """Narrow (a dock) the list sits above the tabs, wide beside them. After turning, the
    splitter kept the other direction's sizes: at 1366×768 the list got a sixth of the width and
    the incident names were cut off."""
    for width, height in ((900, 700), (1366, 470), (1000, 470), (1366, 470)):
        panel.resize(width, height)
        qtbot.waitUntil(lambda w=width: panel.width() == w)
        sizes = panel.splitter.sizes()
        assert sizes[0] >= 0.3 * sum(sizes), (width, height, sizes)


def test_dialog_times_are_the_stations_whatever_the_computers_zone(panel: IncidentsPanel, qtbot: Any, db: Database,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A trial on a PC set to another zone: the dialogs showed and read its zone, so 06:18 Beijing
    time typed became 14:18 and was refused as later than now."""
    import time

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        now = datetime.fromtimestamp(db.wall() / 1000, TZ)
        dialog = panel.new_incident()
        qtbot.waitExposed(dialog)
        assert dialog.occurred.dateTime().toString("yyyy-MM-dd HH:mm") == now.strftime("%Y-%m-%d %H:%M")
        earlier = (now - timedelta(minutes=20)).replace(second=0, microsecond=0)
        dialog.occurred.setDateTime(dialog.occurred.dateTime().addSecs(-20 * 60 - now.second))
        dialog.type.setCurrentIndex(dialog.type.findData("road_traffic"))
        dialog.township.setCurrentText("南诏镇")
        dialog.summary.insertPlainText("两车相撞")
        qtbot.keyClick(dialog.place, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not dialog.isVisible())
        (row,) = incidents.listing(db)
        assert row.occurred_ms == int(earlier.timestamp() * 1000)
        report = panel.record_report()
        assert report is not None  # the new incident is selected
        qtbot.waitExposed(report)
        assert report.at.dateTime().toString("yyyy-MM-dd HH:mm") == now.strftime("%Y-%m-%d %H:%M")
        qtbot.keyClick(report, Qt.Key.Key_Escape)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


@pytest.mark.sqlite_only  # edits the file's table directly, as someone with the file might
def test_a_hand_edited_number_leaves_the_other_incidents_listed(panel: IncidentsPanel, db: Database,
                                                             quake: tuple[str, str], lead: Actor) -> None:
    from sqlalchemy import text

    incidents.add(db, lead, IncidentInput(type="火灾", level="一般", occurred_at=bj(19, 5, 0), received_at=bj(19, 5, 1),
                                          township="大仓镇", summary="民房火灾"))
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE incident SET occurred_ms = 'abc' WHERE incident_id = :id"), {"id": quake[0]})
    panel.open_only.setChecked(False)
    panel.refresh()  # raised TypeError (and again every minute from the countdown), listing nothing
    assert panel.list.rowCount() == 1 and "大仓镇" in panel.list.item(0, 2).text()
    panel.tick()
    assert timeline.events(db, 0, 2**53)  # the timeline still has the other incident's points
    from app.storage import integrity

    assert any("incident" in p for p in integrity.rebuild_equals_live(db).problems)  # check names the damage


def test_the_timeline_axis_has_no_english_dates(panel: IncidentsPanel) -> None:
    """pyqtgraph's own ticks read "Fri 31" and "Apr" (a trial noticed) — in Chinese they are 04-20, 5月, 22日."""
    import re

    axis = panel.timeline.axis
    panel.timeline.plot.grab()  # painted once: the axis measures its labels with the painter's font
    start = bj(19, 0, 0).timestamp()
    seen: list[str] = []
    for span in (3 * 86_400, 40 * 86_400, 400 * 86_400):
        for spacing, values in axis.tickValues(start, start + span, 900):
            seen += axis.tickStrings(values, 1, spacing)
    assert seen and not [s for s in seen if re.search("[A-Za-z]", s)], seen
    assert any(s.endswith("月") for s in seen) and any(re.fullmatch(r"\d\d-\d\d", s) for s in seen)
