"""`dutydesk team|member|calllist|directory` (the command-line contract), .xlsx import/export, the
call-list PDF (by its extracted text), bad input (one message, exit 2, nothing saved)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.cli import main
from app.services.accounts import Actor
from app.storage.engine import Database
from tests.conftest import ADMIN_PASSWORD, make_account


@pytest.fixture
def cli(db: Database, admin: Actor, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> object:
    make_account(db, admin, "wanglei", "operator", name="王磊")
    db.close()

    def run(*args: str, user: str | None = None) -> tuple[int, str, str]:
        argv = ["--db", str(db_path), *args]
        if user:
            monkeypatch.setenv("DUTYDESK_PASSWORD", ADMIN_PASSWORD if user == "admin" else f"{user}-pass")
            argv += ["--as", user]
        code = main(argv)
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def ok(run: object, *args: str, user: str | None = None) -> str:
    code, out, err = run(*args, user=user)  # type: ignore[operator]
    assert code == 0, err
    return out


def seed(run: object) -> None:
    team = ok(run, "team", "add", "森林消防专业扑火队", "--type", "professional", "--planned", "114", user="admin").strip()
    ok(run, "team", "add", "五印乡驻防点", "--level", "post", "--type", "professional", "--parent", team,
       "--township", "五印乡", "--planned", "19", user="admin")
    ok(run, "team", "add", "五印班", "--level", "squad", "--type", "professional", "--parent", "五印乡驻防点",
       "--township", "五印乡", "--planned", "19", user="admin")
    ok(run, "member", "add", "--name", "罗正华", "--unit", "五印班", "--role", "squad_leader", "--phone",
       "13908725001", "--phone", "0872-6125001", user="admin")
    ok(run, "member", "add", "--name", "李志强", "--unit", "五印班", "--phone", "13908725002", user="admin")
    ok(run, "team", "edit", "五印班", "--leader", "罗正华", user="admin")


def test_team_list_and_show_json_contract(cli: object) -> None:
    seed(cli)
    rows = json.loads(ok(cli, "team", "list", "--json"))
    assert [r["name"] for r in rows] == ["森林消防专业扑火队", "五印乡驻防点", "五印班"]
    for key in ("id", "name", "type", "parent", "township", "planned", "on_duty", "status"):
        assert all(key in r for r in rows)
    assert rows[2]["parent"] == rows[1]["id"] and rows[2]["on_duty"] == 2 and rows[2]["leader"] == "罗正华"
    assert json.loads(ok(cli, "team", "list", "--township", "五印乡", "--json"))[0]["name"] == "五印乡驻防点"
    quake = ok(cli, "incident", "add", "--type", "地震", "--level", "一般", "--occurred", "2024-04-19T05:54:10",
               "--received", "2024-04-19T05:56:40", "--township", "五印乡", "--summary", "五印乡M4.2级地震",
               user="wanglei").strip()
    code, _out, err = cli("team", "status", "森林消防专业扑火队", "deployed", "--incident", "SJ9999-9999",  # type: ignore[operator]
                          user="wanglei")
    assert code == 2 and "SJ9999-9999" in err
    ok(cli, "team", "status", "森林消防专业扑火队", "deployed", "--incident", quake[:8], "--place", "五印乡", user="wanglei")
    deployed = json.loads(ok(cli, "team", "list", "--status", "deployed", "--json"))
    assert len(deployed) == 3 and deployed[0]["incident_id"] == quake
    show = json.loads(ok(cli, "team", "show", "五印班", "--json"))
    assert [m["name"] for m in show["members"]] == ["罗正华", "李志强"]
    assert [p["number"] for p in show["members"][0]["phones"]] == ["13908725001", "0872-6125001"]
    assert "qualifications" in show["members"][0]
    history = json.loads(ok(cli, "team", "history", "森林消防专业扑火队", "--json"))
    assert history[0]["status"] == "deployed"
    assert "出动" in ok(cli, "team", "board")


def test_member_verify_leave_qual_and_stale(cli: object) -> None:
    seed(cli)
    ok(cli, "member", "verify", "罗正华", "--phone", "13908725001", user="wanglei")
    shown = json.loads(ok(cli, "member", "show", "罗正华", "--json"))
    assert shown["phones"][0]["verified_by"] == "wanglei" and shown["phones"][1]["verified_ms"] is None
    ok(cli, "member", "qual", "罗正华", "--type", "扑火队员上岗证", "--awarded", "2023-12-01", user="admin")
    assert json.loads(ok(cli, "member", "show", "罗正华", "--json"))["qualifications"][0]["expires"] == "2025-11-30"
    ok(cli, "member", "phone", "李志强", "--do-not-call", "13908725002", user="wanglei")
    ok(cli, "member", "leave", "李志强", user="admin")
    assert json.loads(ok(cli, "member", "show", "李志强", "--json"))["status"] == "left"
    assert isinstance(json.loads(ok(cli, "member", "stale", "--days", "1", "--json")), list)


@pytest.mark.parametrize("args,field_word", [
    (("member", "add", "--name", "王五", "--phone", "12ab"), "电话"),
    (("member", "add", "--name", "罗正华", "--phone", "13908725001"), "已在花名册"),
    (("team", "edit", "五印班", "--parent", "五印班"), "上级"),
    (("team", "add", "新队", "--planned", "-3"), "编制人数"),
    (("member", "qual", "罗正华", "--type", "急救", "--awarded", "2024-05-01", "--expires", "2024-04-01"), "早于"),
    (("team", "status", "五印班", "flying"), "状态"),
    (("team", "show", "不存在"), "找不到"),
])
def test_bad_input_is_one_message_exit_2_nothing_saved(cli: object, args: tuple[str, ...], field_word: str) -> None:
    seed(cli)
    before = ok(cli, "team", "list", "--json"), ok(cli, "member", "show", "罗正华", "--json")
    needs_user = args[1] in ("add", "edit", "qual", "status")
    code, out, err = cli(*args, user="admin" if needs_user else None)  # type: ignore[operator]
    assert code == 2 and out == "" and field_word in err and len(err.strip().splitlines()) == 1
    assert (ok(cli, "team", "list", "--json"), ok(cli, "member", "show", "罗正华", "--json")) == before


def test_operator_cannot_edit_rosters(cli: object) -> None:
    seed(cli)
    code, _out, err = cli("team", "add", "X", user="wanglei")  # type: ignore[operator]
    assert code == 2 and "管理员" in err


def _sheet(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_xlsx_import_preview_errors_confirm_and_reimport_adds_nothing(cli: object, tmp_path: Path) -> None:
    seed(cli)
    header = ["队伍", "姓名", "身份证号", "性别", "职务", "电话1", "电话2", "资格", "取得日期"]
    good = _sheet(tmp_path / "good.xlsx", header, [
        ["五印班", "茶国富", "532927199001011234", "男", "队员", "13908725101", "", "扑火队员上岗证", "2024-01-05"],
        ["五印班", "李志强", "", "男", "队员", "139-0872-5002", "", "", ""],  # already present: name + phone
        ["五印班", "杨丽", "", "女", "卫生员", "13908725102", "13908725103", "", ""],
    ])
    preview = json.loads(ok(cli, "team", "import", str(good), "--dry-run", "--json", user="admin"))
    assert (preview["add"], preview["exists"], preview["errors"]) == (2, 1, 0)
    assert len(json.loads(ok(cli, "team", "show", "五印班", "--json"))["members"]) == 2  # nothing written
    ok(cli, "team", "import", str(good), user="admin")
    assert len(json.loads(ok(cli, "team", "show", "五印班", "--json"))["members"]) == 4
    again = json.loads(ok(cli, "team", "import", str(good), "--json", user="admin"))
    assert (again["add"], again["exists"]) == (0, 3)
    bad = _sheet(tmp_path / "bad.xlsx", header, [
        ["五印班", "张三", "", "", "", "13908725201", "", "", ""],
        ["五印班", "李四", "", "", "", "电话坏了", "", "", ""],
        ["火星队", "王五", "", "", "", "13908725203", "", "", ""],
    ])
    code, _out, err = cli("team", "import", str(bad), user="admin")  # type: ignore[operator]
    assert code == 2 and "第 3 行" in err and "2 行错误" in err
    assert len(json.loads(ok(cli, "team", "show", "五印班", "--json"))["members"]) == 4
    wrong = _sheet(tmp_path / "wrong.xlsx", ["单位名称", "人"], [["a", "b"]])
    code, _out, err = cli("team", "import", str(wrong), user="admin")  # type: ignore[operator]
    assert code == 2 and "单位名称" in err
    missing = _sheet(tmp_path / "missing.xlsx", ["姓名", "电话1"], [["a", "13908725999"]])
    code, _out, err = cli("team", "import", str(missing), user="admin")  # type: ignore[operator]
    assert code == 2 and "缺少列：队伍" in err
    # an export re-imports as nothing new
    out = tmp_path / "export.xlsx"
    ok(cli, "team", "export", str(out))
    ws = load_workbook(out).worksheets[0]
    assert ws.cell(1, 1).value == "队伍" and ws.max_row == 5
    again = json.loads(ok(cli, "team", "import", str(out), "--dry-run", "--json", user="admin"))
    assert (again["add"], again["exists"], again["errors"]) == (0, 4, 0)


def test_calllist_pdf_text_and_directory(cli: object, tmp_path: Path) -> None:
    from pypdf import PdfReader

    seed(cli)
    ok(cli, "directory", "add", "--role", "assistant", "--township", "五印乡", "--village", "瓦葵村", "--name",
       "茶正明", "--phone", "13908727001", user="admin")
    ok(cli, "directory", "add", "--role", "info_officer", "--township", "五印乡", "--village", "新胜村",
       "--person", "茶正明", user="admin")
    ok(cli, "directory", "add", "--role", "duty_phone", "--township", "五印乡", "--post-phone", "0872-6301001",
       user="admin")
    rows = json.loads(ok(cli, "directory", "list", "--township", "五印乡", "--json"))
    assert [(r["village"], r["role"], r["name"], r["phones"]) for r in rows] == [
        ("", "duty_phone", "", ["0872-6301001"]), ("新胜村", "info_officer", "茶正明", ["13908727001"]),
        ("瓦葵村", "assistant", "茶正明", ["13908727001"])]
    for r in rows:
        assert {"township", "village", "role", "name", "phones"} <= set(r)
    ok(cli, "member", "phone", "李志强", "--invalid", "13908725002", user="wanglei")
    pdf = tmp_path / "call.pdf"
    ok(cli, "calllist", "--township", "五印乡", "--pdf", str(pdf))
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "呼叫名单" in text and "罗正华" in text and "13908725001" in text and "0872-6125001" in text
    assert text.index("13908725001") < text.index("0872-6125001")  # call order
    assert "13908725002" not in text and "无效/勿拨" in text
    assert "茶正明" in text and "0872-6301001" in text
    data = json.loads(ok(cli, "calllist", "--units", "五印班", "--json"))
    assert [e["name"] for e in data["entries"]] == ["罗正华", "李志强"]
    code, _out, _err = cli("calllist")  # type: ignore[operator]
    assert code == 2
