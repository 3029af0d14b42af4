"""The number of applications per state and counter group, kept by triggers on
`applications` (any program's insert, state change, purge), filled here for existing
rows: the staff list's count at 100,000 queued was an index walk over every row (25 ms
on PostgreSQL), now one row per state.

On PostgreSQL the trigger function runs as its owner (SECURITY DEFINER): terminals need
no privilege on `queue_counts` to keep it, and only the desks may read it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_ADD = (
    "INSERT INTO queue_counts (state, counter_group, n) VALUES ({row}.state, "
    "{row}.counter_group, 1) ON CONFLICT (state, counter_group) DO UPDATE SET n = queue_counts.n + 1"
)
_TAKE = "UPDATE queue_counts SET n = n - 1 WHERE state = {row}.state AND counter_group = {row}.counter_group"
_CHANGED = (
    "OLD.state IS DISTINCT FROM NEW.state OR OLD.counter_group IS DISTINCT FROM NEW.counter_group"
)

_SQLITE = (
    f"CREATE TRIGGER queue_counts_insert AFTER INSERT ON applications BEGIN {_ADD.format(row='NEW')}; END",
    "CREATE TRIGGER queue_counts_update AFTER UPDATE OF state, counter_group ON applications "
    f"WHEN {_CHANGED.replace('IS DISTINCT FROM', 'IS NOT')} "
    f"BEGIN {_TAKE.format(row='OLD')}; {_ADD.format(row='NEW')}; END",
    f"CREATE TRIGGER queue_counts_delete AFTER DELETE ON applications BEGIN {_TAKE.format(row='OLD')}; END",
)

_POSTGRESQL = (
    f"""CREATE OR REPLACE FUNCTION madoguchi_queue_counts() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        {_TAKE.format(row="OLD")};
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        {_ADD.format(row="NEW")};
    END IF;
    RETURN NULL;
END $$""",
    "CREATE TRIGGER queue_counts_insert_delete AFTER INSERT OR DELETE ON applications "
    "FOR EACH ROW EXECUTE FUNCTION madoguchi_queue_counts()",
    "CREATE TRIGGER queue_counts_update AFTER UPDATE OF state, counter_group ON applications "
    f"FOR EACH ROW WHEN ({_CHANGED}) EXECUTE FUNCTION madoguchi_queue_counts()",
)


def upgrade() -> None:
    op.create_table(
        "queue_counts",
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("counter_group", sa.String(length=16), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("state", "counter_group", name=op.f("pk_queue_counts")),
    )
    op.execute(
        "INSERT INTO queue_counts (state, counter_group, n) "
        "SELECT state, counter_group, count(*) FROM applications GROUP BY state, counter_group"
    )
    for statement in _POSTGRESQL if op.get_bind().dialect.name == "postgresql" else _SQLITE:
        op.execute(statement)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.execute(
        "DROP TRIGGER IF EXISTS queue_counts_update" + (" ON applications" if postgresql else "")
    )
    if postgresql:
        op.execute("DROP TRIGGER IF EXISTS queue_counts_insert_delete ON applications")
        op.execute("DROP FUNCTION IF EXISTS madoguchi_queue_counts()")
    else:
        op.execute("DROP TRIGGER IF EXISTS queue_counts_insert")
        op.execute("DROP TRIGGER IF EXISTS queue_counts_delete")
    op.drop_table("queue_counts")
