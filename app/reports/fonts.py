"""CJK TrueType font discovery and registration for reportlab.

A printed record must carry its own font: we embed a TrueType CJK font found on the machine
(Windows SimSun / Microsoft YaHei / SimHei, Linux WenQuanYi / Droid Sans Fallback, or one the
packager bundles in resources/fonts — looked at first, so the built program of packaging/dutydesk.spec,
which carries WenQuanYi Micro Hei, embeds the same font on every PC). reportlab cannot embed CFF-flavoured OpenType (Noto CJK),
so those are skipped. STSong-Light (a CID font the PDF viewer must supply) is the last resort.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app import messages, paths

messages.register(
    {
        "font.embedded": ("{name}（TrueType，嵌入 PDF）", "{name} (TrueType, embedded in the PDF)"),
        "font.cid": ("{name}（CID 字体，未嵌入，由阅读器提供；请安装 fonts-wqy-microhei）",
                     "{name} (CID font, not embedded, supplied by the viewer; install fonts-wqy-microhei)"),
    }
)

REGULAR = "DutyDeskCJK"
BOLD = "DutyDeskCJK-Bold"
CID_FALLBACK = "STSong-Light"

# (path, subfont index) in order of preference: a Song (宋体) face first, then sans.
_CANDIDATES: list[tuple[str, int]] = [
    ("C:/Windows/Fonts/simsun.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttf", 0),
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
    ("/System/Library/Fonts/Supplemental/Songti.ttc", 0),
    ("/Library/Fonts/Arial Unicode.ttf", 0),
]
_BOLD_CANDIDATES: list[tuple[str, int]] = [
    ("C:/Windows/Fonts/simhei.ttf", 0),
    ("C:/Windows/Fonts/msyhbd.ttc", 0),
]


@dataclass(frozen=True)
class FontInfo:
    name: str
    """reportlab font name to use for regular text."""
    bold: str
    """reportlab font name for headings (the regular face when no bold face exists)."""
    path: str
    """The file embedded, or '' for the CID fallback."""
    embedded: bool

    def describe(self) -> str:
        if self.embedded:
            return messages.text("font.embedded", name=Path(self.path).name)
        return messages.text("font.cid", name=CID_FALLBACK)


def _bundled() -> list[tuple[str, int]]:
    folder = paths.resources_dir() / "fonts"
    if not folder.is_dir():
        return []
    return [(str(p), 0) for p in sorted(folder.iterdir()) if p.suffix.lower() in (".ttf", ".ttc")]


def _try_register(name: str, candidates: list[tuple[str, int]]) -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    override = os.environ.get("DUTYDESK_PDF_FONT")
    if override:
        candidates = [(override, 0)]
    for path, index in candidates:
        if not Path(path).is_file():
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))
        except (TTFError, OSError, ValueError, KeyError, AssertionError):
            continue
        return path
    return ""


@lru_cache(maxsize=1)
def cjk_font() -> FontInfo:
    """Register and describe the font every report uses (once per process)."""
    regular_path = _try_register(REGULAR, _bundled() + _CANDIDATES)
    if not regular_path:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
        return FontInfo(CID_FALLBACK, CID_FALLBACK, "", False)
    bold_path = _try_register(BOLD, _BOLD_CANDIDATES) if not os.environ.get("DUTYDESK_PDF_FONT") else ""
    return FontInfo(REGULAR, BOLD if bold_path else REGULAR, regular_path, True)


def system_has_cjk_font() -> bool:
    """Whether any CJK font file we know of exists (the GUI needs one to draw Chinese)."""
    if any(Path(p).is_file() for p, _ in _bundled() + _CANDIDATES):
        return True
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")):
        for root, _dirs, files in os.walk(folder):
            if any(k in f.lower() for f in files for k in ("cjk", "wqy", "han", "droidsansfallback", "simsun")):
                return True
            del root
    return False
