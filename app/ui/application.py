"""`dutydesk gui`: language, translators and font; one program per database (a second start
brings the first window forward: `single_instance.py`); open (or set up) the database; sign in;
the main window with its icon, the program name 应急值守台 (appended by Qt to every window
title, and the desktop entry's name in the task bar) and the automatic lock (`idle_lock.py`).
Returns the process exit code (2 when the database cannot be used)."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app import messages, paths
from app.errors import DatabaseError, UserError
from app.services import accounts, desktop, station
from app.ui import file_dialogs, i18n, pyside_guard
from app.ui.dialogs.check_dialog import CheckDialog
from app.ui.gc_timer import GcTimer
from app.ui.idle_lock import IdleLock
from app.ui.main_window import MainWindow
from app.ui.panel_api import ChangeBus, SessionContext
from app.ui.session import EXIT_CANCELLED, EXIT_DATABASE, database_error, first_sign_in, open_database
from app.ui.single_instance import ANSWER_SHOWN, InstanceGuard, database_name, instance_key

log = logging.getLogger(__name__)
ORGANIZATION = "DutyDesk"
APPLICATION = "DutyDesk"
DESKTOP_FILE = "cn.dutydesk.DutyDesk"  # packaging/linux/: the desktop entry and AppStream id
DISPLAY_NAMES = {"zh_CN": "应急值守台", "en": "DutyDesk"}
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
NOTICE_SECONDS = 15


def app_icon() -> QIcon:
    """The window icon: the PNGs (16–24 px drawn on their own grid), the SVG for other sizes."""
    folder = paths.resources_dir() / "icons"
    icon = QIcon()
    for size in ICON_SIZES:
        png = folder / f"dutydesk-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    svg = folder / "dutydesk.svg"
    if icon.isNull() and svg.is_file():
        icon.addFile(str(svg))
    return icon


def make_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    QApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication(sys.argv[:1])
    file_dialogs.install_guard(app)  # Qt's own file dialogs never read the database file
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(DISPLAY_NAMES["zh_CN"])
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    return app


def set_language(app: QApplication, lang: str) -> None:
    messages.set_language(lang)
    i18n.install_translators(app, lang)
    app.setApplicationDisplayName(DISPLAY_NAMES.get(lang, DISPLAY_NAMES["zh_CN"]))


def bring_to_front(window: QWidget) -> None:
    """Un-minimise, raise and activate; the task bar flashes where the window manager refuses."""
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()
    QApplication.alert(window, 3000)


def front_window() -> bool:
    """The main window, else whatever this program shows now (the sign-in dialog, the wizard)."""
    widgets = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.isWindow()]
    if not widgets:
        return False
    widgets.sort(key=lambda w: not isinstance(w, MainWindow))
    bring_to_front(widgets[0])
    return True


def already_running(name: str, answer: bytes) -> int:
    """The second start's message (it closes by itself); exit 0 when the first came forward."""
    title = QCoreApplication.translate("Application", "Already open")  # Qt appends the program name
    if answer == ANSWER_SHOWN:
        text = QCoreApplication.translate(
            "Application", "DutyDesk is already open on this database; its window has been brought to the "
                           "front. Only one program writes to a database at a time.")
    elif answer:
        text = QCoreApplication.translate(
            "Application", "DutyDesk is already starting on this database; finish signing in there.")
    else:
        text = QCoreApplication.translate(
            "Application", "DutyDesk is already open on this database but does not answer. If it hangs, "
                           "close it (Task Manager / System Monitor) and start it again.")
    print(f"{text}\n{name}", file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok)
    box.setObjectName("alreadyRunning")
    box.setInformativeText(name)
    seconds = int(os.environ.get("DUTYDESK_NOTICE_SECONDS", NOTICE_SECONDS))  # CI shortens it
    QTimer.singleShot(seconds * 1000, box.accept)
    box.exec()
    return 0 if answer else EXIT_DATABASE


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


_SHOWN_BUGS: set[tuple[object, ...]] = set()
"""Errors already shown in a box this session (type, message, innermost frame)."""


def _main_window() -> MainWindow | None:
    return next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()), None)


def report_bug(exc_type: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """An error that is not the user's (a bug): logged with its traceback and shown, never silent.
    Every write is one transaction, so nothing half-done was saved. A database that stops
    answering is not a bug: the main window says it once and retries (app/ui/db_trouble.py)."""
    window = _main_window() if QApplication.instance() is not None else None
    if isinstance(error, DatabaseError) and window is not None:
        window.db_trouble.report(error)
        return
    log.error("unexpected error", exc_info=(exc_type, error, tb))
    if QApplication.instance() is None:
        return
    text = QCoreApplication.translate("MainWindow", "An unexpected error occurred; nothing half-done "
                                                    "was saved. Please report it:")
    where = traceback.extract_tb(tb)[-1:] if tb is not None else []
    key = (exc_type.__name__, str(error)[:200], *((f.filename, f.lineno) for f in where))
    if key in _SHOWN_BUGS:  # the same error again (a timer meeting one damaged row each minute): not another box
        if window is not None:
            window.statusBar().showMessage(f"{text} {exc_type.__name__}: {error}", 60000)
        return
    _SHOWN_BUGS.add(key)
    box = QMessageBox(QMessageBox.Icon.Critical, QCoreApplication.translate("MainWindow", "DutyDesk"), text,
                      QMessageBox.StandardButton.Ok)
    box.setObjectName("bugReport")
    box.setDetailedText("".join(traceback.format_exception(exc_type, error, tb)))
    box.setInformativeText(f"{exc_type.__name__}: {error}")
    box.exec()


def run_gui(db_arg: str | None, as_user: str | None, lang: str | None) -> int:
    pyside_guard.keep_singletons_alive()  # None, True, False: before any view paints or signal is emitted (pyside_guard)
    app = make_application()
    app.setQuitOnLastWindowClosed(False)  # the wizard and sign-in close before the window opens
    language = lang if lang in messages.LANGUAGES else messages.detect_language()
    set_language(app, language)
    family = i18n.setup_font(app)

    guard = InstanceGuard(instance_key(db_arg), parent=app)
    if not guard.acquire():
        return already_running(database_name(db_arg), guard.ask_to_activate())
    guard.front = front_window
    try:
        return _run_session(app, guard, db_arg, as_user, language, family)
    finally:
        guard.release()


def _run_session(app: QApplication, guard: InstanceGuard, db_arg: str | None, as_user: str | None,
                 language: str, family: str) -> int:
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
    window.setWindowIcon(app.windowIcon())
    if window.start_maximized:
        window.showMaximized()
    else:
        window.show()
    app.setQuitOnLastWindowClosed(True)
    collector = GcTimer(app)  # before the app-wide event filter: see gc_timer.py
    idle = IdleLock(app, lock=window.lock, can_lock=lambda: window.isVisible() and not window.is_locked,
                    minutes=lambda: desktop.idle_lock_minutes(db))
    show_warnings(window, list(db.warnings))
    previous_hook, sys.excepthook = sys.excepthook, report_bug
    try:
        return app.exec()
    finally:
        idle.stop()
        collector.stop()
        sys.excepthook = previous_hook
        CheckDialog.wait_all()
        db.close()
