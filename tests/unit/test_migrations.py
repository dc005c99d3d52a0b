"""The hand-written migrations produce exactly the tables the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.storage import migrate
from app.storage.engine import make_engine
from app.storage.models import load_all
from tests import engines


def _url(tmp_path: Path) -> str:
    """An empty database of the engine under test."""
    return engines.fresh_url(empty=True) if engines.on_postgresql() else "sqlite:///" + str(tmp_path / "m.db")


def test_models_match_migrations(tmp_path: Path) -> None:
    engine = make_engine(_url(tmp_path))
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
        diff = compare_metadata(MigrationContext.configure(conn), load_all())
    engine.dispose()
    assert diff == []


def test_downgrade_and_upgrade_again(tmp_path: Path) -> None:
    from alembic import command

    engine = make_engine(_url(tmp_path))
    with engine.connect() as conn:
        migrate.upgrade(conn)
        conn.commit()
        command.downgrade(migrate.alembic_config(conn), "base")
        conn.commit()
        assert migrate.current_revision(conn) is None
        migrate.upgrade(conn)
        conn.commit()
        assert migrate.current_revision(conn) == migrate.head_revision()
    engine.dispose()
