#!/usr/bin/env python3
"""Build the Qt translations: `pyside6-lupdate` the sources into each `.ts`, `pyside6-lrelease` to `.qm`.

    python scripts/build_translations.py          # update every resources/i18n/*.ts, then build the .qm
    python scripts/build_translations.py --area shifts  # just resources/i18n/shifts_zh_CN.ts (new or not)
    python scripts/build_translations.py --check  # change nothing; exit 1 if anything is not translated

Which sources feed which file:
  dutydesk_zh_CN.ts   app/ui/*.py, app/ui/widgets/, the foundation's dialogs (CORE_DIALOGS)
  <area>_zh_CN.ts     app/ui/panels/<area>/, app/ui/dialogs/<area>/ and app/ui/dialogs/<area>_*.py

--check fails when a message is unfinished or has no translation, when the sources hold a string
the committed .ts lacks (or the .ts keeps one the sources no longer have), when an area (panel
folder or dialog module) with translatable strings has no .ts of its own, and when a committed .qm is not what lrelease
builds from its .ts.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
UI = ROOT / "app" / "ui"
CORE = "dutydesk"
LANGUAGE = "zh_CN"
# The foundation's own dialog modules and packages; every other app/ui/dialogs/<area>/ package
# (or app/ui/dialogs/<area>_*.py module) belongs to <area>.
CORE_DIALOGS = ("__init__", "about", "check_dialog", "lock_screen", "setup_wizard", "sign_in")
CORE_DIALOG_PACKAGES = ("accounts",)


def tool(name: str) -> str:
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found (it comes with PySide6)")
    return found


def _py(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def area_of(ts: Path) -> str:
    """'duty_log' for duty_log_zh_CN.ts."""
    return ts.name.removesuffix(f"_{LANGUAGE}.ts")


def sources(area: str, root: Path = ROOT) -> list[Path]:
    ui = root / "app" / "ui"
    dialogs = ui / "dialogs"
    if area == CORE:
        own_dialogs = [dialogs / f"{name}.py" for name in CORE_DIALOGS if (dialogs / f"{name}.py").exists()]
        for package in CORE_DIALOG_PACKAGES:
            own_dialogs += _py(dialogs / package) if (dialogs / package).is_dir() else []
        return sorted(ui.glob("*.py")) + _py(ui / "widgets") + own_dialogs
    packaged = _py(dialogs / area) if area not in CORE_DIALOG_PACKAGES and (dialogs / area).is_dir() else []
    return _py(ui / "panels" / area) + packaged + sorted(dialogs.glob(f"{area}_*.py"))


def areas(root: Path = ROOT) -> list[str]:
    """Every area with UI sources: a panel folder, or the prefix of a non-core dialog module."""
    ui = root / "app" / "ui"
    found = {p.name for p in (ui / "panels").iterdir() if p.is_dir() and p.name != "__pycache__"} \
        if (ui / "panels").is_dir() else set()
    for module in (ui / "dialogs").glob("*.py"):
        if module.stem not in CORE_DIALOGS:
            found.add(module.stem.split("_")[0])
    for package in (ui / "dialogs").iterdir() if (ui / "dialogs").is_dir() else []:
        if package.is_dir() and (package / "__init__.py").exists() and package.name not in CORE_DIALOG_PACKAGES:
            found.add(package.name)
    return sorted(found)


@dataclass
class Catalog:
    messages: dict[tuple[str, str], str] = field(default_factory=dict)
    unfinished: list[tuple[str, str]] = field(default_factory=list)


def read_ts(path: Path) -> Catalog:
    catalog = Catalog()
    if not path.exists():
        return catalog
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            source = message.findtext("source") or ""
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            if translation is not None and translation.findall("numerusform"):
                text = "".join(n.text or "" for n in translation.findall("numerusform"))
            else:
                text = translation.text or "" if translation is not None else ""
            catalog.messages[(name, source)] = text
            if kind == "unfinished" or not text.strip():
                catalog.unfinished.append((name, source))
    return catalog


def lupdate(files: list[Path], ts: Path) -> None:
    if not files:
        return
    cmd = [tool("pyside6-lupdate"), *map(str, files), "-ts", str(ts), "-no-obsolete", "-locations", "none",
           "-silent"]
    subprocess.run(cmd, check=True, cwd=ts.parent)


def lrelease(ts: Path, qm: Path) -> None:
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], check=True)


def check_ts(ts: Path, files: list[Path]) -> list[str]:
    """Problems with one committed .ts (empty: all good); writes nothing next to it."""
    problems: list[str] = []
    committed = read_ts(ts)
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp) / ts.name
        shutil.copyfile(ts, scratch)
        lupdate(files, scratch)
        current = read_ts(scratch)
        for context, source in sorted(set(current.messages) - set(committed.messages)):
            problems.append(f"{ts.name}: not in the committed file: [{context}] {source!r}")
        for context, source in sorted(set(committed.messages) - set(current.messages)):
            problems.append(f"{ts.name}: no longer in the sources: [{context}] {source!r}")
        for context, source in current.unfinished:
            if (context, source) in committed.messages:
                problems.append(f"{ts.name}: untranslated: [{context}] {source!r}")
    return problems + check_qm(ts, committed)


def check_qm(ts: Path, catalog: Catalog) -> list[str]:
    """The committed .qm gives every translation of its .ts (compared by meaning, not bytes, so a
    different lrelease version does not matter)."""
    from PySide6.QtCore import QTranslator

    qm = ts.with_suffix(".qm")
    translator = QTranslator()
    if not qm.exists() or not translator.load(str(qm)):
        return [f"{qm.name}: missing or unreadable (run scripts/build_translations.py)"]
    stale = [(context, source) for (context, source), text in catalog.messages.items()
             if text.strip() and translator.translate(context, source) != text]
    return [f"{qm.name}: out of date with {ts.name} ({len(stale)} messages differ; "
            "run scripts/build_translations.py)"] if stale else []


def areas_without_ts(root: Path = ROOT) -> list[str]:
    """Areas whose strings nobody translates (tr() calls but no resources/i18n/<area>_zh_CN.ts)."""
    problems = []
    have = {area_of(t) for t in (root / "resources" / "i18n").glob(f"*_{LANGUAGE}.ts")}
    for area in areas(root):
        if area in have:
            continue
        files = sources(area, root)
        with tempfile.TemporaryDirectory() as tmp:
            scratch = Path(tmp) / f"{area}_{LANGUAGE}.ts"
            lupdate(files, scratch)
            found = read_ts(scratch).messages if scratch.exists() else {}
        if found:
            names = ", ".join(str(f.relative_to(root)) for f in files)
            problems.append(f"{names}: {len(found)} strings but no resources/i18n/{area}_{LANGUAGE}.ts")
    return problems


def translation_files(root: Path = ROOT) -> list[Path]:
    return sorted((root / "resources" / "i18n").glob(f"*_{LANGUAGE}.ts"))


def check(root: Path = ROOT) -> list[str]:
    problems: list[str] = []
    for ts in translation_files(root):
        problems += check_ts(ts, sources(area_of(ts), root))
    return problems + areas_without_ts(root)


def build(root: Path = ROOT, only: str | None = None) -> int:
    """lupdate + lrelease every existing .ts (and the core's); `only`: just that area (created if new)."""
    folder = root / "resources" / "i18n"
    if only is not None:
        targets = [folder / f"{only}_{LANGUAGE}.ts"]
    else:
        targets = translation_files(root)
        core = folder / f"{CORE}_{LANGUAGE}.ts"
        if core not in targets:
            targets.insert(0, core)
    missing = 0
    for ts in targets:
        lupdate(sources(area_of(ts), root), ts)
        catalog = read_ts(ts)
        lrelease(ts, ts.with_suffix(".qm"))
        missing += len(catalog.unfinished)
        print(f"{ts.name}: {len(catalog.messages)} messages, {len(catalog.unfinished)} untranslated")
    return 1 if missing else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="change nothing; fail if anything is untranslated")
    parser.add_argument("--area", help="only this area's .ts (created when new), e.g. --area shifts")
    args = parser.parse_args(argv)
    if not args.check:
        return build(only=args.area)
    problems = check()
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} translation problem(s); fill in resources/i18n/*.ts and run "
              "scripts/build_translations.py", file=sys.stderr)
        return 1
    print("translations complete")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
