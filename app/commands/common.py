"""What every command needs: opening the database, passwords, --as, JSON output, and the
checks that keep input the program cannot hold from reaching it (text that is not UTF-8,
numbers too large for the database)."""

from __future__ import annotations

import argparse
import errno
import getpass
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from app import environment, messages, paths
from app.errors import AuthError, UserError, ValidationError, os_reason
from app.services import accounts
from app.services.accounts import Actor
from app.storage.engine import Database

MAX_NUMBER = 1_000_000_000
"""The largest whole number a command-line option takes (--limit, --minimum …)."""
SECRET_VARIABLES = ("DUTYDESK_PASSWORD", "DUTYDESK_PASSWORD_TO", "DUTYDESK_PASSWORD_LEADER", "DUTYDESK_NEW_PASSWORD",
                    "DUTYDESK_KEY_PASSPHRASE")
"""Environment variables read as text (checked before a command runs, like its arguments)."""

messages.register(
    {
        "cli.bad_argument": ("命令行参数“{value}”含有无法识别的字符（不是有效的 UTF-8 文本），请重新输入。",
                             "The argument “{value}” holds characters that are not valid UTF-8 text; type it again."),
        "cli.bad_variable": ("环境变量 {name} 含有无法识别的字符（不是有效的 UTF-8 文本），请重新设置。",
                             "The environment variable {name} holds characters that are not valid UTF-8 text; set it again."),
        "cli.number_too_large": ("数值 {value} 太大（最大 {max}）", "{value} is too large (at most {max})"),
    }
)


def one_line(text: str) -> str:
    """A message as one line: line breaks (and other control characters) in echoed input become
    "⏎" (a message is one line on stderr: DESIGN.md §5)."""
    return "".join("⏎" if ch in "\r\n\x85\u2028\u2029" else (" " if ch < " " or ch == "\x7f" else ch)
                   for ch in text.strip())


def shown(text: str) -> str:
    """Text that may hold surrogates, printable (they become \\udcff escapes)."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def clean_arguments(argv: list[str]) -> list[str]:
    """The arguments as text, or a UserError naming the first that is not text."""
    out = []
    for arg in argv:
        clean = environment.recover(arg)
        if clean is None:
            raise ValidationError("cli.bad_argument", field="argv", value=shown(arg)[:80])
        out.append(clean)
    return out


def clean_environment() -> None:
    """A UserError naming the first secret variable that is not text (app/environment.py)."""
    for name in SECRET_VARIABLES:
        if name in os.environ and environment.variable(name) is None:
            raise UserError("cli.bad_variable", name=name)


def number(text: str) -> int:
    """argparse type of whole-number options: at most MAX_NUMBER in size (so it fits every
    database column and every date calculation)."""
    value = int(text)  # ValueError: argparse says "invalid value"
    if abs(value) > MAX_NUMBER:
        raise argparse.ArgumentTypeError(messages.text("cli.number_too_large", value=shown(text)[:40],
                                                       max=f"{MAX_NUMBER:,}"))
    return value


def check_output_file(path: str) -> None:
    """A UserError unless a file can be written at `path`: asked before a command that changes
    the database and then writes a file, so that a bad path refuses before anything changes."""
    target = Path(path).expanduser()
    try:
        if target.is_dir():
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(target))
        paths.probe_writable(target.parent if str(target.parent) else Path("."))
    except OSError as error:
        raise UserError("file.cannot_write", path=str(target), detail=os_reason(error)) from error


def open_db(args: argparse.Namespace, *, create: bool = False) -> Database:
    db = Database.open(args.db, create=create)
    for warning in db.warnings:
        print(warning, file=sys.stderr)
    return db


def read_password(env: str = "DUTYDESK_PASSWORD", prompt: str | None = None, *, confirm: bool = False) -> str:
    value = environment.variable(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise AuthError("auth.no_password")
    first = _typed(prompt or ("密码：" if messages.language() == "zh_CN" else "Password: "))
    if confirm:
        again = _typed("再次输入：" if messages.language() == "zh_CN" else "Again: ")
        if again != first:
            raise ValidationError("account.password_mismatch", field="password")
    return first


def _typed(prompt: str) -> str:
    """A password typed at the terminal, as text."""
    try:
        typed = environment.recover(getpass.getpass(prompt))
    except UnicodeDecodeError:
        typed = None
    if typed is None:
        raise ValidationError("cli.bad_argument", field="password", value="…")
    return typed


def add_as(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument("--as", dest="as_user", metavar="USER", required=required,
                        help="account to act as (password: DUTYDESK_PASSWORD or prompt)")


def actor(db: Database, args: argparse.Namespace) -> Actor:
    user = getattr(args, "as_user", None)
    if not user:
        raise AuthError("auth.as_required")
    return accounts.authenticate(db, user, read_password())


def to_json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return [to_json_value(v) for v in value]
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    return value


def print_json(value: Any) -> None:
    json.dump(to_json_value(value), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def say(zh: str, en: str) -> None:
    print(zh if messages.language() == "zh_CN" else en)
