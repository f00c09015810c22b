"""near-duplicate band keys hold the text's numbers: re-index

Revision ID: 0004_dedupe_number_bands
Revises: 0002_evidence
Create Date: 2026-12-01

pipeline/dedupe.py now folds each text's set of numbers into its LSH band keys (a link
needs equal numbers, so buckets hold only texts that could link; issue 17). Keys stored
before cannot be matched by the new ones: the index is dropped and every post marked
pending, so the next `complaints dedupe` (or update) re-indexes the archive once.
Duplicate groups found so far are kept; re-indexing only adds links.
"""
from alembic import op


revision = "0004_dedupe_number_bands"
down_revision = "0002_evidence"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM dedupe_bands")
    op.execute("UPDATE posts SET dedupe_hash = NULL WHERE dedupe_hash IS NOT NULL")


def downgrade() -> None:
    # The old keys cannot be rebuilt here either: mark everything pending again.
    op.execute("DELETE FROM dedupe_bands")
    op.execute("UPDATE posts SET dedupe_hash = NULL WHERE dedupe_hash IS NOT NULL")
