"""Shift menu, status widget, reminder, open/handover/rota/reprint dialogs (pytest-qt, offscreen)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QListWidget

from app.services import duty_log, shifts
from app.services.accounts import Actor
from app.services.shifts import Composition, rota
from app.storage.engine import Database
from app.ui.dialogs.shifts import handover as shifts_handover
from app.ui.dialogs.shifts import menu as shifts_menu
from app.ui.dialogs.shifts import rota as shifts_rota
from app.ui.dialogs.shifts.handover import HandoverDialog, ReprintDialog
from app.ui.dialogs.shifts.open import OpenShiftDialog
from app.ui.dialogs.shifts.rota import RotaDialog
from app.ui.dialogs.shifts.sheet_view import sheet_html
from app.ui.dialogs.shifts.slot_edit import SlotDialog, SwapDialog
from app.ui.main_window import MainWindow
from tests.conftest import FakeWall, make_account
from tests.ui.conftest import context

TZ = ZoneInfo("Asia/Shanghai")
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def shot(widget: object, name: str) -> None:
    if os.environ.get("DUTYDESK_SCREENSHOTS", "1") != "0":
        SHOTS.mkdir(exist_ok=True)
        widget.grab().save(str(SHOTS / name))  # type: ignore[attr-defined]


@pytest.fixture
def crew(db: Database, admin: Actor) -> dict[str, Actor]:
    found = {}
    for user, roles, name in (
        ("yangzh", ("leader",), "杨志华"), ("zhanght", ("shift_lead", "operator"), "张海涛"),
        ("lixy", ("shift_lead", "operator"), "李秀英"), ("wanglei", ("operator",), "王磊"),
        ("chenjing", ("operator",), "陈静"), ("liuyang", ("operator",), "刘洋"), ("yangfang", ("operator",), "杨芳"),
    ):
        found[user] = make_account(db, admin, user, *roles, name=name)
    rota.assign_many(db, found["yangzh"], [
        ("2024-04-18T08:30", Composition("yangzh", "zhanght", ("wanglei", "chenjing", "liuyang"))),
        ("2024-04-19T08:30", Composition("yangzh", "lixy", ("yangfang",))),
    ])
    return found


def test_menu_status_and_open(qtbot, make_window, no_plugins, zh_ui, db: Database, wall: FakeWall,  # type: ignore[no-untyped-def]
                              crew: dict[str, Actor]) -> None:
    wall.set(datetime(2024, 4, 18, 8, 35, tzinfo=TZ))
    window: MainWindow = make_window(ctx=context(db, crew["zhanght"]))
    shifts_menu.install(window)
    ctl = window.shifts  # type: ignore[attr-defined]
    assert ctl.menu.title() == "班次(&S)"
    assert [a.text() for a in ctl.menu.actions() if a.text()] == ["接班(&O)…", "交班(&H)…", "值班表(&R)…",
                                                                   "补打交接班记录(&P)…", "班次设置(&S)…"]
    assert not ctl.settings_action.isVisible()  # administrators only
    assert "计划" in ctl.status.text() and "张海涛" in ctl.status.text() + ctl.status.toolTip()
    assert ctl.open_action.isEnabled() and not ctl.handover_action.isEnabled()
    dialog = OpenShiftDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.picker.composition() == Composition("yangzh", "zhanght", ("wanglei", "chenjing", "liuyang"))
    assert dialog.warnings.text() == ""
    shot(dialog, "shifts_open.png")
    dialog.accept_open()
    assert dialog.result() == QDialog.DialogCode.Accepted
    info = shifts.current_shift(db)
    assert info is not None and info.state == "open"
    assert "计划" not in ctl.status.text() and "杨志华" in ctl.status.text()
    assert not ctl.open_action.isEnabled() and ctl.handover_action.isEnabled()
    window.resize(1280, 800)
    shot(window, "shifts_status_bar.png")


def _open(db: Database, wall: FakeWall, crew: dict[str, Actor]) -> str:
    wall.set(datetime(2024, 4, 18, 8, 35, tzinfo=TZ))
    shift_id = shifts.open_shift(db, crew["zhanght"])[1]
    wall.set(datetime(2024, 4, 19, 5, 57, tzinfo=TZ))
    duty_log.add_entry(db, crew["wanglei"], duty_log.EntryInput(
        summary="州地震局通报：五印乡发生M4.2级地震", category="incident", significant=True,
        received_at=datetime(2024, 4, 19, 5, 56, 40, tzinfo=TZ), due_at=datetime(2024, 4, 19, 6, 30, tzinfo=TZ)))
    return shift_id


def test_reminder(qtbot, make_window, no_plugins, zh_ui, db: Database, wall: FakeWall,  # type: ignore[no-untyped-def]
                  crew: dict[str, Actor]) -> None:
    window: MainWindow = make_window(ctx=context(db, crew["zhanght"]))
    shifts_menu.install(window)
    ctl = window.shifts  # type: ignore[attr-defined]
    _open(db, wall, crew)
    wall.set(datetime(2024, 4, 19, 7, 30, tzinfo=TZ))
    assert ctl.check_reminder() is None  # 60 minutes before the end
    wall.set(datetime(2024, 4, 19, 8, 5, tzinfo=TZ))
    reminder = ctl.check_reminder()
    assert reminder is not None and reminder.isVisible() and not reminder.isModal()
    overdue = reminder.findChild(QListWidget, "reminderOverdue")
    assert overdue is not None and overdue.count() == 1 and "五印乡" in overdue.item(0).text()
    shot(reminder, "shifts_reminder.png")
    assert ctl.check_reminder() is None  # once per shift
    wall.set(datetime(2024, 4, 19, 8, 40, tzinfo=TZ))
    ctl.status.refresh()
    assert "交班已逾时" in ctl.status.text()
    reminder.close()


def test_handover_dialog(qtbot, zh_ui, db: Database, wall: FakeWall, crew: dict[str, Actor], tmp_path: Path,  # type: ignore[no-untyped-def]
                         monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _open(db, wall, crew)
    wall.set(datetime(2024, 4, 19, 8, 30, tzinfo=TZ))
    ctx = context(db, crew["zhanght"])
    dialog = HandoverDialog(ctx, shifts.require_shift(db, shift_id))
    qtbot.addWidget(dialog)
    html = dialog.review.toHtml()
    assert "五印乡发生M4.2级地震" in html and "交接班记录" in html
    assert not dialog.handover_button.isEnabled()
    assert dialog.outgoing.username() == "zhanght" and dialog.incoming.username() == "lixy"
    dialog.outgoing.password.setText("zhanght-pass")
    dialog.outgoing.confirm()
    assert "确认于" in dialog.outgoing.state.text()
    dialog.incoming.password.setText("wrong")
    dialog.incoming.confirm()
    assert dialog.incoming.confirmation is None and "密码错误" in dialog.incoming.state.text()
    assert not dialog.handover_button.isEnabled()
    wall.advance(30)
    dialog.incoming.password.setText("lixy-pass")
    qtbot.keyClick(dialog.incoming.password, Qt.Key.Key_Return)
    assert dialog.incoming.confirmation is not None and dialog.handover_button.isEnabled()
    dialog.notes.setPlainText("10:00前报送地震灾情续报")
    dialog.equipment["fax"].setChecked(False)
    dialog.resize(980, 860)
    shot(dialog, "shifts_handover_review.png")
    received = []
    ctx.bus.changes_applied.connect(received.append)
    dialog.hand_over(reviewed=True)
    assert received and "shift" in received[0]
    info = shifts.require_shift(db, shift_id)
    assert info.state == "handed_over" and info.end == dialog.incoming.confirmation.at
    assert "JJB-2024-0001" in dialog.message.text() and not dialog.handover_button.isEnabled()
    shot(dialog, "shifts_handover_done.png")
    path = dialog.save_pdf(str(tmp_path / "sheet.pdf"))
    assert path and Path(path).read_bytes().startswith(b"%PDF")
    shown: list[str] = []
    monkeypatch.setattr(shifts_handover.QMessageBox, "warning", lambda _p, _t, text: shown.append(text))
    assert dialog.save_pdf(str(tmp_path / "missing" / "x.pdf")) is None
    assert shown and "无法写入 PDF 文件" in shown[0] and not (tmp_path / "missing").exists()


def test_handover_dialog_refusal_keeps_shift(qtbot, zh_ui, db: Database, wall: FakeWall, crew: dict[str, Actor]) -> None:  # type: ignore[no-untyped-def]
    shift_id = _open(db, wall, crew)
    wall.set(datetime(2024, 4, 19, 8, 30, tzinfo=TZ))
    dialog = HandoverDialog(context(db, crew["zhanght"]), shifts.require_shift(db, shift_id))
    qtbot.addWidget(dialog)
    dialog.outgoing.password.setText("zhanght-pass")
    dialog.outgoing.confirm()
    dialog.incoming.who.setCurrentIndex(dialog.incoming.who.findData("zhanght"))
    dialog.incoming.password.setText("zhanght-pass")
    dialog.incoming.confirm()
    dialog.hand_over(reviewed=True)
    assert "不能是同一人" in dialog.message.text()
    assert shifts.require_shift(db, shift_id).state == "open"


def test_rota_dialog(qtbot, zh_ui, db: Database, wall: FakeWall, crew: dict[str, Actor], tmp_path: Path,  # type: ignore[no-untyped-def]
                     monkeypatch: pytest.MonkeyPatch) -> None:
    wall.set(datetime(2024, 4, 10, 9, 0, tzinfo=TZ))
    ctx = context(db, crew["yangzh"])
    dialog = RotaDialog(ctx, month=(2024, 4))
    qtbot.addWidget(dialog)
    assert dialog.title.text() == "2024年4月" and dialog.table.rowCount() == 30
    assert dialog.table.item(17, 3).text() == "杨志华" and dialog.table.item(17, 5).text() == "王磊、陈静、刘洋"
    assert "少于规定的 3 人" in dialog.table.item(18, 6).text()
    dialog.table.selectRow(19)
    slot = SlotDialog(ctx, dialog.selected())  # type: ignore[arg-type]
    qtbot.addWidget(slot)
    slot.picker.leader.setCurrentIndex(slot.picker.leader.findData("yangzh"))
    slot.picker.lead.setCurrentIndex(slot.picker.lead.findData("lixy"))
    for i in range(slot.picker.operators.count()):
        item = slot.picker.operators.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in ("yangfang", "wanglei", "chenjing"):
            item.setCheckState(Qt.CheckState.Checked)
    shot(slot, "shifts_rota_slot.png")
    slot.save()
    assert slot.result() == QDialog.DialogCode.Accepted
    assert dialog.table.item(19, 4).text() == "李秀英" and dialog.table.item(19, 6).text() == ""  # reloaded
    dialog.table.selectRow(17)
    swap = SwapDialog(ctx, dialog.selected())  # type: ignore[arg-type]
    qtbot.addWidget(swap)
    swap.out.setCurrentIndex(swap.out.findData("operators:wanglei"))
    swap.into.setCurrentIndex(swap.into.findData("yangfang"))
    swap.reason.setText("家中有事")
    shot(swap, "shifts_rota_swap.png")
    swap.save()
    assert swap.result() == QDialog.DialogCode.Accepted
    assert "换班：王磊→杨芳（王磊申请，杨志华批准）" in dialog.table.item(17, 6).text()
    assert dialog.people.count() == 7
    assert dialog.drop_person(21, "yangzh") and dialog.drop_person(21, "lixy") and dialog.drop_person(21, "wanglei")
    assert (dialog.table.item(21, 3).text(), dialog.table.item(21, 4).text(), dialog.table.item(21, 5).text()) == (
        "杨志华", "李秀英", "王磊")
    warned: list[str] = []
    monkeypatch.setattr(shifts_rota.QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    assert not dialog.drop_person(21, "wanglei")  # already on it: nothing recorded
    assert not dialog.drop_person(21, "duanzq") and not warned  # unknown account
    mime = dialog.people.mimeData([dialog.people.item(0)])
    assert mime.hasFormat(shifts_rota.PERSON_MIME)
    assert dialog.export("pdf", str(tmp_path / "r.pdf")) and (tmp_path / "r.pdf").is_file()
    assert dialog.export("xlsx", str(tmp_path / "r.xlsx")) and (tmp_path / "r.xlsx").is_file()
    dialog.resize(1100, 760)
    shot(dialog, "shifts_rota.png")
    dialog.shift_month(1)
    assert dialog.title.text() == "2024年5月" and dialog.table.rowCount() == 31
    operator_view = RotaDialog(context(db, crew["wanglei"]), month=(2024, 4))
    qtbot.addWidget(operator_view)
    assert not operator_view.edit_button.isEnabled()


def test_reprint_and_english_html(qtbot, en_ui, db: Database, wall: FakeWall, crew: dict[str, Actor],  # type: ignore[no-untyped-def]
                                  tmp_path: Path) -> None:
    shift_id = _open(db, wall, crew)
    wall.set(datetime(2024, 4, 19, 8, 31, tzinfo=TZ))
    shifts.hand_over(db, shift_id, [shifts.confirm(db, "zhanght", "zhanght-pass", shifts.OUTGOING),
                                   shifts.confirm(db, "lixy", "lixy-pass", shifts.INCOMING)])
    dialog = ReprintDialog(context(db, crew["zhanght"]))
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "JJB-2024-0001"
    sheet = dialog.selected_sheet()
    assert sheet is not None and sheet["sheet_no"] == "JJB-2024-0001"
    html = sheet_html(sheet, "en")
    assert "Shift Handover Record" in html and "Entries received in this shift" in html
    shot(dialog, "shifts_reprint.png")


def test_settings_dialog(qtbot, zh_ui, db: Database, admin: Actor, crew: dict[str, Actor]) -> None:  # type: ignore[no-untyped-def]
    from app.ui.dialogs.shifts.settings import ShiftSettingsDialog

    dialog = ShiftSettingsDialog(context(db, admin))
    qtbot.addWidget(dialog)
    assert dialog.pattern.text() == "08:30" and dialog.minimum.value() == 3 and dialog.reminder.value() == 30
    dialog.pattern.setText("8点半")
    dialog.save()
    assert "班次设置无效" in dialog.error.text() and shifts.pattern_text(shifts.pattern(db)) == "08:30"
    dialog.pattern.setText("08:30,20:30")
    dialog.leader.setChecked(True)
    dialog.reminder.setValue(45)
    shot(dialog, "shifts_settings.png")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert shifts.pattern_text(shifts.pattern(db)) == "08:30,20:30" and shifts.leader_confirm_required(db)
    assert shifts.reminder_minutes(db) == 45
    refused = ShiftSettingsDialog(context(db, crew["zhanght"]))
    qtbot.addWidget(refused)
    refused.save()
    assert "管理员" in refused.error.text()
