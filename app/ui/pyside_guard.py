"""A guard against a PySide6 6.12 reference-counting bug on Python 3.11.

On Python 3.11, PySide6 6.12 drops one reference to `None` more than it takes each time a
Python override of a void virtual runs (a delegate's `paint`, a widget's `paintEvent`) and
each time `QModelIndex.data()` or `QComboBox.currentData()` hands `None` to Python. A table
being scrolled loses thousands a minute; when None's count reaches zero the interpreter
aborts ("none_dealloc: deallocating None"). Python 3.12 made None immortal, which hides the
bug. Until then, give None a reference count no session can exhaust (None is never freed
anyway); this is what 3.12 does for every immortal object.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40


def keep_none_alive() -> bool:
    """Raise None's reference count far out of reach; True when it was needed (Python < 3.12)."""
    if sys.version_info >= (3, 12):
        return False
    count = ctypes.c_ssize_t.from_address(id(None))
    if count.value < RESERVE // 2:
        count.value += RESERVE
    return True
