"""Alembic environment: always driven from :mod:`affido_app.db.migrate` with a live connection."""

from __future__ import annotations

from alembic import context
from sqlalchemy import TypeDecorator

from affido_app.db import models  # noqa: F401  (registers every table)
from affido_app.db.base import Base
from affido_app.db.schema_extras import include_name

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from the alembic command line
    raise RuntimeError("run migrations through affido_app.db.migrate")



def render_item(type_, obj, autogen_context):
    """Render the application's column types as plain SQLAlchemy types: a migration must not
    depend on code that may change after it was written."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        autogen_context.imports.add("import sqlalchemy as sa")
        return f"sa.{obj.impl!r}"
    return False


context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    include_name=include_name,
    compare_type=True,
    render_item=render_item,
    transaction_per_migration=False,
)
with context.begin_transaction():
    context.run_migrations()
