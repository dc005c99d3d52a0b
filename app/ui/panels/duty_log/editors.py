"""Input widgets for entry fields, shared by the quick-entry form and the amend dialog:
a time edit in the station's zone (optional times have a check box), choice combos, a line
edit that completes from recently used values, and the red inline error label."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import duty_log
from app.storage.engine import Database
from app.ui.widgets.station_time import from_qdatetime, to_qdatetime

TIME_FORMAT = "yyyy-MM-dd HH:mm:ss"
CHOICES: dict[str, dict[str, tuple[str, str]]] = {
    "direction": duty_log.DIRECTIONS,
    "channel": duty_log.CHANNELS,
    "category": duty_log.CATEGORIES,
}
TIME_FIELDS = ("received_at", "occurred_at", "due_at")
OPTIONAL_TIMES = ("occurred_at", "due_at")
COMPLETED_FIELDS = ("source_unit", "source_person", "phone", "location")


class ErrorLabel(QLabel):
    """A red message under a field; hidden while empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setStyleSheet("color: #b3261e;")
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldDateTimeEdit(QDateTimeEdit):
    """Tab leaves the field (instead of walking its day/month/year/hour sections), so the
    form's Tab order holds; the sections are still reached with the arrow keys or by typing."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


class TimeEdit(QWidget):
    """A date-time in the station's zone; optional ones have a check box in front."""

    edited = Signal()

    def __init__(self, zone: ZoneInfo, value: datetime | None, *, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zone = zone
        self.optional = optional
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check: QCheckBox | None = None
        if optional:
            self.check = QCheckBox()
            self.check.setToolTip(self.tr("Tick to give a time"))
            self.check.toggled.connect(self._toggled)
            layout.addWidget(self.check)
        self.edit = FieldDateTimeEdit()
        self.edit.setDisplayFormat(TIME_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.dateTimeChanged.connect(lambda _v: self.edited.emit())
        layout.addWidget(self.edit, 1)
        self.setFocusProxy(self.check or self.edit)
        self.set_value(value)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on:
            self.edit.setFocus()
        self.edited.emit()

    def set_value(self, value: datetime | None, default: datetime | None = None) -> None:
        shown = value or default
        if shown is not None:
            self.edit.setDateTime(to_qdatetime(shown, self.zone))
        if self.check is not None:
            self.check.setChecked(value is not None)
            self.edit.setEnabled(value is not None)

    def value(self) -> datetime | None:
        if self.check is not None and not self.check.isChecked():
            return None
        return from_qdatetime(self.edit.dateTime(), self.zone)


def choice_combo(field: str, current: str = "") -> QComboBox:
    combo = QComboBox()
    choices = CHOICES[field]
    for code in choices:
        combo.addItem(duty_log.label(code, choices), code)
    if current:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def township_combo(names: list[str], current: str = "") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItem("")
    combo.addItems(names)
    combo.setCurrentText(current)
    completer = combo.completer()
    if completer is not None:
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return combo


class SuggestLine(QLineEdit):
    """A line edit whose completer offers recently used values of `field` from the log."""

    def __init__(self, db: Database, field: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.field = field
        self._model = QStringListModel(self)
        self.completer_ = QCompleter(self._model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setFilterMode(Qt.MatchFlag.MatchContains)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(self.completer_)
        self.textEdited.connect(self._update)
        self._update("")

    def _update(self, prefix: str) -> None:
        try:
            values = duty_log.suggestions(self.db, self.field, prefix.strip(), limit=12)
        except UserError:
            values = []
        if values != self._model.stringList():
            self._model.setStringList(values)

    def suggestions(self) -> list[str]:
        return self._model.stringList()


def field_editor(db: Database, field: str, zone: ZoneInfo, townships: list[str],
                 current: Any = None) -> tuple[QWidget, Callable[[], Any]]:
    """A widget to enter `field` and a function reading its value (typed for the service)."""
    if field in CHOICES:
        combo = choice_combo(field, str(current or ""))
        return combo, combo.currentData
    if field == "township":
        tw = township_combo(townships, str(current or ""))
        return tw, lambda: tw.currentText().strip()
    if field in TIME_FIELDS:
        edit = TimeEdit(zone, current, optional=field in OPTIONAL_TIMES)
        if current is None:
            edit.set_value(None, default=duty_log.now(db))
        return edit, edit.value
    if field == "significant":
        box = QCheckBox(duty_log.label("significant", duty_log.FIELD_LABELS))
        box.setChecked(bool(current))
        return box, box.isChecked
    if field == "summary":
        text = QPlainTextEdit()
        text.setTabChangesFocus(True)
        text.setPlainText(str(current or ""))
        text.setMinimumHeight(70)
        return text, lambda: text.toPlainText().strip()
    if field in COMPLETED_FIELDS:
        line: QLineEdit = SuggestLine(db, field)
    else:
        line = QLineEdit()
    line.setText(str(current or ""))
    return line, lambda: line.text().strip()


def with_error(widget: QWidget) -> tuple[QWidget, ErrorLabel]:
    """`widget` with an inline error label below it."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    error = ErrorLabel()
    layout.addWidget(error)
    box.setFocusProxy(widget)
    return box, error
