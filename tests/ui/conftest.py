"""GUI test fixtures (pytest-qt, offscreen): translators, a session context on the station of
tests/conftest.py, a main window with an isolated QSettings file and a fixed clock."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QtMsgType
from PySide6.QtWidgets import QApplication

from app import messages
from app.services import station
from app.services.accounts import Actor
from app.storage.engine import Database
from app.ui import gc_timer, i18n, panel_host, pyside_guard
from app.ui.main_window import MainWindow
from app.ui.panel_api import ChangeBus, SessionContext
from tests.conftest import make_account
from tests.ui.robot.driver import ALLOWED_WARNINGS

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pyside_guard.keep_singletons_alive()

@pytest.fixture(autouse=True)
def _collect_on_the_gui_thread() -> Iterator[None]:
    """No automatic garbage collection during a GUI test, as in the program (app/ui/gc_timer.py);
    after pytest-qt closed the test's windows, the generations that are due are collected here,
    on the GUI thread.

    Left automatic, a collection may start in a background thread (the sync status thread, an
    import job) and destroy Qt objects of a window closed earlier there, off the GUI thread. CI
    hung on it: the status thread inside `QObject::~QObject` waited for the GIL while the GUI
    thread, collecting as well while it closed a window, waited for Qt's mutex."""
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc_timer.collect_due(THRESHOLDS)
    if was_enabled:
        gc.enable()


THRESHOLDS = gc.get_threshold()


def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    """After the last GUI test, everything is collected here, on the GUI thread: what is left of
    the GUI tests is not met later by a collection in some other test's thread."""
    if nextitem is None or Path(__file__).parent not in Path(nextitem.path).parents:
        gc.collect()


@pytest.fixture(autouse=True)
def _qt_warnings_fail(request: pytest.FixtureRequest) -> Iterator[None]:
    """A Qt warning fails the test (qutebrowser's rule): it is a defect Qt noticed. Only the
    messages in tests/ui/robot/driver.py's ALLOWED_WARNINGS pass, each with its written reason."""
    if "qtlog" not in request.fixturenames and "qtbot" not in request.fixturenames:
        yield
        return
    qtlog = request.getfixturevalue("qtlog")
    yield
    bad = [r.message for r in qtlog.records
           if r.type in (QtMsgType.QtWarningMsg, QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg)
           and not any(allowed in r.message for allowed in ALLOWED_WARNINGS)]
    if bad:
        pytest.fail("Qt warnings:\n" + "\n".join(bad), pytrace=False)


FIXED_NOW = datetime(2024, 4, 18, 21, 54, 10, tzinfo=UTC)  # 2024年4月19日 05:54:10 in Beijing


def fixed_now() -> datetime:
    return FIXED_NOW


@pytest.fixture
def zh_ui(qapp: QApplication) -> Iterator[None]:
    """The program's zh_CN translations installed (as `dutydesk gui` does by default)."""
    messages.set_language("zh_CN")
    i18n.install_translators(qapp, "zh_CN")
    yield
    i18n.remove_translators(qapp)


@pytest.fixture
def en_ui(qapp: QApplication) -> Iterator[None]:
    messages.set_language("en")
    i18n.install_translators(qapp, "en")
    yield
    messages.set_language("zh_CN")


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "layout.ini"), QSettings.Format.IniFormat)


def context(db: Database, actor: Actor) -> SessionContext:
    return SessionContext(db=db, actor=actor, station=station.info(db), bus=ChangeBus(),
                          language=messages.language())


@pytest.fixture
def ctx(db: Database, admin: Actor) -> SessionContext:
    return context(db, admin)


@pytest.fixture
def operator(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "wanglei", "operator", name="王磊")


@pytest.fixture
def no_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    """No panels and no install() hooks: the window as the foundation alone builds it."""
    monkeypatch.setattr(panel_host, "discover_panels", lambda package="app.ui.panels": panel_host.Discovery())
    monkeypatch.setattr(panel_host, "discover_installers", lambda package="app.ui.dialogs": panel_host.Discovery())


@pytest.fixture
def make_window(qtbot, ctx: SessionContext, settings: QSettings) -> Callable[..., MainWindow]:  # type: ignore[no-untyped-def]
    def make(**kwargs: object) -> MainWindow:
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("now", fixed_now)
        window = MainWindow(kwargs.pop("ctx", ctx), **kwargs)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        return window

    return make


@pytest.fixture
def window(make_window: Callable[..., MainWindow], no_plugins: None, zh_ui: None) -> MainWindow:
    return make_window()
