"""One desktop program per database: the lock and the local server that a second start asks to
bring the window forward. The second program runs in a real subprocess (its socket calls block)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.single_instance import ANSWER_SHOWN, ANSWER_STARTING, InstanceGuard, database_name, instance_key

ROOT = Path(__file__).resolve().parents[2]
SECOND = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication
from app.ui.single_instance import InstanceGuard
app = QCoreApplication([])
guard = InstanceGuard(sys.argv[1], Path(sys.argv[2]))
if sys.argv[3] == "lock-and-die":
    assert guard.acquire()
    import os
    os._exit(0)  # crash: the lock file stays behind
print(guard.acquire(), guard.ask_to_activate(5000).decode().strip() or "-", flush=True)
"""


def second_program(qtbot, key: str, folder: Path, mode: str = "ask") -> subprocess.Popen[str]:  # type: ignore[no-untyped-def]
    return subprocess.Popen([sys.executable, "-c", SECOND, key, str(folder), mode], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def finish(qtbot, proc: subprocess.Popen[str]) -> str:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20000)  # our event loop answers meanwhile
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    return out.strip()


def test_key_is_the_resolved_path_string(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DUTYDESK_DB", raising=False)
    db = tmp_path / "station.sqlite3"  # does not exist: nothing is opened or read
    assert database_name("station.sqlite3") == database_name(str(db)) == database_name(f"./x/../{db.name}")
    assert instance_key("station.sqlite3") == instance_key(str(db))
    assert instance_key(str(db)) != instance_key(str(tmp_path / "other.sqlite3"))
    assert not db.exists()
    url = "postgresql://duty:secret@db.example/dutydesk"
    assert "secret" not in database_name(url)
    assert instance_key(url) == instance_key("postgresql://duty:other@db.example/dutydesk")


def test_second_start_brings_the_first_forward(qtbot, qapp: QApplication, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = instance_key(str(tmp_path / f"{tmp_path.name}.sqlite3"))
    first = InstanceGuard(key, tmp_path)
    assert first.acquire() and first.listening
    window = QWidget()
    qtbot.addWidget(window)
    shown: list[bool] = []

    def front() -> bool:
        window.show()
        shown.append(True)
        return True

    first.front = front
    with qtbot.waitSignal(first.activate_requested, timeout=20000):
        proc = second_program(qtbot, key, tmp_path)
        assert finish(qtbot, proc) == f"False {ANSWER_SHOWN.decode().strip()}"
    assert shown == [True] and window.isVisible()
    first.release()


def test_while_signing_in_the_second_is_told_to_finish_there(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = instance_key(str(tmp_path / "b.sqlite3"))
    first = InstanceGuard(key, tmp_path)
    assert first.acquire()  # front() is still the default: no window yet
    assert finish(qtbot, second_program(qtbot, key, tmp_path)) == f"False {ANSWER_STARTING.decode().strip()}"
    first.release()


def test_released_or_crashed_holder_does_not_block(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    key = instance_key(str(tmp_path / "c.sqlite3"))
    first = InstanceGuard(key, tmp_path)
    assert first.acquire()
    assert not InstanceGuard(key, tmp_path).acquire()
    first.release()
    again = InstanceGuard(key, tmp_path)
    assert again.acquire()
    again.release()

    crashed = second_program(qtbot, key, tmp_path, "lock-and-die")
    crashed.wait(20)
    assert crashed.returncode == 0
    assert (tmp_path / f"{key}.lock").exists()  # left behind by the dead process
    after_crash = InstanceGuard(key, tmp_path)
    assert after_crash.acquire()  # its process is gone: the lock is stale and taken over
    after_crash.release()


def test_other_database_is_not_blocked(tmp_path: Path) -> None:
    one = InstanceGuard(instance_key(str(tmp_path / "one.sqlite3")), tmp_path)
    two = InstanceGuard(instance_key(str(tmp_path / "two.sqlite3")), tmp_path)
    assert one.acquire() and two.acquire()
    one.release()
    two.release()


def test_second_start_message_in_the_users_language(qapp: QApplication, zh_ui: None,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from app.ui import application

    seen: list[tuple[str, str, str]] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: seen.append(
        (self.windowTitle(), self.text(), self.informativeText())) or 0)
    assert application.already_running("/srv/duty.sqlite3", ANSWER_SHOWN) == 0
    assert application.already_running("/srv/duty.sqlite3", ANSWER_STARTING) == 0
    assert application.already_running("/srv/duty.sqlite3", b"") == 2  # it did not answer
    assert seen[0] == ("已经打开", "应急值守台已在使用这个数据库，已把它的窗口调到最前面。同一个数据库同一时间只由一个程序写入。",
                       "/srv/duty.sqlite3")
    assert "完成登录" in seen[1][1] and "没有响应" in seen[2][1]


def test_run_gui_hands_over_to_the_running_program(qapp: QApplication, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The second `dutydesk gui` on a database another program holds opens nothing."""
    from app.ui import application

    monkeypatch.setenv("DUTYDESK_STATE_DIR", str(tmp_path / "state"))
    db = str(tmp_path / "held.sqlite3")
    holder = InstanceGuard(instance_key(db))
    assert holder.acquire()
    opened: list[object] = []
    monkeypatch.setattr(application, "open_database", lambda *a: opened.append(a) or (None, "zh_CN", 2))
    monkeypatch.setattr(application, "already_running", lambda name, answer: 0 if name == database_name(db) else 9)
    monkeypatch.setattr(InstanceGuard, "ask_to_activate", lambda self, timeout_ms=3000: ANSWER_SHOWN)
    assert application.run_gui(db, None, "zh_CN") == 0
    assert opened == []  # the database was never opened
    assert not Path(db).exists()
    holder.release()
