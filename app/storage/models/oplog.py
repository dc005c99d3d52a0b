"""The operation log: one append-only table, the source of truth (DESIGN.md §3)."""

from __future__ import annotations

from sqlalchemy import Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.storage.models import LOCAL, PROJECTION, Base


class Operation(Base):
    __tablename__ = "oplog"
    __table_args__ = (
        UniqueConstraint("replica_id", "seq"),
        Index("ix_oplog_hlc", "hlc"),
        Index("ix_oplog_kind", "kind"),
        {"info": {"role": "log"}},
    )

    local_seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    """Order in which this database received the operation (local, not hashed)."""
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    station_id: Mapped[str] = mapped_column(String(36))
    replica_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    hlc: Mapped[str] = mapped_column(String(80))
    author: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LocalState(Base):
    """Key/value state of this installation (current replica, instance nonce)."""

    __tablename__ = "local_state"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "advisory"}},)

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReplicaHead(Base):
    """Last seq and hash of each replica's chain (a cache of the log; verified by check)."""

    __tablename__ = "replica_head"
    __table_args__ = ({"info": {"role": LOCAL, "verified": "heads"}},)

    replica_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    station_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class AuthorityRefusal(Base):
    """An operation its kind's authority rule refused (app/storage/authority.py): it stays in the
    log, changes no other table, and is listed here — rebuilt from the log like any projection,
    so every station that holds the operation lists it the same way."""

    __tablename__ = "authority_refusal"
    __table_args__ = (
        Index("ix_authority_refusal_station_id", "station_id", "hlc"),
        {"info": {"role": PROJECTION}},
    )

    op_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))
    station_id: Mapped[str] = mapped_column(String(36))
    author: Mapped[str] = mapped_column(String(64))
    hlc: Mapped[str] = mapped_column(String(80))
    reason: Mapped[str] = mapped_column(String(64))
    """A reason code (`account.foreign_station`); `waiting.*` codes mean the operation refers to
    a record not (yet) held here and is asked again when more operations arrive."""
