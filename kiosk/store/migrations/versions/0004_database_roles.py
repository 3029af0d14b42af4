"""The least-privilege PostgreSQL roles `madoguchi db roles` made for this database.

One row per kind of terminal (owner, kiosk, display, staff, admin) naming its role, so
`madoguchi db upgrade` can grant each role what it needs on tables a later migration
adds. Empty on SQLite (one machine: no database roles).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "database_roles",
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("role_name", sa.String(length=63), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_database_roles")),
    )


def downgrade() -> None:
    op.drop_table("database_roles")
