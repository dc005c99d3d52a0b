"""First run: the setup wizard creates the station; a bad database file gets a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from app.errors import UserError
from app.services import accounts, station
from app.storage.engine import Database
from app.ui import session
from app.ui.dialogs.setup_wizard import SetupWizard


@pytest.fixture
def wizard(qtbot, tmp_path: Path, zh_ui: None) -> SetupWizard:  # type: ignore[no-untyped-def]
    w = SetupWizard(str(tmp_path / "new" / "station.sqlite3"), "zh_CN")
    qtbot.addWidget(w)
    return w


def fill(wizard: SetupWizard, *, code: str = "532927", again: str = "Weishan-2024") -> None:
    wizard.station_page.name.setText("巍山县应急管理局")
    wizard.station_page.code.setText(code)
    wizard.admin_page.username.setText("admin")
    wizard.admin_page.display_name.setText("李建国")
    wizard.admin_page.password.setText("Weishan-2024")
    wizard.admin_page.again.setText(again)


@pytest.mark.sqlite_only
def test_wizard_creates_the_station(wizard: SetupWizard, tmp_path: Path) -> None:
    assert wizard.station_page.timezone.currentText() == "Asia/Shanghai"
    assert wizard.station_page.language.currentData() == "zh_CN"
    fill(wizard)
    wizard.station_page.language.setCurrentIndex(wizard.station_page.language.findData("en"))
    assert wizard.station_page.validatePage()
    assert wizard.admin_page.validatePage()
    assert wizard.db is not None
    info = station.info(wizard.db)
    assert (info.name, info.code, info.timezone, info.language) == ("巍山县应急管理局", "532927", "Asia/Shanghai", "en")
    actor = accounts.authenticate(wizard.db, "admin", "Weishan-2024")
    assert actor.display_name == "李建国" and actor.has("admin")
    assert wizard.language == "en"
    wizard.db.close()
    assert (tmp_path / "new" / "station.sqlite3").exists()


def test_bad_station_code_is_refused_on_the_first_page(wizard: SetupWizard, tmp_path: Path) -> None:
    fill(wizard, code="53-29")
    assert not wizard.station_page.validatePage()
    assert wizard.station_page.error.text() == "站点代码应为 6–12 位数字或字母（如 532927）：“53-29”"
    wizard.station_page.timezone.setCurrentText("Mars/Olympus")
    wizard.station_page.code.setText("532927")
    assert not wizard.station_page.validatePage()
    assert "未知时区" in wizard.station_page.error.text()
    assert not (tmp_path / "new").exists()


def test_password_mismatch_creates_nothing(wizard: SetupWizard, tmp_path: Path) -> None:
    fill(wizard, again="Weishan-2025")
    assert wizard.station_page.validatePage()
    assert not wizard.admin_page.validatePage()
    assert wizard.admin_page.error.text() == "两次输入的密码不一致。"
    assert wizard.db is None
    assert not (tmp_path / "new" / "station.sqlite3").exists()


def test_first_run_opens_the_wizard(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zh_ui: None) -> None:
    target = tmp_path / "first.sqlite3"

    def run(self: SetupWizard) -> int:
        fill(self)
        assert self.station_page.validatePage() and self.admin_page.validatePage()
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(SetupWizard, "exec", run)
    db, language, code = session.open_database(str(target), "zh_CN")
    assert db is not None and code == 0 and language == "zh_CN"
    assert station.info(db).code == "532927"
    db.close()


def test_cancelled_wizard_exits_quietly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SetupWizard, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    db, _language, code = session.open_database(str(tmp_path / "none.sqlite3"), "zh_CN")
    assert db is None and code == session.EXIT_CANCELLED
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("content", [b"this is a text file, not a database" * 100, b"SQLite format 3\x00" + b"\xff" * 600])
def test_a_file_that_is_not_a_database_gets_a_message_and_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, zh_ui: None, content: bytes) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(content)
    shown: list[str] = []
    monkeypatch.setattr(session, "database_error", lambda error, parent=None: shown.append(error.message))
    monkeypatch.setattr(SetupWizard, "exec", lambda self: pytest.fail("no wizard for an existing file"))
    db, _language, code = session.open_database(str(bad), "zh_CN")
    assert db is None and code == session.EXIT_DATABASE
    assert len(shown) == 1 and ("不是 DutyDesk 数据库" in shown[0] or "损坏" in shown[0])
    assert bad.read_bytes() == content


def test_database_error_dialog_text(qtbot, monkeypatch: pytest.MonkeyPatch, zh_ui: None) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    seen: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: seen.append((self.windowTitle(), self.text())) or 0)
    session.database_error(UserError("db.locked"))
    assert seen == [("应急值守台无法打开数据库", "数据库正被其他程序占用，请稍后重试。")]


def test_existing_station_opens_directly(db_path: Path, db: Database) -> None:
    db.close()
    opened, _language, code = session.open_database(str(db_path), "zh_CN")
    assert opened is not None and code == 0
    assert station.info(opened).name == "巍山县应急管理局"
    opened.close()
