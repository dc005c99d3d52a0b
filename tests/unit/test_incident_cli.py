"""`dutydesk incident|stats|rules|forms` (the command-line contract), statistics, PDFs by their text."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from app.cli import main
from app.services.accounts import Actor
from app.services.incidents import incidents, statistics
from app.services.incidents.incidents import IncidentInput
from app.storage.engine import Database
from tests.conftest import make_account

TZ = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def cli(db: Database, admin: Actor, db_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> object:
    make_account(db, admin, "wanglei", "operator", name="王磊")
    make_account(db, admin, "zhanght", "shift_lead", "operator", name="张海涛")
    make_account(db, admin, "yangzh", "leader", name="杨志华")
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


def pdf_text(path: Path) -> str:
    return "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def test_incident_contract(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("incident", "add", "--type", "地震", "--level", "一般", "--occurred", "2024-04-19T05:54:10",
                         "--received", "2024-04-19T05:56:40", "--township", "五印乡", "--summary", "五印乡M4.2级地震",
                         user="wanglei")
    assert code == 0, err
    incident_id = out.strip()
    assert len(incident_id) == 36
    assert cli("incident", "quake", incident_id, "--magnitude", "4.2", "--depth", "10", "--lat", "25.22", "--lon",
               "99.96", "--formal", user="wanglei")[0] == 0
    code, out, _ = cli("log", "add", "--summary", "州地震局通报：五印乡发生M4.2级地震", "--received", "2024-04-19T05:57:00",
                       user="wanglei")
    entry_no = out.strip()
    assert cli("incident", "link", incident_id, "--entry", entry_no, user="wanglei")[0] == 0
    assert cli("incident", "report", incident_id, "--stage", "first", "--sent-to", "州应急管理局", "--channel", "传真",
               "--doc", "震1号", "--at", "2024-04-19T06:35:00", user="wanglei")[0] == 0
    code, out, _ = cli("incident", "show", incident_id, "--json")
    data = json.loads(out)
    for key in ("type", "level", "implied_level", "casualties", "quake", "entries", "obligations"):
        assert key in data
    assert data["entries"] == [entry_no] and data["quake"]["magnitude"] == "4.2"
    first = next(o for o in data["obligations"] if o["stage"] == "first")
    assert first["status"] == "met" and first["due_at"] == "2024-04-19T07:54:10+08:00" and first["rule"]
    code, out, _ = cli("incident", "due", "--json")
    owed = json.loads(out)
    assert owed and all(o["status"] in ("due", "overdue") for o in owed)
    assert [o["due_at"] for o in owed] == sorted(o["due_at"] for o in owed)
    code, out, _ = cli("incident", "list", "--open", "--type", "地震", "--json")
    assert [r["id"] for r in json.loads(out)] == [incident_id]
    code, out, _ = cli("incident", "types", "--json")
    tree = json.loads(out)
    assert any(t["code"] == "accident" and "road_traffic" in t["children"] for t in tree)
    pdf = tmp_path / "first.pdf"
    assert cli("incident", "report-pdf", incident_id, "--stage", "first", "--pdf", str(pdf))[0] == 0
    text = pdf_text(pdf)
    assert "突发事件信息首报" in text and "五印乡" in text and entry_no in text and "签发" in text
    pdf2 = tmp_path / "f1.pdf"
    assert cli("incident", "report-pdf", incident_id, "--stage", "followup", "--pdf", str(pdf2))[0] == 0
    assert "续报一" in pdf_text(pdf2)
    assert cli("incident", "close", incident_id, user="zhanght")[0] == 0
    code, out, err = cli("incident", "report", incident_id, "--stage", "final", "--sent-to", "州", user="wanglei")
    assert code == 2 and "已结束" in err and out == ""


@pytest.mark.parametrize("args", [
    ("--level", "严重"), ("--dead", "-1"), ("--occurred", "yesterday"), ("--type", "陨石"), ("--lat", "80", "--lon", "99"),
])
def test_incident_add_bad_input_exit_2(cli, args: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    base = {"--type": "火灾", "--level": "一般", "--occurred": "2024-04-19T05:54:10", "--township": "南诏镇",
            "--summary": "民房起火"}
    argv: list[str] = []
    for key, value in base.items():
        if key not in args:
            argv += [key, value]
    code, out, err = cli("incident", "add", *argv, *args, user="wanglei")
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1
    code, out, _ = cli("incident", "list", "--json")
    assert json.loads(out) == []


def test_rules_and_forms(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = cli("rules", "list", "--json")
    listed = json.loads(out)
    assert all(r["citation"] for r in listed) and any(r["id"] == "accident.first" for r in listed)
    code, _out, err = cli("rules", "set", "accident.first", "--minutes", "-1", user="yangzh")
    assert code == 2 and "负数" in err
    assert cli("rules", "set", "accident.first", "--minutes", "60", user="yangzh")[0] == 0
    code, out, _ = cli("rules", "list", "--json")
    assert next(r for r in json.loads(out) if r["id"] == "accident.first")["minutes"] == 60
    pdf = tmp_path / "phone.pdf"
    code, out, _ = cli("forms", "--kind", "phone", "--count", "3", "--pdf", str(pdf))
    assert code == 0
    text = pdf_text(pdf)
    assert "值班电话记录单" in text and "532927-DH-000001" in text and "532927-DH-000003" in text
    assert len(PdfReader(str(pdf)).pages) == 3
    code, out, _ = cli("forms", "--kind", "issue", "--pdf", str(tmp_path / "i.pdf"))
    assert code == 0 and "出库单" in pdf_text(tmp_path / "i.pdf")
    assert cli("forms", "--kind", "fax", "--pdf", str(tmp_path / "x.pdf"))[0] == 2
    assert cli("forms", "--kind", "phone", "--count", "0", "--pdf", str(tmp_path / "x.pdf"))[0] == 2


def test_paper_form_entry_keeps_its_times(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("incident", "add", "--type", "火灾", "--level", "一般", "--occurred", "2024-04-19T05:54:10",
                         "--received", "2024-04-19T06:00:00", "--township", "南诏镇", "--summary", "停电期间接报",
                         "--paper-form", "532927-SB-000001", user="wanglei")
    assert code == 0, err
    _c, out, _ = cli("incident", "show", out.strip(), "--json")
    data = json.loads(out)
    assert data["paper_form"] == "532927-SB-000001" and data["received_at"] == "2024-04-19T06:00:00+08:00"
    pdf = tmp_path / "r.pdf"
    cli("incident", "report-pdf", data["id"], "--stage", "first", "--pdf", str(pdf))
    assert "补录自纸质表格 No. 532927-SB-000001" in pdf_text(pdf)


def test_statistics_half_up_and_exercises_excluded(db: Database, admin: Actor, tmp_path: Path) -> None:
    op = make_account(db, admin, "wanglei", "operator")

    def add(when: datetime, kind: str, dead: int = 0, injured: int = 0, exercise: bool = False) -> None:
        incidents.add(db, op, IncidentInput(type=kind, level="一般", occurred_at=when, received_at=when,
                                            township="南诏镇", summary="x", exercise=exercise),
                      {"dead": dead, "injured": injured} if dead or injured else None)

    for n in range(3):
        add(datetime(2023, 2, 1 + n, 10, tzinfo=TZ), "road_traffic", dead=1, injured=2)
    add(datetime(2024, 2, 1, 10, tzinfo=TZ), "road_traffic", dead=1, injured=1)
    add(datetime(2024, 2, 2, 10, tzinfo=TZ), "road_traffic")
    add(datetime(2024, 2, 3, 10, tzinfo=TZ), "fire")
    add(datetime(2024, 2, 4, 10, tzinfo=TZ), "fire", exercise=True)
    add(datetime(2023, 6, 1, 10, tzinfo=TZ), "fire")  # outside the period
    stats = statistics.compute(db, date(2024, 1, 1), date(2024, 5, 31))
    road = next(r for r in stats.rows if r.code == "road_traffic")
    fire = next(r for r in stats.rows if r.code == "fire")
    assert (road.this["accidents"], road.last["accidents"]) == (2, 3)
    assert str(road.change("accidents")) == "-33.33" and str(road.change("deaths")) == "-66.67"
    assert fire.this["accidents"] == 1 and fire.change("accidents") is None
    assert statistics.percent_text(fire.change("accidents")) == "—"
    assert stats.total.this["accidents"] == 3
    from app.reports import stats_sheet

    stats_sheet.write_pdf(db, stats, tmp_path / "s.pdf")
    text = pdf_text(tmp_path / "s.pdf")
    assert "道路交通事故" in text and "−33.33%" in text.replace("-", "−") and "—" in text
    from decimal import Decimal

    assert statistics.change(74, 98) == Decimal("-24.49") and statistics.change(5, 11) == Decimal("-54.55")
    assert statistics.change(23, 37) == Decimal("-37.84") and statistics.change(24, 35) == Decimal("-31.43")
    assert statistics.change(50, 63) == Decimal("-20.63") and statistics.change(1, 8) == Decimal("-87.50")
    assert statistics.change(3, 8) == Decimal("-62.50")


def test_stats_cli_bad_period(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, _err = cli("stats", "--from", "2024-05-31", "--to", "2024-01-01", "--json")
    assert code == 2 and out == ""
    code, out, _ = cli("stats", "--from", "2024-01-01", "--to", "2024-05-31", "--json")
    assert json.loads(out)["total"]["accidents"] == {"this": 0, "last": 0, "change_pct": None}


def test_stats_xlsx(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    cli("incident", "add", "--type", "火灾", "--level", "一般", "--occurred", "2024-02-01T10:00:00", "--township",
        "南诏镇", "--summary", "民房起火", user="wanglei")
    path = tmp_path / "s.xlsx"
    assert cli("stats", "--from", "2024-01-01", "--to", "2024-05-31", "--xlsx", str(path))[0] == 0
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][0] == "类别" and rows[2][:4] == ("火灾", 1, 0, "—")


def test_demo_reproduces_the_seed_statistics(tmp_path: Path) -> None:
    from app.services import demo
    from app.services.incidents import reports

    db = demo.build(str(tmp_path / "demo.sqlite3"))
    try:
        stats = statistics.compute(db, date(2024, 1, 1), date(2024, 5, 31))
        got = {r.code: (r.this["accidents"], r.this["deaths"], r.this["injuries"],
                        *(str(r.change(m)) if r.change(m) is not None else None for m in statistics.MEASURES))
               for r in [*stats.rows, stats.total]}
        assert got["accident"] == (74, 5, 23, "-24.49", "-54.55", "-37.84")
        assert got["road_traffic"] == (24, 5, 23, "-31.43", "-54.55", "-37.84")
        assert got["fire"] == (50, 0, 0, "-20.63", None, None)
        quakes = incidents.listing(db, type_code="地震", include_exercises=False)
        assert len(quakes) == 2
        q1 = reports.detail(db, quakes[-1].id)
        assert q1.quake is not None and q1.quake.magnitude == "4.2" and q1.quake.formal and len(q1.quakes) == 2
        assert len(q1.entries) >= 6 and all(o.status == "met" and not o.late for o in q1.obligations)
        q2 = reports.detail(db, quakes[0].id)
        assert any(o.stage == "followup" and o.late for o in q2.obligations)
        assert len(incidents.listing(db, since_ms=int(datetime(2024, 1, 1, tzinfo=TZ).timestamp() * 1000),
                                     until_ms=int(datetime(2024, 7, 1, tzinfo=TZ).timestamp() * 1000))) \
            - len(incidents.listing(db, since_ms=int(datetime(2024, 1, 1, tzinfo=TZ).timestamp() * 1000),
                                    until_ms=int(datetime(2024, 7, 1, tzinfo=TZ).timestamp() * 1000),
                                    include_exercises=False)) == 4
        from app.storage.integrity import run_all

        assert all((r.ok, r.problems) == (True, []) for r in run_all(db))  # the log rebuilds the same tables
    finally:
        db.close()
