"""The key passphrase dialog: the first export says it is creating the passphrase and asks twice."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from app.sync import keys
from app.ui.dialogs.sync.passphrase import MIN_LENGTH, PassphraseDialog, ask_passphrase
from app.ui.panel_api import SessionContext


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(keys.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(keys, "storage_mode", lambda: keys.FILE)


def ok_enabled(dialog: PassphraseDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_creating_asks_twice_and_refuses_a_mismatch(qtbot: Any, no_keyring: None, ctx: SessionContext) -> None:
    assert keys.public_identity(ctx.db) is None and keys.needs_passphrase(ctx.db)
    dialog = PassphraseDialog(creating=True)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "创建" in dialog.windowTitle() or "Create" in dialog.windowTitle()
    assert dialog.again.isVisible()
    qtbot.keyClicks(dialog.phrase, "short")
    assert not ok_enabled(dialog) and str(MIN_LENGTH) in dialog.problem.text()
    dialog.phrase.clear()
    qtbot.keyClicks(dialog.phrase, "weishan-key-2024")
    qtbot.keyClicks(dialog.again, "weishan-key-2025")
    assert not ok_enabled(dialog) and dialog.problem.text()
    qtbot.keyClick(dialog.again, Qt.Key.Key_Return)  # Enter with a mismatch does not accept
    assert dialog.isVisible() and dialog.result() == 0
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "weishan-key-2024")
    assert ok_enabled(dialog) and not dialog.problem.text()


def test_existing_key_asks_once(qtbot: Any, no_keyring: None) -> None:
    dialog = PassphraseDialog(creating=False)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.again.isVisible()
    qtbot.keyClicks(dialog.phrase, "x")
    assert ok_enabled(dialog)


def test_ask_passphrase_by_keyboard_then_the_key_opens_with_it(qtbot: Any, no_keyring: None,
                                                               ctx: SessionContext) -> None:
    def type_it() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, PassphraseDialog) and dialog.creating
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        assert QApplication.focusWidget() is dialog.phrase
        qtbot.keyClicks(dialog.phrase, "weishan-key-2024")
        qtbot.keyClick(dialog.phrase, Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is dialog.again  # Tab goes to the confirmation field
        qtbot.keyClicks(dialog.again, "weishan-key-2024")
        qtbot.keyClick(dialog.again, Qt.Key.Key_Return)

    QTimer.singleShot(0, type_it)
    phrase = ask_passphrase(ctx.db, None)
    assert phrase == "weishan-key-2024"
    keys.signing_key(ctx.db, phrase)  # creates the key file
    assert keys.public_identity(ctx.db) is not None
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())  # type: ignore[union-attr]
    assert ask_passphrase(ctx.db, None) is None  # cancelled: nothing


def test_not_asked_with_the_environment_passphrase(monkeypatch: pytest.MonkeyPatch, ctx: SessionContext) -> None:
    monkeypatch.setattr(keys, "storage_mode", lambda: keys.FILE)
    monkeypatch.setenv(keys.PASSPHRASE_ENV, "from-env-123")
    assert ask_passphrase(ctx.db, None) is None
