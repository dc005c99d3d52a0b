"""Backups in the main window: File → Back up now / Restore from a backup…, Tools → Backup
settings…, a status-bar label (last backup, red when one failed or none for too long), and the
automatic backups — every N hours and after every handover — on a worker thread."""

from __future__ import annotations

from typing import Any

from app.ui.dialogs.backup.actions import BackupActions


def install(window: Any) -> None:
    window.backup_actions = BackupActions(window)
