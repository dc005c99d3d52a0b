"""Every UI string has a zh_CN translation, the .qm files are current, and they load."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from app import paths
from app.ui import i18n

ROOT = Path(__file__).resolve().parents[2]


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_translations", ROOT / "scripts" / "build_translations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_translations", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def script() -> ModuleType:
    return load_script()


def test_every_ui_string_is_translated(script: ModuleType) -> None:
    """`python scripts/build_translations.py --check` — lists each untranslated string."""
    problems = script.check()
    assert problems == [], "\n".join(problems)


def test_check_catches_a_new_untranslated_string(script: ModuleType, tmp_path: Path) -> None:
    ui = tmp_path / "app" / "ui"
    for folder in ("widgets", "dialogs", "panels"):
        (ui / folder).mkdir(parents=True)
    (tmp_path / "resources" / "i18n").mkdir(parents=True)
    for name in ("dutydesk_zh_CN.ts", "dutydesk_zh_CN.qm"):
        shutil.copy(ROOT / "resources" / "i18n" / name, tmp_path / "resources" / "i18n" / name)
    for source in script.sources("dutydesk"):
        target = tmp_path / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    assert script.check(tmp_path) == []
    (ui / "widgets" / "extra.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "def label() -> str:\n"
        "    return QCoreApplication.translate('Extra', 'A string nobody translated')\n",
        encoding="utf-8",
    )
    problems = script.check(tmp_path)
    assert any("A string nobody translated" in p for p in problems)
    panel = ui / "panels" / "roster"
    panel.mkdir()
    (panel / "panel.py").write_text("def t(self):\n    return self.tr('Roster')\n", encoding="utf-8")
    assert any("panels/roster" in p for p in script.check(tmp_path))
    (ui / "dialogs" / "sync_menu.py").write_text(
        "from PySide6.QtCore import QCoreApplication\n"
        "def title() -> str:\n"
        "    return QCoreApplication.translate('SyncMenu', '&Sync')\n",
        encoding="utf-8",
    )
    problems = script.check(tmp_path)
    assert any("dialogs/sync_menu.py" in p and "sync_zh_CN.ts" in p for p in problems)
    assert not any("SyncMenu" in p for p in problems)  # not blamed on the core's file


def test_qm_files_load_and_translate(qapp: QApplication) -> None:
    loaded = i18n.install_translators(qapp, "zh_CN")
    try:
        names = [p.name for p in loaded]
        assert "dutydesk_zh_CN.qm" in names
        assert all(p.parent == paths.translations_dir() or p.name.startswith("qtbase") for p in loaded)
        assert QCoreApplication.translate("MainWindow", "&File") == "文件(&F)"
        assert QCoreApplication.translate("StationClock", "Beijing time") == "北京时间"
    finally:
        i18n.remove_translators(qapp)
    assert QCoreApplication.translate("MainWindow", "&File") == "&File"
    assert i18n.install_translators(qapp, "en") == []


def test_a_chinese_font_is_chosen(qapp: QApplication) -> None:
    family = i18n.setup_font(qapp)
    assert family, "no CJK font found (install fonts-wqy-microhei)"
    assert i18n.has_cjk_font(family)
