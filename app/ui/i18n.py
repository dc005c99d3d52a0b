"""Qt translations and the application font.

Every `resources/i18n/*_<lang>.qm` is installed (the core's `dutydesk_zh_CN.qm` and each area's
own `<area>_zh_CN.qm`), plus Qt's own `qtbase_<lang>.qm` so that standard buttons (OK, Cancel)
speak the same language. English is the source language: nothing is installed for it.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app import paths
from app.reports import fonts

log = logging.getLogger(__name__)

# Families that draw Simplified Chinese well, best first.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
    "SimSun",
    "SimHei",
)
_installed: list[QTranslator] = []
_chosen_family: str | None = None


def qm_files(lang: str, folder: Path | None = None) -> list[Path]:
    """The program's compiled translations for `lang` (sorted, core first)."""
    folder = folder or paths.translations_dir()
    if lang == "en" or not folder.is_dir():
        return []
    found = sorted(folder.glob(f"*_{lang}.qm"))
    return sorted(found, key=lambda p: (not p.name.startswith("dutydesk_"), p.name))


def install_translators(app: QCoreApplication, lang: str) -> list[Path]:
    """Replace any installed translators with those for `lang`; returns the files loaded."""
    remove_translators(app)
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China) if lang == "zh_CN"
                       else QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    loaded: list[Path] = []
    if lang == "en":
        return loaded
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [Path(qt_dir) / f"qtbase_{lang}.qm", *qm_files(lang)]
    for path in candidates:
        if not path.is_file():
            continue
        translator = QTranslator(app)
        if translator.load(str(path)):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(path)
        else:
            log.warning("could not load translation %s", path)
    return loaded


def remove_translators(app: QCoreApplication) -> None:
    while _installed:
        app.removeTranslator(_installed.pop())


def setup_font(app: QApplication) -> str:
    """Pick a font that renders Chinese; returns its family ('' when the machine has none)."""
    global _chosen_family
    _chosen_family = _pick_font(app)
    return _chosen_family


def _pick_font(app: QApplication) -> str:
    bundled = paths.resources_dir() / "fonts"
    if bundled.is_dir():
        for path in sorted(bundled.iterdir()):
            if path.suffix.lower() in (".ttf", ".ttc", ".otf"):
                QFontDatabase.addApplicationFont(str(path))
    available = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in available:
            font = QFont(family)
            font.setPointSize(max(app.font().pointSize(), 10))
            app.setFont(font)
            return family
    for family in sorted(available):
        if QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family):
            font = QFont(family)
            font.setPointSize(max(app.font().pointSize(), 10))
            app.setFont(font)
            return family
    return ""


def has_cjk_font(family: str) -> bool:
    """Whether Chinese will draw. Qt found no CJK family → Chinese shows as boxes (say so)."""
    return bool(family)


def ui_has_cjk_font() -> bool:
    """For Help → About: the font chosen at start, else whether the machine has a CJK font file."""
    return fonts.system_has_cjk_font() if _chosen_family is None else bool(_chosen_family)
