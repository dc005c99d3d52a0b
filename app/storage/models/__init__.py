"""SQLAlchemy 2.x declarative models, one module per area.

Every module in this package is imported by `load_all()` so that `Base.metadata` knows every
table (Alembic's comparison test and the scratch database of `dutydesk check` rely on it).
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import cast

from sqlalchemy import MetaData, Table
from sqlalchemy.orm import DeclarativeBase

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


PROJECTION = "projection"
"""`Table.info["role"]` of tables rebuilt from the operation log (compared by `check`)."""
LOCAL = "local"
"""Tables of this installation only (replica state, caches, search index): never compared."""
REFERENCE = "reference"
"""Reference data loaded by migrations (townships, categories)."""


def load_all() -> MetaData:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return Base.metadata


def projection_tables() -> list[str]:
    meta = load_all()
    return sorted(t.name for t in meta.sorted_tables if t.info.get("role") == PROJECTION)


def table(model: type[Base]) -> Table:
    """The Core table of a model (typed as Table, for Core statements on hot paths)."""
    return cast(Table, model.__table__)
