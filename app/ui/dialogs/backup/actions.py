"""The backup menu actions, the status-bar label and the automatic backups."""

from __future__ import annotations

from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from app.services import backup, roles
from app.storage.changes import Changes
from app.ui import file_dialogs
from app.ui.dialogs.backup.dialogs import BackupSettingsDialog, RestoreDialog
from app.ui.dialogs.backup.worker import BackupWorker
from app.ui.panel_api import SessionContext

CHECK_EVERY_MS = 60_000
HANDOVER_TABLE = "handover_sheet"


class BackupStatusLabel(QLabel):
    """最近备份 …: green when fine, red when the latest attempt failed or none for too long."""

    def __init__(self, ctx: SessionContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("backupStatus")
        self.state = "never"

    def refresh(self) -> None:
        if not shiboken6.isValid(self):
            return
        try:
            summary = backup.summary(self.ctx.db)
        except Exception as error:  # the database is unreachable: say so rather than nothing
            self.state = "failed"
            self.setText(QCoreApplication.translate("BackupMenu", "Backup: unknown"))
            self.setToolTip(str(error))
            self.setStyleSheet("color: #b00020")
            return
        self.state = summary.state
        short = {"ok": QCoreApplication.translate("BackupMenu", "Backup ✓"), "failed": QCoreApplication.translate("BackupMenu", "Backup FAILED"), "overdue": QCoreApplication.translate("BackupMenu", "Backup overdue"),
                 "never": QCoreApplication.translate("BackupMenu", "No backup yet")}[summary.state]
        if summary.last is not None and summary.state == "ok":
            from app import formatting
            from app.clock import ms_to_datetime

            short = QCoreApplication.translate("BackupMenu", "Backup ✓ %1").replace(
                "%1", formatting.short_datetime(ms_to_datetime(summary.last.finished_ms), self.ctx.station.zone))
        self.setText(short)
        self.setToolTip(summary.text)
        self.setStyleSheet("" if summary.state == "ok" else "color: #b00020; font-weight: bold")


class BackupActions:
    """Owns the actions, the label, the timer and the one running worker."""

    _running: ClassVar[set[BackupWorker]] = set()

    def __init__(self, window: Any) -> None:
        self.window = window
        self.ctx: SessionContext = window.ctx
        self.worker: BackupWorker | None = None
        self.last_results: list[backup.BackupResult] = []
        file = window.menu("file")
        tools = window.menu("tools")
        file.addSeparator()
        self.backup_action = file.addAction(QCoreApplication.translate("BackupMenu", "&Back up now"), self.back_up_now)
        self.backup_action.setObjectName("backupNow")
        self.restore_action = file.addAction(QCoreApplication.translate("BackupMenu", "&Restore from a backup…"), self.show_restore)
        self.restore_action.setObjectName("backupRestore")
        self.settings_action = tools.addAction(QCoreApplication.translate("BackupMenu", "&Backup settings…"), self.show_settings)
        self.settings_action.setObjectName("backupSettings")
        self.label = BackupStatusLabel(self.ctx)
        window.statusBar().addPermanentWidget(self.label)
        self.timer = QTimer(window)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.ctx.bus.changes_applied.connect(self.on_changes)
        if hasattr(window, "session_changed"):
            window.session_changed.connect(lambda _actor: self.update_actions())
        QTimer.singleShot(0, self.label.refresh)
        self.update_actions()

    # -- state ---------------------------------------------------------------------------------

    def update_actions(self) -> None:
        actor = self.ctx.actor
        self.settings_action.setEnabled(actor is not None and roles.ADMIN in actor.roles)
        busy = self.worker is not None
        self.backup_action.setEnabled(not busy)

    def on_changes(self, changes: Changes) -> None:
        if HANDOVER_TABLE in changes:  # every handover is followed by a backup to the configured folders
            self.start(trigger="handover")

    def tick(self) -> None:
        try:
            if backup.due(self.ctx.db):
                self.start(trigger="timer")
        except Exception:  # the database is unreachable for a moment: the label says so
            pass
        self.label.refresh()

    # -- running -------------------------------------------------------------------------------

    def start(self, *, trigger: str, targets: list[str] | None = None) -> BackupWorker | None:
        """Start a backup on the worker thread unless one is running; returns the worker."""
        if self.worker is not None:
            return None
        db = self.ctx.db

        def job() -> list[backup.BackupResult]:
            if targets is not None:
                return [backup.make_backup(db, t, trigger=trigger) for t in targets]
            return backup.run_configured(db, trigger=trigger)

        worker = BackupWorker(job)
        self.worker = worker
        BackupActions._running.add(worker)
        worker.finished.connect(lambda: self._finished(worker))
        self.update_actions()
        self.window.statusBar().showMessage(QCoreApplication.translate("BackupMenu", "Backing up…"), 5000)
        worker.start()
        return worker

    def _finished(self, worker: BackupWorker) -> None:
        BackupActions._running.discard(worker)
        self.worker = None
        self.last_results = list(worker.result or [])
        self.update_actions()
        self.label.refresh()
        failed = [r for r in self.last_results if not r.ok]
        if worker.error or failed:
            text = worker.error or "\n".join(r.message for r in failed)
            self.window.statusBar().showMessage(QCoreApplication.translate("BackupMenu", "Backup failed: %1").replace("%1", text.splitlines()[0]), 15000)
        elif self.last_results:
            self.window.statusBar().showMessage(
                QCoreApplication.translate("BackupMenu", "Backed up and verified: %1").replace("%1", self.last_results[-1].path), 10000)

    def wait(self, ms: int = 30000) -> None:
        """Tests: wait for the running backup and deliver its result."""
        worker = self.worker
        if worker is not None:
            worker.wait(ms)
            QCoreApplication.processEvents()

    # -- menu actions --------------------------------------------------------------------------

    def back_up_now(self) -> BackupWorker | None:
        settings = backup.load(self.ctx.db)
        targets = None
        if not settings.targets:
            folder = file_dialogs.existing_folder(self.window, QCoreApplication.translate("BackupMenu", "Back up into which folder?"))
            if not folder:
                return None
            targets = [folder]
        return self.start(trigger="manual", targets=targets)

    def show_settings(self) -> BackupSettingsDialog | None:
        if self.ctx.actor is None or roles.ADMIN not in self.ctx.actor.roles:
            QMessageBox.information(self.window, QCoreApplication.translate("BackupMenu", "Backup settings"),
                                    QCoreApplication.translate("BackupMenu", "Only an administrator can change where backups go."))
            return None
        dialog = BackupSettingsDialog(self.ctx, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.label.refresh()
        return dialog

    def show_restore(self) -> RestoreDialog:
        dialog = RestoreDialog(self.ctx, self.window)
        dialog.exec()
        return dialog
