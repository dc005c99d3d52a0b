"""Quick entry (Ctrl+N): a form an operator fills while still on the phone.

The cursor starts in the first field and Tab follows the order in which a call is spoken:
direction and channel, who is calling (unit, person, callback number), when it was received,
where (township, location), what kind of matter, what was said, then the optional times and
the significant flag. Ctrl+Enter saves; Esc asks before throwing away a form with something
in it. Units, persons and phones complete from recently used values. Errors appear in red
next to the field they concern and nothing is saved.
"""

from __future__ import annotations

import itertools
from datetime import timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryInput, EntryRow
from app.storage.changes import Changes
from app.storage.engine import Database
from app.ui.panels.duty_log.editors import (
    ErrorLabel,
    SuggestLine,
    TimeEdit,
    choice_combo,
    township_combo,
    with_error,
)

TEXT_FIELDS = ("source_unit", "source_person", "phone", "location", "summary")


class EntryForm(QDialog):
    """The quick-entry dialog. After `accept()`, `saved` is the new entry and `changes` what
    the service changed (the panel publishes them)."""

    def __init__(self, db: Database, actor: Actor, zone: ZoneInfo, townships: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyLogEntryForm")
        self.setWindowTitle(self.tr("New duty log entry"))
        self.db = db
        self.actor = actor
        self.zone = zone
        self.saved: EntryRow | None = None
        self.changes: Changes | None = None
        now = duty_log.now(db)

        self.direction = choice_combo("direction")
        self.direction.setObjectName("direction")
        self.channel = choice_combo("channel")
        self.channel.setObjectName("channel")
        self.source_unit = SuggestLine(db, "source_unit")
        self.source_unit.setObjectName("source_unit")
        self.source_unit.setPlaceholderText(self.tr("e.g. 五印乡人民政府"))
        self.source_person = SuggestLine(db, "source_person")
        self.source_person.setObjectName("source_person")
        self.phone = SuggestLine(db, "phone")
        self.phone.setObjectName("phone")
        self.phone.setPlaceholderText(self.tr("callback number"))
        self.received_at = TimeEdit(zone, now, optional=False)
        self.received_at.setObjectName("received_at")
        self.township = township_combo(townships)
        self.township.setObjectName("township")
        self.location = SuggestLine(db, "location")
        self.location.setObjectName("location")
        self.location.setPlaceholderText(self.tr("village, road, building…"))
        self.category = choice_combo("category", "routine")
        self.category.setObjectName("category")
        self.summary = QPlainTextEdit()
        self.summary.setObjectName("summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText(self.tr("What was reported or said (required)"))
        self.summary.setMinimumHeight(90)
        self.occurred_at = TimeEdit(zone, None, optional=True)
        self.occurred_at.setObjectName("occurred_at")
        self.occurred_at.set_value(None, default=now)
        self.due_at = TimeEdit(zone, None, optional=True)
        self.due_at.setObjectName("due_at")
        # no follow-up time unless one is set; ticking it proposes an hour from now, not "now"
        self.due_at.set_value(None, default=now + timedelta(hours=1))
        self.significant = QCheckBox(self.tr("Si&gnificant (important for the leader on duty)"))
        self.significant.setObjectName("significant")
        self.paper_form = QLineEdit()
        self.paper_form.setObjectName("paper_form")
        self.paper_form.setPlaceholderText(self.tr("typing in a paper form? its number (the times are those on the paper)"))

        self.general_error = ErrorLabel()
        self.general_error.setObjectName("generalError")
        self.errors: dict[str, ErrorLabel] = {}

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        how = QWidget()
        how_layout = QHBoxLayout(how)
        how_layout.setContentsMargins(0, 0, 0, 0)
        how_layout.addWidget(self.direction, 1)
        how_layout.addWidget(self.channel, 1)
        how.setFocusProxy(self.direction)
        # what the caller says comes first: Ctrl+N, type, Ctrl+Enter records it (issue 8)
        rows: list[tuple[str, QWidget, tuple[str, ...]]] = [
            (self.tr("&Summary:"), self.summary, ("summary",)),
            (self.tr("&Direction / channel:"), how, ("direction", "channel")),
            (self.tr("&Unit:"), self.source_unit, ("source_unit",)),
            (self.tr("&Person:"), self.source_person, ("source_person",)),
            (self.tr("P&hone:"), self.phone, ("phone",)),
            (self.tr("&Received:"), self.received_at, ("received_at",)),
            (self.tr("&Township:"), self.township, ("township",)),
            (self.tr("&Location:"), self.location, ("location",)),
            (self.tr("&Category:"), self.category, ("category",)),
            (self.tr("&Occurred:"), self.occurred_at, ("occurred_at",)),
            (self.tr("Follow-up &due:"), self.due_at, ("due_at",)),
            (self.tr("Paper for&m No.:"), self.paper_form, ("paper_form",)),
        ]
        for text, widget, fields in rows:
            box, error = with_error(widget)
            label = QLabel(text)
            label.setBuddy(widget)
            form.addRow(label, box)
            for field in fields:
                self.errors[field] = error
        form.addRow("", self.significant)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(self.tr("Save (Ctrl+Enter)"))
        save.setDefault(False)
        save.setAutoDefault(False)
        cancel = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText(self.tr("Cancel (Esc)"))
        cancel.setAutoDefault(False)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        hint = QLabel(self.tr("Signed in as %1 — the entry is recorded in your name.").replace("%1", actor.display_name))
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.general_error)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)

        order: list[QWidget] = [self.summary, self.direction, self.channel, self.source_unit, self.source_person,
                                self.phone, self.received_at.edit, self.township, self.location, self.category]
        assert self.occurred_at.check is not None and self.due_at.check is not None
        order += [self.occurred_at.check, self.occurred_at.edit, self.due_at.check, self.due_at.edit,
                  self.paper_form, self.significant, save, cancel]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.tab_order = order

        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self.save)

        self.source_unit.completer_.activated.connect(self._fill_from_unit)
        self.phone.completer_.activated.connect(self._fill_from_phone)
        for field, error in self.errors.items():
            widget = getattr(self, field)
            signal = None
            if isinstance(widget, QLineEdit):
                signal = widget.textEdited
            elif isinstance(widget, QPlainTextEdit):
                signal = widget.textChanged
            elif isinstance(widget, QComboBox):
                signal = widget.currentTextChanged
            elif isinstance(widget, TimeEdit):
                signal = widget.edited
            if signal is not None:
                signal.connect(lambda *_a, e=error: e.show_message(""))
        self.resize(560, self.sizeHint().height())
        self.summary.setFocus(Qt.FocusReason.TabFocusReason)  # a visible focus frame, typing goes here

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab walks `tab_order` exactly (composite widgets such as editable combos and time
        edits would otherwise bend Qt's focus chain)."""
        focus = QApplication.focusWidget()
        current = -1
        for i, widget in enumerate(self.tab_order):
            if focus is widget or (focus is not None and widget.isAncestorOf(focus)):
                current = i
                break
        if current < 0:
            return super().focusNextPrevChild(next)
        step = 1 if next else -1
        count = len(self.tab_order)
        for k in range(1, count + 1):
            candidate = self.tab_order[(current + step * k) % count]
            if candidate.isEnabled() and candidate.isVisibleTo(self):
                candidate.setFocus(Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason)
                return True
        return False

    # -- contents --------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        texts = [self.source_unit.text(), self.source_person.text(), self.phone.text(), self.location.text(),
                 self.summary.toPlainText(), self.township.currentText(), self.paper_form.text()]
        return not any(t.strip() for t in texts)

    def entry_input(self) -> EntryInput:
        return EntryInput(
            summary=self.summary.toPlainText().strip(),
            direction=self.direction.currentData(),
            channel=self.channel.currentData(),
            category=self.category.currentData(),
            received_at=self.received_at.value(),
            occurred_at=self.occurred_at.value(),
            source_unit=self.source_unit.text().strip(),
            source_person=self.source_person.text().strip(),
            phone=self.phone.text().strip(),
            township=self.township.currentText().strip(),
            location=self.location.text().strip(),
            due_at=self.due_at.value(),
            significant=self.significant.isChecked(),
            paper_form=self.paper_form.text().strip(),
        )

    def _fill_from_unit(self, unit: str) -> None:
        if self.source_person.text().strip() or self.phone.text().strip():
            return
        for contact in self._contacts(unit):
            if contact.unit == unit:
                self.source_person.setText(contact.person)
                self.phone.setText(contact.phone)
                return

    def _fill_from_phone(self, phone: str) -> None:
        if self.source_unit.text().strip() or self.source_person.text().strip():
            return
        for contact in self._contacts(phone):
            if contact.phone == phone:
                self.source_unit.setText(contact.unit)
                self.source_person.setText(contact.person)
                return

    def _contacts(self, prefix: str) -> list[duty_log.Contact]:
        try:
            return duty_log.contacts(self.db, prefix, limit=10)
        except UserError:
            return []

    # -- saving ------------------------------------------------------------------------------------

    def clear_errors(self) -> None:
        self.general_error.show_message("")
        for error in self.errors.values():
            error.show_message("")

    def show_error(self, error: UserError) -> None:
        field = error.field if isinstance(error, ValidationError) else None
        label = self.errors.get(field or "")
        if label is None:
            self.general_error.show_message(error.message)
            return
        label.show_message(error.message)
        widget = getattr(self, field or "", None)
        if isinstance(widget, QWidget):
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def save(self) -> None:
        self.clear_errors()
        try:
            changes, row = duty_log.add_entry(self.db, self.actor, self.entry_input())
        except UserError as error:
            self.show_error(error)
            return
        self.saved = row
        self.changes = changes
        self.accept()

    def has_unsaved_input(self) -> bool:
        """Asked by the main window before it closes (Ctrl+Q): typed text would be lost."""
        return self.isVisible() and self.saved is None and not self.is_empty()

    def reject(self) -> None:
        if self.saved is None and not self.is_empty() and not self.confirm_discard():
            return
        super().reject()

    def confirm_discard(self) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Discard entry?"),
                          self.tr("This entry has not been saved. Discard what you typed?"),
                          QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel, self)
        box.setObjectName("discardQuestion")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Discard).setText(self.tr("Discard"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("Keep editing"))
        return box.exec() == QMessageBox.StandardButton.Discard
