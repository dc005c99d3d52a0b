"""The main window's central area: the duty overview.

Which station this is, the time where the station is (big, readable from across the room), who
is signed in with which roles, since when, and anything the operator must know about this
machine (no Chinese font, clock behind, database copied) and where the database lives.
"""

from __future__ import annotations

import html
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from app import formatting, messages
from app.services import accounts, roles, shifts
from app.storage.changes import Changes
from app.ui.panel_api import SessionContext
from app.ui.widgets.clock import Now, utc_now


def _label(text: str = "", *, size: int = 0, bold: bool = False, name: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setWordWrap(True)
    if name:
        label.setObjectName(name)
    if size or bold:
        font = QFont(label.font())
        if size:
            font.setPointSize(size)
        font.setBold(bold)
        label.setFont(font)
    return label


class DutyOverview(QWidget):
    """Station, live clock, signed-in account and the machine's warnings."""

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None, *, now: Now = utc_now) -> None:
        super().__init__(parent)
        self.setObjectName("dutyOverview")
        self._ctx = ctx
        self._now = now
        self._signed_in_at: datetime = now()
        self._warnings: list[str] = []

        self.station_name = _label(size=24, bold=True, name="overviewStation")
        self.station_code = _label(name="overviewCode")
        self.time_label = _label(size=44, bold=True, name="overviewTime")
        self.time_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.date_label = _label(size=14, name="overviewDate")
        self.date_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.account_label = _label(size=13, name="overviewAccount")
        self.since_label = _label(name="overviewSince")
        self.warnings_label = _label(name="overviewWarnings")
        self.warnings_label.setStyleSheet("color: #a61b1b;")
        self.database_label = _label(name="overviewDatabase")
        self.database_label.setStyleSheet("color: #555;")
        self.contacts_label = _label(name="overviewContacts")
        self.contacts_label.setTextFormat(Qt.TextFormat.RichText)
        self.hint_label = _label(name="overviewHint")
        self.hint_label.setStyleSheet("color: #555;")

        clock_box = QFrame()
        clock_box.setObjectName("overviewClockBox")
        clock_box.setFrameShape(QFrame.Shape.StyledPanel)
        clock_layout = QVBoxLayout(clock_box)
        self.zone_label = _label(name="overviewZone")
        self.zone_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        clock_layout.addWidget(self.zone_label)
        clock_layout.addWidget(self.time_label)
        clock_layout.addWidget(self.date_label)

        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self._caption_on_duty = _label(bold=True)
        self._caption_shift = _label(bold=True)
        self.shift_label = _label(size=13, name="overviewOnDuty")
        self._caption_since = _label(bold=True)
        self._caption_database = _label(bold=True)
        grid.addWidget(self._caption_shift, 0, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.shift_label, 0, 1)
        grid.addWidget(self._caption_on_duty, 1, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.account_label, 1, 1)
        grid.addWidget(self._caption_since, 2, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.since_label, 2, 1)
        grid.addWidget(self._caption_database, 3, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.database_label, 3, 1)
        self._caption_contacts = _label(bold=True)
        grid.addWidget(self._caption_contacts, 4, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.contacts_label, 4, 1)

        layout = QVBoxLayout(self)
        self._layout = layout
        self._compact = False
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        layout.addWidget(self.station_name)
        layout.addWidget(self.station_code)
        layout.addWidget(clock_box)
        layout.addLayout(grid)
        layout.addWidget(self.warnings_label)
        layout.addStretch(1)
        layout.addWidget(self.hint_label)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

        ctx.bus.changes_applied.connect(self.on_changes)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self.tick)
        self._timer.start()
        self.refresh()

    @property
    def compact(self) -> bool:
        return self._compact

    def set_compact(self, compact: bool) -> None:
        """Smaller clock and margins when the panels leave the overview little room."""
        if compact == self._compact:
            return
        self._compact = compact
        for label, full, small in ((self.time_label, 44, 22), (self.station_name, 24, 17), (self.date_label, 14, 11)):
            font = QFont(label.font())
            font.setPointSize(small if compact else full)
            label.setFont(font)
        self.zone_label.setVisible(not compact)
        self.hint_label.setVisible(not compact)
        self._layout.setContentsMargins(*((16, 8, 16, 8) if compact else (32, 24, 32, 24)))
        self._layout.setSpacing(6 if compact else 14)

    def set_warnings(self, warnings: list[str]) -> None:
        self._warnings = list(dict.fromkeys(warnings))
        self.refresh()

    def session_started(self) -> None:
        self._signed_in_at = self._now()
        self.refresh()

    def refresh(self) -> None:
        ctx = self._ctx
        station = ctx.station
        self.station_name.setText(station.name)
        self.station_code.setText(self.tr("Station code %1 · time zone %2").replace("%1", station.code)
                                  .replace("%2", station.timezone))
        self.zone_label.setText(self.tr("Beijing time") if station.timezone == "Asia/Shanghai" else station.timezone)
        self._caption_shift.setText(self.tr("On duty:"))
        self.shift_label.setText(self._on_duty_text())
        self._caption_on_duty.setText(self.tr("Signed in:"))
        self._caption_since.setText(self.tr("Since:"))
        self._caption_database.setText(self.tr("Database:"))
        self._caption_contacts.setText(self.tr("Contacts:"))
        self.contacts_label.setText(self._contacts_html())
        actor = ctx.actor
        name = actor.display_name if actor.display_name == actor.username else f"{actor.display_name} ({actor.username})"
        self.account_label.setText(f"{name} — {roles.labels(sorted(actor.roles))}")
        self.since_label.setText(formatting.datetime_text(self._signed_in_at, station.zone))
        self.database_label.setText(str(ctx.db.path or ctx.db.url))
        if self._warnings:
            self.warnings_label.setText("\n".join(f"⚠ {w}" for w in self._warnings))
            self.warnings_label.show()
        else:
            self.warnings_label.clear()
            self.warnings_label.hide()
        self.hint_label.setText(self.tr("Ctrl+L locks the screen while you are away; the View menu shows "
                                        "and hides the panels."))
        self.tick()

    def _on_duty_text(self) -> str:
        """Who is on duty (the open shift), not who happens to be signed in here."""
        try:
            shift = shifts.current_shift(self._ctx.db)
        except Exception:  # the overview must show even when the shift tables cannot be read
            shift = None
        if shift is None:
            return self.tr("No shift open (Shift → Take over)")
        return f"{shift.people_text()}（{shift.period_text(self._ctx.station.zone)}）"

    def _contacts_html(self) -> str:
        """Leaders on duty, shift leads and admins with their phones: whom the operator calls."""
        people = accounts.list_accounts(self._ctx.db, include_disabled=False)
        lines = []
        for role in (roles.LEADER, roles.SHIFT_LEAD, roles.ADMIN):
            entries = [f"{html.escape(p.display_name)} {html.escape(p.phone)}".strip()
                       for p in people if role in p.roles]
            if entries:
                lines.append(f"<b>{html.escape(roles.label(role))}</b>　" + "，".join(entries)
                             if messages.language() == "zh_CN" else
                             f"<b>{html.escape(roles.label(role))}</b>: " + ", ".join(entries))
        return "<br>".join(lines) or html.escape(self.tr("No contacts recorded yet."))

    def on_changes(self, changes: Changes) -> None:
        if "account" in changes or "station" in changes or "shift" in changes:
            self.refresh()

    def tick(self) -> None:
        moment = self._now()
        zone = self._ctx.station.zone
        self.time_label.setText(formatting.time(moment, zone))
        self.date_label.setText(formatting.date(moment, zone, weekday=True))
