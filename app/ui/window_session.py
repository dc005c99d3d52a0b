"""The main window's session: warnings, lock (Ctrl+L) and unlock, sign out and in, the changes
that touch the session."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMenu,
    QWidget,
)

from app.services import accounts, roles, station
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.ui.window_layout import LAYOUT_VERSION
from app.ui.window_parts import WindowParts

log = logging.getLogger(__name__)


class WindowSession(WindowParts):
    """Part of `MainWindow` (see its module)."""

    # -- session -------------------------------------------------------------------------------

    def _apply_session(self) -> None:
        is_admin = self.ctx.actor.has(roles.ADMIN)
        self.accounts_action.setVisible(is_admin)
        self._menus["edit"].menuAction().setVisible(not self._menus["edit"].isEmpty())
        self._refresh_session_labels()
        self.overview.set_warnings(self._warnings)
        self.overview.session_started()

    def warnings(self) -> list[str]:
        return list(self._warnings)

    def _warn(self, text: str) -> None:
        if text not in self._warnings:
            self._warnings.append(text)

    def add_warning(self, text: str) -> None:
        """A lasting notice on the overview (shown once however often it is added)."""
        self._warn(text)
        self.overview.set_warnings(self._warnings)

    @property
    def is_locked(self) -> bool:
        return self._locked_state is not None

    def _all_actions(self) -> list[QAction]:
        """Every action reachable from the menu bar (menus, sub-menus) and the panels."""
        found: list[QAction] = []
        pending = list(self.menuBar().actions())
        while pending:
            action = pending.pop()
            if action in found:
                continue
            found.append(action)
            menu = action.menu()
            if isinstance(menu, QMenu):
                pending += menu.actions()
        for loaded in self._panels:
            found += [a for a in loaded.actions if a not in found]
        return found

    def lock(self) -> None:
        """Cover the window: docks hidden, every menu action and shortcut off until unlocked."""
        if self.is_locked:
            return
        self._locked_state = self.saveState(LAYOUT_VERSION)
        for dock in self.findChildren(QDockWidget):
            dock.hide()
        self.menuBar().setEnabled(False)
        self._disabled_by_lock = [a for a in self._all_actions() if a.isEnabled()]
        for action in self._disabled_by_lock:
            action.setEnabled(False)
        self._hidden_by_lock = [w for p in self._panels for w in p.status_widgets if w.isVisible()]
        for widget in self._hidden_by_lock:
            widget.hide()
        own = {self.clock, self.station_label, self.account_label}
        self._status_disabled_by_lock = [
            w for w in self.statusBar().findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if w not in own and w.isEnabled()]
        for widget in self._status_disabled_by_lock:
            widget.setEnabled(False)  # what hooks put in the status bar cannot be clicked while locked
        self.lock_screen.locked(self._now())
        self.stack.setCurrentWidget(self.lock_screen)

    def unlock(self, by: Actor | None = None) -> None:
        if self._locked_state is None:
            return
        state, self._locked_state = self._locked_state, None
        self.stack.setCurrentWidget(self.overview_scroll)
        self.restoreState(state, LAYOUT_VERSION)
        self.menuBar().setEnabled(True)
        for action in self._disabled_by_lock:
            action.setEnabled(True)
        for widget in self._hidden_by_lock:
            widget.show()
        for widget in self._status_disabled_by_lock:
            widget.setEnabled(True)
        self._disabled_by_lock, self._hidden_by_lock, self._status_disabled_by_lock = [], [], []
        if by is not None and by.username != self.ctx.actor.username:
            self.statusBar().showMessage(QCoreApplication.translate("MainWindow", "Unlocked by administrator %1").replace("%1", by.display_name),
                                         10000)

    def ask_sign_in(self) -> Actor | None:
        """The next account (None: nobody signed in, the program ends)."""
        if self._sign_in is not None:
            return self._sign_in(self)
        from app.ui.dialogs.sign_in import SignInDialog

        dialog = SignInDialog(self.ctx.db, self.ctx.station.name)
        return dialog.actor if dialog.exec() == SignInDialog.DialogCode.Accepted else None

    def sign_out(self) -> None:
        self.save_layout()
        self._record_sign_out()
        if self.is_locked:
            self.unlock()
        self._tear_down_panels()
        app = QApplication.instance()
        quit_on_close = isinstance(app, QApplication) and app.quitOnLastWindowClosed()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(False)  # the sign-in dialog is alone on screen for a while
        self.hide()
        actor = self.ask_sign_in()
        if actor is None:
            self._closing_after_sign_out = True
            self.close()
            if quit_on_close and isinstance(app, QApplication):
                app.quit()
            return
        self.start_session(actor)
        self.show()
        if isinstance(app, QApplication):
            app.setQuitOnLastWindowClosed(quit_on_close)

    def _record_sign_out(self) -> None:
        if not self._signed_in:
            return
        self._signed_in = False
        try:
            accounts.record_signin(self.ctx.db, self.ctx.actor, signin=False)
        except Exception:  # closing must work even when the database went away (USB stick pulled)
            log.exception("could not record the sign-out")

    def start_session(self, actor: Actor) -> None:
        self.ctx.actor = actor
        self.run_service(accounts.record_signin, self.ctx.db, actor)
        self._signed_in = True
        self._build_panels()
        self._apply_session()
        self.restore_layout()
        self.session_changed.emit(actor)

    def _on_changes(self, changes: Changes) -> None:
        if "station" in changes or "setting" in changes:
            self.ctx.station = station.info(self.ctx.db)
            self.clock.set_zone(self.ctx.station.zone)
            self._refresh_session_labels()
            self.overview.refresh()
        if "account" in changes and self.ctx.actor.username in changes.tables["account"]:
            info = accounts.get_account(self.ctx.db, self.ctx.actor.username)
            if info is not None:
                self.ctx.actor = info.actor()
                self.accounts_action.setVisible(self.ctx.actor.has(roles.ADMIN))
                self._refresh_session_labels()
                self.overview.refresh()
