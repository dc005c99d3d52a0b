"""Work on an operation that depends on the operation alone, done before its projector runs.

A bundle's parts are read ahead of the importer, in a second process for large bundles
(app/sync/prepare.py). Besides parsing the payload, the kinds below get their projector's
pure, payload-only work done there: the result travels with the operation (`Op._prep`), and
the batch projector takes it instead of computing it again. A projector must compute the same
value itself whenever `_prep` is None (not prepared, or preparing failed), so the result is the
same whether or not an operation was prepared; tests hold the two equal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.storage.duty_search_text import entry_document

PREPARERS: dict[str, Callable[[Any], Any]] = {
    "duty.entry.add": entry_document,  # the search body of a new entry (its add payload has the row's keys)
}


def prepare(kind: str, data: Any) -> Any:
    """The prepared value of an operation with this kind and parsed payload, or None (nothing to
    prepare, or the payload is not what the projector accepts: the projector then reports it)."""
    preparer = PREPARERS.get(kind)
    if preparer is None or not isinstance(data, dict):
        return None
    try:
        return preparer(data)
    except Exception:  # a hostile or buggy payload: the projector meets it again and refuses it
        return None
