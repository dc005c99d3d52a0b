"""Roster dialogs: the two-keystroke status popup, new unit, new member, import preview.
Each one calls a service; a UserError is shown inside the dialog (naming the field) and the
dialog stays open with nothing saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services.accounts import Actor
from app.services.rosters import common, people, status, units, xlsx
from app.storage.changes import Changes
from app.storage.engine import Database
from app.ui.panels.rosters.board import COLOURS, status_text


class ServiceDialog(QDialog):
    """A form whose OK runs a service; `changes` holds what it changed."""

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.changes: Changes | None = None
        self.error = QLabel()
        self.error.setObjectName("dialogError")
        self.error.setStyleSheet("color: #b03a2e;")
        self.error.setWordWrap(True)
        self.error.hide()

    def fail(self, error: UserError) -> None:
        self.error.setText(error.message)
        self.error.show()


def _digit(event: QKeyEvent) -> str:
    return {Qt.Key.Key_1: "1", Qt.Key.Key_2: "2", Qt.Key.Key_3: "3", Qt.Key.Key_4: "4"}.get(Qt.Key(event.key()), "")


class StatusPopup(ServiceDialog):
    """S, then 1 standby · 2 deployed · 3 resting · 4 out of service (Enter on a highlighted row too).
    Out of service asks for the reason; deployed may take a place and an incident id but need not."""

    def __init__(self, db: Database, actor: Actor, unit: units.UnitNode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterStatusPopup")
        self.db, self.actor, self.unit = db, actor, unit
        self.setWindowTitle(self.tr("Status of %1").replace("%1", unit.name))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("%1 — now: %2").replace("%1", unit.name).replace("%2", status_text(unit.status))))
        self.labels: list[QLabel] = []
        for key, code in status.KEYS.items():
            bg, fg = COLOURS[code]
            label = QLabel(f"  {key}   {status_text(code)}")
            label.setStyleSheet(f"background: {bg}; color: {fg}; font-size: 15px; padding: 4px;")
            layout.addWidget(label)
            self.labels.append(label)
        form = QFormLayout()
        self.place = QLineEdit()
        self.place.setObjectName("statusPlace")
        self.incident = QLineEdit()
        self.incident.setObjectName("statusIncident")
        self.note = QLineEdit()
        self.note.setObjectName("statusNote")
        form.addRow(self.tr("Place (deployed)"), self.place)
        form.addRow(self.tr("Incident id (deployed)"), self.incident)
        form.addRow(self.tr("Note / reason"), self.note)
        layout.addLayout(form)
        hint = QLabel(self.tr("Press 1–4 to set the status now; fill in place or reason first if needed. Esc cancels."))
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        self.chosen = ""
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for edit in (self.place, self.incident, self.note):  # Alt+1–4 also work while typing in a field
            edit.installEventFilter(self)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.setFocus(Qt.FocusReason.OtherFocusReason)  # digits go to the popup, not to a field

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            digit = _digit(event)
            if digit and event.modifiers() & Qt.KeyboardModifier.AltModifier:
                self.apply(status.KEYS[digit])
                return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        digit = {Qt.Key.Key_1: "1", Qt.Key.Key_2: "2", Qt.Key.Key_3: "3", Qt.Key.Key_4: "4"}.get(Qt.Key(event.key()))
        in_field = isinstance(self.focusWidget(), QLineEdit)
        alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        if digit and (alt or not in_field):
            self.apply(status.KEYS[digit])
            return
        super().keyPressEvent(event)

    def apply(self, code: str) -> bool:
        if code == "out" and not self.note.text().strip():
            self.note.setFocus()
            self.error.setText(self.tr("Out of service needs a reason: type it, then press Alt+4."))
            self.error.show()
            return False
        try:
            _event, self.changes = status.set_status(self.db, self.actor, self.unit.id, code,
                                                     incident_id=self.incident.text(), place=self.place.text(),
                                                     note=self.note.text())
        except UserError as error:
            self.fail(error)
            return False
        self.chosen = code
        self.accept()
        return True


def _combo(items: dict[str, tuple[str, str]], current: str) -> QComboBox:
    box = QComboBox()
    for code, pair in items.items():
        box.addItem(common.lang_pick(pair), code)
    index = box.findData(current)
    box.setCurrentIndex(max(0, index))
    return box


class UnitDialog(ServiceDialog):
    def __init__(self, db: Database, actor: Actor, townships: list[str], parent_unit: units.UnitNode | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterUnitDialog")
        self.db, self.actor = db, actor
        self.unit_id = ""
        self.setWindowTitle(self.tr("New unit"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("unitName")
        self.parent_name = QLineEdit(parent_unit.name if parent_unit else "")
        self.parent_id = parent_unit.id if parent_unit else ""
        self.level = _combo(common.LEVELS, "squad" if parent_unit else "team")
        self.type = _combo(common.UNIT_TYPES, parent_unit.type if parent_unit else "other")
        self.township = QComboBox()
        self.township.addItem("", "")
        for t in townships:
            self.township.addItem(t, t)
        if parent_unit and parent_unit.township:
            self.township.setCurrentIndex(self.township.findData(parent_unit.township))
        self.place = QLineEdit()
        self.planned = QSpinBox()
        self.planned.setObjectName("unitPlanned")
        self.planned.setRange(0, common.MAX_PLANNED)
        self.phone = QLineEdit()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Parent"), self.parent_name)
        form.addRow(self.tr("Level"), self.level)
        form.addRow(self.tr("Type"), self.type)
        form.addRow(self.tr("Township"), self.township)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Planned strength"), self.planned)
        form.addRow(self.tr("Duty phone"), self.phone)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        parent = self.parent_id if self.parent_name.text().strip() else ""
        if self.parent_name.text().strip() and not parent:
            parent = self.parent_name.text().strip()
        try:
            self.unit_id, self.changes = units.create_unit(self.db, self.actor, units.UnitInput(
                name=self.name.text(), level=self.level.currentData(), type=self.type.currentData(), parent=parent,
                township=self.township.currentData() or "", place=self.place.text(), planned=self.planned.value(),
                phone=self.phone.text()))
        except UserError as error:
            self.fail(error)
            return
        self.accept()


class MemberDialog(ServiceDialog):
    def __init__(self, db: Database, actor: Actor, unit: units.UnitNode | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterMemberDialog")
        self.db, self.actor = db, actor
        self.unit_id = unit.id if unit else ""
        self.person_id = ""
        self.setWindowTitle(self.tr("New member"))
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName("memberName")
        self.unit = QLabel(unit.name if unit else self.tr("(no unit)"))
        self.role = _combo(common.MEMBER_ROLES, "member")
        self.phones = [QLineEdit() for _ in range(3)]
        self.phones[0].setObjectName("memberPhone1")
        self.id_number = QLineEdit()
        self.gender = QComboBox()
        self.gender.addItems(["", "男", "女"])
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Unit"), self.unit)
        form.addRow(self.tr("Role"), self.role)
        for n, edit in enumerate(self.phones, start=1):
            form.addRow(self.tr("Phone %1").replace("%1", str(n)), edit)
        form.addRow(self.tr("ID number"), self.id_number)
        form.addRow(self.tr("Gender"), self.gender)
        form.addRow(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def save(self) -> None:
        try:
            self.person_id, self.changes = people.add_person(self.db, self.actor, people.PersonInput(
                name=self.name.text(), unit=self.unit_id, role=self.role.currentData(),
                phones=[e.text() for e in self.phones], id_number=self.id_number.text(),
                gender=self.gender.currentText()))
        except UserError as error:
            self.fail(error)
            return
        self.accept()


class ImportDialog(ServiceDialog):
    """Preview of an .xlsx import: every row with what would happen; Import is enabled only when no
    row has an error, and writes everything in one transaction."""

    def __init__(self, db: Database, actor: Actor, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterImportDialog")
        self.db, self.actor, self.path = db, actor, path
        self.setWindowTitle(self.tr("Import roster — %1").replace("%1", path.name))
        self.resize(820, 520)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setObjectName("importSummary")
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("importPreview")
        self.table.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Name"), self.tr("Unit"), self.tr("Result")])
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importConfirm")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.preview: xlsx.ImportPreview | None = None
        self.load()

    def load(self) -> None:
        try:
            self.preview = xlsx.preview(self.db, self.path)
        except UserError as error:
            self.fail(error)
            self.import_button.setEnabled(False)
            self.summary.setText("")
            return
        rows = self.preview.rows
        self.table.setRowCount(len(rows))
        words = {"add": self.tr("Will be added"), "exists": self.tr("Already on the roster"), "error": ""}
        for n, r in enumerate(rows):
            for col, value in enumerate((str(r.row), r.name, r.unit, r.message if r.action == "error"
                                         else words[r.action])):
                item = QTableWidgetItem(value)
                if r.action == "error":
                    item.setForeground(Qt.GlobalColor.red)
                self.table.setItem(n, col, item)
        self.summary.setText(self.tr("%1 to add, %2 already present, %3 rows with errors")
                             .replace("%1", str(self.preview.added)).replace("%2", str(self.preview.existing))
                             .replace("%3", str(len(self.preview.errors))))
        self.import_button.setEnabled(not self.preview.errors and self.preview.added > 0)

    def save(self) -> None:
        try:
            self.preview, self.changes = xlsx.commit(self.db, self.actor, self.path)
        except UserError as error:
            self.fail(error)
            return
        self.accept()


def field_error(error: UserError) -> Any:
    return getattr(error, "field", None)
