"""near-duplicate band keys hold the text's numbers: re-index; posts.target_id indexed

Revision ID: 0004_dedupe_number_bands
Revises: 0002_evidence
Create Date: 2026-12-01

pipeline/dedupe.py now folds each text's set of numbers into its LSH band keys (a link
needs equal numbers, so buckets hold only texts that could link; issue 17). Keys stored
before cannot be matched by the new ones: the index is dropped and every post marked
pending, so the next `complaints dedupe` (or update) re-indexes the archive once.
Duplicate groups found so far are kept; re-indexing only adds links.

ix_posts_target_id: publishing platform totals counts the posts held per company; without
an index that count scanned the whole archive at every publish.
"""
from alembic import op


revision = "0004_dedupe_number_bands"
down_revision = "0002_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.create_index("ix_posts_target_id", ["target_id"], unique=False)
    op.execute("DELETE FROM dedupe_bands")
    op.execute("UPDATE posts SET dedupe_hash = NULL WHERE dedupe_hash IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("posts", schema=None) as batch_op:
        batch_op.drop_index("ix_posts_target_id")
    # The old keys cannot be rebuilt here either: mark everything pending again.
    op.execute("DELETE FROM dedupe_bands")
    op.execute("UPDATE posts SET dedupe_hash = NULL WHERE dedupe_hash IS NOT NULL")
