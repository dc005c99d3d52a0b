"""Sync in the main window: File → Export for… / Import…, Tools → Trusted stations… / Conflicts…,
and a status-bar label (last exchange per peer, what is pending) computed off the GUI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QThread, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app import formatting
from app.clock import ms_to_datetime
from app.sync import status as sync_status
from app.sync import trust
from app.ui import file_dialogs
from app.ui.dialogs.sync.conflicts import ConflictsDialog
from app.ui.dialogs.sync.passphrase import ask_passphrase
from app.ui.dialogs.sync.progress import SyncJobDialog, export_job, import_job, parked_job
from app.ui.dialogs.sync.trust import TrustDialog
from app.ui.panel_api import SessionContext


def _when(ms: int) -> str:
    return formatting.short_datetime(ms_to_datetime(ms)) if ms else QCoreApplication.translate("SyncMenu", "never")


class ExportDialog(QDialog):
    """Choose the receiving station and the folder (USB stick)."""

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncExportDialog")
        self.setWindowTitle(self.tr("Export for another station"))
        self.peer = QComboBox()
        self.peer.setObjectName("syncPeer")
        self.peer.addItem(self.tr("Any station (everything)"), "")
        for entry in trust.list_trusted(ctx.db):
            if entry.status == "trusted":
                self.peer.addItem(f"{entry.name}（{entry.code}）", entry.station_id)
        self.folder = QLineEdit()
        self.folder.setObjectName("syncFolder")
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("For station"), self.peer)
        form.addRow(self.tr("Folder (USB stick)"), row)
        hint = QLabel(self.tr("The bundle holds what that station has not confirmed yet; sending more is harmless."))
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(buttons)

    def _browse(self) -> None:
        folder = file_dialogs.existing_folder(self, self.tr("Folder for the bundle"), self.folder.text())
        if folder:
            self.folder.setText(folder)


class StatusThread(QThread):
    def __init__(self, ctx: SessionContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.result: sync_status.SyncStatus | None = None

    def run(self) -> None:
        try:
            self.result = sync_status.status(self.ctx.db)
        except Exception:  # the label then keeps its previous text
            self.result = None


class SyncStatusLabel(QLabel):
    """'Sync: 12 pending · 南诏镇 04-19 05:54' with every peer in the tooltip."""

    _threads: ClassVar[set[StatusThread]] = set()

    def __init__(self, ctx: SessionContext) -> None:
        super().__init__()
        self.setObjectName("syncStatusLabel")
        self.ctx = ctx
        self.status: sync_status.SyncStatus | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(1500)
        self._timer.timeout.connect(self.refresh)
        self._thread: StatusThread | None = None
        ctx.bus.changes_applied.connect(lambda _changes: self._timer.start())
        self.setText(QCoreApplication.translate("SyncMenu", "Sync: …"))

    def refresh(self) -> None:
        if self._thread is not None and self._thread.isRunning():
            self._timer.start()
            return
        thread = StatusThread(self.ctx)
        thread.finished.connect(lambda: self._show(thread))
        SyncStatusLabel._threads.add(thread)
        self._thread = thread
        thread.start()

    def _show(self, thread: StatusThread) -> None:
        SyncStatusLabel._threads.discard(thread)
        if not shiboken6.isValid(self):  # the window closed while the thread worked
            return
        if thread.result is not None:
            self.show_status(thread.result)

    def show_status(self, st: sync_status.SyncStatus) -> None:
        self.status = st
        peers = [p for p in st.peers if p.trust == "trusted"]
        if not peers:
            self.setText(QCoreApplication.translate("SyncMenu", "Sync: no trusted stations"))
        else:
            pending = sum(p.pending for p in peers)
            latest = max(peers, key=lambda p: max(p.last_import_ms, p.last_export_ms))
            text = QCoreApplication.translate("SyncMenu", "Sync: %1 pending · %2 %3").replace("%1", str(pending)).replace("%2", latest.name).replace(
                "%3", _when(max(latest.last_import_ms, latest.last_export_ms)))
            if st.conflicts or st.quarantined:
                text += " · " + QCoreApplication.translate("SyncMenu", "%1 conflicts").replace("%1", str(st.conflicts + st.quarantined))
            self.setText(text)
        lines = [QCoreApplication.translate("SyncMenu", "%1: last import %2, last export %3, pending %4").replace("%1", p.name)
                 .replace("%2", _when(p.last_import_ms)).replace("%3", _when(p.last_export_ms))
                 .replace("%4", str(p.pending)) for p in peers]
        if not st.secure_keyring:
            lines.append(st.keyring)
        self.setToolTip("\n".join(lines))


class SyncActions:
    """The actions install() adds; kept on the window as `window.sync_actions`."""

    def __init__(self, window: Any) -> None:
        self.window = window
        self.ctx: SessionContext = window.ctx
        self.last_job: SyncJobDialog | None = None
        file = window.menu("file")
        tools = window.menu("tools")
        file.addSeparator()
        self.export_action = file.addAction(QCoreApplication.translate("SyncMenu", "&Export for…"), self.export_for)
        self.export_action.setObjectName("syncExport")
        self.import_action = file.addAction(QCoreApplication.translate("SyncMenu", "&Import…"), self.import_files)
        self.import_action.setObjectName("syncImport")
        self.parked_action = file.addAction(QCoreApplication.translate("SyncMenu", "Import &parked bundles"),
                                            self.import_parked)
        self.parked_action.setObjectName("syncImportParked")
        tools.addSeparator()
        self.trust_action = tools.addAction(QCoreApplication.translate("SyncMenu", "&Trusted stations…"), self.show_trust)
        self.trust_action.setObjectName("syncTrust")
        self.conflicts_action = tools.addAction(QCoreApplication.translate("SyncMenu", "C&onflicts…"), self.show_conflicts)
        self.conflicts_action.setObjectName("syncConflicts")
        self.label = SyncStatusLabel(self.ctx)
        window.statusBar().addPermanentWidget(self.label)
        QTimer.singleShot(0, self.label.refresh)

    def run_job(self, title: str, job: Any, *, show: bool = True) -> SyncJobDialog:
        dialog = SyncJobDialog(title, job, self.window)
        self.last_job = dialog
        dialog.worker.finished.connect(lambda: self._after(dialog))
        dialog.start()
        if show:
            dialog.exec()
        return dialog

    def _after(self, dialog: SyncJobDialog) -> None:
        if dialog.changes:
            self.ctx.bus.publish(dialog.changes)
        self.label.refresh()

    def export_for(self, peer: str | None = None, folder: str | None = None, *, show: bool = True) -> SyncJobDialog | None:
        if folder is None:
            dialog = ExportDialog(self.ctx, self.window)
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.folder.text():
                return None
            peer, folder = dialog.peer.currentData() or None, dialog.folder.text()
        passphrase = ask_passphrase(self.ctx.db, self.window)
        return self.run_job(QCoreApplication.translate("SyncMenu", "Export"), export_job(self.ctx.db, self.ctx.actor, Path(folder), peer, passphrase),
                            show=show)

    def import_files(self, files: list[str] | None = None, *, show: bool = True) -> SyncJobDialog | None:
        if files is None:
            files = file_dialogs.open_files(self.window, QCoreApplication.translate("SyncMenu", "Import bundles"), "",
                                            QCoreApplication.translate("SyncMenu", "DutyDesk bundles (*.ddsync);;All files (*)"))
            if not files:
                return None
        return self.run_job(QCoreApplication.translate("SyncMenu", "Import"), import_job(self.ctx.db, self.ctx.actor, [Path(f) for f in files]), show=show)

    def import_parked(self, *, show: bool = True) -> SyncJobDialog:
        return self.run_job(QCoreApplication.translate("SyncMenu", "Import"),
                            parked_job(self.ctx.db, self.ctx.actor), show=show)

    def show_trust(self) -> TrustDialog:
        dialog = TrustDialog(self.ctx, self.window)
        dialog.exec()
        self.label.refresh()
        return dialog

    def show_conflicts(self) -> ConflictsDialog:
        dialog = ConflictsDialog(self.ctx, self.window)
        dialog.exec()
        self.label.refresh()
        return dialog


def install(window: Any) -> None:
    window.sync_actions = SyncActions(window)

