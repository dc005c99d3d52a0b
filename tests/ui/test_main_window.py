"""The main window: menus, status bar clock, panels and hooks, layout save/restore, services."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import ClassVar

import pytest
from PySide6.QtCore import QByteArray, QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMenu, QPushButton, QWidget

from app.errors import ValidationError
from app.services import accounts, doctor
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.storage.engine import Database
from app.ui import panel_host
from app.ui.dialogs.about import AboutDialog
from app.ui.dialogs.check_dialog import CheckDialog
from app.ui.main_window import LAYOUT_VERSION, MainWindow
from app.ui.panel_api import Panel, PanelSpec, SessionContext
from tests.ui.conftest import context


class FakePanel(Panel):
    created: ClassVar[list[FakePanel]] = []

    def __init__(self, ctx: SessionContext) -> None:
        super().__init__(ctx)
        self.seen: list[Changes] = []
        self.action = QAction("Fake entry…", self)
        self.status = QLabel("fake-status")
        FakePanel.created.append(self)

    def on_changes(self, changes: Changes) -> None:
        self.seen.append(changes)

    def menu_actions(self) -> list[QAction]:
        return [self.action]

    def status_widgets(self) -> list[QWidget]:
        return [self.status]


SPEC = PanelSpec("fake_panel", lambda: "Fake panel", FakePanel, Qt.DockWidgetArea.RightDockWidgetArea,
                 menu_title=lambda: "Fake menu")


@pytest.fixture
def with_fake_panel(monkeypatch: pytest.MonkeyPatch, no_plugins: None) -> None:
    FakePanel.created.clear()
    monkeypatch.setattr(panel_host, "discover_panels",
                        lambda package="app.ui.panels": panel_host.Discovery(found=[SPEC]))


def all_actions(menu: QMenu) -> list[QAction]:
    found = []
    for action in menu.actions():
        if action.isSeparator():
            continue
        found.append(action)
        if action.menu() is not None:
            found += all_actions(action.menu())
    return found


def test_builds_without_panels_with_every_menu(window: MainWindow) -> None:
    assert window.docks() == []
    titles = [window.menu(name).title() for name in ("file", "edit", "view", "tools", "help")]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "工具(&T)", "帮助(&H)"]
    for action in window.menuBar().actions():
        assert action.text()
        for inner in all_actions(action.menu()):
            assert inner.text().strip(), f"an action without text in {action.text()}"
    assert window.lock_action.shortcut().toString() == "Ctrl+L"
    assert "Ctrl+Q" in [s.toString() for s in window.quit_action.shortcuts()]
    assert window.accounts_action.isVisible()  # admin
    assert window.overview.station_name.text() == "巍山县应急管理局"
    assert "532927" in window.overview.station_code.text()
    assert "管理员" in window.overview.account_label.text()


def test_edit_menu_acts_on_the_focused_field(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QLineEdit

    edit = window.menu("edit")
    assert edit.menuAction().isVisible()
    names = [a.objectName() for a in edit.actions() if not a.isSeparator()]
    assert names[:3] == ["editCopy", "editPaste", "editSelectAll"]
    field = QLineEdit("五印乡 M4.2")
    qtbot.addWidget(field)
    field.show()
    field.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
    edit.actions()[2].trigger()  # select all
    assert field.selectedText() == "五印乡 M4.2"


def test_status_bar_clock_shows_station_zone_time(window: MainWindow) -> None:
    assert window.clock.text() == "北京时间 2024年4月19日 05:54:10"
    assert window.overview.time_label.text() == "05:54:10"
    assert window.overview.date_label.text() == "2024年4月19日 星期五"
    assert "巍山县应急管理局" in window.station_label.text()
    assert window.account_label.text() == "admin · 管理员"


def test_english_window(make_window: Callable[..., MainWindow], no_plugins: None, en_ui: None) -> None:
    window = make_window()
    assert window.menu("file").title() == "&File"
    assert window.clock.text() == "Beijing time 19 Apr 2024 05:54:10"


def test_panels_dock_with_toggle_menu_and_status(make_window: Callable[..., MainWindow],
                                                 with_fake_panel: None) -> None:
    window = make_window()
    (dock,) = window.docks()
    assert dock.objectName() == "fake_panel"
    assert dock.windowTitle() == "Fake panel"
    assert dock.toggleViewAction() in window.menu("view").actions()
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus.index("Fake menu") == menus.index(window.menu("help").title()) - 1
    panel = FakePanel.created[-1]
    assert panel.action in window.add_menu("Fake menu").actions()
    assert panel.status.parent() is not None
    changes = Changes()
    changes.touch("duty_entry", "1")
    window.run_service(lambda: changes)
    assert panel.seen == [changes]


def test_install_hooks_add_menus_before_help_and_keep_quit_last(
        make_window: Callable[..., MainWindow], monkeypatch: pytest.MonkeyPatch, no_plugins: None) -> None:
    def install(window: MainWindow) -> None:
        window.add_menu("同步(&S)").addAction("导出…")
        window.menu("file").addAction("导入数据包…")

    monkeypatch.setattr(panel_host, "discover_installers",
                        lambda package="app.ui.dialogs": panel_host.Discovery(found=[("sync_menu", install)]))
    window = make_window()
    assert window.installed == ["sync_menu"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("同步(&S)") == titles.index(window.menu("help").title()) - 1
    assert window.menu("file").actions()[-1] is window.quit_action


def test_broken_panel_is_reported_not_fatal(make_window: Callable[..., MainWindow],
                                            monkeypatch: pytest.MonkeyPatch, no_plugins: None) -> None:
    def broken(ctx: SessionContext) -> Panel:
        raise RuntimeError("boom")

    spec = PanelSpec("broken", lambda: "Broken", broken)
    monkeypatch.setattr(panel_host, "discover_panels",
                        lambda package="app.ui.panels": panel_host.Discovery(found=[spec], errors=[("x.panel", "E")]))
    window = make_window()
    assert window.docks() == []
    text = window.overview.warnings_label.text()
    assert "boom" in text and "x.panel" in text


def test_layout_saved_and_restored(make_window: Callable[..., MainWindow], with_fake_panel: None,
                                   settings: QSettings) -> None:
    first = make_window()
    first.show()
    first.resize(760, 560)  # inside the 800×600 offscreen screen
    first.docks()[0].hide()
    first.save_layout()
    first.close()
    second = make_window()
    assert second.restore_layout() is True
    second.show()
    assert (second.width(), second.height()) == (760, 560)
    assert second.docks()[0].isHidden()
    second.reset_layout()
    assert not second.docks()[0].isHidden()
    assert (second.width(), second.height()) == second.default_size()
    assert settings.value("layout/state") is None


@pytest.mark.parametrize("version", [LAYOUT_VERSION, LAYOUT_VERSION + 1])
def test_garbage_or_other_version_layout_falls_back(make_window: Callable[..., MainWindow], with_fake_panel: None,
                                                    settings: QSettings, version: int) -> None:
    settings.setValue("layout/version", version)
    settings.setValue("layout/geometry", QByteArray(b"not a geometry"))
    settings.setValue("layout/state", QByteArray(b"\x00garbage state"))
    window = make_window()
    assert window.restore_layout() is False
    assert (window.width(), window.height()) == window.default_size()
    assert not window.docks()[0].isHidden()


def test_run_service_shows_user_error(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(window, "show_error", lambda text, parent=None: shown.append(text))

    def fails() -> Changes:
        raise ValidationError("account.weak_password", field="password")

    assert window.run_service(fails) is None
    assert shown == ["密码至少需要 8 个字符。"]


def ops(db: Database) -> list[str]:
    with db.read() as conn:
        return [r[0] for r in conn.exec_driver_sql("SELECT kind FROM oplog ORDER BY seq")]


def test_sign_out_records_and_rebuilds_for_the_next_account(
        make_window: Callable[..., MainWindow], with_fake_panel: None, db: Database, operator: Actor,
        zh_ui: None) -> None:
    window = make_window(sign_in=lambda w: operator)
    seen: list[Actor] = []
    window.session_changed.connect(seen.append)
    old_panel = FakePanel.created[-1]
    window.sign_out()
    assert ops(db)[-2:] == ["session.signout", "session.signin"]
    assert window.ctx.actor == operator and seen == [operator]
    assert FakePanel.created[-1] is not old_panel
    assert FakePanel.created[-1].ctx.actor == operator
    assert len(window.docks()) == 1
    assert not window.accounts_action.isVisible()
    assert "王磊" in window.account_label.text() and "值班员" in window.account_label.text()


def test_sign_out_cancelled_closes(make_window: Callable[..., MainWindow], no_plugins: None, db: Database) -> None:
    window = make_window(sign_in=lambda w: None)
    window.show()
    window.sign_out()
    assert not window.isVisible()
    assert ops(db)[-1] == "session.signout"


def test_own_account_edit_refreshes_the_session(window: MainWindow, db: Database) -> None:
    window.run_service(accounts.update_account, db, window.ctx.actor, "admin", display_name="李建国")
    assert window.ctx.actor.display_name == "李建国"
    assert "李建国" in window.account_label.text()


def test_check_runs_off_the_gui_thread(qtbot, db: Database, monkeypatch: pytest.MonkeyPatch, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    threads: list[int] = []
    real = doctor.run

    def spy(database: Database) -> doctor.Report:
        threads.append(threading.get_ident())
        return real(database)

    monkeypatch.setattr(doctor, "run", spy)
    dialog = CheckDialog(db)
    qtbot.addWidget(dialog)
    dialog.start()
    assert dialog.progress.maximum() == 0  # busy while it runs
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=20000)
    assert threads and threads[0] != threading.get_ident()
    assert dialog.report is not None and dialog.report.ok
    assert dialog.status.text() == "全部检查通过。"
    assert "✔" in dialog.result_view.toPlainText()


def test_about_lists_the_environment(qtbot, db: Database, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(db, cjk_font=False)
    qtbot.addWidget(dialog)
    text = dialog.text()
    assert db.schema_revision in text and db.location in text
    assert "密钥存储" in text and "PDF 字体" in text
    assert not dialog.cjk_note.isHidden()
    assert "fonts-wqy-microhei" in dialog.cjk_note.text()
    assert AboutDialog(db, cjk_font=True).cjk_note.isHidden()


def test_second_window_for_another_context(make_window: Callable[..., MainWindow], no_plugins: None,
                                           db: Database, operator: Actor) -> None:
    window = make_window(ctx=context(db, operator))
    assert not window.accounts_action.isVisible()


def test_run_gui_kiosk_start_opens_the_signed_in_window(
        qapp, db_path, db: Database, operator: Actor, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from app.ui import application

    db.close()
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wanglei-pass")
    monkeypatch.setattr(application, "QSettings",
                        lambda: QSettings(str(tmp_path / "gui.ini"), QSettings.Format.IniFormat))
    seen: list[MainWindow] = []

    def fake_exec() -> int:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        seen.extend(windows)
        for window in windows:
            window.close()
        return 0

    monkeypatch.setattr(qapp, "exec", fake_exec)
    try:
        assert application.run_gui(str(db_path), "wanglei", "zh_CN") == 0
    finally:
        application.i18n.remove_translators(qapp)
        qapp.setQuitOnLastWindowClosed(True)
    (window,) = seen
    assert window.ctx.actor.username == "wanglei"
    assert window.menu("file").title() == "文件(&F)"
    check = Database.open(str(db_path))
    with check.read() as conn:
        kinds = [r[0] for r in conn.exec_driver_sql("SELECT kind FROM oplog ORDER BY seq")]
    check.close()
    assert kinds[-2:] == ["session.signin", "session.signout"]


def test_run_gui_on_a_broken_file_says_so_and_exits_2(qapp, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from app.ui import application, session

    bad = tmp_path / "notes.sqlite3"
    bad.write_text("值班记录" * 500, encoding="utf-8")
    shown: list[str] = []
    monkeypatch.setattr(session, "database_error", lambda error, parent=None: shown.append(error.message))
    try:
        assert application.run_gui(str(bad), None, "en") == 2
    finally:
        application.i18n.remove_translators(qapp)
        qapp.setQuitOnLastWindowClosed(True)
    assert shown and "not a DutyDesk database" in shown[0]


def test_start_warnings_are_shown_once_without_blocking(window: MainWindow) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.ui.application import show_warnings

    warning = "系统时钟比最后一条记录的时间早 120 秒"
    show_warnings(window, [warning])
    (box,) = [b for b in window.findChildren(QMessageBox) if b.objectName() == "startWarnings"]
    assert box.isVisible() and not box.isModal()
    assert warning in box.text()
    assert window.statusBar().currentMessage() == warning
    window.add_warning(warning)
    window.add_warning(warning)
    assert window.overview.warnings_label.text().count(warning) == 1


def test_lock_disables_panel_actions_and_status_widgets(make_window: Callable[..., MainWindow],
                                                        with_fake_panel: None) -> None:
    window = make_window()
    window.show()
    hook_button = QPushButton("同步：3 个待导出")
    window.statusBar().addPermanentWidget(hook_button)
    panel = FakePanel.created[-1]
    assert panel.action.isEnabled() and panel.status.isVisible()
    window.lock()
    assert not hook_button.isEnabled() and window.clock.isEnabled()
    assert not panel.action.isEnabled()
    assert not window.quit_action.isEnabled() and not window.about_action.isEnabled()
    assert not panel.status.isVisible()
    window.unlock(window.ctx.actor)
    assert hook_button.isEnabled()
    assert panel.action.isEnabled() and window.quit_action.isEnabled()
    assert panel.status.isVisible()
    assert not window.docks()[0].isHidden()


def test_station_time_zone_change_moves_the_clock(window: MainWindow, db: Database) -> None:
    from app.services import station

    window.run_service(station.set_setting, db, window.ctx.actor, "timezone", "Asia/Urumqi")
    assert window.ctx.station.timezone == "Asia/Urumqi"
    assert window.clock.text() == "Asia/Urumqi 2024年4月19日 03:54:10"


def test_a_bug_is_shown_not_swallowed(qapp, monkeypatch: pytest.MonkeyPatch, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    from app.ui import application
    from app.ui.application import report_bug

    monkeypatch.setattr(application, "_SHOWN_BUGS", set())
    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec",
                        lambda self: seen.append((self.text(), self.informativeText(), self.detailedText())) or 0)
    for _ in range(3):  # the same error again (a timer meeting a damaged row each minute): one box, not three
        try:
            raise KeyError("entry 42")
        except KeyError as error:
            report_bug(KeyError, error, error.__traceback__)
    ((text, info, details),) = seen
    assert "意外错误" in text and "KeyError" in info and "Traceback" in details
    try:
        raise KeyError("entry 43")
    except KeyError as error:
        report_bug(KeyError, error, error.__traceback__)
    assert len(seen) == 2  # another error is shown


def test_overview_turns_compact_when_panels_leave_little_room(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.show()
    window.resize(1280, 1000)
    qtbot.waitUntil(lambda: not window.overview.compact)
    assert window.overview.time_label.font().pointSize() == 44
    window.resize(1280, 420)
    qtbot.waitUntil(lambda: window.overview.compact)
    assert window.overview.time_label.font().pointSize() == 22
    assert window.overview.zone_label.isHidden()


def test_closing_the_check_early_leaves_the_thread_to_finish(qtbot, db: Database) -> None:  # type: ignore[no-untyped-def]
    dialog = CheckDialog(db)
    qtbot.addWidget(dialog)
    dialog.start()
    dialog.reject()
    assert CheckDialog._running
    CheckDialog.wait_all()
    assert not CheckDialog._running
