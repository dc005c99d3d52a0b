"""The duty log's detail pane shows what other panels recorded around the entry's time — a unit's
status change (issue 12: "appears in the duty log context, link, not copy") — as a link that
selects the record in its own panel."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QUrl

from app.services.rosters import status
from app.ui.panel_api import RecordRef
from tests.ui.test_duty_log_support import *  # noqa: F403
from tests.ui.test_duty_log_support import add
from tests.unit.rosters_support import small_roster


def test_a_status_change_near_the_entry_is_a_link_in_the_detail(panel, db, lead, admin, wall, qtbot):  # type: ignore[no-untyped-def]
    s = small_roster(db, admin)
    entry = add(db, lead, wall, "五印乡发生4.2级地震，森林消防专业扑火队出动", township="五印乡")
    wall.advance(timedelta(minutes=20).total_seconds())
    event_id, _ = status.set_status(db, admin, s.team, "deployed", place="五印乡")
    wall.advance(timedelta(hours=5).total_seconds())
    status.set_status(db, admin, "五印二班", "resting")  # five hours later: not "around"
    far = add(db, lead, wall, "县气象局：明日多云")
    panel.refresh()
    panel.open_number(entry.no)
    html = panel.detail.toHtml()
    assert "森林消防专业扑火队" in html and "五印二班" not in html
    assert f"ref:rosters/status_event/{event_id}" in html  # a link to the record, not a copy
    asked: list[RecordRef] = []
    panel.ctx.bus.select_requested.connect(asked.append)
    panel.detail.anchorClicked.emit(QUrl(f"ref:rosters/status_event/{event_id}"))
    assert asked == [RecordRef("rosters", "status_event", event_id)]
    panel.open_number(far.no)
    assert "森林消防专业扑火队" not in panel.detail.toHtml() and "五印二班" in panel.detail.toHtml()
