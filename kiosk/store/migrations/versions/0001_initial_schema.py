"""Initial schema: applications, procedures, documents, numbers, accounts, audit, changes.

Revision ID: 0001
Revises: 
Create Date: 2025-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('accounts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=128), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_sign_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_accounts')),
    sa.UniqueConstraint('username', name=op.f('uq_accounts_username'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor', sa.String(length=96), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=True),
    sa.Column('reception_number', sa.String(length=24), nullable=True),
    sa.Column('path', sa.String(length=200), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('anonymised', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('change_events',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=True),
    sa.Column('counter_group', sa.String(length=16), nullable=True),
    sa.Column('state', sa.String(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_events'))
    )
    with op.batch_alter_table('change_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_events_at'), ['at'], unique=False)

    op.create_table('reception_counters',
    sa.Column('counter_group', sa.String(length=16), nullable=False),
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('last_seq', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('counter_group', 'service_day', name=op.f('pk_reception_counters'))
    )
    op.create_table('applications',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('reception_number', sa.String(length=24), nullable=False),
    sa.Column('counter_group', sa.String(length=16), nullable=False),
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.String(length=64), nullable=False),
    sa.Column('locale', sa.String(length=16), nullable=False),
    sa.Column('terminal_id', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('form_ids', sa.JSON(), nullable=False),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('glyph_checks', sa.JSON(), nullable=False),
    sa.Column('card_used', sa.Boolean(), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=True),
    sa.Column('search_text', sa.Text(), nullable=True),
    sa.Column('spool_ref', sa.String(length=32), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('review_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('holder_id', sa.Integer(), nullable=True),
    sa.Column('called_counter', sa.String(length=64), nullable=True),
    sa.Column('close_reason', sa.Text(), nullable=True),
    sa.Column('print_count', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('purged_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['holder_id'], ['accounts.id'], name=op.f('fk_applications_holder_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_applications')),
    sa.UniqueConstraint('counter_group', 'service_day', 'seq', name='uq_applications_number')
    )
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_applications_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_reception_number'), ['reception_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_applications_spool_ref'), ['spool_ref'], unique=False)
        batch_op.create_index('ix_applications_state_submitted', ['state', 'submitted_at'], unique=False)

    op.create_table('application_procedures',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('procedure_id', sa.String(length=64), nullable=False),
    sa.Column('title_ja', sa.String(length=200), nullable=False),
    sa.Column('counter', sa.String(length=64), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('done_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_application_procedures_application_id_applications'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['done_by_id'], ['accounts.id'], name=op.f('fk_application_procedures_done_by_id_accounts')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_procedures')),
    sa.UniqueConstraint('application_id', 'procedure_id', name=op.f('uq_application_procedures_application_id'))
    )
    with op.batch_alter_table('application_procedures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_procedures_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_procedures_counter'), ['counter'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_procedures_procedure_id'), ['procedure_id'], unique=False)

    op.create_table('documents',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('pdf', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], name=op.f('fk_documents_application_id_applications'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('application_id', name=op.f('pk_documents'))
    )


def downgrade() -> None:
    
    op.drop_table('documents')
    with op.batch_alter_table('application_procedures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_procedures_procedure_id'))
        batch_op.drop_index(batch_op.f('ix_application_procedures_counter'))
        batch_op.drop_index(batch_op.f('ix_application_procedures_application_id'))

    op.drop_table('application_procedures')
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_index('ix_applications_state_submitted')
        batch_op.drop_index(batch_op.f('ix_applications_spool_ref'))
        batch_op.drop_index(batch_op.f('ix_applications_reception_number'))
        batch_op.drop_index(batch_op.f('ix_applications_closed_at'))

    op.drop_table('applications')
    op.drop_table('reception_counters')
    with op.batch_alter_table('change_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_change_events_at'))

    op.drop_table('change_events')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))
        batch_op.drop_index(batch_op.f('ix_audit_log_application_id'))

    op.drop_table('audit_log')
    op.drop_table('accounts')

