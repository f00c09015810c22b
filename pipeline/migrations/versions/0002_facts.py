"""post_facts: collection facts with evidence (../shared/spec/facts.md)

Revision ID: 0002_facts
Revises: 0001
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_facts"
down_revision = "0002_heimao2026"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "post_facts",
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("fact", sa.String(length=40), nullable=False),
        sa.Column("party", sa.String(length=40), server_default="", nullable=False),
        sa.Column("mode", sa.String(length=20), server_default="", nullable=False),
        sa.Column("value", sa.Text(), server_default="", nullable=False),
        sa.Column("evidence", sa.Text(), server_default="[]", nullable=False),
        sa.Column("lexicon_version", sa.String(length=20), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("post_id", "fact", "party"),
    )
    with op.batch_alter_table("post_facts", schema=None) as batch_op:
        batch_op.create_index("ix_post_facts_fact", ["fact"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("post_facts", schema=None) as batch_op:
        batch_op.drop_index("ix_post_facts_fact")
    op.drop_table("post_facts")
