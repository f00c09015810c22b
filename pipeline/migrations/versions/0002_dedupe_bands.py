"""incremental near-duplicates: posts.dedupe_hash and the LSH band table

Revision ID: 0002_dedupe_bands
Revises: 0001
Create Date: 2026-12-01

posts.dedupe_hash is the hash of the normalised body (0: too short to compare; NULL: not
yet indexed, found through a partial index so each run reads only the new posts).
dedupe_bands holds the MinHash LSH band hashes of each distinct text (pipeline/dedupe.py).
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_dedupe_bands"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("dedupe_hash", sa.BigInteger(), nullable=True))
        batch_op.create_index("ix_posts_dedupe_hash", ["dedupe_hash"], unique=False)
        batch_op.create_index("ix_posts_dup_group", ["dup_group"], unique=False)
        batch_op.create_index("ix_posts_dedupe_pending", ["id"], unique=False,
                              sqlite_where=sa.text("dedupe_hash IS NULL"),
                              postgresql_where=sa.text("dedupe_hash IS NULL"))
    op.create_table(
        "dedupe_bands",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "post_id"),
    )
    with op.batch_alter_table("dedupe_bands", schema=None) as batch_op:
        batch_op.create_index("ix_dedupe_bands_post", ["post_id"], unique=False)


def downgrade() -> None:
    op.drop_table("dedupe_bands")
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_dedupe_pending")
        batch_op.drop_index("ix_posts_dedupe_hash")
        batch_op.drop_index("ix_posts_dup_group")
        batch_op.drop_column("dedupe_hash")
