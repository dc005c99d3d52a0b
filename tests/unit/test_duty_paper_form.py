"""Typing in a paper form after the PC or the power was down (issue 13): the entry keeps the
times written on the paper, is recorded now, and says "补录自纸质表格 No. …" on the record."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from app.errors import ValidationError
from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryInput
from app.storage import oplog
from app.storage.engine import Database
from tests.conftest import FakeWall, make_account

TZ = ZoneInfo("Asia/Shanghai")


def test_paper_form_number_is_on_the_record(db: Database, admin: Actor, wall: FakeWall) -> None:
    operator = make_account(db, admin, "wanglei", "operator", name="王磊")
    now = datetime.fromtimestamp(wall.ms / 1000, TZ)
    received = now - timedelta(hours=5)
    _c, row = duty_log.add_entry(db, operator, EntryInput(
        summary="五印乡来电：停电期间村道塌方，已通知公路段", received_at=received,
        occurred_at=received - timedelta(minutes=10), paper_form="ZD-2024-017"))
    detail = duty_log.get_entry(db, row.id)
    assert [a.text for a in detail.actions] == ["补录自纸质表格 No. ZD-2024-017"]
    assert detail.entry.received_at == received and detail.entry.recorded_at > received
    assert detail.actions[0].author == "wanglei"


def test_a_too_long_paper_number_writes_nothing(db: Database, admin: Actor) -> None:
    operator = make_account(db, admin, "wanglei", "operator", name="王磊")
    with db.read() as conn:
        before = sum(1 for _ in oplog.iter_ops(conn))
    with pytest.raises(ValidationError) as info:
        duty_log.add_entry(db, operator, EntryInput(summary="来电", paper_form="9" * 41))
    assert info.value.params.get("field") == "paper_form" or info.value.code == "duty.too_long"
    with db.read() as conn:
        assert sum(1 for _ in oplog.iter_ops(conn)) == before


def test_log_add_paper_form_on_the_command_line(db: Database, admin: Actor, db_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    make_account(db, admin, "wanglei", "operator", name="王磊")
    db.close()
    monkeypatch.setenv("DUTYDESK_PASSWORD", "wanglei-pass")
    code = main(["--db", str(db_path), "log", "add", "--summary", "停电期间来电：紫金乡报平安",
                 "--received", "2024-04-19T03:10:00", "--paper-form", "ZD-0003", "--as", "wanglei"])
    no = capsys.readouterr().out.strip()
    assert code == 0 and no
    assert main(["--db", str(db_path), "log", "show", no]) == 0
    assert "补录自纸质表格 No. ZD-0003" in capsys.readouterr().out
