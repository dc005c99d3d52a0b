"""`dutydesk stock …`: the command-line contract (flags, printed numbers, JSON keys, exit 2 for
bad input with nothing saved), vouchers and count sheets as PDFs checked by their text."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from app.services.accounts import Actor
from app.storage.engine import Database
from tests.conftest import make_account

YEAR = datetime.now(ZoneInfo("Asia/Shanghai")).year


@pytest.fixture
def cli(db: Database, admin: Actor, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> object:
    make_account(db, admin, "duanzq", "storekeeper", name="段志强")
    make_account(db, admin, "yangzh", "leader", name="杨志华")
    make_account(db, admin, "wanglei", "operator", name="王磊")
    db.close()

    def run(*args: str, user: str | None = None) -> tuple[int, str, str]:
        argv = ["--db", str(db_path), *args]
        if user:
            monkeypatch.setenv("DUTYDESK_PASSWORD", f"{user}-pass")
            argv += ["--as", user]
        code = main(argv)
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _setup(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("stock", "depot", "add", "XJK", "--name", "县救灾物资储备库", "--keeper", "duanzq", user="duanzq")[0] == 0
    assert cli("stock", "depot", "add", "WY", "--name", "五印乡储备点", "--township", "五印乡", user="duanzq")[0] == 0
    assert cli("stock", "item", "add", "CSJ-01", "--name", "抽水机", "--unit", "台", "--spec", "3 寸汽油抽水机",
               "--gb", "3010101", user="duanzq")[0] == 0
    assert cli("stock", "item", "add", "WXDH-01", "--name", "卫星电话", "--unit", "部", "--tracking", "serial",
               user="duanzq")[0] == 0
    assert cli("stock", "item", "add", "FBM-01", "--name", "方便面", "--unit", "箱", "--tracking", "lot", "--expiry",
               user="duanzq")[0] == 0


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_contract(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    code, out, _err = cli("stock", "receive", "--depot", "XJK", "--item", "CSJ-01", "--qty", "20", "--doc", "ZB-17",
                         user="duanzq")
    assert (code, out.strip()) == (0, f"RK-{YEAR}-0001")
    assert cli("stock", "min", "CSJ-01", "--depot", "XJK", "--qty", "30", user="duanzq")[0] == 0
    code, out, _err = cli("stock", "issue", "--depot", "XJK", "--item", "csj", "--qty", "4", "--to", "五印乡",
                         "--approver", "yangzh", user="duanzq")
    assert (code, out.strip()) == (0, f"CK-{YEAR}-0001")
    code, out, _ = cli("stock", "list", "--json")
    rows = json.loads(out)
    assert {k for k in ("depot", "item", "name", "on_hand", "minimum", "in_transit", "nearest_expiry")} <= set(rows[0])
    assert rows[0]["on_hand"] == 16 and rows[0]["minimum"] == 30
    below = json.loads(cli("stock", "list", "--below-min", "--json")[1])
    assert [r["item"] for r in below] == ["CSJ-01"]
    card = json.loads(cli("stock", "card", "CSJ-01", "--json")[1])
    assert [c["balance"] for c in card] == [20, 16]
    code, out, _ = cli("stock", "transfer", "--from", "XJK", "--to", "WY", "--item", "CSJ-01", "--qty", "10",
                       user="duanzq")
    assert out.strip() == f"DB-{YEAR}-0001"
    code, out, _ = cli("stock", "receive-transfer", f"DB-{YEAR}-0001", "--qty", "7", "--lost", "3", "--reason", "途损",
                       user="duanzq")
    assert (code, out.strip()) == (0, f"DR-{YEAR}-0001")
    code, out, _ = cli("stock", "receive", "--depot", "XJK", "--item", "WXDH-01", "--serial", "TT-01", "TT-02",
                       user="duanzq")
    assert code == 0
    cli("stock", "issue", "--depot", "XJK", "--item", "WXDH-01", "--serial", "TT-01", "--to", "紫金乡/新村村",
        "--approver", "yangzh", "--emergency", user="duanzq")
    serial = json.loads(cli("stock", "serial", "TT-01", "--json")[1])
    assert serial["status"] == "issued" and serial["holders"][0]["name"] == "紫金乡新村村"
    assert json.loads(cli("stock", "exceptions", "--json")[1]) == []
    # vouchers
    pdf = tmp_path / "ck.pdf"
    assert cli("stock", "voucher", f"CK-{YEAR}-0002", "--pdf", str(pdf))[0] == 0
    text = pdf_text(pdf)
    assert "出库单" in text and "卫星电话" in text and "TT-01" in text and "杨志华" in text and "紧急出库" in text
    assert "领用人" in text and "签字" in text
    # stock-take
    code, out, _ = cli("stock", "count", "start", "--depot", "XJK", user="duanzq")
    count_no = out.strip()
    assert count_no == f"PD-{YEAR}-0001"
    sheet = tmp_path / "pd.pdf"
    assert cli("stock", "count-sheet", count_no, "--pdf", str(sheet))[0] == 0
    text = pdf_text(sheet)
    assert "盘点表" in text and "抽水机" in text and "实盘数" in text and "监盘人" in text
    assert cli("stock", "count", "enter", count_no, "--item", "CSJ-01", "--qty", "5", user="duanzq")[0] == 0
    code, out, _ = cli("stock", "count", "post", count_no, user="duanzq")
    assert code == 0 and out.strip().startswith("PY-")
    assert json.loads(cli("stock", "list", "--depot", "XJK", "--json")[1])[0]["on_hand"] == 5


def test_bad_input_exit_2_and_nothing_saved(cli) -> None:  # type: ignore[no-untyped-def]
    _setup(cli)
    cli("stock", "receive", "--depot", "XJK", "--item", "CSJ-01", "--qty", "3", user="duanzq")
    for args, needle in (
        (("stock", "receive", "--depot", "XJK", "--item", "CSJ-01", "--qty", "0"), "数量"),
        (("stock", "receive", "--depot", "XJK", "--item", "CSJ-01", "--qty", "-2"), "数量"),
        (("stock", "receive", "--depot", "NOPE", "--item", "CSJ-01", "--qty", "2"), "NOPE"),
        (("stock", "receive", "--depot", "XJK", "--item", "NOPE", "--qty", "2"), "NOPE"),
        (("stock", "issue", "--depot", "XJK", "--item", "CSJ-01", "--qty", "5", "--to", "五印乡", "--approver",
          "yangzh"), "透支"),
        (("stock", "receive", "--depot", "XJK", "--item", "FBM-01", "--qty", "2", "--lot", "L1", "--produced",
          "2024-05-01", "--expires", "2024-01-01"), "早于生产日期"),
        (("stock", "issue", "--depot", "XJK", "--item", "WXDH-01", "--serial", "NO-SUCH", "--to", "五印乡",
          "--approver", "yangzh"), "NO-SUCH"),
    ):
        code, out, err = cli(*args, user="duanzq")
        assert code == 2 and needle in err and out == "", (args, err)
    code, out, err = cli("stock", "issue", "--depot", "XJK", "--item", "CSJ-01", "--qty", "1", "--to", "五印乡",
                         "--approver", "yangzh", user="wanglei")
    assert code == 2 and "物资管理员" in err
    card = json.loads(cli("stock", "card", "CSJ-01", "--json")[1])
    assert len(card) == 1
    code, out, err = cli("stock", "issue", "--depot", "XJK", "--item", "CSJ-01", "--qty", "5", "--to", "五印乡",
                         "--approver", "yangzh", "--reason", "地震抢险，先发后补", user="duanzq")
    assert code == 0 and "警告" in err and "-2" in err
    exc = json.loads(cli("stock", "exceptions", "--json")[1])
    assert [e["kind"] for e in exc] == ["negative"] and exc[0]["on_hand"] == -2


def test_help_lists_commands(cli, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["stock", "--help"])
    out = capsys.readouterr().out
    for word in ("receive-transfer", "count-sheet", "write-off", "exceptions", "--below-min"):
        assert word in out
