"""Tools → Accounts…: every account with its roles, phone and status; add, edit, disable or
enable, reset a password. Every change goes through `app.services.accounts`, which checks the
admin role itself: a non-admin who gets here sees the service's refusal, inline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app import formatting
from app.errors import UserError
from app.services import accounts, roles
from app.services.accounts import AccountInfo
from app.storage.changes import Changes
from app.ui.dialogs.accounts.edit import AccountEditDialog
from app.ui.dialogs.accounts.password import PasswordDialog
from app.ui.panel_api import SessionContext
from app.ui.screen_fit import fit_to_screen

COLUMNS = ("username", "name", "roles", "phone", "status", "created")


def _column_titles() -> list[str]:
    return [
        QCoreApplication.translate("AccountsDialog", "User name"),
        QCoreApplication.translate("AccountsDialog", "Name"),
        QCoreApplication.translate("AccountsDialog", "Roles"),
        QCoreApplication.translate("AccountsDialog", "Phone"),
        QCoreApplication.translate("AccountsDialog", "Status"),
        QCoreApplication.translate("AccountsDialog", "Created"),
    ]


class AccountsDialog(QDialog):
    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle(self.tr("Accounts"))
        self.ctx = ctx
        self._accounts: list[AccountInfo] = []

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels(_column_titles())
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())

        self.add_button = QPushButton(self.tr("&Add…"))
        self.add_button.setObjectName("addAccount")
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.edit_button.setObjectName("editAccount")
        self.toggle_button = QPushButton(self.tr("&Disable"))
        self.toggle_button.setObjectName("toggleAccount")
        self.reset_button = QPushButton(self.tr("&Reset password…"))
        self.reset_button.setObjectName("resetPassword")
        self.add_button.clicked.connect(self.add_account)
        self.edit_button.clicked.connect(self.edit_selected)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        side = QVBoxLayout()
        for button in (self.add_button, self.edit_button, self.toggle_button, self.reset_button):
            side.addWidget(button)
        side.addStretch(1)

        self.error = QLabel()
        self.error.setObjectName("accountsError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a61b1b;")
        self.error.hide()
        note = QLabel(self.tr("Accounts are never deleted: a disabled account keeps its name on old records."))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")

        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.table, 1)
        top.addLayout(side)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(note)
        layout.addWidget(close)
        fit_to_screen(self, 900, 480)
        self.reload()

    # -- table ---------------------------------------------------------------------------------

    def reload(self, select: str = "") -> None:
        current = self.selected()
        select = select or (current.username if current is not None else "")
        self._accounts = accounts.list_accounts(self.ctx.db)
        self.table.setRowCount(len(self._accounts))
        for row, info in enumerate(self._accounts):
            status = self.tr("disabled") if info.disabled else self.tr("active")
            values = [info.username, info.display_name, roles.labels(list(info.roles)), info.phone, status,
                      formatting.datetime_text(info.created_at, self.ctx.station.zone, seconds=False)]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if info.disabled:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if info.username == select:
                self.table.selectRow(row)
        self._update_buttons()

    def selected(self) -> AccountInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self._accounts):
            return None
        return self._accounts[rows[0].row()]

    def select_username(self, username: str) -> None:
        for row, info in enumerate(self._accounts):
            if info.username == username:
                self.table.selectRow(row)

    def _update_buttons(self) -> None:
        info = self.selected()
        for button in (self.edit_button, self.toggle_button, self.reset_button):
            button.setEnabled(info is not None)
        self.toggle_button.setText(self.tr("E&nable") if info is not None and info.disabled else self.tr("&Disable"))

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def _run(self, call: Callable[[], Changes], select: str = "") -> bool:
        try:
            changes = call()
        except UserError as error:
            self.show_error(error.message)
            return False
        self.show_error("")
        self.ctx.bus.publish(changes)
        self.reload(select)
        return True

    # -- actions -------------------------------------------------------------------------------

    def add_account(self) -> None:
        try:
            self.ctx.actor.require(roles.ADMIN)  # the same refusal the service gives, before the form
        except UserError as error:
            self.show_error(error.message)
            return
        dialog = AccountEditDialog(self.ctx, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_dialog(dialog.changes, dialog.username.text().strip())

    def edit_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        dialog = AccountEditDialog(self.ctx, info, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_dialog(dialog.changes, info.username)

    def _after_dialog(self, changes: Changes, username: str) -> None:
        self.show_error("")
        self.ctx.bus.publish(changes)
        self.reload(username)

    def toggle_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        if info.disabled:
            self._run(lambda: accounts.enable_account(self.ctx.db, self.ctx.actor, info.username), info.username)
        else:
            self._run(lambda: accounts.disable_account(self.ctx.db, self.ctx.actor, info.username), info.username)

    def reset_selected(self) -> None:
        info = self.selected()
        if info is None:
            return
        try:
            self.ctx.actor.require(roles.ADMIN)
        except UserError as error:
            self.show_error(error.message)
            return
        dialog = PasswordDialog(
            self.tr("Reset password"),
            self.tr("A new password for %1 (%2). Tell it to them in person; it also ends any back-off.")
            .replace("%1", info.display_name).replace("%2", info.username),
            lambda _old, new: accounts.reset_password(self.ctx.db, self.ctx.actor, info.username, new),
            self,
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_dialog(dialog.changes, info.username)
