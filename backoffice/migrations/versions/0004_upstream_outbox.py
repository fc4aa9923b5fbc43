"""Outbox of approved cases waiting for the provincial registration system to issue them.

Revision ID: 0004_upstream_outbox
Revises: 0003_name_register
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_upstream_outbox"
down_revision = "0003_name_register"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "upstream_outbox",
        sa.Column("registration_id", sa.String(32), sa.ForeignKey("registrations.registration_id"),
                  primary_key=True),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", TZ, nullable=False),
        sa.Column("lease_until", TZ),
        sa.Column("last_error", sa.Text),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_index("ix_upstream_outbox_next_attempt_at", "upstream_outbox", ["next_attempt_at"])


def downgrade() -> None:
    op.drop_table("upstream_outbox")
