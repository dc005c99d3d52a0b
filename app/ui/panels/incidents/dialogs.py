"""The incident panel's dialogs: open an incident, a casualty count, a report sent, earthquake
parameters, link an entry. Each calls its service; a UserError is shown inside the dialog (the
field it names gets the focus) and nothing is saved; Enter saves, Esc cancels."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, ValidationError
from app.services.incidents import levels, reports, types
from app.storage.changes import Changes
from app.ui.widgets.station_time import from_qdatetime, to_qdatetime


class ServiceDialog(QDialog):
    """A form whose OK runs `self.submit()` (returns Changes); errors stay in the dialog."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("incidentDialogError")
        self.error.setStyleSheet("color: #b00000;")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {}
        self.changes: Changes | None = None
        self.publish: Callable[[Changes], None] = lambda _c: None

    def add(self, name: str, label: str, widget: QWidget) -> QWidget:
        widget.setObjectName(f"incidentField_{name}")
        self.form.addRow(label, widget)
        self.fields[name] = widget
        return widget

    def submit(self) -> Changes:  # pragma: no cover - overridden
        raise NotImplementedError

    def _ok(self) -> None:
        try:
            self.changes = self.submit()
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            field = getattr(error, "field", None)
            widget = self.fields.get(field or "")
            if widget is not None:
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.publish(self.changes)
        self.accept()


def when_edit(value: datetime, zone: ZoneInfo) -> QDateTimeEdit:
    edit = QDateTimeEdit(to_qdatetime(value, zone))
    edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
    edit.setCalendarPopup(True)
    return edit


def edit_time(edit: QDateTimeEdit, zone: ZoneInfo) -> datetime:
    return from_qdatetime(edit.dateTime(), zone)


class NewIncidentDialog(ServiceDialog):
    def __init__(self, ctx: Any, townships: list[str], parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("New incident"))
        self.ctx = ctx
        now = datetime.fromtimestamp(ctx.db.wall() / 1000, ctx.station.zone)
        self.type = QComboBox()
        for t in types.ordered():
            self.type.addItem(("    " if t.parent else "") + t.name, t.code)
        self.type.setCurrentIndex(max(self.type.findData("earthquake"), 0))
        self.add("type", self.tr("Type"), self.type)
        self.level = QComboBox()
        for code in ("IV", "III", "II", "I"):
            self.level.addItem(levels.label(code), code)
        self.add("level", self.tr("Level"), self.level)
        self.occurred = when_edit(now, ctx.station.zone)
        self.add("occurred_at", self.tr("Occurred"), self.occurred)
        self.received = when_edit(now, ctx.station.zone)
        self.add("received_at", self.tr("Received"), self.received)
        self.township = QComboBox()
        self.township.addItems(townships)
        self.add("township", self.tr("Township"), self.township)
        self.place = QLineEdit()
        self.add("place", self.tr("Place"), self.place)
        self.lat, self.lon = QLineEdit(), QLineEdit()
        self.lat.setPlaceholderText("25.22")
        self.lon.setPlaceholderText("99.96")
        self.add("lat", self.tr("Latitude (°N)"), self.lat)
        self.add("lon", self.tr("Longitude (°E)"), self.lon)
        self.summary = QPlainTextEdit()
        self.summary.setTabChangesFocus(True)
        self.summary.setFixedHeight(90)
        self.add("summary", self.tr("Summary"), self.summary)
        self.dead, self.injured, self.missing = QSpinBox(), QSpinBox(), QSpinBox()
        for box in (self.dead, self.injured, self.missing):
            box.setRange(0, 100000)
        self.add("dead", self.tr("Dead"), self.dead)
        self.add("injured", self.tr("Injured"), self.injured)
        self.add("missing", self.tr("Missing"), self.missing)
        self.exercise = QCheckBox(self.tr("Drill (left out of statistics)"))
        self.add("exercise", "", self.exercise)
        self.paper = QLineEdit()
        self.paper.setPlaceholderText(self.tr("number of the paper form, when entered from one"))
        self.add("paper_form", self.tr("Paper form No."), self.paper)
        self.row: Any = None

    def submit(self) -> Changes:
        from app.services.incidents import incidents

        zone = self.ctx.station.zone
        data = incidents.IncidentInput(
            type=str(self.type.currentData()), level=str(self.level.currentData()),
            occurred_at=edit_time(self.occurred, zone), received_at=edit_time(self.received, zone),
            township=self.township.currentText(), place=self.place.text(), lat=self.lat.text() or None,
            lon=self.lon.text() or None, summary=self.summary.toPlainText(), exercise=self.exercise.isChecked(),
            paper_form=self.paper.text())
        counts = {"dead": self.dead.value(), "injured": self.injured.value(), "missing": self.missing.value()}
        changes, self.row = incidents.add(self.ctx.db, self.ctx.actor, data, counts)
        return changes


class CasualtiesDialog(ServiceDialog):
    NAMES = ("dead", "missing", "injured", "serious", "evacuated", "houses", "loss_yuan")

    def __init__(self, ctx: Any, incident_id: str, current: Any, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Casualties and losses"))
        self.ctx, self.incident_id = ctx, incident_id
        labels = {"dead": self.tr("Dead"), "missing": self.tr("Missing"), "injured": self.tr("Injured"),
                  "serious": self.tr("Seriously injured"), "evacuated": self.tr("Evacuated"),
                  "houses": self.tr("Houses damaged"), "loss_yuan": self.tr("Direct loss (yuan)")}
        self.boxes: dict[str, QLineEdit] = {}
        for name in self.NAMES:
            box = QLineEdit(str(getattr(current, name)) if current is not None else "0")
            self.boxes[name] = box
            self.add(name, labels[name], box)
        self.source = QLineEdit()
        self.add("source", self.tr("Source"), self.source)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("required when a figure goes down"))
        self.add("reason", self.tr("Correction reason"), self.reason)

    def submit(self) -> Changes:
        from app.services.incidents import casualties

        values = {n: b.text() for n, b in self.boxes.items()}
        return casualties.record(self.ctx.db, self.ctx.actor, self.incident_id, values, source=self.source.text(),
                                 reason=self.reason.text())


class ReportDialog(ServiceDialog):
    def __init__(self, ctx: Any, incident_id: str, stage: str, to: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Report sent"))
        self.ctx, self.incident_id = ctx, incident_id
        self.stage = QComboBox()
        for code, label in (("first", self.tr("First report")), ("followup", self.tr("Follow-up report")),
                            ("final", self.tr("Final report")), ("supplement", self.tr("Supplementary report"))):
            self.stage.addItem(label, code)
        self.stage.setCurrentIndex(max(self.stage.findData(stage), 0))
        self.add("stage", self.tr("Stage"), self.stage)
        self.sent_to = QLineEdit(to)
        self.add("sent_to", self.tr("Sent to"), self.sent_to)
        self.channel = QComboBox()
        for code, (zh, en) in reports.CHANNELS.items():
            self.channel.addItem(zh if ctx.language == "zh_CN" else en, code)
        self.channel.setCurrentIndex(max(self.channel.findData("fax"), 0))
        self.add("channel", self.tr("Channel"), self.channel)
        self.doc = QLineEdit()
        self.add("doc_no", self.tr("Document No."), self.doc)
        self.at = when_edit(datetime.fromtimestamp(ctx.db.wall() / 1000, ctx.station.zone), ctx.station.zone)
        self.add("sent_at", self.tr("Sent at"), self.at)

    def submit(self) -> Changes:
        return reports.record(self.ctx.db, self.ctx.actor, self.incident_id, stage=str(self.stage.currentData()),
                              sent_to=self.sent_to.text(), channel=str(self.channel.currentData()),
                              doc_no=self.doc.text(), at=edit_time(self.at, self.ctx.station.zone))


class QuakeDialog(ServiceDialog):
    def __init__(self, ctx: Any, incident_id: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Earthquake parameters"))
        self.ctx, self.incident_id = ctx, incident_id
        self.magnitude, self.depth_edit, self.lat, self.lon = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.add("magnitude", self.tr("Magnitude (M)"), self.magnitude)
        self.add("depth", self.tr("Depth (km)"), self.depth_edit)
        self.add("lat", self.tr("Latitude (°N)"), self.lat)
        self.add("lon", self.tr("Longitude (°E)"), self.lon)
        self.formal = QCheckBox(self.tr("Formal measurement (supersedes automatic)"))
        self.add("formal", "", self.formal)

    def submit(self) -> Changes:
        from app.services.incidents import quake

        return quake.record(self.ctx.db, self.ctx.actor, self.incident_id, magnitude=self.magnitude.text(),
                            depth=self.depth_edit.text(), lat=self.lat.text(), lon=self.lon.text(),
                            formal=self.formal.isChecked())


class LinkEntryDialog(ServiceDialog):
    def __init__(self, ctx: Any, incident_id: str, parent: QWidget | None = None) -> None:
        super().__init__("", parent)
        self.setWindowTitle(self.tr("Link a duty-log entry"))
        self.ctx, self.incident_id = ctx, incident_id
        self.entry_edit = QLineEdit()
        self.entry_edit.setPlaceholderText("2024-0137")
        self.add("entry", self.tr("Entry number"), self.entry_edit)

    def submit(self) -> Changes:
        from app.services.incidents import links

        if not self.entry_edit.text().strip():
            raise ValidationError("incident.required", field="entry", name=self.tr("Entry number"))
        return links.link(self.ctx.db, self.ctx.actor, self.incident_id, self.entry_edit.text())
