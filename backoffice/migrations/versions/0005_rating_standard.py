"""好差评 to GB/T 39734: indicators, standard 差评 reasons, supplementary ratings.

Revision ID: 0005_rating_standard
Revises: 0004_upstream_outbox
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_rating_standard"
down_revision = "0004_upstream_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("evaluations") as batch:
        batch.add_column(sa.Column("indicators_json", sa.Text))
        batch.add_column(sa.Column("reasons_json", sa.Text))
        batch.add_column(sa.Column("supplementary", sa.Boolean))


def downgrade() -> None:
    with op.batch_alter_table("evaluations") as batch:
        batch.drop_column("supplementary")
        batch.drop_column("reasons_json")
        batch.drop_column("indicators_json")
