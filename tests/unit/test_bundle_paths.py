"""The built program (PyInstaller, `sys.frozen`, `sys._MEIPASS`) finds its migrations, reference
data, translations and the bundled CJK font in the bundle — before anything on the machine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import paths
from app.reports import fonts


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "_internal"
    for folder in ("app/db/versions", "app/db/reference", "app/resources/i18n", "app/resources/fonts"):
        (root / folder).mkdir(parents=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(root), raising=False)
    return root


def test_source_checkout_without_a_bundle() -> None:
    assert paths.bundle_dir() is None
    assert (paths.db_dir() / "env.py").is_file()


def test_bundle_first(bundle: Path) -> None:
    assert paths.bundle_dir() == bundle
    assert paths.db_dir() == bundle / "app" / "db"
    assert paths.reference_dir() == bundle / "app" / "db" / "reference"
    assert paths.translations_dir() == bundle / "app" / "resources" / "i18n"


def test_bundled_font_comes_before_the_machines(bundle: Path) -> None:
    font = bundle / "app" / "resources" / "fonts" / "wqy-microhei.ttc"
    font.write_bytes(b"")
    (bundle / "app" / "resources" / "fonts" / "LICENSE.txt").write_text("x")
    assert fonts._bundled() == [(str(font), 0)]
    assert fonts.system_has_cjk_font()


def test_the_real_font_embeds_when_bundled(bundle: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    system = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    if not system.is_file():
        pytest.skip("fonts-wqy-microhei is not installed")
    target = bundle / "app" / "resources" / "fonts" / system.name
    target.symlink_to(system)
    monkeypatch.setattr(fonts, "_CANDIDATES", [])  # a PC without any CJK font of its own
    monkeypatch.delenv("DUTYDESK_PDF_FONT", raising=False)
    fonts.cjk_font.cache_clear()
    try:
        info = fonts.cjk_font()
        assert info.embedded and info.path == str(target)
    finally:
        fonts.cjk_font.cache_clear()
