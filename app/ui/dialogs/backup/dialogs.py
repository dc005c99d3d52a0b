"""The backup settings dialog and the restore dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.services import backup
from app.ui import file_dialogs
from app.ui.panel_api import SessionContext


class BackupSettingsDialog(QDialog):
    """Where and how often to back up (admin); saved as station settings in one operation set."""

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("backupSettingsDialog")
        self.setWindowTitle(self.tr("Backup settings"))
        settings = backup.load(ctx.db)
        self.targets = QListWidget()
        self.targets.setObjectName("backupTargets")
        self.targets.addItems(settings.targets)
        add = QPushButton(self.tr("&Add folder…"))
        add.setObjectName("backupAddTarget")
        add.clicked.connect(self._add)
        self.remove = QPushButton(self.tr("&Remove"))
        self.remove.setObjectName("backupRemoveTarget")
        self.remove.clicked.connect(self._remove)
        self.targets.currentRowChanged.connect(lambda _row: self._update())
        buttons_col = QVBoxLayout()
        buttons_col.addWidget(add)
        buttons_col.addWidget(self.remove)
        buttons_col.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.targets, 1)
        row.addLayout(buttons_col)
        self.every = QSpinBox()
        self.every.setObjectName("backupEveryHours")
        self.every.setRange(0, 168)
        self.every.setSuffix(self.tr(" h"))
        self.every.setSpecialValueText(self.tr("only at handovers"))
        self.every.setValue(settings.every_hours)
        self.daily = QSpinBox()
        self.daily.setRange(1, 3650)
        self.daily.setValue(settings.keep_daily)
        self.monthly = QSpinBox()
        self.monthly.setRange(0, 1200)
        self.monthly.setValue(settings.keep_monthly)
        hint = QLabel(self.tr("Use a second disk, a USB stick or a network folder — a folder on the same disk "
                              "as the database is not a backup. A folder that is missing when a backup is due "
                              "(USB stick not plugged in) is shown as a failed backup."))
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Folders"), row)
        form.addRow(self.tr("Every"), self.every)
        form.addRow(self.tr("Keep daily backups of the last (days)"), self.daily)
        form.addRow(self.tr("Keep monthly backups of the last (months)"), self.monthly)
        for button in (add, self.remove):
            button.setAutoDefault(False)  # Enter saves; it never opens a folder dialog
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Save).setDefault(True)
        box.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        box.accepted.connect(self._save)
        box.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setObjectName("backupSettingsError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self._update()

    def _update(self) -> None:
        self.remove.setEnabled(self.targets.currentRow() >= 0)

    def _add(self) -> None:
        folder = file_dialogs.existing_folder(self, self.tr("Backup folder"))
        if folder:
            self.add_folder(folder)

    def add_folder(self, folder: str) -> None:
        existing = [self.targets.item(i).text() for i in range(self.targets.count())]
        if folder not in existing:
            self.targets.addItem(folder)

    def _remove(self) -> None:
        row = self.targets.currentRow()
        if row >= 0:
            self.targets.takeItem(row)
        self._update()

    def _save(self) -> None:
        targets = [self.targets.item(i).text() for i in range(self.targets.count())]
        try:
            changes = backup.save(self.ctx.db, self.ctx.actor, targets=targets, every_hours=self.every.value(),
                                  keep_daily=self.daily.value(), keep_monthly=self.monthly.value())
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self.ctx.bus.publish(changes)
        self.accept()


class RestoreDialog(QDialog):
    """Restore a backup of this station as a new database file (never over the open one)."""

    def __init__(self, ctx: SessionContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.result_info: backup.RestoreResult | None = None
        self.setObjectName("backupRestoreDialog")
        self.setWindowTitle(self.tr("Restore from a backup"))
        self.source = QLineEdit()
        self.source.setObjectName("restoreSource")
        self.target = QLineEdit()
        self.target.setObjectName("restoreTarget")
        pick_source = QPushButton(self.tr("Browse…"))
        pick_source.clicked.connect(self._pick_source)
        pick_target = QPushButton(self.tr("Browse…"))
        pick_target.clicked.connect(self._pick_target)
        for button in (pick_source, pick_target):
            button.setAutoDefault(False)  # Enter restores; it never opens a file dialog
        src_row, dst_row = QHBoxLayout(), QHBoxLayout()
        src_row.addWidget(self.source, 1)
        src_row.addWidget(pick_source)
        dst_row.addWidget(self.target, 1)
        dst_row.addWidget(pick_target)
        form = QFormLayout()
        form.addRow(self.tr("Backup file"), src_row)
        form.addRow(self.tr("New database file"), dst_row)
        note = QLabel(self.tr("The backup is checked first and restored as a new database with a new replica "
                              "id; the open database is not changed. Afterwards import the other stations' "
                              "bundles to get back what was recorded after the backup."))
        note.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("restoreError")
        self.error.setStyleSheet("color: #b00020")
        self.error.setWordWrap(True)
        self.error.hide()
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = box.addButton(self.tr("&Restore"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setObjectName("restoreRun")
        box.button(QDialogButtonBox.StandardButton.Cancel).setAutoDefault(False)
        box.accepted.connect(self._restore)
        box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(box)
        self.source.textChanged.connect(self._update)
        self.target.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ready = bool(self.source.text().strip() and self.target.text().strip())
        self.restore_button.setEnabled(ready)
        self.restore_button.setDefault(ready)  # Enter restores once both files are named

    def _pick_source(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Backup file"), "",
                                      self.tr("DutyDesk backups (DutyDesk-*.sqlite3);;All files (*)"))
        if path:
            self.source.setText(path)

    def _pick_target(self) -> None:
        path = file_dialogs.save_file(self, self.tr("New database file"), "restored.sqlite3",
                                      self.tr("Databases (*.sqlite3)"), suffix="sqlite3")
        if path:
            self.target.setText(path)

    def _restore(self) -> None:
        try:
            self.result_info = backup.restore(self.source.text().strip(), self.target.text().strip(),
                                              expect_station=self.ctx.station.station_id)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self.accept()
        QMessageBox.information(self.parentWidget() or self, self.tr("Restored"),
                                self.tr("Restored as %1 (new replica %2). Start DutyDesk on it with "
                                        "dutydesk --db \"%1\", then import the other stations' bundles.")
                                .replace("%1", self.result_info.path).replace("%2", self.result_info.new_replica[:8]))
