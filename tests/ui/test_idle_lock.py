"""Automatic lock after idle time: real input events (pytest-qt key presses and mouse clicks) on
the real main window, a fake monotonic clock moved by the test, the station setting read live."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from app.errors import PermissionDenied, ValidationError
from app.services import desktop
from app.services.accounts import Actor
from app.storage.engine import Database
from app.ui.idle_lock import IdleLock
from app.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD, make_account


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def idle(qapp: QApplication, window: MainWindow, db: Database, clock: FakeClock) -> Iterator[IdleLock]:
    window.show()
    guard = IdleLock(qapp, lock=window.lock, can_lock=lambda: window.isVisible() and not window.is_locked,
                     minutes=lambda: desktop.idle_lock_minutes(db), clock=clock, interval_ms=20)
    yield guard
    guard.stop()


def test_default_is_fifteen_minutes(db: Database) -> None:
    assert desktop.idle_lock_minutes(db) == 15


def test_locks_after_fifteen_idle_minutes_by_the_timer(qtbot, idle: IdleLock, window: MainWindow,  # type: ignore[no-untyped-def]
                                                       clock: FakeClock) -> None:
    clock.advance(14.9)
    qtbot.wait(80)  # the timer ran several times: not yet
    assert not window.is_locked
    clock.advance(0.2)
    qtbot.waitUntil(lambda: window.is_locked, timeout=2000)
    assert window.stack.currentWidget() is window.lock_screen
    assert idle.locks == 1


def test_key_presses_and_clicks_restart_the_count(qtbot, idle: IdleLock, window: MainWindow,  # type: ignore[no-untyped-def]
                                                  clock: FakeClock) -> None:
    clock.advance(10)
    seen = idle.input_events
    qtbot.keyClick(window, Qt.Key.Key_Tab)
    assert idle.input_events > seen
    clock.advance(10)  # 20 min since the start, 10 since the key
    assert not idle.check()
    qtbot.mouseClick(window.menuBar(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    QApplication.processEvents()
    clock.advance(14)
    assert not idle.check() and not window.is_locked
    clock.advance(1)
    assert idle.check() and window.is_locked


def test_unlock_then_idle_again_locks_again(qtbot, idle: IdleLock, window: MainWindow,  # type: ignore[no-untyped-def]
                                            clock: FakeClock) -> None:
    clock.advance(15)
    assert idle.check()
    window.lock_screen.password.setFocus()
    qtbot.keyClicks(window.lock_screen.password, ADMIN_PASSWORD)
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    assert not window.is_locked
    assert not idle.check()  # the typing just now was input
    clock.advance(15)
    assert idle.check() and window.is_locked
    assert not idle.check()  # already locked: nothing more
    assert idle.locks == 2


def test_station_setting_changes_the_time_and_zero_turns_it_off(idle: IdleLock, window: MainWindow, db: Database,
                                                                admin: Actor, clock: FakeClock) -> None:
    desktop.set_idle_lock_minutes(db, admin, 5)
    clock.advance(5)
    assert idle.check() and window.is_locked
    window.unlock()
    desktop.set_idle_lock_minutes(db, admin, 0)
    clock.advance(600)
    assert not idle.check() and not window.is_locked


def test_hidden_window_is_not_locked(idle: IdleLock, window: MainWindow, clock: FakeClock) -> None:
    window.hide()  # signing out: the sign-in dialog is up, the window comes back unlocked
    clock.advance(30)
    assert not idle.check() and not window.is_locked


def test_bad_setting_is_refused_and_only_admins_change_it(db: Database, admin: Actor) -> None:
    with pytest.raises(ValidationError) as bad:
        desktop.set_idle_lock_minutes(db, admin, 241)
    assert "241" in bad.value.message and "0 到 240" in bad.value.message
    operator = make_account(db, admin, "wanglei", "operator", name="王磊")
    with pytest.raises(PermissionDenied):
        desktop.set_idle_lock_minutes(db, operator, 5)
    assert desktop.idle_lock_minutes(db) == 15


def test_window_title_carries_the_program_name(qapp: QApplication, make_window: Callable[..., MainWindow],
                                               no_plugins: None, zh_ui: None) -> None:
    from app.ui.application import DISPLAY_NAMES, app_icon, set_language

    set_language(qapp, "zh_CN")
    window = make_window()
    assert QApplication.applicationDisplayName() == DISPLAY_NAMES["zh_CN"] == "应急值守台"
    assert window.windowTitle() == "巍山县应急管理局 — admin"  # Qt appends " — 应急值守台"
    icon = app_icon()
    assert not icon.isNull()
    assert {s.width() for s in icon.availableSizes()} >= {16, 32, 48, 256}


def test_garbage_is_collected_by_the_timer_only(qapp: QApplication) -> None:
    import gc

    from app.ui.gc_timer import GcTimer

    gc.enable()  # as the program starts (the GUI tests' own fixture turns it off)
    collector = GcTimer(qapp, interval_ms=60_000)
    try:
        assert not gc.isenabled()
        for _ in range(collector.thresholds[0] + 10):
            cycle: list[object] = []
            cycle.append(cycle)
        collector.check()
        assert collector.collections == 1
    finally:
        collector.stop()
    assert gc.isenabled()
