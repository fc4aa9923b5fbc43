"""What one back-office process serves from: the database, the key ring, the settings and the external checks.

Its own module so that the routers (`backoffice.web`, `backoffice.pickup`) can name it without importing the
application that mounts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from backoffice.db import make_engine, migrate
from backoffice.external import ExternalChecks
from backoffice.keys import KeyRing, default_key_path
from backoffice.settings import Settings


@dataclass(frozen=True)
class Backoffice:
    """Everything one process serves from."""

    engine: Engine
    keys: KeyRing
    settings: Settings
    checks: ExternalChecks

    @classmethod
    def open(cls, db: str, *, keys_path: Path | None = None, settings: Settings | None = None,
             checks: ExternalChecks | None = None, pool_size: int = 10) -> Backoffice:
        """Connect, bring the schema up to date (Alembic) and load or create the key file."""
        engine = make_engine(db, pool_size=pool_size)
        migrate(engine)
        return cls(engine, KeyRing.load_or_create(keys_path or default_key_path(db)),
                   settings or Settings.load(), checks or ExternalChecks.embedded())
