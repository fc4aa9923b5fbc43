"""Calls for staff from terminals (呼叫工作人员), shown on the terminals page.

Revision ID: 0006_terminal_alerts
Revises: 0005_rating_standard
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006_terminal_alerts"
down_revision = "0005_rating_standard"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "terminal_alerts",
        sa.Column("alert_id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("terminal_id", sa.String(64), sa.ForeignKey("terminals.terminal_id"), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("detail_json", sa.Text, nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_terminal_alerts_raised", "terminal_alerts", ["raised_at"])


def downgrade() -> None:
    op.drop_index("ix_terminal_alerts_raised", table_name="terminal_alerts")
    op.drop_table("terminal_alerts")
