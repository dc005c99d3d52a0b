"""Incidents (突发事件): projections of `incident.*` operations (docs/incidents.md).

`incident` holds each incident's current header (amended fields keep every value in
`field_edit`, entity 'incident'); casualty counts, earthquake parameters, links to duty-log
entries and reports sent are append-only series, one row per operation. Reporting obligations
are not stored: they are computed from these rows and the deadline rules whenever they are
read (app/services/incidents/obligations.py), so a deadline that passed while the PC was off
is overdue the moment the program starts. `incident_rule` holds the station's changes to the
shipped default rules (db/reference/deadline_rules.json), newest by HLC per rule.
Times are UTC milliseconds; money in yuan (integer).
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Float, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, Base


class Incident(Base):
    __tablename__ = "incident"
    __table_args__ = (
        Index("ix_incident_occurred", "occurred_ms", "incident_id"),
        Index("ix_incident_type", "type_code", "occurred_ms"),
        Index("ix_incident_status", "status", "occurred_ms"),
        Index("ix_incident_no", "station_id", "year", "number"),
        {"info": {"role": PROJECTION}},
    )

    incident_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    """The op_id of the `incident.add` operation."""
    station_id: Mapped[str] = mapped_column(String(36))
    """The owning station (the one that opened it)."""
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    type_code: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(4))
    """IV, III, II, I (一般, 较大, 重大, 特别重大)."""
    level_basis: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    """open, responding, closed."""
    exercise: Mapped[bool] = mapped_column(Boolean)
    township: Mapped[str] = mapped_column(String(40))
    village: Mapped[str] = mapped_column(String(60))
    place: Mapped[str] = mapped_column(String(200))
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    occurred_ms: Mapped[int] = mapped_column(BigInteger)
    received_ms: Mapped[int] = mapped_column(BigInteger)
    summary: Mapped[str] = mapped_column(Text)
    paper_form: Mapped[str] = mapped_column(String(40))
    """'' or the number of the paper form it was entered from (补录自纸质表格 No. …)."""
    author: Mapped[str] = mapped_column(String(64))
    created_hlc: Mapped[str] = mapped_column(String(80))
    closed_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class IncidentCasualty(Base):
    """One count of casualties and losses (the newest by `at_ms`, then HLC, is current)."""

    __tablename__ = "incident_casualty"
    __table_args__ = (
        Index("ix_incident_casualty_incident", "incident_id", "at_ms", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(36))
    at_ms: Mapped[int] = mapped_column(BigInteger)
    dead: Mapped[int] = mapped_column(Integer)
    missing: Mapped[int] = mapped_column(Integer)
    injured: Mapped[int] = mapped_column(Integer)
    serious: Mapped[int] = mapped_column(Integer)
    """Seriously injured (重伤), part of `injured`."""
    evacuated: Mapped[int] = mapped_column(Integer)
    houses: Mapped[int] = mapped_column(Integer)
    loss_yuan: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(80))


class IncidentQuake(Base):
    """Earthquake parameters as measured (automatic or formal; the newest formal one is current)."""

    __tablename__ = "incident_quake"
    __table_args__ = (
        Index("ix_incident_quake_incident", "incident_id", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(36))
    magnitude_tenths: Mapped[int] = mapped_column(Integer)
    depth_km: Mapped[int] = mapped_column(Integer)
    lat: Mapped[float] = mapped_column(Float)
    lon: Mapped[float] = mapped_column(Float)
    origin_ms: Mapped[int] = mapped_column(BigInteger)
    formal: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[str] = mapped_column(String(120))
    author: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(80))


class IncidentLink(Base):
    """A duty-log entry linked to an incident (by reference: the entry's id)."""

    __tablename__ = "incident_link"
    __table_args__ = (
        Index("ix_incident_link_incident", "incident_id", "entry_id"),
        Index("ix_incident_link_entry", "entry_id"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(36))
    entry_id: Mapped[str] = mapped_column(String(36))
    author: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(80))


class IncidentReport(Base):
    """A report sent up (首报 / 续报 / 终报 / 补报)."""

    __tablename__ = "incident_report"
    __table_args__ = (
        Index("ix_incident_report_incident", "incident_id", "sent_ms"),
        Index("ix_incident_report_sent", "sent_ms"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(36))
    stage: Mapped[str] = mapped_column(String(12))
    """first, followup, final, supplement."""
    sent_ms: Mapped[int] = mapped_column(BigInteger)
    sent_to: Mapped[str] = mapped_column(String(120))
    channel: Mapped[str] = mapped_column(String(16))
    doc_no: Mapped[str] = mapped_column(String(60))
    note: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(80))


class IncidentRule(Base):
    """The station's version of a deadline rule (newest by HLC); shipped defaults otherwise."""

    __tablename__ = "incident_rule"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    station_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    rule_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    """Canonical JSON of the whole rule."""
    author: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(80))
