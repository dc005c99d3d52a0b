"""The duty-log search index on PostgreSQL: a token table instead of FTS5.

PostgreSQL has no FTS5, its own full-text search has no Chinese parser, and pg_trgm cannot
use its index for 1–2 character queries. So the same document bodies as on SQLite (see
duty_search: CJK unigrams and bigrams, whole Latin words and digit groups, phone digit
trigrams, facet tokens) are split on spaces into a token table:

- `duty_tok_doc(docid, entry_id, body)`: one row per entry, `docid` received-time ordered
  (received_ms * 1024 + n) as on SQLite, `body` the token stream;
- `duty_tok(token COLLATE "C", docid)`, primary key (token, docid): a B-tree, so a token is one
  index range, the newest matches come first, a Latin/digit prefix is a range of tokens.

A query term is looked up as the tokens every match must contain (one CJK character: the
unigram; two: the bigram; three or more: all its bigrams; other terms: their whole tokens, the
last one as a prefix range), and then checked as a phrase on the body (`strpos` of the space-
joined tokens), which gives exactly the matches FTS5's phrase query gives on SQLite. A 3+ digit
term also matches as the phrase of its digit trigrams, as on SQLite.

The index is a local cache of the database, like the FTS5 tables (not models, not migrated):
`ensure()` creates and fills it; `dutydesk server init` does so as the owner so that the
application role needs no DDL right.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    column,
    exists,
    literal,
    or_,
    select,
    table,
    text,
)
from sqlalchemy import func as sql_func

from app.storage import duty_search as ds

FORMAT = 1
TABLES = ("duty_tok", "duty_tok_doc", "duty_tok_version")
TOK = table("duty_tok", column("token"), column("docid"))
DOC = table("duty_tok_doc", column("docid"), column("entry_id"), column("body"))
TOP = "\U0010ffff"


def _current(conn: Connection) -> bool:
    found = conn.execute(text(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_name IN ('duty_tok', 'duty_tok_doc', 'duty_tok_version')")).scalar()
    if found != len(TABLES):
        return False
    return conn.execute(text("SELECT max(version) FROM duty_tok_version")).scalar() == FORMAT


def present(conn: Connection) -> bool:
    key = ds._key(conn)
    if key in ds._ready:
        return True
    if _current(conn):
        ds._ready.add(key)
        return True
    return False


def ensure(conn: Connection) -> bool:
    """Create (and fill) the token index when missing or of another format."""
    if present(conn):
        return True
    for name in TABLES:
        conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
    conn.execute(text(
        "CREATE TABLE duty_tok_doc (docid BIGINT PRIMARY KEY, entry_id VARCHAR(36) NOT NULL UNIQUE,"
        " body TEXT NOT NULL)"))
    conn.execute(text(
        'CREATE TABLE duty_tok (token TEXT COLLATE "C" NOT NULL, docid BIGINT NOT NULL,'
        " PRIMARY KEY (token, docid))"))
    conn.execute(text("CREATE TABLE duty_tok_version (version INTEGER NOT NULL)"))
    conn.execute(text("INSERT INTO duty_tok_version(version) VALUES (:v)"), {"v": FORMAT})
    reindex(conn)
    ds._ready.add(ds._key(conn))
    return True


def _insert(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    if not rows:
        return
    if len(rows) >= BULK:
        _copy(conn, rows)
        return
    for docid, entry_id, body in rows:  # one round trip per document, its tokens as an array
        conn.execute(text(
            "WITH doc AS (INSERT INTO duty_tok_doc(docid, entry_id, body) VALUES (:d, :e, :b) RETURNING docid) "
            "INSERT INTO duty_tok(token, docid) SELECT t, doc.docid FROM doc, unnest(CAST(:t AS text[])) AS t"),
            {"d": docid, "e": entry_id, "b": body, "t": sorted(set(body.split()))})


BULK = 200
"""From this many documents on, COPY instead of INSERT (index fill, bulk imports)."""


def _copy(conn: Connection, rows: Sequence[tuple[int, str, str]]) -> None:
    raw: Any = conn.connection.driver_connection
    with raw.cursor() as cur:
        with cur.copy("COPY duty_tok_doc (docid, entry_id, body) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        with cur.copy("COPY duty_tok (token, docid) FROM STDIN") as copy:
            for docid, _entry, body in rows:
                for token in sorted(set(body.split())):
                    copy.write_row((token, docid))


def _delete(conn: Connection, docid: int) -> None:
    conn.execute(text("WITH gone AS (DELETE FROM duty_tok WHERE docid = :d) DELETE FROM duty_tok_doc WHERE docid = :d"),
                 {"d": docid})


def _taken(conn: Connection, low: int, high: int) -> set[int]:
    return set(conn.execute(text("SELECT docid FROM duty_tok_doc WHERE docid >= :l AND docid < :h"),
                            {"l": low, "h": high}).scalars())


def refresh(conn: Connection, entry_id: str) -> None:
    ensure(conn)
    doc = ds.body_for(conn, entry_id)
    old = conn.execute(text("SELECT docid, body FROM duty_tok_doc WHERE entry_id = :e"), {"e": entry_id}).first()
    if old is not None:
        if doc is not None and old.body == doc.body and old.docid // ds.SLOTS == doc.received_ms:
            return
        _delete(conn, old.docid)
    if doc is None:
        return
    base = doc.received_ms * ds.SLOTS
    taken = _taken(conn, base, base + ds.SLOTS)
    docid = base
    while docid in taken:
        docid += 1
    _insert(conn, [(docid, entry_id, doc.body)])


def add_many(conn: Connection, docs: Sequence[ds.Doc]) -> None:
    if not docs:
        return
    ensure(conn)
    ordered = sorted(docs, key=lambda d: d.received_ms)
    taken = _taken(conn, ordered[0].received_ms * ds.SLOTS, (ordered[-1].received_ms + 1) * ds.SLOTS)
    rows: list[tuple[int, str, str]] = []
    for doc in ordered:
        docid = doc.received_ms * ds.SLOTS
        while docid in taken:
            docid += 1
        taken.add(docid)
        rows.append((docid, doc.entry_id, doc.body))
    _insert(conn, rows)


def reindex(conn: Connection) -> int:
    conn.execute(text("DELETE FROM duty_tok"))
    conn.execute(text("DELETE FROM duty_tok_doc"))
    ids = list(conn.execute(select(ds.ENTRY.c.entry_id).order_by(ds.ENTRY.c.received_ms, ds.ENTRY.c.entry_id))
               .scalars())
    for start in range(0, len(ids), 5000):
        chunk = ds.bodies_for(conn, ids[start:start + 5000])
        taken: set[int] = set()
        rows: list[tuple[int, str, str]] = []
        for doc in sorted(chunk, key=lambda d: d.received_ms):
            docid = doc.received_ms * ds.SLOTS
            while docid in taken:
                docid += 1
            taken.add(docid)
            rows.append((docid, doc.entry_id, doc.body))
        _insert(conn, rows)
    return len(ids)


def verify(conn: Connection, limit: int = 20) -> list[str]:
    """Entries whose document is missing, stale or extra, and documents whose tokens are not
    exactly those of their body."""
    ensure(conn)
    problems: list[str] = []
    docs = {r.entry_id: (r.docid, r.body) for r in conn.execute(text("SELECT docid, entry_id, body FROM duty_tok_doc"))}
    ids = list(conn.execute(select(ds.ENTRY.c.entry_id)).scalars())
    for start in range(0, len(ids), 5000):
        expected = {d.entry_id: d for d in ds.bodies_for(conn, ids[start:start + 5000])}
        for entry_id in ids[start:start + 5000]:
            doc = expected.get(entry_id)
            have = docs.pop(entry_id, None)
            if doc is None or have is None or have[1] != doc.body or have[0] // ds.SLOTS != doc.received_ms:
                problems.append(entry_id)
                if len(problems) >= limit:
                    return problems
    problems.extend(list(docs)[: max(0, limit - len(problems))])
    bad = conn.execute(text(
        "SELECT d.entry_id FROM duty_tok_doc d WHERE (SELECT count(*) FROM duty_tok t WHERE t.docid = d.docid)"
        " <> (SELECT count(DISTINCT x) FROM unnest(string_to_array(d.body, ' ')) AS x WHERE x <> '') LIMIT :n"),
        {"n": limit}).scalars()
    problems.extend(b for b in bad if b not in problems)
    return problems[:limit]


# -- querying -----------------------------------------------------------------------------------


def _has(token: str) -> ColumnElement[bool]:
    return exists().where(TOK.c.token == token, TOK.c.docid == DOC.c.docid)


def _has_prefix(prefix: str) -> ColumnElement[bool]:
    return exists().where(TOK.c.token >= prefix, TOK.c.token < prefix + TOP, TOK.c.docid == DOC.c.docid)


def _phrase(tokens_: list[str], prefix: bool) -> ColumnElement[bool]:
    body = literal(" ") + DOC.c.body + literal(" ")
    needle = " " + " ".join(tokens_) + ("" if prefix else " ")
    return sql_func.strpos(body, needle) > 0


def _term(term: str) -> ColumnElement[bool] | None:
    normal = unicodedata.normalize("NFKC", term).lower()
    if ds._CJK_TERM.match(normal):
        grams = [normal] if len(normal) <= 2 else ds.bigrams(normal)
        conds: list[ColumnElement[bool]] = [_has(g) for g in dict.fromkeys(grams)]
        if len(grams) > 1:
            conds.append(_phrase(grams, prefix=False))
        return and_(*conds)
    toks = ds.tokens(term)
    if not toks:
        return None
    prefix = not ds._CJK_ONLY.match(toks[-1])
    must: list[ColumnElement[bool]] = [_has(t) for t in dict.fromkeys(toks[:-1] if prefix else toks)]
    if prefix:
        must.append(_has_prefix(toks[-1]))
    if len(toks) > 1 or not prefix:
        must.append(_phrase(toks, prefix))
    found: ColumnElement[bool] = and_(*must)
    digits = ds._DIGITS.sub("", normal)
    if ds._DIGIT_TERM.match(normal) and len(digits) >= 3:
        grams = ds.digit_grams(digits)
        alt: list[ColumnElement[bool]] = [_has(g) for g in dict.fromkeys(grams)]
        if len(grams) > 1:
            alt.append(_phrase(grams, prefix=False))
        found = or_(found, and_(*alt))
    return found


def condition(query: str) -> ColumnElement[bool] | None:
    """The WHERE condition on `duty_tok_doc` for a query (every term); None when nothing in it
    is searchable."""
    terms = [c for c in (_term(t) for t in ds.split_terms(query)) if c is not None]
    return and_(*terms) if terms else None


def matching_ids(query: str) -> Select[Any]:
    """Entry ids matching the query (for `entry_id IN (…)`)."""
    cond = condition(query)
    stmt = select(DOC.c.entry_id)
    return stmt.where(cond if cond is not None else literal(False))
