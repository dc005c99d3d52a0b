"""The command line (argparse): thin — parses, calls services, prints.

Each area adds its commands in a module of `app/commands/` with a `register(subparsers)`
function; see DESIGN.md §5 for the contract (exit 0 ok, 2 user error, 1 bug).
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

from app import __version__, commands, messages
from app.errors import EXIT_BUG, EXIT_USER, UserError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
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


def main(argv: Sequence[str] | None = None) -> int:
    messages.set_language(messages.detect_language())
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.lang:
        messages.set_language(args.lang)
    if args.command is None:
        args.command = "gui"
        args = parser.parse_args([*(argv if argv is not None else sys.argv[1:]), "gui"])
        if args.lang:
            messages.set_language(args.lang)
    try:
        result = args.run(args)
        return int(result or 0)
    except UserError as error:
        print(error.message, file=sys.stderr)
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
