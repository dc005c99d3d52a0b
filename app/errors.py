"""The app's exception types.

`UserError` is anything a person can cause (bad input, wrong password, tampered file, not enough
stock): it carries a message code from app/messages.py, is shown in the user's language, and the
command line exits 2 without a traceback. Anything else is a bug (exit 1).
"""

from __future__ import annotations

import errno
from typing import Any

from app import messages

EXIT_OK = 0
EXIT_BUG = 1
EXIT_USER = 2


class UserError(Exception):
    """An error the user caused; nothing was changed."""

    exit_code = EXIT_USER

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        return messages.text(self.code, **self.params)

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Bad input; `field` names the form field it belongs to, when there is one."""

    def __init__(self, code: str, field: str | None = None, **params: Any) -> None:
        if field is not None:
            params.setdefault("field", field)  # a message that names {field} never shows the braces
        super().__init__(code, **params)
        self.field = field


class PermissionDenied(UserError):
    """The signed-in account lacks a role. `roles` are role codes, named in the current
    language when the message is shown."""

    def __init__(self, code: str, roles: tuple[str, ...] = (), **params: Any) -> None:
        super().__init__(code, **params)
        self.roles = roles

    @property
    def message(self) -> str:
        if self.roles:
            sep = "、" if messages.language() == "zh_CN" else " / "
            named = sep.join(messages.text(f"role.{r}") for r in self.roles)
            return messages.text(self.code, role=named, **self.params)
        return super().message


class AuthError(UserError):
    """Wrong user name or password, disabled account, back-off."""


class DatabaseError(UserError):
    """The database cannot be opened or written (not a database, locked, read-only, newer)."""


class IntegrityFailure(UserError):
    """`dutydesk check` found a problem."""


messages.register(
    {
        "os.disk_full": ("磁盘已满", "the disk is full"),
        "os.denied": ("没有写入权限", "permission denied"),
        "os.read_only": ("该位置只读", "the place is read-only"),
        "os.missing": ("文件夹不存在", "no such folder"),
        "os.not_a_folder": ("路径中有一项不是文件夹", "a part of the path is not a folder"),
        "os.is_a_folder": ("这是一个文件夹", "it is a folder"),
    }
)
_OS_REASONS = {errno.ENOSPC: "os.disk_full", errno.EDQUOT: "os.disk_full", errno.EACCES: "os.denied",
               errno.EPERM: "os.denied", errno.EROFS: "os.read_only", errno.ENOENT: "os.missing",
               errno.ENOTDIR: "os.not_a_folder", errno.EISDIR: "os.is_a_folder"}


def os_reason(error: OSError) -> str:
    """Why a file could not be written, in the user's language ("the disk is full" …)."""
    code = _OS_REASONS.get(error.errno or 0)
    return messages.text(code) if code else (error.strerror or str(error))
