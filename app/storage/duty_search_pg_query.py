"""Queries of the PostgreSQL token index (app/storage/duty_search_pg.py): the same matches as
FTS5's phrase queries on SQLite (duty_search.match_expression), from B-tree ranges.

A query term becomes the document ids that match it, each once:
- a CJK term of 1–4 characters: its own token (unigram, bigram, derived trigram or 4-gram),
  one index range in docid order: the count is an index-only scan, the newest page a short
  backward walk;
- 5+ characters: the 4-grams covering it (every 4th one and the last), then its bigram phrase
  checked on the body (the FTS5 phrase; 4-grams do not say where they stand);
- other terms: their whole tokens, the last one as a prefix (LIKE, a key range), and the phrase on the body
  when there are several; a term of 3+ digits (with - and spaces) also matches where its digits
  are a prefix of a phone digit suffix token (FTS5: the phrase of its digit trigrams).
Each further token of a term is an EXISTS on the primary key, so the planner can walk the first
range in order and stop after a page, or join whole ranges for a count. The terms of a query
are intersected the same way (`docid IN (…)`).
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import (
    ARRAY,
    BigInteger,
    ColumnElement,
    Select,
    any_,
    cast,
    column,
    exists,
    literal,
    select,
    table,
    union,
)
from sqlalchemy import func as sql_func

from app.storage import duty_search as ds

TOK = table("duty_tok", column("token"), column("docid"))
DOC = table("duty_tok_doc", column("docid"), column("entry_id"), column("body"))
SUFFIX = "~"
"""Mark of the phone digit suffix tokens."""
GRAM_MAX = 4
"""The longest derived CJK n-gram token (3 and 4 are derived; 1 and 2 are in the body)."""

Need = tuple[str, bool]
"""A token a match must have, and whether it is a prefix (a range of tokens)."""


def _has(alias: Any, need: Need) -> ColumnElement[bool]:
    token, prefix = need
    if prefix:  # LIKE rather than a range: PostgreSQL estimates how many rows a prefix has
        return alias.c.token.like(token + "%")  # type: ignore[no-any-return]  # tokens hold no % or _
    return alias.c.token == token  # type: ignore[no-any-return]


def _all_of(needs: list[Need], phrase: str | None = None) -> Select[Any]:
    """Docids (each once) having every token, and the phrase (space-joined tokens, a trailing
    space unless its last word is a prefix) in their body."""
    needs = sorted(dict.fromkeys(needs), key=lambda n: n[1])  # whole tokens first: no duplicates
    first = TOK.alias()
    stmt = select(first.c.docid).where(_has(first, needs[0]))
    for need in needs[1:]:
        other = TOK.alias()
        stmt = stmt.where(exists().where(_has(other, need), other.c.docid == first.c.docid))
    if phrase is not None:
        doc = DOC.alias()
        body = literal(" ") + doc.c.body + literal(" ")
        stmt = stmt.where(exists().where(doc.c.docid == first.c.docid, sql_func.strpos(body, phrase) > 0))
    return stmt.distinct() if needs[0][1] else stmt


def _phrase(tokens_: list[str], prefix: bool) -> str:
    return " " + " ".join(tokens_) + ("" if prefix else " ")


Term = tuple[Any, bool]
"""The docids of a term (a selectable, each docid once), and whether it walks one posting in
docid order (no DISTINCT, no UNION)."""


def _cjk(normal: str) -> Select[Any]:
    if len(normal) <= GRAM_MAX:
        return _all_of([(normal, False)])
    starts = [*range(0, len(normal) - GRAM_MAX, GRAM_MAX), len(normal) - GRAM_MAX]
    return _all_of([(normal[i:i + GRAM_MAX], False) for i in starts], _phrase(ds.bigrams(normal), prefix=False))


def _term(term: str) -> Term | None:
    """The docids matching one query term."""
    normal = unicodedata.normalize("NFKC", term).lower()
    if ds._CJK_TERM.match(normal):
        return _cjk(normal), True
    toks = ds.tokens(term)
    if not toks:
        return None
    prefix = not ds._CJK_ONLY.match(toks[-1])
    needs = [(t, False) for t in (toks[:-1] if prefix else toks)] + ([(toks[-1], True)] if prefix else [])
    found: Any = _all_of(needs, _phrase(toks, prefix) if len(toks) > 1 or not prefix else None)
    digits = ds._DIGITS.sub("", normal)
    if ds._DIGIT_TERM.match(normal) and len(digits) >= 3:
        return union(found, _all_of([(SUFFIX + digits, True)])), False
    return found, len(toks) > 1 or not prefix


def _terms(query: str) -> list[Term]:
    """The query's terms, one that walks a posting first."""
    terms = [t for t in (_term(x) for x in ds.split_terms(query)) if t is not None]
    return sorted(terms, key=lambda t: not t[1])


def _intersect(terms: list[Term]) -> Any:
    if len(terms) == 1:
        return terms[0][0]
    first = terms[0][0].subquery()
    return select(first.c.docid).where(*(first.c.docid.in_(t[0]) for t in terms[1:]))


def docids(query: str) -> Any | None:
    """The docids matching every term of the query, each once; None when nothing in it is
    searchable."""
    terms = _terms(query)
    return _intersect(terms) if terms else None


def matching_ids(query: str) -> Select[Any]:
    """Entry ids matching the query (for `entry_id IN (…)`)."""
    found = docids(query)
    stmt = select(DOC.c.entry_id)
    return stmt.where(DOC.c.docid.in_(found) if found is not None else literal(False))


def walk(query: str) -> tuple[Select[Any], ColumnElement[Any]]:
    """The entries matching the query joined to their docids, and the docid column: ordered by
    it the newest matches come first straight from the token index (a received-time range is a
    docid range, as on SQLite)."""
    terms = _terms(query)
    if terms and all(t[1] for t in terms):  # postings in docid order: a page is the first rows of a range
        hits = _intersect(terms).subquery("duty_tok_hit")
        stmt = select(ds.ENTRY).select_from(
            hits.join(DOC, DOC.c.docid == hits.c.docid).join(ds.ENTRY, ds.ENTRY.c.entry_id == DOC.c.entry_id))
        return stmt, hits.c.docid
    # prefix ranges (several tokens: no docid order), unions: the matching docids as one array
    # (`docid = ANY(…)`), which duty_tok_doc's key returns in order either way (whatever the
    # planner guesses of a prefix's rows): only a page of entries is joined
    found = (_intersect(terms) if terms else select(DOC.c.docid).where(literal(False))).subquery()
    every = select(sql_func.array_agg(found.c.docid)).scalar_subquery()
    stmt = select(ds.ENTRY).select_from(DOC.join(ds.ENTRY, ds.ENTRY.c.entry_id == DOC.c.entry_id))
    return stmt.where(DOC.c.docid == any_(cast(every, ARRAY(BigInteger)))), DOC.c.docid
