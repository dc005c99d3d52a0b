"""Runs the Alembic migrations in db/ (upgrade to head at start)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

from app import paths
from app.errors import DatabaseError


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(paths.migrations_dir()))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("version_locations", str(paths.migrations_dir() / "versions"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


MIGRATION_LOCK_KEY = 0x44554D47
"""PostgreSQL advisory lock held while a seat migrates (seats starting together take turns)."""


def upgrade(connection: Connection, target: str = "head") -> str:
    """Bring the schema to `target`. Refuses a database written by a newer schema or holding
    another program's tables."""
    if connection.dialect.name != "postgresql":
        return _upgrade(connection, target)
    connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
    connection.commit()
    try:
        revision = _upgrade(connection, target)
        connection.commit()
        return revision
    except BaseException:
        connection.rollback()
        raise
    finally:
        connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
        connection.commit()


def _upgrade(connection: Connection, target: str) -> str:
    script = ScriptDirectory.from_config(alembic_config())
    current = current_revision(connection)
    if current is None:
        others = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
        if others:
            raise DatabaseError("db.foreign", path=_where(connection), tables="、".join(sorted(others)[:3]))
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:
            raise DatabaseError("db.newer_schema", revision=current) from exc
    if current != script.get_current_head() or target != "head":
        command.upgrade(alembic_config(connection), target)
    return current_revision(connection) or ""


def _where(connection: Connection) -> str:
    url = connection.engine.url
    if url.get_backend_name() == "sqlite":
        return str(url.database or "")
    return url.render_as_string(hide_password=True)


def is_known_revision(revision: str | None) -> bool:
    """Whether this program's migrations know `revision` (a database of a newer program: no)."""
    if not revision:
        return False
    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:
        return False
