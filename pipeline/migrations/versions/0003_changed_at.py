"""incremental publish: posts.changed_at

Revision ID: 0003_changed_at
Revises: 0002_dedupe_bands
Create Date: 2026-12-01

When anything the snapshot shows about a post last changed (its text or status by an
upsert, its tags, its near-duplicate group). An incremental publish rewrites only the
months of the posts changed since the previous snapshot (pipeline/publish.py).
"""
from alembic import op
import sqlalchemy as sa


revision = "0003_changed_at"
down_revision = "0002_dedupe_bands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("changed_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_posts_changed_at", ["changed_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_changed_at")
        batch_op.drop_column("changed_at")
