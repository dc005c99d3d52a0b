"""Finding the dock panels and the dialog modules' `install(window)` hooks.

Panels: every subpackage of `app.ui.panels` whose `panel` module defines `SPEC: PanelSpec`.
Hooks: every module of `app.ui.dialogs` (and of its area packages) that defines `install(window)`. A module that fails to
import is reported (the window shows the message) instead of taking the duty room down.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QMenu, QWidget

from app.ui.panel_api import Panel, PanelSpec

log = logging.getLogger(__name__)


@dataclass
class LoadedPanel:
    spec: PanelSpec
    panel: Panel
    dock: QDockWidget
    menu: QMenu | None = None
    actions: list[QAction] = field(default_factory=list)
    status_widgets: list[QWidget] = field(default_factory=list)


@dataclass
class Discovery:
    found: list[Any] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    """(module name, error text) for modules that could not be loaded."""


def _subpackages(package: str, *, packages: bool) -> list[str]:
    module = importlib.import_module(package)
    return sorted(info.name for info in pkgutil.iter_modules(module.__path__) if info.ispkg == packages)


def discover_panels(package: str = "app.ui.panels") -> Discovery:
    result = Discovery()
    for name in _subpackages(package, packages=True):
        module_name = f"{package}.{name}.panel"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # a folder without panel.py yet
            log.exception("panel %s failed to import", module_name)
            result.errors.append((module_name, str(error)))
            continue
        except Exception as error:  # a broken panel must not stop the others
            log.exception("panel %s failed to import", module_name)
            result.errors.append((module_name, f"{type(error).__name__}: {error}"))
            continue
        spec = getattr(module, "SPEC", None)
        if isinstance(spec, PanelSpec):
            result.found.append(spec)
    result.found.sort(key=lambda s: (s.order, s.panel_id))
    return result


def _dialog_modules(package: str) -> list[str]:
    """Modules of `package` and of its area subpackages (app/ui/dialogs/<area>/…), by name."""
    names = [f"{package}.{name}" for name in _subpackages(package, packages=False)]
    for sub in _subpackages(package, packages=True):
        names.append(f"{package}.{sub}")
        names.extend(f"{package}.{sub}.{name}" for name in _subpackages(f"{package}.{sub}", packages=False))
    return names


def discover_installers(package: str = "app.ui.dialogs") -> Discovery:
    """`(module name, install)` for every dialog module (app/ui/dialogs/*.py, or a module of an
    area package app/ui/dialogs/<area>/) with an `install(window)` function."""
    result = Discovery()
    for module_name in _dialog_modules(package):
        try:
            module = importlib.import_module(module_name)
        except Exception as error:
            log.exception("dialog module %s failed to import", module_name)
            result.errors.append((module_name, f"{type(error).__name__}: {error}"))
            continue
        install: Callable[[Any], None] | None = getattr(module, "install", None)
        if callable(install):
            result.found.append((module_name, install))
    return result
