"""Backups off the GUI thread: one worker at a time; results come back through `finished`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QThread

from app.errors import UserError


class BackupWorker(QThread):
    """Runs `job()`; keeps its result or the error text (never raises into Qt)."""

    def __init__(self, job: Callable[[], Any]) -> None:
        super().__init__()
        self.job = job
        self.result: Any = None
        self.error = ""

    def run(self) -> None:
        try:
            self.result = self.job()
        except UserError as error:
            self.error = error.message
        except Exception as error:  # shown to the operator, and the status bar turns red
            self.error = f"{type(error).__name__}: {error}"
