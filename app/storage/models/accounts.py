"""Accounts (projections of `account.*` and `auth.*` operations)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import LOCAL, PROJECTION, Base


class Account(Base):
    __tablename__ = "account"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    """The station that owns the account: it signs in and is managed there only. Two stations
    may both have an `admin`; each is its own account."""
    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(60))
    phone: Mapped[str] = mapped_column(String(32))
    roles: Mapped[str] = mapped_column(String(120))
    """Space-separated role codes, sorted."""
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean)
    created_hlc: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(String(32))
    updated_hlc: Mapped[str] = mapped_column(String(80))


class SignInThrottle(Base):
    """Wrong-password back-off of this workstation (local: a brute-force attempt here slows
    sign-in here; the attempts themselves are operations in the log, for the audit)."""

    __tablename__ = "signin_throttle"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "advisory"}},)

    username: Mapped[str] = mapped_column(String(32), primary_key=True)
    failed_count: Mapped[int] = mapped_column(Integer)
    last_failed_ms: Mapped[int] = mapped_column(BigInteger)
