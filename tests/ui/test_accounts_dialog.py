"""Tools → Accounts…: add, edit, disable/enable, reset password — and the service's refusal."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QDialog

from app.services import accounts
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.storage.engine import Database
from app.ui.dialogs.accounts.dialog import AccountsDialog
from app.ui.dialogs.accounts.edit import AccountEditDialog
from app.ui.dialogs.accounts.password import PasswordDialog
from app.ui.panel_api import SessionContext
from tests.ui.conftest import context


@pytest.fixture
def dialog(qtbot, ctx: SessionContext, operator: Actor, zh_ui: None) -> AccountsDialog:  # type: ignore[no-untyped-def]
    d = AccountsDialog(ctx)
    qtbot.addWidget(d)
    return d


def rows(dialog: AccountsDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def fake_exec(fill: Callable[[QDialog], None]) -> Callable[[QDialog], int]:
    """A modal dialog's exec(): fill the form, press OK, report how it ended."""
    def run(self: QDialog) -> int:
        fill(self)
        self.submit()  # type: ignore[attr-defined]
        return int(self.result())

    return run


def test_lists_accounts_with_roles_and_phone(dialog: AccountsDialog) -> None:
    table = rows(dialog)
    assert [r[0] for r in table] == ["admin", "wanglei"]
    assert table[1][1:5] == ["王磊", "值班员", "", "正常"]
    assert dialog.table.horizontalHeaderItem(0).text() == "用户名"


def test_admin_adds_an_account(dialog: AccountsDialog, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    published: list[Changes] = []
    dialog.ctx.bus.changes_applied.connect(published.append)

    def fill(form: QDialog) -> None:
        assert isinstance(form, AccountEditDialog)
        form.username.setText("zhanght")
        form.display_name.setText("张海涛")
        form.phone.setText("13908721201")
        form.role_boxes["shift_lead"].setChecked(True)
        form.password.setText("zhanght-pass")
        form.again.setText("zhanght-pass")

    monkeypatch.setattr(AccountEditDialog, "exec", fake_exec(fill))
    dialog.add_button.click()
    info = accounts.get_account(db, "zhanght")
    assert info is not None and info.roles == ("operator", "shift_lead") and info.phone == "13908721201"
    assert rows(dialog)[2][:5] == ["zhanght", "张海涛", "值班员、值班长", "13908721201", "正常"]
    assert dialog.selected() is not None and dialog.selected().username == "zhanght"  # type: ignore[union-attr]
    assert published and "account" in published[0]
    assert accounts.authenticate(db, "zhanght", "zhanght-pass").username == "zhanght"


def test_add_form_shows_service_errors_inline(qtbot, ctx: SessionContext, db: Database, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    form = AccountEditDialog(ctx)
    qtbot.addWidget(form)
    form.username.setText("x y")
    form.password.setText("long-enough")
    form.again.setText("long-enough")
    form.submit()
    assert form.result() != QDialog.DialogCode.Accepted
    assert "用户名只能包含" in form.error.text()
    form.username.setText("newbie")
    form.again.setText("different")
    form.submit()
    assert form.error.text() == "两次输入的密码不一致。"
    form.again.setText("long-enough")
    for box in form.role_boxes.values():
        box.setChecked(False)
    form.submit()
    assert form.error.text() == "账户至少需要一个角色。"
    assert accounts.get_account(db, "newbie") is None


def test_edit_disable_enable_and_reset(dialog: AccountsDialog, db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog.select_username("wanglei")

    def fill(form: QDialog) -> None:
        assert isinstance(form, AccountEditDialog)
        assert form.username.isReadOnly()
        form.phone.setText("13908721301")
        form.role_boxes["leader"].setChecked(True)

    monkeypatch.setattr(AccountEditDialog, "exec", fake_exec(fill))
    dialog.edit_button.click()
    info = accounts.get_account(db, "wanglei")
    assert info is not None and info.phone == "13908721301" and info.roles == ("leader", "operator")

    dialog.toggle_button.click()
    assert accounts.get_account(db, "wanglei").disabled  # type: ignore[union-attr]
    assert rows(dialog)[1][4] == "已停用"
    assert dialog.toggle_button.text() == "启用(&N)"
    dialog.toggle_button.click()
    assert not accounts.get_account(db, "wanglei").disabled  # type: ignore[union-attr]

    def fill_password(form: QDialog) -> None:
        assert isinstance(form, PasswordDialog)
        form.new.setText("brand-new-pass")
        form.again.setText("brand-new-pass")

    monkeypatch.setattr(PasswordDialog, "exec", fake_exec(fill_password))
    dialog.reset_button.click()
    assert accounts.authenticate(db, "wanglei", "brand-new-pass").username == "wanglei"


def test_cannot_disable_oneself(dialog: AccountsDialog, db: Database) -> None:
    dialog.select_username("admin")
    dialog.toggle_button.click()
    assert dialog.error.text() == "不能停用自己正在使用的账户。"
    assert not accounts.get_account(db, "admin").disabled  # type: ignore[union-attr]


def test_non_admin_is_refused_by_the_service(qtbot, db: Database, operator: Actor, admin: Actor,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch, zh_ui: None) -> None:
    ctx = context(db, operator)
    dialog = AccountsDialog(ctx)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(AccountEditDialog, "exec", lambda self: pytest.fail("the form must not open"))
    dialog.add_button.click()
    assert dialog.error.text() == "此操作需要“管理员”角色。"
    dialog.select_username("admin")
    dialog.toggle_button.click()  # the button is there; the service says no
    assert dialog.error.text() == "此操作需要“管理员”角色。"
    assert not accounts.get_account(db, "admin").disabled  # type: ignore[union-attr]
    form = AccountEditDialog(ctx, accounts.get_account(db, "admin"))
    qtbot.addWidget(form)
    form.phone.setText("110")
    form.submit()
    assert form.error.text() == "此操作需要“管理员”角色。"
    assert accounts.get_account(db, "admin").phone == ""  # type: ignore[union-attr]


def test_change_own_password_checks_the_old_one(qtbot, ctx: SessionContext, db: Database, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    form = PasswordDialog("t", "p", lambda old, new: accounts.change_own_password(db, ctx.actor, old, new),
                          ask_old=True)
    qtbot.addWidget(form)
    form.old.setText("wrong-password")
    form.new.setText("another-pass")
    form.again.setText("another-pass")
    form.submit()
    assert form.error.text() == "用户名或密码错误。"
    from tests.conftest import ADMIN_PASSWORD

    form.old.setText(ADMIN_PASSWORD)
    form.submit()
    assert form.result() == QDialog.DialogCode.Accepted
    assert accounts.authenticate(db, "admin", "another-pass").username == "admin"
