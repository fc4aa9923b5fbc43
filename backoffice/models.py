"""The back office's tables (SQLAlchemy Core). The Alembic migrations create exactly these.

Personal data (the application body, the reply and license carrying the operator's name, terminal secrets,
rating comments) is stored sealed (AES-GCM, backoffice.keys); what stays in clear is what reports,
indexes and uniqueness checks need: status, credit code, business name, division, keyed applicant hash.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

terminals = Table(
    "terminals", metadata,
    Column("terminal_id", String(64), primary_key=True),
    Column("division_code", String(6), nullable=False),
    Column("secret_sealed", LargeBinary, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Request nonces already accepted (domain.signing v2), each kept until its timestamp is stale anyway, so a
# captured request cannot be replayed while it would still pass the clock check.
seen_nonces = Table(
    "seen_nonces", metadata,
    Column("terminal_id", String(64), primary_key=True),
    Column("nonce", String(64), primary_key=True),
    Column("expires_at", BigInteger, nullable=False, index=True),
)

# Cases that hold their name and their applicant: approved, under review, or approved and being issued.
OPEN_STATUSES = ("approved", "manual_review", "issuing")

registrations = Table(
    "registrations", metadata,
    Column("registration_id", String(32), primary_key=True),
    Column("terminal_id", String(64), ForeignKey("terminals.terminal_id"), nullable=False),
    Column("idempotency_key", String(255), nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("status", String(16), nullable=False),
    Column("uscc", String(18), unique=True),
    Column("applicant_key", String(64), nullable=False, index=True),
    Column("division_code", String(6), nullable=False),
    Column("industry_code", String(8)),
    Column("business_name", String(200)),
    Column("name_key", String(200)),     # the normalised name: identical names compare equal
    Column("name_stem", String(200)),    # without the organisation form: near-identical names compare equal
    # The 2017 comparison rules' parts of the name (domain.names.NameParts): 字号, 行业 wording, its class,
    # and the 字号 read without tones.
    Column("name_trade", String(100)),
    Column("name_industry", String(50)),
    Column("name_class", String(50)),
    Column("name_pinyin", String(400)),
    Column("receipt_token", String(43), nullable=False, unique=True),
    Column("reasons_json", Text, nullable=False),
    Column("checks_json", Text, nullable=False),
    Column("payload_sealed", LargeBinary, nullable=False),
    Column("reply_sealed", LargeBinary, nullable=False),
    Column("license_sealed", LargeBinary),
    Column("decided_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    UniqueConstraint("terminal_id", "idempotency_key", name="uq_registrations_terminal_key"),
    Index("ix_registrations_name", "division_code", "name_stem"),
    Index("ix_registrations_name_trade", "division_code", "name_class", "name_trade"),
    Index("ix_registrations_name_pinyin", "division_code", "name_class", "name_pinyin"),
    Index("ix_registrations_created", "created_at"),
)

# The registering authority's name register (enterprises and individual businesses registered elsewhere),
# loaded with `kiosk-backoffice import-names`; proposed names are compared with it and with registrations.
name_register = Table(
    "name_register", metadata,
    Column("division_code", String(6), primary_key=True),
    Column("name_key", String(200), primary_key=True),   # domain.names.normalise_name: one row per name
    Column("name", String(200), nullable=False),
    Column("trade", String(100), nullable=False),
    Column("industry", String(50), nullable=False),
    Column("industry_class", String(50), nullable=False),
    Column("trade_pinyin", String(400), nullable=False),
    Column("status", String(16), nullable=False),        # active / deregistered / renamed / revoked
    Column("status_date", Date),
    Index("ix_name_register_trade", "division_code", "industry_class", "trade"),
    Index("ix_name_register_pinyin", "division_code", "industry_class", "trade_pinyin"),
)

# Approved cases waiting for the provincial registration system to issue their credit code (backoffice.issuance).
upstream_outbox = Table(
    "upstream_outbox", metadata,
    Column("registration_id", String(32), ForeignKey("registrations.registration_id"), primary_key=True),
    Column("attempts", Integer, nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, index=True),
    Column("lease_until", DateTime(timezone=True)),     # a delivery in progress; expired: the worker died
    Column("last_error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# Serial behind the credit-code body on SQLite; PostgreSQL uses the sequence uscc_serial instead.
uscc_counter = Table(
    "uscc_counter", metadata,
    Column("id", Integer, primary_key=True),
    Column("next_serial", BigInteger, nullable=False),
)

evaluations = Table(
    "evaluations", metadata,
    Column("evaluation_id", String(32), primary_key=True),
    Column("registration_id", String(32), ForeignKey("registrations.registration_id"), nullable=False),
    Column("terminal_id", String(64), nullable=False),
    Column("stars", Integer, nullable=False),
    Column("level", String(8), nullable=False),
    Column("tags_json", Text, nullable=False),
    Column("comment_sealed", LargeBinary),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("indicators_json", Text),       # GB/T 39734 indicator → level
    Column("reasons_json", Text),          # standard 差评 reasons
    Column("supplementary", Boolean),      # added later within the window, not on the spot
    # One rating per registration: a second (or a concurrent duplicate) is refused.
    Index("uq_evaluations_registration_id", "registration_id", unique=True),
)

follow_ups = Table(
    "follow_ups", metadata,
    Column("follow_up_id", String(32), primary_key=True),
    Column("evaluation_id", String(32), ForeignKey("evaluations.evaluation_id"), nullable=False, unique=True),
    Column("registration_id", String(32), nullable=False),
    Column("state", String(16), nullable=False, index=True),
    Column("owner", String(64)),
    Column("due_date", Date, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
)

follow_up_events = Table(
    "follow_up_events", metadata,
    Column("event_id", Integer, primary_key=True, autoincrement=True),
    Column("follow_up_id", String(32), ForeignKey("follow_ups.follow_up_id"), nullable=False, index=True),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("actor", String(64), nullable=False),
    Column("state", String(16), nullable=False),
    Column("note", Text, nullable=False),
)

terminal_status = Table(
    "terminal_status", metadata,
    Column("terminal_id", String(64), ForeignKey("terminals.terminal_id"), primary_key=True),
    Column("seen_at", DateTime(timezone=True), nullable=False),
    Column("queue_depth", Integer, nullable=False),
    Column("devices_json", Text, nullable=False),
    Column("versions_json", Text, nullable=False),
)

# Calls for staff from a terminal (呼叫工作人员), shown on /staff/terminals while recent (dashboards.ALERT_SHOWN_FOR).
terminal_alerts = Table(
    "terminal_alerts", metadata,
    Column("alert_id", Integer, primary_key=True, autoincrement=True),
    Column("terminal_id", String(64), ForeignKey("terminals.terminal_id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("detail_json", Text, nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False),
    Index("ix_terminal_alerts_raised", "raised_at"),
)

# --- Staff web pages (backoffice.staff, backoffice.review, backoffice.audit, backoffice.enrolment) ---

staff_users = Table(
    "staff_users", metadata,
    Column("username", String(64), primary_key=True),
    Column("role", String(16), nullable=False),              # reviewer / manager
    Column("password_hash", String(255), nullable=False),    # scrypt$n$r$p$salt$hash
    Column("active", Boolean, nullable=False, default=True),
    Column("failed_logins", Integer, nullable=False, default=0),   # in a row; counted before the hash
    Column("next_login_at", BigInteger),   # Unix milliseconds before which no password is checked
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# The districts (county codes) a staff member works for: cases, images, ratings and terminals of other
# districts do not exist for them.
staff_divisions = Table(
    "staff_divisions", metadata,
    Column("username", String(64), ForeignKey("staff_users.username"), primary_key=True),
    Column("division_code", String(6), primary_key=True),
)

# Server-side sessions: the cookie carries only a random id (HMAC-signed); the row can be revoked.
staff_sessions = Table(
    "staff_sessions", metadata,
    Column("session_hash", String(64), primary_key=True),    # SHA-256 of the session id
    Column("username", String(64), ForeignKey("staff_users.username"), nullable=False, index=True),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
)

# Who did what, when, to which case. No personal data: cases are named by id only.
audit_log = Table(
    "audit_log", metadata,
    Column("audit_id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, index=True),
    Column("actor", String(64), nullable=False),
    Column("action", String(32), nullable=False),
    Column("registration_id", String(32), index=True),
    Column("target", String(64)),
    Column("detail", Text, nullable=False),
    Column("client", String(64)),
)

# A person's decision on a case: approved / rejected after manual review, or confirmed (a machine approval
# a manager confirmed in a batch). Keeps the machine's reasons, which the resident-facing reasons replace.
staff_decisions = Table(
    "staff_decisions", metadata,
    Column("registration_id", String(32), ForeignKey("registrations.registration_id"), primary_key=True),
    Column("decision", String(16), nullable=False),
    Column("decided_by", String(64), nullable=False),
    Column("decided_at", DateTime(timezone=True), nullable=False),
    Column("reason", Text),
    Column("machine_reasons_json", Text, nullable=False),
)

# One-time terminal enrolment codes; only a hash is stored.
enrolment_codes = Table(
    "enrolment_codes", metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("terminal_id", String(64), nullable=False),
    Column("division_code", String(6), nullable=False),
    Column("created_by", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("used_at", DateTime(timezone=True)),
)
