"""Staff web pages: staff accounts and sessions, audit log, human decisions, terminal enrolment codes.

Revision ID: 0002_staff
Revises: 0001
Create Date: 2026-01-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_staff"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "staff_users",
        sa.Column("username", sa.String(64), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("failed_logins", sa.Integer, nullable=False),
        sa.Column("locked_until", TZ),
        sa.Column("created_at", TZ, nullable=False),
    )
    op.create_table(
        "staff_sessions",
        sa.Column("session_hash", sa.String(64), primary_key=True),
        sa.Column("username", sa.String(64), sa.ForeignKey("staff_users.username"), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
    )
    op.create_index("ix_staff_sessions_username", "staff_sessions", ["username"])
    op.create_table(
        "audit_log",
        sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("registration_id", sa.String(32)),
        sa.Column("target", sa.String(64)),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("client", sa.String(64)),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_registration_id", "audit_log", ["registration_id"])
    op.create_table(
        "staff_decisions",
        sa.Column("registration_id", sa.String(32), sa.ForeignKey("registrations.registration_id"),
                  primary_key=True),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=False),
        sa.Column("decided_at", TZ, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("machine_reasons_json", sa.Text, nullable=False),
    )
    op.create_table(
        "enrolment_codes",
        sa.Column("code_hash", sa.String(64), primary_key=True),
        sa.Column("terminal_id", sa.String(64), nullable=False),
        sa.Column("division_code", sa.String(6), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("used_at", TZ),
    )


def downgrade() -> None:
    for table in ("enrolment_codes", "staff_decisions", "audit_log", "staff_sessions", "staff_users"):
        op.drop_table(table)
