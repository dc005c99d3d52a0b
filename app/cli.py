"""The command line (argparse): thin — parses, calls services, prints.

Each area adds its commands in a module of `app/commands/` with a `register(subparsers)`
function; see DESIGN.md §5 for the contract (exit 0 ok, 2 user error, 1 bug).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from app import __version__, commands, messages
from app.commands import common
from app.commands.common import one_line
from app.errors import EXIT_BUG, EXIT_USER, UserError

_USAGE_PATTERNS = (
    (re.compile(r"the following arguments are required: (.+)"), "usage.required"),
    (re.compile(r"unrecognized arguments: (.+)"), "usage.unrecognized"),
    (re.compile(r"argument (\S+): invalid choice: (.+)"), "usage.choice"),
    (re.compile(r"argument (\S+): expected one argument"), "usage.expected"),
    (re.compile(r"argument (\S+): invalid (\w+) value: (.+)"), "usage.invalid_value"),
    (re.compile(r"argument (\S+): (.+)"), "usage.argument"),
)

messages.register(
    {
        "usage.required": ("缺少必需的参数：{0}", "Missing required arguments: {0}"),
        "usage.unrecognized": ("无法识别的参数：{0}", "Unrecognised arguments: {0}"),
        "usage.choice": ("参数 {0} 的取值无效：{1}", "Invalid value for {0}: {1}"),
        "usage.expected": ("参数 {0} 需要一个值", "Argument {0} needs a value"),
        "usage.invalid_value": ("参数 {0} 的值无效：{2}", "Invalid value for {0}: {2}"),
        "usage.argument": ("参数 {0}：{1}", "Argument {0}: {1}"),
        "usage.other": ("命令行有误：{0}", "Command line error: {0}"),
        "usage.hint": ("（用 {prog} --help 查看用法）", "(see {prog} --help)"),
    }
)


class Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line in the user's language and exit 2."""

    def error(self, message: str) -> NoReturn:
        text = messages.text("usage.other").format(message)
        for pattern, code in _USAGE_PATTERNS:
            found = pattern.search(message)
            if found:
                text = messages.text(code).format(*found.groups())
                break
        self.exit(EXIT_USER, f"{one_line(text)} {messages.text('usage.hint', prog=self.prog)}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="dutydesk",
        description="DutyDesk 应急值守台 — duty room program / 应急管理局值班室程序",
    )
    parser.add_argument("--version", action="version", version=f"DutyDesk {__version__}")
    parser.add_argument("--db", metavar="PATH|URL", help="database file or URL (default: DUTYDESK_DB, else the data dir)")
    parser.add_argument("--lang", choices=messages.LANGUAGES, help="language of messages and printouts")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def _printable_streams() -> None:
    """stdout/stderr that can print Chinese: an ASCII-only locale (LANG=C) gets UTF-8 rather than
    a UnicodeEncodeError in the middle of a message."""
    for stream in (sys.stdout, sys.stderr):
        try:
            "值班".encode(getattr(stream, "encoding", None) or "utf-8")
        except (UnicodeEncodeError, LookupError):
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8", errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    _printable_streams()
    messages.set_language(messages.detect_language())
    raw = list(argv if argv is not None else sys.argv[1:])
    if "--lang" in raw[:-1]:  # usage errors are reported before parsing finishes
        lang = raw[raw.index("--lang") + 1]
        if lang in messages.LANGUAGES:
            messages.set_language(lang)
    try:  # text the program cannot hold is refused before anything runs
        raw = common.clean_arguments(raw)
        common.clean_environment()
    except UserError as error:
        print(one_line(error.message), file=sys.stderr)
        return EXIT_USER
    parser = build_parser()
    args = parser.parse_args(raw)
    if args.lang:
        messages.set_language(args.lang)
    if args.command is None:
        args.command = "gui"
        args = parser.parse_args([*raw, "gui"])
        if args.lang:
            messages.set_language(args.lang)
    try:
        result = args.run(args)
        return int(result or 0)
    except UserError as error:
        print(one_line(error.message), file=sys.stderr)
        return EXIT_USER
    except KeyboardInterrupt:
        print(messages.text("cli.interrupted"), file=sys.stderr)
        return EXIT_USER
    except BrokenPipeError:
        return 0
    except Exception:
        import traceback

        traceback.print_exc()
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
