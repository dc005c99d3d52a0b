"""Shared fixtures: an isolated data/state dir per test, a fast KDF, a fresh station.

Every test runs on the engine `DUTYDESK_TEST_ENGINE` names (sqlite by default, postgresql with
`DUTYDESK_TEST_PG_URL`): see tests/engines.py — station database paths under the test's tmp
dir become fresh PostgreSQL databases, so a test written against `db`/`db_path` runs on both.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app import messages
from app.clock import datetime_to_ms
from app.services import accounts, passwords, station
from app.services.accounts import Actor
from app.storage.engine import Database
from tests import engines

engines.install()

passwords.fast_for_tests()
ADMIN_PASSWORD = "admin-pass-1"


class FakeWall:
    """A wall clock tests move by hand (ms since the epoch)."""

    def __init__(self, start: datetime = datetime(2024, 4, 19, 0, 0, tzinfo=UTC)) -> None:
        self.ms = datetime_to_ms(start)

    def __call__(self) -> int:
        return self.ms

    def advance(self, seconds: float) -> None:
        self.ms += int(seconds * 1000)

    def set(self, when: datetime) -> None:
        self.ms = datetime_to_ms(when)


@pytest.fixture(autouse=True)
def _isolated(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    base = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("DUTYDESK_STATE_DIR", str(base / "state"))
    monkeypatch.setenv("DUTYDESK_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "xdg-data"))
    monkeypatch.delenv("DUTYDESK_DB", raising=False)
    monkeypatch.delenv("DUTYDESK_PASSWORD", raising=False)
    messages.set_language("zh_CN")
    yield
    messages.set_language("zh_CN")


# -- engines (issue 10) -------------------------------------------------------------------------



def pytest_report_header(config: pytest.Config) -> str:
    return f"dutydesk engine: {engines.ENGINE}"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = "sqlite_only" if engines.on_postgresql() else "postgresql_only"
    reason = f"not on {engines.ENGINE} (marked {skip})"
    for item in items:
        if item.get_closest_marker(skip):
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if engines.SERVER is not None:
        engines.drop_retired()
        engines.SERVER.close()


@pytest.fixture(autouse=True)
def _engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """On PostgreSQL: station database paths of this test mean fresh server databases."""
    if engines.SERVER is None:
        yield
        return
    redirect = engines.Redirect(engines.SERVER, tmp_path_factory.getbasetemp())
    engines.set_current(redirect)
    try:
        yield
    finally:
        _quiet_qt()
        engines.set_current(None)
        engines.retire(redirect)


def _quiet_qt() -> None:
    """Windows a test left behind stop their timers: their database is about to be dropped, and
    a countdown firing in the next test would fail it. (Only stopped: deleting widgets Python
    still holds crashes PySide.)"""
    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    for widget in QApplication.topLevelWidgets():
        for timer in widget.findChildren(QTimer):
            timer.stop()
# -- end engines ----------------------------------------------------------------------------------


@pytest.fixture
def wall() -> FakeWall:
    return FakeWall()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "station.sqlite3"


@pytest.fixture
def db(db_path: Path, wall: FakeWall) -> Iterator[Database]:
    database = Database.open(str(db_path), wall=wall, create=True)
    station.initialize(database, name="巍山县应急管理局", code="532927", admin="admin", password=ADMIN_PASSWORD)
    yield database
    database.close()


@pytest.fixture
def admin(db: Database) -> Actor:
    return accounts.authenticate(db, "admin", ADMIN_PASSWORD)


def make_account(db: Database, admin: Actor, username: str, *roles: str, name: str = "") -> Actor:
    accounts.add_account(db, admin, username, f"{username}-pass", list(roles), display_name=name or username)
    return accounts.authenticate(db, username, f"{username}-pass")
