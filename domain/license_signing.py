"""Data signed by the back office (Ed25519): license data, verified by the terminal before anything is printed,
and pre-filled applications (the /apply QR codes).

The back office holds the private keys; terminals hold the public keys. The signature covers a canonical JSON
encoding of the payload's kind and fields, so any change to what would be printed breaks it, and a payload of
one kind never verifies as the other even under the same key. The back office also uses a separate key per
kind (backoffice.keys), so the public /apply page cannot be made to sign anything a terminal would print.
"""

from __future__ import annotations

import base64
import functools
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


class LicenseSignatureError(ValueError):
    """The data was not signed by a trusted back office key for its kind; it must not be used."""


KIND_LICENSE = "license"
KIND_APPLY = "apply"


def canonical(fields: dict[str, Any]) -> bytes:
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def new_private_key_pem() -> bytes:
    return Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


@functools.lru_cache(maxsize=8)
def _private_key(private_pem: bytes) -> Ed25519PrivateKey:
    """Parsed once per key: every approval signs, and PEM parsing costs more than the signature."""
    key = serialization.load_pem_private_key(private_pem, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("license key is not an Ed25519 private key")
    return key


@functools.lru_cache(maxsize=8)
def _public_key(public_pem: bytes) -> Ed25519PublicKey:
    key = serialization.load_pem_public_key(public_pem)
    if not isinstance(key, Ed25519PublicKey):
        raise LicenseSignatureError("license key is not an Ed25519 public key")
    return key


def public_key_pem(private_pem: bytes) -> bytes:
    key = _private_key(private_pem)
    return key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def private_key_pem_from_seed(seed: bytes) -> bytes:
    """A deterministic Ed25519 key from 32 secret bytes (backoffice.keys derives the /apply key this way)."""
    return Ed25519PrivateKey.from_private_bytes(seed).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def sign_payload(kind: str, fields: dict[str, Any], private_pem: bytes) -> dict[str, Any]:
    signature = _private_key(private_pem).sign(canonical({"kind": kind, "fields": fields}))
    return {"kind": kind, "fields": fields, "signature": base64.b64encode(signature).decode("ascii")}


def verify_payload(kind: str, signed: dict[str, Any], public_pem: bytes) -> dict[str, Any]:
    """The fields, once the payload is of this kind and its signature checks out; LicenseSignatureError
    otherwise."""
    try:
        if signed["kind"] != kind:
            raise ValueError(f"a {signed['kind']!r} payload where {kind!r} was expected")
        fields, sig = signed["fields"], base64.b64decode(signed["signature"], validate=True)
        _public_key(public_pem).verify(sig, canonical({"kind": kind, "fields": fields}))
    except (KeyError, TypeError, ValueError, InvalidSignature) as exc:
        raise LicenseSignatureError(f"{kind} signature invalid: {type(exc).__name__}") from None
    return fields


def sign_license(fields: dict[str, Any], private_pem: bytes) -> dict[str, Any]:
    return sign_payload(KIND_LICENSE, fields, private_pem)


def verify_license(signed: dict[str, Any], public_pem: bytes) -> dict[str, Any]:
    """The license fields, once the signature checks out; LicenseSignatureError otherwise."""
    return verify_payload(KIND_LICENSE, signed, public_pem)
