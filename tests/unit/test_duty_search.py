"""Full-text search of the duty log: 1-, 2-, 3+-character Chinese, Latin words, phone numbers."""

from __future__ import annotations

import pytest

from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryFilter, EntryInput
from app.storage import duty_search, duty_search_pg
from app.storage.engine import Database
from tests import engines
from tests.conftest import FakeWall, make_account

ENTRIES = [
    ("州地震局通报：五印乡发生M4.2级地震，震源深度10千米。", {"township": "五印乡", "phone": "0872-2125180",
                                                   "source_unit": "大理州地震局"}),
    ("牛街乡报告：震感明显，无人员伤亡。", {"township": "牛街乡", "source_person": "李春华", "phone": "13887241509"}),
    ("县气象台发布大风蓝色预警。", {"source_unit": "巍山县气象台"}),
    ("Radio check with Wubaoshan fire crew, all OK.", {"channel": "radio"}),
    ("印刷厂来电咨询。", {"location": "南诏镇文华路"}),
    ("地面塌陷一处，已设警示。", {"township": "永建镇"}),
]


@pytest.fixture
def filled(db: Database, admin: Actor, wall: FakeWall) -> dict[str, duty_log.EntryRow]:
    op = make_account(db, admin, "wanglei", "operator")
    rows = {}
    for summary, values in ENTRIES:
        wall.advance(60)
        _c, row = duty_log.add_entry(db, op, EntryInput(summary=summary, **values))  # type: ignore[arg-type]
        rows[summary[:4]] = row
    return rows


def found(db: Database, query: str) -> list[str]:
    return [r.summary[:4] for r in duty_log.page(db, EntryFilter(text=query), limit=100)]


def test_one_two_three_character_chinese(db: Database, filled: dict[str, duty_log.EntryRow]) -> None:
    assert found(db, "震") == ["牛街乡报", "州地震局"]
    assert found(db, "地震") == ["州地震局"]
    assert found(db, "五印乡") == ["州地震局"]
    assert found(db, "五印") == ["州地震局"]
    assert found(db, "印") == ["印刷厂来", "州地震局"]  # single characters match anywhere
    assert found(db, "地面") == ["地面塌陷"]
    assert found(db, "震 牛街") == ["牛街乡报"]  # every term must occur
    assert found(db, "源震") == []  # the characters must be adjacent, in order
    assert found(db, "震震") == []  # …in the text itself ("地震，震源" has no 震震)
    assert found(db, "地震，震源") == ["州地震局"]
    assert found(db, "震源深度") == ["州地震局"]
    assert duty_log.count(db, EntryFilter(text="震")) == 2


def test_latin_phone_number_and_other_fields(db: Database, filled: dict[str, duty_log.EntryRow]) -> None:
    assert found(db, "radio") == ["Radi"]
    assert found(db, "WUBAO") == ["Radi"]  # prefix, case-insensitive
    assert found(db, "M4.2") == ["州地震局"]
    assert found(db, "M4") == ["州地震局"]
    assert found(db, "13887241509") == ["牛街乡报"]
    assert found(db, "1388724") == ["牛街乡报"]  # a phone-number prefix
    assert found(db, "1509") == ["牛街乡报"]  # the last four digits
    assert found(db, "0872-2125180") == ["州地震局"]
    assert found(db, "08722125180") == ["州地震局"]
    assert found(db, "李春华") == ["牛街乡报"]  # source person
    assert found(db, "气象台") == ["县气象台"]  # source unit
    assert found(db, "文华路") == ["印刷厂来"]  # location
    assert found(db, "永建镇") == ["地面塌陷"]  # township
    assert found(db, "2024-0002") == ["牛街乡报"]  # the number
    assert found(db, "ＲＡＤＩＯ") == ["Radi"]  # full-width forms
    assert found(db, "火星") == []
    assert found(db, "!!!") == []
    assert found(db, '"') == []


def test_instructions_actions_and_amendments_are_searchable(db: Database, admin: Actor,
                                                            filled: dict[str, duty_log.EntryRow]) -> None:
    boss = make_account(db, admin, "yangzh", "leader")
    entry = filled["县气象台"]
    duty_log.add_instruction(db, boss, entry.id, "通知巍宝山护林员加强巡查")
    duty_log.add_action(db, boss, entry.id, "已转发各乡镇微信群")
    assert found(db, "护林员") == ["县气象台"]
    assert found(db, "微信群") == ["县气象台"]
    duty_log.amend(db, boss, entry.id, "summary", "县气象台发布冰雹黄色预警。")
    assert found(db, "冰雹") == ["县气象台"]
    assert found(db, "大风") == []
    assert duty_log.verify_index(db) == []


def test_text_with_filters_counts_like_the_rows(db: Database, admin: Actor,
                                                filled: dict[str, duty_log.EntryRow]) -> None:
    boss = make_account(db, admin, "boss", "leader")
    quake = filled["州地震局"]
    duty_log.amend(db, boss, quake.id, "category", "incident")
    duty_log.amend(db, boss, quake.id, "significant", True)
    filters = [
        EntryFilter(text="震", categories=["incident"]),
        EntryFilter(text="震", categories=["incident", "routine"]),
        EntryFilter(text="震", township="牛街乡"),
        EntryFilter(text="震", township="532927204"),
        EntryFilter(text="震", significant_only=True),
        EntryFilter(text="震", channels=["phone"], direction="in"),
        EntryFilter(text="震", channels=["fax"]),
        EntryFilter(text="震", since=filled["牛街乡报"].received_at),
        EntryFilter(text="震", status="open", author="wanglei"),
        EntryFilter(text="乡", categories=["routine"], until=filled["地面塌陷"].received_at),
    ]
    for flt in filters:
        rows = duty_log.page(db, flt, 0, 100)
        assert duty_log.count(db, flt) == len(rows), flt
    assert duty_log.count(db, filters[0]) == 1
    assert duty_log.count(db, filters[4]) == 1
    assert duty_log.count(db, filters[6]) == 0


def test_search_with_filters_and_received_order(db: Database, admin: Actor,
                                                filled: dict[str, duty_log.EntryRow]) -> None:
    assert duty_log.count(db, EntryFilter(text="震", township="牛街乡")) == 1
    first = filled["州地震局"]
    flt = EntryFilter(text="震", since=first.received_at, until=filled["牛街乡报"].received_at)
    assert [r.id for r in duty_log.page(db, flt)] == [first.id]
    ordered = duty_log.page(db, EntryFilter(text="乡"), descending=False)
    assert [r.received_at for r in ordered] == sorted(r.received_at for r in ordered)
    by_unit = duty_log.page(db, EntryFilter(text="震"), sort_key="source_unit", descending=False)
    assert [r.source_unit for r in by_unit] == ["", "大理州地震局"]
    # moving the received time moves the entry in the search order too
    op = make_account(db, admin, "lead2", "shift_lead")
    duty_log.amend(db, op, first.id, "received_at", filled["地面塌陷"].received_at.isoformat())
    assert duty_log.page(db, EntryFilter(text="震"))[0].id == first.id


def test_search_terms_for_highlighting() -> None:
    assert duty_log.search_terms(" 五印乡  M4.2 震 五印乡 ") == ["五印乡", "M4.2", "震"]
    assert duty_log.search_terms('"地震"') == ["地震"]
    assert duty_log.search_terms("  ") == []


def test_match_expression() -> None:
    assert duty_search.match_expression("震") == '"震"'
    assert duty_search.match_expression("地震 M4") == '"地震" AND "m4"*'
    assert duty_search.match_expression("五印乡") == '"五印 印乡"'
    assert duty_search.match_expression("M4.2级") == '"m4 2 级"'
    assert duty_search.match_expression("AND OR NOT") == '"and"* AND "or"* AND "not"*'
    assert duty_search.match_expression("-*") is None


ON_PG = engines.on_postgresql()
INDEX_TABLE, VERSION_TABLE = ("duty_tok", "duty_tok_version") if ON_PG else ("duty_fts", "duty_fts_version")
CURRENT = duty_search_pg.FORMAT if ON_PG else duty_search.FORMAT


def test_index_is_recreated_when_missing(db: Database, filled: dict[str, duty_log.EntryRow]) -> None:
    with db.transaction() as conn:
        conn.exec_driver_sql(f"DROP TABLE {INDEX_TABLE}")
        duty_search.forget(conn)
    assert found(db, "地震") == ["州地震局"]
    assert duty_log.reindex(db) == len(ENTRIES)
    assert found(db, "震") == ["牛街乡报", "州地震局"]


def test_digits_match_anywhere_in_phone_numbers(db: Database, admin: Actor, wall: FakeWall) -> None:
    op = make_account(db, admin, "wanglei", "operator")
    for summary, phone in (("五印乡村民来电", "13908721501"), ("永建镇来电", "150 8723 1166"),
                           ("州地震局来电", "0872-2125180"), ("县气象台来电", "0872-6121001")):
        wall.advance(60)
        duty_log.add_entry(db, op, EntryInput(summary=summary, phone=phone))
    assert found(db, "8721501") == ["五印乡村"]
    assert found(db, "7231166") == ["永建镇来"]
    assert found(db, "501") == ["五印乡村"]
    assert found(db, "0872") == ["县气象台", "州地震局", "永建镇来", "五印乡村"]
    assert found(db, "0872-212") == ["州地震局"]
    assert found(db, "8723 11") == ["永建镇来"]
    assert found(db, "21501") == ["五印乡村"]
    assert found(db, "12150") == []  # the digits must stand together in one number
    assert found(db, "1390") == ["五印乡村"]
    assert found(db, "72") == []  # two digits alone are not searched inside numbers
    assert duty_log.count(db, EntryFilter(text="0872")) == 4
    assert duty_log.verify_index(db) == []


def test_index_of_an_older_format_is_rebuilt(db: Database, filled: dict[str, duty_log.EntryRow]) -> None:
    with db.transaction() as conn:
        conn.exec_driver_sql(f"UPDATE {VERSION_TABLE} SET version = {CURRENT - 1}")
        duty_search.forget(conn)
    assert found(db, "2125") == ["州地震局"]  # inside 0872-2125180: needs the rebuilt trigrams
    with db.read() as conn:
        assert conn.exec_driver_sql(f"SELECT version FROM {VERSION_TABLE}").scalar() == CURRENT
