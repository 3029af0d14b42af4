"""Hand-off to core systems per procedure: when a procedure's data went to its core
system (住民記録, 国保, 児童手当 …), by whom and how (the export, or marked by hand).

application_procedures.handed_off_at / handed_off_by / handed_off_via; empty for
existing rows (nothing was recorded as handed over before).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application_procedures") as batch_op:
        batch_op.add_column(sa.Column("handed_off_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("handed_off_by", sa.String(length=96), nullable=True))
        batch_op.add_column(sa.Column("handed_off_via", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("application_procedures") as batch_op:
        batch_op.drop_column("handed_off_via")
        batch_op.drop_column("handed_off_by")
        batch_op.drop_column("handed_off_at")
