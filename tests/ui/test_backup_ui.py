"""Backups in the window: the menu actions, the status label, automatic backups after a
handover and when due, the settings dialog with the keyboard, the restore dialog."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from app.services import backup
from app.storage.changes import Changes
from app.ui.dialogs.backup import dialogs as backup_dialogs
from app.ui.dialogs.backup.actions import BackupActions
from app.ui.panel_api import SessionContext
from tests.conftest import FakeWall

pytestmark = pytest.mark.sqlite_only


def _actions(make_window) -> BackupActions:  # type: ignore[no-untyped-def]
    window = make_window()  # the real main window: its dialog hooks install the backup actions
    actions = window.backup_actions
    assert isinstance(actions, BackupActions)
    names = {a.objectName() for a in window.menu("file").actions()}
    assert {"backupNow", "backupRestore"} <= names
    assert "backupSettings" in {a.objectName() for a in window.menu("tools").actions()}
    return actions


def test_handover_triggers_a_backup_and_the_label_follows(ctx: SessionContext, make_window, tmp_path: Path, zh_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.save(ctx.db, ctx.actor, targets=[str(usb)])
    actions = _actions(make_window)
    actions.label.refresh()
    assert actions.label.state == "never" and actions.label.text() == "尚未备份"
    changes = Changes()
    changes.touch("handover_sheet", "x")
    ctx.bus.publish(changes)
    assert actions.worker is not None
    qtbot.waitUntil(lambda: actions.worker is None, timeout=20000)
    assert actions.label.state == "ok" and actions.label.text().startswith("备份 ✓")
    assert [r.ok for r in actions.last_results] == [True]
    assert list(usb.glob("DutyDesk-532927-*.sqlite3"))
    assert backup.history(ctx.db)[0].trigger == "handover"


def test_a_missing_usb_stick_turns_the_label_red(ctx: SessionContext, make_window, tmp_path: Path, zh_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    backup.save(ctx.db, ctx.actor, targets=[str(tmp_path / "not-plugged-in")], every_hours=6)
    actions = _actions(make_window)
    actions.tick()  # due: never backed up
    qtbot.waitUntil(lambda: actions.worker is None, timeout=20000)
    assert actions.label.state == "failed" and "失败" in actions.label.text()
    assert "not-plugged-in" in actions.label.toolTip()
    wall = ctx.db.wall
    assert isinstance(wall, FakeWall)
    actions.tick()  # not due again for six hours
    assert actions.worker is None
    wall.advance(6 * 3600 + 1)
    actions.tick()
    assert actions.worker is not None
    actions.wait()


def test_settings_dialog_by_keyboard(ctx: SessionContext, qtbot, tmp_path: Path, zh_ui) -> None:  # type: ignore[no-untyped-def]
    dialog = backup_dialogs.BackupSettingsDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.add_folder(str(tmp_path))
    dialog.every.setFocus()
    dialog.every.selectAll()
    qtbot.keyClicks(dialog.every, "4")
    qtbot.keyClick(dialog.every, Qt.Key.Key_Return)  # Enter saves
    assert dialog.result() == 1
    assert backup.load(ctx.db).targets == [str(tmp_path)] and backup.load(ctx.db).every_hours == 4
    hint = dialog.sizeHint()
    assert hint.width() <= 1366 and hint.height() <= 768 - 40  # fits a 1366×768 laptop


def test_restore_dialog_refuses_then_restores(ctx: SessionContext, qtbot, tmp_path: Path, zh_ui, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "b"
    target.mkdir()
    made = backup.make_backup(ctx.db, target)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: QMessageBox.StandardButton.Ok)
    dialog = backup_dialogs.RestoreDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.restore_button.isEnabled()
    dialog.source.setText(str(tmp_path / "nothing.sqlite3"))
    dialog.target.setText(str(tmp_path / "new.sqlite3"))
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.error.isVisibleTo(dialog) and "不存在" in dialog.error.text()
    assert not (tmp_path / "new.sqlite3").exists()
    dialog.source.setText(made.path)
    qtbot.keyClick(dialog.target, Qt.Key.Key_Return)  # Enter restores (the default button)
    assert dialog.result_info is not None and (tmp_path / "new.sqlite3").exists(), dialog.error.text()
    assert dialog.result_info.new_replica != ctx.db.replica_id
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None


def test_about_names_the_last_backup(ctx: SessionContext, qtbot, tmp_path: Path, zh_ui) -> None:  # type: ignore[no-untyped-def]
    from app.ui.dialogs.about import AboutDialog

    made = backup.make_backup(ctx.db, tmp_path)
    dialog = AboutDialog(ctx.db)
    qtbot.addWidget(dialog)
    rows = dict(dialog.rows)
    assert made.path in rows["最近备份"] and "已校验" in rows["最近备份"]
