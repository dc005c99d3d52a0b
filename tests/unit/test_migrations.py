"""The hand-written migrations produce exactly the tables the models describe."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from app.services.accounts import Actor
from app.storage import migrate
from app.storage.engine import Database, make_engine
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


def test_stock_summary_migration_fills_from_existing_lines(db: Database, admin: Actor) -> None:
    """A station upgraded with stock on hand shows the same stock view as one kept op by op."""
    from alembic import command
    from sqlalchemy import select

    from app.services.supplies import catalogue, movements
    from app.storage.projections.supplies_summary import SUMMARY
    from tests.unit.supplies_support import setup_ledger

    lg = setup_ledger(db, admin)
    catalogue.add_item(db, lg.keeper, "KQS-01", "矿泉水", "箱", tracking="lot", expiry=True)
    movements.receive(db, lg.keeper, "XJK", "KQS-01", 10, lot="L1", expires="2025-03-01")
    movements.receive(db, lg.keeper, "XJK", "CSJ-01", 5)
    movements.transfer(db, lg.keeper, "XJK", "WY", "KQS-01", 4, lot="L1")
    catalogue.set_minimum(db, lg.keeper, "CSJ-01", "XJK", 8)
    with db.read() as conn:
        kept = sorted(tuple(r) for r in conn.execute(select(SUMMARY)))
    assert len(kept) >= 3
    with db.transaction() as conn:
        command.downgrade(migrate.alembic_config(conn), "0005_authority")
    with db.transaction() as conn:
        migrate.upgrade(conn)
    with db.read() as conn:
        assert sorted(tuple(r) for r in conn.execute(select(SUMMARY))) == kept
