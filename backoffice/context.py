"""What one back-office process serves from: the database, the key ring, the settings, the external checks and
the registration authority that issues credit codes.

Its own module so that the routers (`backoffice.web`, `backoffice.pickup`) can name it without importing the
application that mounts them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from backoffice.authority import EmbeddedAuthority, RegistrationAuthority, authority_from_settings
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
    authority: RegistrationAuthority = field(default_factory=EmbeddedAuthority)

    @classmethod
    def open(cls, db: str, *, keys_path: Path | None = None, settings: Settings | None = None,
             checks: ExternalChecks | None = None, pool_size: int = 10) -> Backoffice:
        """Connect, bring the schema up to date (Alembic) and load or create the key file."""
        engine = make_engine(db, pool_size=pool_size)
        migrate(engine)
        settings = settings or Settings.load()
        return cls(engine, KeyRing.load_or_create(keys_path or default_key_path(db)), settings,
                   checks or ExternalChecks.embedded(settings),
                   authority_from_settings(settings.province_url, settings.province_token,
                                           settings.province_timeout_s))
