"""evidence: posts linked to their original captures (WARC records); edits and removals

Revision ID: 0002_evidence
Revises: 0001
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = "0002_evidence"
down_revision = "0002_facts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "post_captures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), server_default="", nullable=False),
        sa.Column("status", sa.Integer(), nullable=True),
        sa.Column("warc", sa.String(length=200), nullable=False),
        sa.Column("warc_offset", sa.BigInteger(), nullable=False),
        sa.Column("warc_length", sa.Integer(), nullable=False),
        sa.Column("record_id", sa.String(length=80), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("captured_at", sa.DateTime(), nullable=False),
        sa.Column("produced", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("post_id", "record_id", name="uq_post_captures_record"),
    )
    with op.batch_alter_table("post_captures", schema=None) as batch_op:
        batch_op.create_index("ix_post_captures_post", ["post_id"], unique=False)

    op.create_table(
        "post_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("post_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=True),
        sa.Column("old_hash", sa.String(length=40), server_default="", nullable=False),
        sa.Column("new_hash", sa.String(length=40), server_default="", nullable=False),
        sa.Column("title", sa.Text(), server_default="", nullable=False),
        sa.Column("body", sa.Text(), server_default="", nullable=False),
        sa.Column("diff", sa.Text(), server_default="", nullable=False),
        sa.Column("old_capture", sa.String(length=80), server_default="", nullable=False),
        sa.Column("new_capture", sa.String(length=80), server_default="", nullable=False),
        sa.Column("reason", sa.String(length=200), server_default="", nullable=False),
        sa.ForeignKeyConstraint(["post_id"], ["posts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("post_versions", schema=None) as batch_op:
        batch_op.create_index("ix_post_versions_post", ["post_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("post_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_post_versions_post")
    op.drop_table("post_versions")
    with op.batch_alter_table("post_captures", schema=None) as batch_op:
        batch_op.drop_index("ix_post_captures_post")
    op.drop_table("post_captures")
