"""Actions on saved entries through the panel: amend (mark + struck-through history), leader's
instruction, action, notification, close/reopen, void, the live status-bar counts, export to
.xlsx (read back) and print."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from app.services import duty_log, roles
from app.services.duty_log import EntryInput
from app.ui.panels.duty_log import export, print_view, worker
from app.ui.panels.duty_log.cells import AMENDED_MARK, COLUMN_INDEX
from app.ui.panels.duty_log.model import AMENDED_ROLE, ENTRY_ROLE, STATUS_ROLE
from tests.conftest import make_account
from tests.ui.test_duty_log_support import *  # noqa: F403
from tests.ui.test_duty_log_support import bulk, seed_story, settle


def row_of(panel, entry_id: str) -> int:  # type: ignore[no-untyped-def]
    for r in range(panel.model.rowCount()):
        if panel.model.index(r, 0).data(ENTRY_ROLE).id == entry_id:
            return r
    raise AssertionError(entry_id)


def test_menu_actions_cover_everything_with_shortcuts(panel):
    actions = [a for a in panel.menu_actions() if not a.isSeparator()]
    names = {a.objectName() for a in actions}
    assert {"dutyLogNew", "dutyLogAmend", "dutyLogInstruction", "dutyLogAct", "dutyLogNotify", "dutyLogClose",
            "dutyLogReopen", "dutyLogVoid", "dutyLogOpenItems", "dutyLogExport", "dutyLogPrint",
            "dutyLogFind"} <= names
    assert panel.new_action.shortcut().toString() == "Ctrl+N"
    from app.ui.panels.duty_log.panel import SPEC

    assert SPEC.menu_title is not None and SPEC.menu_title() in ("Duty log", "值班日志")
    assert SPEC.panel_id == "duty_log"


def test_amend_shows_mark_and_struck_history(panel, db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    panel.refresh()
    panel.select_row(row_of(panel, rows["fire"].id))
    wall.advance(120)
    dialog = panel.amend("summary")
    assert dialog is not None and dialog.isVisible()
    dialog.editor.setPlainText("紫金乡森林火险等级红色预警")
    dialog.reason.setText("预警等级记错")
    dialog.submit()
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = row_of(panel, rows["fire"].id)
    cell = panel.model.index(row, COLUMN_INDEX["summary"])
    assert cell.data(AMENDED_ROLE) is True
    assert cell.data().endswith(AMENDED_MARK) and "红色预警" in cell.data()
    assert panel.table.currentIndex().row() == row  # selection kept
    html = panel.detail.toHtml()
    assert "line-through" in html
    assert "橙色预警" in html and "红色预警" in html and "王磊" in html and "预警等级记错" in html
    # the old value is what is struck through
    struck = html.split("line-through")[1][:300]
    assert "橙色预警" in struck
    # unchanged: nothing recorded, inline error
    dialog = panel.amend("summary")
    dialog.submit()
    assert dialog.isVisible() and dialog.value_error.isVisible()
    dialog.done(0)


def test_amend_a_time_a_choice_and_the_township(panel, db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    panel.refresh()
    panel.select_row(row_of(panel, rows["routine"].id))
    dialog = panel.amend("category")
    dialog.editor.setCurrentIndex(dialog.editor.findData("drill"))
    dialog.submit()
    dialog = panel.amend("township")
    dialog.editor.setCurrentText("不存在乡")
    dialog.submit()
    assert dialog.isVisible() and "不存在乡" in dialog.value_error.text()
    dialog.editor.setCurrentText("青华乡")
    dialog.submit()
    assert not dialog.isVisible()
    entry = duty_log.get_entry(db, rows["routine"].id).entry
    assert entry.category == "drill" and entry.township == "青华乡"
    assert {"category", "township"} <= entry.amended
    row = row_of(panel, rows["routine"].id)
    assert panel.model.index(row, COLUMN_INDEX["category"]).data(AMENDED_ROLE)
    assert panel.model.index(row, COLUMN_INDEX["township"]).data(AMENDED_ROLE)


def test_instruction_action_notification_close_reopen(panel, db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    panel.refresh()
    panel.select_row(row_of(panel, rows["quake"].id))
    dialog = panel.add_instruction()
    dialog.text.setPlainText("立即组织五印乡核查灾情，随时报告")
    dialog.leader.setCurrentText("杨志华")
    dialog.submit()
    dialog = panel.add_action()
    dialog.submit()  # empty: inline error, nothing recorded
    assert dialog.isVisible() and dialog.errors["action"].isVisible()
    dialog.text.setPlainText("已电话通知五印乡政府核查")
    dialog.submit()
    dialog = panel.add_notification()
    dialog.whom.setText("五印乡人民政府 李明")
    dialog.channel.setCurrentIndex(dialog.channel.findData("phone"))
    dialog.submit()
    assert not dialog.isVisible()
    text = panel.detail.toPlainText()
    assert "立即组织五印乡核查灾情" in text and "杨志华" in text
    assert "已电话通知五印乡政府核查" in text
    assert "五印乡人民政府 李明" in text
    detail = duty_log.get_entry(db, rows["quake"].id)
    assert len(detail.instructions) == 1 and len(detail.actions) == 1 and len(detail.notifications) == 1
    assert panel.close_action.isEnabled() and not panel.reopen_action.isEnabled()
    assert panel.close_entry()
    row = row_of(panel, rows["quake"].id)
    assert panel.model.index(row, 0).data(STATUS_ROLE) == "closed"
    assert panel.reopen_action.isEnabled() and not panel.close_action.isEnabled()
    assert panel.reopen_entry()
    assert panel.model.index(row_of(panel, rows["quake"].id), 0).data(STATUS_ROLE) == "open"


def test_an_operator_records_a_leaders_instruction_given_by_phone(qtbot, db, admin, wall):
    """Issue 8, finding 8: at 3 a.m. the operator phones the leader and writes down the answer."""
    from app.services import station
    from app.ui.panel_api import ChangeBus, SessionContext
    from app.ui.panels.duty_log.panel import DutyLogPanel

    operator = make_account(db, admin, "liuyang", roles.OPERATOR, name="刘洋")
    make_account(db, admin, "yangzh", roles.LEADER, name="杨志华")
    _c, row = duty_log.add_entry(db, operator, EntryInput(summary="五印乡报告：山体滑坡阻断县道"))
    panel = DutyLogPanel(SessionContext(db, operator, station.info(db), ChangeBus()))
    qtbot.addWidget(panel)
    panel.select_row(0)
    assert panel.instruction_action.isEnabled()
    dialog = panel.add_instruction()
    assert dialog is not None and dialog.by_phone.isChecked() and not dialog.by_phone.isEnabled()
    dialog.leader.setCurrentText("杨志华")
    dialog.text.setPlainText("立即通知交通局抢通，注意群众安全")
    dialog.submit()
    assert not dialog.isVisible()
    detail = duty_log.get_entry(db, row.id)
    [given] = detail.instructions
    assert (given.leader, given.author, given.via) == ("杨志华", "liuyang", "phone")
    text = panel.detail.toPlainText()
    assert "杨志华" in text and "电话批示" in text and "刘洋" in text
    assert panel.void_entry() is None
    panel.last_dialog.close()
    panel.timer.stop()
    worker.wait_all()


def test_void_strikes_through_and_keeps_the_entry(panel, db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    panel.refresh()
    panel.select_row(row_of(panel, rows["fireworks"].id))
    dialog = panel.void_entry()
    dialog.submit()  # no reason
    assert dialog.isVisible() and dialog.errors["reason"].isVisible()
    dialog.reason.setText("重复登记")
    dialog.submit()
    assert not dialog.isVisible()
    assert panel.model.rowCount() == 4  # still there
    row = row_of(panel, rows["fireworks"].id)
    index = panel.model.index(row, COLUMN_INDEX["summary"])
    assert index.data(STATUS_ROLE) == "voided"
    assert index.data(Qt.ItemDataRole.FontRole).strikeOut()
    assert "重复登记" in panel.detail.toPlainText()
    assert not panel.amend_action.isEnabled() and not panel.void_action.isEnabled()
    panel.filter_bar.hide_voided.setChecked(True)
    assert panel.model.rowCount() == 3


def test_status_bar_counts_follow_changes(panel, db, lead, wall, qtbot):
    settle(qtbot, panel)
    assert panel.open_button.text().endswith(" 0")
    rows = seed_story(db, lead, wall)
    # a change made elsewhere in the program arrives on the bus
    changes, _row = duty_log.add_entry(db, lead, EntryInput(summary="又一条", due_at=duty_log.now(db) + timedelta(minutes=5)))
    panel.ctx.bus.publish(changes)
    settle(qtbot, panel)
    assert panel.open_button.text().endswith(" 5")
    assert panel.overdue_button.text().endswith(" 0")
    wall.advance(3600)
    panel.tick()  # a minute later the follow-ups are past
    settle(qtbot, panel)
    assert panel.overdue_button.text().endswith(" 2")
    assert "⚠" in panel.overdue_button.text()
    panel.ctx.bus.publish(duty_log.close_entry(db, lead, rows["quake"].id))
    settle(qtbot, panel)
    assert panel.open_button.text().endswith(" 4")
    assert panel.overdue_button.text().endswith(" 1")
    assert panel.model.rowCount() == 5
    panel.overdue_button.click()
    assert panel.model.rowCount() == 1
    panel.open_items_action.trigger()
    assert panel.filter_bar.status_code() == "open" and panel.model.rowCount() == 4
    panel.open_items_action.trigger()
    assert panel.filter_bar.status_code() == ""


def test_export_view_to_xlsx(panel, db, lead, wall, qtbot, tmp_path: Path):
    rows = seed_story(db, lead, wall)
    duty_log.amend(db, lead, rows["fire"].id, "summary", "紫金乡森林火险等级红色预警")
    duty_log.void_entry(db, lead, rows["fireworks"].id, "重复登记")
    panel.refresh()
    panel.filter_bar.set_text("乡")
    assert panel.model.rowCount() == 2
    path = tmp_path / "log.xlsx"
    panel.export_to(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = values[0]
    assert header[0] == duty_log.label("no", duty_log.FIELD_LABELS)
    assert len(values) == 3
    numbers = {r[0] for r in values[1:]}
    assert numbers == {rows["quake"].no, rows["fire"].no}
    fire = next(r for r in values[1:] if r[0] == rows["fire"].no)
    summary_col = header.index(duty_log.label("summary", duty_log.FIELD_LABELS))
    assert fire[summary_col] == "紫金乡森林火险等级红色预警"
    assert "橙色预警" in fire[-1] and "红色预警" in fire[-1]  # the amendment history
    received_col = header.index(duty_log.label("received_at", duty_log.FIELD_LABELS))
    assert fire[received_col].year == 2024
    # the whole log, with the voided row struck through
    panel.filter_bar.reset()
    panel.export_to(path)
    ws = openpyxl.load_workbook(path).active
    voided = next(row for row in ws.iter_rows(min_row=2) if row[0].value == rows["fireworks"].no)
    assert voided[0].font.strike
    assert voided[-2].value == "重复登记"


def test_large_export_runs_on_a_worker_thread(panel, db, lead, qtbot, tmp_path: Path, monkeypatch):
    bulk(db, lead.username, 1500)
    panel.refresh()
    settle(qtbot, panel)
    monkeypatch.setattr(export, "BACKGROUND_OVER", 100)
    monkeypatch.setattr(export, "PAGE", 200)
    path = tmp_path / "big.xlsx"
    thread = panel.export_to(path)
    assert thread is not None
    with qtbot.waitSignal(thread.succeeded, timeout=30000) as blocker:
        pass
    assert blocker.args[1] == 1500
    qtbot.waitUntil(lambda: panel.export_thread is None, timeout=5000)
    ws = openpyxl.load_workbook(path, read_only=True).active
    assert sum(1 for _ in ws.iter_rows()) == 1501
    assert "1,500" in panel.message_label.text()


def test_print_renders_the_view_with_struck_old_values(panel, db, lead, wall, qtbot, tmp_path: Path):
    rows = seed_story(db, lead, wall)
    duty_log.amend(db, lead, rows["fire"].id, "summary", "紫金乡森林火险等级红色预警")
    duty_log.void_entry(db, lead, rows["fireworks"].id, "重复登记")
    panel.refresh()
    job = panel.print_job()
    html = print_view.document_html(job, duty_log.page(db, job.filter), 4, "WenQuanYi Micro Hei")
    assert "<s>紫金乡森林火险等级橙色预警</s>" in html
    assert "重复登记" in html and "<s>" + rows["fireworks"].no in html.replace("<s>★ ", "<s>")
    pdf = tmp_path / "log.pdf"
    print_view.print_to_pdf(job, str(pdf))
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(str(pdf)).pages)
    assert rows["quake"].no in text and "巍山县应急管理局" in text
    dialog = print_view.preview(job, panel)
    assert dialog.objectName() == "dutyLogPrintPreview"
    dialog.deleteLater()


def test_go_to_number_shows_the_entry(panel, db, lead, wall, qtbot):
    rows = seed_story(db, lead, wall)
    panel.refresh()
    assert panel.open_number(rows["fire"].no)
    assert rows["fire"].no in panel.detail.toPlainText()
    assert not panel.open_number("2019-9999")
    assert panel.message_label.text()


def test_panel_plugs_into_the_main_window(qtbot, ctx, settings, zh_ui, db, lead, wall):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDockWidget, QToolButton

    from app.ui.main_window import MainWindow
    from app.ui.panels.duty_log.panel import DutyLogPanel

    seed_story(db, lead, wall)
    window = MainWindow(ctx, settings=settings)
    qtbot.addWidget(window)
    window.show()
    dock = window.findChild(QDockWidget, "duty_log")
    assert dock is not None and isinstance(dock.widget(), DutyLogPanel)
    assert dock.windowTitle() == "值班日志"
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "值班日志" in menus
    names = {a.objectName() for a in menus["值班日志"].actions()}
    assert {"dutyLogNew", "dutyLogAmend", "dutyLogVoid", "dutyLogExport", "dutyLogPrint"} <= names
    button = window.statusBar().findChild(QToolButton, "dutyLogOpenCount")
    assert button is not None
    qtbot.waitUntil(lambda: button.text() == "待办 4", timeout=5000)
    panel = dock.widget()
    # a change published by anyone on the window's bus refreshes the log
    window.bus.publish(duty_log.add_entry(db, lead, EntryInput(summary="县水务局报告河道水位正常"))[0])
    assert panel.model.rowCount() == 5
    qtbot.waitUntil(lambda: button.text() == "待办 5", timeout=5000)
    window.close()
    worker.wait_all()


def test_current_shift_is_shown_when_the_shifts_service_has_one(panel, db, lead, admin, qtbot):
    from app.services import shifts

    assert panel.shift_label.isHidden()  # no shift yet: nothing shown
    leader = make_account(db, admin, "yangzh", roles.LEADER, name="杨志华")
    operator = make_account(db, admin, "liuyang", roles.OPERATOR, name="刘洋")
    changes, _shift_id = shifts.open_shift(db, lead, leader=leader.username, lead=lead.username,
                                           operators=[operator.username])
    panel.ctx.bus.publish(changes)
    assert not panel.shift_label.isHidden()
    assert "王磊" in panel.shift_label.text() and "杨志华" in panel.shift_label.text()
