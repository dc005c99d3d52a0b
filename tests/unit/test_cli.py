"""The command-line contract: exit codes, one-line errors, JSON on stdout only."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests import engines


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    path = str(tmp_path / "cli.sqlite3")
    monkeypatch.setenv("DUTYDESK_PASSWORD", "admin-pass-1")
    code, _out, err = run(capsys, "--db", path, "init", "--station-name", "巍山县应急管理局",
                          "--station-code", "532927", "--admin", "admin")
    assert code == 0, err
    return path


def test_init_account_list_json(station: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYDESK_NEW_PASSWORD", "op-pass-123")
    code, _out, err = run(capsys, "--db", station, "account", "add", "wanglei", "--as", "admin",
                          "--role", "值班员", "--role", "shift_lead", "--name", "王磊", "--phone", "13908721301")
    assert code == 0, err
    code, out, _err = run(capsys, "--db", station, "account", "list", "--json")
    assert code == 0
    data = json.loads(out)
    assert [a["username"] for a in data] == ["admin", "wanglei"]
    assert data[1]["roles"] == ["operator", "shift_lead"] and data[1]["name"] == "王磊"
    assert "password" not in out and "scrypt" not in out


def test_user_errors_exit_2_with_one_line(station: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wrong")
    monkeypatch.setenv("DUTYDESK_NEW_PASSWORD", "op-pass-123")
    code, out, err = run(capsys, "--db", station, "account", "add", "x1", "--as", "admin", "--role", "operator")
    assert code == 2 and out == ""
    assert err.strip() == "用户名或密码错误。"
    code, _out, err = run(capsys, "--lang", "en", "--db", station, "account", "disable", "ghost", "--as", "admin")
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_missing_role_is_named(station: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYDESK_NEW_PASSWORD", "op-pass-123")
    assert run(capsys, "--db", station, "account", "add", "op1", "--as", "admin", "--role", "operator")[0] == 0
    monkeypatch.setenv("DUTYDESK_PASSWORD", "op-pass-123")
    code, _out, err = run(capsys, "--db", station, "account", "disable", "admin", "--as", "op1")
    assert code == 2 and "管理员" in err


def test_check_passes_then_fails_on_hand_edit(station: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run(capsys, "--db", station, "check", "--json")
    assert code == 0 and json.loads(out)["ok"] is True
    from sqlalchemy import text

    from app.storage.engine import Database

    with Database.open(station) as db, db.transaction() as conn:
        conn.execute(text("UPDATE station SET name = '假站点'"))
    code, out, _err = run(capsys, "--db", station, "check")
    assert code == 2
    assert "station" in out and "假站点" in out


def test_not_a_database(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.sqlite3"
    bad.write_bytes(b"PK\x03\x04 definitely not sqlite" * 100)
    code, _out, err = run(capsys, "--db", str(bad), "account", "list")
    assert code == 2 and "不是 DutyDesk 数据库" in err


def test_uninitialised(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", str(tmp_path / "none.sqlite3"), "check")
    assert code == 2 and "dutydesk init" in err


def test_init_without_password_on_no_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", str(tmp_path / "n.sqlite3"), "init", "--station-name", "站",
                          "--station-code", "532927", "--admin", "admin")
    assert code == 2 and "DUTYDESK_PASSWORD" in err
    assert not (tmp_path / "n.sqlite3").exists()


def test_init_with_bad_code_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUTYDESK_PASSWORD", "admin-pass-1")
    code, _out, err = run(capsys, "--db", str(tmp_path / "n.sqlite3"), "init", "--station-name", "站",
                          "--station-code", "53", "--admin", "admin")
    assert code == 2 and "532927" in err
    assert not (tmp_path / "n.sqlite3").exists()


def test_python_dash_m_entry_point(station: str) -> None:
    result = subprocess.run([sys.executable, "-m", "app", "--db", engines.url_for(station), "--lang", "en", "account", "list"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "admin" in result.stdout


def test_usage_errors_are_one_line_in_the_users_language(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["log", "add", "--summary", "x"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("缺少必需的参数：--as") and len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--bogus"])
    assert capsys.readouterr().err.startswith("Unrecognised arguments: --bogus")


def test_server_url_without_driver(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(capsys, "--db", "postgresql://nobody@127.0.0.1:1/x", "account", "list")
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_demo_force_never_replaces_a_file_that_is_not_a_database(tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    notes = tmp_path / "值班笔记.txt"
    notes.write_text("重要的值班笔记", encoding="utf-8")
    code, _out, err = run(capsys, "--db", str(notes), "demo", "--force")
    assert code == 2 and "不是 DutyDesk 数据库" in err
    assert notes.read_text(encoding="utf-8") == "重要的值班笔记"
