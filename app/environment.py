"""Text from outside the program: command-line arguments and environment variables.

A POSIX process gets both as bytes; Python decodes them with the locale's encoding and turns
bytes it cannot decode into surrogate escapes (U+DC80–U+DCFF). Such text cannot be stored,
hashed or printed. `recover` turns it back into text when the bytes were UTF-8 after all (an
ASCII-only locale such as LANG=C, with Chinese typed) and says None when they are not text;
`variable` reads an environment variable that way.
"""

from __future__ import annotations

import os
import sys


def has_surrogates(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def recover(text: str) -> str | None:
    """`text` without surrogate escapes (decoded as UTF-8), or None when it is not text."""
    if not has_surrogates(text):
        return text
    try:
        return text.encode(sys.getfilesystemencoding() or "utf-8", "surrogateescape").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None


def variable(name: str) -> str | None:
    """The variable's value as text (recovered, see `recover`); None when unset or not text
    (the command line refuses such values before a command runs: app/commands/common.py)."""
    value = os.environ.get(name)
    return None if value is None else recover(value)
