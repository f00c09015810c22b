"""a Bloom filter per tier of the near-duplicate band index: dedupe_tier_filters

Revision ID: 0006_dedupe_tier_filters
Revises: 0005_dedupe_band_tiers
Create Date: 2026-12-02

Issue 17: a run probed every tier of dedupe_bands for each of its ~160,000 band keys, and
the tiers grow in number with the archive. A tier's filter (pipeline/bloom.py) rules out
~98% of the absent keys from memory. The table starts empty: the next dedupe run builds the
filters of the existing tiers once (Store.build_dedupe_filters); until then lookups probe
them as before. Nothing else changes; downgrade drops the table.
"""
from alembic import op
import sqlalchemy as sa


revision = "0006_dedupe_tier_filters"
down_revision = "0005_dedupe_band_tiers"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dedupe_tier_filters",
        sa.Column("tier", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n_bits", sa.BigInteger(), nullable=False),
        sa.Column("bits", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("tier"),
    )


def downgrade() -> None:
    op.drop_table("dedupe_tier_filters")
