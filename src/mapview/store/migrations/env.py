"""Alembic's environment: runs mapview's migrations on the connection mapview.store.database passes in.

Run by :func:`mapview.store.database.migrate` (every open of a store runs it, so a new database gets the
schema and an old one is brought up to date). To write the next migration against a scratch
database: ``alembic -x url=sqlite:///scratch.sqlite -c src/mapview/store/migrations/alembic.ini revision
--autogenerate -m "what changes"``, then read and edit what it wrote.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from mapview.store.models import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise SystemExit("give the database: alembic -x url=sqlite:///scratch.sqlite …")
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("mapview's migrations run against a database, not offline")
run()
