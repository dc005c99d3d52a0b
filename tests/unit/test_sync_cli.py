"""The sync commands: exit codes, one-line refusals, JSON on stdout only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.cli import main
from tests.unit.test_sync_support import _key_passphrase  # noqa: F401  (autouse fixture)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def stations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    monkeypatch.setenv("DUTYDESK_PASSWORD", "admin-pass-1")
    a, b = str(tmp_path / "a.sqlite3"), str(tmp_path / "b.sqlite3")
    for path, name, code, admin in ((a, "巍山县应急管理局", "532927", "county_admin"), (b, "南诏镇", "532927101", "nz_admin")):
        rc, _out, err = run(capsys, "--db", path, "init", "--station-name", name, "--station-code", code, "--admin", admin)
        assert rc == 0, err
    return a, b


def card(capsys: pytest.CaptureFixture[str], db: str, path: Path) -> str:
    rc, out, err = run(capsys, "--db", db, "station", "card", "--out", str(path), "--json")
    assert rc == 0, err
    return str(json.loads(out)["fingerprint"])


def test_cards_trust_export_import(stations: tuple[str, str], tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    a, b = stations
    fa, fb = card(capsys, a, tmp_path / "a.card"), card(capsys, b, tmp_path / "b.card")
    rc, _out, err = run(capsys, "--db", b, "trust", "add", str(tmp_path / "a.card"), "--as", "nz_admin")
    assert rc == 2 and "指纹" in err and err.count("\n") == 1  # no terminal to ask on: refused, one line
    rc, _out, err = run(capsys, "--db", b, "trust", "add", str(tmp_path / "a.card"), "--as", "nz_admin",
                        "--fingerprint", "1234-5678-9ABC-DEF0")
    assert rc == 2 and "指纹不一致" in err
    assert run(capsys, "--db", b, "trust", "add", str(tmp_path / "a.card"), "--as", "nz_admin", "--fingerprint", fa)[0] == 0
    assert run(capsys, "--db", a, "trust", "add", str(tmp_path / "b.card"), "--as", "county_admin",
               "--fingerprint", fb)[0] == 0
    rc, out, _err = run(capsys, "--db", b, "trust", "list", "--json")
    listed = json.loads(out)
    assert rc == 0 and listed[0]["name"] == "巍山县应急管理局" and listed[0]["fingerprint"] == fa
    usb = tmp_path / "usb"
    usb.mkdir()
    rc, out, err = run(capsys, "--db", a, "export", "--as", "county_admin", "--to", str(usb), "--for", "532927101",
                       "--json")
    assert rc == 0, err
    exported = json.loads(out)
    assert Path(exported["path"]).exists() and exported["operations"] >= 2
    rc, out, err = run(capsys, "--db", b, "import", exported["path"], "--as", "nz_admin")
    assert rc == 0 and "新增" in out, err
    rc, out, _err = run(capsys, "--db", b, "import", exported["path"], "--as", "nz_admin", "--json")
    assert rc == 0 and json.loads(out)["imported"][0]["status"] == "already"
    rc, out, _err = run(capsys, "--db", b, "sync", "status", "--json")
    status = json.loads(out)
    assert rc == 0 and status["peers"][0]["name"] == "巍山县应急管理局" and status["peers"][0]["last_import_ms"] > 0
    rc, out, _err = run(capsys, "--db", b, "conflicts", "--json")
    assert rc == 0 and json.loads(out) == {"fields": [], "quarantine": [], "clock_ahead": []}
    rc, out, _err = run(capsys, "--db", b, "check")
    assert rc == 0, out
    # a damaged bundle: exit 2, one line, nothing changed
    broken = usb / "broken.ddsync"
    broken.write_bytes(Path(exported["path"]).read_bytes()[:-100])
    rc, out, err = run(capsys, "--db", b, "import", str(broken), "--as", "nz_admin")
    assert rc == 2 and out == "" and err.count("\n") == 1 and "broken.ddsync" in err
    # english
    rc, _out, err = run(capsys, "--lang", "en", "--db", b, "import", str(broken), "--as", "nz_admin")
    assert rc == 2 and "not a DutyDesk bundle" in err
    rc, _out, err = run(capsys, "--db", b, "trust", "revoke", "532927", "--as", "nz_admin")
    assert rc == 0
    rc, _out, err = run(capsys, "--db", b, "trust", "revoke", "532927", "--as", "nz_admin")
    assert rc == 2 and "已经撤销" in err
