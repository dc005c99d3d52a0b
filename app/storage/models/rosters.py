"""Team rosters and the liaison directory (救援队伍花名册 · 联络通讯录): projections of `roster.*`.

Units form a tree (team → post → squad/platoon). People are never deleted (status active /
resting / left). Editable fields of units, people, phones and directory posts keep every value
in `field_edit` (entities `roster_unit`, `roster_person`, `roster_phone`, `roster_post`), so
concurrent edits merge field by field (newest HLC wins, the loser stays visible).

Append-only facts have their own tables: memberships (the latest by HLC is a person's current
unit), unit status events (the latest by HLC is the unit's current status, copied into the unit
row for fast reading), phone verifications, roll-call answers. Dates (`from_date`, `awarded`,
`expires`, `left_on`) are ISO dates of Beijing-time days; times are UTC milliseconds.
See docs/rosters.md.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import PROJECTION, Base


class RosterUnit(Base):
    __tablename__ = "roster_unit"
    __table_args__ = (
        Index("ix_roster_unit_parent", "parent_id"),
        Index("ix_roster_unit_township", "township"),
        {"info": {"role": PROJECTION}},
    )

    unit_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    """The owning station (where the unit was created)."""
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(16))
    """team | post | squad | platoon | group."""
    type: Mapped[str] = mapped_column(String(24))
    """professional | volunteer | militia | power | flood | comms | food | road | fuel | medical | other."""
    parent_id: Mapped[str] = mapped_column(String(36))
    township: Mapped[str] = mapped_column(String(40))
    place: Mapped[str] = mapped_column(String(120))
    planned: Mapped[int] = mapped_column(Integer)
    leader_id: Mapped[str] = mapped_column(String(36))
    phone: Mapped[str] = mapped_column(String(32))
    """The unit's own duty phone ('' for none)."""
    sort: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text)
    created_hlc: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16))
    """Current status (latest event by HLC): standby | deployed | resting | out | '' (none yet)."""
    status_event_id: Mapped[str] = mapped_column(String(36))
    status_hlc: Mapped[str] = mapped_column(String(80))


class RosterStatusEvent(Base):
    __tablename__ = "roster_status_event"
    __table_args__ = (
        Index("ix_roster_status_event_unit", "unit_id", "hlc"),
        Index("ix_roster_status_event_at", "at_ms"),
        Index("ix_roster_status_event_incident", "incident_id", "at_ms"),
        {"info": {"role": PROJECTION}},
    )

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(36))
    station_id: Mapped[str] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(16))
    incident_id: Mapped[str] = mapped_column(String(64))
    """Issue 13's incident id when deployed to an incident ('' for none): a reference, not a copy."""
    place: Mapped[str] = mapped_column(String(120))
    reason: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(Text)
    at_ms: Mapped[int] = mapped_column(BigInteger)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(32))


class RosterPerson(Base):
    __tablename__ = "roster_person"
    __table_args__ = (
        Index("ix_roster_person_unit", "unit_id", "status"),
        Index("ix_roster_person_name", "name"),
        Index("ix_roster_person_idno", "id_number"),
        {"info": {"role": PROJECTION}},
    )

    person_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    name: Mapped[str] = mapped_column(String(60))
    id_number: Mapped[str] = mapped_column(String(18))
    gender: Mapped[str] = mapped_column(String(4))
    title: Mapped[str] = mapped_column(String(60))
    """Job title or organisation (for directory people: 县水务局 …)."""
    status: Mapped[str] = mapped_column(String(8))
    """active | resting | left."""
    left_on: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text)
    created_hlc: Mapped[str] = mapped_column(String(80))
    created_by: Mapped[str] = mapped_column(String(32))
    unit_id: Mapped[str] = mapped_column(String(36))
    """Current unit: the latest membership by HLC ('' for none)."""
    role: Mapped[str] = mapped_column(String(24))
    membership_hlc: Mapped[str] = mapped_column(String(80))


class RosterMembership(Base):
    __tablename__ = "roster_membership"
    __table_args__ = (
        Index("ix_roster_membership_person", "person_id", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    membership_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(36))
    unit_id: Mapped[str] = mapped_column(String(36))
    role: Mapped[str] = mapped_column(String(24))
    from_date: Mapped[str] = mapped_column(String(10))
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(32))
    station_id: Mapped[str] = mapped_column(String(36))


class RosterPhone(Base):
    __tablename__ = "roster_phone"
    __table_args__ = (
        Index("ix_roster_phone_person", "person_id", "rank"),
        Index("ix_roster_phone_digits", "digits"),
        {"info": {"role": PROJECTION}},
    )

    phone_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(36))
    number: Mapped[str] = mapped_column(String(32))
    digits: Mapped[str] = mapped_column(String(32))
    """The number's digits only (for matching on import)."""
    label: Mapped[str] = mapped_column(String(24))
    rank: Mapped[int] = mapped_column(Integer)
    """Call order: lower first."""
    invalid: Mapped[bool] = mapped_column(Boolean)
    do_not_call: Mapped[bool] = mapped_column(Boolean)
    created_hlc: Mapped[str] = mapped_column(String(80))
    verified_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    verified_by: Mapped[str] = mapped_column(String(32))
    verified_hlc: Mapped[str] = mapped_column(String(80))


class RosterQualification(Base):
    __tablename__ = "roster_qualification"
    __table_args__ = (
        Index("ix_roster_qualification_person", "person_id"),
        Index("ix_roster_qualification_expires", "expires"),
        {"info": {"role": PROJECTION}},
    )

    qual_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    person_id: Mapped[str] = mapped_column(String(36))
    qtype: Mapped[str] = mapped_column(String(60))
    awarded: Mapped[str] = mapped_column(String(10))
    validity_months: Mapped[int] = mapped_column(Integer)
    """0: does not expire."""
    expires: Mapped[str] = mapped_column(String(10))
    """The last valid Beijing-time day ('' when it does not expire). Status is computed on read."""
    revoked: Mapped[bool] = mapped_column(Boolean)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(32))


class RosterPost(Base):
    """Liaison directory: who serves as a department's liaison officer, a village's
    assistant (助理员) or information officer (信息员), or a township's duty phone."""

    __tablename__ = "roster_post"
    __table_args__ = (
        Index("ix_roster_post_township", "township", "village"),
        Index("ix_roster_post_person", "person_id"),
        {"info": {"role": PROJECTION}},
    )

    post_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    role: Mapped[str] = mapped_column(String(24))
    """liaison | assistant | info_officer | duty_phone."""
    township: Mapped[str] = mapped_column(String(40))
    village: Mapped[str] = mapped_column(String(60))
    department: Mapped[str] = mapped_column(String(120))
    person_id: Mapped[str] = mapped_column(String(36))
    phone: Mapped[str] = mapped_column(String(32))
    """A post's own number (a township's duty phone)."""
    ended: Mapped[bool] = mapped_column(Boolean)
    created_hlc: Mapped[str] = mapped_column(String(80))


class RosterRollCall(Base):
    __tablename__ = "roster_rollcall"
    __table_args__ = ({"info": {"role": PROJECTION}},)

    roll_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    person_ids: Mapped[str] = mapped_column(Text)
    """Space-separated, in call order."""
    started_ms: Mapped[int] = mapped_column(BigInteger)
    started_by: Mapped[str] = mapped_column(String(32))
    station_id: Mapped[str] = mapped_column(String(36))


class RosterRollAnswer(Base):
    __tablename__ = "roster_roll_answer"
    __table_args__ = (
        Index("ix_roster_roll_answer_roll", "roll_id", "person_id", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    roll_id: Mapped[str] = mapped_column(String(36))
    person_id: Mapped[str] = mapped_column(String(36))
    phone_id: Mapped[str] = mapped_column(String(36))
    outcome: Mapped[str] = mapped_column(String(16))
    """answered | no_answer | unreachable."""
    at_ms: Mapped[int] = mapped_column(BigInteger)
    author: Mapped[str] = mapped_column(String(32))
    hlc: Mapped[str] = mapped_column(String(80))
