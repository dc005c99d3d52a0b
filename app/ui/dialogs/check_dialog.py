"""Tools → Check integrity…: `doctor.run` on a worker thread, with progress and the result.

The checks (SQLite integrity, hash chains, rebuild == tables) read the database through their
own connections, so the window stays responsive. Closing the dialog early lets the thread end
on its own; its result is then dropped.
"""

from __future__ import annotations

import time
from typing import ClassVar

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import doctor
from app.storage.engine import Database
from app.ui.screen_fit import fit_to_screen


class CheckThread(QThread):
    """Runs the checks; the result is kept on the thread (signals carry no Python objects)."""

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.report: doctor.Report | None = None
        self.error = ""

    def run(self) -> None:
        try:
            self.report = doctor.run(self.db)
        except UserError as error:
            self.error = error.message
        except Exception as error:  # shown, not swallowed: the operator must know the check did not run
            self.error = f"{type(error).__name__}: {error}"


class CheckDialog(QDialog):
    _running: ClassVar[set[CheckThread]] = set()
    """Threads still working after their dialog closed (kept alive until they end)."""

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("checkDialog")
        self.setWindowTitle(self.tr("Check integrity"))
        self.db = db
        self.report: doctor.Report | None = None
        self.error_text = ""
        self._started = 0.0
        self._thread: CheckThread | None = None

        self.status = QLabel(self.tr("Checking SQLite integrity, every hash chain, and rebuilding all tables "
                                     "from the log in a scratch database…"))
        self.status.setObjectName("checkStatus")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.elapsed = QLabel()
        self.result_view = QTextBrowser()
        self.result_view.setObjectName("checkResult")
        self.result_view.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.elapsed)
        layout.addWidget(self.result_view, 1)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 640, 420)

        self._timer = QTimer(self)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self._tick)

    @classmethod
    def wait_all(cls, timeout_ms: int = 60_000) -> None:
        """At exit: let checks still running finish (a QThread must not be destroyed while it runs)."""
        for thread in list(cls._running):
            thread.wait(timeout_ms)
        cls._running.clear()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.isRunning()

    def start(self) -> None:
        thread = CheckThread(self.db)
        thread.finished.connect(self._thread_finished)
        CheckDialog._running.add(thread)
        self._thread = thread
        self._started = time.perf_counter()
        self._timer.start()
        thread.start()

    def _thread_finished(self) -> None:
        thread = self._thread
        if thread is None:
            return
        CheckDialog._running.discard(thread)
        if thread.report is not None:
            self._done(thread.report)
        else:
            self._failed(thread.error)

    def _tick(self) -> None:
        self.elapsed.setText(self.tr("%1 s").replace("%1", f"{time.perf_counter() - self._started:.1f}"))

    def _finish(self) -> None:
        self._timer.stop()
        self._tick()
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.result_view.show()

    def _done(self, report: doctor.Report) -> None:
        self.report = report
        self._finish()
        self.status.setText(self.tr("All checks passed.") if report.ok else self.tr("Problems found — see below."))
        self.status.setStyleSheet("" if report.ok else "color: #a61b1b; font-weight: bold;")
        parts: list[str] = []
        for check in report.checks:
            mark = "✔" if check.ok else "✘"
            parts.append(f"<p><b>{mark} {_escape(check.name)}</b> — {_escape(check.summary)} "
                         f"({check.seconds:.2f} s)</p>")
            if check.problems:
                parts.append("<ul>" + "".join(f"<li>{_escape(p)}</li>" for p in check.problems) + "</ul>")
        self.result_view.setHtml("".join(parts))

    def _failed(self, text: str) -> None:
        self.error_text = text
        self._finish()
        self.status.setText(self.tr("The check could not run: %1").replace("%1", text))
        self.status.setStyleSheet("color: #a61b1b; font-weight: bold;")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
