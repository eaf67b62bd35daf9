"""The audit log refuses TRUNCATE on PostgreSQL too (row triggers do not fire on it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""
from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite has no TRUNCATE: DELETE is refused by a trigger already
    op.execute(
        """CREATE OR REPLACE FUNCTION affido_audit_no_truncate() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$ LANGUAGE plpgsql""")
    op.execute(
        "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
        "FOR EACH STATEMENT EXECUTE FUNCTION affido_audit_no_truncate()")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events")
    op.execute("DROP FUNCTION IF EXISTS affido_audit_no_truncate()")
