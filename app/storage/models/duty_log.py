"""Duty log (值班日志): entries and what happened to them (projections of `duty.entry.*`).

`duty_entry` holds the current values of each entry; amended fields keep every value in
`field_edit` (entity 'duty_entry'), so the history and the struck-through old values follow
from the log alone. `duty_activity` lists every instruction, action, notification, close,
reopen, void and amendment. Times are UTC milliseconds.

The full-text search index (`duty_fts`, `duty_fts_doc`) is a local cache made and kept by
`app/storage/duty_search.py`, not a model: FTS5 virtual tables cannot be described here.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, Base


class DutyEntry(Base):
    __tablename__ = "duty_entry"
    __table_args__ = (
        Index("ix_duty_entry_received", "received_ms", "entry_id"),
        Index("ix_duty_entry_no", "station_id", "year", "number", "entry_id"),
        Index("ix_duty_entry_recorded", "recorded_hlc"),
        Index("ix_duty_entry_category", "category", "received_ms", "entry_id"),
        Index("ix_duty_entry_township", "township", "received_ms", "entry_id"),
        Index("ix_duty_entry_author", "author", "received_ms", "entry_id"),
        Index("ix_duty_entry_status", "status", "void_reason", "due_ms"),
        {"info": {"role": PROJECTION}},
    )

    entry_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    """The op_id of the `duty.entry.add` operation."""
    station_id: Mapped[str] = mapped_column(String(36))
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    direction: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(16))
    category: Mapped[str] = mapped_column(String(16))
    received_ms: Mapped[int] = mapped_column(BigInteger)
    occurred_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    recorded_hlc: Mapped[str] = mapped_column(String(80))
    source_unit: Mapped[str] = mapped_column(String(120))
    source_person: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(32))
    township: Mapped[str] = mapped_column(String(40))
    """Township name ('' for none)."""
    location: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    instruction: Mapped[str] = mapped_column(Text)
    """Newest leader's instruction."""
    instruction_hlc: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(Text)
    """Newest action taken."""
    action_hlc: Mapped[str] = mapped_column(String(80))
    due_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    significant: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(8))
    """'open' or 'closed' (newest close/reopen by HLC)."""
    void_reason: Mapped[str] = mapped_column(Text)
    """'' unless voided."""
    author: Mapped[str] = mapped_column(String(64))
    amended: Mapped[str] = mapped_column(String(400))
    """Space-separated sorted names of the amended fields."""


class DutyActivity(Base):
    """Every operation on an entry after its creation, one row each."""

    __tablename__ = "duty_activity"
    __table_args__ = (
        Index("ix_duty_activity_entry", "entry_id", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    entry_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(16))
    """amend, instruct, act, notify, close, reopen, void."""
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    """Instruction / action text, void or amendment reason."""
    field: Mapped[str] = mapped_column(String(32))
    """Amended field."""
    leader: Mapped[str] = mapped_column(String(60))
    whom: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(16))
    at_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """When a notification was made."""
