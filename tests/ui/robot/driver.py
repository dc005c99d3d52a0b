"""The GUI robot's driver: runs inside the program's own process, on Qt's event loop.

It never calls the program's methods: it types into the sign-in dialog, triggers menu actions,
presses dialog buttons and Esc, answers file dialogs — what a person does — and records what
went wrong: a Python exception in a slot (the program's own `report_bug` hook), a Qt warning
(qInstallMessageHandler; allow-listed only with a reason), a dialog that will not close, a step
that hangs. Everything it drives is *discovered* (the menu bar walked recursively, a dialog's
buttons found among its children), so new panels and dialogs are covered by adding nothing.

All waiting is done by a poll timer: a triggered action may run a nested event loop
(`QDialog.exec()`), so each step is started with `QTimer.singleShot(0, …)` and the poll looks at
`QApplication.activeModalWidget()` until the program is quiet again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

ALLOWED_WARNINGS: dict[str, str] = {
    "This plugin does not support propagateSizeHints()":
        "the offscreen QPA plugin used for the headless run cannot propagate size hints; "
        "xcb, Windows and macOS can, so this says nothing about the program",
    "QPageSetupDialog: Cannot be used on non-native printers":
        "the test machine has no printer (no CUPS): Qt's print preview then offers page setup for "
        "its PDF printer, which it cannot show; with a printer installed the dialog opens",
    "This plugin does not support raise()":
        "the offscreen plugin has no window stack to raise a popup (a completer's list) in",
    "This plugin does not support grabbing the keyboard":
        "the offscreen plugin cannot grab the keyboard for a popup (a completer's list); real platforms do",
}
"""Qt messages that do not fail the run, each with the reason it says nothing about the program."""

FINAL_ROLES = {
    QDialogButtonBox.ButtonRole.AcceptRole,
    QDialogButtonBox.ButtonRole.YesRole,
    QDialogButtonBox.ButtonRole.ApplyRole,
    QDialogButtonBox.ButtonRole.DestructiveRole,
    QDialogButtonBox.ButtonRole.RejectRole,
    QDialogButtonBox.ButtonRole.NoRole,
}
"""A dialog's own OK / Cancel are not pressed one by one: the dialog is closed with Esc."""

SKIP_BUTTON_NAMES = {"lockSignOut"}
STEP_TIMEOUT_S = 60.0
QUIET_POLLS = 4
POLL_MS = 25


@dataclass
class Report:
    actions: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    buttons: int = 0
    file_dialogs: int = 0
    sign_ins: int = 0
    failures: list[str] = field(default_factory=list)
    allowed_warnings: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    two_programs: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"actions": len(self.actions), "action_names": self.actions,
                "dialogs": len(self.dialogs), "distinct_dialogs": sorted(set(self.dialogs)),
                "buttons": self.buttons, "file_dialogs": self.file_dialogs, "sign_ins": self.sign_ins,
                "failures": self.failures, "allowed_warnings": self.allowed_warnings,
                "seconds": round(self.seconds, 1), "two_programs": self.two_programs}


def _label(widget: QWidget) -> str:
    name = widget.objectName() or type(widget).__name__
    title = widget.windowTitle()
    return f"{type(widget).__name__}#{name}" + (f" «{title}»" if title else "")


def _text(action: QAction) -> str:
    return action.text().replace("&", "")


class Robot(QObject):
    def __init__(self, *, user: str, password: str, folder: Path, db_path: Path, sign_outs: int = 5,
                 writer: str = "wanglei", cli: list[str] | None = None) -> None:
        super().__init__()
        self.user, self.password, self.writer = user, password, writer
        self.folder = folder
        self.db_path = db_path
        self.sign_outs = sign_outs
        self.cli = cli or [sys.executable, "-m", "app"]
        self.report = Report()
        self.started = time.monotonic()
        self.window: QMainWindow | None = None
        self._steps: list[tuple[str, Callable[[], None]]] = []
        self._busy: str | None = None
        self._busy_since = 0.0
        self._returned = True
        self._quiet = 0
        self._dialogs: dict[int, DialogHandler] = {}
        self._planned = False
        self._done_actions: set[str] = set()
        self._finished = False
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)

    # -- failures ------------------------------------------------------------------------------

    def fail(self, text: str) -> None:
        self.report.failures.append(text)
        print(f"robot: FAIL {text}", file=sys.stderr, flush=True)

    def qt_message(self, kind: QtMsgType, _context: object, message: str) -> None:
        if kind == QtMsgType.QtDebugMsg or kind == QtMsgType.QtInfoMsg:
            return
        for allowed in ALLOWED_WARNINGS:
            if allowed in message:
                self.report.allowed_warnings[allowed] = self.report.allowed_warnings.get(allowed, 0) + 1
                return
        self.fail(f"Qt warning during «{self._busy}»: {message}")

    def python_error(self, exc_type: type[BaseException], error: BaseException, tb: Any) -> None:
        self.fail(f"Python exception during «{self._busy}»: "
                  + "".join(traceback.format_exception(exc_type, error, tb)))

    def start(self) -> None:
        qInstallMessageHandler(self.qt_message)
        self.timer.start()

    # -- the plan ------------------------------------------------------------------------------

    def _main_window(self) -> QMainWindow | None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QMainWindow) and widget.objectName() == "mainWindow":
                return widget
        return None

    def _skip(self, action: QAction) -> bool:
        return action.objectName() in ("quit", "signOut")

    def _walk(self, menu: QMenu, path: str) -> list[tuple[str, QAction]]:
        menu.aboutToShow.emit()  # menus that fill themselves when opened
        found: list[tuple[str, QAction]] = []
        for action in menu.actions():
            if action.isSeparator() or not action.isVisible():
                continue
            label = f"{path} → {_text(action)}"
            sub = action.menu()
            if isinstance(sub, QMenu):
                found += self._walk(sub, label)
            else:
                found.append((label, action))
        return found

    def menu_actions(self) -> list[tuple[str, QAction]]:
        assert self.window is not None
        found: list[tuple[str, QAction]] = []
        for top in self.window.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu) and top.isVisible():
                found += self._walk(menu, _text(top))
        return found

    def _plan(self) -> None:
        """Steps are planned one at a time: each action is looked up again (menus change)."""
        self._steps.append(("walk menus", self._next_menu_action))

    def _next_menu_action(self) -> None:
        if self.window is None:
            return
        for label, action in self.menu_actions():
            if label in self._done_actions or self._skip(action):
                continue
            self._done_actions.add(label)
            if not action.isEnabled():
                continue
            self.report.actions.append(label)
            times = 2 if action.isCheckable() else 1  # toggles go back to where they were
            for n in range(times):
                self._steps.insert(n, (label, action.trigger))
            self._steps.insert(times, ("walk menus", self._next_menu_action))
            return
        self._steps.append(("two programs on one file", self._two_programs))
        for n in range(self.sign_outs):
            self._steps.append((f"sign out and in again ({n + 1})", self._sign_out))
        self._steps.append(("quit", self._quit))

    def _sign_out(self) -> None:
        assert self.window is not None
        action = self.window.findChild(QAction, "signOut")
        if action is None:
            self.fail("no Sign out action")
            return
        action.trigger()

    def _quit(self) -> None:
        assert self.window is not None
        self._finished = True
        action = self.window.findChild(QAction, "quit")
        if action is None:
            self.fail("no Quit action")
            QApplication.quit()
            return
        self.report.seconds = time.monotonic() - self.started
        action.trigger()

    def _two_programs(self) -> None:
        """After every dialog and file dialog: a second process writes while we hold the file."""
        wal = Path(str(self.db_path) + "-wal")
        env = dict(os.environ, DUTYDESK_PASSWORD=self.password, DUTYDESK_LANG="en")
        result: dict[str, Any] = {"wal_before": wal.exists()}
        listed = subprocess.run([*self.cli, "--db", str(self.db_path), "log", "list", "--json"],
                                capture_output=True, text=True, env=env, timeout=120)
        result["wal_after_list"] = wal.exists()
        added = subprocess.run([*self.cli, "--db", str(self.db_path), "log", "add", "--as", self.writer, "--summary",
                                "robot: written by a second program while the GUI holds the file"],
                               capture_output=True, text=True, env=env, timeout=120)
        result["cli_add"] = added.returncode
        result["cli_number"] = added.stdout.strip()
        result["wal_after_add"] = wal.exists()
        if listed.returncode != 0 or added.returncode != 0:
            self.fail(f"second program failed: {listed.stderr} {added.stderr}")
        if not (result["wal_before"] and result["wal_after_list"] and result["wal_after_add"]):
            self.fail(f"the WAL was deleted by a second process: {result}")
        self.report.two_programs = result

    # -- the poll ------------------------------------------------------------------------------

    def _run(self, label: str, call: Callable[[], None]) -> None:
        self._busy, self._busy_since, self._returned, self._quiet = label, time.monotonic(), False, 0
        print(f"robot: {time.monotonic() - self.started:6.1f}s {label}", file=sys.stderr, flush=True)

        def go() -> None:
            try:
                call()
            finally:
                self._returned = True

        QTimer.singleShot(0, go)

    def _poll(self) -> None:
        try:
            self._poll_once()
        except Exception:
            self.fail("robot error: " + traceback.format_exc())
            QApplication.exit(3)

    def _poll_once(self) -> None:
        if self._busy is not None and time.monotonic() - self._busy_since > STEP_TIMEOUT_S:
            self.fail(f"«{self._busy}» did not finish within {STEP_TIMEOUT_S:.0f} s")
            QApplication.exit(3)
            return
        modal = QApplication.activeModalWidget()
        if modal is not None and modal.isVisible():
            self._quiet = 0
            handler = self._dialogs.get(id(modal))
            if handler is None or handler.widget is not modal:
                handler = DialogHandler(self, modal)
                self._dialogs[id(modal)] = handler
            handler.step()
            return
        self.window = self._main_window() or self.window
        if self.window is not None and getattr(self.window, "is_locked", False):
            self._unlock()
            return
        if not self._returned:
            return
        self._close_stray_windows()
        self._quiet += 1
        if self._quiet < QUIET_POLLS:
            return
        if self.window is None or not self.window.isVisible():
            return  # still starting
        if not self._planned:
            self._planned = True
            self._plan()
        if self._steps and not self._finished:
            label, call = self._steps.pop(0)
            self._run(label, call)
        elif not self._finished:
            self._finished = True

    def _close_stray_windows(self) -> None:
        """Non-modal windows a step opened (a start-up notice, a preview): counted and closed."""
        for widget in QApplication.topLevelWidgets():
            if widget is self.window or not widget.isVisible() or isinstance(widget, QMenu):
                continue
            if widget.windowType() in (Qt.WindowType.ToolTip, Qt.WindowType.Popup):
                continue
            if isinstance(widget, (QDialog, QMainWindow)) or widget.isWindow():
                self.report.dialogs.append(_label(widget) + " (non-modal)")
                widget.close()

    def _unlock(self) -> None:
        assert self.window is not None
        screen = getattr(self.window, "lock_screen", None)
        field_ = getattr(screen, "password", None)
        if not isinstance(field_, QLineEdit):
            self.fail("locked, and no password field on the lock screen")
            return
        if field_.property("robotTyped"):
            return
        field_.setProperty("robotTyped", True)
        field_.setFocus()
        QTest.keyClicks(field_, self.password)
        QTest.keyClick(field_, Qt.Key.Key_Return)
        field_.setProperty("robotTyped", None)

    # -- answering -----------------------------------------------------------------------------

    def sign_in(self, dialog: QDialog) -> None:
        """Type the user name and password as a person does, and press Enter."""
        focus = QApplication.focusWidget()
        user = dialog.findChild(QLineEdit, "username")
        password = dialog.findChild(QLineEdit, "password")
        if user is None or password is None:
            self.fail("sign-in dialog without user name / password fields")
            dialog.reject()
            return
        if focus is not user and focus is not password:
            self.fail(f"sign-in dialog opens with the focus on {focus!r}")
            user.setFocus()
        if focus is user or user.text() == "":
            user.clear()
            QTest.keyClicks(user, self.user)
            QTest.keyClick(user, Qt.Key.Key_Tab)
        QTest.keyClicks(password, self.password)
        self.report.sign_ins += 1
        QTest.keyClick(password, Qt.Key.Key_Return)


class DialogHandler:
    """One modal dialog: its buttons pressed one at a time (each waiting for what it opens), then Esc."""

    def __init__(self, robot: Robot, widget: QWidget) -> None:
        self.robot = robot
        self.widget = widget
        self.buttons: list[QAbstractButton] | None = None
        self.pending: Callable[[], bool] | None = None
        self.close_tries = 0
        self.entered = time.monotonic()
        robot.report.dialogs.append(_label(widget))
        screen = widget.screen()
        if screen is not None:
            area = screen.availableGeometry()
            size, minimum = widget.frameGeometry().size(), widget.minimumSizeHint()
            if (size.width() > area.width() or size.height() > area.height()
                    or minimum.width() > area.width() or minimum.height() > area.height()):
                robot.fail(f"{_label(widget)} ({size.width()}×{size.height()}, minimum {minimum.width()}×"
                           f"{minimum.height()}) does not fit the {area.width()}×{area.height()} screen")
        said = f" {widget.text()!r}" if isinstance(widget, QMessageBox) else ""
        print(f"robot:         dialog {_label(widget)}{said}", file=sys.stderr, flush=True)

    def step(self) -> None:
        widget = self.widget
        if self.pending is not None and not self.pending():
            return
        self.pending = None
        if widget.objectName() == "signInDialog" and isinstance(widget, QDialog):
            if not widget.isActiveWindow() and self.close_tries < 40:
                widget.activateWindow()
                self.close_tries += 1
                return
            if not widget.property("robotTyped"):
                widget.setProperty("robotTyped", True)
                self.robot.sign_in(widget)
            elif self.close_tries > 240:
                self.robot.fail("Enter in the sign-in dialog did not sign in")
                widget.reject()
            self.close_tries += 1
            return
        if isinstance(widget, QFileDialog):
            self._file_dialog(widget)
            return
        if isinstance(widget, (QMessageBox, QInputDialog)):
            self._close()
            return
        if self.buttons is None:
            self.buttons = self._buttons(widget)
        while self.buttons:
            button = self.buttons.pop(0)
            if button.isVisible() and button.isEnabled() and button.window() is widget:
                self.robot.report.buttons += 1
                print(f"robot:           button {button.text()!r}", file=sys.stderr, flush=True)
                done = {"returned": False}

                def press(button: QAbstractButton = button, done: dict[str, bool] = done) -> None:
                    try:
                        button.click()
                    finally:
                        done["returned"] = True

                self.pending = lambda done=done: done["returned"]
                QTimer.singleShot(0, press)
                return
        self._close()

    def _buttons(self, widget: QWidget) -> list[QAbstractButton]:
        found: list[QAbstractButton] = []
        for button in widget.findChildren(QAbstractButton):
            if not isinstance(button, (QPushButton, QToolButton)) or button.objectName() in SKIP_BUTTON_NAMES:
                continue
            if button.objectName().startswith("qt_"):
                continue  # Qt's own (scroll arrows, the calendar's navigation)
            box = button.parent()
            if isinstance(box, QDialogButtonBox) and box.buttonRole(button) in FINAL_ROLES:
                continue
            if isinstance(button, QPushButton) and button.menu() is not None:
                continue
            found.append(button)
        return found

    def _close(self) -> None:
        widget = self.widget
        self.close_tries += 1
        if self.close_tries == 1:
            QTest.keyClick(widget, Qt.Key.Key_Escape)
        elif self.close_tries == 40:
            if isinstance(widget, QMessageBox) and widget.escapeButton() is None:
                default = widget.defaultButton() or (widget.buttons()[0] if widget.buttons() else None)
                if default is not None:
                    default.click()
                    return
            if isinstance(widget, QDialog):
                self.robot.fail(f"{_label(widget)} did not close with Esc")
                widget.reject()
        elif self.close_tries == 80:
            self.robot.fail(f"{_label(widget)} did not close at all")
            widget.close()

    def _file_dialog(self, dialog: QFileDialog) -> None:
        """List the database's own folder (the worst case for sniffing), then answer: save
        dialogs write into the robot's folder, folder dialogs choose it, open dialogs cancel."""
        if self.close_tries == 0 and not dialog.property("robotListed"):
            dialog.setProperty("robotListed", True)
            self.robot.report.file_dialogs += 1
            dialog.setDirectory(str(self.robot.db_path.parent))
            started = time.monotonic()
            self.pending = lambda: time.monotonic() - started > 0.4
            return
        if self.close_tries == 0:
            self.close_tries = 1
            out = self.robot.folder / "out"
            out.mkdir(exist_ok=True)
            if dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave \
                    or dialog.fileMode() == QFileDialog.FileMode.AnyFile:
                suggested = dialog.selectedFiles()[0] if dialog.selectedFiles() else "robot"
                dialog.setDirectory(str(out))
                dialog.selectFile(str(out / (f"{len(self.robot.report.dialogs)}-" + Path(suggested).name)))
                QTimer.singleShot(0, dialog.accept)
            elif dialog.fileMode() == QFileDialog.FileMode.Directory:
                dialog.setDirectory(str(out))
                dialog.selectFile(str(out))
                QTimer.singleShot(0, dialog.accept)
            else:
                QTest.keyClick(dialog, Qt.Key.Key_Escape)
            return
        self.close_tries += 1
        if self.close_tries == 80:
            self.robot.fail(f"{_label(dialog)} did not take its answer")
            dialog.reject()
