"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('args', sa.Text(), server_default='{}', nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('pages', sa.Integer(), server_default='0', nullable=False),
    sa.Column('new', sa.Integer(), server_default='0', nullable=False),
    sa.Column('updated', sa.Integer(), server_default='0', nullable=False),
    sa.Column('failed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('dropped', sa.Integer(), server_default='0', nullable=False),
    sa.Column('finish_reason', sa.String(length=60), nullable=True),
    sa.Column('healthy', sa.Boolean(), nullable=True),
    sa.Column('stats', sa.Text(), server_default='{}', nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.create_index('ix_crawl_runs_source_started', ['source', 'started_at'], unique=False)

    op.create_table('posts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('source_id', sa.String(length=80), nullable=False),
    sa.Column('url', sa.Text(), server_default='', nullable=False),
    sa.Column('title', sa.Text(), server_default='', nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('author', sa.String(length=120), server_default='', nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('crawled_at', sa.DateTime(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('target', sa.String(length=200), server_default='', nullable=False),
    sa.Column('target_id', sa.String(length=80), server_default='', nullable=False),
    sa.Column('issue', sa.Text(), server_default='', nullable=False),
    sa.Column('appeal', sa.Text(), server_default='', nullable=False),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('status', sa.String(length=20), server_default='', nullable=False),
    sa.Column('steps', sa.Text(), server_default='[]', nullable=False),
    sa.Column('content_hash', sa.String(length=40), nullable=False),
    sa.Column('dup_group', sa.Integer(), nullable=True),
    sa.Column('tagged_version', sa.String(length=20), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source', 'source_id', name='uq_posts_source_id')
    )
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.create_index('ix_posts_published_at', ['published_at'], unique=False)
        batch_op.create_index('ix_posts_status', ['status'], unique=False)
        batch_op.create_index('ix_posts_tagged_version', ['tagged_version'], unique=False)

    op.create_table('post_lenders',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('lender', sa.String(length=60), nullable=False),
    sa.Column('is_primary', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('via', sa.String(length=20), server_default='', nullable=False),
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'lender')
    )
    with op.batch_alter_table('post_lenders', schema=None) as batch_op:
        batch_op.create_index('ix_post_lenders_lender', ['lender'], unique=False)

    op.create_table('post_status_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('seen_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('post_status_history', schema=None) as batch_op:
        batch_op.create_index('ix_status_history_post', ['post_id'], unique=False)

    op.create_table('post_themes',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('theme', sa.String(length=40), nullable=False),
    sa.Column('evidence', sa.Text(), server_default='[]', nullable=False),
    sa.Column('lexicon_version', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', 'theme')
    )
    with op.batch_alter_table('post_themes', schema=None) as batch_op:
        batch_op.create_index('ix_post_themes_theme', ['theme'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('post_themes', schema=None) as batch_op:
        batch_op.drop_index('ix_post_themes_theme')

    op.drop_table('post_themes')
    with op.batch_alter_table('post_status_history', schema=None) as batch_op:
        batch_op.drop_index('ix_status_history_post')

    op.drop_table('post_status_history')
    with op.batch_alter_table('post_lenders', schema=None) as batch_op:
        batch_op.drop_index('ix_post_lenders_lender')

    op.drop_table('post_lenders')
    with op.batch_alter_table('posts', schema=None) as batch_op:
        batch_op.drop_index('ix_posts_tagged_version')
        batch_op.drop_index('ix_posts_status')
        batch_op.drop_index('ix_posts_published_at')

    op.drop_table('posts')
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_crawl_runs_source_started')

    op.drop_table('crawl_runs')

