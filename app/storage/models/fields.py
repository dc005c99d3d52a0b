"""Every value ever written to an editable field (the basis of deterministic merging).

An editable record (an account's phone, an incident header) keeps its current values in its own
table; this table keeps every edit with its HLC and the HLC of the value the editor saw
(`base_hlc`). The current value is the edit with the highest HLC; an edit that lost and that
the winner had not seen (its HLC is above the winner's base) is a conflict, shown until someone
edits the field again after seeing it. Both follow from the set of operations alone, so any
import order gives the same result.
"""

from __future__ import annotations

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, Base


class FieldEdit(Base):
    __tablename__ = "field_edit"
    __table_args__ = (
        Index("ix_field_edit_target", "entity", "entity_key", "field", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    field: Mapped[str] = mapped_column(String(64), primary_key=True)
    entity: Mapped[str] = mapped_column(String(64))
    entity_key: Mapped[str] = mapped_column(String(120))
    hlc: Mapped[str] = mapped_column(String(80))
    base_hlc: Mapped[str] = mapped_column(String(80))
    value: Mapped[str] = mapped_column(Text)
    """Canonical JSON of the value."""
    author: Mapped[str] = mapped_column(String(64))
