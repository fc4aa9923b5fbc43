"""Security hardening: request nonces (signing v2) replace seen signatures; staff logins wait progressively
instead of locking; staff belong to districts; one rating per registration.

Revision ID: 0007_security
Revises: 0006_terminal_alerts
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_security"
down_revision = "0006_terminal_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_table("seen_signatures")
    op.create_table(
        "seen_nonces",
        sa.Column("terminal_id", sa.String(64), primary_key=True),
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("expires_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_seen_nonces_expires_at", "seen_nonces", ["expires_at"])
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("locked_until")
        batch.add_column(sa.Column("next_login_at", sa.BigInteger))
    # Existing accounts get no district: they see nothing until `kiosk-backoffice set-divisions` gives them one.
    op.create_table(
        "staff_divisions",
        sa.Column("username", sa.String(64), sa.ForeignKey("staff_users.username"), primary_key=True),
        sa.Column("division_code", sa.String(6), primary_key=True),
    )

    # Ratings stuffed before this revision: one per registration stays (with its follow-up).
    op.execute("DELETE FROM follow_up_events WHERE follow_up_id IN (SELECT f.follow_up_id FROM follow_ups f "
               "JOIN evaluations e ON e.evaluation_id = f.evaluation_id WHERE e.evaluation_id NOT IN "
               "(SELECT MIN(evaluation_id) FROM evaluations GROUP BY registration_id))")
    op.execute("DELETE FROM follow_ups WHERE evaluation_id NOT IN "
               "(SELECT MIN(evaluation_id) FROM evaluations GROUP BY registration_id)")
    op.execute("DELETE FROM evaluations WHERE evaluation_id NOT IN "
               "(SELECT MIN(evaluation_id) FROM evaluations GROUP BY registration_id)")
    op.create_index("uq_evaluations_registration_id", "evaluations", ["registration_id"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_evaluations_registration_id", "evaluations")
    op.drop_table("staff_divisions")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("next_login_at")
        batch.add_column(sa.Column("locked_until", sa.DateTime(timezone=True)))
    op.drop_table("seen_nonces")
    op.create_table(
        "seen_signatures",
        sa.Column("signature", sa.String(64), primary_key=True),
        sa.Column("seen_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_seen_signatures_seen_at", "seen_signatures", ["seen_at"])
