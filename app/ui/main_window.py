"""The main window: duty overview in the middle, panels docked around it, menus, status bar.

Panels are discovered (app/ui/panel_host.py) and wrapped in docks named by their `panel_id`, so
saved layouts restore. Dialog modules with `install(window)` add their own menus. The window
owns the session: lock (Ctrl+L), sign out (back to the sign-in dialog, panels rebuilt for the
next account) and the saved layout (geometry + dock state under LAYOUT_VERSION): those two are
parts of the window in `window_session.py` and `window_layout.py`.
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
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from app.errors import UserError
from app.services import roles
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.ui import panel_host
from app.ui.db_trouble import DatabaseTrouble
from app.ui.dialogs.lock_screen import LockScreen
from app.ui.panel_api import ChangeBus, SessionContext, WindowApi
from app.ui.panel_host import LoadedPanel
from app.ui.status_fit import StatusFit, give_way
from app.ui.widgets.clock import Now, StationClock, utc_now
from app.ui.widgets.overview import DutyOverview
from app.ui.window_layout import LAYOUT_VERSION, WindowLayout
from app.ui.window_session import WindowSession

log = logging.getLogger(__name__)

COMPACT_BELOW = 520
WIDE_SCREEN = 2400
"""Below this available width every panel is a tab of one dock area (the duty log first)."""
"""The overview switches to its compact form when it has less height than this (px)."""
OVERVIEW_MIN_HEIGHT = 72
"""The overview gives way down to this height: the docked panels (the log) get the room."""
MENU_NAMES = ("file", "edit", "view", "tools", "help")


class MainWindow(WindowSession, WindowLayout, QMainWindow):
    session_changed = Signal(object)
    closed = Signal()
    """Emitted when the window really closes (not when quitting was cancelled)."""
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
        # the overview and the lock screen give way: the docked panels (the log) get the room
        self.overview_scroll.setMinimumHeight(OVERVIEW_MIN_HEIGHT)
        self.lock_screen.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.overview_scroll)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
                            | QMainWindow.DockOption.AllowNestedDocks)

        self._build_menus()
        self._build_status_bar()
        self.db_trouble = DatabaseTrouble(self, ctx.db, self.bus)  # the database stops answering: say so once
        self.bus.changes_applied.connect(self._on_changes)
        self.bus.status_message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        # -- issue 13: a record selected elsewhere (the timeline) raises the dock of its panel --
        self.bus.select_requested.connect(self._raise_panel_of)
        ctx.defer_hidden_loads = True  # a panel behind another tab loads when first shown
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
        # also in the title bar and the overview: these give way first on a narrow screen
        give_way(self.station_label, 10)
        give_way(self.account_label, 20)
        give_way(self.clock, 30)
        self.status_fit = StatusFit(bar)

    def _refresh_session_labels(self) -> None:
        actor = self.ctx.actor
        self.station_label.setText(f"{self.ctx.station.name} ({self.ctx.station.code})")
        self.account_label.setText(f"{actor.display_name} · {roles.labels(sorted(actor.roles))}")
        # Qt appends the program name (QApplication.applicationDisplayName, 应急值守台) to the title
        self.setWindowTitle(f"{self.ctx.station.name} — {actor.display_name}")

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
        docks = self.docks()
        screen = self.screen() or QApplication.primaryScreen()
        narrow = screen is None or screen.availableGeometry().width() < WIDE_SCREEN
        same_area = docks if narrow else [d for d in docks if self.dockWidgetArea(d) == spec.area]
        if same_area:
            # panels share an area as tabs (on a laptop screen all of them, with the duty log): stacked
            # side by side they would each get a sliver, and their minimum sizes would push the
            # window past a 1366×768 screen
            self.tabifyDockWidget(same_area[0], dock)
            same_area[0].raise_()
        else:
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
            # out of the window at once: the next session's restoreState looks docks up by object
            # name among the window's children, and a dock only queued for deletion (the sign-in
            # dialog's own event loop does not delete it) would be laid out again, then deleted
            # under the layout: a segfault on every sign-in after a sign-out under a window manager
            loaded.dock.setObjectName("")
            loaded.dock.setParent(None)
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
        from app.ui.dialogs.accounts.dialog import AccountsDialog

        AccountsDialog(self.ctx, self).exec()

    def change_password(self) -> None:
        from app.ui.dialogs.accounts.password import change_own_password

        change_own_password(self.ctx, self)

    def show_check(self) -> None:
        from app.ui.dialogs.check_dialog import CheckDialog

        dialog = CheckDialog(self.ctx.db, self)
        dialog.start()
        dialog.exec()

    def show_about(self) -> None:
        from app.ui.dialogs.about import AboutDialog

        AboutDialog(self.ctx.db, self).exec()


    def unsaved_windows(self) -> list[QWidget]:
        """Open forms holding typed, unsaved input (any window with `has_unsaved_input()`)."""
        found = []
        for widget in QApplication.topLevelWidgets():
            check = getattr(widget, "has_unsaved_input", None)
            if widget is not self and callable(check) and check():
                found.append(widget)
        return found

    def confirm_quit(self) -> bool:
        """Quitting with a half-typed entry asks first (default: keep editing)."""
        unsaved = self.unsaved_windows()
        if not unsaved:
            return True
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Quit DutyDesk?"),
                          self.tr("%1 has not been saved. Quit and lose what was typed?")
                          .replace("%1", unsaved[0].windowTitle()),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("quitWithUnsaved")
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Quit anyway"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Keep editing"))
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setEscapeButton(QMessageBox.StandardButton.Cancel)
        if box.exec() != QMessageBox.StandardButton.Discard:
            unsaved[0].raise_()
            unsaved[0].activateWindow()
            return False
        return True

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing_after_sign_out and not self.confirm_quit():
            event.ignore()
            return
        if not self._closing_after_sign_out:
            self.save_layout()
        self._record_sign_out()
        self.closed.emit()
        super().closeEvent(event)


def window_api(window: MainWindow) -> WindowApi:
    """The window as `install(window)` hooks see it (mypy checks that it keeps the contract)."""
    return window
