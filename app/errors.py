"""The app's exception types.

`UserError` is anything a person can cause (bad input, wrong password, tampered file, not enough
stock): it carries a message code from app/messages.py, is shown in the user's language, and the
command line exits 2 without a traceback. Anything else is a bug (exit 1).
"""

from __future__ import annotations

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
