"""Sync in the GUI: menus, export / import off the GUI thread with Cancel, trust, conflicts, status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from app.services import accounts
from app.sync import card
from app.ui.dialogs.sync import menu as sync_menu
from app.ui.dialogs.sync.conflicts import ConflictsDialog
from app.ui.dialogs.sync.trust import TrustDialog
from app.ui.main_window import MainWindow
from tests.conftest import FakeWall
from tests.ui.conftest import context
from tests.unit.test_sync_support import (
    _key_passphrase,  # noqa: F401  (autouse fixture)
    dump,
    make_station,
    receive,
    send,
    trust_card,
)

SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def shot(widget: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    widget.grab().save(str(SHOTS / name))


@pytest.fixture
def synced(window: MainWindow) -> sync_menu.SyncActions:
    sync_menu.install(window)
    return window.sync_actions  # type: ignore[attr-defined, no-any-return]


@pytest.fixture
def peer(tmp_path: Path, window: MainWindow) -> Any:
    other = make_station(tmp_path / "peer", "南诏镇", "532927101", FakeWall(), "nz_admin")
    ctx = window.ctx
    path = tmp_path / "peer.card"
    c = card.write_card(other.db, path)
    from app.sync import trust

    trust.add_card(ctx.db, ctx.actor, card.read_card(path), c.fingerprint)
    yield other
    other.db.close()


def wait_job(qtbot: Any, actions: sync_menu.SyncActions) -> Any:
    job = actions.last_job
    assert job is not None
    qtbot.waitUntil(lambda: not job.running and job.cancel_button.text() in ("关闭", "Close"), timeout=30000)
    return job


def test_menus_and_status_label(synced: sync_menu.SyncActions, window: MainWindow, qtbot: Any) -> None:
    file_texts = [a.text() for a in window.menu("file").actions()]
    tool_texts = [a.text() for a in window.menu("tools").actions()]
    assert "导出给…(&E)" in file_texts or any("导出" in t for t in file_texts)
    assert any("导入" in t for t in file_texts)
    assert any("受信任" in t for t in tool_texts) and any("冲突" in t for t in tool_texts)
    qtbot.waitUntil(lambda: synced.label.status is not None, timeout=10000)
    assert "同步" in synced.label.text()
    window.resize(1100, 600)
    window.show()
    shot(window, "sync_window.png")


def test_export_and_import_off_the_gui_thread(synced: sync_menu.SyncActions, window: MainWindow, peer: Any,
                                              tmp_path: Path, qtbot: Any) -> None:
    out = tmp_path / "usb"
    out.mkdir()
    synced.export_for(peer.db.station_id, str(out), show=False)
    job = wait_job(qtbot, synced)
    assert job.error_text == "" and job.result.path.exists()
    shot(job, "sync_export.png")
    trust_card(peer, make_station_view(window, tmp_path))
    accounts.add_account(peer.db, peer.admin, "lixy", "operator-pass", ["operator"])
    bundle = send(peer, None, out)
    seen: list[Any] = []
    window.bus.changes_applied.connect(seen.append)
    synced.import_files([str(bundle)], show=False)
    job = wait_job(qtbot, synced)
    report = job.report_view.toPlainText()
    assert "新增 0 条" not in report and "隔离 0 条" in report, report
    # the window hears of the changes from the menu's own slot on the worker's finished signal, queued
    # after the dialog's: once, under load in CI (both engine legs at once), the Close button was seen first
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert "account" in seen[-1], (report, seen)
    assert accounts.get_account(window.ctx.db, "lixy", peer.db.station_id) is not None  # the peer's account
    shot(job, "sync_import.png")
    synced.import_files([str(bundle)], show=False)
    job = wait_job(qtbot, synced)
    assert "导入过" in job.report_view.toPlainText()
    synced.export_for(peer.db.station_id, str(tmp_path / "no-such-stick"), show=False)
    job = wait_job(qtbot, synced)
    assert job.error_text and job.progress.isHidden()  # the refusal is not shown under a full bar


def make_station_view(window: MainWindow, tmp_path: Path) -> Any:
    """The window's own station as a test Station (to give its card to the peer)."""
    from tests.unit.test_sync_support import Station

    return Station(window.ctx.db, window.ctx.actor, window.ctx.station.code, tmp_path / "own")


def test_cancel_before_commit_changes_nothing(synced: sync_menu.SyncActions, window: MainWindow, peer: Any,
                                              tmp_path: Path, qtbot: Any) -> None:
    trust_card(peer, make_station_view(window, tmp_path))
    with peer.db.write() as w:
        w.record_many([("test.bulk", {"n": i}, "nz_admin") for i in range(3000)])
    bundle = send(peer, None, tmp_path / "usb")
    before = dump(window.ctx.db)
    dialog = synced.run_job("导入", sync_menu.import_job(window.ctx.db, window.ctx.actor, [bundle]), show=False)
    dialog.worker.cancel_requested.set()
    qtbot.waitUntil(lambda: not dialog.running and dialog.cancel_button.text() == "关闭", timeout=30000)
    assert "取消" in dialog.error_text
    assert dump(window.ctx.db) == before
    receive(make_station_view(window, tmp_path), bundle)  # and it imports fine afterwards


def test_trust_dialog(window: MainWindow, peer: Any, tmp_path: Path, qtbot: Any,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kw: warnings.append(args[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *args, **kw: None)
    dialog = TrustDialog(window.ctx, window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 0).text() == "南诏镇"
    assert "口令加密" in dialog.keyring.text()
    third = make_station(tmp_path / "third", "大仓镇", "532927102", FakeWall(), "dc_admin")
    path = tmp_path / "third.card"
    c = card.write_card(third.db, path)
    assert not dialog.add_card(str(path), "0000-0000-0000-0000")
    assert warnings and "指纹不一致" in warnings[-1]
    assert dialog.add_card(str(path), c.fingerprint, county=True)
    assert dialog.table.rowCount() == 2
    assert dialog.save_card(str(tmp_path / "own.card.json"))
    assert "指纹" in dialog.own.text()
    dialog.show()
    shot(dialog, "sync_trust.png")
    third.db.close()


@pytest.mark.sqlite_only  # the second replica is a copy of the database file
def test_conflicts_dialog_resolves(window: MainWindow, peer: Any, tmp_path: Path, qtbot: Any) -> None:
    ctx = window.ctx
    own = make_station_view(window, tmp_path)
    trust_card(peer, own)
    accounts.add_account(ctx.db, ctx.actor, "wanglei", "wanglei-pass", ["operator"], phone="13908721301")
    usb = tmp_path / "usb"
    # an account is edited only at its own station: the concurrent editor is a second replica of
    # this station (its database copied, through SQLite's backup API, to another PC)
    import sqlite3

    from app.storage.engine import Database
    from tests.unit.test_sync_support import Station

    copy = tmp_path / "second-pc" / "station.sqlite3"
    copy.parent.mkdir()
    assert ctx.db.path is not None
    with sqlite3.connect(ctx.db.path) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    second = Station(Database.open(str(copy), wall=ctx.db.wall), ctx.actor, own.code, copy.parent)
    accounts.update_account(ctx.db, ctx.actor, "wanglei", phone="13908720001")
    ctx.db.wall.advance(5)  # type: ignore[attr-defined]  # the second PC's edit comes later
    accounts.update_account(second.db, ctx.actor, "wanglei", phone="13908720002")
    receive(own, send(second, None, usb))
    second.db.close()
    dialog = ConflictsDialog(context(ctx.db, ctx.actor), window)
    qtbot.addWidget(dialog)
    assert dialog.fields.rowCount() == 1
    assert dialog.fields.item(0, 2).text() == "13908720002" and dialog.fields.item(0, 5).text() == "13908720001"
    dialog.show()
    shot(dialog, "sync_conflicts.png")
    assert dialog.resolve("loser", 0)
    assert dialog.fields.rowCount() == 0
    assert accounts.get_account(ctx.db, "wanglei").phone == "13908720001"  # type: ignore[union-attr]


def test_import_parked_with_nothing_parked(synced: sync_menu.SyncActions, qtbot: Any) -> None:
    synced.import_parked(show=False)
    job = wait_job(qtbot, synced)
    assert job.error_text == "" and job.report_view.toPlainText() == "没有需要导入的同步包。"


def test_a_large_import_through_the_worker_and_its_cancel(synced: sync_menu.SyncActions, window: MainWindow,
                                                         peer: Any, tmp_path: Path, qtbot: Any,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The import dialog's job (a thread of the GUI) with the worker process reading parts
    ahead: Cancel changes nothing and leaves no process behind; the import then goes through."""
    import concurrent.futures
    import multiprocessing

    from app.services.demo.duty_synthetic import synthetic_payloads
    from app.sync import bundle as bundle_mod
    from app.sync import importer, prepare

    monkeypatch.setattr(bundle_mod, "OPS_PER_PART", 30)
    monkeypatch.setattr(importer, "BATCH", 60)
    monkeypatch.setattr(prepare, "WORKER_MIN_OPS", 0)
    monkeypatch.setattr(prepare.PartSource, "_ready", lambda self, future: bool(concurrent.futures.wait([future])))
    answered: list[int] = []
    leave = prepare.PartSource.__exit__

    def recording(self: prepare.PartSource, *exc: object) -> None:
        answered.append(self.answered)
        leave(self, *exc)

    monkeypatch.setattr(prepare.PartSource, "__exit__", recording)
    trust_card(peer, make_station_view(window, tmp_path))
    payloads = synthetic_payloads(240)
    with peer.db.write() as w:
        w.record_many([("duty.entry.add", next(payloads), "nz_admin") for _ in range(240)])
    bundle = send(peer, None, tmp_path / "usb")
    before = dump(window.ctx.db)
    dialog = synced.run_job("导入", sync_menu.import_job(window.ctx.db, window.ctx.actor, [bundle]), show=False)
    dialog.worker.cancel_requested.set()
    qtbot.waitUntil(lambda: not dialog.running and dialog.cancel_button.text() == "关闭", timeout=30000)
    assert "取消" in dialog.error_text and dump(window.ctx.db) == before
    qtbot.waitUntil(lambda: not [p for p in multiprocessing.active_children() if "Process" in type(p).__name__],
                    timeout=20000)
    synced.import_files([str(bundle)], show=False)
    job = wait_job(qtbot, synced)
    assert "新增" in job.report_view.toPlainText() and answered[-1] > 0
    with window.ctx.db.read() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM duty_entry").scalar_one() >= 240
