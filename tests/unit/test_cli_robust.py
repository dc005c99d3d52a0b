"""The command line never ends in a traceback on user input: exit 0 or 2, one line on stderr for
exit 2, and nothing changed when it says no (issue 9, finding 4).

Commands run in-process through `app.cli.main` with real byte streams underneath (so text that
cannot be encoded fails as it would on a terminal); a few cases need a real process (the locale).
"""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "admin-pass-1"
OP_PASSWORD = "op-pass-1234"
PASSPHRASE = "巍山县应急管理局-station-key"


@dataclass
class Result:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        """stderr's lines as a terminal or a log reader sees them (split at line feeds)."""
        return [line for line in self.err.replace("\r\n", "\n").split("\n") if line.strip()]


class _Stream(io.TextIOWrapper):
    """A text stream over bytes, strict like a terminal's (surrogates cannot be written)."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding, errors="strict", write_through=True)

    def text(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode(self.encoding, "replace")


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in env}
    try:
        for key, value in env.items():
            os.environ[key] = value
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


@contextmanager
def _inside(folder: Path | None) -> Iterator[None]:
    """Relative output paths land in `folder` (generated paths must not litter the checkout)."""
    if folder is None:
        yield
        return
    before = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run(argv: Sequence[str], env: dict[str, str] | None = None, *, encoding: str = "utf-8",
        cwd: Path | None = None) -> Result:
    out, err = _Stream(encoding), _Stream(encoding)
    with _environment(env or {}), _inside(cwd), redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(list(argv))
        except SystemExit as stop:  # argparse: --help, usage errors
            code = int(stop.code or 0)
    return Result(code, out.text(), err.text())


def snapshot(path: Path) -> tuple[Any, ...]:
    """What must not change when a command says no: the operation log and the station key. The
    audit of passwords tried (`auth.failed`, `auth.ok`) is written on purpose, also when the
    command then refuses."""
    conn = sqlite3.connect(path)
    try:
        ops = conn.execute("SELECT count(*), group_concat(hash) FROM oplog"
                           " WHERE kind NOT IN ('auth.failed', 'auth.ok')").fetchone()
        identity = conn.execute("SELECT * FROM sync_identity").fetchall()
        return ops, identity
    finally:
        conn.close()


@pytest.fixture
def station(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    from tests.conftest import engines

    if engines.SERVER is not None:
        pytest.skip("reads the SQLite file to compare the log")
    path = tmp_path / "cli.sqlite3"
    monkeypatch.setenv("DUTYDESK_DB", str(path))
    monkeypatch.setenv("DUTYDESK_PASSWORD", ADMIN_PASSWORD)
    monkeypatch.setenv("DUTYDESK_KEY_PASSPHRASE", PASSPHRASE)
    assert run(["init", "--station-name", "巍山县应急管理局", "--station-code", "532927", "--admin", "admin"]).code == 0
    for user, role in (("wanglei", "operator"), ("zhanght", "shift_lead"), ("yangzh", "leader")):
        added = run(["account", "add", user, "--as", "admin", "--role", role, "--role", "operator"],
                    {"DUTYDESK_NEW_PASSWORD": OP_PASSWORD})
        assert added.code == 0, added.err
    entry = run(["log", "add", "--as", "wanglei", "--summary", "州地震局通报：巍山县五印乡发生4.2级地震"],
                {"DUTYDESK_PASSWORD": OP_PASSWORD})
    assert entry.code == 0, entry.err
    return path


def refused(station: Path, argv: Sequence[str], env: dict[str, str] | None = None) -> Result:
    """Run a command that must say no: exit 2, one line, nothing changed."""
    before = snapshot(station)
    result = run(argv, env)
    assert result.code == 2, (argv, result.code, result.err)
    assert len(result.lines) == 1, (argv, result.err)
    assert "Traceback" not in result.err and "{" not in result.err, result.err
    assert snapshot(station) == before
    return result


def unwritable_folder(tmp_path: Path) -> Path:
    """A folder nobody may write into (as root, permission bits do not stop us: /sys does)."""
    if os.geteuid() != 0:
        folder = tmp_path / "readonly"
        folder.mkdir()
        folder.chmod(0o500)
        return folder
    return Path("/sys")


# -- the findings, one by one ----------------------------------------------------------------------


def test_dates_at_the_ends_of_the_range(station: Path) -> None:
    op = {"DUTYDESK_PASSWORD": OP_PASSWORD}
    refused(station, ["log", "list", "--until", "9999-12-31"])
    refused(station, ["log", "list", "--since", "0001-01-01T00:00:00+14:00"])
    refused(station, ["log", "add", "--as", "wanglei", "--summary", "测试", "--received", "0001-01-01T00:00"], op)
    refused(station, ["log", "add", "--as", "wanglei", "--summary", "测试", "--occurred", "9999-12-31T23:59"], op)
    refused(station, ["log", "amend", "2024-0001", "--as", "wanglei", "--field", "due_at",
                      "--value", "9999-12-31T23:59:59"], op)
    assert run(["log", "list", "--since", "2000-01-01", "--until", "2100-01-01"]).code == 0


def test_limits_too_large_for_the_database(station: Path) -> None:
    huge = str(2**70)
    for argv in (["log", "list", "--limit", huge], ["log", "search", "地震", "--limit", huge],
                 ["shift", "list", "--limit", huge]):
        message = refused(station, argv).lines[0]
        assert "--limit" in message


def test_invalid_utf8_and_lone_surrogates_in_arguments(station: Path) -> None:
    op = {"DUTYDESK_PASSWORD": OP_PASSWORD}
    bad_bytes = b"\xff\xfe\xe5\xb7".decode("utf-8", "surrogateescape")  # what Python makes of invalid UTF-8
    for text in (bad_bytes, "五印乡\ud800", "\udfff"):
        refused(station, ["log", "add", "--as", "wanglei", "--summary", text], op)
        refused(station, ["log", "search", text])
        refused(station, ["account", "add", "x" + text, "--as", "admin", "--role", "operator"],
                {"DUTYDESK_NEW_PASSWORD": OP_PASSWORD})


def test_invalid_text_in_password_and_passphrase_variables(station: Path, tmp_path: Path) -> None:
    bad = b"pass\xff\xfeword".decode("utf-8", "surrogateescape")
    refused(station, ["log", "add", "--as", "wanglei", "--summary", "测试"], {"DUTYDESK_PASSWORD": bad})
    refused(station, ["account", "add", "lixy", "--as", "admin", "--role", "operator"],
            {"DUTYDESK_NEW_PASSWORD": bad})
    refused(station, ["station", "card", "--out", str(tmp_path / "card.json")],
            {"DUTYDESK_KEY_PASSPHRASE": "station-key-" + bad})
    assert not (tmp_path / "card.json").exists()


def test_chinese_arguments_in_an_ascii_locale(station: Path) -> None:
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "DUTYDESK_PASSWORD": OP_PASSWORD, "PYTHONIOENCODING": ""}
    env.pop("PYTHONIOENCODING")
    for argv in (["log", "add", "--as", "wanglei", "--summary", "南诏镇报告：山体滑坡"],
                 ["log", "search", "地震"], ["log", "list"], ["--lang", "zh_CN", "log", "show", "不存在"]):
        proc = subprocess.run([sys.executable, "-m", "app", *argv], env=env, cwd=ROOT, capture_output=True,
                              timeout=120)
        assert proc.returncode in (0, 2), proc.stderr.decode("utf-8", "replace")
        assert b"Traceback" not in proc.stderr
        if proc.returncode == 2:
            assert len(proc.stderr.strip().splitlines()) == 1
    listed = run(["log", "search", "山体滑坡", "--json"])
    assert [e["summary"] for e in json.loads(listed.out)] == ["南诏镇报告：山体滑坡"]


def test_output_into_a_folder_that_cannot_be_written(station: Path, tmp_path: Path) -> None:
    folder = unwritable_folder(tmp_path)
    refused(station, ["export", "--to", str(folder), "--as", "admin"])
    refused(station, ["station", "card", "--out", str(folder / "card.json")])  # no key made first
    refused(station, ["rota", "show", "--month", "2024-04", "--pdf", str(folder / "rota.pdf")])
    refused(station, ["rota", "show", "--month", "2024-04", "--xlsx", str(folder / "rota.xlsx")])
    assert not any(p.name.endswith((".tmp", ".part")) for p in tmp_path.rglob("*"))


def test_a_full_disk_leaves_no_temporary_file_and_says_so(station: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while writing an output file (here at the fsync, where a full disk often shows):
    a clear "disk full" message and no `.tmp` left behind."""
    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(os, "fsync", full)
    for argv in (["station", "card", "--out", str(out / "card.json")],
                 ["rota", "show", "--month", "2024-04", "--pdf", str(out / "rota.pdf")],
                 ["rota", "show", "--month", "2024-04", "--xlsx", str(out / "rota.xlsx")]):
        result = run(argv)
        assert result.code == 2, result.err
        assert len(result.lines) == 1 and ("磁盘已满" in result.err or "disk is full" in result.err), result.err
    assert list(out.iterdir()) == []


def test_a_full_database_disk_is_called_full(station: Path) -> None:
    """SQLite's SQLITE_FULL (here: the page limit of the file reached) is "disk full", not an I/O
    error, and the command says it in one line."""
    conn = sqlite3.connect(station)
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    from app.storage import engine

    def tiny(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    from sqlalchemy import event

    original = engine.make_engine

    def make(url: str) -> Any:
        made = original(url)
        event.listen(made, "connect", tiny)
        return made

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(engine, "make_engine", make)
        before = snapshot(station)
        result = run(["log", "add", "--as", "wanglei", "--summary", "续报：" + "房屋受损情况" * 600],
                     {"DUTYDESK_PASSWORD": OP_PASSWORD})
    assert result.code == 2, result.err
    assert len(result.lines) == 1 and "磁盘已满" in result.err, result.err
    assert "无法打开" not in result.err  # not "cannot open the database"
    assert snapshot(station) == before


# -- every main command, with generated arguments and environment values ------------------------

TEXT = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=3)
    .map(lambda s: "值班" + s),
    st.binary(min_size=1, max_size=12).map(lambda b: b.decode("utf-8", "surrogateescape")),
    st.sampled_from(["", " ", "{name}", "%s", "--", "-1", "南诏镇", "2024-0001", "532927-2024-0001",
                     "x" * 5000, "\x00", "\n两行\n"]),
)
DATE = st.one_of(
    st.sampled_from(["0001-01-01", "0001-01-01T00:00", "0001-01-01T00:00:00+14:00", "9999-12-31",
                     "9999-12-31T23:59:59", "9999-12-31T23:59:59-12:00", "2024-02-30", "2024-04-19T05:54",
                     "2024-13-01", "now", "", "1970-01-01T00:00:00Z", "2038-01-19T03:14:08"]),
    st.datetimes().map(lambda d: d.isoformat()),
    TEXT,
)
NUMBER = st.one_of(st.integers(min_value=-(2**80), max_value=2**80).map(str),
                   st.sampled_from(["0", "-1", "1e9", "０", "9" * 30, ""]), TEXT)
USER = st.sampled_from(["admin", "wanglei", "zhanght", "yangzh", "ghost"])
MONTH = st.one_of(st.sampled_from(["2024-04", "0000-01", "9999-12", "2024-13", "24-4"]), TEXT)


@st.composite
def command(draw: st.DrawFn, folder: str) -> list[str]:
    shape = draw(st.sampled_from([
        "log add", "log list", "log search", "log show", "log amend", "log close", "log void", "log instruct",
        "log notify", "account add", "account disable", "shift open", "shift list", "shift handover",
        "shift settings", "rota show", "rota set", "rota swap", "handover", "export", "import", "station card",
        "check", "trust add", "backup",
    ]))
    who = ["--as", draw(USER)]
    if shape == "log add":
        argv = ["log", "add", *who, "--summary", draw(TEXT)]
        for option in draw(st.lists(st.sampled_from(["--received", "--occurred", "--due"]), unique=True)):
            argv += [option, draw(DATE)]
        for option in draw(st.lists(st.sampled_from(["--phone", "--township", "--channel", "--category",
                                                     "--source-unit", "--location"]), unique=True)):
            argv += [option, draw(TEXT)]
        return argv
    if shape == "log list":
        argv = ["log", "list"]
        for option, strategy in (("--since", DATE), ("--until", DATE), ("--limit", NUMBER),
                                 ("--category", TEXT), ("--township", TEXT)):
            if draw(st.booleans()):
                argv += [option, draw(strategy)]
        return argv + (["--json"] if draw(st.booleans()) else [])
    if shape == "log search":
        return ["log", "search", draw(TEXT), "--limit", draw(NUMBER)]
    if shape == "log show":
        return ["log", "show", draw(TEXT), *(["--json"] if draw(st.booleans()) else [])]
    if shape == "log amend":
        return ["log", "amend", draw(st.sampled_from(["2024-0001", "1"]) | TEXT), *who,
                "--field", draw(st.sampled_from(["summary", "due_at", "received_at", "phone", "significant"]) | TEXT),
                "--value", draw(DATE | TEXT)]
    if shape in ("log close", "log void", "log instruct", "log notify"):
        verb = shape.split()[1]
        extra = {"void": ["--reason", draw(TEXT)], "instruct": ["--text", draw(TEXT)],
                 "notify": ["--whom", draw(TEXT), "--at", draw(DATE)], "close": []}[verb]
        return ["log", verb, draw(st.sampled_from(["2024-0001"]) | TEXT), *who, *extra]
    if shape == "account add":
        return ["account", "add", draw(TEXT), *who, "--role", draw(st.sampled_from(["operator", "值班员"]) | TEXT),
                "--name", draw(TEXT), "--phone", draw(TEXT)]
    if shape == "account disable":
        return ["account", "disable", draw(USER | TEXT), *who]
    if shape == "shift open":
        return ["shift", "open", *who, "--operators", draw(TEXT)]
    if shape == "shift list":
        return ["shift", "list", "--limit", draw(NUMBER)]
    if shape == "shift handover":
        return ["shift", "handover", *who, "--to", draw(USER | TEXT), "--notes", draw(TEXT),
                "--pdf", draw(st.sampled_from([f"{folder}/h.pdf", "/sys/h.pdf"]) | TEXT)]
    if shape == "shift settings":
        return ["shift", "settings", *who, "--pattern", draw(TEXT), "--minimum", draw(NUMBER),
                "--reminder", draw(NUMBER)]
    if shape == "rota show":
        return ["rota", "show", "--month", draw(MONTH),
                *(["--pdf", draw(st.sampled_from([f"{folder}/r.pdf", "/sys/r.pdf"]) | TEXT)]
                  if draw(st.booleans()) else [])]
    if shape == "rota set":
        return ["rota", "set", *who, "--date", draw(DATE), "--operators", draw(TEXT)]
    if shape == "rota swap":
        return ["rota", "swap", *who, "--date", draw(DATE), "--out", draw(USER | TEXT), "--in", draw(USER | TEXT)]
    if shape == "handover":
        return ["handover", "--shift", draw(st.sampled_from(["last", "current"]) | TEXT)]
    if shape == "export":
        return ["export", *who, "--to", draw(st.sampled_from([folder, "/sys", f"{folder}/missing/deeper"]) | TEXT)]
    if shape == "import":
        return ["import", draw(st.sampled_from([f"{folder}/none.ddsync", folder, "/sys"]) | TEXT)]
    if shape == "station card":
        return ["station", "card", "--out", draw(st.sampled_from([f"{folder}/card.json", "/sys/card.json"]) | TEXT)]
    if shape == "trust add":
        return ["trust", "add", draw(st.sampled_from([f"{folder}/card.json", "/sys"]) | TEXT), *who]
    if shape == "backup":
        return ["backup", "--to", draw(st.sampled_from([folder, "/sys"]) | TEXT)]
    return ["check"]


def _as_environment(value: str) -> str:
    """What a process can find in its environment: no NUL, and text decoded from bytes (invalid
    UTF-8 arrives as surrogate escapes; other lone surrogates cannot occur)."""
    value = value.replace("\x00", "")
    return "".join(ch if not 0xD800 <= ord(ch) <= 0xDFFF or 0xDC80 <= ord(ch) <= 0xDCFF else "\udcff"
                   for ch in value)


PASSWORDS = st.one_of(st.sampled_from([ADMIN_PASSWORD, OP_PASSWORD, "", "wrong-password"]), TEXT)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(data=st.data())
def test_generated_commands_exit_0_or_2_with_one_line(station: Path, tmp_path: Path, data: st.DataObject) -> None:
    folder = tmp_path / "files"
    folder.mkdir(exist_ok=True)
    argv = data.draw(command(str(folder)), label="argv")
    lang = data.draw(st.sampled_from([[], ["--lang", "en"], ["--lang", "zh_CN"]]), label="lang")
    env = {"DUTYDESK_PASSWORD": data.draw(PASSWORDS, label="password"),
           "DUTYDESK_NEW_PASSWORD": data.draw(PASSWORDS, label="new password"),
           "DUTYDESK_KEY_PASSPHRASE": data.draw(st.sampled_from([PASSPHRASE]) | TEXT, label="passphrase")}
    env = {k: _as_environment(v) for k, v in env.items()}
    before = snapshot(station)
    result = run([*lang, *argv], env, cwd=folder)
    assert result.code in (0, 2), (argv, result.err)
    assert "Traceback" not in result.err
    if result.code == 2:
        assert len(result.lines) == 1, (argv, result.err)
        assert snapshot(station) == before, argv


# -- messages never show their {placeholders} ---------------------------------------------------

ERRORS = {"UserError", "ValidationError", "AuthError", "PermissionDenied", "DatabaseError", "IntegrityFailure"}


def test_every_error_raised_fills_its_message() -> None:
    """Each `raise XError("code", ...)` in app/ gives every {placeholder} of both languages (a
    ValidationError's `field=` fills {field} too)."""
    import ast
    import importlib
    import pkgutil
    import string

    import app
    import app.cli
    from app import messages

    app.cli.build_parser()  # every command module
    for info in pkgutil.walk_packages(app.__path__, "app."):  # every area registers its messages
        if not info.name.startswith("app.ui") and info.name != "app.__main__":
            importlib.import_module(info.name)

    def placeholders(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    problems = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ERRORS):
                continue
            if not node.args or not isinstance(node.args[0], ast.Constant) or not isinstance(node.args[0].value, str):
                continue
            if any(k.arg is None for k in node.keywords):  # **params: not checkable here
                continue
            code = node.args[0].value
            if not messages.has(code):
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: no message {code}")
                continue
            given = {k.arg for k in node.keywords}
            if node.func.id == "PermissionDenied":
                given.add("role")
            zh, en = messages._CATALOG[code]
            missing = (placeholders(zh) | placeholders(en)) - given
            if missing:
                problems.append(f"{path.relative_to(ROOT)}:{node.lineno}: {code} lacks {sorted(missing)}")
    assert problems == []
