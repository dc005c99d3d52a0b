"""What the incident services return (plain data; times are aware datetimes in UTC)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from app.clock import ms_to_datetime
from app.services.incidents import levels, types

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class IncidentRow:
    id: str
    station_id: str
    year: int
    number: int
    type_code: str
    level: str
    level_basis: str
    status: str
    exercise: bool
    township: str
    village: str
    place: str
    lat: float | None
    lon: float | None
    occurred_ms: int
    received_ms: int
    summary: str
    paper_form: str
    author: str
    created_hlc: str
    closed_ms: int | None

    @property
    def no(self) -> str:
        return f"SJ{self.year}-{self.number:04d}"

    @property
    def occurred_at(self) -> datetime:
        return ms_to_datetime(self.occurred_ms)

    @property
    def received_at(self) -> datetime:
        return ms_to_datetime(self.received_ms)

    @property
    def type_name(self) -> str:
        return types.name(self.type_code)

    @property
    def level_name(self) -> str:
        return levels.label(self.level)

    @property
    def title(self) -> str:
        where = self.township + (self.village or "")
        return f"{where}{self.type_name}" + ("（演练）" if self.exercise else "")

    @staticmethod
    def from_row(row: Any) -> IncidentRow:
        """Raises DamagedIncident for a row whose numbers are not numbers (a file edited by hand:
        the log still holds the truth, and `check` names the row and its right value)."""
        m = row._mapping
        for name in ("year", "number", "occurred_ms", "received_ms", "closed_ms"):
            if not isinstance(m[name], int) and not (name == "closed_ms" and m[name] is None):
                raise DamagedIncident(str(m["incident_id"]), name)
        for name in ("lat", "lon"):
            if m[name] is not None and not isinstance(m[name], int | float):
                raise DamagedIncident(str(m["incident_id"]), name)
        return IncidentRow(
            id=m["incident_id"], station_id=m["station_id"], year=m["year"], number=m["number"],
            type_code=m["type_code"], level=m["level"], level_basis=m["level_basis"], status=m["status"],
            exercise=bool(m["exercise"]), township=m["township"], village=m["village"], place=m["place"],
            lat=m["lat"], lon=m["lon"], occurred_ms=m["occurred_ms"], received_ms=m["received_ms"],
            summary=m["summary"], paper_form=m["paper_form"], author=m["author"], created_hlc=m["created_hlc"],
            closed_ms=m["closed_ms"])


class DamagedIncident(ValueError):
    def __init__(self, incident_id: str, field: str) -> None:
        super().__init__(f"incident {incident_id}: {field} is not a number")
        self.incident_id, self.field = incident_id, field


def readable(rows: Iterable[Any]) -> list[IncidentRow]:
    """The incidents of `rows` that can be read; a damaged one is left out (logged), so one row
    edited by hand does not empty every list, deadline and timeline of the program."""
    out: list[IncidentRow] = []
    for row in rows:
        try:
            out.append(IncidentRow.from_row(row))
        except DamagedIncident as error:
            log.warning("left out: %s (run check)", error)
    return out


@dataclass(frozen=True)
class Casualties:
    op_id: str
    at_ms: int
    dead: int
    missing: int
    injured: int
    serious: int
    evacuated: int
    houses: int
    loss_yuan: int
    source: str
    reason: str
    author: str
    hlc: str

    def counts(self) -> tuple[int, int, int, int, int, int, int]:
        return (self.dead, self.missing, self.injured, self.serious, self.evacuated, self.houses, self.loss_yuan)


@dataclass(frozen=True)
class Quake:
    op_id: str
    magnitude_tenths: int
    depth_km: int
    lat: float
    lon: float
    origin_ms: int
    formal: bool
    source: str
    author: str
    hlc: str

    @property
    def magnitude(self) -> str:
        return f"{self.magnitude_tenths // 10}.{self.magnitude_tenths % 10}"


@dataclass(frozen=True)
class Report:
    op_id: str
    stage: str
    sent_ms: int
    sent_to: str
    channel: str
    doc_no: str
    note: str
    author: str
    hlc: str


@dataclass(frozen=True)
class Obligation:
    stage: str
    label: str
    """首报 / 续报一 / 补报 … in the current language."""
    due_ms: int
    status: str
    """due, met or overdue."""
    rule_id: str
    citation: str
    note: str
    to: str
    met_ms: int | None = None
    report_id: str = ""
    late: bool = False
    """Met, but after the due time."""
    incident_id: str = ""


@dataclass
class IncidentDetail:
    incident: IncidentRow
    casualties: list[Casualties] = field(default_factory=list)
    quakes: list[Quake] = field(default_factory=list)
    entries: list[Any] = field(default_factory=list)
    """Linked duty-log entries (EntryRow), by received time."""
    reports: list[Report] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    related: list[dict[str, Any]] = field(default_factory=list)
    """Timeline events of other areas for this incident (teams deployed, supplies issued)."""

    @property
    def current(self) -> Casualties | None:
        return self.casualties[-1] if self.casualties else None

    @property
    def quake(self) -> Quake | None:
        """The current parameters: the newest formal measurement, else the newest automatic one."""
        formal = [q for q in self.quakes if q.formal]
        chosen = formal or self.quakes
        return chosen[-1] if chosen else None

    @property
    def implied_level(self) -> str | None:
        c = self.current
        return levels.implied(self.incident.type_code, c.dead if c else 0, c.serious if c else 0,
                              c.loss_yuan if c else 0)

    @property
    def level_too_low(self) -> bool:
        return levels.lower(self.incident.level, self.implied_level)
