"""Queue encryption at rest: one random 256-bit key per terminal in a 0600 file, AES-256-GCM per payload.

Personal data (the application body, its attachments) only ever reaches SQLite as AES-GCM ciphertext bound
to its row's idempotency key (associated data), so a swapped or damaged blob fails authentication instead of
decrypting into someone else's application. A separate HMAC key makes keyed hashes (e.g. of an ID number)
for finding a returning resident's result without storing the number.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import stat
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from offline_queue.errors import QueueCorrupt, QueueKeyError
from offline_queue.files import fsync_directory

KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16


def load_or_create_key(key_file: Path) -> bytes:
    """The terminal's queue key; created (0600, atomically) when the file does not exist yet."""
    if not key_file.exists():
        _create_key_file(key_file)
    try:
        st = key_file.stat()
        text = key_file.read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise QueueKeyError(f"queue key file {key_file} unreadable: {type(exc).__name__}") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise QueueKeyError(f"queue key file {key_file} is accessible by other users "
                            f"(mode {stat.S_IMODE(st.st_mode):o}); run chmod 600 on it")
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) != KEY_BYTES:
        raise QueueKeyError(f"queue key file {key_file} does not hold a {KEY_BYTES}-byte hex key")
    return key


def _create_key_file(key_file: Path) -> None:
    # Write a temp file, fsync, then link it into place: a crash never leaves a short key file behind,
    # and link() fails instead of overwriting if another process created the key meanwhile.
    key_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = key_file.with_name(f".{key_file.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, (secrets.token_bytes(KEY_BYTES).hex() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, key_file)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    fsync_directory(key_file.parent)


class Sealer:
    """AES-256-GCM sealing and keyed hashing, both derived from the terminal's queue key."""

    def __init__(self, master_key: bytes) -> None:
        derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=None,
                       info=b"kiosk offline queue v1").derive(master_key)
        self._aead = AESGCM(derived[:32])
        self._mac_key = derived[32:]

    def seal(self, plaintext: bytes, aad: str) -> bytearray:
        """nonce ‖ ciphertext ‖ tag, encrypted straight into place behind the nonce: concatenating would copy
        a 130 KB submission once more while the resident waits."""
        nonce = secrets.token_bytes(NONCE_BYTES)
        sealed = bytearray(NONCE_BYTES + len(plaintext) + TAG_BYTES)
        sealed[:NONCE_BYTES] = nonce
        self._aead.encrypt_into(nonce, plaintext, aad.encode(), memoryview(sealed)[NONCE_BYTES:])
        return sealed

    def open(self, blob: bytes, aad: str) -> bytes:
        try:
            return self._aead.decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad.encode())
        except (InvalidTag, ValueError):
            raise QueueCorrupt(f"queue entry {aad} failed authentication (damaged or wrong key)") from None

    def keyed_hash(self, text: str) -> str:
        return hmac.new(self._mac_key, text.encode(), hashlib.sha256).hexdigest()

    def check_value(self) -> str:
        """Stored in the database so that opening it with a different key fails loudly, not row by row."""
        return self.keyed_hash("kiosk-queue-key-check")[:16]
