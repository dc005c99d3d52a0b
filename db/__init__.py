"""Alembic environment, migrations and reference data (installed as `app.db`)."""
