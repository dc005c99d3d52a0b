"""Fixtures shared by the duty-log panel tests (imported by the test_duty_log_* modules)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.services import duty_log, roles, station
from app.services.accounts import Actor
from app.services.demo.duty_synthetic import synthetic_payloads
from app.services.duty_log import EntryInput, EntryRow
from app.storage.engine import Database
from app.ui import i18n
from app.ui.panel_api import ChangeBus, SessionContext
from app.ui.panels.duty_log import worker
from app.ui.panels.duty_log.panel import SPEC, DutyLogPanel
from tests.conftest import FakeWall, make_account

START = datetime(2024, 4, 19, 0, 0, tzinfo=UTC)


@pytest.fixture
def lead(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "wanglei", roles.OPERATOR, roles.SHIFT_LEAD, name="王磊")


@pytest.fixture
def operator(db: Database, admin: Actor) -> Actor:
    return make_account(db, admin, "chenjing", roles.OPERATOR, name="陈静")


@pytest.fixture
def ctx(db: Database, lead: Actor) -> SessionContext:
    return SessionContext(db, lead, station.info(db), ChangeBus())


@pytest.fixture
def panel(qtbot, ctx: SessionContext) -> Iterator[DutyLogPanel]:  # type: ignore[no-untyped-def]
    widget = SPEC.create(ctx)
    assert isinstance(widget, DutyLogPanel)
    qtbot.addWidget(widget)
    widget.resize(1400, 800)
    widget.show()
    qtbot.waitExposed(widget)
    yield widget
    widget.timer.stop()
    worker.wait_all()


def settle(qtbot, panel: DutyLogPanel) -> None:  # type: ignore[no-untyped-def]
    """Wait for the counts running on worker threads to arrive."""
    qtbot.waitUntil(lambda: panel.model.exact and not panel._counting and not worker.busy(), timeout=15000)
    QCoreApplication.processEvents()


def add(db: Database, actor: Actor, wall: FakeWall, summary: str, **fields: object) -> EntryRow:
    """One entry through the service, a minute after the previous one."""
    wall.advance(60)
    _changes, row = duty_log.add_entry(db, actor, EntryInput(summary=summary, **fields))  # type: ignore[arg-type]
    return row


def bulk(db: Database, author: str, count: int) -> None:
    """`count` synthetic entries through the operation log (fast: one transaction)."""
    payloads = synthetic_payloads(count, seed=11, start_year=2023)
    # the search index must exist before a bulk write: on a brand-new database, creating it
    # inside the bulk transaction indexes the new rows twice (reported to the backend)
    duty_log.reindex(db)
    with db.write() as w:
        w.record_many([("duty.entry.add", p, author) for p in payloads])


def seed_story(db: Database, actor: Actor, wall: FakeWall) -> dict[str, EntryRow]:
    """A few realistic entries around the first Wuyin earthquake."""
    rows = {}
    rows["quake"] = add(db, actor, wall, "五印乡发生4.2级地震，震源深度10公里，暂无人员伤亡报告",
                        source_unit="大理州地震局", source_person="李明", phone="0872-2125555",
                        township="五印乡", category="incident", significant=True,
                        due_at=START + timedelta(minutes=30))
    rows["fire"] = add(db, actor, wall, "紫金乡森林火险等级橙色预警", source_unit="县气象局",
                       source_person="张华", phone="13908721999", township="紫金乡", category="warning")
    rows["fireworks"] = add(db, actor, wall, "烟花爆竹零售店检查，发现违规3家", source_unit="县市场监管局",
                            source_person="赵强", phone="0872-6123456", township="南诏镇",
                            category="inspection", direction="out")
    rows["routine"] = add(db, actor, wall, "Routine radio check with the forest-fire team", source_unit="扑火队",
                          channel="radio", category="routine")
    return rows


def install_language(lang: str) -> None:
    """Qt translations and message language for screenshots in zh_CN or en."""
    from app import messages

    app = QCoreApplication.instance()
    assert isinstance(app, QApplication)
    i18n.install_translators(app, lang)
    i18n.setup_font(app)
    messages.set_language(lang)


def answer_next_box(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Answer the next modal message box (recording its text) once it appears."""

    def poll() -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            seen.append(box.text())
            box.done(button)
            return
        QTimer.singleShot(20, poll)

    QTimer.singleShot(20, poll)


def type_text(widget: QWidget, text: str) -> None:
    """Type `text` (any script) into `widget` as key events, as an input method would."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


def find_child(parent: QWidget, kind: type, name: str) -> QWidget:
    found = parent.findChild(kind, name)
    assert found is not None, name
    return found  # type: ignore[no-any-return]


def wait_until(qtbot, predicate: Callable[[], bool], timeout: int = 5000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(predicate, timeout=timeout)
