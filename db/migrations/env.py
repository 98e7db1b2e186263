"""Alembic environment: migrations always run on a connection the application passes in.

The application (``shiraoka_dx_desktop.storage.migrate.upgrade``) opens the
transaction, switches foreign keys off and checks them afterwards; this file
only runs the scripts.  ``render_as_batch`` because SQLite alters most
columns by rebuilding the table.
"""

from alembic import context

from shiraoka_dx_desktop.storage.models import Base

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("migrations run only from the application (no connection given)")

context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
