"""`check`'s view of the SQLite search index: the live documents against those the rebuild made
from the operation log (one merge over both, no document recomputed), and FTS5's own
integrity check of the index against its documents."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import Connection

from app.storage import duty_search

_DOCS = "SELECT entry_id, docid, body FROM duty_fts_doc ORDER BY entry_id"


def _has_docs(conn: Connection) -> bool:
    if conn.dialect.name != "sqlite":
        return False
    row = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'duty_fts_doc'").first()
    return row is not None


def _docs(conn: Connection) -> Iterator[tuple[str, int, str]]:
    for entry_id, docid, body in conn.exec_driver_sql(_DOCS):
        yield str(entry_id), int(docid) // duty_search.SLOTS, str(body)


def compare_docs(live: Connection, rebuilt: Connection, limit: int = 20) -> list[str] | None:
    """Entry ids whose live search document is missing, extra or differs from the rebuilt one
    (at most `limit`); None when either side has no SQLite index to compare."""
    if not (_has_docs(live) and _has_docs(rebuilt)):
        return None
    problems: list[str] = []
    a, b = _docs(live), _docs(rebuilt)
    ra, rb = next(a, None), next(b, None)
    while (ra is not None or rb is not None) and len(problems) < limit:
        if rb is None or (ra is not None and ra[0] < rb[0]):
            assert ra is not None
            problems.append(ra[0])
            ra = next(a, None)
        elif ra is None or rb[0] < ra[0]:
            problems.append(rb[0])
            rb = next(b, None)
        else:
            if ra[1:] != rb[1:]:
                problems.append(ra[0])
            ra, rb = next(a, None), next(b, None)
    return problems


def documents_only(conn: Connection) -> None:
    """The index tables of a scratch rebuild: the documents are kept (they are what `check`
    compares), the FTS5 index is not built — `duty_fts` is a view that discards what is written
    to it, so the rebuild skips FTS5's tokenising, the largest part of replaying the duty log."""
    if conn.dialect.name != "sqlite" or not duty_search.available(conn):
        return
    conn.exec_driver_sql(duty_search.DOC_DDL)
    conn.exec_driver_sql("CREATE VIEW duty_fts(duty_fts, rowid, body) AS SELECT NULL, NULL, NULL WHERE 0")
    conn.exec_driver_sql("CREATE TRIGGER duty_fts_discard INSTEAD OF INSERT ON duty_fts BEGIN SELECT 1; END")
    conn.exec_driver_sql("CREATE TABLE duty_fts_version (version INTEGER NOT NULL)")
    conn.exec_driver_sql("INSERT INTO duty_fts_version(version) VALUES (?)", (duty_search.FORMAT,))


def index_matches_docs(conn: Connection) -> None:
    """FTS5's integrity check of the index against duty_fts_doc (raises when they disagree)."""
    conn.exec_driver_sql("INSERT INTO duty_fts(duty_fts, rank) VALUES('integrity-check', 1)").close()
