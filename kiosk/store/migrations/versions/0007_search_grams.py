"""The staff search box's index: two-character pieces of each application's search
text (kiosk/store/search.py), filled here for existing rows. A name search reads the
rows of its rarest piece by index instead of every name.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from kiosk.store.search import grams

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_BATCH = 5000


def upgrade() -> None:
    op.create_table(
        "application_search_grams",
        sa.Column("gram", sa.String(length=2), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
            name=op.f("fk_application_search_grams_application_id_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("gram", "application_id", name=op.f("pk_application_search_grams")),
    )
    op.create_index(
        op.f("ix_application_search_grams_application_id"),
        "application_search_grams",
        ["application_id"],
    )
    apps = sa.table("applications", sa.column("id", sa.String), sa.column("search_text", sa.Text))
    pieces = sa.table(
        "application_search_grams",
        sa.column("gram", sa.String),
        sa.column("application_id", sa.String),
    )
    conn = op.get_bind()
    rows = conn.execute(
        sa.select(apps.c.id, apps.c.search_text).where(apps.c.search_text.is_not(None))
    )
    batch: list[dict[str, str]] = []
    for app_id, search_text in rows.all():
        batch += [{"gram": g, "application_id": app_id} for g in sorted(grams(search_text))]
        if len(batch) >= _BATCH:
            conn.execute(pieces.insert(), batch)
            batch = []
    if batch:
        conn.execute(pieces.insert(), batch)


def downgrade() -> None:
    op.drop_index(
        op.f("ix_application_search_grams_application_id"), table_name="application_search_grams"
    )
    op.drop_table("application_search_grams")
