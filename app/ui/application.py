"""`dutydesk gui`: language, translators and font; open (or set up) the database; sign in; the
main window. Returns the process exit code (2 when the database cannot be used)."""

from __future__ import annotations

import logging
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from app import messages, paths
from app.errors import UserError
from app.services import accounts, station
from app.ui import file_dialogs, i18n, pyside_guard
from app.ui.dialogs.check_dialog import CheckDialog
from app.ui.main_window import MainWindow
from app.ui.panel_api import ChangeBus, SessionContext
from app.ui.session import EXIT_CANCELLED, EXIT_DATABASE, database_error, first_sign_in, open_database

log = logging.getLogger(__name__)
ORGANIZATION = "DutyDesk"
APPLICATION = "DutyDesk"


def make_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    file_dialogs.install_guard(app)  # Qt's own file dialogs never read the database file
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("DutyDesk")
    icon = paths.resources_dir() / "icons" / "dutydesk.svg"
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    return app


def set_language(app: QApplication, lang: str) -> None:
    messages.set_language(lang)
    i18n.install_translators(app, lang)
    # Qt appends the display name to every window title: the program's name once, in the user's language
    app.setApplicationDisplayName(QCoreApplication.translate("MainWindow", "DutyDesk"))


def show_warnings(window: MainWindow, warnings: list[str]) -> None:
    """Database warnings (clock behind, replica renewed): once, without blocking the operator."""
    if not warnings:
        return
    box = QMessageBox(QMessageBox.Icon.Warning, QCoreApplication.translate("MainWindow", "DutyDesk"), "\n\n".join(warnings),
                      QMessageBox.StandardButton.Ok, window)
    box.setObjectName("startWarnings")
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    window.statusBar().showMessage(warnings[0], 30000)


def report_bug(exc_type: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """An error that is not the user's (a bug): logged with its traceback and shown, never silent.
    Every write is one transaction, so nothing half-done was saved."""
    log.error("unexpected error", exc_info=(exc_type, error, tb))
    if QApplication.instance() is None:
        return
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("MainWindow", "DutyDesk"),
                      QCoreApplication.translate("MainWindow", "An unexpected error occurred; nothing half-done "
                                                               "was saved. Please report it:"),
                      QMessageBox.StandardButton.Ok)
    box.setObjectName("bugReport")
    box.setDetailedText("".join(traceback.format_exception(exc_type, error, tb)))
    box.setInformativeText(f"{exc_type.__name__}: {error}")
    box.exec()


def run_gui(db_arg: str | None, as_user: str | None, lang: str | None) -> int:
    pyside_guard.keep_none_alive()  # before any view paints: see app/ui/pyside_guard.py
    app = make_application()
    app.setQuitOnLastWindowClosed(False)  # the wizard and sign-in close before the window opens
    language = lang if lang in messages.LANGUAGES else messages.detect_language()
    set_language(app, language)
    family = i18n.setup_font(app)

    db, chosen, code = open_database(db_arg, language)
    if db is None:
        return code
    if chosen != language:
        set_language(app, chosen)
    try:
        info = station.info(db)
        actor = first_sign_in(db, info.name, as_user)
        if actor is None:
            db.close()
            return EXIT_CANCELLED
        accounts.record_signin(db, actor)
    except UserError as error:
        database_error(error)
        db.close()
        return EXIT_DATABASE

    warnings = list(db.warnings)
    if not i18n.has_cjk_font(family):
        warnings.append(messages.text("env.cjk_missing"))
    ctx = SessionContext(db=db, actor=actor, station=info, bus=ChangeBus(), language=messages.language())
    window = MainWindow(ctx, settings=QSettings(), warnings=warnings)
    window.show()
    app.setQuitOnLastWindowClosed(True)
    show_warnings(window, list(db.warnings))
    previous_hook, sys.excepthook = sys.excepthook, report_bug
    try:
        return app.exec()
    finally:
        sys.excepthook = previous_hook
        CheckDialog.wait_all()
        db.close()
