"""Every file dialog of the program: Qt's own dialog that never reads the files it lists.

A file dialog lists a folder; to pick icons and the "Type" column, Qt (and the native GTK/portal
dialogs) look up each file's MIME type, and for names whose extension does not decide it
(`station.db`, `dutydesk`, …) they open the file and read its first bytes. Opening and closing
the open database file from inside this process drops SQLite's locks for the whole process (see
app/storage/file_guard.py), so a second `dutydesk` process deletes our WAL. Hence:

* always `DontUseNativeDialog` (a native dialog runs code we do not control);
* an icon provider that decides icons and types from the name alone (`NameOnlyIconProvider`);
* the chosen file is refused when it is the database itself (or its -wal/-shm), with the
  message in the user's language, and the dialog asked again.

Dialogs get the object name "fileDialog" so tests and the GUI robot find and answer them.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QEvent, QFileInfo, QObject, QStandardPaths
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QStyle, QWidget

from app.storage import file_guard

OBJECT_NAME = "fileDialog"


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Folder / file icons and a type named after the extension: never opens a file."""

    def __init__(self) -> None:
        super().__init__()
        style = QApplication.style()
        self._folder = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._file = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self._drive = style.standardIcon(QStyle.StandardPixmap.SP_DriveHDIcon)

    def icon(self, what: object) -> QIcon:
        if isinstance(what, QFileInfo):
            return self._folder if what.isDir() else self._file
        if what in (QAbstractFileIconProvider.IconType.Folder, QAbstractFileIconProvider.IconType.Trashcan):
            return self._folder
        if what in (QAbstractFileIconProvider.IconType.Drive, QAbstractFileIconProvider.IconType.Computer,
                    QAbstractFileIconProvider.IconType.Network):
            return self._drive
        return self._file

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return QApplication.translate("FileDialogs", "Folder")
        suffix = info.suffix()
        if suffix:
            return QApplication.translate("FileDialogs", "%1 file").replace("%1", suffix.upper())
        return QApplication.translate("FileDialogs", "File")


_provider: NameOnlyIconProvider | None = None


def icon_provider() -> NameOnlyIconProvider:
    global _provider
    if _provider is None:
        _provider = NameOnlyIconProvider()
    return _provider


def default_folder() -> str:
    for location in (QStandardPaths.StandardLocation.DocumentsLocation, QStandardPaths.StandardLocation.HomeLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return folder
    return str(Path.home())


def make_dialog(parent: QWidget | None, title: str, directory: str = "", filters: str = "") -> QFileDialog:
    """A Qt file dialog that never sniffs file contents (not shown yet)."""
    folder, file_name = directory, ""
    if directory and not Path(directory).is_dir():
        given = Path(directory)
        folder = str(given.parent) if given.parent != Path(".") and given.parent.is_dir() else ""
        file_name = given.name
    dialog = QFileDialog(parent, title, folder or default_folder(), filters)
    dialog.setObjectName(OBJECT_NAME)
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setIconProvider(icon_provider())
    if file_name:
        dialog.selectFile(file_name)
    return dialog


def _refused(parent: QWidget | None, paths: list[str]) -> bool:
    bad = [p for p in paths if file_guard.is_database_file(p)]
    if not bad:
        return False
    box = QMessageBox(QMessageBox.Icon.Warning, QApplication.translate("FileDialogs", "Not this file"),
                      file_guard.DatabaseFileTouched(bad[0]).message, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("databaseFileRefused")
    box.exec()
    return True


def _run(dialog: QFileDialog, parent: QWidget | None) -> list[str]:
    while True:
        if dialog.exec() != QFileDialog.DialogCode.Accepted:
            return []
        chosen = dialog.selectedFiles()
        if not _refused(parent, chosen):
            return chosen


def open_file(parent: QWidget | None, title: str, directory: str = "", filters: str = "") -> str:
    """One existing file ("" when cancelled)."""
    dialog = make_dialog(parent, title, directory, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    chosen = _run(dialog, parent)
    return chosen[0] if chosen else ""


def open_files(parent: QWidget | None, title: str, directory: str = "", filters: str = "") -> list[str]:
    dialog = make_dialog(parent, title, directory, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    return _run(dialog, parent)


def save_file(parent: QWidget | None, title: str, suggested: str = "", filters: str = "",
              suffix: str = "") -> str:
    """A file name to write ("" when cancelled); Qt asks before overwriting an existing file.
    A name typed without an extension gets `suffix`, or the first filter's (PDF (*.pdf): .pdf)."""
    dialog = make_dialog(parent, title, suggested, filters)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if not suffix:
        first = re.search(r"\*\.(\w+)", filters)
        suffix = first.group(1) if first else ""
    if suffix:
        dialog.setDefaultSuffix(suffix.lstrip("."))
    chosen = _run(dialog, parent)
    return chosen[0] if chosen else ""


def existing_folder(parent: QWidget | None, title: str, directory: str = "") -> str:
    dialog = make_dialog(parent, title, directory)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    chosen = _run(dialog, parent)
    return chosen[0] if chosen else ""


class QtDialogGuard(QObject):
    """File dialogs Qt opens by itself (a print dialog's "print to file", the preview's PDF
    export) get the name-only icon provider the moment they are shown, before anyone can browse
    to the database's folder with them; their first folder is kept away from it (`print_target`)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QFileDialog) \
                and watched.iconProvider() is not icon_provider():
            watched.setIconProvider(icon_provider())
        return False


_guard: QtDialogGuard | None = None


def install_guard(app: QApplication) -> None:
    """Once per application (app/ui/application.py)."""
    global _guard
    if _guard is None:
        _guard = QtDialogGuard(app)
        app.installEventFilter(_guard)


def print_target(name: str) -> str:
    """Where "print to file" starts: the documents folder, never the database's."""
    return str(Path(default_folder()) / name)
