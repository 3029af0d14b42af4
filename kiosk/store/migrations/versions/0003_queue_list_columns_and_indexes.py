"""The staff list without decoding JSON per row, and indexes for its keyset pages.

applications.flag_count and .glyph_open hold what the list shows of `flags` and
`glyph_checks` (the ORM keeps them on every flush); filled here for existing rows.
Indexes: (submitted_at, id) for the waiting / newest orders, (service_day,
counter_group, seq) for the order by reception number.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_BATCH = 1000


def _decoded(value: Any) -> list[Any]:
    if isinstance(value, str):  # SQLite hands JSON back as text through a bare table
        value = json.loads(value)
    return list(value or [])


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.add_column(
            sa.Column("flag_count", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("glyph_open", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.create_index("ix_applications_submitted_id", ["submitted_at", "id"])
        batch_op.create_index(
            "ix_applications_day_group_seq", ["service_day", "counter_group", "seq"]
        )
    apps = sa.table(
        "applications",
        sa.column("id", sa.String),
        sa.column("flags", sa.JSON),
        sa.column("glyph_checks", sa.JSON),
        sa.column("flag_count", sa.Integer),
        sa.column("glyph_open", sa.Boolean),
    )
    conn = op.get_bind()
    rows = conn.execute(sa.select(apps.c.id, apps.c.flags, apps.c.glyph_checks)).all()
    changes = []
    for row in rows:
        flags, checks = _decoded(row.flags), _decoded(row.glyph_checks)
        is_open = any(not c.get("cleared") for c in checks)
        if flags or is_open:
            changes.append({"key": row.id, "n": len(flags), "open": is_open})
    update = (
        apps.update()
        .where(apps.c.id == sa.bindparam("key"))
        .values(flag_count=sa.bindparam("n"), glyph_open=sa.bindparam("open"))
    )
    for start in range(0, len(changes), _BATCH):
        conn.execute(update, changes[start : start + _BATCH])


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_index("ix_applications_day_group_seq")
        batch_op.drop_index("ix_applications_submitted_id")
        batch_op.drop_column("glyph_open")
        batch_op.drop_column("flag_count")
