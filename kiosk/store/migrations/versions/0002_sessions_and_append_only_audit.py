"""Server-verified staff sessions; the audit log append-only in the database itself.

Revision ID: 0002
Revises: 0001
Create Date: 2025-02-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

#: Columns an UPDATE of audit_log must leave as they were (purge may only blank
#: before/after/note and set anonymised).
_KEPT = ("id", "at", "actor_id", "actor", "action", "application_id", "reception_number", "path")

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    "CREATE TRIGGER audit_log_only_anonymise BEFORE UPDATE ON audit_log WHEN NOT ("
    + " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _KEPT)
    + " AND NEW.before IS NULL AND NEW.after IS NULL AND NEW.note IS NULL"
    + " AND NEW.anonymised = 1)"
    + " BEGIN SELECT RAISE(ABORT, 'audit_log is append-only: only anonymising is allowed'); END",
]

_PG_FUNCTION = (
    """CREATE OR REPLACE FUNCTION madoguchi_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'audit_log is append-only (%)', TG_OP USING ERRCODE = '42501';
  END IF;
  IF """
    + " OR ".join(f"NEW.{c} IS DISTINCT FROM OLD.{c}" for c in _KEPT)
    + """
     OR NEW.before IS NOT NULL OR NEW.after IS NOT NULL OR NEW.note IS NOT NULL
     OR NOT NEW.anonymised THEN
    RAISE EXCEPTION 'audit_log is append-only: only anonymising is allowed'
      USING ERRCODE = '42501';
  END IF;
  RETURN NEW;
END $$"""
)

_PG_TRIGGERS = [
    _PG_FUNCTION,
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION madoguchi_audit_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION madoguchi_audit_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "staff_sessions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_staff_sessions_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_sessions")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_staff_sessions_token_hash")),
    )
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_staff_sessions_account_id"), ["account_id"], unique=False
        )
    dialect = op.get_bind().dialect.name
    for statement in _PG_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS madoguchi_audit_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_only_anonymise")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table("staff_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_sessions_account_id"))
    op.drop_table("staff_sessions")
