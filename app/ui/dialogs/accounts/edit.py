"""Adding an account, or editing one's name, phone and roles (admin; the service checks)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services import accounts, roles
from app.services.accounts import AccountInfo
from app.storage.changes import Changes
from app.ui.panel_api import SessionContext


class AccountEditDialog(QDialog):
    """`info` None: a new account (user name and first password asked); else edit that account."""

    def __init__(self, ctx: SessionContext, info: AccountInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountEditDialog")
        self.ctx = ctx
        self.info = info
        self.changes = Changes()
        self.setWindowTitle(self.tr("New account") if info is None else
                            self.tr("Edit account %1").replace("%1", info.username))

        self.username = QLineEdit(info.username if info else "")
        self.username.setObjectName("accountUsername")
        self.username.setReadOnly(info is not None)
        self.username.setPlaceholderText(self.tr("letters, digits, . _ - (2–32)"))
        self.display_name = QLineEdit(info.display_name if info else "")
        self.display_name.setObjectName("accountName")
        self.phone = QLineEdit(info.phone if info else "")
        self.phone.setObjectName("accountPhone")
        self.password = QLineEdit()
        self.password.setObjectName("accountPassword")
        self.again = QLineEdit()
        self.again.setObjectName("accountAgain")
        for field in (self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)

        self.role_boxes: dict[str, QCheckBox] = {}
        role_grid = QGridLayout()
        for i, role in enumerate(roles.ALL):
            box = QCheckBox(roles.label(role))
            box.setObjectName(f"role_{role}")
            box.setChecked(info is not None and role in info.roles)
            self.role_boxes[role] = box
            role_grid.addWidget(box, i // 3, i % 3)
        if info is None:
            self.role_boxes[roles.OPERATOR].setChecked(True)
        role_widget = QWidget()
        role_widget.setLayout(role_grid)

        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Name:"), self.display_name)
        form.addRow(self.tr("&Phone:"), self.phone)
        form.addRow(self.tr("Roles:"), role_widget)
        if info is None:
            form.addRow(self.tr("&Password:"), self.password)
            form.addRow(self.tr("&Again:"), self.again)
        self._fields = {"username": self.username, "display_name": self.display_name, "phone": self.phone,
                        "password": self.password}

        self.error = QLabel()
        self.error.setObjectName("accountError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a61b1b;")
        self.error.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def selected_roles(self) -> list[str]:
        return [role for role, box in self.role_boxes.items() if box.isChecked()]

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def submit(self) -> None:
        try:
            if self.info is None:
                if self.password.text() != self.again.text():
                    raise ValidationError("account.password_mismatch", field="password")
                self.changes = accounts.add_account(
                    self.ctx.db, self.ctx.actor, self.username.text(), self.password.text(), self.selected_roles(),
                    display_name=self.display_name.text(), phone=self.phone.text(),
                )
            else:
                self.changes = accounts.update_account(
                    self.ctx.db, self.ctx.actor, self.info.username, display_name=self.display_name.text(),
                    phone=self.phone.text(), role_values=self.selected_roles(),
                )
        except UserError as error:
            self.show_error(error.message)
            widget = self._fields.get(getattr(error, "field", None) or "")
            if widget is not None:
                widget.setFocus()
            return
        self.accept()

