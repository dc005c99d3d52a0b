"""The PostgreSQL token index: derived tokens, and exactly FTS5's matches (compared with an
FTS5 table over the same bodies)."""

from __future__ import annotations

import random
import sqlite3

import pytest
from sqlalchemy import Connection, func, select

from app.services import duty_log
from app.services.accounts import Actor
from app.services.duty_log import EntryFilter, EntryInput
from app.storage import duty_search as ds
from app.storage import duty_search_pg as pg
from app.storage.engine import Database
from tests.conftest import FakeWall, make_account


def test_derived_tokens() -> None:
    body = ds.document(no="2024-0001", summary="五印乡发生地震，震源", phone="139 0872-1101")
    got = pg.derived(body)
    assert {"五印乡", "印乡发", "五印乡发", "乡发生地", "地震", "震源"} - got == {"地震", "震源"}  # 1-2: the body's
    assert "发生地震" in got and "生地震" in got
    assert "震，震" not in got and "地震震" not in got  # no gram across the comma…
    assert all(len(t) <= pg.GRAM_MAX for t in got if not t.startswith(pg.SUFFIX))
    assert {"~13908721101", "~3908721101", "~101"} <= got and "~01" not in got
    assert pg.tokens_of(body) == set(body.split()) | got


def test_derived_tokens_follow_the_token_stream() -> None:
    # FTS5's phrase "五印 印乡" also matches where one run ends in 五印 and the next starts
    # with 印乡 (their bigrams stand next to each other): the derived trigram does the same
    body = ds.indexed_text("五印，印乡")
    assert "五印乡" in pg.derived(body)
    assert pg.derived(ds.indexed_text("五印乡。乡长")) == {"五印乡", "五印乡长", "印乡长"}  # …乡 then 乡长
    assert pg.derived("zzd139 zzd390 zzd123") == {"~1390", "~390", "~123"}  # chains break where grams do not overlap


CHARS = "五印乡地震源森林火险"


def _random_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 4)):
        parts.append("".join(rng.choice(CHARS) for _ in range(rng.randint(1, 9))))
    return rng.choice(["，", " ", "。", "a1"]).join(parts)


def _random_phone(rng: random.Random) -> str:
    digits = "".join(rng.choice("1089") for _ in range(rng.randint(3, 12)))
    return rng.choice([digits, digits[:4] + "-" + digits[4:], ""])


def _fts5(bodies: list[tuple[int, str]]) -> sqlite3.Connection:
    lite = sqlite3.connect(":memory:")
    lite.execute("CREATE VIRTUAL TABLE f USING fts5(body, tokenize='unicode61 remove_diacritics 2')")
    lite.executemany("INSERT INTO f(rowid, body) VALUES (?, ?)", bodies)
    return lite


def _pg_ids(conn: Connection, query: str) -> list[int]:
    found = pg.docids(query)
    if found is None:
        return []
    sub = found.subquery()
    ids = [int(d) for d in conn.execute(select(sub.c.docid)).scalars()]
    assert conn.execute(select(func.count()).select_from(sub)).scalar_one() == len(ids)
    return ids


@pytest.mark.postgresql_only
def test_same_matches_as_fts5(db: Database) -> None:
    rng = random.Random(7)
    docs = [ds.Doc(f"e{i}", 1_700_000_000_000 + i, ds.document(
        no=f"2024-{i:04d}", summary=_random_text(rng), phone=_random_phone(rng), location=_random_text(rng)))
        for i in range(300)]
    with db.transaction() as conn:
        pg.ensure(conn)
        pg.add_many(conn, docs[:150])  # COPY
        for doc in docs[150:160]:  # one at a time
            pg._insert(conn, pg._number([doc], set()))
        pg.add_many(conn, docs[160:])
        rows = [(int(r.docid), str(r.body)) for r in conn.exec_driver_sql("SELECT docid, body FROM duty_tok_doc")]
    lite = _fts5(rows)
    queries = ["震", "地震", "五印乡", "森林火险", "林火险地", "五印乡地震", "震源森林火险", "乡乡乡", "火险 地震",
               "108", "0891", "1089-10", "8 9 1", "a1", "2024-001", "a1五", "999"]
    queries += ["".join(rng.choice(CHARS) for _ in range(rng.randint(1, 7))) for _ in range(120)]
    queries += ["".join(rng.choice("1089") for _ in range(rng.randint(3, 6))) for _ in range(40)]
    hits = 0
    with db.read() as conn:
        for query in queries:
            expr = ds.match_expression(query)
            want = sorted(r[0] for r in lite.execute("SELECT rowid FROM f WHERE f MATCH ?", (expr,)))
            assert sorted(_pg_ids(conn, query)) == want, query
            hits += bool(want)
    assert hits > len(queries) // 2
    with db.transaction() as conn:
        assert sorted(pg.verify(conn, limit=1000)) == sorted(d.entry_id for d in docs)  # of no entry; tokens right


@pytest.mark.postgresql_only
def test_page_walks_the_index_and_counts(db: Database, admin: Actor, wall: FakeWall) -> None:
    op = make_account(db, admin, "wanglei", "operator")
    made = []
    for i in range(30):
        wall.advance(60)
        summary = "森林火险等级高" if i % 3 else "五印乡森林火险"
        made.append(duty_log.add_entry(db, op, EntryInput(summary=f"{summary}{i}", phone="13908721101"))[1].id)
    for query, n in (("森林火险", 30), ("五印乡", 10), ("森林火险等级", 20), ("13908721101", 30), ("721", 30)):
        flt = EntryFilter(text=query)
        assert duty_log.count(db, flt) == n, query
        first = duty_log.page(db, flt, 0, 7)
        rest = duty_log.page(db, flt, 7, 100)
        assert len(first) == min(7, n) and len(first) + len(rest) == n
        ids = [r.id for r in first + rest]
        assert ids == [i for i in reversed(made) if i in ids]  # newest first
        assert [r.id for r in duty_log.page(db, flt, 0, 100, descending=False)] == ids[::-1]
    with db.transaction() as conn:
        assert pg.verify(conn) == []
        conn.exec_driver_sql("DELETE FROM duty_tok WHERE token = '五印乡'")
        assert len(pg.verify(conn)) == 10


@pytest.mark.postgresql_only
def test_refill_without_owning_the_tables(db: Database, admin: Actor, wall: FakeWall,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    op = make_account(db, admin, "wanglei", "operator")
    for summary in ("五印乡森林火险", "森林火险等级高"):
        wall.advance(60)
        duty_log.add_entry(db, op, EntryInput(summary=summary, phone="0872-2125180"))
    monkeypatch.setattr(pg, "_owner", lambda _conn: False)  # a seat: DELETE and COPY, no DDL
    with db.transaction() as conn:
        conn.exec_driver_sql(f"UPDATE duty_tok_version SET version = {pg.FORMAT - 1}")
        ds.forget(conn)
    assert duty_log.count(db, EntryFilter(text="森林火险")) == 2  # refilled in place by ensure()
    assert duty_log.count(db, EntryFilter(text="2125")) == 2
    assert duty_log.reindex(db) == 2
    assert duty_log.verify_index(db) == []
