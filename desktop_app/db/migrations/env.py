"""Alembic environment: always driven from ``desktop_app.db.migrate`` with a live connection."""

from alembic import context

from desktop_app.db.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,  # SQLite alters tables by copy; batch mode does that for us
)
with context.begin_transaction():
    context.run_migrations()
