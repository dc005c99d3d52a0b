"""The duty-log search's text side, shared by both engines: the document body of an entry
(CJK unigrams, then the bigram stream; whole Latin words and digit groups; a phone as typed, as
digits, by its last four digits and as digit trigrams; facet tokens of the filter values) and
the FTS5 expression of a query. See app/storage/duty_search.py for why the text is cut this way.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

_CJK = (
    "\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3100-\u312f\u3130-\u318f"
    "\u31a0-\u31bf\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
_TOKEN_RE = re.compile(f"[{_CJK}]|[^\\W_{_CJK}]+")
_RUN_RE = re.compile(f"[{_CJK}]{{2,}}")
_WORD_RE = re.compile(r"[^\W_]+")
_CJK_TERM = re.compile(f"^[{_CJK}]+$")
_CJK_ONLY = re.compile(f"^[{_CJK}]$")
_DIGITS = re.compile(r"\D+")
_DIGIT_TERM = re.compile(r"^[0-9][0-9\-\s()./]*$")
DIGIT_GRAM = "zzd"
"""Prefix of the phone digit trigram tokens."""


def tokens(text: str) -> list[str]:
    """The tokens FTS5 (unicode61) sees after spacing out CJK characters, lower-cased."""
    return _TOKEN_RE.findall(unicodedata.normalize("NFKC", text).lower())


def bigrams(text: str) -> list[str]:
    """Adjacent CJK character pairs of every run of CJK characters."""
    out: list[str] = []
    for run in _RUN_RE.findall(unicodedata.normalize("NFKC", text).lower()):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def indexed_text(text: str) -> str:
    """Unigram tokens, then the bigram stream (= `" ".join(tokens(text) + bigrams(text))`)."""
    if not text:
        return ""
    if text.isascii():  # numbers, codes, Latin words: NFKC changes nothing and there are no bigrams
        return " ".join(_WORD_RE.findall(text.lower()))
    if len(text) <= SHORT:
        return _indexed_short(text)
    return _indexed(text)


SHORT = 40
"""Texts this short (townships, units, people, numbers) repeat: their index text is cached."""


def _indexed(text: str) -> str:
    normal = unicodedata.normalize("NFKC", text).lower()  # once for both streams
    out = _TOKEN_RE.findall(normal)
    for run in _RUN_RE.findall(normal):
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return " ".join(out)


_indexed_short = functools.lru_cache(maxsize=8192)(_indexed)


def digit_grams(digits: str) -> list[str]:
    """Overlapping three-digit tokens of a digit string ('13908' → zzd139 zzd390 zzd908)."""
    return [DIGIT_GRAM + digits[i:i + 3] for i in range(len(digits) - 2)]


def phone_text(phone: str) -> str:
    if not phone:
        return ""
    digits = _DIGITS.sub("", phone if phone.isascii() else unicodedata.normalize("NFKC", phone))
    parts = [indexed_text(phone)]
    if digits and digits != phone:
        parts.append(digits)
    if len(digits) > 4:
        parts.append(digits[-4:])
    parts.extend(digit_grams(digits))
    return " ".join(p for p in parts if p)


def document(
    *,
    no: str,
    summary: str,
    source_unit: str = "",
    source_person: str = "",
    phone: str = "",
    township: str = "",
    location: str = "",
    texts: Iterable[str] = (),
    facets: Iterable[str] = (),
) -> str:
    """The body indexed for one entry (instructions, actions, notified people in `texts`;
    filter values as `facet_tokens()`)."""
    parts = [indexed_text(no), indexed_text(summary), indexed_text(source_unit), indexed_text(source_person),
             phone_text(phone), indexed_text(township), indexed_text(location)]
    parts.extend(indexed_text(t) for t in texts)
    parts.extend(facets)
    return " ".join(p for p in parts if p)


def entry_document(m: Mapping[Any, Any], texts: Iterable[str] = ()) -> str:
    """The body of an entry from its row or from its add payload (the same keys): number,
    texts, filter values."""
    township = m.get("township", "")
    return document(
        no=f"{m['year']}-{m['number']:04d}", summary=m["summary"], source_unit=m.get("source_unit", ""),
        source_person=m.get("source_person", ""), phone=m.get("phone", ""), township=township,
        location=m.get("location", ""), texts=texts,
        facets=facet_tokens(category=m["category"], direction=m["direction"], channel=m["channel"],
                            township=township, significant=bool(m.get("significant", False))))


FACET = "zzf"
"""Prefix of the filter tokens (no real word starts like this)."""


@functools.lru_cache(maxsize=4096)
def facet(name: str, value: str) -> str:
    """One filter value as an index token: category, direction, channel, township (hex of the
    name), significant. A text query combined with these filters is counted by the index alone."""
    if name == "township":
        value = value.encode("utf-8").hex()
    return f"{FACET}{name[0]}{''.join(ch for ch in value.lower() if ch.isascii() and ch.isalnum())}"


def facet_tokens(*, category: str, direction: str, channel: str, township: str, significant: bool) -> list[str]:
    return list(_facet_tokens(category, direction, channel, township, significant))


@functools.lru_cache(maxsize=4096)
def _facet_tokens(category: str, direction: str, channel: str, township: str, significant: bool) -> tuple[str, ...]:
    found = [facet("category", category), facet("direction", direction), facet("channel", channel)]
    if township:
        found.append(facet("township", township))
    if significant:
        found.append(facet("significant", "1"))
    return tuple(found)


def any_of(tokens_: Iterable[str]) -> str:
    """An FTS5 expression matching any of the given facet tokens."""
    return "(" + " OR ".join(f'"{t}"' for t in tokens_) + ")"


def split_terms(query: str) -> list[str]:
    """The terms of a query as typed (whitespace-separated, quotes removed, duplicates dropped)."""
    found: list[str] = []
    for raw in unicodedata.normalize("NFKC", query).replace('"', " ").split():
        if tokens(raw) and raw not in found:
            found.append(raw)
    return found


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for a query (every term must occur); None when it has no
    searchable characters."""
    phrases: list[str] = []
    for term in split_terms(query):
        normal = unicodedata.normalize("NFKC", term).lower()
        if _CJK_TERM.match(normal):
            grams = [normal] if len(normal) <= 2 else bigrams(normal)
            phrases.append('"' + " ".join(grams) + '"')
            continue
        toks = tokens(term)
        phrase = '"' + " ".join(toks) + '"'
        if not _CJK_ONLY.match(toks[-1]):
            phrase += "*"
        digits = _DIGITS.sub("", normal)
        if _DIGIT_TERM.match(normal) and len(digits) >= 3:
            # digits anywhere inside a phone number: the phrase of its trigrams
            phrase = f'({phrase} OR "{" ".join(digit_grams(digits))}")'
        phrases.append(phrase)
    return " AND ".join(phrases) if phrases else None
