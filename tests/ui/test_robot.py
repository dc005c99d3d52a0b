"""The GUI robot drives the real program in a subprocess (issue 8): every menu action, every
dialog's buttons, file dialogs answered, a second program writing on the same file, five
sign-outs and quit. A crash, a hang, a Python exception in a slot or a Qt warning fails it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "Weishan-2024"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    base = tmp_path_factory.mktemp("robot")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DUTYDESK_STATE_DIR=str(base / "state"),
               DUTYDESK_DATA_DIR=str(base / "data"), XDG_CONFIG_HOME=str(base / "config"),
               XDG_DATA_HOME=str(base / "xdg"), PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
               DUTYDESK_KEY_PASSPHRASE="robot-key-passphrase", DUTYDESK_ROBOT_PASSWORD=PASSWORD,
               PYTHONPATH=str(REPO))
    for key in ("DUTYDESK_DB", "DUTYDESK_PASSWORD", "DUTYDESK_LANG"):
        env.pop(key, None)
    folder = base / "db-folder"
    folder.mkdir()
    db = folder / "dutydesk-demo"  # no extension: the file dialogs would have to read it to type it
    made = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "demo"], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    return db, env


@pytest.mark.parametrize(("user", "lang", "screen"), [("zhanght", "zh_CN", (1366, 768)), ("admin", "en", (1920, 1080))])
def test_robot_drives_every_menu_and_dialog(demo_db: tuple[Path, dict[str, str]], tmp_path: Path,
                                            user: str, lang: str, screen: tuple[int, int]) -> None:
    db, env = demo_db
    config = tmp_path / "screen.json"  # every dialog must fit this screen (the robot checks)
    config.write_text(json.dumps({"screens": [{"name": "s", "x": 0, "y": 0, "width": screen[0], "height": screen[1],
                                                "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    env = dict(env, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    report_file = tmp_path / "report.json"
    try:
        run = subprocess.run([sys.executable, "-m", "tests.ui.robot", "--db", str(db), "--user", user, "--lang", lang,
                              "--report", str(report_file)], env=env, cwd=REPO, capture_output=True, text=True,
                             timeout=300)
    except subprocess.TimeoutExpired as error:
        pytest.fail(f"the program hung: {error.stderr!r}"[-4000:])
    log = run.stderr[-6000:]
    assert run.returncode == 0, f"exit {run.returncode} (negative: killed by a signal)\n{log}"
    report = json.loads(report_file.read_text(encoding="utf-8"))
    print(f"robot ({user}, {lang}, {screen[0]}×{screen[1]}): {report['actions']} actions, {report['dialogs']} dialogs "
          f"({len(report['distinct_dialogs'])} kinds), {report['buttons']} buttons, "
          f"{report['file_dialogs']} file dialogs, {report['sign_ins']} sign-ins, {report['seconds']} s")
    assert report["failures"] == []
    assert report["sign_ins"] == 6
    assert report["actions"] >= 30 and report["file_dialogs"] >= 5
    assert report["two_programs"]["wal_after_add"]
    listed = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "log", "list", "--json", "--since",
                             "2026-01-01"], env=env, cwd=REPO, capture_output=True, text=True, timeout=120)
    numbers = [e["no"] for e in json.loads(listed.stdout)]
    assert len(numbers) == len(set(numbers))
    checked = subprocess.run([sys.executable, "-m", "app", "--db", str(db), "check"], env=env, cwd=REPO,
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
