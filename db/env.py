"""Alembic environment: runs on the connection DutyDesk hands over (never opens its own)."""

from __future__ import annotations

from alembic import context

from app.storage.models import load_all

target_metadata = load_all()
connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - DutyDesk always passes its connection
    raise RuntimeError("run migrations through app.storage.migrate")

context.configure(
    connection=connection,
    target_metadata=target_metadata,
    render_as_batch=True,
    transaction_per_migration=True,
)
with context.begin_transaction():
    context.run_migrations()
