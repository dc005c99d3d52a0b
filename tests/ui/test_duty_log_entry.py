"""Quick entry: Ctrl+N, spoken Tab order, Ctrl+Enter saves, Esc asks, inline errors, completion."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from app import messages
from app.services import duty_log
from app.ui.panels.duty_log import worker
from app.ui.panels.duty_log.cells import COLUMN_INDEX
from app.ui.panels.duty_log.entry_form import EntryForm
from app.ui.panels.duty_log.model import ENTRY_ROLE
from tests.ui.test_duty_log_support import *  # noqa: F403
from tests.ui.test_duty_log_support import add, answer_next_box, settle, type_text


def open_form(panel, qtbot) -> EntryForm:  # type: ignore[no-untyped-def]
    panel.activateWindow()
    panel.table.setFocus()
    QTest.keyClick(panel.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.entry_form is not None and panel.entry_form.isVisible(), timeout=3000)
    form = panel.entry_form
    assert form is not None
    qtbot.waitUntil(lambda: QApplication.focusWidget() is form.summary, timeout=3000)
    return form


def test_ctrl_n_opens_with_cursor_in_first_field_and_spoken_tab_order(panel, qtbot):
    form = open_form(panel, qtbot)
    assert QApplication.focusWidget() is form.summary  # what the caller says comes first (issue 8)
    assert form.summary.hasFocus() and form.summary.focusPolicy() != Qt.FocusPolicy.NoFocus
    expected = [form.direction, form.channel, form.source_unit, form.source_person, form.phone,
                form.received_at.edit, form.township, form.location, form.category]
    for widget in expected:
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        assert focus is widget or widget.isAncestorOf(focus), (widget.objectName(), focus)
    form.summary.setPlainText("")
    form.done(0)


def test_ctrl_enter_saves_and_the_new_number_appears(panel, db, lead, qtbot):
    form = open_form(panel, qtbot)
    form.channel.setCurrentIndex(form.channel.findData("phone"))
    type_text(form.source_unit, "五印乡人民政府")
    type_text(form.source_person, "李明")
    QTest.keyClicks(form.phone, "0872-6121001")
    form.township.setCurrentText("五印乡")
    form.category.setCurrentIndex(form.category.findData("incident"))
    form.summary.setFocus()
    type_text(form.summary, "五印乡发生4.2级地震，暂无伤亡")
    QTest.keyClick(form.summary, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    assert form.saved is not None
    assert form.saved.no == "2024-0001"
    first = panel.model.index(0, COLUMN_INDEX["no"])
    assert first.data(ENTRY_ROLE).no == "2024-0001"
    assert panel.table.currentIndex().row() == 0
    assert "2024-0001" in panel.message_label.text()
    assert "2024-0001" in panel.detail.toPlainText()
    saved = duty_log.find_by_number(db, "2024-0001")
    assert saved is not None and saved.author == lead.username and saved.township == "五印乡"
    assert saved.category == "incident" and saved.phone == "0872-6121001"
    settle(qtbot, panel)
    assert panel.open_button.text().endswith("1")


def test_escape_on_a_filled_form_asks_before_discarding(panel, db, qtbot):
    form = open_form(panel, qtbot)
    type_text(form.source_unit, "县气象局")
    seen: list[str] = []
    answer_next_box(QMessageBox.StandardButton.Cancel, seen)
    QTest.keyClick(form.source_unit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    assert form.isVisible()  # kept
    assert form.source_unit.text() == "县气象局"
    answer_next_box(QMessageBox.StandardButton.Discard, seen)
    QTest.keyClick(form.source_unit, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    assert len(seen) == 2
    assert duty_log.count(db) == 0


def test_escape_on_an_empty_form_closes_without_asking(panel, qtbot):
    form = open_form(panel, qtbot)
    QTest.keyClick(form.summary, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    assert QApplication.activeModalWidget() is None or not isinstance(QApplication.activeModalWidget(), QMessageBox)


def test_invalid_input_shows_inline_and_saves_nothing(panel, db, qtbot):
    form = open_form(panel, qtbot)
    # empty summary
    form.save()
    assert form.isVisible()
    assert form.errors["summary"].isVisible()
    assert "内容" in form.errors["summary"].text() or "摘要" in form.errors["summary"].text()
    # malformed phone
    form.summary.setPlainText("县气象局发布暴雨预警")
    form.phone.setText("abc-phone")
    form.save()
    assert form.errors["phone"].isVisible() and not form.errors["summary"].isVisible()
    assert "abc-phone" in form.errors["phone"].text()
    # unknown township
    form.phone.setText("0872-6121001")
    form.township.setCurrentText("火星乡")
    form.save()
    assert form.errors["township"].isVisible()
    # due before received
    form.township.setCurrentText("")
    form.due_at.set_value(form.received_at.value() - timedelta(hours=2))
    form.save()
    assert form.errors["due_at"].isVisible()
    # received more than a day in the future
    form.due_at.set_value(None)
    form.received_at.set_value(duty_log.now(db) + timedelta(days=3))
    form.save()
    assert form.errors["received_at"].isVisible()
    assert duty_log.count(db) == 0
    assert form.saved is None
    form.received_at.set_value(duty_log.now(db))
    form.save()
    assert form.saved is not None and duty_log.count(db) == 1


def test_errors_are_in_the_users_language(panel, db, qtbot):
    messages.set_language("en")
    form = open_form(panel, qtbot)
    form.phone.setText("abc-phone")
    form.summary.setPlainText("Storm warning")
    form.save()
    assert "phone" in form.errors["phone"].text().lower()
    assert duty_log.count(db) == 0
    form.done(0)


def test_units_persons_and_phones_complete_from_recent_entries(panel, db, lead, wall, qtbot):
    add(db, lead, wall, "大理州地震局通报震情", source_unit="大理州地震局", source_person="李明", phone="0872-2125555")
    add(db, lead, wall, "县气象局暴雨预警", source_unit="县气象局", source_person="张华", phone="13908721999")
    form = open_form(panel, qtbot)
    form.source_unit.setFocus()
    type_text(form.source_unit, "地震")
    assert form.source_unit.suggestions() == ["大理州地震局"]
    assert form.source_unit.completer_.completionCount() == 1
    form._fill_from_unit("大理州地震局")  # what choosing the completion does
    assert form.source_person.text() == "李明" and form.phone.text() == "0872-2125555"
    QTest.keyClicks(form.source_person, "")
    form.phone.clear()
    QTest.keyClicks(form.phone, "1390")
    assert "13908721999" in form.phone.suggestions()
    form.summary.setPlainText("")
    form.source_unit.clear()
    form.source_person.clear()
    form.phone.clear()
    form.done(0)


def test_operator_without_role_cannot_open_quick_entry(qtbot, db, admin):
    from app.services import station
    from app.ui.panel_api import ChangeBus, SessionContext
    from app.ui.panels.duty_log.panel import DutyLogPanel

    ctx = SessionContext(db, admin, station.info(db), ChangeBus())  # admin only: no duty roles
    panel = DutyLogPanel(ctx)
    qtbot.addWidget(panel)
    assert panel.new_entry() is None
    assert panel.last_dialog is not None and "值班员" in panel.last_dialog.text()
    panel.last_dialog.close()
    panel.timer.stop()
    worker.wait_all()


def test_typing_in_a_paper_form_keeps_its_number(panel, db, lead, qtbot):
    """Issue 13: after the PC was down, the paper form's number goes with the entry (Tab reaches
    the field after the follow-up time) and the detail pane says it was typed in from paper."""
    form = open_form(panel, qtbot)
    type_text(form.summary, "停电期间来电：紫金乡报平安")
    index = form.tab_order.index(form.paper_form)
    assert form.tab_order[index - 1] is form.due_at.edit and form.tab_order[index + 1] is form.significant
    form.paper_form.setFocus()
    QTest.keyClicks(form.paper_form, "ZD-0005")
    QTest.keyClick(form.paper_form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=3000)
    assert form.saved is not None
    assert "补录自纸质表格 No. ZD-0005" in panel.detail.toPlainText()
    assert [a.text for a in duty_log.get_entry(db, form.saved.id).actions] == ["补录自纸质表格 No. ZD-0005"]
