"""A guard against a PySide6 6.12 reference-counting bug on Python 3.11.

On Python 3.11, PySide6 6.12 drops one reference to `None` more than it takes each time a
Python override of a void virtual runs (a delegate's `paint`, a widget's `paintEvent`, a
QThread's `run`) and each time `QModelIndex.data()` or `QComboBox.currentData()` hands `None`
to Python. It drops one reference to `True` each time Python calls `Signal.emit()` (measured:
-1 per emit, with or without a slot; 6.11.3 drops none), and references to True and False
when Python overrides return them (pyqtgraph's). A table being scrolled loses thousands a
minute; when a count reaches zero the interpreter aborts ("none_dealloc: deallocating None",
"bool_dealloc: deallocating True or False"). Python 3.12 made these objects immortal, which
hides the bug. Until then, give None, True and False a reference count no session can exhaust
(they are never freed anyway); this is what 3.12 does for every immortal object.
"""

from __future__ import annotations

import ctypes
import sys

RESERVE = 1 << 40


def keep_singletons_alive() -> bool:
    """Raise the reference counts of None, True and False far out of reach; True when it was
    needed (Python < 3.12). Called once at program start, before anything paints or emits."""
    if sys.version_info >= (3, 12):
        return False
    for value in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(value))
        if count.value < RESERVE // 2:
            count.value += RESERVE
    return True
