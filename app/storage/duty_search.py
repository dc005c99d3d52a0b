"""Full-text search over the duty log that finds 1-, 2- and 3+-character Chinese queries.

SQLite FTS5's trigram tokenizer cannot match queries shorter than three characters, and the
unicode61 tokenizer treats a run of Chinese characters as one word. So the indexed text is
made of tokens we cut ourselves (spaces between them, unicode61 then only splits on spaces and
punctuation and folds case):
- every CJK character on its own (unigrams: 震 finds any entry with 震), then
- every pair of adjacent CJK characters of a run (bigrams: 地震, 震源, …), as a second stream
  in which the bigrams of a run stand next to each other.
A query term of one CJK character is the unigram; of two, the bigram (one doclist, no position
check, as fast as one character); of three or more, the phrase of its bigrams (五印乡 →
"五印 印乡": adjacent bigrams overlap by a character, so only the real substring matches and
no bigram spans two runs). Terms mixing CJK with Latin or digits are phrases of unigrams.
Latin words and digit groups stay whole words; the last word of a term is a prefix ("M4"
finds "M4.2", "1390872" finds "13908721101"). A phone number is indexed as typed, as digits
only, by its last four digits and as the stream of its digit trigrams (tokens `zzd` + three
digits, one per digit position, separators ignored): a query term of 3 or more digits (or
digits with - and spaces) also matches as the phrase of its trigrams, so "8721501", "0872"
or "501" find 13908721501 and 0872-2125180 wherever the digits stand in the number. Each document ends with facet tokens of its filter values
(category, direction, channel, township, significant), so a text query combined with those
filters is counted by the index alone.

The index is a local cache of this installation (not compared by `dutydesk check`):
`duty_fts_doc(docid, entry_id, body)` and the external-content FTS5 table `duty_fts` over it;
`duty_fts_version` holds the format of the bodies (`FORMAT`): an index of another format is
rebuilt by the next `ensure()`. The tokenizer is unicode61 with `remove_diacritics 0`: the
bodies are NFKC lower-case already, folding diacritics doubled FTS5's insert time, and the
PostgreSQL token table compares tokens exactly, so both engines agree (an index made earlier
with `remove_diacritics 2` answers the same queries and is kept).
The projection keeps it in step in the same transaction. `docid` is received-time ordered
(received_ms * 1024 + n), so the newest matches come first straight from the index and a
date range is a rowid range. `ensure()` creates the cache when missing and fills it from the
entries; `verify()` compares it with what the entries say.

The text side (bodies, query expressions) lives in app/storage/duty_search_text.py and is
re-exported here; this module keeps the cache.

On a server database (PostgreSQL) there is no FTS5: `available()` (FTS5) is False and the
same bodies go into a token table instead (app/storage/duty_search_pg.py); `ensure`, `present`,
`refresh`, `add_many`, `reindex` and `verify` hand over to it there.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, event, select

from app.storage.duty_search_text import (
    _CJK,
    _CJK_ONLY,
    _CJK_TERM,
    _DIGIT_TERM,
    _DIGITS,
    _RUN_RE,
    _TOKEN_RE,
    _WORD_RE,
    DIGIT_GRAM,
    FACET,
    SHORT,
    any_of,
    bigrams,
    digit_grams,
    document,
    entry_document,
    facet,
    facet_tokens,
    indexed_text,
    match_expression,
    phone_text,
    split_terms,
    tokens,
)
from app.storage.models import table
from app.storage.models.duty_log import DutyActivity, DutyEntry

__all__ = [  # the cache (this module) and the text side (duty_search_text), one import for callers
    "ACTIVITY",
    "DIGIT_GRAM",
    "DOC_DDL",
    "ENTRY",
    "FACET",
    "FORMAT",
    "FTS_HASHSIZE",
    "SHORT",
    "SLOTS",
    "TABLES",
    "_CJK",
    "_CJK_ONLY",
    "_CJK_TERM",
    "_DIGITS",
    "_DIGIT_TERM",
    "_RUN_RE",
    "_TOKEN_RE",
    "_WORD_RE",
    "Doc",
    "add_many",
    "any_of",
    "available",
    "bigrams",
    "bodies_for",
    "body_for",
    "count_matches",
    "digit_grams",
    "document",
    "ensure",
    "entry_document",
    "facet",
    "facet_tokens",
    "forget",
    "indexed_text",
    "match_expression",
    "phone_text",
    "present",
    "refresh",
    "reindex",
    "split_terms",
    "tokens",
    "verify",
]

ENTRY = table(DutyEntry)
ACTIVITY = table(DutyActivity)
SLOTS = 1024
"""docids per received millisecond."""

FORMAT = 2
"""Version of the document bodies (2: phone digit trigrams)."""
TABLES = ("duty_fts", "duty_fts_doc", "duty_fts_version")
FTS_HASHSIZE = 16 * 1024 * 1024
DOC_DDL = ("CREATE TABLE duty_fts_doc (docid INTEGER PRIMARY KEY, entry_id VARCHAR(36) NOT NULL UNIQUE,"
           " body TEXT NOT NULL)")


# -- the cache --------------------------------------------------------------------------------


def count_matches(conn: Connection, expression: str, since_ms: int | None = None, until_ms: int | None = None) -> int:
    """How many documents match, optionally received in [since, until) (the index alone)."""
    low = -(2**62) if since_ms is None else since_ms * SLOTS
    high = 2**62 if until_ms is None else until_ms * SLOTS
    return int(conn.exec_driver_sql(
        "SELECT count(*) FROM duty_fts WHERE duty_fts MATCH ? AND rowid >= ? AND rowid < ?", (expression, low, high)
    ).scalar_one())


def available(conn: Connection) -> bool:
    return conn.dialect.name == "sqlite"


_ready: set[str] = set()
"""Databases (engine keys) whose index is known to exist. The tables may have been created by a
transaction that is later rolled back (an import refused after its first part): every rollback
on the engine makes the next `ensure()` look again."""
_watched: weakref.WeakSet[Engine] = weakref.WeakSet()


def _key(conn: Connection) -> str:
    engine = conn.engine
    if engine not in _watched:
        _watched.add(engine)
        key = str(engine.url) + "#" + str(id(engine))

        def forget_key(*_args: object) -> None:
            _ready.discard(key)

        event.listen(engine, "rollback", forget_key)
        event.listen(engine, "rollback_savepoint", forget_key)
    return str(engine.url) + "#" + str(id(engine))


def _current(conn: Connection) -> bool:
    """The index tables exist and hold bodies of this `FORMAT`."""
    names = ", ".join(f"'{t}'" for t in TABLES)
    if conn.exec_driver_sql(f"SELECT count(*) FROM sqlite_master WHERE name IN ({names})").scalar() != len(TABLES):
        return False
    return conn.exec_driver_sql("SELECT max(version) FROM duty_fts_version").scalar() == FORMAT


def present(conn: Connection) -> bool:
    """Whether the index tables exist in the current format (read-only check)."""
    if conn.dialect.name == "postgresql":
        from app.storage import duty_search_pg

        return duty_search_pg.present(conn)
    if not available(conn):
        return False
    key = _key(conn)
    if key in _ready:
        return True
    found = _current(conn)
    if found:
        _ready.add(key)
    return found


def ensure(conn: Connection) -> bool:
    """Create the index tables when missing (and fill them from the entries). Returns False
    where FTS5 is not available."""
    if conn.dialect.name == "postgresql":
        from app.storage import duty_search_pg

        return duty_search_pg.ensure(conn)
    if not available(conn):
        return False
    key = _key(conn)
    if key in _ready:
        return True
    if not _current(conn):
        for name in TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {name}")
        conn.exec_driver_sql(DOC_DDL)
        conn.exec_driver_sql(
            "CREATE VIRTUAL TABLE duty_fts USING fts5(body, content='duty_fts_doc', content_rowid='docid',"
            " tokenize='unicode61 remove_diacritics 0')"
        )
        conn.exec_driver_sql("CREATE TABLE duty_fts_version (version INTEGER NOT NULL)")
        conn.exec_driver_sql("INSERT INTO duty_fts_version(version) VALUES (?)", (FORMAT,))
        reindex(conn)
    _ready.add(key)
    return True


def forget(conn: Connection) -> None:
    """Make the next `ensure()` look at the database again (after dropping the cache)."""
    _ready.discard(_key(conn))


@dataclass(frozen=True)
class Doc:
    entry_id: str
    received_ms: int
    body: str


def bodies_for(conn: Connection, entry_ids: Sequence[str]) -> list[Doc]:
    """What the index should hold for these entries, from the projection tables (two queries
    per call; unknown ids are left out)."""
    docs: list[Doc] = []
    for start in range(0, len(entry_ids), 500):
        chunk = list(entry_ids[start:start + 500])
        rows = {r.entry_id: r._mapping for r in conn.execute(select(ENTRY).where(ENTRY.c.entry_id.in_(chunk)))}
        extra: dict[str, list[str]] = {}
        for t in conn.execute(
            select(ACTIVITY.c.entry_id, ACTIVITY.c.kind, ACTIVITY.c.text, ACTIVITY.c.leader, ACTIVITY.c.whom)
            .where(ACTIVITY.c.entry_id.in_(chunk), ACTIVITY.c.kind.in_(("instruct", "act", "notify")))
            .order_by(ACTIVITY.c.entry_id, ACTIVITY.c.hlc, ACTIVITY.c.op_id)
        ):
            extra.setdefault(t.entry_id, []).extend([t.whom] if t.kind == "notify" else [t.text, t.leader])
        for entry_id in chunk:
            m = rows.get(entry_id)
            if m is None:
                continue
            body = entry_document(m, [e for e in extra.get(entry_id, []) if e])
            docs.append(Doc(entry_id, m["received_ms"], body))
    return docs


def body_for(conn: Connection, entry_id: str) -> Doc | None:
    """What the index should hold for one entry."""
    found = bodies_for(conn, [entry_id])
    return found[0] if found else None


def _free_docid(conn: Connection, received_ms: int, taken: set[int] | None = None) -> int:
    base = received_ms * SLOTS
    top = conn.exec_driver_sql(
        "SELECT max(docid) FROM duty_fts_doc WHERE docid >= ? AND docid < ?", (base, base + SLOTS)
    ).scalar()
    docid = base if top is None else top + 1
    while taken is not None and docid in taken:
        docid += 1
    return docid


def refresh(conn: Connection, entry_id: str) -> None:
    """Bring one entry's index document in step with the projection (same transaction)."""
    if conn.dialect.name == "postgresql":
        from app.storage import duty_search_pg

        return duty_search_pg.refresh(conn, entry_id)
    if not ensure(conn):
        return
    doc = body_for(conn, entry_id)
    old = conn.exec_driver_sql("SELECT docid, body FROM duty_fts_doc WHERE entry_id = ?", (entry_id,)).first()
    if old is not None:
        if doc is not None and old.body == doc.body and old.docid // SLOTS == doc.received_ms:
            return
        conn.exec_driver_sql("INSERT INTO duty_fts(duty_fts, rowid, body) VALUES('delete', ?, ?)", (old.docid, old.body))
        conn.exec_driver_sql("DELETE FROM duty_fts_doc WHERE docid = ?", (old.docid,))
    if doc is None:
        return
    docid = _free_docid(conn, doc.received_ms)
    conn.exec_driver_sql("INSERT INTO duty_fts_doc(docid, entry_id, body) VALUES(?, ?, ?)", (docid, entry_id, doc.body))
    conn.exec_driver_sql("INSERT INTO duty_fts(rowid, body) VALUES(?, ?)", (docid, doc.body))


def add_many(conn: Connection, docs: Sequence[Doc]) -> None:
    """Index new entries in bulk (entries that have no document yet)."""
    if conn.dialect.name == "postgresql":
        from app.storage import duty_search_pg

        return duty_search_pg.add_many(conn, docs)
    if not docs or not ensure(conn):
        return
    ordered = sorted(docs, key=lambda d: d.received_ms)
    low, high = ordered[0].received_ms * SLOTS, (ordered[-1].received_ms + 1) * SLOTS
    taken = set(conn.exec_driver_sql(
        "SELECT docid FROM duty_fts_doc WHERE docid >= ? AND docid < ?", (low, high)
    ).scalars())
    rows: list[tuple[int, str, str]] = []
    for doc in ordered:
        docid = doc.received_ms * SLOTS
        while docid in taken:
            docid += 1
        taken.add(docid)
        rows.append((docid, doc.entry_id, doc.body))
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.executemany("INSERT INTO duty_fts_doc(docid, entry_id, body) VALUES(?, ?, ?)", rows)
    raw.executemany("INSERT INTO duty_fts(rowid, body) VALUES(?, ?)", [(r[0], r[2]) for r in rows])


def reindex(conn: Connection) -> int:
    """Rebuild the whole index from the entries. Returns the number of documents."""
    if conn.dialect.name == "postgresql":
        from app.storage import duty_search_pg

        return duty_search_pg.reindex(conn)
    conn.exec_driver_sql("DELETE FROM duty_fts_doc")
    conn.exec_driver_sql("INSERT INTO duty_fts(duty_fts) VALUES('delete-all')")
    # pending terms are flushed as a new segment every `hashsize` bytes (1 MB by default): a bulk
    # import then writes and merges 16 times fewer segments (100k entries: 1.5 -> 0.9 s). Stored
    # with the index; set here so that a reindexed older index gets it too.
    conn.exec_driver_sql(f"INSERT INTO duty_fts(duty_fts, rank) VALUES('hashsize', {FTS_HASHSIZE})")
    ids = list(conn.execute(select(ENTRY.c.entry_id).order_by(ENTRY.c.received_ms, ENTRY.c.entry_id)).scalars())
    for start in range(0, len(ids), 5000):
        add_many(conn, bodies_for(conn, ids[start:start + 5000]))
    return len(ids)


def verify(conn: Connection, limit: int = 20) -> list[str]:
    """Entries whose index document is missing, stale or extra (entry ids, at most `limit`)."""
    if conn.dialect.name == "postgresql":
        from app.storage import duty_search_pg

        return duty_search_pg.verify(conn, limit)
    if not ensure(conn):
        return []
    problems: list[str] = []
    docs = {r.entry_id: (r.docid, r.body) for r in conn.exec_driver_sql("SELECT docid, entry_id, body FROM duty_fts_doc")}
    ids = list(conn.execute(select(ENTRY.c.entry_id)).scalars())
    for start in range(0, len(ids), 5000):
        expected = {d.entry_id: d for d in bodies_for(conn, ids[start:start + 5000])}
        for entry_id in ids[start:start + 5000]:
            doc = expected.get(entry_id)
            have = docs.pop(entry_id, None)
            if doc is None or have is None or have[1] != doc.body or have[0] // SLOTS != doc.received_ms:
                problems.append(entry_id)
                if len(problems) >= limit:
                    return problems
    problems.extend(list(docs)[: max(0, limit - len(problems))])
    integrity = conn.exec_driver_sql("INSERT INTO duty_fts(duty_fts, rank) VALUES('integrity-check', 1)")
    integrity.close()
    return problems
