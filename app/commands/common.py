"""What every command needs: opening the database, passwords, --as, JSON output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from datetime import datetime
from typing import Any

from app import messages
from app.errors import AuthError, ValidationError
from app.services import accounts
from app.services.accounts import Actor
from app.storage.engine import Database


def open_db(args: argparse.Namespace, *, create: bool = False) -> Database:
    db = Database.open(args.db, create=create)
    for warning in db.warnings:
        print(warning, file=sys.stderr)
    return db


def read_password(env: str = "DUTYDESK_PASSWORD", prompt: str | None = None, *, confirm: bool = False) -> str:
    value = os.environ.get(env)
    if value:
        return value
    if not sys.stdin.isatty():
        raise AuthError("auth.no_password")
    first = getpass.getpass(prompt or ("密码：" if messages.language() == "zh_CN" else "Password: "))
    if confirm:
        again = getpass.getpass("再次输入：" if messages.language() == "zh_CN" else "Again: ")
        if again != first:
            raise ValidationError("account.password_mismatch", field="password")
    return first


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
