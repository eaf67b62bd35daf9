"""Indexes on birth dates: duplicate checks look people up by birth date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""
from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_elders_birth_date", "elders", ["birth_date"])
    op.create_index("ix_fosterers_birth_date", "fosterers", ["birth_date"])


def downgrade() -> None:
    op.drop_index("ix_fosterers_birth_date", table_name="fosterers")
    op.drop_index("ix_elders_birth_date", table_name="elders")
