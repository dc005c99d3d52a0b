"""Keyboard flows as people use them (issue 8): Enter signs in; the print preview survives;
Ctrl+N puts the focus in the first field and Ctrl+Enter saves; the handover's Enter never
skips a confirmation."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from app.services.accounts import Actor
from app.storage.engine import Database
from app.ui.dialogs.sign_in import SignInDialog
from tests.ui.test_shifts_dialogs import crew  # noqa: F401  (fixture)


def shown_sign_in(qtbot, db: Database, username: str = "") -> SignInDialog:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(db, "巍山县应急管理局", username=username)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def test_typing_name_tab_password_enter_signs_in(qtbot, db: Database, operator: Actor, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    dialog = shown_sign_in(qtbot, db)
    assert QApplication.focusWidget() is dialog.username
    QTest.keyClicks(dialog.username, "wanglei")
    QTest.keyClick(dialog.username, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    QTest.keyClicks(dialog.password, "wanglei-pass")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor == operator


def test_enter_after_sign_out_signs_in_with_the_name_given(qtbot, db: Database, operator: Actor,  # type: ignore[no-untyped-def]
                                                          zh_ui: None) -> None:
    dialog = shown_sign_in(qtbot, db, username="wanglei")
    assert QApplication.focusWidget() is dialog.password
    QTest.keyClicks(dialog.password, "wanglei-pass")
    QTest.keyClick(dialog.password, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_enter_in_the_name_field_moves_on_and_a_wrong_password_never_cancels(qtbot, db: Database,  # type: ignore[no-untyped-def]
                                                                            operator: Actor, zh_ui: None) -> None:
    dialog = shown_sign_in(qtbot, db)
    QTest.keyClicks(dialog.username, "wanglei")
    QTest.keyClick(dialog.username, Qt.Key.Key_Return)
    assert dialog.isVisible() and QApplication.focusWidget() is dialog.password
    QTest.keyClicks(dialog.password, "wrong-password")
    QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert (dialog.isVisible() and dialog.result() != QDialog.DialogCode.Rejected) or dialog.isVisible()
    assert dialog.error.isVisible()
    QTest.keyClick(dialog.password, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_print_preview_outlives_the_call_that_made_it() -> None:
    """Run in a child process: before the fix this was a segmentation fault (finding 4)."""
    if os.environ.get("DUTYDESK_PREVIEW_CHILD"):
        pytest.skip("the child runs the preview itself")
    child = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            f"{__file__}::test_preview_child"], env=dict(os.environ, DUTYDESK_PREVIEW_CHILD="1"),
                           capture_output=True, text=True, timeout=300, cwd=str(Path(__file__).parents[2]))
    assert child.returncode == 0, child.stdout[-3000:] + child.stderr[-3000:]
    assert "1 passed" in child.stdout


def test_preview_child(qtbot, make_window, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    if not os.environ.get("DUTYDESK_PREVIEW_CHILD"):
        pytest.skip("run by test_the_print_preview_outlives_the_call_that_made_it in a child process")
    window = make_window()
    panel = next(p.panel for p in window.panels() if p.spec.panel_id == "duty_log")
    from app.ui.panels.duty_log import print_view

    dialog = print_view.preview(panel.print_job(), panel)
    gc.collect()
    printer = dialog.printer()
    assert printer is not None and printer.pageLayout().orientation().name == "Landscape"
    dialog.show()  # paints the pages into the printer: a freed printer crashed here
    qtbot.wait(200)
    dialog.close()


# -- handover: Enter never skips a confirmation or the final review ----------------------------------


def test_handover_enter_confirms_people_and_never_hands_over(qtbot, zh_ui, db: Database, wall,  # type: ignore[no-untyped-def]
                                                            crew) -> None:  # noqa: F811
    from datetime import datetime

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMessageBox

    from app.services import shifts
    from app.ui.dialogs.shifts.handover import HandoverDialog
    from tests.ui.conftest import context
    from tests.ui.test_shifts_dialogs import TZ, _open

    shift_id = _open(db, wall, crew)
    wall.set(datetime(2024, 4, 19, 8, 30, tzinfo=TZ))
    dialog = HandoverDialog(context(db, crew["zhanght"]), shifts.require_shift(db, shift_id))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.outgoing.password.setFocus()
    QTest.keyClicks(dialog.outgoing.password, "zhanght-pass")
    QTest.keyClick(dialog.outgoing.password, Qt.Key.Key_Return)
    assert dialog.outgoing.confirmation is not None
    assert QApplication.focusWidget() is dialog.incoming.password  # on to the next person
    QTest.keyClicks(dialog.incoming.password, "lixy-pass")
    QTest.keyClick(dialog.incoming.password, Qt.Key.Key_Return)
    assert dialog.incoming.confirmation is not None
    assert dialog.isVisible() and shifts.require_shift(db, shift_id).state == "open"
    assert QApplication.focusWidget() is dialog.leader.password
    QTest.keyClick(dialog.leader.password, Qt.Key.Key_Return)  # nothing typed: still nothing handed over
    assert dialog.isVisible() and shifts.require_shift(db, shift_id).state == "open"

    # another incoming person: the confirmation is gone and 交班 with it
    assert dialog.handover_button.isEnabled()
    dialog.incoming.who.setCurrentIndex(dialog.incoming.who.findData("wanglei"))
    assert dialog.incoming.confirmation is None and not dialog.handover_button.isEnabled()
    dialog.incoming.who.setCurrentIndex(dialog.incoming.who.findData("lixy"))
    dialog.incoming.password.setFocus()
    QTest.keyClicks(dialog.incoming.password, "lixy-pass")
    QTest.keyClick(dialog.incoming.password, Qt.Key.Key_Return)

    # 交班 shows the final review; it says the leader has not confirmed; Enter/Esc there cancels
    seen: list[str] = []

    def answer(press: Qt.Key) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox) and box.objectName() == "handoverFinalReview"
        seen.append(box.text())
        QTest.keyClick(box, press)

    QTimer.singleShot(100, lambda: answer(Qt.Key.Key_Return))
    dialog.handover_button.click()
    assert seen and "未确认" in seen[0]
    assert shifts.require_shift(db, shift_id).state == "open"
    QTimer.singleShot(100, lambda: (QApplication.activeModalWidget().button(QMessageBox.StandardButton.Yes).click()))
    dialog.handover_button.click()
    assert shifts.require_shift(db, shift_id).state == "handed_over"
