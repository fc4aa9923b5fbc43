"""Name comparison by the 2017 rules: the authority's name register and the name parts of registrations.

Revision ID: 0003_name_register
Revises: 0002_staff
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_name_register"
down_revision = "0002_staff"
branch_labels = None
depends_on = None

_PARTS = (("name_trade", 100), ("name_industry", 50), ("name_class", 50), ("name_pinyin", 400))


def upgrade() -> None:
    op.create_table(
        "name_register",
        sa.Column("division_code", sa.String(6), primary_key=True),
        sa.Column("name_key", sa.String(200), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("trade", sa.String(100), nullable=False),
        sa.Column("industry", sa.String(50), nullable=False),
        sa.Column("industry_class", sa.String(50), nullable=False),
        sa.Column("trade_pinyin", sa.String(400), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("status_date", sa.Date),
    )
    op.create_index("ix_name_register_trade", "name_register", ["division_code", "industry_class", "trade"])
    op.create_index("ix_name_register_pinyin", "name_register",
                    ["division_code", "industry_class", "trade_pinyin"])
    with op.batch_alter_table("registrations") as batch:
        for column, length in _PARTS:
            batch.add_column(sa.Column(column, sa.String(length)))
    op.create_index("ix_registrations_name_trade", "registrations", ["division_code", "name_class", "name_trade"])
    op.create_index("ix_registrations_name_pinyin", "registrations",
                    ["division_code", "name_class", "name_pinyin"])
    _backfill()


def _backfill() -> None:
    """Name parts of the registrations made before: without them they would not be compared any more."""
    from domain import names

    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT registration_id, business_name, division_code FROM registrations "
                                "WHERE business_name IS NOT NULL")).all()
    update = sa.text("UPDATE registrations SET name_trade = :trade, name_industry = :industry, "
                     "name_class = :industry_class, name_pinyin = :pinyin WHERE registration_id = :id")
    for registration_id, name, division in rows:
        try:
            parts = names.split_name(name, division)
        except ValueError:   # a division code that is not a county: nothing to compare it within
            continue
        if parts is not None:
            conn.execute(update, {"id": registration_id, "trade": parts.trade, "industry": parts.industry,
                                  "industry_class": parts.industry_class, "pinyin": parts.pinyin})


def downgrade() -> None:
    op.drop_index("ix_registrations_name_pinyin", "registrations")
    op.drop_index("ix_registrations_name_trade", "registrations")
    with op.batch_alter_table("registrations") as batch:
        for column, _ in reversed(_PARTS):
            batch.drop_column(column)
    op.drop_table("name_register")
