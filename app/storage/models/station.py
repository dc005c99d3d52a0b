"""Station identity and settings (projections of `station.*` operations)."""

from __future__ import annotations

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, REFERENCE, Base


class Station(Base):
    __tablename__ = "station"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    code: Mapped[str] = mapped_column(String(16))
    timezone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    created_hlc: Mapped[str] = mapped_column(String(80))


class Setting(Base):
    """Station settings, last writer (by HLC) wins per key."""

    __tablename__ = "setting"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    hlc: Mapped[str] = mapped_column(String(80))


class Township(Base):
    """Reference data: the county's towns and townships (乡镇)."""

    __tablename__ = "township"
    __table_args__ = ({"info": {"role": REFERENCE}},)

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    """镇 (town) or 乡 (township)."""
    sort: Mapped[int] = mapped_column(Integer)
