"""Opening the station database and signing someone in, before the main window exists.

Kept apart from `application.py` so tests can drive each step: `open_database` (wizard on a
first run, a clear message for anything wrong with the file) and `first_sign_in` (`--as` with
DUTYDESK_PASSWORD for kiosk start and scripted screenshots, else the sign-in dialog).
"""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

from app.errors import DatabaseError, UserError
from app.services import accounts
from app.services.accounts import Actor
from app.storage.engine import Database
from app.ui.dialogs.setup_wizard import SetupWizard
from app.ui.dialogs.sign_in import SignInDialog

EXIT_CANCELLED = 0
EXIT_DATABASE = 2


def database_error(error: UserError, parent: QWidget | None = None) -> None:
    """The message for a database that cannot be used (in the UI language)."""
    title = QCoreApplication.translate("Session", "DutyDesk cannot open the database")
    box = QMessageBox(QMessageBox.Icon.Critical, title, error.message, QMessageBox.StandardButton.Close, parent)
    box.setObjectName("databaseError")
    box.setInformativeText(QCoreApplication.translate(
        "Session", "Nothing was changed. Check the file, or start with --db pointing at another one."))
    box.exec()


RETRYABLE = ("db.server_unreachable", "db.server_lost", "db.server_busy")
"""Server trouble that may pass: the message offers Retry (issue 10)."""


def server_error_retry(error: UserError, parent: QWidget | None = None) -> bool:
    """The server cannot be reached: say so and offer Retry. True when the user retries."""
    title = QCoreApplication.translate("Session", "DutyDesk cannot reach the database server")
    box = QMessageBox(QMessageBox.Icon.Warning, title, error.message,
                      QMessageBox.StandardButton.Retry | QMessageBox.StandardButton.Close, parent)
    box.setObjectName("serverError")
    box.setDefaultButton(QMessageBox.StandardButton.Retry)
    return box.exec() == QMessageBox.StandardButton.Retry


def open_database(db_arg: str | None, language: str) -> tuple[Database | None, str, int]:
    """(database, language chosen in the setup wizard or `language`, exit code when None)."""
    while True:
        try:
            db = Database.open(db_arg)
            break
        except DatabaseError as error:
            if error.code in RETRYABLE:
                if server_error_retry(error):
                    continue
                return None, language, EXIT_DATABASE
            if error.code != "db.not_initialised":
                database_error(error)
                return None, language, EXIT_DATABASE
            db = None
            break
    if db is not None and db.initialised:
        return db, language, 0
    if db is not None:
        db.close()  # a database file without a station: the wizard sets it up
    wizard = SetupWizard(db_arg, language)
    if wizard.exec() != QDialog.DialogCode.Accepted or wizard.db is None:
        return None, language, EXIT_CANCELLED
    return wizard.db, wizard.language, 0


def first_sign_in(db: Database, station_name: str, as_user: str | None) -> Actor | None:
    """`--as USER` with DUTYDESK_PASSWORD signs in without a dialog; otherwise ask."""
    message = ""
    password = os.environ.get("DUTYDESK_PASSWORD", "")
    if as_user and password:
        try:
            return accounts.authenticate(db, as_user, password)
        except UserError as error:
            message = error.message
    dialog = SignInDialog(db, station_name, username=as_user or "", message=message)
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None
