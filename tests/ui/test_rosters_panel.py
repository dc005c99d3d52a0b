"""The rosters panel, driven by keys: S then 2 deploys a unit, roll call with Enter / N, the
status board, re-verification, import preview, and every dialog fitting 1366×768."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.services.accounts import Actor
from app.services.rosters import calllist, people, units
from app.storage.changes import Changes
from app.storage.engine import Database
from app.ui.panels.rosters.dialogs import StatusPopup
from app.ui.panels.rosters.panel import RostersPanel
from tests.conftest import FakeWall, make_account
from tests.ui.conftest import context
from tests.unit.rosters_support import small_roster


def make_panel(qtbot: QtBot, db: Database, actor: Actor) -> RostersPanel:
    panel = RostersPanel(context(db, actor))
    qtbot.addWidget(panel)
    panel.resize(1300, 700)
    with qtbot.waitActive(panel):
        panel.show()
        panel.activateWindow()
    return panel


def select_unit(panel: RostersPanel, name: str) -> None:
    unit_id = next(n.id for n in panel.nodes.values() if n.name == name)
    panel.tree.setCurrentItem(panel.items[unit_id])
    panel.tree.setFocus()


def test_two_keystrokes_change_a_units_status(qtbot: QtBot, db: Database, admin: Actor) -> None:
    small_roster(db, admin)
    operator = make_account(db, admin, "wanglei", "operator")
    panel = make_panel(qtbot, db, operator)
    published: list[Changes] = []
    panel.ctx.bus.changes_applied.connect(published.append)
    select_unit(panel, "五印一班")
    qtbot.keyClick(panel.tree, Qt.Key.Key_S)
    popup = panel.last_dialog
    assert isinstance(popup, StatusPopup) and popup.isVisible()
    assert popup.focusWidget() in (None, popup)  # no field takes the digit
    qtbot.keyClick(popup, Qt.Key.Key_2)
    assert not popup.isVisible() and published
    node = next(n for n in units.list_units(db) if n.name == "五印一班")
    assert node.status == "deployed"
    assert panel.current_unit() is not None and panel.current_unit().status == "deployed"  # type: ignore[union-attr]
    assert panel.items[node.id].text(1) in ("出动", "Deployed")
    # out of service needs a reason: 4 alone refuses, typing the reason then Alt+4 sets it
    qtbot.keyClick(panel.tree, Qt.Key.Key_S)
    popup = panel.last_dialog
    qtbot.keyClick(popup, Qt.Key.Key_4)
    assert popup.isVisible() and popup.focusWidget() is popup.note
    popup.note.setText("车辆维修")  # (QTest cannot type CJK characters)
    qtbot.keyClick(popup.note, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert not popup.isVisible(), popup.error.text()
    assert next(n for n in units.list_units(db) if n.name == "五印一班").status == "out"
    # Esc cancels without a change
    qtbot.keyClick(panel.tree, Qt.Key.Key_S)
    popup = panel.last_dialog
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert next(n for n in units.list_units(db) if n.name == "五印一班").status == "out"


def test_member_table_shows_call_order_and_verify_flag(qtbot: QtBot, db: Database, admin: Actor) -> None:
    small_roster(db, admin)
    panel = make_panel(qtbot, db, admin)
    select_unit(panel, "五印一班")
    assert panel.members.rowCount() == 3
    assert panel.members.item(0, 0).text() == "罗正华"
    assert panel.members.item(0, 4).text() == "13908725001  /  0872-6125001"
    assert "13908725001" in panel.detail.text()
    select_unit(panel, "森林消防专业扑火队")
    assert panel.members.rowCount() == 4


def test_roll_call_with_enter_and_n(qtbot: QtBot, db: Database, admin: Actor, wall: FakeWall) -> None:
    s = small_roster(db, admin)
    panel = make_panel(qtbot, db, admin)
    select_unit(panel, "五印一班")
    qtbot.keyClick(panel.tree, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = panel.last_dialog
    assert dialog.objectName() == "rosterCallList" and dialog.table.rowCount() == 3
    qtbot.mouseClick(dialog.roll_button, Qt.MouseButton.LeftButton)
    assert dialog.roll_id
    wall.advance(30)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.table, Qt.Key.Key_N)
    state = calllist.roll_state(db, dialog.roll_id)
    assert state[s.leader]["outcome"] == "answered" and state[s.leader]["at_ms"] == wall.ms
    assert state[s.members[1]]["outcome"] == "no_answer"
    assert dialog.table.currentRow() == 2 and dialog.table.item(0, 4).text().startswith("已应答")


def test_call_list_prints_a_pdf(qtbot: QtBot, db: Database, admin: Actor, tmp_path: Path) -> None:
    from pypdf import PdfReader

    small_roster(db, admin)
    panel = make_panel(qtbot, db, admin)
    select_unit(panel, "五印乡驻防点")
    dialog = panel.show_calllist()
    assert dialog.print_to(tmp_path / "c.pdf") == 1
    assert "罗正华" in PdfReader(tmp_path / "c.pdf").pages[0].extract_text()


def test_reverify_tab_verified_now(qtbot: QtBot, db: Database, admin: Actor, wall: FakeWall) -> None:
    small_roster(db, admin)
    wall.advance(200 * 86400)
    panel = make_panel(qtbot, db, admin)
    assert panel.stale.rowCount() == 5
    panel.tabs.setCurrentIndex(2)
    panel.stale.selectRow(0)
    qtbot.mouseClick(panel.verify_button, Qt.MouseButton.LeftButton)
    assert panel.stale.rowCount() == 4
    panel.stale.selectAll()
    qtbot.keyClick(panel.stale, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert panel.stale.rowCount() == 0


def test_status_board_and_dialogs_fit_1366x768(qtbot: QtBot, db: Database, admin: Actor) -> None:
    small_roster(db, admin)
    panel = make_panel(qtbot, db, admin)
    board = panel.show_board()
    qtbot.addWidget(board)
    assert len(board.tiles) == 1 and "4" in board.totals.text()
    select_unit(panel, "五印一班")
    for dialog in (panel.new_unit(), panel.new_member(), panel.change_status(), panel.show_calllist()):
        assert dialog is not None
        size = dialog.sizeHint().expandedTo(dialog.size())
        assert size.width() <= 1366 and size.height() <= 768, dialog.objectName()
        dialog.reject()
    board.close()


def test_new_member_dialog_shows_the_error_and_saves_nothing(qtbot: QtBot, db: Database, admin: Actor) -> None:
    small_roster(db, admin)
    panel = make_panel(qtbot, db, admin)
    select_unit(panel, "五印二班")
    dialog = panel.new_member()
    assert dialog is not None
    dialog.name.setText("新队员")
    qtbot.keyClicks(dialog.phones[0], "12ab")
    dialog.save()
    assert dialog.isVisible() and "12ab" in dialog.error.text()
    dialog.phones[0].setText("13908725300")
    dialog.save()
    assert not dialog.isVisible()
    assert people.person_detail(db, "新队员")["unit"] == "五印二班"
    QApplication.processEvents()
    assert panel.members.rowCount() == 2


def test_import_preview_then_confirm(qtbot: QtBot, db: Database, admin: Actor, tmp_path: Path) -> None:
    small_roster(db, admin)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["队伍", "姓名", "电话1"])
    ws.append(["五印二班", "茶国富", "13908725101"])
    ws.append(["五印二班", "李志强", "13908725002"])
    wb.save(tmp_path / "r.xlsx")
    panel = make_panel(qtbot, db, admin)
    dialog = panel.import_file(tmp_path / "r.xlsx")
    assert dialog is not None and dialog.table.rowCount() == 2 and dialog.import_button.isEnabled()
    assert people.person_detail(db, "李志强")  # preview wrote nothing new:
    assert not any(n for n in units.list_units(db) if n.name == "五印二班" and n.listed != 1)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert next(n for n in units.list_units(db) if n.name == "五印二班").listed == 2


def test_flag_a_number_and_verify_a_members_numbers(qtbot: QtBot, db: Database, admin: Actor) -> None:
    small_roster(db, admin)
    operator = make_account(db, admin, "wanglei", "operator")
    panel = make_panel(qtbot, db, operator)
    select_unit(panel, "五印一班")
    panel.members.selectRow(0)
    first = people.person_detail(db, "罗正华")["phones"][0]["id"]
    assert panel.flag_number((first, "do_not_call"))
    assert people.person_detail(db, "罗正华")["phones"][0]["do_not_call"]
    assert "13908725001 ×" in panel.members.item(0, 4).text()
    assert panel.verify_member() == 1  # the flagged number is not called, so not verified
    listed = people.person_detail(db, "罗正华")["phones"]
    assert listed[0]["verified_ms"] is None and listed[1]["verified_by"] == "wanglei"
