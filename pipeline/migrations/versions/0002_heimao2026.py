"""黑猫 2026: the platform's own totals per company/service, and feed item counters

Revision ID: 0002_heimao2026
Revises: 0001
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0002_heimao2026'
down_revision = '0003_changed_at'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('platform_totals',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('company_id', sa.String(length=80), nullable=False),
    sa.Column('service_id', sa.String(length=80), server_default='', nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('lender', sa.String(length=60), server_default='', nullable=False),
    sa.Column('taken_at', sa.DateTime(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('last_30_days', sa.Integer(), nullable=False),
    sa.Column('replied', sa.Integer(), nullable=False),
    sa.Column('completed', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('platform_totals', schema=None) as batch_op:
        batch_op.create_index('ix_platform_totals_company', ['source', 'company_id', 'service_id', 'taken_at'],
                              unique=False)

    op.create_table('feed_items',
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.String(length=80), nullable=False),
    sa.Column('field', sa.String(length=20), server_default='', nullable=False),
    sa.Column('upvotes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('comments', sa.Integer(), server_default='0', nullable=False),
    sa.Column('shares', sa.Integer(), server_default='0', nullable=False),
    sa.Column('first_seen', sa.DateTime(), nullable=False),
    sa.Column('last_seen', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('source', 'source_id')
    )


def downgrade() -> None:
    op.drop_table('feed_items')
    with op.batch_alter_table('platform_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_platform_totals_company')
    op.drop_table('platform_totals')
