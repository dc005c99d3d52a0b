"""Small dialogs that record one operation on a saved entry: amend a field, a leader's
instruction, an action taken, a notification, voiding. Each calls the service itself, shows a
`UserError` inline (nothing saved) and keeps the `Changes` for the panel to publish."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryRow
from app.storage.changes import Changes
from app.storage.engine import Database
from app.ui.panels.duty_log.editors import (
    ErrorLabel,
    SuggestLine,
    TimeEdit,
    choice_combo,
    field_editor,
    with_error,
)


class ServiceDialog(QDialog):
    """A form whose OK runs one service call; errors show next to their field."""

    def __init__(self, db: Database, actor: Actor, entry: EntryRow, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.actor = actor
        self.entry = entry
        self.changes: Changes | None = None
        self.setWindowTitle(f"{title} — {entry.display_no}")
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, ErrorLabel] = {}
        self.general_error = ErrorLabel()
        self.general_error.setObjectName("generalError")
        about = QLabel(f"<b>{entry.display_no}</b> {_short(entry.summary)}")
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Record (Ctrl+Enter)"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addWidget(self.general_error)
        layout.addLayout(self.form)
        layout.addWidget(self.buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self.submit)
        self.setMinimumWidth(460)

    def add_row(self, text: str, widget: QWidget, *fields: str) -> QWidget:
        box, error = with_error(widget)
        label = QLabel(text)
        label.setBuddy(widget)
        self.form.addRow(label, box)
        for field in fields:
            self.errors[field] = error
        return widget

    def call(self) -> Changes:  # pragma: no cover - overridden
        raise NotImplementedError

    def submit(self) -> None:
        self.general_error.show_message("")
        for error in self.errors.values():
            error.show_message("")
        try:
            self.changes = self.call()
        except UserError as error:
            field = error.field if isinstance(error, ValidationError) else None
            label = self.errors.get(field or "")
            (label or self.general_error).show_message(error.message)
            return
        self.accept()


def _short(text: str, length: int = 60) -> str:
    flat = " ".join(text.split())
    return escape(flat if len(flat) <= length else flat[: length - 1] + "…")


class AmendDialog(ServiceDialog):
    """Correct one field: the old value stays in the history, struck through."""

    def __init__(self, db: Database, actor: Actor, entry: EntryRow, zone: ZoneInfo, townships: list[str],
                 field: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, entry, QCoreApplication.translate("DutyLogDialogs", "Amend entry"), parent)
        self.setObjectName("dutyLogAmend")
        self.zone = zone
        self.townships = townships
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("amendField")
        for name in duty_log.AMENDABLE:
            self.field_combo.addItem(duty_log.label(name, duty_log.FIELD_LABELS), name)
        self.add_row(self.tr("&Field:"), self.field_combo)
        self.current = QLabel()
        self.current.setWordWrap(True)
        self.current.setObjectName("amendCurrent")
        self.form.addRow(self.tr("Now:"), self.current)
        self.value_holder = QWidget()
        self.value_layout = QVBoxLayout(self.value_holder)
        self.value_layout.setContentsMargins(0, 0, 0, 0)
        self.value_error = ErrorLabel()
        self.value_label = QLabel(self.tr("&New value:"))
        self.form.addRow(self.value_label, self.value_holder)
        self.form.addRow("", self.value_error)
        self.errors["value"] = self.value_error
        self.reason = QLineEdit()
        self.reason.setObjectName("amendReason")
        self.reason.setPlaceholderText(self.tr("why the record was wrong (optional)"))
        self.add_row(self.tr("&Reason:"), self.reason, "reason")
        self.editor: QWidget | None = None
        self.read_value: Callable[[], Any] = lambda: None
        self.field_combo.currentIndexChanged.connect(self._field_changed)
        if field in duty_log.AMENDABLE:
            self.field_combo.setCurrentIndex(duty_log.AMENDABLE.index(field))
        self._field_changed()
        self.field_combo.setFocus()

    @property
    def field(self) -> str:
        return str(self.field_combo.currentData())

    def _field_changed(self) -> None:
        field = self.field
        if self.editor is not None:
            self.value_layout.removeWidget(self.editor)
            self.editor.deleteLater()
        current = getattr(self.entry, field)
        text = duty_log.format_value(field, current) if current not in (None, "") else "—"
        self.current.setText(text)
        self.editor, self.read_value = field_editor(self.db, field, self.zone, self.townships, current)
        self.editor.setObjectName("amendValue")
        self.value_layout.addWidget(self.editor)
        self.value_label.setBuddy(self.editor)
        self.errors[field] = self.value_error
        QWidget.setTabOrder(self.field_combo, self.editor)
        QWidget.setTabOrder(self.editor, self.reason)
        self.value_error.show_message("")

    def call(self) -> Changes:
        return duty_log.amend(self.db, self.actor, self.entry.id, self.field, self.read_value(),
                              reason=self.reason.text().strip())


class InstructionDialog(ServiceDialog):
    """A leader's instruction (领导批示), written down by the leader or the shift lead."""

    def __init__(self, db: Database, actor: Actor, entry: EntryRow, leaders: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, entry, QCoreApplication.translate("DutyLogDialogs", "Leader's instruction"), parent)
        self.setObjectName("dutyLogInstruction")
        self.leader = QComboBox()
        self.leader.setObjectName("instructionLeader")
        self.leader.setEditable(True)
        self.leader.addItems(leaders)
        self.leader.setCurrentText(actor.display_name if actor.display_name in leaders else (leaders[0] if leaders else ""))
        self.text = QPlainTextEdit()
        self.text.setObjectName("instructionText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)
        self.by_phone = QCheckBox(self.tr("Given by &phone (I write it down)"))
        self.by_phone.setObjectName("instructionByPhone")
        may_instruct = any(actor.has(r) for r in duty_log.INSTRUCTORS)
        if not may_instruct:  # an operator records what the leader said on the phone
            self.by_phone.setChecked(True)
            self.by_phone.setEnabled(False)
            self.by_phone.setToolTip(self.tr("Operators record leaders' instructions given by phone; "
                                             "the leader and you are both named."))
            if self.leader.currentText() == actor.display_name:
                self.leader.setCurrentText(leaders[0] if leaders else "")
        self.add_row(self.tr("&Leader:"), self.leader, "leader")
        self.add_row("", self.by_phone, "via")
        self.add_row(self.tr("&Instruction:"), self.text, "text", "instruction")
        self.text.setFocus()

    def call(self) -> Changes:
        return duty_log.add_instruction(self.db, self.actor, self.entry.id, self.text.toPlainText().strip(),
                                        leader=self.leader.currentText().strip(),
                                        via="phone" if self.by_phone.isChecked() else "")


class ActionDialog(ServiceDialog):
    """An action taken (处理情况)."""

    def __init__(self, db: Database, actor: Actor, entry: EntryRow, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, entry, QCoreApplication.translate("DutyLogDialogs", "Action taken"), parent)
        self.setObjectName("dutyLogAction")
        self.text = QPlainTextEdit()
        self.text.setObjectName("actionText")
        self.text.setTabChangesFocus(True)
        self.text.setMinimumHeight(90)
        self.add_row(self.tr("&Action taken:"), self.text, "text", "action")
        self.text.setFocus()

    def call(self) -> Changes:
        return duty_log.add_action(self.db, self.actor, self.entry.id, self.text.toPlainText().strip())


class NotificationDialog(ServiceDialog):
    """Who was notified, by which channel, when."""

    def __init__(self, db: Database, actor: Actor, entry: EntryRow, zone: ZoneInfo,
                 parent: QWidget | None = None) -> None:
        super().__init__(db, actor, entry, QCoreApplication.translate("DutyLogDialogs", "Notification"), parent)
        self.setObjectName("dutyLogNotification")
        self.whom = SuggestLine(db, "source_unit")
        self.whom.setObjectName("notifyWhom")
        self.whom.setPlaceholderText(self.tr("unit or person notified, e.g. 五印乡人民政府 李明"))
        self.channel = choice_combo("channel", "phone")
        self.channel.setObjectName("notifyChannel")
        self.at = TimeEdit(zone, duty_log.now(db), optional=False)
        self.at.setObjectName("notifyAt")
        self.add_row(self.tr("&Whom:"), self.whom, "whom")
        self.add_row(self.tr("&By:"), self.channel, "channel")
        self.add_row(self.tr("&When:"), self.at, "at")
        self.whom.setFocus()

    def call(self) -> Changes:
        return duty_log.add_notification(self.db, self.actor, self.entry.id, self.whom.text().strip(),
                                         channel=self.channel.currentData(), at=self.at.value())


class VoidDialog(ServiceDialog):
    """Void a wrong entry with a reason; it stays in the log, struck through."""

    def __init__(self, db: Database, actor: Actor, entry: EntryRow, parent: QWidget | None = None) -> None:
        super().__init__(db, actor, entry, QCoreApplication.translate("DutyLogDialogs", "Void entry"), parent)
        self.setObjectName("dutyLogVoid")
        note = QLabel(self.tr("A voided entry is not deleted: it stays in the log and in every print, struck "
                              "through, with the reason and your name."))
        note.setWordWrap(True)
        self.form.addRow(note)
        self.reason = QLineEdit()
        self.reason.setObjectName("voidReason")
        self.add_row(self.tr("&Reason:"), self.reason, "reason")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Void (Ctrl+Enter)"))
        self.reason.setFocus()

    def call(self) -> Changes:
        return duty_log.void_entry(self.db, self.actor, self.entry.id, self.reason.text().strip())
