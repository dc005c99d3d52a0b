"""One desktop program per database: a second start on the same database brings the first window
to the front instead of opening a second writer.

The key is a hash of the database's *name* — the resolved path string (or the URL without its
password) and the OS user — never of the file: nothing here opens the database file (that would
drop SQLite's POSIX locks held by the running program). A QLockFile under the state dir says "a
program holds this database" (Qt removes it when its process died, so a crash does not block
the next start); a QLocalServer of the same key takes the second program's "activate" request.
The command line does not go through here: `dutydesk check` or `log add` still run beside the
desktop program, as SQLite allows.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from sqlalchemy.engine import make_url

from app import paths
from app.storage.engine import resolve_url, sqlite_path

ACTIVATE = b"activate\n"
ANSWER_SHOWN = b"shown\n"
ANSWER_STARTING = b"starting\n"


def database_name(db_arg: str | None) -> str:
    """What identifies the database: its absolute path (case-folded where the OS ignores case),
    or its URL without the password."""
    url = resolve_url(db_arg)
    path = sqlite_path(url)
    if path is not None:
        return os.path.normcase(os.path.abspath(str(path)))
    return make_url(url).render_as_string(hide_password=True)


def instance_key(db_arg: str | None) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name (some containers)
        user = str(os.getuid()) if hasattr(os, "getuid") else ""
    digest = hashlib.sha256(f"{user}\0{database_name(db_arg)}".encode()).hexdigest()
    return f"dutydesk-{digest[:24]}"


class InstanceGuard(QObject):
    """`acquire()` → True: this program is the one for the database (it then answers requests);
    False: another one is; `ask_to_activate()` asks it to come to the front."""

    activate_requested = Signal()

    def __init__(self, key: str, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.key = key
        folder = folder or paths.state_dir() / "instances"
        folder.mkdir(parents=True, exist_ok=True)
        self.lock_path = folder / f"{key}.lock"
        self._lock = QLockFile(str(self.lock_path))
        self._lock.setStaleLockTime(0)  # never stale by age: only when its process is gone
        self._server: QLocalServer | None = None
        self.front: Callable[[], bool] = lambda: False
        """Brings the program's window (or its sign-in dialog) forward; False while none is up."""

    def acquire(self) -> bool:
        if not self._lock.tryLock(0):
            return False
        QLocalServer.removeServer(self.key)  # a socket file left by a crashed program (Unix)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._on_connection)
        server.listen(self.key)
        self._server = server
        return True

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def _on_connection(self) -> None:
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._on_request(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._on_request(socket)

    def _on_request(self, socket: QLocalSocket) -> None:
        if not socket.canReadLine():
            return
        request = bytes(socket.readLine().data())
        if request != ACTIVATE:
            socket.disconnectFromServer()
            return
        self.activate_requested.emit()
        socket.write(ANSWER_SHOWN if self.front() else ANSWER_STARTING)
        socket.flush()
        socket.disconnectFromServer()

    def ask_to_activate(self, timeout_ms: int = 3000) -> bytes:
        """Ask the running program to show itself: its answer (ANSWER_SHOWN, ANSWER_STARTING) or
        b'' when it did not answer."""
        socket = QLocalSocket()
        socket.connectToServer(self.key)
        if not socket.waitForConnected(timeout_ms):
            return b""
        socket.write(ACTIVATE)
        socket.flush()
        socket.waitForBytesWritten(timeout_ms)
        answer = b""
        while not answer.endswith(b"\n") and socket.waitForReadyRead(timeout_ms):
            answer += bytes(socket.readAll().data())
        socket.abort()
        return answer

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._lock.isLocked():
            self._lock.unlock()
