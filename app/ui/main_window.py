"""The main window: duty overview in the middle, panels docked around it, menus, status bar.

Panels are discovered (app/ui/panel_host.py) and wrapped in docks named by their `panel_id`, so
saved layouts restore. Dialog modules with `install(window)` add their own menus. The window
owns the session: lock (Ctrl+L), sign out (back to the sign-in dialog, panels rebuilt for the
next account) and the saved layout (geometry + dock state under LAYOUT_VERSION).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QWidget,
)

from app.errors import UserError
from app.services import accounts, roles, station
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.ui import panel_host
from app.ui.dialogs.lock_screen import LockScreen
from app.ui.panel_api import ChangeBus, SessionContext, WindowApi
from app.ui.panel_host import LoadedPanel
from app.ui.widgets.clock import Now, StationClock, utc_now
from app.ui.widgets.overview import DutyOverview

log = logging.getLogger(__name__)

LAYOUT_VERSION = 1
COMPACT_BELOW = 520
"""The overview switches to its compact form when it has less height than this (px)."""
DEFAULT_SIZE = (1280, 800)
MENU_NAMES = ("file", "edit", "view", "tools", "help")


class MainWindow(QMainWindow):
    session_changed = Signal(object)
    """Emitted with the new Actor after a sign-out / sign-in (panels are rebuilt by then)."""

    def __init__(self, ctx: SessionContext, *, settings: QSettings | None = None,
                 warnings: list[str] | None = None, now: Now = utc_now,
                 sign_in: Callable[[MainWindow], Actor | None] | None = None) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.ctx = ctx
        self.bus: ChangeBus = ctx.bus
        self.settings = settings if settings is not None else QSettings()
        self._now = now
        self._sign_in = sign_in
        self._warnings = list(warnings or [])
        self._panels: list[LoadedPanel] = []
        self._panel_menus: dict[str, QMenu] = {}
        self._menus: dict[str, QMenu] = {}
        self._added_menus: list[QMenu] = []
        self._default_state = QByteArray()
        self._locked_state: QByteArray | None = None
        self.installed: list[str] = []
        self._signed_in = True
        self._closing_after_sign_out = False
        self._disabled_by_lock: list[QAction] = []
        self._hidden_by_lock: list[QWidget] = []
        self._status_disabled_by_lock: list[QWidget] = []

        self.overview = DutyOverview(ctx, now=now)
        self.lock_screen = LockScreen(ctx, now=now)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.sign_out_requested.connect(self.sign_out)
        self.overview_scroll = QScrollArea()
        self.overview_scroll.setObjectName("overviewScroll")
        self.overview_scroll.setWidgetResizable(True)
        self.overview_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.overview_scroll.setWidget(self.overview)
        self.overview_scroll.viewport().installEventFilter(self)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.overview_scroll)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks)

        self._build_menus()
        self._build_status_bar()
        self.bus.changes_applied.connect(self._on_changes)
        self.bus.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        # -- issue 13: a record selected elsewhere (the timeline) raises the dock of its panel --
        self.bus.select_requested.connect(self._raise_panel_of)
        self._build_panels()
        self._run_installers()
        self._keep_quit_last()
        self._apply_session()
        self.restore_layout()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self.overview_scroll.viewport():
            self.overview.set_compact(self.overview_scroll.viewport().height() < COMPACT_BELOW)
        return super().eventFilter(watched, event)

    # -- menus ---------------------------------------------------------------------------------

    def menu(self, name: str) -> QMenu:
        """The standard menus: "file", "edit", "view", "tools", "help"."""
        return self._menus[name]

    def add_menu(self, title: str) -> QMenu:
        """A new top-level menu, placed before Help (the same menu again for the same title)."""
        for menu in self._added_menus:
            if menu.title() == title:
                return menu
        menu = QMenu(title, self)
        self.menuBar().insertMenu(self._menus["help"].menuAction(), menu)
        self._added_menus.append(menu)
        return menu

    def _action(self, text: str, slot: Callable[[], Any], shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(lambda _checked=False: slot())
        if name:
            action.setObjectName(name)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        titles = {
            "file": self.tr("&File"),
            "edit": self.tr("&Edit"),
            "view": self.tr("&View"),
            "tools": self.tr("&Tools"),
            "help": self.tr("&Help"),
        }
        for name in MENU_NAMES:
            menu = bar.addMenu(titles[name])
            menu.setObjectName(f"menu_{name}")
            self._menus[name] = menu

        file = self._menus["file"]
        self.change_password_action = self._action(self.tr("Change my &password…"), self.change_password,
                                                    name="changePassword")
        self.lock_action = self._action(self.tr("&Lock screen"), self.lock, "Ctrl+L", "lock")
        self.sign_out_action = self._action(self.tr("Sign &out"), self.sign_out, name="signOut")
        self.quit_action = self._action(self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quit")
        self.quit_action.setShortcuts([QKeySequence("Ctrl+Q")])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        file.addAction(self.change_password_action)
        file.addSeparator()
        file.addAction(self.lock_action)
        file.addAction(self.sign_out_action)
        self._quit_separator = file.addSeparator()
        file.addAction(self.quit_action)

        edit = self._menus["edit"]
        for text, slot, key, name in (
            (self.tr("&Copy"), "copy", QKeySequence.StandardKey.Copy, "editCopy"),
            (self.tr("&Paste"), "paste", QKeySequence.StandardKey.Paste, "editPaste"),
            (self.tr("Select &all"), "selectAll", QKeySequence.StandardKey.SelectAll, "editSelectAll"),
        ):
            action = QAction(text, self)
            action.setObjectName(name)
            action.setShortcut(QKeySequence(key))
            # shown in the menu; the keys themselves stay with the focused field
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _checked=False, slot=slot: self._forward_edit(slot))
            edit.addAction(action)
        edit.addSeparator()

        view = self._menus["view"]
        self._view_panels_separator = view.addSeparator()
        self.full_screen_action = self._action(self.tr("&Full screen"), self.toggle_full_screen,
                                               QKeySequence.StandardKey.FullScreen, "fullScreen")
        self.full_screen_action.setCheckable(True)
        self.reset_layout_action = self._action(self.tr("&Reset layout"), self.reset_layout, name="resetLayout")
        view.addAction(self.full_screen_action)
        view.addAction(self.reset_layout_action)

        tools = self._menus["tools"]
        self.accounts_action = self._action(self.tr("&Accounts…"), self.show_accounts, name="accounts")
        self.check_action = self._action(self.tr("&Check integrity…"), self.show_check, name="checkIntegrity")
        tools.addAction(self.accounts_action)
        tools.addAction(self.check_action)

        self.about_action = self._action(self.tr("&About DutyDesk"), self.show_about, name="about")
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self._menus["help"].addAction(self.about_action)

    def _forward_edit(self, slot: str) -> None:
        """Edit → Copy / Paste / Select all act on the field that had the keyboard focus."""
        widget = QApplication.focusWidget()
        method = getattr(widget, slot, None) if widget is not None else None
        if callable(method):
            method()

    def _keep_quit_last(self) -> None:
        """Hooks may have added to File after Quit; Quit stays the last entry."""
        file = self._menus["file"]
        if file.actions()[-1] is not self.quit_action:
            file.removeAction(self.quit_action)
            file.removeAction(self._quit_separator)
            self._quit_separator = file.addSeparator()
            file.addAction(self.quit_action)

    # -- status bar ----------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.station_label = QLabel()
        self.station_label.setObjectName("statusStation")
        self.account_label = QLabel()
        self.account_label.setObjectName("statusAccount")
        self.clock = StationClock(self.ctx.station.zone, now=self._now)
        self.clock.setObjectName("statusClock")
        bar.addPermanentWidget(self.station_label)
        bar.addPermanentWidget(self.account_label)
        bar.addPermanentWidget(self.clock)

    def _refresh_session_labels(self) -> None:
        actor = self.ctx.actor
        self.station_label.setText(f"{self.ctx.station.name} ({self.ctx.station.code})")
        self.account_label.setText(f"{actor.display_name} · {roles.labels(sorted(actor.roles))}")
        self.setWindowTitle(self.tr("DutyDesk — %1 — %2").replace("%1", self.ctx.station.name)
                            .replace("%2", actor.display_name))

    # -- panels and hooks ------------------------------------------------------------------------

    def panels(self) -> list[LoadedPanel]:
        return list(self._panels)

    def docks(self) -> list[QDockWidget]:
        return [p.dock for p in self._panels]

    def _build_panels(self) -> None:
        found = panel_host.discover_panels()
        for module, error in found.errors:
            self._warn(self.tr("Panel %1 could not be loaded: %2").replace("%1", module).replace("%2", error))
        for spec in found.found:
            try:
                self._add_panel(spec)
            except Exception as error:  # one broken panel must not take the duty room down
                log.exception("panel %s failed", spec.panel_id)
                self._warn(self.tr("Panel %1 could not be loaded: %2").replace("%1", spec.panel_id)
                           .replace("%2", f"{type(error).__name__}: {error}"))
        self._default_state = self.saveState(LAYOUT_VERSION)

    def _add_panel(self, spec: Any) -> None:
        panel = spec.create(self.ctx)
        dock = QDockWidget(spec.title(), self)
        dock.setObjectName(spec.panel_id)
        dock.setWidget(panel)
        self.addDockWidget(spec.area, dock)
        toggle = dock.toggleViewAction()
        self._menus["view"].insertAction(self._view_panels_separator, toggle)
        loaded = LoadedPanel(spec, panel, dock)
        actions = panel.menu_actions()
        if actions:
            if spec.menu_title is not None:
                title = spec.menu_title()
                menu = self._panel_menus.get(title) or self.add_menu(title)
                self._panel_menus[title] = menu
            else:
                menu = self._menus["edit"]
            loaded.menu = menu
            for action in actions:
                menu.addAction(action)
            loaded.actions = list(actions)
        for widget in panel.status_widgets():
            self.statusBar().insertPermanentWidget(0, widget)
            loaded.status_widgets.append(widget)
        self._panels.append(loaded)

    def _raise_panel_of(self, ref: Any) -> None:
        """Show and raise the dock of the panel that owns `ref` (issue 13; panels select it)."""
        for loaded in self._panels:
            if loaded.spec.panel_id == getattr(ref, "panel", None):
                loaded.dock.show()
                loaded.dock.raise_()

    def _tear_down_panels(self) -> None:
        for loaded in self._panels:
            self._menus["view"].removeAction(loaded.dock.toggleViewAction())
            if loaded.menu is not None:
                for action in loaded.actions:
                    loaded.menu.removeAction(action)
            for widget in loaded.status_widgets:
                self.statusBar().removeWidget(widget)
                widget.deleteLater()
            self.removeDockWidget(loaded.dock)
            loaded.dock.deleteLater()
        self._panels.clear()
        for title, menu in list(self._panel_menus.items()):
            if menu.isEmpty():
                self.menuBar().removeAction(menu.menuAction())
                self._added_menus.remove(menu)
                del self._panel_menus[title]

    def _run_installers(self) -> None:
        found = panel_host.discover_installers()
        for module, error in found.errors:
            self._warn(self.tr("Module %1 could not be loaded: %2").replace("%1", module).replace("%2", error))
        for module, install in found.found:
            try:
                install(self)
            except Exception as error:
                log.exception("install() of %s failed", module)
                self._warn(self.tr("Module %1 could not be loaded: %2").replace("%1", module)
                           .replace("%2", f"{type(error).__name__}: {error}"))
                continue
            self.installed.append(module)

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
            self.statusBar().showMessage(self.tr("Unlocked by administrator %1").replace("%1", by.display_name),
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

    # -- services ------------------------------------------------------------------------------

    def run_service(self, call: Callable[..., Any], *args: Any, parent: QWidget | None = None,
                    **kwargs: Any) -> Any:
        """Run a service call; publish its Changes; show a UserError in a dialog (returns None)."""
        try:
            result = call(*args, **kwargs)
        except UserError as error:
            self.show_error(error.message, parent)
            return None
        if isinstance(result, Changes):
            self.bus.publish(result)
        return result

    def show_error(self, text: str, parent: QWidget | None = None) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("DutyDesk"), text, QMessageBox.StandardButton.Ok,
                          parent or self)
        box.setObjectName("serviceError")
        box.exec()

    # -- dialogs -------------------------------------------------------------------------------

    def show_accounts(self) -> None:
        from app.ui.dialogs.accounts_dialog import AccountsDialog

        AccountsDialog(self.ctx, self).exec()

    def change_password(self) -> None:
        from app.ui.dialogs.password_dialog import change_own_password

        change_own_password(self.ctx, self)

    def show_check(self) -> None:
        from app.ui.dialogs.check_dialog import CheckDialog

        dialog = CheckDialog(self.ctx.db, self)
        dialog.start()
        dialog.exec()

    def show_about(self) -> None:
        from app.ui.dialogs.about import AboutDialog

        AboutDialog(self.ctx.db, self).exec()

    # -- layout --------------------------------------------------------------------------------

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()
        self.full_screen_action.setChecked(self.isFullScreen())

    def save_layout(self) -> None:
        state = self._locked_state if self._locked_state is not None else self.saveState(LAYOUT_VERSION)
        self.settings.setValue("layout/version", LAYOUT_VERSION)
        self.settings.setValue("layout/geometry", self.saveGeometry())
        self.settings.setValue("layout/state", state)
        self.settings.sync()

    def restore_layout(self) -> bool:
        """Restore the saved geometry and docks; False (and the default layout) when that fails."""
        s = self.settings
        try:
            version = int(str(s.value("layout/version", 0) or 0))
        except (TypeError, ValueError):
            version = 0
        geometry, state = s.value("layout/geometry"), s.value("layout/state")
        if version != LAYOUT_VERSION or not isinstance(geometry, QByteArray) or not isinstance(state, QByteArray):
            self.reset_layout(forget=False)
            return False
        if not (self.restoreGeometry(geometry) and self.restoreState(state, LAYOUT_VERSION)):
            self.reset_layout(forget=False)
            return False
        return True

    def _size_docks(self) -> None:
        """Panels are the work: by default they get most of the window, the overview the rest."""
        width, height = self.default_size()
        vertical = [d for d in self.docks() if self.dockWidgetArea(d) in
                    (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea)]
        horizontal = [d for d in self.docks() if d not in vertical]
        if vertical:
            self.resizeDocks(vertical, [int(height * 0.62)] * len(vertical), Qt.Orientation.Vertical)
        if horizontal:
            self.resizeDocks(horizontal, [int(width * 0.4)] * len(horizontal), Qt.Orientation.Horizontal)

    def default_size(self) -> tuple[int, int]:
        """1280×800, or most of a smaller screen."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return DEFAULT_SIZE
        area = screen.availableGeometry()
        return min(DEFAULT_SIZE[0], int(area.width() * 0.95)), min(DEFAULT_SIZE[1], int(area.height() * 0.95))

    def reset_layout(self, *, forget: bool = True) -> None:
        if self.isFullScreen():
            self.showNormal()
        self.full_screen_action.setChecked(False)
        if not self._default_state.isEmpty():
            self.restoreState(self._default_state, LAYOUT_VERSION)
        for dock in self.docks():
            dock.setFloating(False)
            dock.show()
        screen = self.screen() or QApplication.primaryScreen()
        self.resize(*self.default_size())
        if screen is not None:
            frame = self.frameGeometry()
            frame.moveCenter(screen.availableGeometry().center())
            self.move(frame.topLeft())
        self._size_docks()
        if forget:
            for key in ("layout/geometry", "layout/state"):
                self.settings.remove(key)

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_after_sign_out:
            self.save_layout()
        self._record_sign_out()
        super().closeEvent(event)


def window_api(window: MainWindow) -> WindowApi:
    """The window as `install(window)` hooks see it (mypy checks that it keeps the contract)."""
    return window
