"""The demo duty log: the April 2024 story, synthetic bulk entries, and `check` on the result."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.services import demo, duty_log
from app.services.demo import duty_synthetic
from app.services.duty_log import EntryFilter
from app.storage.integrity import run_all

TZ = ZoneInfo("Asia/Shanghai")


def test_demo_fortnight_and_bulk_entries_pass_check(tmp_path: Path) -> None:
    db = demo.build(str(tmp_path / "demo.sqlite3"), options={"entries": 1200})
    try:
        story = duty_log.page(db, EntryFilter(since=datetime(2024, 4, 14, tzinfo=TZ)), 0, 1000, descending=False)
        assert 60 <= len(story) <= 200
        assert story[0].received_at >= datetime(2024, 4, 14, tzinfo=TZ)
        assert story[-1].received_at < datetime(2024, 4, 29, tzinfo=TZ)
        first = duty_log.find_by_number(db, story[0].no)
        assert first == story[0]
        quake = [r for r in story if r.occurred_at == datetime(2024, 4, 19, 5, 54, 10, tzinfo=TZ)]
        assert len(quake) == 1 and quake[0].township == "五印乡" and quake[0].significant
        detail = duty_log.get_entry(db, quake[0].id)
        assert detail.instructions and detail.actions and len(detail.notifications) >= 5
        assert detail.entry.author in {"wanglei", "chenjing", "liuyang", "yangfang", "luowb", "zicm"}
        assert any(r.occurred_at == datetime(2024, 4, 24, 13, 51, 6, tzinfo=TZ) for r in story)
        assert any(r.amended for r in story) and any(r.voided for r in story)
        reference = datetime(2024, 4, 28, 18, 0, tzinfo=TZ)
        statuses = {r.display_status(reference) for r in story}
        assert {"closed", "voided"} <= statuses and statuses <= {"open", "overdue", "closed", "voided"}  # April followed up (issue 8)
        assert duty_log.count(db, EntryFilter(text="地震", since=datetime(2024, 4, 14, tzinfo=TZ))) >= 8
        assert duty_log.count(db, EntryFilter(text="烟花爆竹")) >= 2
        # bulk entries: numbered per year without gaps, searchable, check passes (batch == one by one)
        assert duty_log.count(db) == len(story) + 1200
        for year in (2015, 2020):
            numbers = sorted(int(r.no[5:]) for r in duty_log.page(
                db, EntryFilter(since=datetime(year, 1, 1, tzinfo=TZ), until=datetime(year + 1, 1, 1, tzinfo=TZ)),
                0, 10_000))
            assert numbers == list(range(1, len(numbers) + 1))
        results = run_all(db)
        assert all(r.ok for r in results), [r.problems for r in results]
        assert duty_log.verify_index(db) == []
        # the demo opens in a state one can work in: no report owed since 2024 (issue 13)
        from app.services.incidents import reports

        assert reports.due(db) == []
    finally:
        db.close()


def test_synthetic_payloads_are_deterministic_and_ordered() -> None:
    a = list(duty_synthetic.synthetic_payloads(500))
    b = list(duty_synthetic.synthetic_payloads(500))
    assert a == b
    received = [p["received_ms"] for p in a]
    assert received == sorted(received)
    assert {p["category"] for p in a} <= set(duty_log.CATEGORIES)
    assert {p["channel"] for p in a} <= set(duty_log.CHANNELS)
