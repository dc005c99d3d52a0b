"""Running a slow read (a count over a million entries) off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

from app.errors import UserError


class Worker(QThread):
    """Runs `call()` on its own thread; `done(result)` or `failed(message)` come back on the
    GUI thread. `tag` lets the receiver ignore answers to questions it no longer asks."""

    done = Signal(object, object)  # tag, result
    failed = Signal(object, str)  # tag, message

    def __init__(self, call: Callable[[], Any], tag: object = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.call = call
        self.tag = tag

    def run(self) -> None:
        try:
            result = self.call()
        except UserError as error:
            self.failed.emit(self.tag, error.message)
            return
        except Exception as error:  # a bug: report it rather than lose it in a thread
            self.failed.emit(self.tag, f"{type(error).__name__}: {error}")
            return
        self.done.emit(self.tag, result)


_RUNNING: set[Worker] = set()
"""Workers still running, whoever started them: a QThread must outlive its run (its owner may
be deleted first, e.g. a panel torn down on sign-out)."""


def start(call: Callable[[], Any], tag: object, on_done: Callable[[object, object], None],
          on_failed: Callable[[object, str], None]) -> Worker:
    """Run `call` on a worker thread; `on_done(tag, result)` / `on_failed(tag, message)` on the
    GUI thread (bound methods of QObjects are disconnected when their object goes away)."""
    worker = Worker(call, tag)
    worker.done.connect(on_done)
    worker.failed.connect(on_failed)
    worker.finished.connect(lambda w=worker: _finished(w))
    _RUNNING.add(worker)
    app = QCoreApplication.instance()
    if app is not None and not getattr(app, "_duty_log_workers_hooked", False):
        app.aboutToQuit.connect(wait_all)
        app._duty_log_workers_hooked = True  # type: ignore[attr-defined]
    worker.start()
    return worker


def _finished(worker: Worker) -> None:
    _RUNNING.discard(worker)
    worker.deleteLater()


def busy() -> bool:
    return any(w.isRunning() for w in _RUNNING)


def wait_all(msecs: int = 60_000) -> None:
    """Wait for every running worker (tests, quitting)."""
    for worker in list(_RUNNING):
        worker.wait(msecs)
