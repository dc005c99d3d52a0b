"""Nothing in this process touches an open database file except SQLite.

SQLite's locks on a database file are POSIX advisory locks, which belong to the *process*: when
the process opens the same file by any other means and closes that descriptor (a plain
`open().read()`, a copy, a hash, a file dialog sniffing the file's type), the kernel drops every
lock the process held on it. Another `dutydesk` process then believes it is the only user,
checkpoints and deletes the `-wal` file under our feet; our later commits go into a deleted file
and both processes hand out the same numbers ("How To Corrupt An SQLite Database File", §2.2).

`protect(path)` (called by `Database.open`) installs, once per process, an audit hook
(`sys.addaudithook`) that refuses every Python-level `open`, `os.open`, copy, rename onto,
removal or truncation of a protected database file or its `-wal` / `-shm` / `-journal`
sidecars. Identity is decided with `os.stat` only (device and inode, which never opens the
file), so a symlink or another spelling of the path is caught as well. Qt's C++ code is out of
the hook's reach: the GUI's file dialogs (app/ui/file_dialogs.py) therefore never sniff file
contents and refuse the database as a target, checked here with `refuse_target`.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

from app import messages
from app.errors import UserError

messages.register({
    "file.is_database": (
        "“{path}”是本程序正在使用的数据库文件（或其 -wal/-shm 文件），不能用于导入、导出或保存；请另选一个文件。",
        "“{path}” is the database this program has open (or its -wal/-shm file); it cannot be imported, "
        "exported to or overwritten. Choose another file.",
    ),
})

SIDECARS = ("-wal", "-shm", "-journal")
_GUARDED_EVENTS = frozenset({"open", "os.rename", "os.remove", "os.truncate", "shutil.copyfile", "os.link"})

_lock = threading.Lock()
_protected: dict[str, int] = {}
"""Absolute database path -> number of open Database objects on it."""
_hook_installed = False
_inside = threading.local()


class DatabaseFileTouched(UserError, PermissionError):
    """Something tried to open, copy, replace or remove the open database file outside SQLite."""

    def __init__(self, path: str) -> None:
        UserError.__init__(self, "file.is_database", path=path)


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return st.st_dev, st.st_ino


def _candidates(db_path: str) -> list[str]:
    return [db_path] + [db_path + suffix for suffix in SIDECARS]


def protected_paths() -> list[str]:
    with _lock:
        return list(_protected)


def is_database_file(path: str | os.PathLike[str]) -> bool:
    """True when `path` is (or is another name of) a protected database file or one of its sidecars."""
    text = os.fspath(path)
    with _lock:
        databases = list(_protected)
    if not databases:
        return False
    absolute = os.path.abspath(text)
    for db in databases:
        if absolute in _candidates(db):
            return True
    target = _identity(text)
    if target is None:
        return False
    for db in databases:
        for candidate in _candidates(db):
            if _identity(candidate) == target:
                return True
    return False


def refuse_target(path: str | os.PathLike[str]) -> None:
    """Raise `DatabaseFileTouched` when a chosen file (import, export, save) is the open database."""
    if is_database_file(path):
        raise DatabaseFileTouched(os.fspath(path))


def _paths_of(event: str, args: tuple[Any, ...]) -> list[Any]:
    if event == "open":
        return [args[0]] if args else []
    if event in ("os.rename", "shutil.copyfile", "os.link"):
        return list(args[:2])
    return [args[0]] if args else []


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event not in _GUARDED_EVENTS or not _protected:
        return
    if getattr(_inside, "active", False):
        return
    _inside.active = True
    try:
        for candidate in _paths_of(event, args):
            if isinstance(candidate, (str, bytes, os.PathLike)):
                text = os.fsdecode(candidate)
                if is_database_file(text):
                    raise DatabaseFileTouched(text)
    finally:
        _inside.active = False


def protect(path: str | os.PathLike[str]) -> None:
    """Guard the database file at `path` while it is open (counted: call `release` as often)."""
    global _hook_installed
    key = os.path.abspath(os.fspath(path))
    with _lock:
        _protected[key] = _protected.get(key, 0) + 1
        if not _hook_installed:
            sys.addaudithook(_hook)
            _hook_installed = True


def release(path: str | os.PathLike[str]) -> None:
    key = os.path.abspath(os.fspath(path))
    with _lock:
        count = _protected.get(key, 0) - 1
        if count > 0:
            _protected[key] = count
        else:
            _protected.pop(key, None)


def database_paths(paths: list[Path]) -> list[Path]:
    """The entries of `paths` that are the open database (for messages listing them)."""
    return [p for p in paths if is_database_file(p)]
