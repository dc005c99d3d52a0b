"""Two programs on one database file (issue 8, finding 1).

Opening and closing the database file outside SQLite inside the process that holds it drops
SQLite's POSIX locks; a second process then deletes the WAL. These tests hold a pooled
connection as the GUI does, walk every file dialog of the program in the database's own folder
(the database named so that Qt cannot tell its type from the name and would read it), then
write from a second `dutydesk` process: the WAL must still be there, no record lost, no number
reused, and `dutydesk check` must pass.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

from app.errors import UserError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryInput
from app.storage import file_guard
from app.storage.engine import Database
from app.ui.panel_api import SessionContext
from tests.conftest import make_account

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    folder = tmp_path / "station-folder"
    folder.mkdir()
    return folder / "dutydesk-station"  # no extension: Qt's MIME lookup would read the file


def run_cli(db: Path, *args: str, password: str = "wanglei-pass") -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, DUTYDESK_PASSWORD=password, DUTYDESK_LANG="en", PYTHONPATH=str(REPO))
    return subprocess.run([sys.executable, "-m", "app", "--db", str(db), *args], capture_output=True, text=True,
                          env=env, timeout=120, cwd=str(REPO))


def hold_connection(db: Database) -> Iterator[object]:
    with db.read() as conn:  # a pooled connection, open like the GUI's
        conn.exec_driver_sql("SELECT count(*) FROM oplog").scalar()
        yield conn


def wal(db_path: Path) -> Path:
    return Path(str(db_path) + "-wal")


def second_process_writes(db: Database, db_path: Path, actor: Actor) -> None:
    """The CLI lists and adds while we hold the file; then we add; numbers differ; check passes."""
    assert wal(db_path).exists()
    listed = run_cli(db_path, "log", "list")
    assert listed.returncode == 0, listed.stderr
    assert wal(db_path).exists(), "a second process deleted the WAL: this process dropped SQLite's locks"
    added = run_cli(db_path, "log", "add", "--as", "wanglei", "--summary", "CLI entry while the GUI holds the file")
    assert added.returncode == 0, added.stderr
    _changes, ours = duty_log.add_entry(db, actor, EntryInput(summary="GUI entry after the CLI"))
    assert wal(db_path).exists()
    shown = run_cli(db_path, "log", "list", "--json")
    entries = json.loads(shown.stdout)
    numbers = [e["no"] for e in entries]
    assert len(numbers) == len(set(numbers)) == 2, numbers
    assert ours.no in numbers
    db.close()
    checked = run_cli(db_path, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr


# -- the guard ---------------------------------------------------------------------------------


@pytest.mark.sqlite_only  # the database file, its -wal and POSIX locks: SQLite's alone
def test_the_open_database_file_cannot_be_opened_copied_hashed_or_replaced(db: Database, db_path: Path,
                                                                            tmp_path: Path) -> None:
    link = tmp_path / "another-name"
    link.symlink_to(db_path)
    attempts: list[Callable[[], object]] = [
        lambda: open(db_path, "rb").read(16),  # noqa: SIM115 - the very thing refused
        lambda: open(link, "rb").read(16),  # noqa: SIM115
        lambda: db_path.read_bytes(),
        lambda: os.open(db_path, os.O_RDONLY),
        lambda: hashlib.sha256(Path(str(db_path) + "-wal").read_bytes()),
        lambda: shutil.copyfile(db_path, tmp_path / "copy"),
        lambda: shutil.copyfile(tmp_path / "other", db_path),
        lambda: os.replace(tmp_path / "other", db_path),
        lambda: os.remove(Path(str(db_path) + "-shm")),
    ]
    (tmp_path / "other").write_text("x")
    with db.read() as conn:
        conn.exec_driver_sql("SELECT 1").scalar()
        for attempt in attempts:
            with pytest.raises(file_guard.DatabaseFileTouched) as caught:
                attempt()
            assert isinstance(caught.value, UserError) and "正在使用的数据库文件" in caught.value.message
    assert (tmp_path / "other").exists()
    db.close()
    assert db_path.read_bytes()[:16] == b"SQLite format 3\x00"  # closed: no longer guarded


@pytest.mark.sqlite_only  # the database file, its -wal and POSIX locks: SQLite's alone
def test_importing_the_database_itself_is_refused_and_the_wal_survives(db: Database, db_path: Path,
                                                                      admin: Actor) -> None:
    from app.sync import importer

    actor = make_account(db, admin, "wanglei", "operator", name="王磊")
    for _held in hold_connection(db):
        for path in (db_path, Path(str(db_path) + "-wal")):
            with pytest.raises(UserError):
                importer.import_file(db, actor, path)
        second_process_writes(db, db_path, actor)


# -- every file dialog of the program ---------------------------------------------------------------


class DialogWalker:
    """Answers each file dialog: moves it to the database's folder, lets it list the folder
    (icons, types, the completer), then cancels."""

    def __init__(self, qtbot, folder: Path) -> None:  # type: ignore[no-untyped-def]
        self.qtbot = qtbot
        self.folder = folder
        self.seen: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QFileDialog) and widget.isVisible() and widget.property("walked") is None:
            widget.setProperty("walked", True)
            self.seen.append(widget.windowTitle())
            widget.setDirectory(str(self.folder))
            widget.setViewMode(QFileDialog.ViewMode.Detail)
            QTimer.singleShot(700, widget.reject)  # the folder's files are listed meanwhile
        elif isinstance(widget, QWidget) and widget.isVisible() and not isinstance(widget, QFileDialog) \
                and widget.objectName() in ("syncPassphrase", "serviceError"):
            widget.close()


@pytest.fixture
def walker(qtbot, db_path: Path) -> Iterator[DialogWalker]:  # type: ignore[no-untyped-def]
    w = DialogWalker(qtbot, db_path.parent)
    yield w
    w.timer.stop()


@pytest.mark.sqlite_only  # the database file, its -wal and POSIX locks: SQLite's alone
def test_every_file_dialog_leaves_the_database_file_alone(qtbot, db: Database, db_path: Path, admin: Actor,  # type: ignore[no-untyped-def]
                                                          walker: DialogWalker, make_window) -> None:
    from app.ui.dialogs.sync.menu import ExportDialog
    from app.ui.dialogs.sync.trust import TrustDialog

    actor = make_account(db, admin, "wanglei", "operator", name="王磊")
    window = make_window()
    ctx: SessionContext = window.ctx
    for _held in hold_connection(db):
        window.sync_actions.import_files()
        trust_dialog = TrustDialog(ctx, window)
        trust_dialog.add_card()
        trust_dialog.save_card()
        ExportDialog(ctx, window)._browse()
        panel = next(p.panel for p in window.panels() if p.spec.panel_id == "duty_log")
        panel.export_dialog()
        from app.ui.dialogs.shifts import sheet_view

        sheet_view.save_pdf({"sheet_no": "1"}, "zh_CN", window)
        from app.ui.dialogs.shifts.rota import RotaDialog

        rota = RotaDialog(ctx, window)
        rota.export("pdf")
        rota.export("xlsx")
        assert len(walker.seen) >= 7, walker.seen
        second_process_writes(db, db_path, actor)


def test_no_file_dialog_bypasses_app_ui_file_dialogs() -> None:
    """Qt's static file dialogs (or a native one) sniff file contents: every dialog goes through
    app/ui/file_dialogs.py, which never reads a file and refuses the database."""
    offenders = []
    for source in sorted((REPO / "app").rglob("*.py")):
        if source.name == "file_dialogs.py" and source.parent.name == "ui":
            continue
        text = source.read_text(encoding="utf-8")
        for marker in ("QFileDialog.get", "QFileDialog(", "QMimeDatabase"):
            if marker in text:
                offenders.append(f"{source.relative_to(REPO)}: {marker}")
    assert offenders == []


def test_a_name_typed_without_extension_gets_the_filters(qtbot: object, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trial saved a count sheet as "1e309" (no .pdf) in the home folder."""
    from app.ui import file_dialogs

    suffixes: list[str] = []
    monkeypatch.setattr(file_dialogs, "_run", lambda dialog, _parent: suffixes.append(dialog.defaultSuffix()) or [])
    file_dialogs.save_file(None, "PDF", "PD-2024-0001.pdf", "PDF (*.pdf)")
    file_dialogs.save_file(None, "Excel", "x.xlsx", "Excel (*.xlsx);;All (*)")
    file_dialogs.save_file(None, "Bundle", "b", "", suffix=".ddsync")
    assert suffixes == ["pdf", "xlsx", "ddsync"]
