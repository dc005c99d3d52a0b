"""The duty-log search index on PostgreSQL: a token table instead of FTS5.

PostgreSQL has no FTS5, its own full-text search has no Chinese parser, and pg_trgm cannot
use its index for 1–2 character queries. So the same document bodies as on SQLite (see
duty_search: CJK unigrams and bigrams, whole Latin words and digit groups, phone digit
trigrams, facet tokens) are split on spaces into a token table:

- `duty_tok_doc(docid, entry_id, body)`: one row per entry, `docid` received-time ordered
  (received_ms * 1024 + n) as on SQLite, `body` the token stream;
- `duty_tok(token COLLATE "C", docid)`, primary key (token, docid): a B-tree, so a token is one
  index range, the newest matches come first, a Latin/digit prefix is a range of tokens.

Besides the body's own tokens (`tokens_of`), each document gets tokens derived from runs of
adjacent tokens, so that the phrases FTS5 checks by position are single tokens here:
- CJK trigrams and 4-grams: within a chain of bigram tokens that overlap by a character
  ("五印 印乡 乡发"), every 3 and 4 characters ("五印乡", "印乡发", "五印乡发"). A 3- or
  4-character query is then one index range (the same documents as FTS5's phrase "五印 印乡",
  no body read), like 1 and 2 characters;
- phone digit suffixes: within a chain of digit trigram tokens ("zzd139 zzd390 …"), every
  suffix of its digits of 3+ digits, marked `~` ("~13908721101", "~3908721101", …). A digit
  query matches as FTS5's trigram phrase exactly when it is a prefix of one of them: one range.
Derived tokens cannot collide with body tokens (those are 1–2 CJK characters or word characters
only). A CJK query of 5+ characters takes the documents having the 4-grams that cover it and
then checks its bigram phrase on the body (`strpos`), which gives exactly FTS5's matches; so
does a Latin/digit term of several words. See duty_search_pg_query for the queries.

The index is a local cache of the database, like the FTS5 tables (not models, not migrated):
`ensure()` creates and fills it (`dutydesk server init` does so as the owner so that the
application role needs no DDL right); an index of another `FORMAT` is refilled in place.
Filling: COPY with the primary key dropped and built afterwards, into a truncated table with
FREEZE (rows visible to index-only scans at once) when the role owns the table, else DELETE
and COPY into the indexed table (slower, no DDL needed).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Connection, select, text

from app.storage import duty_search as ds
from app.storage.duty_search_pg_query import GRAM_MAX, SUFFIX, docids, matching_ids, walk

__all__ = ["FORMAT", "SUFFIX", "TABLES", "add_many", "docids", "ensure", "matching_ids", "present", "refresh", "reindex",
           "tokens_of", "verify", "walk"]

FORMAT = 2
"""Version of the token table (2: CJK trigrams and 4-grams, phone digit suffixes)."""
TABLES = ("duty_tok", "duty_tok_doc", "duty_tok_version")
GRAMS = range(3, GRAM_MAX + 1)
"""Lengths of the derived CJK n-gram tokens."""
_BIGRAM_RUN = re.compile(f"(?<!\\S)[{ds._CJK}]{{2}}(?: [{ds._CJK}]{{2}})+(?!\\S)")
_DIGIT_RUN = re.compile(f"(?<!\\S){ds.DIGIT_GRAM}\\d{{3}}(?: {ds.DIGIT_GRAM}\\d{{3}})*(?!\\S)")


def _chains(run: str, skip: int) -> Iterable[str]:
    """The texts of a run of grams that overlap by all but a character ('五印 印乡 乡发' →
    '五印乡发'; `skip`: the grams' mark), split where two neighbours do not overlap."""
    grams = [g[skip:] for g in run.split(" ")]
    text_ = grams[0]
    for prev, gram in itertools.pairwise(grams):
        if prev[1:] == gram[:-1]:
            text_ += gram[-1]
        else:
            yield text_
            text_ = gram
    yield text_


def derived(body: str) -> set[str]:
    """The tokens a body gets besides its own: CJK 3/4-grams and phone digit suffixes."""
    found: set[str] = set()
    for match in _BIGRAM_RUN.finditer(body):
        for chain in _chains(match.group(), 0):
            for n in GRAMS:
                found.update(chain[i:i + n] for i in range(len(chain) - n + 1))
    for match in _DIGIT_RUN.finditer(body):
        for chain in _chains(match.group(), len(ds.DIGIT_GRAM)):
            found.update(SUFFIX + chain[i:] for i in range(len(chain) - 2))
    return found


def tokens_of(body: str) -> set[str]:
    """Every token of a document in the table: its own (each once) and the derived ones."""
    found = set(body.split())
    found.update(derived(body))
    return found


def _current(conn: Connection) -> bool | None:
    """True: the tables hold this FORMAT; False: another; None: tables missing."""
    found = conn.execute(text(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() "
        "AND table_name IN ('duty_tok', 'duty_tok_doc', 'duty_tok_version')")).scalar()
    if found != len(TABLES):
        return None
    return bool(conn.execute(text("SELECT max(version) FROM duty_tok_version")).scalar() == FORMAT)


def present(conn: Connection) -> bool:
    key = ds._key(conn)
    if key in ds._ready:
        return True
    if _current(conn):
        ds._ready.add(key)
        return True
    return False


def ensure(conn: Connection) -> bool:
    """Create (and fill) the token index when missing; refill it when of another format."""
    if present(conn):
        return True
    if _current(conn) is None:
        for name in TABLES:
            conn.execute(text(f"DROP TABLE IF EXISTS {name}"))
        conn.execute(text(
            "CREATE TABLE duty_tok_doc (docid BIGINT PRIMARY KEY, entry_id VARCHAR(36) NOT NULL UNIQUE,"
            " body TEXT NOT NULL)"))
        conn.execute(text(
            'CREATE TABLE duty_tok (token TEXT COLLATE "C" NOT NULL, docid BIGINT NOT NULL,'
            " CONSTRAINT duty_tok_pkey PRIMARY KEY (token, docid))"))
        conn.execute(text("CREATE TABLE duty_tok_version (version INTEGER NOT NULL)"))
    reindex(conn)  # an older format: the same tables, filled again (no DDL right needed)
    conn.execute(text("DELETE FROM duty_tok_version"))
    conn.execute(text("INSERT INTO duty_tok_version(version) VALUES (:v)"), {"v": FORMAT})
    ds._ready.add(ds._key(conn))
    return True


STATISTICS = 1000
"""Statistics target of duty_tok.token (ANALYZE samples 300 times as many rows)."""
BULK = 200
"""From this many documents on, COPY instead of INSERT (index fill, bulk imports)."""


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
            {"d": docid, "e": entry_id, "b": body, "t": sorted(tokens_of(body))})


def _copy(conn: Connection, rows: Sequence[tuple[int, str, str]], freeze: bool = False) -> None:
    raw: Any = conn.connection.driver_connection
    options = " WITH (FREEZE)" if freeze else ""
    with raw.cursor() as cur:
        with cur.copy(f"COPY duty_tok_doc (docid, entry_id, body) FROM STDIN{options}") as copy:
            for row in rows:
                copy.write_row(row)
        with cur.copy(f"COPY duty_tok (token, docid) FROM STDIN{options}") as copy:
            # COPY text lines written as is: tokens are word characters, CJK, digits and `~`
            # (no tab, newline or backslash to escape)
            for docid, _entry, body in rows:
                tail = f"\t{docid}\n"
                copy.write(tail.join(tokens_of(body)) + tail)


def _delete(conn: Connection, docid: int) -> None:
    conn.execute(text("WITH gone AS (DELETE FROM duty_tok WHERE docid = :d) DELETE FROM duty_tok_doc WHERE docid = :d"),
                 {"d": docid})


def _taken(conn: Connection, low: int, high: int) -> set[int]:
    return set(conn.execute(text("SELECT docid FROM duty_tok_doc WHERE docid >= :l AND docid < :h"),
                            {"l": low, "h": high}).scalars())


def _number(docs: Iterable[ds.Doc], taken: set[int]) -> list[tuple[int, str, str]]:
    """(docid, entry id, body) rows in received order, each in the first free slot of its ms."""
    rows: list[tuple[int, str, str]] = []
    for doc in sorted(docs, key=lambda d: d.received_ms):
        docid = doc.received_ms * ds.SLOTS
        while docid in taken:
            docid += 1
        taken.add(docid)
        rows.append((docid, doc.entry_id, doc.body))
    return rows


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
    _insert(conn, _number([doc], _taken(conn, base, base + ds.SLOTS)))


def add_many(conn: Connection, docs: Sequence[ds.Doc]) -> None:
    if not docs:
        return
    ensure(conn)
    low, high = min(d.received_ms for d in docs), max(d.received_ms for d in docs)
    _insert(conn, _number(docs, _taken(conn, low * ds.SLOTS, (high + 1) * ds.SLOTS)))


def _owner(conn: Connection) -> bool:
    return bool(conn.execute(text(
        "SELECT pg_has_role(current_user, tableowner, 'USAGE') FROM pg_tables"
        " WHERE schemaname = current_schema() AND tablename = 'duty_tok'")).scalar())


def reindex(conn: Connection) -> int:
    """Fill the index again from the entries. Returns the number of documents."""
    owner = _owner(conn)
    if owner:  # empty tables made in this transaction, the key built once at the end
        conn.execute(text("TRUNCATE duty_tok, duty_tok_doc"))
        conn.execute(text("ALTER TABLE duty_tok DROP CONSTRAINT IF EXISTS duty_tok_pkey"))
        conn.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    else:
        conn.execute(text("DELETE FROM duty_tok"))
        conn.execute(text("DELETE FROM duty_tok_doc"))
    ids = list(conn.execute(select(ds.ENTRY.c.entry_id).order_by(ds.ENTRY.c.received_ms, ds.ENTRY.c.entry_id))
               .scalars())
    taken: set[int] = set()
    for start in range(0, len(ids), 5000):
        rows = _number(ds.bodies_for(conn, ids[start:start + 5000]), taken)
        taken = {r[0] for r in rows[-ds.SLOTS:]}  # the next chunk may continue the last ms
        if owner:
            _copy(conn, rows, freeze=True)
        else:
            _insert(conn, rows)
    if owner:
        conn.execute(text("ALTER TABLE duty_tok ADD CONSTRAINT duty_tok_pkey PRIMARY KEY (token, docid)"))
        # ~100 tokens a document, very unevenly common: a larger sample of them than the
        # default lets the planner tell a 100,000-document 4-gram from a rare one
        conn.execute(text(f"ALTER TABLE duty_tok ALTER COLUMN token SET STATISTICS {STATISTICS}"))
        conn.execute(text("ANALYZE duty_tok, duty_tok_doc"))
    return len(ids)


def verify(conn: Connection, limit: int = 20) -> list[str]:
    """Entries whose document is missing, stale or extra, and documents whose tokens are not
    exactly those of their body (counted per document: one pass over the token table)."""
    ensure(conn)
    problems: list[str] = []
    docs: dict[str, tuple[int, str]] = {}
    expected_tokens: dict[int, tuple[str, int]] = {}
    for r in conn.execute(text("SELECT docid, entry_id, body FROM duty_tok_doc")):
        docs[r.entry_id] = (r.docid, r.body)
        expected_tokens[r.docid] = (r.entry_id, len(tokens_of(r.body)))
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
    counted = conn.execute(text("SELECT docid, count(*) AS n FROM duty_tok GROUP BY docid"))
    have_tokens = {r.docid: r.n for r in counted}
    for docid, (entry_id, n) in expected_tokens.items():
        if have_tokens.pop(docid, 0) != n and entry_id not in problems:
            problems.append(entry_id)
    problems.extend(f"docid {d}" for d in list(have_tokens)[:limit])  # tokens of no document
    return problems[:limit]
