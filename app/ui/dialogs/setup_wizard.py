"""First run: no database yet. Station name and code, time zone (Asia/Shanghai), language, and
the first admin account (password twice). Finishing creates the database file and calls
`station.initialize` — one transaction; if it fails, the new file is removed again."""

from __future__ import annotations

import contextlib
from pathlib import Path
from zoneinfo import available_timezones

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app import messages
from app.errors import UserError, ValidationError
from app.services import accounts, station
from app.storage.engine import Database, resolve_url, sqlite_path

LANGUAGE_NAMES = {"zh_CN": "简体中文", "en": "English"}


def _error_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setStyleSheet("color: #a61b1b;")
    label.hide()
    return label


def _show(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class StationPage(QWizardPage):
    def __init__(self, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The station"))
        self.setSubTitle(self.tr("Which duty room this database belongs to. The code is the county's "
                                 "administrative code, such as 532927 for Weishan."))
        self.name = QLineEdit()
        self.name.setObjectName("stationName")
        self.name.setPlaceholderText(self.tr("e.g. Weishan County Emergency Management Bureau"))
        self.code = QLineEdit()
        self.code.setObjectName("stationCode")
        self.code.setPlaceholderText("532927")
        self.timezone = QComboBox()
        self.timezone.setObjectName("stationTimezone")
        self.timezone.setEditable(True)
        zones = sorted(z for z in available_timezones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))
        self.timezone.addItems(zones)
        self.timezone.setCurrentText(station.DEFAULT_TZ)
        self.language = QComboBox()
        self.language.setObjectName("stationLanguage")
        for code in messages.LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES.get(code, code), code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        form = QFormLayout()
        form.addRow(self.tr("Station &name:"), self.name)
        form.addRow(self.tr("Station &code:"), self.code)
        form.addRow(self.tr("&Time zone:"), self.timezone)
        form.addRow(self.tr("&Language:"), self.language)
        self.error = _error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)

    def validatePage(self) -> bool:
        name = self.name.text().strip()
        try:
            if not name or len(name) > 60:
                raise ValidationError("station.bad_name", field="name")
            if not station.CODE_RE.match(self.code.text().strip()):
                raise ValidationError("station.bad_code", field="code", value=self.code.text().strip())
            station.validate_timezone(self.timezone.currentText().strip())
        except UserError as error:
            _show(self.error, error.message)
            return False
        _show(self.error, "")
        return True


class AdminPage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("The administrator"))
        self.setSubTitle(self.tr("The first account. It manages the other accounts (Tools → Accounts…) "
                                 "and can unlock any locked screen."))
        self.username = QLineEdit("admin")
        self.username.setObjectName("adminUsername")
        self.display_name = QLineEdit()
        self.display_name.setObjectName("adminName")
        self.password = QLineEdit()
        self.password.setObjectName("adminPassword")
        self.again = QLineEdit()
        self.again.setObjectName("adminAgain")
        for field in (self.password, self.again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&User name:"), self.username)
        form.addRow(self.tr("&Name:"), self.display_name)
        form.addRow(self.tr("&Password:"), self.password)
        form.addRow(self.tr("&Again:"), self.again)
        self.error = _error_label()
        self.error.setObjectName("setupError")
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("At least 8 characters.")))
        layout.addWidget(self.error)

    def validatePage(self) -> bool:
        try:
            accounts.validate_username(self.username.text())
            accounts.validate_password(self.password.text())
            if self.password.text() != self.again.text():
                raise ValidationError("account.password_mismatch", field="password")
        except UserError as error:
            _show(self.error, error.message)
            return False
        _show(self.error, "")
        wizard = self.wizard()
        return wizard.create_station() if isinstance(wizard, SetupWizard) else True


class SetupWizard(QWizard):
    """Creates the database at `db_arg` (path/URL as for `--db`); `.db` is the open result."""

    def __init__(self, db_arg: str | None, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Set up DutyDesk"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.db_arg = db_arg
        self.db: Database | None = None
        self.station_page = StationPage(language)
        self.admin_page = AdminPage()
        self.addPage(self.station_page)
        self.addPage(self.admin_page)
        self.setMinimumSize(620, 440)
        self.where = QLabel(self.tr("New database: %1").replace("%1", self._target()))
        self.where.setWordWrap(True)
        layout = self.station_page.layout()
        if layout is not None:
            layout.addWidget(self.where)

    def _target(self) -> str:
        url = resolve_url(self.db_arg)
        return str(sqlite_path(url) or url)

    @property
    def language(self) -> str:
        return str(self.station_page.language.currentData())

    def create_station(self) -> bool:
        """Make the database; on failure show why (inline) and leave no half-made file."""
        path = sqlite_path(resolve_url(self.db_arg))
        existed = path is not None and path.exists()
        db: Database | None = None
        try:
            db = Database.open(self.db_arg, create=True)
            station.initialize(
                db,
                name=self.station_page.name.text(),
                code=self.station_page.code.text(),
                admin=self.admin_page.username.text(),
                password=self.admin_page.password.text(),
                timezone=self.station_page.timezone.currentText().strip(),
                language=self.language,
                admin_name=self.admin_page.display_name.text(),
            )
        except UserError as error:
            if db is not None:
                db.close()
            if path is not None and not existed:
                _remove_database(path)
            _show(self.admin_page.error, error.message)
            return False
        self.db = db
        return True


def _remove_database(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            candidate.unlink()
