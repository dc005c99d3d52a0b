"""Asking for a new password twice (admin reset, or changing one's own with the old one)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app import messages
from app.errors import UserError
from app.services import accounts
from app.storage.changes import Changes
from app.ui.panel_api import SessionContext

Apply = Callable[[str, str], Changes]
"""(old password or '', new password) -> what changed; raises UserError."""


class PasswordDialog(QDialog):
    def __init__(self, title: str, prompt: str, apply: Apply, parent: QWidget | None = None, *,
                 ask_old: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setWindowTitle(title)
        self._apply = apply
        self.changes = Changes()

        self.old = QLineEdit()
        self.old.setObjectName("oldPassword")
        self.new = QLineEdit()
        self.new.setObjectName("newPassword")
        self.again = QLineEdit()
        self.again.setObjectName("againPassword")
        for field in (self.old, self.new, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        if ask_old:
            form.addRow(self.tr("&Current password:"), self.old)
        else:
            self.old.hide()
        form.addRow(self.tr("&New password:"), self.new)
        form.addRow(self.tr("&Again:"), self.again)

        self.error = QLabel()
        self.error.setObjectName("passwordError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a61b1b;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        info = QLabel(prompt)
        info.setWordWrap(True)
        layout.addWidget(info)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("At least 8 characters.")))
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(380)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def submit(self) -> None:
        if self.new.text() != self.again.text():
            self.show_error(messages.text("account.password_mismatch"))
            self.again.clear()
            self.again.setFocus()
            return
        try:
            self.changes = self._apply(self.old.text(), self.new.text())
        except UserError as error:
            self.show_error(error.message)
            return
        self.accept()


def change_own_password(ctx: SessionContext, parent: QWidget | None = None) -> bool:
    """File → Change my password: the old password (checked and backed off like sign-in) and a new one."""
    dialog = PasswordDialog(
        QCoreApplication.translate("PasswordDialog", "Change my password"),
        QCoreApplication.translate("PasswordDialog", "A new password for %1.").replace("%1", ctx.actor.display_name),
        lambda old, new: accounts.change_own_password(ctx.db, ctx.actor, old, new),
        parent,
        ask_old=True,
    )
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    ctx.bus.publish(dialog.changes)
    return True
