"""Handover between counters: an application a clerk hands to the next department
waits in that department's queue at the resident's original arrival, marked as a
handover (where from, when), and the lobby board shows where to go next.

applications.handover_to / handover_from / handed_over_at; empty for existing rows.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.add_column(sa.Column("handover_to", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("handover_from", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("handed_over_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("applications") as batch_op:
        batch_op.drop_column("handed_over_at")
        batch_op.drop_column("handover_from")
        batch_op.drop_column("handover_to")
