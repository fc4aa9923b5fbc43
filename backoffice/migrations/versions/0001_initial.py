"""Initial schema: terminals, registrations, credit-code serial, ratings and follow-ups.

Revision ID: 0001
Revises:
Create Date: 2026-01-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "terminals",
        sa.Column("terminal_id", sa.String(64), primary_key=True),
        sa.Column("division_code", sa.String(6), nullable=False),
        sa.Column("secret_sealed", sa.LargeBinary, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "seen_signatures",
        sa.Column("signature", sa.String(64), primary_key=True),
        sa.Column("seen_at", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_seen_signatures_seen_at", "seen_signatures", ["seen_at"])
    op.create_table(
        "registrations",
        sa.Column("registration_id", sa.String(32), primary_key=True),
        sa.Column("terminal_id", sa.String(64), sa.ForeignKey("terminals.terminal_id"), nullable=False),
        sa.Column("idempotency_key", sa.String(255), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("uscc", sa.String(18), unique=True),
        sa.Column("applicant_key", sa.String(64), nullable=False),
        sa.Column("division_code", sa.String(6), nullable=False),
        sa.Column("industry_code", sa.String(8)),
        sa.Column("business_name", sa.String(200)),
        sa.Column("name_key", sa.String(200)),
        sa.Column("name_stem", sa.String(200)),
        sa.Column("receipt_token", sa.String(43), nullable=False, unique=True),
        sa.Column("reasons_json", sa.Text, nullable=False),
        sa.Column("checks_json", sa.Text, nullable=False),
        sa.Column("payload_sealed", sa.LargeBinary, nullable=False),
        sa.Column("reply_sealed", sa.LargeBinary, nullable=False),
        sa.Column("license_sealed", sa.LargeBinary),
        sa.Column("decided_by", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("decided_at", TZ),
        sa.UniqueConstraint("terminal_id", "idempotency_key", name="uq_registrations_terminal_key"),
    )
    op.create_index("ix_registrations_applicant_key", "registrations", ["applicant_key"])
    op.create_index("ix_registrations_name", "registrations", ["division_code", "name_stem"])
    op.create_index("ix_registrations_created", "registrations", ["created_at"])
    op.create_table(
        "uscc_counter",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("next_serial", sa.BigInteger, nullable=False),
    )
    if op.get_bind().dialect.name == "postgresql":
        # A sequence hands out serials without holding a row lock for the rest of the transaction,
        # and never hands one out twice (a rolled-back serial is skipped, not reused).
        op.execute("CREATE SEQUENCE uscc_serial START 1")
    else:
        op.execute("INSERT INTO uscc_counter (id, next_serial) VALUES (1, 1)")
    op.create_table(
        "evaluations",
        sa.Column("evaluation_id", sa.String(32), primary_key=True),
        sa.Column("registration_id", sa.String(32), sa.ForeignKey("registrations.registration_id"),
                  nullable=False),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("stars", sa.Integer, nullable=False),
        sa.Column("level", sa.String(8), nullable=False),
        sa.Column("tags_json", sa.Text, nullable=False),
        sa.Column("comment_sealed", sa.LargeBinary),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "follow_ups",
        sa.Column("follow_up_id", sa.String(32), primary_key=True),
        sa.Column("evaluation_id", sa.String(32), sa.ForeignKey("evaluations.evaluation_id"),
                  nullable=False, unique=True),
        sa.Column("registration_id", sa.String(32), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("owner", sa.String(64)),
        sa.Column("due_date", sa.Date, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("closed_at", TZ),
    )
    op.create_index("ix_follow_ups_state", "follow_ups", ["state"])
    op.create_table(
        "follow_up_events",
        sa.Column("event_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("follow_up_id", sa.String(32), sa.ForeignKey("follow_ups.follow_up_id"), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("note", sa.Text, nullable=False),
    )
    op.create_index("ix_follow_up_events_follow_up_id", "follow_up_events", ["follow_up_id"])
    op.create_table(
        "terminal_status",
        sa.Column("terminal_id", sa.String(64), sa.ForeignKey("terminals.terminal_id"), primary_key=True),
        sa.Column("seen_at", TZ, nullable=False),
        sa.Column("queue_depth", sa.Integer, nullable=False),
        sa.Column("devices_json", sa.Text, nullable=False),
        sa.Column("versions_json", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("terminal_status", "follow_up_events", "follow_ups", "evaluations", "uscc_counter",
                  "registrations", "seen_signatures", "terminals"):
        op.drop_table(table)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE uscc_serial")
