"""Sign-in dialog (inline messages, back-off), lock screen (Ctrl+L), kiosk sign-in with --as."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog, QDockWidget

from app.services import accounts
from app.services.accounts import Actor
from app.storage.engine import Database
from app.ui import session
from app.ui.dialogs.sign_in import SignInDialog
from app.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD, make_account


def failures(db: Database) -> int:
    with db.read() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM oplog WHERE kind = 'auth.failed'").scalar() or 0)


@pytest.fixture
def dialog(qtbot, db: Database, zh_ui: None) -> SignInDialog:  # type: ignore[no-untyped-def]
    d = SignInDialog(db, "巍山县应急管理局")
    qtbot.addWidget(d)
    return d


def sign_in(dialog: SignInDialog, user: str, password: str) -> None:
    dialog.username.setText(user)
    dialog.password.setText(password)
    dialog.sign_in_button.click()


def test_right_password_signs_in(dialog: SignInDialog, operator: Actor) -> None:
    sign_in(dialog, "wanglei", "wanglei-pass")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor == operator


def test_wrong_password_is_shown_inline_and_recorded(dialog: SignInDialog, db: Database, operator: Actor) -> None:
    before = failures(db)
    sign_in(dialog, "wanglei", "nope-nope")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error.text() == "用户名或密码错误。"
    assert not dialog.error.isHidden()
    assert dialog.password.text() == ""
    assert failures(db) == before + 1


def test_back_off_message_and_countdown(dialog: SignInDialog, db: Database, operator: Actor) -> None:
    for _ in range(accounts.BACKOFF_AFTER):
        sign_in(dialog, "wanglei", "nope-nope")
    sign_in(dialog, "wanglei", "wanglei-pass")  # even the right password waits
    assert dialog.actor is None
    assert dialog.error.text() == "密码错误次数过多，请在 5 秒后重试。"
    assert not dialog.sign_in_button.isEnabled()
    dialog._tick()
    assert "4 秒" in dialog.error.text()


def test_disabled_account_and_empty_user(dialog: SignInDialog, db: Database, admin: Actor, operator: Actor) -> None:
    accounts.disable_account(db, admin, "wanglei")
    sign_in(dialog, "wanglei", "wanglei-pass")
    assert dialog.error.text() == "账户“wanglei”已停用。"
    sign_in(dialog, "", "x")
    assert dialog.error.text() == "“用户名”不能为空。"


def test_english_messages(qtbot, db: Database, en_ui: None) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(db)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Sign in"  # Qt appends the program name (issue 14)
    sign_in(dialog, "admin", "wrong-password")
    assert dialog.error.text() == "Wrong user name or password."


# -- lock screen ------------------------------------------------------------------------------


def unlock(window: MainWindow, user: str, password: str) -> None:
    window.lock_screen.username.setText(user)
    window.lock_screen.password.setText(password)
    window.lock_screen.unlock_button.click()


def test_ctrl_l_locks_and_hides_the_content(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    window.lock_action.trigger()
    assert window.is_locked
    assert window.stack.currentWidget() is window.lock_screen
    assert not window.menuBar().isEnabled()
    assert all(d.isHidden() for d in window.findChildren(QDockWidget))
    assert window.lock_screen.username.text() == "admin"
    assert "锁定" in window.lock_screen.info.text()
    assert window.lock_screen.clock.text() == "北京时间 2024年4月19日 星期五 05:54:10"


def test_lock_rejects_wrong_password_and_resumes_with_the_right_one(window: MainWindow, db: Database) -> None:
    window.lock()
    before = failures(db)
    unlock(window, "admin", "wrong-password")
    assert window.is_locked
    assert window.lock_screen.error.text() == "用户名或密码错误。"
    assert failures(db) == before + 1
    unlock(window, "admin", ADMIN_PASSWORD)
    assert not window.is_locked
    assert window.stack.currentWidget() is window.overview_scroll
    assert window.menuBar().isEnabled()


def test_lock_backs_off_like_sign_in(window: MainWindow) -> None:
    window.lock()
    for _ in range(accounts.BACKOFF_AFTER):
        unlock(window, "admin", "wrong-password")
    unlock(window, "admin", ADMIN_PASSWORD)
    assert window.is_locked
    assert "秒后重试" in window.lock_screen.error.text()


def test_only_the_user_or_an_admin_unlocks(make_window, no_plugins: None, zh_ui: None, db: Database,  # type: ignore[no-untyped-def]
                                           admin: Actor, operator: Actor) -> None:
    from tests.ui.conftest import context

    window = make_window(ctx=context(db, operator))
    make_account(db, admin, "chenjing", "operator", name="陈静")
    window.lock()
    unlock(window, "chenjing", "chenjing-pass")
    assert window.is_locked
    assert window.lock_screen.error.text() == "只有 王磊 本人或管理员可以解锁此屏幕。"
    unlock(window, "admin", ADMIN_PASSWORD)
    assert not window.is_locked
    assert window.ctx.actor == operator  # the session stays 王磊's
    window.lock()
    unlock(window, "wanglei", "wanglei-pass")
    assert not window.is_locked


def test_lock_screen_sign_out(make_window, no_plugins: None, zh_ui: None, operator: Actor, db: Database) -> None:  # type: ignore[no-untyped-def]
    window = make_window(sign_in=lambda w: operator)
    window.lock()
    window.lock_screen.sign_out_button.click()
    assert not window.is_locked
    assert window.ctx.actor == operator


# -- kiosk / scripted start -----------------------------------------------------------------


def test_as_user_with_password_signs_in_without_dialog(db: Database, operator: Actor,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wanglei-pass")
    monkeypatch.setattr(SignInDialog, "exec", lambda self: pytest.fail("no dialog expected"))
    assert session.first_sign_in(db, "巍山县应急管理局", "wanglei") == operator


def test_as_user_with_wrong_password_falls_back_to_the_dialog(db: Database, operator: Actor,
                                                              monkeypatch: pytest.MonkeyPatch, zh_ui: None) -> None:
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wrong-password")
    shown: list[str] = []

    def fake_exec(self: SignInDialog) -> int:
        shown.append(self.error.text())
        shown.append(self.username.text())
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(SignInDialog, "exec", fake_exec)
    assert session.first_sign_in(db, "巍山县应急管理局", "wanglei") is None
    assert shown == ["用户名或密码错误。", "wanglei"]
