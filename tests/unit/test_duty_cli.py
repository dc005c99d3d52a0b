"""`dutydesk log …` (the command-line contract): exit codes, printed number, JSON shape."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from app.cli import main
from app.services.accounts import Actor
from app.storage.engine import Database
from tests.conftest import make_account

# the command line runs on the real clock: numbers carry this year
TODAY = datetime.now(ZoneInfo("Asia/Shanghai"))
NO1, NO2, NO99 = (f"{TODAY.year}-{n:04d}" for n in (1, 2, 99))
FUTURE = (TODAY + timedelta(days=3)).isoformat()


@pytest.fixture
def cli(db: Database, admin: Actor, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> object:
    make_account(db, admin, "wanglei", "operator", name="王磊")
    make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")
    make_account(db, admin, "yangzh", "leader", name="杨志华")
    make_account(db, admin, "duanzq", "storekeeper", name="段志强")
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


def test_add_list_search_amend_close(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("log", "add", "--summary", "州地震局通报：五印乡发生M4.2级地震", "--received",
                         "2024-04-19T05:56:00+08:00", "--occurred", "2024-04-19T05:54:10", "--channel", "电话",
                         "--category", "突发事件报告", "--source-unit", "大理州地震局", "--phone", "0872-2125180",
                         "--township", "五印乡", "--due", "2024-04-19T06:30", "--significant", user="wanglei")
    assert (code, err) == (0, "")
    assert out.strip() == NO1
    code, out, _ = cli("log", "add", "--summary", "牛街乡零报告", "--direction", "in", "--category", "routine",
                       user="wanglei")
    assert (code, out.strip()) == (0, NO2)

    code, out, _ = cli("log", "list", "--json")
    data = json.loads(out)
    assert code == 0 and [d["no"] for d in data] == [NO1, NO2]
    first = data[0]
    for key in ("id", "no", "received_at", "recorded_at", "summary", "status", "author", "history"):
        assert key in first
    assert first["received_at"] == "2024-04-19T05:56:00+08:00"
    assert first["recorded_at"].endswith("+08:00") and first["recorded_at"][:4] == str(TODAY.year)
    assert first["occurred_at"] == "2024-04-19T05:54:10+08:00"
    assert first["status"] == "open" and first["author"] == "wanglei" and first["history"] == []
    assert first["township"] == "五印乡" and first["category"] == "incident" and first["significant"] is True

    code, out, err = cli("log", "amend", NO1, "--field", "summary", "--value", "五印乡M4.2级地震（更正）",
                         user="zhanght")
    assert code == 0, err
    code, out, _ = cli("log", "amend", NO1, "--field", "接报时间", "--value", "2024-04-19T05:57:00",
                       user="zhanght")
    assert code == 0
    code, out, _ = cli("log", "search", "地震", "--json")
    data = json.loads(out)
    assert [d["no"] for d in data] == [NO1]
    history = data[0]["history"]
    assert [(h["field"], h["old"], h["new"], h["author"]) for h in history] == [
        ("summary", "州地震局通报：五印乡发生M4.2级地震", "五印乡M4.2级地震（更正）", "zhanght"),
        ("received_at", "2024-04-19T05:56:00+08:00", "2024-04-19T05:57:00+08:00", "zhanght"),
    ]
    assert set(history[0]) >= {"field", "old", "new", "author", "at"}

    assert cli("log", "close", NO1, user="wanglei")[0] == 0
    code, out, _ = cli("log", "list", "--status", "closed", "--json")
    assert [d["no"] for d in json.loads(out)] == [NO1]
    code, out, _ = cli("log", "list", "--status", "open", "--json")
    assert [d["no"] for d in json.loads(out)] == [NO2]
    code, out, _ = cli("log", "list", "--since", "2024-04-19T07:00:00+08:00", "--json")
    assert [d["no"] for d in json.loads(out)] == [NO2]
    code, out, _ = cli("log", "list", "--until", "2024-04-19T07:00:00+08:00", "--json")
    assert [d["no"] for d in json.loads(out)] == [NO1]
    code, out, _ = cli("log", "search", "震", "--json")
    assert len(json.loads(out)) == 1
    code, out, _ = cli("log", "search", "火星", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_other_commands_and_readable_output(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("log", "add", "--summary", "马鞍山乡冰雹灾情报告", "--township", "马鞍山乡", user="wanglei")[0] == 0
    assert cli("log", "instruct", NO1, "--text", "核实受灾面积", user="yangzh")[0] == 0
    assert cli("log", "act", NO1, "--text", "已转农业农村局", user="wanglei")[0] == 0
    assert cli("log", "notify", NO1, "--whom", "县农业农村局", "--channel", "传真", user="wanglei")[0] == 0
    code, out, _ = cli("log", "show", NO1, "--json")
    data = json.loads(out)
    assert data["instruction"] == "核实受灾面积" and data["instructions"][0]["leader"] == "杨志华"
    assert data["actions"][0]["text"] == "已转农业农村局" and data["notifications"][0]["channel"] == "fax"
    code, out, _ = cli("log", "show", NO1)
    assert code == 0 and "马鞍山乡冰雹灾情报告" in out and "领导批示" in out
    code, out, _ = cli("log", "list")
    assert code == 0 and "编号" in out and NO1 in out and "待办" in out
    code, out, _ = cli("--lang", "en", "log", "list")
    assert "No." in out and "Open" in out
    assert cli("log", "reopen", NO1, user="wanglei")[0] == 2  # not closed
    assert cli("log", "void", NO1, "--reason", "重复", user="wanglei")[0] == 2  # operator may not void
    assert cli("log", "void", NO1, "--reason", "重复", user="zhanght")[0] == 0
    code, out, _ = cli("log", "show", "1", "--json")
    assert json.loads(out)["voided"] is True
    assert cli("log", "reindex")[0] == 0
    assert cli("log", "reindex", "--check")[0] == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("log", "add", "--summary", " "), "内容摘要"),
        (("log", "add", "--summary", "x", "--received", FUTURE), "接报时间"),
        (("log", "add", "--summary", "x", "--received", "2024-04-19T08:00", "--due", "2024-04-19T07:00"), "早于"),
        (("log", "add", "--summary", "x", "--township", "火星乡"), "火星乡"),
        (("log", "add", "--summary", "x", "--category", "八卦"), "八卦"),
        (("log", "add", "--summary", "x", "--phone", "call me"), "call me"),
        (("log", "add", "--summary", "x", "--received", "yesterday"), "yesterday"),
        (("log", "amend", NO1, "--field", "colour", "--value", "red"), "colour"),
        (("log", "amend", NO99, "--field", "summary", "--value", "x"), NO99),
    ],
)
def test_bad_input_exits_2_with_one_line(cli, args: tuple[str, ...], needle: str) -> None:  # type: ignore[no-untyped-def]
    assert cli("log", "add", "--summary", "已有记录", user="wanglei")[0] == 0
    code, out, err = cli(*args, user="wanglei")
    assert code == 2 and out == ""
    assert needle in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    code, out, _ = cli("log", "list", "--json")
    assert len(json.loads(out)) == 1  # nothing saved


def test_role_and_password_errors(cli) -> None:  # type: ignore[no-untyped-def]
    code, _out, err = cli("log", "add", "--summary", "x", user="duanzq")
    assert code == 2 and "值班员" in err
    with pytest.raises(SystemExit) as info:  # --as is required (argparse: exit 2)
        cli("log", "add", "--summary", "x")
    assert info.value.code == 2


def test_empty_query_and_period_checks(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DUTYDESK_LANG", "en")
    for received in ("2024-04-19T10:00:00+08:00", "2024-04-20T23:30:00+08:00", "2024-04-21T00:00:00+08:00"):
        code, _out, _err = cli("log", "add", "--summary", f"巍山县气象台预警 {received}", "--received", received,
                               user="wanglei")
        assert code == 0
    for query in ("", "   "):
        code, out, err = cli("log", "search", query, "--json")
        assert code == 2 and out == "" and "query is empty" in err
    # a date alone as the end includes that whole day
    code, out, _ = cli("log", "list", "--since", "2024-04-19", "--until", "2024-04-20", "--json")
    assert code == 0 and [d["received_at"][:16] for d in json.loads(out)] == ["2024-04-19T10:00", "2024-04-20T23:30"]
    code, out, _ = cli("log", "list", "--until", "2024-04-20T23:00", "--json")
    assert [d["received_at"][:16] for d in json.loads(out)] == ["2024-04-19T10:00"]
    code, out, err = cli("log", "list", "--since", "2024-04-21", "--until", "2024-04-20", "--json")
    assert code == 2 and out == "" and "not before the end" in err


def test_list_and_search_are_limited_and_streamed(cli, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import app.commands.log as log_command

    monkeypatch.setenv("DUTYDESK_LANG", "en")
    for hour in (8, 9, 10):
        code, _o, _e = cli("log", "add", "--summary", f"五印乡震情续报 {hour}时", "--received",
                           f"2024-04-19T{hour:02d}:00:00+08:00", user="wanglei")
        assert code == 0
    code, out, _ = cli("log", "list", "--limit", "2", "--json")
    assert code == 0 and [d["summary"] for d in json.loads(out)] == ["五印乡震情续报 8时", "五印乡震情续报 9时"]
    code, out, _ = cli("log", "search", "震", "--limit", "2", "--json")
    assert [d["summary"] for d in json.loads(out)] == ["五印乡震情续报 10时", "五印乡震情续报 9时"]
    code, out, _ = cli("log", "search", "火灾", "--json")
    assert (code, json.loads(out)) == (0, [])
    monkeypatch.setattr(log_command, "DEFAULT_LIMIT", 2)
    code, out, _ = cli("log", "list", "--json")
    assert len(json.loads(out)) == 2
    code, out, _ = cli("log", "search", "震")
    assert code == 0 and "First 2 entries shown" in out and "--limit 0" in out
    code, out, _ = cli("log", "search", "震", "--limit", "0", "--json")
    data = json.loads(out)
    assert len(data) == 3 and data == sorted(data, key=lambda d: d["received_at"], reverse=True)
    code, out, _ = cli("log", "list", "--limit", "0")
    assert code == 0 and "3 entries" in out
    code, _out, err = cli("log", "list", "--limit", "-1")
    assert code == 2 and "limit" in err.lower()


def test_iterate_reads_in_chunks(db: Database, admin: Actor) -> None:
    from app.services import duty_log

    who = make_account(db, admin, "wanglei", "operator")
    for n in range(5):
        duty_log.add_entry(db, who, duty_log.EntryInput(summary=f"牛街乡零报告 {n}"))
    chunks = duty_log.iterate(db, duty_log.EntryFilter(), 0, "received_at", False, chunk=2)
    assert [len(c) for c in chunks] == [2, 2, 1]
    assert [len(c) for c in duty_log.iterate(db, duty_log.EntryFilter(text="零报告"), 3, chunk=2)] == [2, 1]
