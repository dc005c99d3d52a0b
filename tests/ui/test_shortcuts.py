"""No key of the full window (every panel and install() hook loaded) means two things at once.

Qt does nothing at all for an ambiguous key ("QAction::event: Ambiguous shortcut overload"): a
trial found Ctrl+L (lock screen, and the rosters' call list) silent in the rosters panel. Two
shortcuts clash when their scopes overlap: a window- or application-wide one overlaps every
other; two scoped to widgets overlap when one widget holds the other.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import QWidget

from app.ui.main_window import MainWindow

WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def scopes(window: MainWindow) -> dict[str, list[tuple[str, Qt.ShortcutContext, QWidget | None]]]:
    found: dict[str, list[tuple[str, Qt.ShortcutContext, QWidget | None]]] = defaultdict(list)
    for action in window.findChildren(QAction):
        owner = action.parent() if isinstance(action.parent(), QWidget) else None
        for keys in action.shortcuts():
            found[keys.toString()].append((action.objectName() or action.text(), action.shortcutContext(), owner))
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent() if isinstance(shortcut.parent(), QWidget) else None
        found[shortcut.key().toString()].append((f"QShortcut in {owner.objectName() if owner else '?'}",
                                                 shortcut.context(), owner))
    return found


def overlap(a: tuple[str, Qt.ShortcutContext, QWidget | None], b: tuple[str, Qt.ShortcutContext, QWidget | None]) -> bool:
    if a[1] in WIDE or b[1] in WIDE:
        return True
    if a[2] is None or b[2] is None:
        return True
    return a[2] is b[2] or a[2].isAncestorOf(b[2]) or b[2].isAncestorOf(a[2])


def test_no_key_is_ambiguous(make_window: Callable[..., MainWindow], zh_ui: None) -> None:
    window = make_window()
    assert len(window.panels()) >= 4
    clashes = []
    for keys, users in scopes(window).items():
        for i, a in enumerate(users):
            clashes += [f"{keys}: {a[0]} / {b[0]}" for b in users[i + 1:] if overlap(a, b)]
    assert clashes == [], "\n".join(clashes + [str(u) for u in scopes(window)["Ctrl+P"]])
    found = scopes(window)
    panels_of = {owner.objectName() for _name, _context, owner in found["Ctrl+P"] if owner is not None}
    assert {"dutyLogPanel", "suppliesPanel", "incidentsPanel"} <= panels_of  # every printing panel answers Ctrl+P
    assert found["Ctrl+L"] == [("lock", Qt.ShortcutContext.ApplicationShortcut, window)]
