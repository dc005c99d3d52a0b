"""Shifts, the duty rota and handover sheets (projections of `shift.*` and `rota.*` operations).

A shift (班次) is opened (接班) once and handed over (交班) once; the handover operation also
opens the next shift, so no shift can be skipped. The handover sheet's content is captured in
the handover operation (`handover_sheet.content`), so a reprint is identical to the original.
The rota (值班表) is the plan: one row per slot, rebuilt from every assignment and swap of that
slot in HLC order (`rota_change`), whatever order the operations arrived in.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, Base


class Shift(Base):
    __tablename__ = "shift"
    __table_args__ = (
        Index("ix_shift_station_start", "station_id", "start_ms"),
        Index("ix_shift_station_state", "station_id", "state"),
        {"info": {"role": PROJECTION}},
    )

    shift_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    slot_key: Mapped[str] = mapped_column(String(16))
    """The rota slot this shift works ('2024-04-19T08:30', station local time)."""
    planned_start_ms: Mapped[int] = mapped_column(BigInteger)
    planned_end_ms: Mapped[int] = mapped_column(BigInteger)
    start_ms: Mapped[int] = mapped_column(BigInteger)
    """When this shift took over: the previous handover time, or the slot start when opened."""
    end_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """The official handover time (last confirmation); NULL while the shift is on."""
    leader: Mapped[str] = mapped_column(String(32))
    lead: Mapped[str] = mapped_column(String(32))
    operators: Mapped[str] = mapped_column(Text)
    """Space-separated user names, in the order given."""
    state: Mapped[str] = mapped_column(String(16))
    """'open' or 'handed_over'."""
    opened_by: Mapped[str] = mapped_column(String(32))
    opened_hlc: Mapped[str] = mapped_column(String(80))
    opened_via: Mapped[str] = mapped_column(String(16))
    """'open' (接班 of a first shift) or 'handover' (created by the previous shift's handover)."""
    prev_shift_id: Mapped[str] = mapped_column(String(36))
    next_shift_id: Mapped[str] = mapped_column(String(36))
    outgoing: Mapped[str] = mapped_column(String(32))
    incoming: Mapped[str] = mapped_column(String(32))
    sheet_no: Mapped[str] = mapped_column(String(20))


class HandoverSheet(Base):
    """One per handed-over shift: the handover as recorded (first handover by HLC stands)."""

    __tablename__ = "handover_sheet"
    __table_args__ = (
        Index("ix_handover_sheet_sheet_no", "station_id", "sheet_no"),
        {"info": {"role": PROJECTION}},
    )

    shift_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    """The station whose shift this is (sheet numbers run per station)."""
    op_id: Mapped[str] = mapped_column(String(36))
    hlc: Mapped[str] = mapped_column(String(80))
    sheet_no: Mapped[str] = mapped_column(String(20))
    handover_ms: Mapped[int] = mapped_column(BigInteger)
    outgoing: Mapped[str] = mapped_column(String(32))
    incoming: Mapped[str] = mapped_column(String(32))
    notes: Mapped[str] = mapped_column(Text)
    equipment: Mapped[str] = mapped_column(Text)
    """Canonical JSON: equipment code -> true (working) / false (fault)."""
    content: Mapped[str] = mapped_column(Text)
    """Canonical JSON of the sheet as handed over (see app/services/handover.py)."""


class ShiftConfirmation(Base):
    """Password confirmations of a handover: outgoing, incoming, leader; with their times."""

    __tablename__ = "shift_confirmation"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    shift_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    username: Mapped[str] = mapped_column(String(32))
    at_ms: Mapped[int] = mapped_column(BigInteger)
    op_id: Mapped[str] = mapped_column(String(36))


class RotaSlot(Base):
    """The planned people of one shift slot (current state after every change of the slot)."""

    __tablename__ = "rota_slot"
    __table_args__ = (
        Index("ix_rota_slot_start_ms", "station_id", "start_ms"),
        {"info": {"role": PROJECTION}},
    )

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    """Every station plans its own rota; slots of synced stations are kept apart."""
    slot_key: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[str] = mapped_column(String(10))
    """The local date the slot starts on (YYYY-MM-DD)."""
    start_ms: Mapped[int] = mapped_column(BigInteger)
    end_ms: Mapped[int] = mapped_column(BigInteger)
    leader: Mapped[str] = mapped_column(String(32))
    lead: Mapped[str] = mapped_column(String(32))
    operators: Mapped[str] = mapped_column(Text)
    updated_hlc: Mapped[str] = mapped_column(String(80))
    updated_by: Mapped[str] = mapped_column(String(32))


class RotaChange(Base):
    """Every assignment or swap of a slot (the slot row is these, replayed in HLC order)."""

    __tablename__ = "rota_change"
    __table_args__ = (
        Index("ix_rota_change_slot_key", "station_id", "slot_key", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    slot_key: Mapped[str] = mapped_column(String(16))
    hlc: Mapped[str] = mapped_column(String(80))
    kind: Mapped[str] = mapped_column(String(16))
    """'assign' or 'swap'."""
    author: Mapped[str] = mapped_column(String(32))
    payload: Mapped[str] = mapped_column(Text)


class RotaSwap(Base):
    """A recorded swap: who gave the duty, who took it, who asked, who approved."""

    __tablename__ = "rota_swap"
    __table_args__ = (
        Index("ix_rota_swap_slot_key", "station_id", "slot_key"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    slot_key: Mapped[str] = mapped_column(String(16))
    role: Mapped[str] = mapped_column(String(16))
    out_user: Mapped[str] = mapped_column(String(32))
    in_user: Mapped[str] = mapped_column(String(32))
    asked_by: Mapped[str] = mapped_column(String(32))
    approved_by: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(32))
