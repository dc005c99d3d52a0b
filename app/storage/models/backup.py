"""Backups made of this database (app/services/backup/): a LOCAL table.

One row per attempt and target, successful or not, so that a failed automatic backup is never
silent (status bar, handover sheet, `dutydesk check`). `dutydesk check` verifies the rows of
successful backups against their files (present, same size and sha256).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import LOCAL, Base


class BackupRun(Base):
    __tablename__ = "backup_run"
    __table_args__ = (
        Index("ix_backup_run_finished_ms", "finished_ms"),
        {"info": {"role": LOCAL, "verified": "advisory"}},  # which backups were made (check verifies the last file)
    )

    run_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    started_ms: Mapped[int] = mapped_column(BigInteger)
    finished_ms: Mapped[int] = mapped_column(BigInteger)
    target: Mapped[str] = mapped_column(Text)
    """The folder asked for."""
    path: Mapped[str] = mapped_column(Text)
    """The backup file written (empty when it failed)."""
    status: Mapped[str] = mapped_column(String(16))
    """`ok` (written and verified) or `failed`."""
    trigger: Mapped[str] = mapped_column(String(16))
    """`manual`, `handover`, `timer` or `cli`."""
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)
    """This replica's last seq inside the copy."""
    message: Mapped[str] = mapped_column(Text)
    """Why it failed, or a warning (same disk as the database), in the language of the moment."""
