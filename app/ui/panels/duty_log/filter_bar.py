"""The filter bar above the duty log: search, period, status, category, direction, channel,
township, author, significant. It turns what is set into an `EntryFilter`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from app.services import duty_log
from app.services.duty_log import EntryFilter

SEARCH_DELAY_MS = 300

PERIODS = ("all", "today", "24h", "7d", "30d", "custom")
ANY = ""
"""Item data of the "all …" entries. Not None: QComboBox.currentData() returning None drops a
reference to None in PySide6 6.12 on Python 3.11, which crashes a long-running program."""


class FilterBar(QWidget):
    """Emits `changed` (debounced for typing) whenever the filter it describes changes."""

    changed = Signal()

    def __init__(self, zone: ZoneInfo, now: Callable[[], datetime], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyLogFilterBar")
        self.zone = zone
        self._now = now
        self._quiet = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self._emit)

        self.search = QLineEdit()
        self.search.setObjectName("dutyLogSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search summary, instruction, action, source, place, phone…"))
        self.search.setToolTip(self.tr("Finds one or more Chinese characters (震, 地震, 五印乡), words and "
                                       "phone numbers; separate several terms with spaces"))
        self.search.textEdited.connect(lambda _text: self._timer.start())
        self.search.returnPressed.connect(self._emit_now)

        self.period = QComboBox()
        self.period.setObjectName("dutyLogPeriod")
        period_labels = {
            "all": self.tr("All dates"),
            "today": self.tr("Today"),
            "24h": self.tr("Last 24 hours"),
            "7d": self.tr("Last 7 days"),
            "30d": self.tr("Last 30 days"),
            "custom": self.tr("Date range…"),
        }
        for code in PERIODS:
            self.period.addItem(period_labels[code], code)
        self.since = QDateEdit()
        self.since.setObjectName("dutyLogSince")
        self.until = QDateEdit()
        self.until.setObjectName("dutyLogUntil")
        today = self._today()
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(today)
            edit.dateChanged.connect(self._on_dates)
        self.since.setToolTip(self.tr("First day (received time)"))
        self.until.setToolTip(self.tr("Last day (received time)"))
        self.range_to = QLabel(self.tr("to"))
        self.period.currentIndexChanged.connect(self._on_period)

        self.status = QComboBox()
        self.status.setObjectName("dutyLogStatus")
        self.status.addItem(self.tr("Any status"), ANY)
        for code in ("open", "overdue", "closed"):
            self.status.addItem(duty_log.label(code, duty_log.STATUSES), code)
        self.status.setToolTip(self.tr("Open includes overdue entries"))

        self.category = self._choice_combo("dutyLogCategory", self.tr("All categories"), duty_log.CATEGORIES)
        self.direction = self._choice_combo("dutyLogDirection", self.tr("Both directions"), duty_log.DIRECTIONS)
        self.channel = self._choice_combo("dutyLogChannel", self.tr("All channels"), duty_log.CHANNELS)
        self.township = QComboBox()
        self.township.setObjectName("dutyLogTownship")
        self.township.addItem(self.tr("All townships"), ANY)
        self.author = QComboBox()
        self.author.setObjectName("dutyLogAuthor")
        self.author.addItem(self.tr("Anyone"), ANY)
        self.significant = QCheckBox(self.tr("Significant only"))
        self.significant.setObjectName("dutyLogSignificant")
        self.hide_voided = QCheckBox(self.tr("Hide voided"))
        self.hide_voided.setObjectName("dutyLogHideVoided")
        self.reset_button = QPushButton(self.tr("Clear filters"))
        self.reset_button.setObjectName("dutyLogClearFilters")
        self.reset_button.clicked.connect(self.reset)

        for combo in (self.status, self.category, self.direction, self.channel, self.township, self.author):
            combo.currentIndexChanged.connect(self._emit_now)
        self.significant.toggled.connect(self._emit_now)
        self.hide_voided.toggled.connect(self._emit_now)

        search_label = QLabel(self.tr("Find (Ctrl+F):"))  # no Alt+F: that opens 文件
        search_label.setBuddy(self.search)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(4)
        row1 = QHBoxLayout()
        row1.addWidget(search_label)
        row1.addWidget(self.search, 3)
        row1.addWidget(self.period)
        row1.addWidget(self.since)
        row1.addWidget(self.range_to)
        row1.addWidget(self.until)
        row1.addWidget(self.status)
        row1.addWidget(self.significant)
        row2 = QHBoxLayout()
        for widget in (self.category, self.direction, self.channel, self.township, self.author):
            row2.addWidget(widget, 1)
        row2.addWidget(self.hide_voided)
        row2.addWidget(self.reset_button)
        grid.addLayout(row1, 0, 0)
        grid.addLayout(row2, 1, 0)
        self._on_period()

    def _choice_combo(self, name: str, everything: str, choices: dict[str, tuple[str, str]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.addItem(everything, ANY)
        for code in choices:
            combo.addItem(duty_log.label(code, choices), code)
        return combo

    # -- choices from the database ----------------------------------------------------------------

    def set_townships(self, names: list[str]) -> None:
        self._refill(self.township, [(n, n) for n in names])

    def set_authors(self, people: list[tuple[str, str]]) -> None:
        """(username, display name) pairs."""
        self._refill(self.author, [(f"{name} ({user})" if name != user else user, user) for user, name in people])

    def _refill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        self._quiet = True
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for text, data in items:
                combo.addItem(text, data)
            found = combo.findData(current) if current else 0
            combo.setCurrentIndex(max(found, 0))
        finally:
            self._quiet = False

    # -- reading -----------------------------------------------------------------------------------

    def _today(self) -> QDate:
        local = self._now().astimezone(self.zone)
        return QDate(local.year, local.month, local.day)

    def _local_midnight(self, day: QDate) -> datetime:
        return datetime(day.year(), day.month(), day.day(), tzinfo=self.zone)

    def period_bounds(self) -> tuple[datetime | None, datetime | None]:
        code = self.period.currentData()
        now = self._now()
        if code == "today":
            return self._local_midnight(self._today()), None
        if code == "24h":
            return now - timedelta(hours=24), None
        if code == "7d":
            return now - timedelta(days=7), None
        if code == "30d":
            return now - timedelta(days=30), None
        if code == "custom":
            first, last = self.since.date(), self.until.date()
            if last < first:
                first, last = last, first
            return self._local_midnight(first), self._local_midnight(last.addDays(1))
        return None, None

    def current_filter(self) -> EntryFilter:
        since, until = self.period_bounds()
        category = self.category.currentData()
        channel = self.channel.currentData()
        return EntryFilter(
            since=since,
            until=until,
            categories=(category,) if category else (),
            direction=self.direction.currentData() or None,
            channels=(channel,) if channel else (),
            township=self.township.currentData() or None,
            status=self.status.currentData() or None,
            significant_only=self.significant.isChecked(),
            author=self.author.currentData() or None,
            text=self.search.text().strip(),
            include_voided=not self.hide_voided.isChecked(),
        )

    def is_filtered(self) -> bool:
        flt = self.current_filter()
        return flt != EntryFilter()

    # -- setting -------------------------------------------------------------------------------------

    def set_status(self, code: str | None) -> None:
        self.status.setCurrentIndex(max(self.status.findData(code), 0) if code else 0)

    def status_code(self) -> str:
        """'open', 'overdue', 'closed' or '' (any)."""
        return str(self.status.currentData() or "")

    def set_text(self, text: str) -> None:
        self.search.setText(text)
        self._emit_now()

    def reset(self) -> None:
        self._quiet = True
        try:
            self.search.clear()
            self.period.setCurrentIndex(0)
            for combo in (self.status, self.category, self.direction, self.channel, self.township, self.author):
                combo.setCurrentIndex(0)
            self.significant.setChecked(False)
            self.hide_voided.setChecked(False)
        finally:
            self._quiet = False
        self._emit_now()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- signals -------------------------------------------------------------------------------------

    def _on_period(self) -> None:
        custom = self.period.currentData() == "custom"
        for widget in (self.since, self.range_to, self.until):
            widget.setVisible(custom)
        self._emit_now()

    def _on_dates(self) -> None:
        if self.period.currentData() == "custom":
            self._emit_now()

    def _emit_now(self) -> None:
        self._timer.stop()
        self._emit()

    def _emit(self) -> None:
        if not self._quiet:
            self.changed.emit()
