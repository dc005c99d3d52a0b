"""The command-line contract of shifts, handover sheets and the rota."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

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
    for user, role, name in (("yangzh", "leader", "杨志华"), ("zhanght", "shift_lead", "张海涛"),
                             ("lixy", "shift_lead", "李秀英"), ("wanglei", "operator", "王磊"),
                             ("chenjing", "operator", "陈静"), ("liuyang", "operator", "刘洋")):
        monkeypatch.setenv("DUTYDESK_NEW_PASSWORD", f"{user}-pass")
        code, _out, err = run(capsys, "--db", path, "account", "add", user, "--as", "admin", "--role", role,
                              "--role", "operator" if role == "shift_lead" else role, "--name", name)
        assert code == 0, err
    return path


def test_open_handover_list_print(station: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                  tmp_path: Path) -> None:
    monkeypatch.setenv("DUTYDESK_PASSWORD", "zhanght-pass")
    code, out, err = run(capsys, "--db", station, "shift", "open", "--as", "zhanght", "--leader", "yangzh",
                         "--operators", "wanglei,chenjing")
    assert code == 0, err
    assert "已接班" in out and "张海涛" in out and "杨志华" in out
    code, _out, err = run(capsys, "--db", station, "shift", "open", "--as", "zhanght")
    assert code == 2 and "已有班次在岗" in err and len(err.strip().splitlines()) == 1

    code, out, _err = run(capsys, "--db", station, "shift", "list", "--json")
    (shift,) = json.loads(out)
    assert shift["state"] == "open" and shift["lead"] == {"username": "zhanght", "name": "张海涛"}
    assert [p["username"] for p in shift["operators"]] == ["wanglei", "chenjing"]

    # refusals: nothing changes
    monkeypatch.setenv("DUTYDESK_PASSWORD_TO", "wrong")
    code, _out, err = run(capsys, "--db", station, "shift", "handover", "--as", "zhanght", "--to", "lixy")
    assert code == 2 and err.strip() == "接班人 lixy 的密码确认未通过：用户名或密码错误。"
    code, _out, err = run(capsys, "--lang", "en", "--db", station, "shift", "handover", "--as", "zhanght",
                          "--to", "lixy")
    assert code == 2 and err.strip() == "Password check of the incoming operator lixy failed: Wrong user name or password."
    monkeypatch.delenv("DUTYDESK_PASSWORD_TO")
    code, _out, err = run(capsys, "--db", station, "shift", "handover", "--as", "zhanght", "--to", "lixy")
    assert code == 2 and "DUTYDESK_PASSWORD_TO" in err and "接班人 lixy" in err
    code, _out, err = run(capsys, "--lang", "en", "--db", station, "shift", "handover", "--as", "zhanght",
                          "--to", "lixy")
    assert code == 2 and "incoming operator lixy" in err and "DUTYDESK_PASSWORD_TO" in err
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wrong")
    monkeypatch.setenv("DUTYDESK_PASSWORD_TO", "lixy-pass")
    code, _out, err = run(capsys, "--db", station, "shift", "handover", "--as", "zhanght", "--to", "lixy")
    assert code == 2 and err.strip() == "交班人 zhanght 的密码确认未通过：用户名或密码错误。"
    monkeypatch.setenv("DUTYDESK_PASSWORD", "zhanght-pass")
    monkeypatch.setenv("DUTYDESK_PASSWORD_TO", "lixy-pass")
    code, _out, err = run(capsys, "--db", station, "shift", "handover", "--as", "liuyang", "--to", "lixy")
    assert code == 2 and "不在本班" in err
    code, _out, err = run(capsys, "--lang", "en", "--db", station, "shift", "handover", "--as", "zhanght",
                          "--to", "zhanght")
    assert code == 2 and "cannot be the same person" in err
    code, out, _err = run(capsys, "--db", station, "shift", "list", "--json")
    assert [s["state"] for s in json.loads(out)] == ["open"]

    pdf = tmp_path / "sheet.pdf"
    code, out, err = run(capsys, "--db", station, "shift", "handover", "--as", "zhanght", "--to", "lixy",
                         "--notes", "卫星电话已充电", "--fault", "fax", "--pdf", str(pdf), "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["sheet_no"].startswith("JJB-") and result["pages"] >= 1 and pdf.is_file()
    code, _out, err = run(capsys, "--db", station, "shift", "handover", "--as", "zhanght", "--to", "lixy",
                          "--shift", result["shift_id"])
    assert code == 2 and "不能重复交班" in err

    code, out, _err = run(capsys, "--db", station, "shift", "list", "--json")
    shifts = json.loads(out)
    assert [s["state"] for s in shifts] == ["open", "handed_over"]
    assert shifts[1]["sheet_no"] == result["sheet_no"] and shifts[0]["lead"]["username"] == "lixy"
    assert [c["role"] for c in shifts[1]["confirmations"]] == ["outgoing", "incoming"]

    again = tmp_path / "again.pdf"
    code, out, err = run(capsys, "--db", station, "handover", "--shift", "last", "--pdf", str(again))
    assert code == 0, err and result["sheet_no"] in out
    assert again.read_bytes() == pdf.read_bytes()
    code, out, err = run(capsys, "--db", station, "handover", "--shift", result["shift_id"][:13], "--pdf", str(again))
    assert code == 0, err
    text = "".join(p.extract_text() for p in PdfReader(str(again)).pages)
    assert "交接班记录" in text and "卫星电话已充电" in text and "张海涛" in text
    code, _out, err = run(capsys, "--db", station, "handover", "--shift", "current", "--pdf",
                          str(tmp_path / "nowhere" / "x.pdf"))
    assert code == 2 and "无法写入 PDF 文件" in err
    assert not (tmp_path / "nowhere").exists()
    code, out, _err = run(capsys, "--db", station, "handover", "--shift", "current", "--json")
    assert code == 0 and json.loads(out)["preview"] is True
    code, _out, err = run(capsys, "--db", station, "handover", "--shift", "nonesuch", "--pdf", str(again))
    assert code == 2 and "没有这个班次" in err


def test_rota_commands(station: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                       tmp_path: Path) -> None:
    monkeypatch.setenv("DUTYDESK_PASSWORD", "yangzh-pass")
    code, out, err = run(capsys, "--db", station, "rota", "set", "--as", "yangzh", "--date", "2024-04-19",
                         "--leader", "yangzh", "--lead", "zhanght", "--operators", "wanglei,chenjing")
    assert code == 0, err
    assert "注意" not in out  # the lead and two operators: 3 besides the leader
    code, out, err = run(capsys, "--db", station, "rota", "set", "--as", "yangzh", "--date", "2024-04-21",
                         "--lead", "lixy", "--operators", "wanglei")
    assert code == 0, err
    assert "缺带班领导" in out and "少于规定的 3 人" in out
    code, _out, err = run(capsys, "--db", station, "rota", "set", "--as", "yangzh", "--slot", "2024-04-20T08:30",
                          "--lead", "lixy", "--operators", "wanglei,wanglei")
    assert code == 2 and "两次" in err
    code, _out, err = run(capsys, "--db", station, "rota", "swap", "--as", "yangzh", "--date", "2024-04-19",
                          "--out", "wanglei", "--in", "liuyang", "--approved-by", "zhanght")
    assert code == 0, err
    code, out, _err = run(capsys, "--db", station, "rota", "show", "--month", "2024-04", "--json")
    data = json.loads(out)
    day = data["slots"][18]
    assert day["slot"] == "2024-04-19T08:30" and [p["u"] for p in day["operators"]] == ["liuyang", "chenjing"]
    assert day["swaps"][0]["approved_by"]["n"] == "张海涛"
    code, out, err = run(capsys, "--db", station, "rota", "show", "--month", "2024-04", "--pdf", str(tmp_path / "r.pdf"))
    assert code == 0 and (tmp_path / "r.pdf").is_file(), err
    code, out, err = run(capsys, "--db", station, "rota", "show", "--month", "2024-04", "--xlsx", str(tmp_path / "r.xlsx"))
    assert code == 0 and (tmp_path / "r.xlsx").is_file(), err
    code, out, _err = run(capsys, "--db", station, "rota", "show", "--month", "2024-04")
    assert code == 0 and "张海涛" in out and len(out.splitlines()) == 30
    code, _out, err = run(capsys, "--db", station, "rota", "show", "--month", "2024-4x")
    assert code == 2 and "YYYY-MM" in err


def test_settings(station: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _err = run(capsys, "--db", station, "shift", "settings")
    assert code == 0 and "08:30" in out
    monkeypatch.setenv("DUTYDESK_PASSWORD", "admin-pass-1")
    code, out, err = run(capsys, "--db", station, "shift", "settings", "--as", "admin", "--pattern", "08:30,20:30",
                         "--leader-confirm", "yes", "--reminder", "45")
    assert code == 0, err
    assert "08:30,20:30" in out and "45" in out
    code, _out, err = run(capsys, "--db", station, "shift", "settings", "--as", "admin", "--pattern", "8h")
    assert code == 2 and "班次设置无效" in err


def test_current_warns_when_the_handover_is_overdue(station: str, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from app.services import accounts, shifts
    from app.storage.engine import Database
    from tests.conftest import FakeWall

    db = Database.open(station, wall=FakeWall(datetime(2024, 4, 29, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))))
    try:
        shifts.open_shift(db, accounts.authenticate(db, "zhanght", "zhanght-pass"), operators=["wanglei"])
    finally:
        db.close()
    code, out, _err = run(capsys, "--db", station, "shift", "current")
    assert code == 0 and "交班已逾期" in out and "2024年4月30日 08:30" in out
    code, out, _err = run(capsys, "--lang", "en", "--db", station, "shift", "current")
    assert "handover is overdue" in out
    code, out, _err = run(capsys, "--db", station, "shift", "current", "--json")
    assert json.loads(out)["overdue"] is True
