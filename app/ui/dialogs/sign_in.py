"""The sign-in dialog: user name and password, the service's answer shown inline.

Wrong passwords go through `accounts.authenticate`, so they are recorded and slow further
attempts down; while a back-off runs the button stays disabled and counts down.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.errors import AuthError, UserError
from app.services import accounts
from app.services.accounts import Actor
from app.storage.engine import Database


class SignInDialog(QDialog):
    def __init__(self, db: Database, station_name: str = "", parent: QWidget | None = None, *,
                 username: str = "", message: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("signInDialog")
        self.setWindowTitle(self.tr("Sign in — DutyDesk"))
        self.db = db
        self.actor: Actor | None = None
        self._wait_s = 0

        heading = QLabel(station_name or self.tr("DutyDesk"))
        font = QFont(heading.font())
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        heading.setFont(font)
        subtitle = QLabel(self.tr("Duty room sign-in"))

        self.username = QLineEdit(username)
        self.username.setObjectName("username")
        self.username.setPlaceholderText(self.tr("e.g. wanglei"))
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Password:"), self.password)

        self.error = QLabel(message)
        self.error.setObjectName("signInError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a61b1b;")
        self.error.setVisible(bool(message))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_in_button = self.buttons.addButton(self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_in_button.setObjectName("signInButton")
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setObjectName("signInCancel")
        cancel.setAutoDefault(False)  # Enter must never mean Cancel (the program would end)
        self.sign_in_button.setAutoDefault(True)
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self.try_sign_in)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(subtitle)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)

        self._countdown = QTimer(self)
        self._countdown.setInterval(1000)
        self._countdown.timeout.connect(self._tick)
        (self.password if username else self.username).setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter signs in, from either field (in the user-name field with no password yet, it
        moves on to the password)."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            event.accept()
            if self.focusWidget() is self.username and not self.password.text():
                self.password.setFocus(Qt.FocusReason.TabFocusReason)
            elif self.sign_in_button.isEnabled():
                self.try_sign_in()
            return
        super().keyPressEvent(event)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def try_sign_in(self) -> None:
        user = self.username.text().strip()
        if not user:
            self.show_error(messages.text("input.required", field=self.tr("User name")))
            self.username.setFocus()
            return
        try:
            self.actor = accounts.authenticate(self.db, user, self.password.text())
        except AuthError as error:
            self.password.clear()
            self.password.setFocus()
            self.show_error(error.message)
            if error.code == "auth.backoff":
                self._start_backoff(int(error.params.get("seconds", 1)))
            return
        except UserError as error:
            self.show_error(error.message)
            return
        self.accept()

    def _start_backoff(self, seconds: int) -> None:
        self._wait_s = max(1, seconds)
        self.sign_in_button.setEnabled(False)
        self._countdown.start()

    def _tick(self) -> None:
        self._wait_s -= 1
        if self._wait_s <= 0:
            self._countdown.stop()
            self.sign_in_button.setEnabled(True)
            self.show_error("")
            return
        self.show_error(messages.text("auth.backoff", seconds=self._wait_s))
