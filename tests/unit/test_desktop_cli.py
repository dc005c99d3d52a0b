"""`dutydesk desktop`: the automatic lock time, shown to anyone, changed by an admin only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from app.services import passwords


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    passwords.fast_for_tests()
    path = str(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("DUTYDESK_PASSWORD", "admin-pass-1")
    assert run(capsys, "--db", path, "init", "--station-name", "巍山县应急管理局", "--station-code", "532927",
               "--admin", "admin")[0] == 0
    monkeypatch.setenv("DUTYDESK_NEW_PASSWORD", "wanglei-pass")
    assert run(capsys, "--db", path, "account", "add", "wanglei", "--as", "admin", "--role", "operator")[0] == 0
    return path


def test_show_set_and_refuse(station: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run(capsys, "--db", station, "desktop") == (0, "自动锁屏：无操作 15 分钟后锁定窗口\n", "")
    assert run(capsys, "--db", station, "desktop", "--idle-lock", "10", "--as", "admin")[0] == 0
    code, out, _ = run(capsys, "--db", station, "desktop", "--json")
    assert code == 0 and json.loads(out) == {"idle_lock_minutes": 10}

    code, out, err = run(capsys, "--db", station, "--lang", "en", "desktop", "--idle-lock", "300", "--as", "admin")
    assert (code, out) == (2, "") and "300" in err and "0 to 240" in err
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wanglei-pass")
    code, _, err = run(capsys, "--db", station, "desktop", "--idle-lock", "0", "--as", "wanglei")
    assert code == 2 and err
    assert run(capsys, "--db", station, "--lang", "en", "desktop") == (0, "Automatic lock: after 10 min without input\n", "")
    monkeypatch.setenv("DUTYDESK_PASSWORD", "admin-pass-1")
    assert run(capsys, "--db", station, "desktop", "--idle-lock", "0", "--as", "admin")[0] == 0
    assert run(capsys, "--db", station, "desktop")[1] == "自动锁屏：关闭\n"
