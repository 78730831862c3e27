"""Alembic migrations of mapview's database (see mapview.store.database.migrate)."""
