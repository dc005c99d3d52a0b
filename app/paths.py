"""The one place that knows where things live: data dir, state dir, resources/, db/.

Three layouts: a source checkout (`db/`, `resources/` beside `app/`), an installed package
(`app.db`, `app.resources`), and the PyInstaller one-folder build (`packaging/dutydesk.spec`),
whose data sit under `sys._MEIPASS` as `app/db` and `app/resources` — looked up first.
"""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "DutyDesk"
APP_AUTHOR = "DutyDesk"
DB_FILENAME = "dutydesk.sqlite3"
_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Where the database lives unless --db / DUTYDESK_DB says otherwise."""
    override = os.environ.get("DUTYDESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def state_dir() -> Path:
    """Per-machine state kept outside the database (replica instance records)."""
    override = os.environ.get("DUTYDESK_STATE_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_state_dir(APP_NAME, APP_AUTHOR))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def bundle_dir() -> Path | None:
    """The built program's data folder (PyInstaller's `sys._MEIPASS`), None when run from Python."""
    if not getattr(sys, "frozen", False):
        return None
    base = getattr(sys, "_MEIPASS", None)
    return Path(base) if base else Path(sys.executable).resolve().parent


def _package_dir(package: str, source_name: str) -> Path:
    """The bundle's copy in the built program; a data package shipped inside `app` when
    installed; the source folder in a checkout."""
    bundle = bundle_dir()
    if bundle is not None:
        return bundle / "app" / package.rsplit(".", 1)[-1]
    source = _SOURCE_ROOT / source_name
    if source.is_dir() and (_SOURCE_ROOT / "pyproject.toml").exists():
        return source
    return Path(str(resources.files(package)))


def db_dir() -> Path:
    """The Alembic environment and reference data (the `db/` folder)."""
    return _package_dir("app.db", "db")


def migrations_dir() -> Path:
    return db_dir()


def reference_dir() -> Path:
    return db_dir() / "reference"


def resources_dir() -> Path:
    return _package_dir("app.resources", "resources")


def translations_dir() -> Path:
    return resources_dir() / "i18n"
