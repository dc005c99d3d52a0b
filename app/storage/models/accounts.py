"""Accounts (projections of `account.*` and `auth.*` operations)."""

from __future__ import annotations

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, Base


class Account(Base):
    __tablename__ = "account"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(32))
    roles: Mapped[str] = mapped_column(String(120))
    """Space-separated role codes, sorted."""
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean)
    created_hlc: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(String(32))
    failed_count: Mapped[int] = mapped_column(Integer)
    last_failed_ms: Mapped[int] = mapped_column(Integer)
    updated_hlc: Mapped[str] = mapped_column(String(80))
