"""near-duplicate band index in tiers: dedupe_bands keyed (tier, key, post_id), dedupe_tiers,
dedupe_post_bands

Revision ID: 0005_dedupe_band_tiers
Revises: 0004_dedupe_number_bands
Create Date: 2026-12-02

Issue 17: each run's band rows, inserted among the archive's (PK (key, post_id)), dirtied most
pages of the index; each run now writes its rows as one new tier at the right edge of a
(tier, key, post_id) index, and tiers are merged size-tiered (pipeline/store.py,
Store.compact_dedupe_tiers). The stored rows are kept: they become tier 1, copied in key order
(the old primary key's order, so a straight scan), and each post's keys are copied into
dedupe_post_bands, which replaces the index on post_id for deleting a re-indexed post's rows.
No post needs re-indexing. Downgrade copies the rows of every tier back into the flat table.
"""
from alembic import op
import sqlalchemy as sa


revision = "0005_dedupe_band_tiers"
down_revision = "0004_dedupe_number_bands"
branch_labels = None
depends_on = None

# The level rule of pipeline/store.py at the time of writing (tier_level), frozen here: a tier
# of TIER_UNIT * FANOUT**(L+1) rows or more is above level L.
FANOUT, TIER_UNIT = 8, 16_000


def _level(rows: int) -> int:
    level = 0
    while rows >= TIER_UNIT * FANOUT ** (level + 1):
        level += 1
    return level


def upgrade() -> None:
    op.create_table(
        "dedupe_bands_tiered",
        sa.Column("tier", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("tier", "key", "post_id", name="dedupe_bands_tiers_pkey"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "dedupe_tiers",
        sa.Column("tier", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("n_rows", sa.BigInteger(), nullable=False),
        sa.Column("merging_into", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("tier"),
    )
    op.create_table(
        "dedupe_post_bands",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "key"),
        sqlite_with_rowid=False,
    )
    op.execute("INSERT INTO dedupe_bands_tiered (tier, key, post_id) "
               "SELECT 1, key, post_id FROM dedupe_bands ORDER BY key, post_id")
    op.execute("INSERT INTO dedupe_post_bands (post_id, key) SELECT post_id, key FROM dedupe_bands ORDER BY post_id, key")
    rows = op.get_bind().execute(sa.text("SELECT count(*) FROM dedupe_bands_tiered")).scalar_one()
    if rows:
        op.get_bind().execute(sa.text("INSERT INTO dedupe_tiers (tier, level, n_rows) VALUES (1, :level, :rows)"),
                              {"level": _level(rows), "rows": rows})
    op.drop_table("dedupe_bands")
    op.rename_table("dedupe_bands_tiered", "dedupe_bands")


def downgrade() -> None:
    op.create_table(
        "dedupe_bands_flat",
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key", "post_id", name="dedupe_bands_pkey"),
    )
    # Rows of posts deleted since (the tiered table has no foreign key) cannot go back.
    op.execute("INSERT INTO dedupe_bands_flat (key, post_id) SELECT DISTINCT key, post_id FROM dedupe_bands "
               "WHERE post_id IN (SELECT id FROM posts) ORDER BY key, post_id")
    op.drop_table("dedupe_bands")
    op.drop_table("dedupe_tiers")
    op.drop_table("dedupe_post_bands")
    op.rename_table("dedupe_bands_flat", "dedupe_bands")
    with op.batch_alter_table("dedupe_bands", schema=None) as batch_op:
        batch_op.create_index("ix_dedupe_bands_post", ["post_id"], unique=False)
