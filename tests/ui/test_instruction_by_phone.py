"""A leader's instruction given by phone, written down by the operator (issue 8, finding 8):
service, command line and the handover sheet keep both names."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.cli import main
from app.errors import PermissionDenied, ValidationError
from app.services import duty_log, handover, shifts
from app.services.accounts import Actor
from app.services.duty_log import EntryInput
from app.storage.engine import Database
from tests.conftest import make_account


@pytest.fixture
def people(db: Database, admin: Actor) -> dict[str, Actor]:
    return {"op": make_account(db, admin, "liuyang", "operator", name="刘洋"),
            "boss": make_account(db, admin, "yangzh", "leader", name="杨志华")}


def test_service_keeps_leader_and_recorder(db: Database, people: dict[str, Actor]) -> None:
    _c, row = duty_log.add_entry(db, people["op"], EntryInput(summary="五印乡报告：山体滑坡阻断县道"))
    with pytest.raises(PermissionDenied) as refused:
        duty_log.add_instruction(db, people["op"], row.id, "抢通")
    assert "电话" in refused.value.message
    with pytest.raises(ValidationError) as unnamed:
        duty_log.add_instruction(db, people["op"], row.id, "抢通", via="phone")
    assert unnamed.value.field == "leader"
    with pytest.raises(ValidationError):
        duty_log.add_instruction(db, people["op"], row.id, "抢通", leader="杨志华", via="pigeon")
    duty_log.add_instruction(db, people["op"], row.id, "立即通知交通局抢通", leader="杨志华", via="phone")
    duty_log.add_instruction(db, people["boss"], row.id, "明早报告进展")
    detail = duty_log.get_entry(db, row.id)
    assert [(i.leader, i.author, i.via) for i in detail.instructions] == [
        ("杨志华", "liuyang", "phone"), ("杨志华", "yangzh", "")]
    assert any("电话批示" in a.text and "liuyang" in a.text for a in detail.activity)


def test_handover_sheet_names_both(db: Database, people: dict[str, Actor], admin: Actor, wall) -> None:  # type: ignore[no-untyped-def]
    lead = make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")
    shift_id = shifts.open_shift(db, lead)[1]
    wall.advance(600)
    _c, row = duty_log.add_entry(db, people["op"], EntryInput(summary="五印乡报告：山体滑坡阻断县道"))
    wall.advance(60)
    duty_log.add_instruction(db, people["op"], row.id, "立即通知交通局抢通", leader="杨志华", via="phone")
    wall.advance(600)
    sheet = handover.build_sheet(db, shifts.require_shift(db, shift_id))
    rows = [r for s in sheet["sections"] if s["code"] == "instructions" for r in s["rows"]]
    assert any("杨志华（电话，刘洋记录）" in str(r) for r in rows), rows


def test_cli_by_phone(db: Database, people: dict[str, Actor], db_path: Path, monkeypatch: pytest.MonkeyPatch,
                      capsys: pytest.CaptureFixture[str]) -> None:
    _c, row = duty_log.add_entry(db, people["op"], EntryInput(summary="五印乡报告：山体滑坡阻断县道"))
    db.close()
    monkeypatch.setenv("DUTYDESK_PASSWORD", "liuyang-pass")
    base = ["--db", str(db_path), "log", "instruct", row.display_no, "--as", "liuyang", "--text", "抢通"]
    assert main(base) == 2
    assert "电话" in capsys.readouterr().err
    assert main([*base, "--by-phone", "--leader", "杨志华"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "log", "show", row.display_no]) == 0
    shown = capsys.readouterr().out
    assert "杨志华" in shown and "电话" in shown
