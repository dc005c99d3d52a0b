"""Export / import of sync bundles on a worker thread, with progress and Cancel (before commit).

The worker calls the sync services with a progress callback; Cancel makes the next callback
return False, the service raises and its transaction rolls back, so nothing changes. Once the
import has committed there is nothing left to cancel: the button then reads Close.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtCore import QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app import messages
from app.errors import UserError
from app.services.accounts import Actor
from app.storage.changes import Changes
from app.storage.engine import Database
from app.sync import export, importer, verification
from app.ui.screen_fit import fit_to_screen


class SyncWorker(QThread):
    """Runs one job; results are kept on the thread (signals carry only numbers)."""

    progressed = Signal(int, int)

    def __init__(self, job: Callable[[Callable[[int, int], bool]], Any]) -> None:
        super().__init__()
        self.job = job
        self.result: Any = None
        self.error = ""
        self.cancel_requested = threading.Event()

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancel_requested.is_set()

    def run(self) -> None:
        try:
            self.result = self.job(self._progress)
        except UserError as error:
            self.error = error.message
        except Exception as error:  # shown to the operator: the job did not complete
            self.error = f"{type(error).__name__}: {error}"


def import_job(db: Database, actor: Actor, files: list[Path]) -> Callable[[Callable[[int, int], bool]], Any]:
    def run(progress: Callable[[int, int], bool]) -> list[tuple[str, importer.ImportReport | str]]:
        outcomes: list[tuple[str, importer.ImportReport | str]] = []
        for path in files:
            try:
                outcomes.append((path.name, importer.import_file(db, actor, path, progress)))
            except verification.Cancelled:
                raise
            except UserError as error:
                outcomes.append((path.name, error.message))
        return outcomes

    return run


def parked_job(db: Database, actor: Actor) -> Callable[[Callable[[int, int], bool]], Any]:
    """Bundles parked as made by a newer DutyDesk, tried again after an upgrade."""

    def run(progress: Callable[[int, int], bool]) -> list[tuple[str, importer.ImportReport | str]]:
        return [(Path(r.file).name, r) for r in importer.import_parked(db, actor, progress)]

    return run


def export_job(db: Database, actor: Actor, folder: Path, peer: str | None,
               passphrase: str | None) -> Callable[[Callable[[int, int], bool]], Any]:
    def run(progress: Callable[[int, int], bool]) -> export.ExportResult:
        return export.export_bundle(db, actor, folder, for_station=peer, passphrase=passphrase, progress=progress)

    return run


class SyncJobDialog(QDialog):
    """Progress of one export or import job, then its report."""

    _running: ClassVar[set[SyncWorker]] = set()

    def __init__(self, title: str, job: Callable[[Callable[[int, int], bool]], Any],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("syncJobDialog")
        self.setWindowTitle(title)
        self.changes = Changes()
        self.result: Any = None
        self.error_text = ""
        self.status = QLabel(self.tr("Checking signatures, hashes and counts…"))
        self.status.setObjectName("syncStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.report_view = QTextBrowser()
        self.report_view.setObjectName("syncReport")
        self.report_view.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("syncCancel")
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 620, 380)
        self.worker = SyncWorker(job)
        self.worker.progressed.connect(self._progressed)
        self.worker.finished.connect(self._finished)

    @property
    def running(self) -> bool:
        return self.worker.isRunning()

    def start(self) -> None:
        SyncJobDialog._running.add(self.worker)
        self.worker.start()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def _cancel_or_close(self) -> None:
        if self.worker.isRunning():
            self.worker.cancel_requested.set()
            self.cancel_button.setEnabled(False)
            self.status.setText(self.tr("Cancelling… nothing will be changed."))
        else:
            self.accept()

    def reject(self) -> None:  # Esc / window close: cancel first
        if self.worker.isRunning():
            self._cancel_or_close()
            return
        super().reject()

    def _finished(self) -> None:
        SyncJobDialog._running.discard(self.worker)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.cancel_button.setText(self.tr("Close"))
        self.cancel_button.setEnabled(True)
        self.report_view.show()
        self.result = self.worker.result
        if self.worker.error:
            self.error_text = self.worker.error
            self.status.setText(self.worker.error)
            self.status.setStyleSheet("color: #a61b1b; font-weight: bold;")
            return
        if isinstance(self.result, export.ExportResult):
            self.status.setText(self.tr("Bundle written and verified."))
            self.report_view.setPlainText(messages.text(
                "sync.export_done", path=self.result.path, count=self.result.count, replicas=self.result.replicas,
                size=f"{self.result.size / 1024:.1f} KiB"))
            return
        lines: list[str] = []
        failed = 0
        for name, outcome in self.result or []:
            if isinstance(outcome, importer.ImportReport):
                lines.extend(outcome.lines())
                self.changes.merge(outcome.changes)
            else:
                failed += 1
                lines.append(f"✘ {name}: {outcome}")
        self.report_view.setPlainText("\n".join(lines) if lines else self.tr("Nothing to import."))
        if failed:
            self.status.setText(self.tr("%1 file(s) refused; nothing was changed by them.").replace("%1", str(failed)))
            self.status.setStyleSheet("color: #a61b1b; font-weight: bold;")
        else:
            self.status.setText(self.tr("Import finished."))
