"""The back office's secrets: the data key that seals personal data at rest and the license signing key.

They live in a key file (JSON, mode 0600) outside the database, so a copy of the database alone reveals no
personal data and cannot forge licenses. Every process serving one database must use the same key file.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.engine import make_url

from backoffice.db import normalise_url
from domain.license_signing import new_private_key_pem, private_key_pem_from_seed, public_key_pem

_NONCE = 12


@dataclass(frozen=True)
class KeyRing:
    data_key: bytes
    license_private_pem: bytes

    @property
    def license_public_pem(self) -> bytes:
        return public_key_pem(self.license_private_pem)

    @functools.cached_property
    def apply_private_pem(self) -> bytes:
        """Signs the public /apply page's QR codes: derived from the data key, so it needs no new entry in
        the key file, every process derives the same one, and it is never the license key."""
        seed = hmac.new(self.data_key, b"apply-qr-signing-key-v1", hashlib.sha256).digest()
        return private_key_pem_from_seed(seed)

    @property
    def apply_public_pem(self) -> bytes:
        return public_key_pem(self.apply_private_pem)

    def seal(self, plain: bytes) -> bytes:
        nonce = os.urandom(_NONCE)
        return nonce + AESGCM(self.data_key).encrypt(nonce, plain, None)

    def open(self, sealed: bytes) -> bytes:
        return AESGCM(self.data_key).decrypt(sealed[:_NONCE], sealed[_NONCE:], None)

    def applicant_key(self, id_number: str) -> str:
        """A keyed hash of an ID number: finds repeat applicants without storing the number in clear."""
        return hmac.new(self.data_key, b"applicant:" + id_number.upper().encode(), hashlib.sha256).hexdigest()

    @classmethod
    def load_or_create(cls, path: Path) -> KeyRing:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            ring = cls(secrets.token_bytes(32), new_private_key_pem())
            doc = {"data_key": base64.b64encode(ring.data_key).decode(),
                   "license_private_pem": ring.license_private_pem.decode()}
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as f:
                json.dump(doc, f)
                f.flush()
                os.fsync(f.fileno())
            try:
                os.link(tmp, path)   # fails if another process created it first: theirs wins
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        doc = json.loads(path.read_text())
        return cls(base64.b64decode(doc["data_key"]), doc["license_private_pem"].encode())


def default_key_path(db: str) -> Path:
    """Next to a SQLite file; for a server database, $KIOSK_BACKOFFICE_KEYS or ./backoffice.keys."""
    env = os.environ.get("KIOSK_BACKOFFICE_KEYS")
    if env:
        return Path(env)
    url = make_url(normalise_url(db))
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return Path(url.database + ".keys")
    return Path("backoffice.keys")
