"""The lock screen (Ctrl+L): covers the window until the signed-in user or an admin unlocks.

Every password typed here goes through `accounts.authenticate`, so wrong ones are recorded and
back off exactly as at sign-in. "Sign out" ends the session without unlocking it (the next
person then signs in with their own account).
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import formatting
from app.errors import UserError
from app.services import accounts, roles
from app.services.accounts import Actor
from app.ui.panel_api import SessionContext
from app.ui.widgets.clock import Now, StationClock, utc_now


class LockScreen(QWidget):
    """Shown in place of the window's content while the session is locked."""

    unlocked = Signal(object)  # Actor who unlocked
    sign_out_requested = Signal()

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None, *, now: Now = utc_now) -> None:
        super().__init__(parent)
        self.setObjectName("lockScreen")
        self.ctx = ctx
        self.setAutoFillBackground(True)
        self.clock = StationClock(ctx.station.zone, now=now, weekday=True)
        self.clock.setObjectName("lockClock")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        clock_font = QFont(self.clock.font())
        clock_font.setPointSize(clock_font.pointSize() + 4)
        self.clock.setFont(clock_font)

        self.heading = QLabel()
        font = QFont(self.heading.font())
        font.setPointSize(font.pointSize() + 10)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.info = QLabel()
        self.info.setObjectName("lockInfo")
        self.info.setWordWrap(True)
        self.info.setAlignment(Qt.AlignmentFlag.AlignHCenter)

        self.username = QLineEdit()
        self.username.setObjectName("lockUsername")
        self.password = QLineEdit()
        self.password.setObjectName("lockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.try_unlock)
        form = QFormLayout()
        form.addRow(self.tr("User name:"), self.username)
        form.addRow(self.tr("Password:"), self.password)

        self.error = QLabel()
        self.error.setObjectName("lockError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a61b1b;")
        self.error.hide()

        self.unlock_button = QPushButton(self.tr("&Unlock"))
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.try_unlock)
        self.sign_out_button = QPushButton(self.tr("Sign &out"))
        self.sign_out_button.setObjectName("lockSignOutButton")
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.sign_out_button)
        buttons.addWidget(self.unlock_button)

        card = QFrame()
        card.setObjectName("lockCard")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setMaximumWidth(460)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(24, 24, 24, 24)
        inner.addWidget(self.heading)
        inner.addWidget(self.info)
        inner.addSpacing(8)
        inner.addLayout(form)
        inner.addWidget(self.error)
        inner.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(self.clock)
        outer.addSpacing(16)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(2)

    def locked(self, when: datetime) -> None:
        """Prepare for a new lock: fill in who locked it and when, clear what was typed."""
        actor = self.ctx.actor
        self.clock.set_zone(self.ctx.station.zone)
        self.heading.setText(self.tr("Screen locked"))
        self.info.setText(
            self.tr("%1 locked %2 at %3. Their password or an administrator's unlocks it.")
            .replace("%1", actor.display_name)
            .replace("%2", self.ctx.station.name)
            .replace("%3", formatting.datetime_text(when, self.ctx.station.zone))
        )
        self.username.setText(actor.username)
        self.password.clear()
        self.show_error("")
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def try_unlock(self) -> None:
        user = self.username.text().strip() or self.ctx.actor.username
        try:
            actor = accounts.authenticate(self.ctx.db, user, self.password.text())
        except UserError as error:
            self.password.clear()
            self.show_error(error.message)
            return
        if not resume_allowed(self.ctx.actor, actor):
            self.password.clear()
            self.show_error(self.tr("Only %1 or an administrator can unlock this screen.")
                            .replace("%1", self.ctx.actor.display_name))
            return
        self.password.clear()
        self.show_error("")
        self.unlocked.emit(actor)


def resume_allowed(locked_by: Actor, unlocker: Actor) -> bool:
    """Only the account that locked the screen, or an administrator, may resume the session."""
    return unlocker.username == locked_by.username or unlocker.has(roles.ADMIN)
